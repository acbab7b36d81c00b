"""feed.xml: read with feedparser as feed readers do, and checked against the rules of RFC 4287."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, build_site, write_project

ATOM = "{http://www.w3.org/2005/Atom}"

PAPERS = """\
tags:
  net: Networks
  loc: Localization
  loc/seg: Segmentation
papers:
  - id: resnet
    title: Deep Residual Learning
    short: ResNet
    tags: [net]
    read: 2020-06-22
    abstract: "Shortcuts <make> deep nets trainable & fast."
  - id: unet
    title: U-Net
    tags: [loc/seg, net]
    read: 2020-07-06
  - {id: later, title: Being read, read: 2020-07-08, status: reading}
  - {id: undated, title: Read long ago, status: read}
  - {id: queued, title: To read}
  - {id: densenet, title: DenseNet, tags: [net], read: 2020-06-23, remark: "features  <reused>"}
"""

NOTES = {
    "index.md": "# Home\n\n<!-- papernotes:summary -->\n",
    "papers/unet.md": """\
        ---
        paper: unet
        ---
        ## Why

        The *skip connections* carry detail from [[resnet|residual nets]] and `code` across
        every [scale](https://example.org).

        Second paragraph.
        """,
    "topics/seg.md": """\
        ---
        title: Segmentation notes
        tags: [loc/seg]
        date: 2020-07-01
        ---
        # Segmentation notes

        Dense prediction, from [[unet]] on.
        """,
    "topics/undated.md": "# Undated\n\nNot in the feed.\n",
}


def build(tmp_path: Path, options: str = "", extra: str = "", notes: dict[str, str] | None = None) -> Path:
    root = write_project(tmp_path / "kb", PAPERS, notes or NOTES, options, extra)
    return build_site(root, strict=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("feed"))


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("feed-url"), extra="site_url: https://example.org/notes/\nsite_author: A. Reader\n")


RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
# RFC 4287's elements, and which of them each parent may hold
FEED_CHILDREN = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle", "title", "updated", "entry"}
ENTRY_CHILDREN = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source", "summary", "title", "updated"}
TEXT_TYPES = {"text", "html", "xhtml"}


def atom_problems(data: bytes) -> list[str]:
    """What RFC 4287 requires of a feed document, checked element by element."""
    problems: list[str] = []
    root = etree.fromstring(data)
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}, not atom:feed (4.1.1)"]

    def check(parent: etree.Element, allowed: set[str], where: str) -> None:
        names = [child.tag.removeprefix(ATOM) for child in parent if child.tag.startswith(ATOM)]
        for name in names:
            if name not in allowed:
                problems.append(f"{where}: atom:{name} is not an element of {where}")
        for single in ("id", "title", "updated"):
            if names.count(single) != 1:
                problems.append(f"{where}: {names.count(single)} atom:{single}, must be exactly one")
        for single in ("generator", "icon", "logo", "rights", "subtitle", "published", "summary", "content"):
            if names.count(single) > 1:
                problems.append(f"{where}: more than one atom:{single}")
        for element in parent.findall(f"{ATOM}updated") + parent.findall(f"{ATOM}published"):
            if not RFC3339.match(element.text or ""):
                problems.append(f"{where}: date {element.text!r} is not an RFC 3339 date-time (3.3)")
        identifier = parent.findtext(f"{ATOM}id") or ""
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", identifier):
            problems.append(f"{where}: atom:id {identifier!r} is not an absolute IRI (4.2.6)")
        alternates = [(link.get("type"), link.get("hreflang")) for link in parent.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where}: two alternate links of one type and hreflang (4.1.1)")
        for link in parent.findall(f"{ATOM}link"):
            if not link.get("href"):
                problems.append(f"{where}: atom:link without href (4.2.7.1)")
        for category in parent.findall(f"{ATOM}category"):
            if not category.get("term"):
                problems.append(f"{where}: atom:category without term (4.2.2.1)")
        for name in ("title", "summary", "subtitle", "rights"):
            for element in parent.findall(f"{ATOM}{name}"):
                if element.get("type", "text") not in TEXT_TYPES:
                    problems.append(f"{where}: atom:{name} type {element.get('type')!r} (3.1.1)")
        for person in parent.findall(f"{ATOM}author"):
            if len(person.findall(f"{ATOM}name")) != 1:
                problems.append(f"{where}: atom:author needs one atom:name (3.2.1)")

    check(root, FEED_CHILDREN, "feed")
    feed_author = root.find(f"{ATOM}author") is not None
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        check(entry, ENTRY_CHILDREN, where)
        if not feed_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no atom:author here nor in the feed (4.1.2)")
        has_content = entry.find(f"{ATOM}content") is not None
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if not has_content and not alternate:
            problems.append(f"{where}: no atom:content, so an alternate atom:link is required (4.1.2)")
    return problems


def test_atom_check_finds_what_it_checks() -> None:
    bad = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><updated>yesterday</updated><entry><title>e</title></entry></feed>'
    assert atom_problems(bad) == [
        "feed: 0 atom:id, must be exactly one",
        "feed: date 'yesterday' is not an RFC 3339 date-time (3.3)",
        "feed: atom:id '' is not an absolute IRI (4.2.6)",
        "entry 1: 0 atom:id, must be exactly one",
        "entry 1: 0 atom:updated, must be exactly one",
        "entry 1: atom:id '' is not an absolute IRI (4.2.6)",
        "entry 1: no atom:author here nor in the feed (4.1.2)",
        "entry 1: no atom:content, so an alternate atom:link is required (4.1.2)",
    ]


def test_feed_parses_and_holds_the_read_papers_and_dated_notes_newest_first(site: Path) -> None:
    data = (site / "feed.xml").read_bytes()
    parsed = feedparser.parse(data, response_headers={
        "content-location": "http://127.0.0.1:8000/kb/feed.xml", "content-type": "application/atom+xml",
    })
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Test notes"
    # read papers by read date, then the dated topic note; not: being read, read without a date,
    # to read, the undated note, nor unet's note apart from unet
    assert [(e.title, e.published[:10]) for e in parsed.entries] == [
        ("U-Net", "2020-07-06"),
        ("Segmentation notes", "2020-07-01"),
        ("DenseNet", "2020-06-23"),
        ("Deep Residual Learning", "2020-06-22"),
    ]
    assert [e.link for e in parsed.entries] == [
        "http://127.0.0.1:8000/kb/papers/unet/",
        "http://127.0.0.1:8000/kb/topics/seg/",
        "http://127.0.0.1:8000/kb/papers/densenet/",
        "http://127.0.0.1:8000/kb/papers/resnet/",
    ]
    assert [[t.term for t in e.get("tags", [])] for e in parsed.entries] == [["loc/seg", "net"], ["loc/seg"], ["net"], ["net"]]
    summaries = [e.get("summary") for e in parsed.entries]
    # the remark, then the abstract, else the note's first paragraph as text (references by their text)
    assert summaries == [
        "The skip connections carry detail from residual nets and code across every scale.",
        "Dense prediction, from U-Net on.",
        "features <reused>",
        "Shortcuts <make> deep nets trainable & fast.",
    ]
    assert parsed.feed.updated.startswith("2020-07-06")
    assert atom_problems(data) == []


def test_feed_without_site_url_has_relative_links_and_urn_ids(site: Path) -> None:
    root = etree.fromstring((site / "feed.xml").read_bytes())
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.find(f"{ATOM}link").get("href") == "papers/unet/"  # type: ignore[union-attr]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", entry.findtext(f"{ATOM}id") or "")
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Test notes"


def test_feed_with_site_url_has_absolute_links(site_with_url: Path) -> None:
    data = (site_with_url / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    assert parsed.entries[0].link == "https://example.org/notes/papers/unet/"
    assert parsed.entries[0].id == "https://example.org/notes/papers/unet/"
    assert parsed.feed.id == "https://example.org/notes/"
    assert parsed.feed.author == "A. Reader"
    self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_link == ["https://example.org/notes/feed.xml"]
    assert atom_problems(data) == []


def test_feed_is_the_same_on_every_build(site: Path, tmp_path: Path) -> None:
    assert (build(tmp_path) / "feed.xml").read_bytes() == (site / "feed.xml").read_bytes()


def test_every_page_links_the_feed_in_its_head(site: Path) -> None:
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        depth = len(page.relative_to(site).parts) - 1
        expected = "../" * depth + "feed.xml"
        assert f'<link rel="alternate" type="application/atom+xml" title="Test notes" href="{expected}">' in head, page


def test_a_note_with_a_template_of_its_own_links_the_feed_once(tmp_path: Path) -> None:
    """A note's `template:` from the overrides extends the theme's main.html, not the template
    papernotes links the feed from; a template that links a feed itself keeps its own link."""
    notes = {
        **NOTES,
        "topics/wide.md": "---\ntemplate: wide.html\n---\n# Wide\n\nA page of its own shape.\n",
        "topics/own-feed.md": "---\ntemplate: own-feed.html\n---\n# Own feed\n\nIts template links a feed.\n",
    }
    root = write_project(tmp_path / "kb", PAPERS, notes)
    overrides = root / "overrides"
    overrides.mkdir()
    (overrides / "wide.html").write_text('{% extends "main.html" %}\n', encoding="utf-8")
    (overrides / "own-feed.html").write_text(
        '{% extends "main.html" %}\n{% block extrahead %}'
        '<link rel="alternate" type="application/atom+xml" title="Mine" href="https://example.org/mine.xml">'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    site = build_site(root, strict=True)
    wide = (site / "topics" / "wide" / "index.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    assert wide.count("application/atom+xml") == 1
    assert '<link rel="alternate" type="application/atom+xml" title="Test notes" href="../../feed.xml">' in wide
    own = (site / "topics" / "own-feed" / "index.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    assert own.count("application/atom+xml") == 1 and 'title="Mine"' in own


def test_the_home_page_lists_the_latest_read_papers(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    latest = home.split('id="latest-read"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r'data-paper="([^"]+)"', latest) == ["unet", "densenet", "resnet"]
    assert '<a href="feed.xml" type="application/atom+xml">Atom feed</a>' in latest


def test_feed_can_be_turned_off(tmp_path: Path) -> None:
    site = build(tmp_path, "feed: false\n")
    assert not (site / "feed.xml").exists()
    assert "application/atom+xml" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_note_named_feed_xml_is_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    root = write_project(tmp_path / "kb", PAPERS, {**NOTES, "feed.xml": "<mine/>\n"})
    site = build_site(root)
    assert (site / "feed.xml").read_text(encoding="utf-8") == "<mine/>\n"
    assert f"papernotes: {root / 'docs'}/feed.xml hides the feed papernotes makes; rename the file or turn the feed off with 'feed: false'" in caplog.text


def test_the_sample_feed_is_valid(tmp_path: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    data = (tmp_path / "site" / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0 and len(parsed.entries) == 20
    dates = [e.updated for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert atom_problems(data) == []


def test_titles_and_abstracts_stay_text_in_the_feed(tmp_path: Path) -> None:
    title = "<script>alert(1)</script> ]]> & \"quotes\""
    papers = f"papers:\n  - id: x\n    title: '{title}'\n    read: 2021-01-04\n    abstract: '<b>bold</b> &amp; more'\n"
    root = write_project(tmp_path / "kb", papers, {"index.md": "# Home\n"})
    data = (build_site(root, strict=True) / "feed.xml").read_bytes()
    assert b"<script>" not in data and b"<b>" not in data
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    assert parsed.entries[0].title == title
    assert parsed.entries[0].summary == "<b>bold</b> &amp; more"
    assert atom_problems(data) == []


FEED_LINK_RE = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]*)">')


def test_the_404_page_links_the_feed_from_the_site_root(site: Path, site_with_url: Path) -> None:
    """Served at any depth, the 404 page's feed link starts at the root path, as its other links do."""
    assert FEED_LINK_RE.findall((site / "404.html").read_text(encoding="utf-8")) == ["/feed.xml"]
    assert (site / "404.html").read_text(encoding="utf-8").lstrip().startswith("<!doctype html>")  # the page around it as it was
    assert FEED_LINK_RE.findall((site_with_url / "404.html").read_text(encoding="utf-8")) == ["/notes/feed.xml"]
    # and a page of the site keeps its own, relative one
    assert FEED_LINK_RE.findall((site / "papers" / "unet" / "index.html").read_text(encoding="utf-8")) == ["../../feed.xml"]


def test_a_summary_puts_the_remark_before_the_abstract() -> None:
    from papernotes.knowledge.knowledge_base import KnowledgeBase
    from papernotes.knowledge.model import Paper
    from papernotes.site.feed import SUMMARY_LIMIT, _paper_summary

    kb = KnowledgeBase(papers_file="papers.yaml")
    both = Paper(id="r", title="R", remark="my take", abstract="What\n the paper says.")
    assert _paper_summary(both, None, kb) == "my take — What the paper says."
    long = Paper(id="l", title="L", remark="take", abstract="word " * 400)
    summary = _paper_summary(long, None, kb)
    assert summary is not None and summary.startswith("take — word") and len(summary) <= SUMMARY_LIMIT
    assert _paper_summary(Paper(id="n", title="N"), None, kb) is None


def test_a_run_of_brackets_in_a_dated_notes_first_paragraph_is_summarised_in_linear_time(tmp_path: Path) -> None:
    # The link pattern scanned from every `[` to the next `]`: 49 s for 100,000 of them before.
    from papernotes.knowledge.validation import load_knowledge_base
    from papernotes.site.feed import plain_summary

    first = "Read [[resnet]] and [the code](https://example.org/c) " + "[" * 200_000 + "](x) end"
    root = write_project(tmp_path / "kb", PAPERS, {"index.md": "# Home\n", "log.md": f"---\ndate: 2020-07-09\n---\n\n{first}\n"})
    kb = load_knowledge_base(root / "papers.yaml", root / "docs", root)
    summary = plain_summary(kb.notes["log.md"].first_paragraph or "", kb)
    assert summary == "Read ResNet and the code…"  # the run of `[` is the link text, cut at the summary limit


def test_link_texts_is_what_the_link_pattern_it_replaces_gave() -> None:
    import random

    from papernotes.site.feed import link_texts

    pattern = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
    chooser = random.Random(3)
    for _ in range(50_000):
        text = "".join(chooser.choice("[]()!a ") for _ in range(chooser.randint(0, 16)))
        assert link_texts(text) == pattern.sub(lambda m: m.group(1), text), text
    assert link_texts("[" * 200_000 + "](x)") == "[" * 199_999
