"""Unit tests of the plain functions behind the pages: URLs, weeks, indexes, escaping, references."""

from __future__ import annotations

import datetime as dt
import random
import re

import markdown
import pytest
from markupsafe import Markup

from papernotes.knowledge.knowledge_base import KnowledgeBase, Tag
from papernotes.knowledge.markdown_scan import find_refs
from papernotes.knowledge.model import Paper
from papernotes.knowledge.problems import counted
from papernotes.site.escaping import escape_meta, is_unsafe_url, neutralise_unsafe_links
from papernotes.site.indexes import date_range, related_papers, tags_of, venues_of, weeks_of
from papernotes.site.options import Options
from papernotes.site.pages import SitePlan
from papernotes.site.ref_links import RefLink, RefLinksExtension
from papernotes.site.urls import relative_url, root_prefix, url_of


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


# ---------------------------------------------------------------- [[id]] references


def test_resolve_ref_links_to_the_paper_page_with_its_title_and_short_name() -> None:
    plan = SitePlan(kb_of(paper("resnet", title="Deep Residual Learning", short="ResNet"), paper("unet")), Options(), {})
    assert plan.resolve_ref("resnet", None, "topics/deep/") == RefLink("../../papers/resnet/", "Deep Residual Learning", "ResNet")
    assert plan.resolve_ref("resnet", "the ResNet paper", "") == RefLink("papers/resnet/", "Deep Residual Learning", "the ResNet paper")
    assert plan.resolve_ref("unet", None, "index.html") == RefLink("papers/unet/", "Unet", "Unet")  # no short name: the title
    assert plan.resolve_ref("vgg", None, "") is None  # validation reports it; the text stays as written


def test_resolve_ref_follows_use_directory_urls() -> None:
    plan = SitePlan(kb_of(paper("resnet")), Options(use_directory_urls=False), {})
    assert plan.resolve_ref("resnet", None, "topics/deep.html") == RefLink("../papers/resnet.html", "Resnet", "Resnet")


HOSTILE_TITLE = "[x](/autofocus/onfocus=alert(1)//) ![i](y) `tick <b>\"q\"</b> 'q' & &lt;i&gt; \x02wzxhzdk:0\x03"


def render(text: str, links: dict[str, RefLink]) -> str:
    """`text` through Python-Markdown with the reference extension and a resolver over `links`."""
    extension = RefLinksExtension()
    extension.resolve = lambda paper_id, label: (
        RefLink(links[paper_id].href, links[paper_id].title, label or links[paper_id].label) if paper_id in links else None
    )
    # MkDocs' own extensions (toc, tables, fenced_code) and one the sample site adds
    return markdown.markdown(text, extensions=[extension, "toc", "tables", "fenced_code", "attr_list"])


def test_ref_link_is_an_element_whose_attributes_and_text_are_escaped() -> None:
    out = render("See [[evil]].", {"evil": RefLink("../evil/", HOSTILE_TITLE, "<img src=x onerror=alert(1)> &amp;")})
    assert out == (
        '<p>See <a class="pn-ref" href="../evil/" title="[x](/autofocus/onfocus=alert(1)//) ![i](y) `tick '
        '&lt;b&gt;&quot;q&quot;&lt;/b&gt; \'q\' &amp; &amp;lt;i&amp;gt; wzxhzdk:0">&lt;img src=x onerror=alert(1)&gt; &amp;amp;</a>.</p>'
    )


def test_ref_title_with_a_backtick_then_a_code_span_on_the_same_line() -> None:
    out = render("[[a]] then `code` and [[a|A again]]", {"a": RefLink("../a/", "one ` tick", "A")})
    assert out == (
        '<p><a class="pn-ref" href="../a/" title="one ` tick">A</a> then <code>code</code> and '
        '<a class="pn-ref" href="../a/" title="one ` tick">A again</a></p>'
    )


def test_refs_in_code_escaped_or_unknown_stay_as_written() -> None:
    links = {"a": RefLink("../a/", "T", "A")}
    assert render("`[[a]]` \\[[a]] [[zz]] [[a|x `c` y]]", links) == (
        '<p><code>[[a]]</code> [[a]] [[zz]] <a class="pn-ref" href="../a/" title="T">x c y</a></p>'
    )
    assert render("```\n[[a]]\n```", links) == "<pre><code>[[a]]\n</code></pre>"
    assert render("    [[a]]", links) == "<pre><code>[[a]]\n</code></pre>"


def test_ref_label_text_is_not_markdown_or_html() -> None:
    out = render("[[a|*em* <b>b</b> [x](y)]]", {"a": RefLink("../a/", "T", "A")})
    # '[' and ']' end a reference, so only the part before them is one; no markup comes from it.
    assert '<a class="pn-ref" href="../a/" title="T">' not in out
    assert render("[[a|*em* <b>b</b>]]", {"a": RefLink("../a/", "T", "A")}) == (
        '<p><a class="pn-ref" href="../a/" title="T">*em* &lt;b&gt;b&lt;/b&gt;</a></p>'
    )


def test_ref_inside_an_inline_html_attribute_stays_as_written() -> None:
    # Made into a link, the paper title's quote would end the author's single-quoted attribute.
    out = render("<span title='[[a]]'>s</span> and [[a]]", {"a": RefLink("../a/", "x' onmouseover='alert(1)//", "A")})
    assert out == (
        "<p><span title='[[a]]'>s</span> and "
        '<a class="pn-ref" href="../a/" title="x\' onmouseover=\'alert(1)//">A</a></p>'
    )


def test_ref_next_to_a_reference_link_stays_a_ref() -> None:
    out = render("[[a]] [site]\n\n[site]: https://example.org", {"a": RefLink("../a/", "T", "A")})
    assert out == '<p><a class="pn-ref" href="../a/" title="T">A</a> <a href="https://example.org">site</a></p>'


def test_ref_in_a_heading_keeps_the_toc_and_title_text_escaped() -> None:
    extension = RefLinksExtension()
    md = markdown.Markdown(extensions=[extension, "toc"])
    extension.resolve = lambda paper_id, label: RefLink("../a/", "T", "<img src=x onerror=alert(1)>")
    html = md.convert("# About [[a]]")
    assert html == '<h1 id="about-img-srcx-onerroralert1">About <a class="pn-ref" href="../a/" title="T">&lt;img src=x onerror=alert(1)&gt;</a></h1>'
    assert md.toc_tokens[0]["name"] == "About &lt;img src=x onerror=alert(1)&gt;"  # type: ignore[attr-defined]


def test_without_a_resolver_refs_stay_as_written() -> None:
    assert markdown.markdown("[[a]]", extensions=[RefLinksExtension()]) == "<p>[[a]]</p>"


def test_refs_linked_are_the_refs_validation_finds() -> None:
    """Rendering and validation (dangling refs, 'Mentioned in') agree on which refs are refs."""
    rng = random.Random(20261201)
    pieces = ["[[a]]", "[[a|t]]", "`", "``", "\\", " ", "x", "[", "]"]
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        if re.match(r"\s{0,3}(```|~~~)|    |\s*$", line):  # fences and indented code are blocks
            continue
        linked = render(line, {"a": RefLink("../a/", "T", "A")}).count('class="pn-ref"')
        assert linked == len(list(find_refs(line, 1))), repr(line)


# ---------------------------------------------------------------- unsafe links


def test_unsafe_links_are_neutralised() -> None:
    html = '<a href="javascript:alert(1)">x</a><a href=" JaVa\tScript:alert(1)">y</a><img src="data:image/svg+xml,x"><a href="https://ok">z</a>'
    assert neutralise_unsafe_links(html) == '<a href="#blocked">x</a><a href="#blocked">y</a><img src="#blocked"><a href="https://ok">z</a>'


@pytest.mark.parametrize(
    ("tag", "safe"),
    [
        ('<a href="vbscript:msgbox(1)">', '<a href="#blocked">'),
        ("<a href='jav&#x61;script&colon;alert(1)'>", '<a href="#blocked">'),  # browsers decode references first
        ('<a href="&#106;avascript:alert(1)" title="t &amp; &quot;q&quot;">', '<a href="#blocked" title="t &amp; &quot;q&quot;">'),
        ("<A HREF=javascript:alert(1) class=x>", '<a href="#blocked" class="x">'),
        ('<a href="java\nscript:alert(1)">', '<a href="#blocked">'),
        ('<form action="javascript:alert(1)">', '<form action="#blocked">'),
        ('<button formaction="data:text/html,x">', '<button formaction="#blocked">'),
        ('<iframe src="javascript:alert(1)">', '<iframe src="#blocked">'),
        ('<object data="data:text/html,x">', '<object data="#blocked">'),
        ('<a xlink:href="javascript:alert(1)"/>', '<a xlink:href="#blocked"/>'),
        ('<animate attributeName="href" values="#x;javascript:alert(1)"/>', '<animate attributename="href" values="#blocked"/>'),
        ('<a href="tel:123">', '<a href="#blocked">'),
        ('<a href="https://example.org/a:b">', None),
        ('<a href="HTTP://example.org">', None),
        ('<a href="mailto:me@example.org">', None),
        ('<a href="#top">', None),
        ('<a href="../papers/resnet/">', None),
        ('<a href="notes/a:b.md">', None),  # a colon after a slash is no scheme
        ('<img src="img/x.png" alt="javascript:alert(1)">', None),  # alt is text, not a URL
        ('<a title="javascript:alert(1)">', None),
    ],
)
def test_only_url_attributes_of_other_schemes_are_blocked(tag: str, safe: str | None) -> None:
    html = f"<p>before</p>\n{tag}text</p>"
    assert neutralise_unsafe_links(html) == (html if safe is None else f"<p>before</p>\n{safe}text</p>")


def test_text_and_code_stay_byte_for_byte() -> None:
    html = (
        '<p>Inline <code>&lt;a href="javascript:x"&gt;</code> and javascript: prose href="javascript:y".</p>\n'
        '<pre><code class="language-html">&lt;img src=data:x&gt;\n</code></pre>\n'
        "<!-- <a href=\"javascript:z\"> -->\n"
        '<script>var a = "<a href=\'javascript:w\'>";</script>\n'
        "<p title='it&#39;s'>A&amp;B &lt; C &quot;\xa0</p>"
    )
    assert neutralise_unsafe_links(html) == html


def test_only_the_unsafe_tag_is_written_anew() -> None:
    html = '<p class=x>one <a href=\'../ok/\'>ok</a>\n<a\nhref="javascript:alert(1)"\nid=\'k\'>bad</a> <em>two</em></p>'
    assert neutralise_unsafe_links(html) == '<p class=x>one <a href=\'../ok/\'>ok</a>\n<a href="#blocked" id="k">bad</a> <em>two</em></p>'


@pytest.mark.parametrize(
    ("url", "unsafe"),
    [("javascript:x", True), (" \x01javascript:x", True), ("DATA:x", True), ("x:y", True), ("https://a", False), ("mailto:a@b", False),
     ("/a:b", False), ("?q=a:b", False), ("#a:b", False), ("a/b", False), ("", False)],
)
def test_is_unsafe_url(url: str, unsafe: bool) -> None:
    assert is_unsafe_url(url) is unsafe


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


def test_list_entries_kept_for_the_next_build_are_those_whose_record_is_unchanged() -> None:
    """Entries of pages a rebuild left alone stay kept for a later one; a changed record's go."""
    from papernotes.site.pages import PlanMemo

    a, b = paper("a", tags=["net"]), paper("b", tags=["net"])
    first = SitePlan(kb_of(a, b), Options(), memo=PlanMemo())
    first.item_digest = lambda paper_id: f"{paper_id}-1"
    item = first._context("tags/net/")["paper_item"]
    entry_a, entry_b = item(a), item(b)
    kept = first.items_for_next_build()
    assert {key[0] for key in kept} == {"a-1", "b-1"}
    # The next build renders only b's entry; b's record changed, a's did not.
    second = SitePlan(kb_of(a, b), Options(), memo=PlanMemo(items=kept))
    second.item_digest = lambda paper_id: {"a": "a-1", "b": "b-2"}[paper_id]
    assert second._context("tags/net/")["paper_item"](b) == entry_b
    kept_again = second.items_for_next_build()
    assert {key[0] for key in kept_again} == {"a-1", "b-2"}
    assert kept_again[next(key for key in kept_again if key[0] == "a-1")] == entry_a


def test_a_kept_fragment_is_the_macro_drawn_once_and_given_again_for_the_same_arguments() -> None:
    from papernotes.site.charts import Item, rows
    from papernotes.site.pages import PlanMemo

    chart = rows("chart-tags", "Most read topics", [Item("net", "net: 2 papers", 2, "tags/net.md")])
    first = SitePlan(kb_of(paper("a", tags=["net"])), Options(), memo=PlanMemo())
    drawn = first.kept_macro("_charts.html", "chart", "stats/", chart)
    assert 'href="../tags/net/"' in drawn and "Most read topics" in drawn
    memo = PlanMemo(fragments=first.fragments_for_next_build())
    key = next(iter(memo.fragments))
    memo.fragments[key] = Markup("<p>kept</p>")  # what the next plan gives back, without drawing it again
    second = SitePlan(kb_of(paper("a", tags=["net"])), Options(), memo=memo)
    assert second.kept_macro("_charts.html", "chart", "stats/", chart) == "<p>kept</p>"
    other = rows("chart-tags", "Most read topics", [Item("net", "net: 3 papers", 3, "tags/net.md")])
    assert "net: 3 papers" in second.kept_macro("_charts.html", "chart", "stats/", other)
    assert sorted(second.fragments_for_next_build().values()) == sorted(["<p>kept</p>", second.fragments[(*key[:3], repr((other,)))]])


def test_a_week_of_the_reading_log_is_kept_while_its_entries_are_the_same() -> None:
    """While serving, the log's one page draws again only the week whose entry changed; the
    page still reads every paper it shows (so a later edit of the kept week renders it)."""
    from papernotes.site.kinds import planned_pages, render_page
    from papernotes.site.pages import PlanMemo
    from papernotes.site.tracking import Tracker

    a, b = paper("a", read=dt.date(2024, 1, 2)), paper("b", read=dt.date(2024, 1, 10))
    first = SitePlan(kb_of(a, b), Options(), memo=PlanMemo())
    first.item_digest = lambda paper_id: f"{paper_id}-1"
    weeks_page = next(page for page in planned_pages(first) if page.kind == "weeks")
    drawn = render_page(first, weeks_page, "weeks/")
    kept = first.fragments_for_next_build()
    assert len(kept) == 2
    assert drawn == render_page(SitePlan(kb_of(a, b), Options()), weeks_page, "weeks/")  # as a plain build draws it
    # Marked, to tell a kept week from one drawn again.
    memo = PlanMemo(fragments={key: Markup(html.replace("pn-week", "pn-week kept", 1)) for key, html in kept.items()})
    second = SitePlan(kb_of(a, b), Options(), memo=memo, tracker=Tracker(recording=True))
    second.item_digest = lambda paper_id: {"a": "a-1", "b": "b-2"}[paper_id]  # b's record changed
    with second.tracker.page(weeks_page.src_uri) as used:
        again = render_page(second, weeks_page, "weeks/")
    newer, older = again.split('class="pn-week kept"')  # the log is newest first: b's week, then a's
    assert "papers/b/" in newer and "papers/a/" in older and "papers/b/" not in older
    assert used is not None and {("paper", "a"), ("paper", "b")} <= used
