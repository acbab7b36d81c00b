"""Material's search box on the built sample, in headless chromium: known-item lookup, with
Material's lunr index and with the Pagefind index (`search: pagefind`) behind it.

A reader who knows the paper types its short name or its title and expects the paper's own page
first, as Cmd-F over the README they kept used to find it. Expectations come from papers.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from test_browser import SUB_PATH, WAIT_MS, Visit, build_sample, sample_papers, serve
from test_browser import pytestmark as browser_marks

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = browser_marks  # the same skips: no playwright, no chromium, no sample

# The share of known-item queries whose first result must be the paper's own page.
HIT_RATE = 0.95


@pytest.fixture(scope="module", params=["lunr", "pagefind"])
def base_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample built with each search behind Material's search box, served below /kb/."""
    www = tmp_path_factory.mktemp(f"www-{request.param}")
    build_sample(www / SUB_PATH, search=request.param)
    with serve(www) as url:
        yield url


@pytest.fixture(scope="module")
def visit(browser: Browser, base_url: str) -> Iterator[Visit]:
    """One page for every query: lunr's index is loaded and built once, Pagefind's pieces kept."""
    opened = Visit(browser, base_url)
    opened.page.goto(base_url)
    yield opened
    opened.close()
    assert not opened.errors, f"JavaScript errors: {opened.errors}"


@pytest.fixture(scope="module")
def page(visit: Visit) -> Page:
    return visit.page


def ranked(page: Page, query: str) -> list[str]:
    """Type `query` into Material's search box; the site paths of the results, best first,
    one per page (Material groups a page's sections under it)."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("")
    page.keyboard.press("End")
    page.wait_for_function("() => !/matching/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")  # Material searches on keyup
    page.wait_for_function(
        "() => /matching|No matching/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=WAIT_MS,
    )
    hrefs = page.eval_on_selector_all(".md-search-result__list > li > a", "links => links.map(a => a.href)")
    root = urlsplit(page.url).path.split(f"/{SUB_PATH}/")[0] + f"/{SUB_PATH}/"
    return list(dict.fromkeys(urlsplit(href).path[len(root):] for href in hrefs))  # a page, then its sections


def result_count(page: Page) -> int:
    meta = page.inner_text(".md-search-result__meta")
    return 0 if meta.startswith("No") else int(re.match(r"(\d+)", meta).group(1))  # type: ignore[union-attr]


def known_item_queries() -> list[tuple[str, str]]:
    """(query, expected page) for each paper: its short name where it has one, its title and its id."""
    queries = []
    for paper in sample_papers():
        expected = f"papers/{paper['id']}/"
        if paper.get("short"):
            queries.append((str(paper["short"]), expected))
        queries.append((str(paper["title"]), expected))
        queries.append((str(paper["id"]), expected))
    return queries


def test_a_papers_short_name_title_or_id_finds_its_page_first(page: Page) -> None:
    queries = known_item_queries()
    misses = []
    for query, expected in queries:
        results = ranked(page, query)
        if not results or results[0] != expected:
            misses.append(f"{query!r}: {results[:3]} (wanted {expected})")
    rate = 1 - len(misses) / len(queries)
    print(f"known-item hit rate: {len(queries) - len(misses)} of {len(queries)} = {rate:.1%}")
    assert rate >= HIT_RATE, f"{rate:.1%} of {len(queries)} queries found the paper first; misses:\n" + "\n".join(misses)


def test_a_page_found_by_its_name_and_by_its_words_is_listed_once(page: Page) -> None:
    """Pagefind's answer comes in two: the page named so, then every page with the words; the
    second must not list the first again."""
    title = next(str(p["title"]) for p in sample_papers() if p["id"] == "resnet")
    ranked(page, title)
    # the second answer: more results than the page named so (the title's words are in the guide)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__list > li').length > 1", timeout=WAIT_MS)
    page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all(".md-search-result__list > li > a", "links => links.map(a => a.href)")
    paths = [urlsplit(href).path for href in hrefs]
    assert paths[0].endswith("/papers/resnet/") and len(paths) == len(set(paths)), paths


def test_a_venue_and_year_finds_the_papers_of_that_venue_and_year_first(page: Page) -> None:
    expected = {f"papers/{p['id']}/" for p in sample_papers() if p.get("venue") == "CVPR" and p.get("year") == 2017}
    assert len(expected) >= 2
    results = ranked(page, "CVPR 2017")
    assert set(results[: len(expected)]) == expected, results[: len(expected) + 3]


def test_a_tags_query_lists_pages_without_more_on_this_page_links(page: Page) -> None:
    results = ranked(page, "tags:loc/seg")
    assert results
    assert all(path.startswith(("papers/", "topics/")) for path in results), results
    assert page.locator(".md-search-result__more").count() == 0


def test_a_chinese_query_finds_the_chinese_note(page: Page) -> None:
    for query in ("跳跃连接", "医学图像分割"):
        assert "papers/unet/" in ranked(page, query), query


def test_a_name_typed_without_its_accents_finds_the_page(page: Page, request: pytest.FixtureRequest) -> None:
    if request.node.callspec.params["base_url"] == "lunr":
        pytest.skip("Material's lunr matches a word only as it is written")
    for query in ("Seeböck", "seebock"):
        assert ranked(page, query)[:1] == ["papers/anogan/"], query


def test_no_request_leaves_the_site(visit: Visit) -> None:
    """Every query above and these were answered from files of the site: the index, its pieces,
    the worker, Pagefind's script and wasm are all served from 127.0.0.1."""
    for query in ("resnet", "tags:med", "跳跃连接"):
        assert ranked(visit.page, query)
    hosts = {urlsplit(url).hostname for url in visit.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(url for url in visit.requests if urlsplit(url).hostname != "127.0.0.1")
    # the answers came from the site's own index: lunr's whole, or Pagefind's script and pieces
    assert any(url.endswith(("/search/search_index.json", "/pagefind/pagefind.js")) for url in visit.requests)
