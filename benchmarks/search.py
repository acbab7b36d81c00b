"""Search in headless chromium: how soon a reader who types a paper's title sees it first.

`measure_search(site_dir, query, expected)` serves a built site on 127.0.0.1 and, for each of
`loads` page loads with an empty cache, opens the home page, types `query` into Material's
search box and waits until the first result links to `expected` (a site path such as
`papers/x/`). It returns the median of:

- `first_result_ms`: from navigation start to that first right result (the page's clock);
- `bytes`: what the page and its workers had fetched by then (bodies and headers, as sent by a
  server that compresses nothing: Pagefind's pieces are compressed files, lunr's index is not);
- `search_bytes`: of those, what search fetched (its index, worker and scripts).

Material's lunr worker fetches and builds the whole index first; Pagefind's fetches the pieces
the query needs.

    python benchmarks/search.py path/to/site "A paper's title" papers/its-id/
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

from papernotes.loopback import headless_chromium, serve_folder

TIMEOUT_MS = 120_000
# What search itself fetches: lunr's index and worker, or Pagefind's script, wasm and pieces and our worker.
SEARCH_PARTS = ("/search/search_index.json", "/workers/search.", "/lunr/", "/pagefind/", "/search-worker.js")

# True once the first result links to the expected page; notes the time in the page's clock.
FIRST_IS = """expected => {
  const first = document.querySelector(".md-search-result__list > li > a");
  if (!first || !new URL(first.href).pathname.endsWith("/" + expected)) return false;
  window.__firstRight = window.__firstRight || performance.now();
  return true;
}"""


def measure_search(site_dir: Path, query: str, expected: str, loads: int = 3) -> dict[str, float]:
    times: list[float] = []
    fetched: list[int] = []
    searched: list[int] = []
    with serve_folder(Path(site_dir)) as base, headless_chromium() as browser:
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # empty cache each time
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            finished: list[Any] = []

            def keep(request: Any, into: list[Any] = finished) -> None:  # playwright needs a Python function
                into.append(request)

            page.on("requestfinished", keep)
            page.goto(base, wait_until="commit")
            box = page.locator("input[data-md-component=search-query]")
            box.click()
            page.keyboard.insert_text(query)
            page.keyboard.press("End")  # Material searches on keyup
            page.wait_for_function(FIRST_IS, arg=expected, polling=10)
            first_right = page.evaluate("window.__firstRight")
            shown_at = page.evaluate("performance.timeOrigin") + first_right  # epoch ms, as request timings
            times.append(first_right)
            total = search = 0
            for request in list(finished):
                timing = request.timing
                if timing["startTime"] + timing["responseEnd"] > shown_at:
                    continue  # fetched after the right result showed
                size = request.sizes()
                fetched_bytes = size["responseBodySize"] + size["responseHeadersSize"]
                total += fetched_bytes
                if any(part in request.url for part in SEARCH_PARTS):
                    search += fetched_bytes
            fetched.append(total)
            searched.append(search)
            context.close()
    return {
        "first_result_ms": statistics.median(times),
        "bytes": float(statistics.median(fetched)),
        "search_bytes": float(statistics.median(searched)),
    }


def ranked_first(page: Any, query: str) -> str:
    """Type `query` into the search box of the open page; the site path of the first result."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("")
    page.keyboard.press("End")
    page.wait_for_function("() => !/matching/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.wait_for_function("() => /matching|No matching/.test(document.querySelector('.md-search-result__meta').textContent)")
    first = page.eval_on_selector(".md-search-result__list > li > a", "a => a ? new URL(a.href).pathname : ''")
    return str(first or "")


def known_item_rate(site_dir: Path, queries: list[tuple[str, str]]) -> float:
    """The share of (query, expected site path) whose first result is the expected page, in one page."""
    hits = 0
    with serve_folder(Path(site_dir)) as base, headless_chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(base)
        for query, expected in queries:
            hits += ranked_first(page, query).endswith("/" + expected)
        page.close()
    return hits / len(queries) if queries else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("query")
    parser.add_argument("expected", help="the site path of the page that must come first, e.g. papers/x/")
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args(argv)
    figures = measure_search(args.site, args.query, args.expected, args.loads)
    print(f"first right result {figures['first_result_ms']:.0f} ms, {figures['bytes'] / 1024:,.0f} KB fetched, "
          f"{figures['search_bytes'] / 1024:,.0f} KB of them by search")
    return 0


if __name__ == "__main__":
    sys.exit(main())
