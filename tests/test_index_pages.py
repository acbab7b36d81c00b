"""Generated pages a reader scans: tag pages by sub-topic, the venues table, paper headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_site, write_project

PAPERS = """\
tags:
  loc: Localization
  loc/seg: Semantic segmentation
  loc/det: Object detection
papers:
  - id: fcn
    title: Fully Convolutional Networks for Semantic Segmentation
    short: FCN
    year: 2015
    venue: CVPR
    tags: [loc/seg]
    read: 2020-06-22
  - id: rcnn
    title: Rich feature hierarchies for accurate object detection
    short: R-CNN
    year: 2014
    venue: CVPR
    tags: [loc/det]
    read: 2020-06-23
  - id: survey
    title: A survey of localization
    year: 2014
    tags: [loc]
"""

NOTES = {
    "index.md": "# Home\n",
    "papers/fcn.md": "---\npaper: fcn\n---\n\n# FCN: Fully Convolutional Networks for Semantic Segmentation\n\n## Idea\n\nPixels.\n",
    "papers/rcnn.md": "---\npaper: rcnn\n---\n\n# Reading it twice\n\nRegions.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(write_project(tmp_path_factory.mktemp("kb"), PAPERS, NOTES))


def article(site: Path, url: str) -> str:
    text = (site / url / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', text, re.S)
    assert match, url
    return match.group(1)


def test_a_tag_page_is_titled_by_its_name_and_groups_papers_by_sub_topic(site: Path) -> None:
    body = article(site, "tags/loc")
    assert '<h1>Localization <code class="pn-tag-key">loc</code></h1>' in body
    assert "<title>Localization - Test notes</title>" in (site / "tags/loc/index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<h2 id="([^"]+)">(.*?)</h2>', body)
    assert [anchor for anchor, _ in groups] == ["papers", "topic-loc-det", "topic-loc-seg"]
    assert groups[0][1] == "loc itself"
    assert groups[2][1].startswith('<a href="seg/">Semantic segmentation</a> <code class="pn-tag-key">loc/seg</code>')
    sections = re.split(r"<h2 ", body)[1:]
    assert [re.findall(r'data-paper="([^"]+)"', section) for section in sections] == [["survey"], ["rcnn"], ["fcn"]]
    # The sub-topics are the page's table of contents.
    toc = (site / "tags/loc/index.html").read_text(encoding="utf-8").split('md-nav--secondary')[1]
    assert 'href="#topic-loc-seg"' in toc
    # A tag without sub-topics lists its papers under one heading.
    assert re.findall(r'<h2 id="([^"]+)"', article(site, "tags/loc/seg")) == ["papers"]


def test_the_venues_index_is_a_material_table_with_years_as_links(site: Path) -> None:
    body = article(site, "venues")
    assert '<div class="md-typeset__table">\n<table>' in body
    assert '<a href="cvpr/#y2015" title="1 paper">2015</a>, <a href="cvpr/#y2014" title="1 paper">2014</a>' in body
    assert 'id="y2015"' in article(site, "venues/cvpr")


def test_a_note_heading_that_repeats_the_title_is_not_a_second_h1(site: Path) -> None:
    body = article(site, "papers/fcn")
    assert body.count("<h1") == 1
    assert '<h2 id="idea">Idea' in body
    toc = (site / "papers/fcn/index.html").read_text(encoding="utf-8").split("md-nav--secondary")[1]
    assert 'href="#idea"' in toc
    # A heading of its own stays.
    assert article(site, "papers/rcnn").count("<h1") == 2


def test_short_names_are_set_apart_and_one_week_is_one_week(site: Path) -> None:
    week = (site / "weeks/2020-06-22/index.html").read_text(encoding="utf-8")
    # a week whose papers have no group shows no group heading, in its body or its table of contents
    assert 'href="#group-' not in week.split("md-nav--secondary")[1]
    assert ">Other</h2>" not in article(site, "weeks/2020-06-22")
    body = article(site, "weeks")
    assert "<p>1 week, 2 papers read." in body
    assert '</a> <span class="pn-sep">·</span> <span class="pn-short">R-CNN</span>' in body


def test_venues_whose_names_slug_alike_get_numbered_pages_in_linear_time(tmp_path: Path) -> None:
    # Each venue counted up from -2 past all the others named alike: 12,000 CJK venues took 18.5 s
    # in check before, so 40,000 would take minutes; the count of each slug is remembered now.
    from papernotes.knowledge.layout import SlugAllocator, venue_slugs

    names = {f"会议{chr(0x4E00 + index % 20_000)}{chr(0x4E00 + index // 20_000)}" for index in range(40_000)}
    slugs = venue_slugs(names)
    assert sorted(slugs.values()) == sorted(["venue"] + [f"venue-{n}" for n in range(2, 40_001)])
    allocator = SlugAllocator()
    assert [allocator.allocate(slug) for slug in ("venue-3", "venue", "venue", "venue", "venue-3")] == [
        "venue-3", "venue", "venue-2", "venue-4", "venue-3-2",
    ]
    papers = "papers:\n" + "".join(f"  - {{id: p{i}, title: P{i}, venue: {name}}}\n" for i, name in enumerate(["甲会", "乙会", "ECCV"]))
    site = build_site(write_project(tmp_path / "kb", papers, {"index.md": "# Home\n"}))
    assert [(site / "venues" / slug / "index.html").is_file() for slug in ("eccv", "venue", "venue-2")] == [True, True, True]


LONG_LOG = "papers:\n" + "".join(
    f"  - {{id: p{at}, title: Paper {at}, read: {2018 + at // 4}-0{1 + at % 4}-1{at % 4}}}\n" for at in range(12)
)


def test_a_long_reading_log_unfolds_its_latest_weeks_and_lists_the_earlier_ones_by_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 10,000 papers the one-page log was 6 MB: it shows its newest weeks with their papers up to
    LOG_PAPERS papers, and the weeks before as links to their pages, by year."""
    from papernotes.site.kinds import week

    monkeypatch.setattr(week, "LOG_PAPERS", 3)
    site = build_site(write_project(tmp_path / "kb", LONG_LOG))
    body = article(site, "weeks")
    # 2020's four weeks hold one paper each: three fit, the newest first
    assert re.findall(r'data-paper="(p\d+)"', body) == ["p11", "p10", "p9"]
    assert re.findall(r'<h2 id="(log-\d+)">', body) == ["log-2020", "log-2019", "log-2018"]
    earlier = body.split('id="log-2020"', 1)[1]
    assert earlier.count("<li><a href=") == 9 and '<li><a href="2020-01-06/">' in earlier  # p8's week, folded
    assert re.search(r'<li><a href="2018-01-08/">Week \d+ · [^<]+</a> <span class="pn-count">1 paper, 1 read</span></li>', body)
    toc = (site / "weeks" / "index.html").read_text(encoding="utf-8").split('class="md-nav md-nav--secondary"')[1]
    assert 'href="#log-2018"' in toc and 'href="#week-2020-04-13"' in toc
    assert "the weeks before by year" in body


def test_unfolded_weeks_keep_the_newest_week_whatever_its_size() -> None:
    import datetime as dt

    from papernotes.knowledge.model import Paper
    from papernotes.site.indexes import Week
    from papernotes.site.kinds.week import unfolded_weeks

    paper = Paper.model_validate({"id": "x", "title": "X"})
    weeks = [Week(dt.date(2021, 1, 4), 2, [paper] * 5), Week(dt.date(2020, 12, 28), 1, [paper]),
             Week(dt.date(2019, 1, 7), 0, [paper])]
    assert unfolded_weeks(weeks, budget=2) == ([weeks[0]], [(2020, [weeks[1]]), (2019, [weeks[2]])])
    assert unfolded_weeks(weeks, budget=6) == (weeks[:2], [(2019, [weeks[2]])])
    assert unfolded_weeks(weeks, budget=100) == (weeks, [])


MANY = """\
tags:
  loc: Localisation
  loc/seg: Segmentation
papers:
""" + "".join(
    f"  - {{id: s{at}, title: Seg {at}, year: {2019 + at % 2}, tags: [loc/seg], read: 2020-0{1 + at % 9}-1{at % 9}}}\n" for at in range(6)
) + "  - {id: undated, title: No year, tags: [loc]}\n"


def test_a_tag_page_lists_the_first_papers_of_a_long_sub_topic_and_links_its_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papernotes.site.kinds import tag

    monkeypatch.setattr(tag, "SUBTOPIC_PAPERS", 4)
    site = build_site(write_project(tmp_path / "kb", MANY))
    body = article(site, "tags/loc")
    assert len(re.findall(r'data-paper="s\d"', body)) == 4 and 'data-paper="undated"' in body  # its own papers all
    assert '<p class="pn-more"><a href="seg/">All 6 papers of Segmentation</a> on its page</p>' in body
    assert len(re.findall(r'data-paper="s\d"', article(site, "tags/loc/seg"))) == 6


def test_without_javascript_a_long_explorer_lists_the_latest_papers_and_links_the_year_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papernotes.site import explorer

    monkeypatch.setattr(explorer, "FIRST_ITEMS", 2)
    monkeypatch.setattr(explorer, "NOSCRIPT_ITEMS", 4)
    site = build_site(write_project(tmp_path / "kb", MANY))
    body = article(site, "explore")
    hidden = body.split("<noscript>", 1)[1].split("</noscript>", 1)[0]
    assert hidden.count('<li class="pn-item">') == 2
    assert re.search(r'3 more papers are listed on the pages of their year: <a href="../years/2020/">2020</a> \(3\) · '
                     r'<a href="../years/2019/">2019</a> \(3\); 1 paper without a year in the <a href="../weeks/">reading log</a> '
                     r'or on the <a href="../reading-list/">reading list</a>\.</p>', hidden), hidden
    assert "the 4 papers read last are listed below, and every paper on the pages of its year" in body


READING = "papers:\n" + "".join(f"  - {{id: t{at}, title: Wish {at}, status: to-read}}\n" for at in range(5)) + (
    "  - {id: r0, title: Busy, status: reading}\n  - {id: d0, title: Done, read: 2020-01-06}\n"
)


def test_a_long_reading_list_goes_on_over_pages_each_naming_its_sections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papernotes.site.kinds import reading

    monkeypatch.setattr(reading, "READING_PAGE_PAPERS", 3)
    site = build_site(write_project(tmp_path / "kb", READING))
    first, second, third = article(site, "reading-list"), article(site, "reading-list/page-2"), article(site, "reading-list/page-3")
    assert re.findall(r'data-paper="(\w+)"', first) == ["r0", "t0", "t1"]
    assert re.findall(r'data-paper="(\w+)"', second) == ["t2", "t3", "t4"]
    assert re.findall(r'data-paper="(\w+)"', third) == ["d0"]
    assert '<p class="pn-more">3 more papers on page <a href="page-2/">2</a></p>' in first
    assert re.search(r'id="read-without-notes">Read, notes to be written <span class="pn-count">1</span></h2>\s*'
                     r'<p class="pn-more">On page <a href="page-3/">3</a></p>', first)
    assert 'id="to-read">To read (continued) <span class="pn-count">5</span>' in second
    assert '<nav class="pn-pager" aria-label="pages of the reading list">Pages: <a href="../">1</a> · <strong aria-current="page">2</strong> · <a href="../page-3/">3</a></nav>' in second
    assert "Reading list (3 of 3)" in (site / "reading-list" / "page-3" / "index.html").read_text(encoding="utf-8")


def test_reading_parts_name_every_section_on_the_first_page() -> None:
    from papernotes.knowledge.model import Paper
    from papernotes.site.kinds.reading import reading_parts

    a, b, c = (Paper.model_validate({"id": key, "title": key}) for key in "abc")
    sections = {"reading": [], "to-read": [a, b], "read-without-notes": [c]}
    assert reading_parts(sections, 10) == [[("reading", 0, []), ("to-read", 0, [a, b]), ("read-without-notes", 0, [c])]]
    assert reading_parts(sections, 2) == [[("reading", 0, []), ("to-read", 0, [a, b]), ("read-without-notes", 0, [])],
                                          [("read-without-notes", 0, [c])]]
    assert reading_parts(sections, 1) == [[("reading", 0, []), ("to-read", 0, [a]), ("read-without-notes", 0, [])],
                                          [("to-read", 1, [b])], [("read-without-notes", 0, [c])]]


VENUE = "papers:\n" + "".join(
    f"  - {{id: v{at}, title: Paper {at}, year: {2021 - at // 3}, venue: CVPR}}\n" for at in range(7)
) + "  - {id: undated, title: No year, venue: CVPR}\n"


def test_a_large_venue_goes_on_over_pages_each_naming_its_years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 50,000 papers one venue's page was 4 MB: its years go on over pages of PAGE_PAPERS papers."""
    from papernotes.site.kinds import paging

    monkeypatch.setattr(paging, "PAGE_PAPERS", 3)
    site = build_site(write_project(tmp_path / "kb", VENUE))
    first, second, third = article(site, "venues/cvpr"), article(site, "venues/cvpr/page-2"), article(site, "venues/cvpr/page-3")
    assert re.findall(r'data-paper="(\w+)"', first) == ["v0", "v1", "v2"]
    assert re.findall(r'data-paper="(\w+)"', second) == ["v3", "v4", "v5"]
    assert re.findall(r'data-paper="(\w+)"', third) == ["v6", "undated"]
    # the first page names every year, with the page its papers are on
    assert re.findall(r'<h2 id="(y\w+)">', first) == ["y2021", "y2020", "y2019", "yunknown"]
    assert re.search(r'<h2 id="y2019">2019</h2>\s*<p class="pn-more">On page <a href="page-3/">3</a></p>', first)
    assert '<h2 id="y2020">2020</h2>' in second and '<h2 id="yunknown">Year unknown</h2>' in third
    assert '<nav class="pn-pager" aria-label="pages of this venue">Pages: <a href="../">1</a> · <strong aria-current="page">2</strong> · <a href="../page-3/">3</a></nav>' in second
    assert "<h1>CVPR <span class=\"pn-count\">3 of 3</span></h1>" in third
    assert "<title>CVPR (3 of 3) - Test notes</title>" in (site / "venues/cvpr/page-3/index.html").read_text(encoding="utf-8")
    assert not (site / "venues/cvpr/page-4").exists()
    toc = (site / "venues/cvpr/page-2/index.html").read_text(encoding="utf-8").split('class="md-nav md-nav--secondary"')[1]
    assert 'href="#y2020"' in toc and 'href="#y2021"' not in toc


def test_a_large_topic_goes_on_over_pages_and_still_links_each_sub_topic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A leaf tag listed all its papers (2 MB at 50,000 papers): a topic's lists go on over pages
    of PAGE_PAPERS papers, a sub-topic's first SUBTOPIC_PAPERS counted as listed."""
    from papernotes.site.kinds import paging, tag

    monkeypatch.setattr(paging, "PAGE_PAPERS", 4)
    monkeypatch.setattr(tag, "SUBTOPIC_PAPERS", 5)
    site = build_site(write_project(tmp_path / "kb", MANY))
    leaf, leaf_2 = article(site, "tags/loc/seg"), article(site, "tags/loc/seg/page-2")
    assert re.findall(r'data-paper="(\w+)"', leaf) == ["s1", "s3", "s5", "s0"]
    assert re.findall(r'data-paper="(\w+)"', leaf_2) == ["s2", "s4"]
    assert '<p class="pn-more">2 more papers on page <a href="page-2/">2</a></p>' in leaf
    assert '<h2 id="papers">Papers (continued)</h2>' in leaf_2
    root, root_2 = article(site, "tags/loc"), article(site, "tags/loc/page-2")
    assert re.findall(r'data-paper="(\w+)"', root) == ["undated", "s1", "s3", "s5"]
    assert re.findall(r'data-paper="(\w+)"', root_2) == ["s0", "s2"]
    assert '<p class="pn-more"><a href="../seg/">All 6 papers of Segmentation</a> on its page</p>' in root_2
    assert "All 6 papers" not in root
    assert '<nav class="pn-pager" aria-label="pages of this topic">Pages: <a href="../">1</a> · <strong aria-current="page">2</strong></nav>' in root_2
    assert "<title>Localisation (2 of 2) - Test notes</title>" in (site / "tags/loc/page-2/index.html").read_text(encoding="utf-8")



def test_a_sub_topic_named_by_a_number_keeps_its_page_beside_its_topics_second_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`loc/2` is a sub-topic's page; the second page of `loc` is `loc/page-2`."""
    from papernotes.site.kinds import paging

    monkeypatch.setattr(paging, "PAGE_PAPERS", 4)
    numbered = MANY.replace("  loc/seg: Segmentation\n", "  loc/seg: Segmentation\n  loc/2: Version two\n") + (
        "  - {id: second, title: Version two paper, year: 2020, tags: [loc/2]}\n"
    )
    site = build_site(write_project(tmp_path / "kb", numbered), strict=True)
    assert re.findall(r'data-paper="(\w+)"', article(site, "tags/loc/2")) == ["second"]
    assert "<title>Localisation (2 of 2) - Test notes</title>" in (site / "tags/loc/page-2/index.html").read_text(encoding="utf-8")

AUTHORED = "papers:\n" + "".join(
    f"  - {{id: a{at}, title: Paper {at}, year: 2020, authors: [Ada Lovelace]}}\n" for at in range(5)
)


def test_a_long_year_and_a_prolific_author_go_on_over_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papernotes.site.kinds import paging

    monkeypatch.setattr(paging, "PAGE_PAPERS", 2)
    site = build_site(write_project(tmp_path / "kb", AUTHORED))
    listed = [re.findall(r'data-paper="(\w+)"', article(site, url)) for url in ("years/2020", "years/2020/page-2", "years/2020/page-3")]
    assert listed == [["a0", "a1"], ["a2", "a3"], ["a4"]]
    assert '<p class="pn-more">3 more papers on pages <a href="page-2/">2</a>, <a href="page-3/">3</a></p>' in article(site, "years/2020")
    assert "<title>2020 (2 of 3) - Test notes</title>" in (site / "years/2020/page-2/index.html").read_text(encoding="utf-8")
    by_author = [re.findall(r'data-paper="(\w+)"', article(site, url)) for url in ("authors/ada-lovelace", "authors/ada-lovelace/page-2", "authors/ada-lovelace/page-3")]
    assert sorted(paper for page in by_author for paper in page) == ["a0", "a1", "a2", "a3", "a4"]
    assert [len(page) for page in by_author] == [2, 2, 1]
    assert '<nav class="pn-pager" aria-label="pages of this author">Pages: <a href="../">1</a> · <a href="../page-2/">2</a> · <strong aria-current="page">3</strong></nav>' in article(site, "authors/ada-lovelace/page-3")


def test_a_reading_log_of_many_years_lists_the_latest_weeks_and_spans_the_years_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """50,000 papers over 4,000 weeks made the log 1.3 MB with every week listed: it lists LISTED_WEEKS
    weeks one by one, and each year before as one line linking its first and last week."""
    from papernotes.site.kinds import week

    monkeypatch.setattr(week, "LOG_PAPERS", 3)
    monkeypatch.setattr(week, "LISTED_WEEKS", 5)
    site = build_site(write_project(tmp_path / "kb", LONG_LOG))
    body = article(site, "weeks")
    assert re.findall(r'<h2 id="(log-\d+)">', body) == ["log-2020", "log-2019", "log-2018"]
    assert body.split('id="log-2018"', 1)[0].split('id="log-2020"', 1)[1].count("<li><a href=") == 5
    assert re.search(r'<h2 id="log-2018">2018</h2>\s*<p class="pn-log-year__span">4 weeks, 4 papers: from '
                     r'<a href="2018-01-08/">Week 1 · 8–14 Jan 2018</a> to <a href="2018-04-09/">Week \d+ · [^<]+</a>, '
                     r'each week linking the next</p>', body), body.split('id="log-2018"', 1)[1][:600]


def test_listed_years_keep_the_newest_year_whatever_its_size() -> None:
    from papernotes.site.kinds.week import listed_years

    earlier = [(2020, [object()] * 3), (2019, [object()] * 2), (2018, [object()])]
    assert listed_years(earlier, 1) == {2020}  # type: ignore[arg-type]
    assert listed_years(earlier, 5) == {2020, 2019}  # type: ignore[arg-type]
    assert listed_years(earlier, 6) == {2020, 2019, 2018}  # type: ignore[arg-type]
