"""The explorer in headless chromium: data size, time to the first filtered list, time per filter change.

`measure_explorer(site_dir)` serves a built site on 127.0.0.1 and returns:

- `json_bytes`, `json_gzip_bytes`: explore.json as written, and gzip-compressed (level 6, as
  static hosts serve it);
- `ready_ms`: from navigation start to the first filtered list on screen, loading the explorer
  with a tag filter in the URL and an empty cache (median of `loads` page loads; the script marks
  `papernotes:explorer-ready` right after its first render);
- `filter_change_ms` / `filter_change_max_ms`: mean and worst time of one facet click, measured
  in the page with performance.now() around the click (the filter, the counts, the list render)
  and the layout it causes; the URL, which the explorer writes after the next paint, is not
  part of it;
- `text_change_ms`: the same for one edit of the words box.

    python benchmarks/explorer.py path/to/site
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from papernotes.loopback import headless_chromium, serve_folder

DATA = Path("assets/papernotes/explore.json")
READY_MARK = "papernotes:explorer-ready"
TIMEOUT_MS = 60_000

# One click in the page, timed there: the change handler runs synchronously inside click(),
# and reading offsetHeight makes the browser lay out the new list before the clock stops.
CLICK_TIMED = """box => {
  const start = performance.now();
  box.click();
  void document.body.offsetHeight;
  return performance.now() - start;
}"""
TYPE_TIMED = """(input, text) => {
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  void document.body.offsetHeight;
  return performance.now() - start;
}"""


def explorer_path(site_dir: Path) -> str:
    for candidate in ("explore/index.html", "explore.html"):
        if (site_dir / candidate).is_file():
            return candidate.removesuffix("index.html")
    raise FileNotFoundError(f"no explorer page in {site_dir} (explore/index.html)")


def busiest_tag(data: dict[str, Any]) -> str:
    """The tag on most papers: a filter that keeps a long list, the slow case."""
    counts = [0] * len(data["tags"])
    for row in data["papers"]:
        for tag in row[9]:
            counts[tag] += 1
    return data["tags"][max(range(len(counts)), key=counts.__getitem__)][0] if counts else ""


def measure_explorer(site_dir: Path, loads: int = 3, clicks: int = 24) -> dict[str, float]:
    """Figures of the explorer of the built site in `site_dir` (see the module docstring)."""
    site_dir = Path(site_dir)
    raw = (site_dir / DATA).read_bytes()
    data = json.loads(raw)
    page_path = explorer_path(site_dir)
    tag = busiest_tag(data)
    figures: dict[str, float] = {"json_bytes": float(len(raw)), "json_gzip_bytes": float(len(gzip.compress(raw, 6)))}

    with serve_folder(site_dir) as base, headless_chromium() as browser:
        ready = []
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # empty cache each time
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{base}{page_path}?tag={tag}")
            page.wait_for_selector("[data-pn-explorer][data-state=ready]")
            ready.append(page.evaluate(f"performance.getEntriesByName({READY_MARK!r})[0].startTime"))
            context.close()
        figures["ready_ms"] = statistics.median(ready)

        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{base}{page_path}")
        page.wait_for_selector("[data-pn-explorer][data-state=ready]")
        boxes = page.locator("[data-pn-facets] input[type=checkbox]")
        # Spread over every facet: tags, venues, years, statuses, weeks; each ticked then cleared.
        total = boxes.count()
        picks = [boxes.nth(i * total // (clicks // 2)) for i in range(clicks // 2)] if total else []
        times = [box.evaluate(CLICK_TIMED) for box in picks for _ in range(2)]
        figures["filter_change_ms"] = statistics.fmean(times) if times else float("nan")
        figures["filter_change_max_ms"] = max(times) if times else float("nan")
        query = page.locator("[data-pn-query]")
        words = ["n", "ne", "net", "netw", "network", "network l", "network le", ""]
        typed = [query.evaluate(TYPE_TIMED, word) for word in words]
        figures["text_change_ms"] = statistics.fmean(typed)
        context.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path, help="a built site (mkdocs build) with the explorer")
    args = parser.parse_args(argv)
    for key, value in measure_explorer(args.site_dir).items():
        print(f"{key:22} {value:12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
