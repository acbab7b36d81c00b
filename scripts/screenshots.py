"""Screenshots of built pages in headless chromium, as a reader sees them.

    python scripts/screenshots.py --site site --out shots              # one page of every kind
    python scripts/screenshots.py --site site --out shots papers/resnet/ weeks/2020-07-06/
    python scripts/screenshots.py --site site --out shots --hover "a.pn-ref" topics/segmentation/

Serves the built site on 127.0.0.1, opens each page (light and dark palette, desktop 1280 px and
phone 390 px wide) and writes PNGs: `<page>-<width>-<scheme>.png`, the whole page, and
`<page>-<width>-<scheme>-screen.png`, the first screen. Without pages it takes one page of every
kind the site has: home, reading log, a week, topics, a tag, conferences, a venue, years, a year,
the reading list, the explorer (also with a filter), the stats page, a paper with a note and one
without, and a topic note; a site of thousands of papers (the benchmark's) works the same.
With `--hover SELECTOR`, each page's first screen shows the preview card of the first link so
chosen (`<page>-<width>-<scheme>-preview.png`): hovered on a desktop, focused by keyboard on a phone.
Every request that leaves 127.0.0.1 is printed and fails the run.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from papernotes.loopback import headless_chromium, serve_folder

if TYPE_CHECKING:
    from playwright.sync_api import Page

WIDTHS = ((1280, "desktop"), (390, "phone"))
SCHEMES = ("light", "dark")
TALLEST = 16_000  # px of a whole-page shot; a longer page is cut there (its first screen is whole)


def first_page(site: Path, folder: str, skip: tuple[str, ...] = ()) -> str | None:
    """The first page below `folder` of the site (by name), as a site-relative URL."""
    root = site / folder
    if not root.is_dir():
        return None
    for index in sorted(root.glob("*/index.html")):
        name = index.parent.name
        if name not in skip:
            return f"{folder}/{name}/"
    return None


def every_kind(site: Path) -> list[str]:
    """One page of each kind the built site has."""
    pages = ["", "weeks/", "tags/", "venues/", "years/", "reading-list/", "explore/", "stats/"]
    pages = [page for page in pages if (site / page / "index.html").is_file()]
    for folder in ("weeks", "tags", "venues", "years"):
        found = first_page(site, folder)
        if found:
            pages.append(found)
    with_note = without_note = None
    for index in sorted((site / "papers").glob("*/index.html")):
        html = index.read_text(encoding="utf-8", errors="replace")
        has_note = 'class="pn-notes__title"' in html
        if has_note and with_note is None:
            with_note = f"papers/{index.parent.name}/"
        if not has_note and without_note is None:
            without_note = f"papers/{index.parent.name}/"
        if with_note and without_note:
            break
    pages += [page for page in (with_note, without_note) if page]
    topic = first_page(site, "topics")
    if topic:
        pages.append(topic)
    tag = first_page(site, "tags")
    if tag and (site / "explore" / "index.html").is_file():
        pages.append(f"explore/?tag={tag.split('/', 1)[1].rstrip('/')}")  # a filtered view, as a shared link opens it
    return pages


def shot_name(url: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", url.strip("/")).strip("_")
    return name or "home"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="site-relative URLs, e.g. papers/resnet/ (default: one of every kind)")
    parser.add_argument("--site", default="site", help="built site folder (mkdocs build)")
    parser.add_argument("--out", default="shots", help="folder for the PNGs")
    parser.add_argument("--hover", help="CSS selector of a link to rest the pointer on (desktop) or focus by keyboard (phone), "
                                        "to show its preview card")
    args = parser.parse_args(argv)

    site = Path(args.site)
    pages = args.pages or every_kind(site)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    leaks: list[str] = []
    with serve_folder(site) as base, headless_chromium() as browser:
        for scheme in SCHEMES:
            for width, label in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
                page = context.new_page()
                page.on(
                    "request",
                    lambda r: leaks.append(r.url)
                    if urlsplit(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:")
                    else None,
                )
                for url in pages:
                    page.goto(base + url.lstrip("/"), wait_until="networkidle", timeout=120_000)
                    if page.locator("[data-pn-explorer]").count():
                        page.wait_for_selector("[data-pn-explorer][data-state=ready], [data-pn-explorer][data-state=failed]",
                                               state="attached", timeout=120_000)
                    stem = out / f"{shot_name(url)}-{label}-{scheme}"
                    if args.hover:
                        show_preview(page, args.hover, label == "desktop")
                        page.screenshot(path=f"{stem}-preview.png")
                        print(f"wrote {stem.name}-preview.png")
                        continue
                    page.screenshot(path=f"{stem}-screen.png")
                    height = page.evaluate("document.documentElement.scrollHeight")
                    if height <= TALLEST:
                        page.screenshot(path=f"{stem}.png", full_page=True)
                    else:
                        page.screenshot(path=f"{stem}.png", clip={"x": 0, "y": 0, "width": width, "height": TALLEST},
                                        full_page=True)
                    print(f"wrote {stem}.png and {stem.name}-screen.png ({height} px tall)")
                context.close()
    for url in leaks:
        print(f"third-party request: {url}", file=sys.stderr)
    return 1 if leaks else 0


def show_preview(page: Page, selector: str, pointer: bool) -> None:
    """The preview card of the first link matching `selector`: hovered, or focused as Tab would."""
    link = page.locator(selector).first
    link.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")  # room above for the card to open below the link
    if pointer:
        link.hover()
    else:
        page.keyboard.press("Shift")  # the keyboard's focus, which shows a card; a tap shows none
        link.focus()
    page.wait_for_selector("#pn-preview:not([hidden])")


if __name__ == "__main__":
    raise SystemExit(main())
