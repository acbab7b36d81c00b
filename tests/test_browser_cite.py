"""In headless chromium: the explorer's .bib download and the copy button of a paper's Cite block.

The sample is built once below a sub-path and served from 127.0.0.1; the expected papers come
from papers.yaml (test_browser's helpers), the downloaded file is read with bibtexparser.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware

from test_browser import SUB_PATH, WAIT_MS, build_sample, ids_where, pytestmark, sample_papers, serve  # noqa: F401

with contextlib.suppress(ImportError):  # the test extra installs it; test_browser's marks skip without it
    from playwright.sync_api import Browser



def titles_by_id() -> dict[str, str]:
    return {paper["id"]: paper["title"] for paper in sample_papers()}


def test_explorer_downloads_exactly_the_papers_of_one_tag(browser: Browser, base_url: str, tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(base_url + "explore/?tag=uns")
        page.wait_for_selector("[data-pn-explorer][data-state=ready]")
        wanted = ids_where(tag="uns")
        button = page.locator("[data-pn-download]")
        assert button.text_content() == f"Download {len(wanted)} papers as .bib"
        with page.expect_download() as info:
            button.click()
        download = info.value
        assert download.suggested_filename == "papers-tag-uns.bib"
        saved = tmp_path / "view.bib"
        download.save_as(saved)
        library = bibtexparser.parse_file(str(saved), append_middleware=[LatexDecodingMiddleware()])
        assert library.failed_blocks == []
        titles = titles_by_id()
        assert sorted(entry["title"] for entry in library.entries) == sorted(titles[paper_id] for paper_id in wanted)
        # every entry carries one of the view's tags among its keywords
        for entry in library.entries:
            keywords = [word.strip() for word in entry["keywords"].split(",")]
            assert any(word == "uns" or word.startswith("uns/") for word in keywords), entry.key
        assert len(library.entries) == len(wanted)
        # nothing left 127.0.0.1 (the file is made in the page, from the site's own data)
        assert all(url.startswith(("http://127.0.0.1", "blob:", "data:")) for url in requests), requests

        # Clear filters: the button offers every paper
        page.locator("[data-pn-clear]").click()
        assert button.text_content() == "Download all as .bib"
    finally:
        context.close()


def test_copy_button_copies_the_bibtex_of_the_paper(browser: Browser, base_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        page.goto(base_url + "papers/resnet/")
        block = page.locator(".pn-cite")
        shown = block.locator("pre code").inner_text()
        assert shown.startswith("@inproceedings{he2016resnet,")
        copy = block.locator("button.md-code__button[data-md-type=copy], button.md-clipboard").first
        copy.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.strip() == shown.strip()
        library = bibtexparser.parse_string(copied)
        assert [entry.key for entry in library.entries] == ["he2016resnet"]
        assert library.entries[0]["doi"] == "10.1109/CVPR.2016.90"
    finally:
        context.close()
