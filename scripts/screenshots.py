"""Screenshots of built pages in headless chromium, as a reader sees them.

    python scripts/screenshots.py --site site --out shots papers/resnet/ weeks/2020-07-06/ tags/net/
    python scripts/screenshots.py --site site --out shots --hover "a.pn-ref" topics/segmentation/

Serves the built site on 127.0.0.1, opens each page (light and dark palette, desktop and
390 px wide) and writes PNGs. Every request that leaves 127.0.0.1 is printed and fails the run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from papernotes.loopback import headless_chromium, serve_folder

if TYPE_CHECKING:
    from playwright.sync_api import Page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="+", help="site-relative URLs, e.g. papers/resnet/")
    parser.add_argument("--site", default="site", help="built site folder (mkdocs build)")
    parser.add_argument("--out", default="shots", help="folder for the PNGs")
    parser.add_argument("--hover", help="CSS selector of a link to rest the pointer on (desktop) or focus by keyboard (phone), "
                                        "to show its preview card")
    args = parser.parse_args(argv)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    leaks: list[str] = []
    with serve_folder(Path(args.site)) as base, headless_chromium() as browser:
        for scheme in ("light", "dark"):
            for width, label in ((1280, "desktop"), (390, "phone")):
                page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
                page.on(
                    "request",
                    lambda r: leaks.append(r.url)
                    if urlsplit(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:")
                    else None,
                )
                for url in args.pages:
                    page.goto(base + url.lstrip("/"), wait_until="networkidle")
                    name = url.strip("/").replace("/", "_") or "home"
                    if args.hover:
                        show_preview(page, args.hover, label == "desktop")
                        name += "-preview"
                    target = out / f"{name}-{label}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=label == "desktop" and not args.hover)
                    print(f"wrote {target}")
                page.close()
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
