"""A paper's one-hop citation graph: its layout (plain function) and its SVG on built pages."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build_site, write_project
from papernotes.knowledge.model import Paper
from papernotes.site.citation_graph import (
    LABEL_CHARS,
    NARROW_LABEL_CHARS,
    NARROW_NODE_WIDTH,
    NARROW_WIDTH,
    NODE_HEIGHT,
    NODE_WIDTH,
    SIDE_LIMIT,
    WIDTH,
    label_of,
    one_hop,
    one_hop_narrow,
)


def paper(paper_id: str, title: str = "", short: str | None = None) -> Paper:
    return Paper.model_validate({"id": paper_id, "title": title or f"Title of {paper_id}", "short": short})


def test_no_citation_in_the_library_draws_no_graph() -> None:
    assert one_hop(paper("a"), [], []) is None


def test_citing_papers_go_left_cited_ones_right_all_inside_the_drawing() -> None:
    graph = one_hop(paper("a"), [paper("c1"), paper("c2")], [paper("r1")])
    assert graph is not None
    assert [node.paper_id for node in graph.citing] == ["c1", "c2"] and [node.paper_id for node in graph.cited] == ["r1"]
    assert all(node.x == 0 for node in graph.citing) and all(node.x == WIDTH - NODE_WIDTH for node in graph.cited)
    for node in [graph.centre, *graph.citing, *graph.cited]:
        assert node.y >= 0 and node.y + NODE_HEIGHT <= graph.height
    assert len(graph.edges) == 3 and graph.more_citing == graph.more_cited == 0


def test_a_long_side_shows_its_first_papers_and_counts_the_rest() -> None:
    many = [paper(f"p{i}") for i in range(SIDE_LIMIT + 5)]
    graph = one_hop(paper("a"), many, [])
    assert graph is not None
    assert [node.paper_id for node in graph.citing] == [p.id for p in many[:SIDE_LIMIT]]
    assert graph.more_citing == 5 and graph.more_cited == 0
    assert max(node.y for node in graph.citing) + NODE_HEIGHT < graph.height  # room for the "+5 more" row


def test_a_label_is_the_short_name_else_the_title_cut_to_fit() -> None:
    assert label_of(paper("a", short="ResNet")) == "ResNet"
    long = label_of(paper("a", "A very long title that does not fit in a node"))
    assert long == "A very long title that…" and len(long) <= LABEL_CHARS  # cut, its trailing space dropped


def test_the_graph_links_each_paper_and_escapes_names(tmp_path: Path) -> None:
    papers = """\
    papers:
      - {id: base, title: The Base Paper, doi: 10.1000/base}
      - {id: user, title: "<img src=x onerror=alert(1)>", short: "<b>Evil</b> & co"}
      - {id: lone, title: Nobody cites it}
    """
    root = write_project(tmp_path / "kb", papers)
    (root / "references.yaml").write_text("references:\n  user:\n    - doi: 10.1000/base\n", encoding="utf-8")
    site = build_site(root, strict=True)
    base = (site / "papers" / "base" / "index.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg class=\"pn-graph__svg pn-graph__svg--(wide|narrow)\".*?</svg>", base, re.DOTALL)
    assert svgs == ["wide", "narrow"], "no graph on the page of a cited paper"
    drawn = re.search(r"<svg class=\"pn-graph__svg pn-graph__svg--wide\".*?</svg>", base, re.DOTALL).group(0)  # type: ignore[union-attr]
    assert re.findall(r'<a class="pn-graph__node" href="([^"]+)"', drawn) == ["../user/"]
    assert 'marker-end="url(#pn-graph-arrow-wide)"' in drawn and 'id="pn-graph-arrow-narrow"' in base  # ids of their own
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; co" in drawn and "<b>" not in drawn
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in drawn
    assert '<g class="pn-graph__node pn-graph__node--this" aria-current="page">' in drawn  # itself: not a link
    assert '<h2 id="citation-graph" data-search-exclude>' in base
    assert "pn-graph" not in (site / "papers" / "lone" / "index.html").read_text(encoding="utf-8")
    search = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Citations in your library" not in search and "Left: your papers" not in search


def test_on_a_phone_the_papers_citing_it_are_above_it_and_the_ones_it_cites_below() -> None:
    citing = [paper(f"c{i}", short=f"C{i}") for i in range(3)]
    cited = [paper(f"r{i}", "A title much too long for a node on a phone") for i in range(SIDE_LIMIT + 2)]
    graph = one_hop_narrow(paper("a"), citing, cited)
    assert graph is not None and graph.width == NARROW_WIDTH and graph.node_width == NARROW_NODE_WIDTH
    assert max(node.y for node in graph.citing) + NODE_HEIGHT < graph.centre.y
    assert min(node.y for node in graph.cited) > graph.centre.y + NODE_HEIGHT
    assert {node.x for node in graph.citing[:2]} == {0, NARROW_WIDTH - NARROW_NODE_WIDTH}  # two abreast
    assert graph.citing[2].x == graph.centre.x  # a lone last one in the middle
    for node in [graph.centre, *graph.citing, *graph.cited]:
        assert node.x >= 0 and node.x + NARROW_NODE_WIDTH <= NARROW_WIDTH and node.y + NODE_HEIGHT <= graph.height
    assert len(graph.cited) == SIDE_LIMIT and graph.more_cited == 2
    assert graph.more_cited_at[1] < graph.height and all(len(node.label) <= NARROW_LABEL_CHARS for node in graph.cited)
    assert len(graph.edges) == 3 + SIDE_LIMIT
    assert one_hop_narrow(paper("a"), [], []) is None
