"""Generated pages in headless chromium: the one-page reading log, the active tab, the explorer's
facets without scroll boxes. Expectations come from papers.yaml and mkdocs.yml, read here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import yaml

from conftest import REPO
from test_browser import Visit, sample_papers
from test_browser import pytestmark as browser_marks

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = browser_marks  # the same skips: no playwright, no chromium, no sample


def nav_title(src: str) -> str:
    """The title mkdocs.yml's nav gives the page at `src`."""
    # mkdocs.yml holds a python tag that safe_load refuses: read its nav alone.
    nav = yaml.safe_load("nav:" + (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1])["nav"]
    return next(title for entry in nav if isinstance(entry, dict) for title, target in entry.items() if target == src)


def sample_tags() -> set[str]:
    """Tags declared in papers.yaml or used by a paper, with the parents of child tags."""
    declared = yaml.safe_load((REPO / "papers.yaml").read_text(encoding="utf-8")).get("tags") or {}
    keys = set(declared) | {tag for paper in sample_papers() for tag in paper.get("tags", [])}
    return keys | {key.rsplit("/", 1)[0] for key in keys if "/" in key}


def test_the_reading_log_shows_every_read_paper_on_one_page(visit: Visit) -> None:
    visit.page.goto(visit.base_url + "weeks/")
    shown = visit.page.eval_on_selector_all("article [data-paper]", "items => items.map(i => i.dataset.paper)")
    logged = [p["id"] for p in sample_papers() if p.get("read")]
    assert sorted(shown) == sorted(logged)
    assert visit.page.locator("article [data-paper]").first.is_visible()  # unfolded, for find-in-page and print
    # Each week heading links to the week's own page, and the table of contents lists the weeks.
    first_week = visit.page.locator("article h2 a").first
    href = first_week.get_attribute("href")
    assert href and href.startswith("2020-")
    toc = visit.page.locator(".md-sidebar--secondary .md-nav__link")
    assert toc.count() >= len({p["read"] for p in sample_papers() if p.get("read")}) // 7


@pytest.mark.parametrize(
    ("path", "index"),
    [
        ("papers/unet/", "weeks/index.md"),  # a read paper: the reading log
        ("papers/efficientnet/", "reading-list/index.md"),  # to read: the reading list
        ("weeks/2020-07-06/", "weeks/index.md"),
        ("tags/loc/seg/", "tags/index.md"),
        ("venues/cvpr/", "venues/index.md"),
        ("years/2017/", "years/index.md"),
    ],
)
def test_a_page_outside_the_nav_activates_its_tab_and_hides_the_empty_sidebar(visit: Visit, path: str, index: str) -> None:
    visit.page.goto(visit.base_url + path)
    active = visit.page.locator(".md-tabs__item--active")
    assert active.count() == 1
    assert active.inner_text().strip() == nav_title(index)
    assert visit.page.locator(".md-sidebar--primary").is_hidden()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_explorer_facets_scroll_with_the_page(browser: Browser, base_url: str, width: int) -> None:
    visit = Visit(browser, base_url, width=width, height=800)
    try:
        page = visit.page
        visit.open_explorer()
        if width < 600:
            page.click("[data-pn-filters] > summary")
        # No element of the filters scrolls by itself: there is no box inside the page's scroll.
        scrollers = page.eval_on_selector_all(
            "[data-pn-filters], [data-pn-filters] *",
            """nodes => nodes.filter(n => {
                const style = getComputedStyle(n);
                return /(auto|scroll)/.test(style.overflowY) && n.scrollHeight > n.clientHeight;
            }).map(n => n.className)""",
        )
        assert scrollers == []
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        # A facet longer than a dozen values shows a dozen and a button for the rest.
        tags = page.locator("details.pn-facet").first
        boxes = tags.locator("input[type=checkbox]")
        total = len(sample_tags())
        assert boxes.count() == total > 12
        assert sum(1 for i in range(total) if boxes.nth(i).is_visible()) == 12
        more = tags.locator(".pn-facet__more")
        assert more.inner_text() == f"Show {total - 12} more"
        more.click()
        assert all(boxes.nth(i).is_visible() for i in range(total))
        assert more.inner_text() == "Show fewer"
        # A wheel over the facets scrolls the page.
        box = tags.bounding_box()
        assert box is not None
        before = page.evaluate("window.scrollY")
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 100))
        page.mouse.wheel(0, 300)
        page.wait_for_function(f"() => window.scrollY > {before}")
        assert not visit.errors
    finally:
        visit.close()
