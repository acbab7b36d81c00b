"""What the search index holds: built sites in tmp_path, read back from search_index.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import build_site, write_project

PAPERS = """\
tags:
  net: Network architectures
papers:
  - id: resnet
    title: Deep Residual Learning for Image Recognition
    short: ResNet
    year: 2016
    venue: CVPR
    tags: [net]
    read: 2020-06-22
  - id: densenet
    title: Densely Connected Convolutional Networks
    short: DenseNet
    year: 2017
    venue: CVPR
    tags: [net]
    read: 2020-06-23
"""

NOTES = {
    "index.md": "# Home\n",
    "papers/resnet.md": "---\npaper: resnet\n---\n\n## What it does\n\nShortcuts, unlike [[densenet]].\n\n## Why\n\nDepth.\n",
    "guide/help.md": "# Help\n\nType ResNet into search.\n",
}


def build(root: Path, options: str = "", command: str = "build") -> Path:
    write_project(root, PAPERS, NOTES, options)
    return build_site(root, command=command)


def index_of(site: Path) -> dict[str, Any]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def entries(site: Path, prefix: str) -> list[dict[str, Any]]:
    return [doc for doc in index_of(site)["docs"] if doc["location"].startswith(prefix)]


def test_a_paper_page_is_one_boosted_entry_titled_with_its_short_name(tmp_path: Path) -> None:
    site = build(tmp_path / "kb")
    page, *sections = entries(site, "papers/densenet/")
    assert page["location"] == "papers/densenet/"
    assert page["title"] == "Densely Connected Convolutional Networks · DenseNet"
    assert page["boost"] == 4 and page["tags"] == ["net"]
    assert "CVPR 2017" in page["text"]
    # Boilerplate and lists of other papers are not indexed.
    assert "No notes yet" not in json.dumps(page) and "2020-06-23" not in page["text"]
    assert "Related papers" not in json.dumps(index_of(site))
    # The note's sections follow, boosted, without the tags (no "N more on this page" for tags:).
    resnet = entries(site, "papers/resnet/")
    assert [doc["title"] for doc in resnet] == ["Deep Residual Learning for Image Recognition · ResNet", "What it does", "Why"]
    assert "tags" in resnet[0] and all("tags" not in doc for doc in resnet[1:])
    assert {doc["boost"] for doc in resnet} == {4}
    assert not sections


def test_listing_pages_are_left_out_and_tags_weigh_as_text(tmp_path: Path) -> None:
    site = build(tmp_path / "kb")
    locations = {doc["location"].split("#")[0] for doc in index_of(site)["docs"]}
    assert not any(loc.startswith(("weeks/", "tags/", "venues/", "years/", "reading-list/", "stats/")) for loc in locations), locations
    assert index_of(site)["config"]["fields"]["tags"] == {"boost": 1.0}


def test_a_weight_for_tags_in_mkdocs_yml_is_kept(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    write_project(root, PAPERS, NOTES)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("  - search\n", "  - search:\n      fields: {tags: {boost: 50}}\n"), encoding="utf-8")
    assert index_of(build_site(root))["config"]["fields"]["tags"] == {"boost": 50}


def test_search_exclude_leaves_the_guide_out(tmp_path: Path) -> None:
    assert entries(build(tmp_path / "with"), "guide/help/")
    site = build(tmp_path / "without", options="search_exclude: ['guide/*']")
    assert not entries(site, "guide/help/")
    assert entries(site, "papers/resnet/")
    assert "Type ResNet into search." in (site / "guide" / "help" / "index.html").read_text(encoding="utf-8")


def test_the_hint_for_the_author_shows_only_while_serving(tmp_path: Path) -> None:
    hint = "<code>paper: densenet</code> in its front matter"
    built = (build(tmp_path / "built") / "papers" / "densenet" / "index.html").read_text(encoding="utf-8")
    served = (build(tmp_path / "served", command="serve") / "papers" / "densenet" / "index.html").read_text(encoding="utf-8")
    assert "No notes yet" in built and hint not in built
    assert hint in served


def test_the_home_pages_lists_of_latest_papers_are_left_out(tmp_path: Path) -> None:
    site = build_site(write_project(tmp_path / "kb", PAPERS, {"guide/help.md": NOTES["guide/help.md"]}))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Densely Connected Convolutional Networks" in home  # the generated home lists the latest papers
    indexed = json.dumps([doc for doc in index_of(site)["docs"] if not doc["location"].startswith(("papers/", "guide/"))])
    assert "Latest" not in indexed and "Densely Connected" not in indexed
