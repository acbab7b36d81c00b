"""In headless chromium: the preview card of a link to a paper page, on an `[[id]]` link and a
list link, by mouse, by keyboard and (not) by touch, with user text kept as text.

The sample is built once below a sub-path and served from 127.0.0.1; what a card shows is read
from papers.yaml here (test_browser's helpers).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import urlsplit

from test_browser import SUB_PATH, WAIT_MS, Visit, build_sample, phone_page, pytestmark, sample_papers, serve, serve_site  # noqa: F401

with contextlib.suppress(ImportError):  # the test extra installs it; test_browser's marks skip without it
    from playwright.sync_api import Browser, Page, expect

CARD = "#pn-preview"


def paper(paper_id: str) -> dict:
    return next(p for p in sample_papers() if p["id"] == paper_id)


def expect_card_of(page: Page, paper_id: str) -> None:
    record = paper(paper_id)
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(card.locator(".pn-preview__title")).to_have_text(record["title"])
    facts = card.locator(".pn-preview__facts")
    if record.get("short"):
        expect(facts).to_contain_text(record["short"])
    if record.get("year"):
        expect(facts).to_contain_text(str(record["year"]))
    if record.get("remark"):
        expect(card.locator(".pn-preview__remark")).to_have_text(record["remark"])
    if record.get("abstract"):
        first_words = " ".join(record["abstract"].split()[:6])
        expect(card.locator(".pn-preview__abstract")).to_contain_text(first_words)


def test_hovering_a_reference_in_a_note_shows_its_paper_and_escape_closes_it(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.base_url + "topics/segmentation/")
    link = page.locator("article a.pn-ref[href$='papers/unet/']").first
    link.hover()
    expect_card_of(page, "unet")
    assert link.get_attribute("aria-describedby") == "pn-preview"
    box, card = link.bounding_box(), page.locator(CARD).bounding_box()
    assert box and card and card["y"] >= box["y"] + box["height"]  # below the link, not over it
    page.keyboard.press("Escape")
    expect(page.locator(CARD)).to_be_hidden()
    assert link.get_attribute("aria-describedby") is None
    hosts = {urlsplit(url).hostname for url in visit.requests}
    assert hosts == {"127.0.0.1"}
    assert any(url.endswith("assets/papernotes/previews/index.json") for url in visit.requests)


def test_hovering_a_list_entry_shows_its_paper_and_leaving_hides_it(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.base_url + "tags/loc/seg/")
    entry = page.locator("article li.pn-item").first
    paper_id = entry.get_attribute("data-paper")
    assert paper_id
    entry.locator("a.pn-item__title").hover()
    expect_card_of(page, paper_id)
    page.mouse.move(5, 5)
    expect(page.locator(CARD)).to_be_hidden()
    # the pointer can rest on the card: it stays while it is read
    entry.locator("a.pn-item__title").hover()
    expect(page.locator(CARD)).to_be_visible()
    page.locator(CARD).hover()
    page.wait_for_timeout(500)
    expect(page.locator(CARD)).to_be_visible()


def test_keyboard_focus_shows_the_card_and_moving_on_hides_it(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.base_url + "topics/segmentation/")
    page.locator("article h1").first.click()  # start the tab order in the article
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.pn-ref')"):
            break
    href = page.evaluate("document.activeElement.getAttribute('href')")
    paper_id = href.rstrip("/").rsplit("/", 1)[-1]
    expect_card_of(page, paper_id)
    page.keyboard.press("Escape")
    expect(page.locator(CARD)).to_be_hidden()
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.matches('a.pn-ref')"):
        expect(page.locator(CARD)).to_be_visible()
    else:
        expect(page.locator(CARD)).to_be_hidden()


def test_a_tap_follows_the_link_without_a_card(browser: Browser, base_url: str) -> None:
    with phone_page(browser) as page:
        page.goto(base_url + "topics/segmentation/")
        page.evaluate("""() => { window.__cards = 0;
            new MutationObserver(() => { const card = document.getElementById('pn-preview');
              if (card && !card.hidden) window.__cards++; }).observe(document.body, {subtree: true, childList: true, attributes: true}); }""")
        link = page.locator("article a.pn-ref[href$='papers/unet/']").first
        link.scroll_into_view_if_needed()
        page.evaluate("window.__sameDocument = true")
        link.tap()
        page.wait_for_url(base_url + "papers/unet/")
        assert page.evaluate("window.__sameDocument") is None  # a new page: the tap followed the link
        page.go_back()
        page.wait_for_url(base_url + "topics/segmentation/")
        # back on the note, the page that was left never showed a card (bfcache or reload alike)
        assert page.evaluate("window.__cards || 0") == 0
        assert page.locator(CARD).count() == 0 or page.locator(CARD).is_hidden()


def test_user_text_in_a_card_stays_text(browser: Browser, tmp_path: Path) -> None:
    from conftest import build_site, write_project

    papers = (
        "papers:\n"
        "  - id: evil\n"
        "    title: \"<img src=x onerror=window.__owned=1> & <b>bold</b>\"\n"
        "    short: \"<script>window.__owned=2</script>\"\n"
        "    authors: [\"<i onmouseover=window.__owned=3>Eve</i>\"]\n"
        "    remark: \"&lt;not an entity&gt;\"\n"
        "    abstract: \"<svg onload=window.__owned=4></svg> \"\n"
    )
    site = build_site(write_project(tmp_path / "kb", papers, {"index.md": "# Home\n\nSee [[evil]].\n"}))
    with serve_site(site) as base_url:
        visit = Visit(browser, base_url)
        try:
            page = visit.page
            page.goto(base_url)
            page.locator("article a.pn-ref").hover()
            card = page.locator(CARD)
            expect(card.locator(".pn-preview__title")).to_have_text("<img src=x onerror=window.__owned=1> & <b>bold</b>")
            expect(card.locator(".pn-preview__facts")).to_contain_text("<script>window.__owned=2</script>")
            expect(card.locator(".pn-preview__authors")).to_have_text("<i onmouseover=window.__owned=3>Eve</i>")
            expect(card.locator(".pn-preview__remark")).to_have_text("&lt;not an entity&gt;")
            assert card.locator("img, script, b, i, svg").count() == 0
            card.hover()
            assert page.evaluate("window.__owned") is None
            assert not visit.errors
        finally:
            visit.close()


def test_with_instant_navigation_a_page_swapped_in_gets_cards(browser: Browser, tmp_path_factory) -> None:
    www = tmp_path_factory.mktemp("www-instant")
    with serve(www) as base_url:
        build_sample(www / SUB_PATH, instant_at=base_url)
        visit = Visit(browser, base_url)
        try:
            page = visit.page
            page.goto(base_url)
            page.wait_for_function("() => typeof window.document$ !== 'undefined'")
            page.evaluate("window.__sameDocument = true")
            page.click(".md-tabs a:has-text('Reading list')")
            page.wait_for_url(base_url + "reading-list/")
            entry = page.locator("article li.pn-item").first
            entry.wait_for()
            assert page.evaluate("window.__sameDocument") is True  # swapped in, not loaded
            paper_id = entry.get_attribute("data-paper")
            entry.locator("a.pn-item__title").hover()
            expect_card_of(page, paper_id or "")
            entry.locator("a.pn-item__title").click()
            page.wait_for_selector(".pn-paper__title")
            expect(page.locator(CARD)).to_be_hidden()  # the card of the link followed is gone
            assert page.evaluate("window.__sameDocument") is True
            assert not visit.errors
        finally:
            visit.close()


def test_the_citation_graph_is_reached_by_keyboard_and_its_nodes_preview_and_open(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.base_url + "papers/fcn/")
    nodes = page.locator(".pn-graph a.pn-graph__node")
    assert nodes.count() >= 2
    first_href = nodes.first.get_attribute("href") or ""
    nodes.first.hover()
    expect_card_of(page, first_href.rstrip("/").rsplit("/", 1)[-1])
    page.mouse.move(5, 5)
    page.locator("#citation-graph").click()  # the tab order goes on from the graph's heading
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.pn-graph__node')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == first_href
    expect(page.locator(CARD)).to_be_visible()  # keyboard focus shows its card too
    page.keyboard.press("Enter")
    page.wait_for_url(visit.base_url + "papers/" + first_href.rstrip("/").rsplit("/", 1)[-1] + "/")
