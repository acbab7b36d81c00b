"""The explorer's data and page: unit tests of explore.json, and full builds asserting on the output."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import build_site
from papernotes.knowledge.knowledge_base import KnowledgeBase, Tag
from papernotes.knowledge.model import Paper
from papernotes.site.explorer import explore_data, tag_tree_order
from papernotes.site.options import Options
from papernotes.site.pages import SitePlan


def paper(paper_id: str, **fields) -> Paper:
    return Paper(id=paper_id, title=fields.pop("title", paper_id.title()), **fields)


def kb_of(*papers: Paper, tags: dict[str, str | None] | None = None, noted: tuple[str, ...] = ()) -> KnowledgeBase:
    kb = KnowledgeBase("papers.yaml")
    kb.papers = {p.id: p for p in papers}
    kb.tags = {key: Tag(key, description) for key, description in (tags or {}).items()}
    kb.note_of_paper = {paper_id: object() for paper_id in noted}  # type: ignore[misc]
    return kb


def rows_by_id(data: dict) -> dict[str, list]:
    return {row[0]: row for row in data["papers"]}


# ---------------------------------------------------------------- explore_data


def test_tag_tree_order_puts_children_under_their_parent() -> None:
    assert tag_tree_order(["loc-x", "loc/seg", "net", "loc", "loc/det"]) == ["loc", "loc/det", "loc/seg", "loc-x", "net"]


def test_rows_hold_indexes_into_the_vocabularies() -> None:
    kb = kb_of(
        paper("unet", title="U-Net", short="U-Net", authors=["Olaf Ronneberger", "Philipp Fischer"], year=2015,
              venue="MICCAI", tags=["loc/seg"], read=dt.date(2020, 7, 7), remark="skip connections"),
        paper("resnet", title="Deep Residual Learning", year=2016, venue="CVPR", tags=["net", "loc"], read=dt.date(2020, 6, 22)),
        paper("draft", title="A Draft", status="reading"),
        tags={"loc": "Localization", "loc/seg": None, "net": None},
        noted=("unet",),
    )
    plan = SitePlan(kb, Options(week_start=dt.date(2020, 6, 15)))
    data = explore_data(plan)

    assert data["format"] == 2
    assert data["paper_url"] == ["papers/", "/"]
    assert data["tags"] == [["loc", -1, "Localization"], ["loc/seg", 0], ["net", -1]]  # a name where a tag has one
    assert data["venues"] == ["CVPR", "MICCAI"]
    assert data["years"] == [2016, 2015]
    assert data["weeks"] == [["2020-07-06", "Week 3 · 6–12 Jul 2020"], ["2020-06-22", "Week 1 · 22–28 Jun 2020"]]
    assert [status for status, _ in data["statuses"]] == ["to-read", "reading", "read"]
    # newest read first, never read last
    assert [row[0] for row in data["papers"]] == ["unet", "resnet", "draft"]
    rows = rows_by_id(data)
    assert rows["unet"] == ["unet", "U-Net", "U-Net", "Olaf Ronneberger, Philipp Fischer", 2015, 1, "2020-07-07", 2, 0, [1], 1,
                            "skip connections"]
    assert rows["resnet"][5] == 0 and rows["resnet"][8] == 1 and rows["resnet"][9] == [2, 0] and rows["resnet"][10] == 0
    assert rows["draft"] == ["draft", "A Draft", "", "", 0, -1, "", 1, -1, [], 0, ""]


def test_urls_follow_the_url_options_and_name_the_exceptions() -> None:
    kb = kb_of(paper("resnet"), paper("index"))
    flat = explore_data(SitePlan(kb, Options(use_directory_urls=False, prefix_papers="lit")))
    assert flat["paper_url"] == ["lit/", ".html"]
    assert all(len(row) == 12 for row in flat["papers"])
    nested = explore_data(SitePlan(kb, Options()))
    rows = rows_by_id(nested)
    assert len(rows["resnet"]) == 12
    assert rows["index"][12] == "papers/"  # papers/index.md is the folder's own page


def test_a_used_child_tag_brings_its_undeclared_parent() -> None:
    data = explore_data(SitePlan(kb_of(paper("a", tags=["gen/gan"])), Options()))
    assert data["tags"] == [["gen", -1], ["gen/gan", 0]]
    assert data["papers"][0][9] == [1]


# ---------------------------------------------------------------- built sites

PAPERS = """\
tags:
  loc: Localization
  loc/seg: Segmentation
  net: Architectures
papers:
  - id: unet
    title: "U-Net: Convolutional Networks for Biomedical Image Segmentation"
    short: U-Net
    authors: [Olaf Ronneberger]
    year: 2015
    venue: MICCAI
    tags: [loc/seg]
    read: 2020-07-06
  - id: xss
    title: "<script>alert(1)</script> \\"><img src=x onerror=alert(2)>"
    short: "<b>bold</b>"
    authors: ["<i>Eve</i>"]
    year: 2020
    tags: [net]
  - id: resnet
    title: Deep Residual Learning for Image Recognition
    short: ResNet
    year: 2016
    venue: CVPR
    tags: [net]
    read: 2020-06-22
"""


def explore_html(site: Path) -> str:
    return (site / "explore" / "index.html").read_text(encoding="utf-8")


def test_the_page_lists_every_paper_and_points_to_its_assets(project) -> None:
    site = build_site(project(PAPERS))
    html = explore_html(site)
    page_url = "http://127.0.0.1/explore/"
    root = re.search(r'<div class="pn-explorer" data-pn-explorer data-src="([^"]+)" data-root="([^"]+)" data-total="3"', html)
    assert root is not None
    data_src, site_root = root.groups()
    assert site_root == "../"
    assets = {
        "data": data_src,
        "script": re.search(r'<script src="([^"]*explorer\.js[^"]*)"', html).group(1),  # type: ignore[union-attr]
        "style": re.search(r'<link rel="stylesheet" href="([^"]*explorer\.css[^"]*)"', html).group(1),  # type: ignore[union-attr]
    }
    for kind, href in assets.items():
        assert not href.startswith("/"), f"{kind} must be relative to the page, for sites under a sub-path"
        path = urlsplit(urljoin(page_url, href)).path
        assert (site / path.lstrip("/")).is_file(), f"{kind}: {href}"
        assert re.search(r"\?v=[0-9a-f]{10}$", href), href
    data = json.loads((site / "assets/papernotes/explore.json").read_text(encoding="utf-8"))
    assert sorted(row[0] for row in data["papers"]) == ["resnet", "unet", "xss"]
    # Without JavaScript every paper is listed, newest read first, linked relative to the page.
    items = re.findall(r'<a class="pn-item__title" href="([^"]+)">', html)
    assert items == ["../papers/unet/", "../papers/resnet/", "../papers/xss/"]
    assert "3 papers" in html


def test_beyond_the_first_items_the_list_is_for_readers_without_javascript(project, monkeypatch) -> None:
    import papernotes.site.explorer

    monkeypatch.setattr(papernotes.site.explorer, "FIRST_ITEMS", 2)
    html = explore_html(build_site(project(PAPERS)))
    shown, hidden = html.split("<noscript>", 1)
    assert re.findall(r'class="pn-item__title" href="([^"]+)"', shown) == ["../papers/unet/", "../papers/resnet/"]
    hidden = hidden.split("</noscript>", 1)[0]
    assert re.findall(r'class="pn-item__title" href="([^"]+)"', hidden) == ["../papers/xss/"]


def test_user_text_is_escaped_in_the_page_and_plain_in_the_data(project) -> None:
    site = build_site(project(PAPERS))
    html = explore_html(site)
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    data = json.loads((site / "assets/papernotes/explore.json").read_text(encoding="utf-8"))
    row = rows_by_id(data)["xss"]
    # The data keeps the text as written; the script only ever sets it with textContent.
    assert row[1] == '<script>alert(1)</script> "><img src=x onerror=alert(2)>'
    assert row[3] == "<i>Eve</i>"
    script = (site / "assets/papernotes/explorer.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_search_indexes_the_intro_not_the_list(project) -> None:
    site = build_site(project(PAPERS))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    explore = [doc for doc in index["docs"] if doc["location"].startswith("explore/")]
    assert explore, "the explorer page itself is findable"
    text = " ".join(doc["text"] for doc in explore)
    assert "filtered by topic" in text
    assert "Residual" not in text and "U-Net" not in text


def test_tag_and_paper_pages_link_to_the_filtered_explorer(project) -> None:
    site = build_site(project(PAPERS))
    tag_page = (site / "tags" / "loc" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../explore/?tag=loc"' in tag_page
    child_page = (site / "tags" / "loc" / "seg" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../explore/?tag=loc/seg"' in child_page
    paper_page = (site / "papers" / "unet" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../explore/?tag=loc/seg"' in paper_page


def test_assets_are_versioned_by_content(project) -> None:
    first = re.search(r'data-src="([^"]+)"', explore_html(build_site(project(PAPERS)))).group(1)  # type: ignore[union-attr]
    changed = PAPERS.replace("year: 2016", "year: 2015")
    second = re.search(r'data-src="([^"]+)"', explore_html(build_site(project(changed)))).group(1)  # type: ignore[union-attr]
    assert first.split("?v=")[0] == second.split("?v=")[0]
    assert first != second


def test_without_the_explore_index_no_explorer_files(project) -> None:
    site = build_site(project(PAPERS, options="indexes: [tags, weeks]"))
    assert not (site / "explore").exists()
    assert not (site / "assets/papernotes/explore.json").exists()
    assert not (site / "assets/papernotes/explorer.js").exists()
