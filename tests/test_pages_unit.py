"""Unit tests of the plain functions behind the pages: URLs, weeks, indexes, escaping."""

from __future__ import annotations

import datetime as dt

import pytest

from papernotes.site.indexes import date_range, related_papers, tags_of, venues_of, weeks_of
from papernotes.knowledge.model import Paper
from papernotes.knowledge.problems import counted
from papernotes.site.escaping import escape_meta, neutralise_unsafe_links
from papernotes.site.pages import replace_refs
from papernotes.site.urls import relative_url, root_prefix, url_of
from papernotes.knowledge.validation import KnowledgeBase, Tag


def paper(paper_id: str, **fields) -> Paper:
    return Paper(id=paper_id, title=fields.pop("title", paper_id.title()), **fields)


def kb_of(*papers: Paper, tags: dict[str, str | None] | None = None) -> KnowledgeBase:
    kb = KnowledgeBase("papers.yaml")
    kb.papers = {p.id: p for p in papers}
    kb.tags = {key: Tag(key, description) for key, description in (tags or {}).items()}
    return kb


@pytest.mark.parametrize(
    ("src", "dirs", "url"),
    [
        ("papers/resnet.md", True, "papers/resnet/"),
        ("papers/resnet.md", False, "papers/resnet.html"),
        ("weeks/index.md", True, "weeks/"),
        ("weeks/index.md", False, "weeks/index.html"),
        ("index.md", True, ""),
    ],
)
def test_url_of_follows_mkdocs(src: str, dirs: bool, url: str) -> None:
    assert url_of(src, dirs) == url


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("tags/net/", "papers/resnet/", "../../tags/net/"),
        ("papers/resnet/", "", "papers/resnet/"),
        ("", "weeks/", "../"),
        ("papers/a/", "papers/b/", "../a/"),
        ("tags/net.html", "papers/resnet.html", "../tags/net.html"),
        ("weeks/#w3", "tags/net/", "../../weeks/#w3"),
    ],
)
def test_relative_url(target: str, page: str, expected: str) -> None:
    assert relative_url(target, page) == expected


def test_date_range_formats() -> None:
    assert date_range(dt.date(2020, 7, 6), dt.date(2020, 7, 12)) == "6–12 Jul 2020"
    assert date_range(dt.date(2020, 6, 29), dt.date(2020, 7, 5)) == "29 Jun – 5 Jul 2020"
    assert date_range(dt.date(2020, 12, 28), dt.date(2021, 1, 3)) == "28 Dec 2020 – 3 Jan 2021"


def test_weeks_numbered_from_week_start_or_first_week() -> None:
    papers = [paper("a", read=dt.date(2020, 6, 17)), paper("b", read=dt.date(2020, 7, 8)), paper("c")]
    weeks = weeks_of(papers, dt.date(2020, 6, 15))
    assert [(w.number, w.slug, [p.id for p in w.papers]) for w in weeks] == [(3, "2020-07-06", ["b"]), (0, "2020-06-15", ["a"])]
    assert [w.number for w in weeks_of(papers, None)] == [4, 1]
    assert weeks[0].label == "Week 3 · 6–12 Jul 2020"


def test_tags_include_child_tags_and_implied_parents() -> None:
    kb = kb_of(paper("a", tags=["loc/seg"]), paper("b", tags=["loc"]), tags={"loc": "Localization"})
    index = tags_of(kb)
    assert list(index) == ["loc", "loc/seg"]
    assert [p.id for p in index["loc"].papers] == ["a", "b"]
    assert index["loc"].direct == 1 and index["loc"].children == ["loc/seg"]
    assert index["loc/seg"].description is None


def test_venue_slugs_are_unique_and_preprints_last() -> None:
    kb = kb_of(paper("a", venue="C++"), paper("b", venue="C"), paper("c"))
    venues = venues_of(kb)
    assert [(v.key, v.slug) for v in venues] == [("C", "c"), ("C++", "c-2"), ("Preprints and other", "other")]


def test_related_papers_prefers_more_shared_tags() -> None:
    kb = kb_of(
        paper("a", tags=["x", "y"], year=2020),
        paper("b", tags=["x", "y"], year=2010),
        paper("c", tags=["x"], year=2020),
        paper("d", tags=["z"], year=2020),
    )
    related = related_papers(kb, limit=5)
    assert [p.id for p in related["a"]] == ["b", "c"]
    assert related["d"] == []


def test_replace_refs_skips_code_and_unknown() -> None:
    text = "[[a]] `[[a]]` [[zz]] [[a|Alpha]]\n```\n[[a]]\n```\n[[a]]"
    out = replace_refs(text, lambda pid, label: f"<{pid}:{label}>" if pid == "a" else None)
    assert out == "<a:None> `[[a]]` [[zz]] <a:Alpha>\n```\n[[a]]\n```\n<a:None>"


def test_unsafe_links_are_neutralised() -> None:
    html = '<a href="javascript:alert(1)">x</a><a href=" JaVa\tScript:alert(1)">y</a><img src="data:image/svg+xml,x"><a href="https://ok">z</a>'
    out = neutralise_unsafe_links(html)
    assert "javascript" not in out.lower().replace("\t", "") and "data:" not in out
    assert 'href="https://ok"' in out


def test_front_matter_strings_are_escaped() -> None:
    assert escape_meta({"title": "<b>", "hide": ["toc"], "n": 3}) == {"title": "&lt;b&gt;", "hide": ["toc"], "n": 3}


def test_counted_says_one_paper_and_many_papers() -> None:
    assert [counted(n, "paper") for n in (0, 1, 2)] == ["0 papers", "1 paper", "2 papers"]


@pytest.mark.parametrize(
    ("page_url", "prefix"),
    [("", ""), ("index.html", ""), ("reading-list/", "../"), ("papers/resnet/", "../../"), ("tags/loc/seg/", "../../../"), ("tags/loc/seg.html", "../../")],
)
def test_root_prefix_climbs_from_a_page_to_the_site_root(page_url: str, prefix: str) -> None:
    assert root_prefix(page_url) == prefix
