"""End to end in headless chromium: the explorer and Material's search on the built sample site.

The repository's own knowledge base (mkdocs.yml, papers.yaml, notes/) is built once into
tmp_path under a sub-path (/kb/) and served from 127.0.0.1; every expectation is computed from
papers.yaml and the notes' front matter read here, not from the built output.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import REPO
from papernotes.loopback import CHROMIUM, serve_folder

SUB_PATH = "kb"
WAIT_MS = 30_000  # generous: two shared cores, first search loads and indexes the whole site

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(sync_playwright is None, reason="python playwright is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)"),
    pytest.mark.skipif(not (REPO / "papers.yaml").is_file(), reason="the sample knowledge base (papers.yaml) is missing"),
]


# ---------------------------------------------------------------- what the sample holds


def sample_papers() -> list[dict[str, Any]]:
    data = yaml.safe_load((REPO / "papers.yaml").read_text(encoding="utf-8"))
    canonical = {}
    for name, entry in (data.get("venues") or {}).items():
        canonical[name] = name
        for alias in (entry or {}).get("aliases", []):
            canonical[alias] = name
    papers = data["papers"]
    for paper in papers:
        if paper.get("venue"):
            paper["venue"] = canonical.get(paper["venue"], paper["venue"])
    return papers


def has_tag(tags: list[str], tag: str) -> bool:
    """A paper tagged 'loc/seg' has 'loc/seg' and, for the explorer, its parent 'loc'."""
    return any(t == tag or t.startswith(tag + "/") for t in tags)


def ids_where(**wanted: Any) -> set[str]:
    """Papers matching every facet given (a tuple of values means any of them)."""
    found = set()
    for paper in sample_papers():
        ok = True
        for facet, values in wanted.items():
            values = values if isinstance(values, tuple) else (values,)
            if facet == "tag":
                ok = ok and any(has_tag(paper.get("tags", []), v) for v in values)
            else:
                ok = ok and paper.get(facet) in values
        if ok:
            found.add(paper["id"])
    return found


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def pages_tagged(tag: str) -> set[str]:
    """Site paths of the pages tagged `tag` or a tag below it, from papers.yaml and front matter."""
    docs_dir = re.search(r"^docs_dir:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    docs = REPO / (docs_dir.group(1) if docs_dir else "docs")
    pages = {f"papers/{p['id']}/" for p in sample_papers() if has_tag(p.get("tags", []), tag)}
    for path in docs.rglob("*.md"):
        meta = front_matter(path)
        if not has_tag(meta.get("tags") or [], tag):
            continue
        if meta.get("paper"):
            pages.add(f"papers/{meta['paper']}/")
        else:
            rel = path.relative_to(docs).with_suffix("").as_posix()
            pages.add(rel[: -len("index")] if rel.endswith("index") else rel + "/")
    return pages


# ---------------------------------------------------------------- site, server, browser


def build_sample(out: Path, instant_at: str | None = None, search: str | None = None) -> None:
    """The sample as `mkdocs build` builds it, into `out`; `instant_at`: with Material's instant
    navigation, for a site served at that URL (Material follows links it finds in the sitemap,
    which must name the same host and port); `search`: the plugin's `search` option."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(out))
    if instant_at:
        config.theme["features"] = [*config.theme["features"], "navigation.instant"]
        config.site_url = instant_at
    if search:
        config.plugins["papernotes"].config["search"] = search
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`folder` on 127.0.0.1; yields the URL of its sub-path, where the site is."""
    with serve_folder(folder) as root:
        yield f"{root}{SUB_PATH}/"


@contextmanager
def serve_site(site_dir: Path) -> Iterator[str]:
    """A built site at the root of a throwaway folder, served below the sub-path."""
    www = site_dir.parent / "www"
    www.mkdir()
    (www / SUB_PATH).symlink_to(site_dir, target_is_directory=True)
    with serve(www) as url:
        yield url


@contextmanager
def phone_page(browser: Browser) -> Iterator[Page]:
    """A page on a 390 x 844 touch screen, in a browser context of its own, closed afterwards."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        yield page
    finally:
        context.close()


class Visit:
    """A fresh browser context with a page that records every request it makes."""

    def __init__(self, browser: Browser, base_url: str, width: int = 1280, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.base_url = base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open_explorer(self, query: str = "") -> None:
        self.page.goto(self.base_url + "explore/" + query)
        self.page.wait_for_selector("[data-pn-explorer][data-state=ready]")

    def result_ids(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all(
            "[data-pn-results] > li > a.pn-item__title", "links => links.map(a => a.href)"
        )
        return [urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]

    def box(self, facet: str, value: str):
        return self.page.locator(f'[data-pn-facets] input[name="{facet}"][value="{value}"]')

    def query_params(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def expect_query(self, expected: dict[str, list[str]]) -> None:
        """The explorer writes the URL just after it repaints: wait for it, then compare."""
        for _ in range(WAIT_MS // 50):
            if self.query_params() == expected:
                break
            self.page.wait_for_timeout(50)
        assert self.query_params() == expected

    def close(self) -> None:
        self.context.close()


# ---------------------------------------------------------------- the explorer


def test_choosing_a_tag_narrows_the_list_to_exactly_the_tagged_papers(visit: Visit) -> None:
    visit.open_explorer()
    total = len(sample_papers())
    assert sorted(visit.result_ids()) == sorted(p["id"] for p in sample_papers())
    assert visit.page.inner_text("[data-pn-count]") == f"All {total} papers"

    visit.box("tag", "loc/seg").check()
    expected = ids_where(tag="loc/seg")
    assert 0 < len(expected) < total
    assert sorted(visit.result_ids()) == sorted(expected)
    assert visit.page.inner_text("[data-pn-count]") == f"{len(expected)} of {total} papers"
    visit.expect_query({"tag": ["loc/seg"]})

    # A parent tag includes its children.
    visit.box("tag", "loc/seg").uncheck()
    visit.box("tag", "loc").check()
    parent = ids_where(tag="loc")
    assert expected < parent
    assert sorted(visit.result_ids()) == sorted(parent)


def test_two_facets_combine_and_counts_follow(visit: Visit) -> None:
    visit.open_explorer()
    visit.box("tag", "loc/seg").check()
    # Live counts: each venue's number is what choosing it would show.
    cvpr_count = visit.box("venue", "CVPR").locator("xpath=..").locator(".pn-facet__count").inner_text()
    expected = ids_where(tag="loc/seg", venue="CVPR")
    assert int(cvpr_count) == len(expected)

    visit.box("venue", "CVPR").check()
    assert expected and sorted(visit.result_ids()) == sorted(expected)
    visit.expect_query({"tag": ["loc/seg"], "venue": ["CVPR"]})

    # Two values of one facet: either.
    visit.box("venue", "ICCV").check()
    assert sorted(visit.result_ids()) == sorted(ids_where(tag="loc/seg", venue=("CVPR", "ICCV")))
    visit.page.click("details.pn-facet:first-child .pn-facet__more")  # the tags past the first dozen
    visit.box("tag", "uns/ssl").check()
    assert sorted(visit.result_ids()) == sorted(ids_where(tag=("loc/seg", "uns/ssl"), venue=("CVPR", "ICCV")))


def test_the_url_round_trips_the_state_and_back_restores_it(visit: Visit) -> None:
    visit.open_explorer("?tag=loc&venue=CVPR&sort=title")
    expected = ids_where(tag="loc", venue="CVPR")
    papers = {p["id"]: p for p in sample_papers()}
    assert len(expected) >= 2
    assert visit.box("tag", "loc").is_checked() and visit.box("venue", "CVPR").is_checked()
    assert visit.page.input_value("[data-pn-sort]") == "title"
    assert visit.result_ids() == sorted(expected, key=lambda i: papers[i]["title"].casefold())

    # A year some but not all of them share.
    years = [papers[i]["year"] for i in expected]
    year = min(set(years), key=years.count)
    assert years.count(year) < len(expected)
    visit.box("year", str(year)).check()
    visit.expect_query({"tag": ["loc"], "venue": ["CVPR"], "year": [str(year)], "sort": ["title"]})
    narrowed = visit.result_ids()
    assert set(narrowed) == {i for i in expected if papers[i]["year"] == year}

    visit.page.go_back()
    visit.page.wait_for_function("() => !new URLSearchParams(location.search).has('year')")
    assert not visit.box("year", str(year)).is_checked()
    assert visit.box("tag", "loc").is_checked()
    assert visit.result_ids() == sorted(expected, key=lambda i: papers[i]["title"].casefold())

    visit.page.go_forward()
    visit.page.wait_for_function("() => new URLSearchParams(location.search).has('year')")
    assert visit.box("year", str(year)).is_checked()
    assert visit.result_ids() == narrowed


def test_words_match_title_short_name_and_authors(visit: Visit) -> None:
    visit.open_explorer()
    visit.page.fill("[data-pn-query]", "kaiming")
    expected = {p["id"] for p in sample_papers() if any("kaiming" in a.lower() for a in p.get("authors", []))
                or "kaiming" in p["title"].lower() or "kaiming" in str(p.get("short", "")).lower()}
    assert expected and sorted(visit.result_ids()) == sorted(expected)
    visit.expect_query({"text": ["kaiming"]})

    visit.open_explorer("?text=kaiming")  # a shared link: same words, same list; Material's search stays shut
    assert visit.page.input_value("[data-pn-query]") == "kaiming"
    assert sorted(visit.result_ids()) == sorted(expected)
    assert visit.page.evaluate("document.querySelector('[data-md-toggle=search]').checked") is False


def test_a_tag_chip_on_a_paper_page_opens_the_filtered_explorer(visit: Visit) -> None:
    visit.page.goto(visit.base_url + "papers/unet/")
    visit.page.click(".pn-paper__tags a.pn-filter")
    visit.page.wait_for_selector("[data-pn-explorer][data-state=ready]")
    unet_tags = next(p for p in sample_papers() if p["id"] == "unet")["tags"]
    assert sorted(visit.result_ids()) == sorted(ids_where(tag=tuple(unet_tags)))
    assert all(visit.box("tag", tag).is_checked() for tag in unet_tags)


def test_facets_work_with_the_keyboard_alone(visit: Visit) -> None:
    visit.open_explorer()
    page = visit.page
    first_tag = page.locator("[data-pn-facets] input[name=tag]").first
    key = first_tag.get_attribute("value")
    for _ in range(120):  # Tab through the header and the nav to the first facet
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'tag'"):
            break
    assert page.evaluate("document.activeElement.value") == key
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused checkbox shows a focus ring"

    page.keyboard.press("Space")
    expected = ids_where(tag=key)
    assert first_tag.is_checked()
    assert sorted(visit.result_ids()) == sorted(expected)
    count = page.locator("[data-pn-count]")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == f"{len(expected)} of {len(sample_papers())} papers"

    # The chosen filter is also a button above the list; Enter on it removes the filter.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-pn-active] button')"):
            break
    page.keyboard.press("Enter")
    assert not first_tag.is_checked()
    assert len(visit.result_ids()) == len(sample_papers())


def test_a_390px_screen_folds_the_facets_above_the_list_without_horizontal_scroll(browser: Browser, base_url: str) -> None:
    narrow = Visit(browser, base_url, width=390, height=844)
    try:
        narrow.open_explorer("?tag=loc&sort=title")
        page = narrow.page
        overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert page.evaluate(overflow) <= 0
        filters = page.locator("[data-pn-filters]")
        assert filters.evaluate("details => details.open") is False
        assert filters.bounding_box()["y"] < page.locator("[data-pn-results]").bounding_box()["y"]  # type: ignore[index]
        page.click("[data-pn-filters] > summary")
        assert narrow.box("tag", "loc").is_visible()
        assert page.evaluate(overflow) <= 0
        assert not narrow.errors
    finally:
        narrow.close()


def test_long_lists_show_more_and_user_text_stays_text(browser: Browser, tmp_path: Path) -> None:
    """A knowledge base of 250 papers, one of them with markup in every text field."""
    from conftest import build_site, write_project

    records = [
        f"  - {{id: p{i:03d}, title: Paper {i:03d}, year: {2000 + i % 20}, tags: [{'a' if i % 2 else 'b'}], "
        f"read: 2020-{1 + i % 12:02d}-{1 + i % 28:02d}}}"
        for i in range(249)
    ]
    records.append(
        "  - id: evil\n"
        "    title: \"<img src=x onerror=window.__owned=1> & <b>bold</b>\"\n"
        "    short: \"<script>window.__owned=2</script>\"\n"
        "    authors: [\"<i onmouseover=window.__owned=3>Eve</i>\"]\n"
        "    tags: [a]"
    )
    site = build_site(write_project(tmp_path / "kb", "papers:\n" + "\n".join(records) + "\n"))
    with serve_site(site) as base_url:
        visit = Visit(browser, base_url)
        try:
            page = visit.page
            # Dozens of reading weeks: their group starts folded, unless the URL chooses one.
            visit.open_explorer("?week=2019-12-30")
            week_group = page.locator("details.pn-facet").nth(4)
            assert week_group.evaluate("group => group.open") is True
            assert visit.box("week", "2019-12-30").is_visible() and visit.box("week", "2019-12-30").is_checked()
            read = page.eval_on_selector_all("[data-pn-results] .pn-read", "dates => dates.map(d => d.textContent)")
            assert read and all("2020-01-01" <= day <= "2020-01-05" for day in read)

            visit.open_explorer()
            assert week_group.evaluate("group => group.open") is False
            more = page.locator("[data-pn-more]")
            assert len(visit.result_ids()) == 100
            assert more.inner_text() == "Show 100 more (150 not shown)"
            more.click()
            assert len(visit.result_ids()) == 200
            more.click()
            assert len(visit.result_ids()) == 250 and more.is_hidden()

            visit.box("tag", "a").check()  # a new filter starts again at the first 100
            assert len(visit.result_ids()) == 100
            page.fill("[data-pn-query]", "bold")
            assert visit.result_ids() == ["evil"]
            item = page.locator("[data-pn-results] > li").first
            # List entries skip rendering while off screen (content-visibility): bring it into
            # view, as a reader would, before reading its rendered text.
            item.scroll_into_view_if_needed()
            expect(item.locator("a.pn-item__title")).to_have_text("<img src=x onerror=window.__owned=1> & <b>bold</b>")
            expect(item.locator(".pn-short")).to_have_text("<script>window.__owned=2</script>")
            assert item.locator("img, script, b, i").count() == 0
            item.locator(".pn-item__authors").hover()
            assert page.evaluate("window.__owned") is None
            assert not visit.errors
        finally:
            visit.close()


# ---------------------------------------------------------------- Material's search


def search(page: Page, query: str) -> tuple[int, set[str]]:
    """Type `query` into Material's search box; the number of matching pages and their paths."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("")
    page.keyboard.press("End")
    # Wait for the previous query's results to go, so they are not mistaken for this one's.
    page.wait_for_function(
        "() => !/matching/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    page.keyboard.insert_text(query)  # insert_text, since keyboard.type cannot type CJK
    page.keyboard.press("End")  # a key event makes the search run at once
    page.wait_for_function(
        "() => /matching|No matching/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    meta = page.inner_text(".md-search-result__meta")
    count = 0 if meta.startswith("No") else int(re.match(r"(\d+)", meta).group(1))  # type: ignore[union-attr]
    hrefs = page.eval_on_selector_all(".md-search-result__list > li > a", "links => links.map(a => a.href)")
    root = urlsplit(page.url).path.split(f"/{SUB_PATH}/")[0] + f"/{SUB_PATH}/"
    paths = {urlsplit(href).path[len(root):] for href in hrefs}
    return count, paths


def test_tags_syntax_returns_only_pages_so_tagged(visit: Visit) -> None:
    visit.page.goto(visit.base_url)
    for tag in ("loc/seg", "med", "loc"):  # a child tag, a plain one, a parent with its children
        expected = pages_tagged(tag)
        count, found = search(visit.page, f"tags:{tag}")
        assert count == len(expected), (tag, found, expected)
        assert found and found <= expected, (tag, found - expected)
    assert pages_tagged("loc/seg") < pages_tagged("loc")


def test_a_chinese_query_finds_the_chinese_note(visit: Visit) -> None:
    visit.page.goto(visit.base_url)
    for query in ("跳跃连接", "医学图像分割"):
        _count, found = search(visit.page, query)
        assert "papers/unet/" in found, (query, found)


def test_a_tag_key_made_on_import_shows_its_description_in_the_explorer(browser: Browser, tmp_path: Path) -> None:
    """A tag written without Latin letters (tag-fa9823c2 for 通义万象) reads as its text in the
    facets and on the chips; the URL keeps the key. A record's remark shows and is searched."""
    from conftest import build_site, write_project

    papers = (
        "tags:\n  tag-fa9823c2: \"<b>通义万象</b>\"\n  net: Networks\n"
        "papers:\n  - {id: wan, title: Wan, tags: [tag-fa9823c2, net], remark: open video generation}\n"
        "  - {id: resnet, title: ResNet, tags: [net]}\n"
    )
    site = build_site(write_project(tmp_path / "kb", papers))
    with serve_site(site) as base_url:
        visit = Visit(browser, base_url)
        try:
            page = visit.page
            visit.open_explorer()
            label = page.locator('[data-pn-facets] label:has(input[name="tag"][value="tag-fa9823c2"])')
            expect(label).to_contain_text("<b>通义万象</b>")
            chips = page.locator('[data-pn-results] > li:has(a[href*="wan"]) .pn-tag')
            expect(chips).to_have_text(["<b>通义万象</b>", "Networks"])  # every chip says the tag's name
            assert page.locator("[data-pn-results] b").count() == 0
            # the remark shows beside the entry and the words find it
            expect(page.locator('[data-pn-results] > li:has(a[href*="wan"]) .pn-remark')).to_have_text("open video generation")
            page.fill("[data-pn-query]", "video gen")
            expect(page.locator("[data-pn-results] > li")).to_have_count(1)
            assert visit.result_ids() == ["wan"]
            page.fill("[data-pn-query]", "")
            expect(page.locator("[data-pn-results] > li")).to_have_count(2)
            chips.first.click()
            visit.expect_query({"tag": ["tag-fa9823c2"]})
            assert visit.result_ids() == ["wan"]
            assert not visit.errors
        finally:
            visit.close()


def test_without_its_data_the_explorer_says_so_and_keeps_the_list(visit: Visit) -> None:
    visit.page.route("**/explore.json*", lambda route: route.fulfill(status=404, body="not found"))
    visit.page.goto(visit.base_url + "explore/")
    visit.page.wait_for_selector("[data-pn-explorer][data-state=failed]")
    total = len(sample_papers())
    assert visit.page.inner_text("[data-pn-count]").startswith("Filters are off: could not load the explorer's data (HTTP 404).")
    assert f"All {total} papers are listed below" in visit.page.inner_text("[data-pn-count]")
    assert len(visit.result_ids()) == total
    assert visit.page.locator("[data-pn-controls]").is_hidden()


def test_with_instant_navigation_the_explorer_starts_and_restores(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> None:
    www = tmp_path_factory.mktemp("www-instant")
    with serve(www) as base_url:
        build_sample(www / SUB_PATH, instant_at=base_url)
        visit = Visit(browser, base_url)
        try:
            page = visit.page
            page.goto(base_url)
            page.wait_for_function("() => typeof window.document$ !== 'undefined'")
            page.evaluate("window.__sameDocument = true")  # gone if a link loads a new document
            page.click(".md-tabs a:has-text('Explore')")
            page.wait_for_selector("[data-pn-explorer][data-state=ready]")
            assert page.evaluate("window.__sameDocument") is True
            assert page.evaluate("getComputedStyle(document.querySelector('.pn-explorer__layout')).display") == "grid"
            visit.box("tag", "loc/seg").check()
            visit.expect_query({"tag": ["loc/seg"]})
            assert sorted(visit.result_ids()) == sorted(ids_where(tag="loc/seg"))

            page.click("[data-pn-results] > li:first-child a.pn-item__title")
            page.wait_for_selector(".pn-paper__title")
            page.go_back()
            page.wait_for_selector("[data-pn-explorer][data-state=ready]")
            assert visit.box("tag", "loc/seg").is_checked()
            assert sorted(visit.result_ids()) == sorted(ids_where(tag="loc/seg"))
            page.go_back()
            page.wait_for_function("() => location.search === ''")
            page.wait_for_function("() => !document.querySelector('input[name=tag][value=\"loc/seg\"]').checked")
            assert len(visit.result_ids()) == len(sample_papers())
            assert page.evaluate("window.__sameDocument") is True
            assert not visit.errors
        finally:
            visit.close()


# ---------------------------------------------------------------- stats and feed


def test_every_page_links_the_feed_and_the_feed_is_served(visit: Visit) -> None:
    import feedparser

    page = visit.page
    for path in ("", "papers/resnet/", "stats/", "topics/segmentation/"):
        page.goto(visit.base_url + path)
        link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
        assert link.count() == 1, path
        href = link.evaluate("element => element.href")
        assert href == visit.base_url + "feed.xml"
    response = page.request.get(visit.base_url + "feed.xml")
    parsed = feedparser.parse(response.body(), response_headers={"content-location": visit.base_url + "feed.xml", "content-type": "application/atom+xml"})
    assert parsed.bozo == 0 and parsed.entries
    newest = max((p for p in sample_papers() if p.get("read") and p.get("status", "read") == "read"), key=lambda p: (p["read"], p["title"]))
    assert parsed.entries[0].link == visit.base_url + f"papers/{newest['id']}/"


def test_a_week_bar_of_the_stats_page_opens_its_week(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.base_url + "stats/")
    bar = page.locator("#chart-weeks svg a").first
    title = bar.locator("title").text_content() or ""
    monday = re.search(r"\((\d{4}-\d\d-\d\d)\)", title)
    assert monday, title
    bar.click()
    page.wait_for_url(visit.base_url + f"weeks/{monday.group(1)}/")
    assert page.locator("article h1").first.text_content().startswith("Week ")  # type: ignore[union-attr]


# ---------------------------------------------------------------- privacy


def test_no_request_leaves_127_0_0_1(visit: Visit) -> None:
    page = visit.page
    visit.open_explorer("?tag=loc")
    page.goto(visit.base_url)
    search(page, "resnet")
    for path in ("papers/unet/", "papers/resnet/", "tags/loc/seg/", "weeks/", "guide/search/"):
        page.goto(visit.base_url + path)
        page.wait_for_load_state("load")
    hosts = {urlsplit(url).hostname for url in visit.requests if not url.startswith(("data:", "blob:"))}
    assert len(visit.requests) > 10
    assert hosts == {"127.0.0.1"}, sorted(url for url in visit.requests if urlsplit(url).hostname != "127.0.0.1")
