"""The library graph laid out at build time (site/graph_layout.py): plain functions, no build."""

from __future__ import annotations

import math

from papernotes.knowledge.model import Paper
from papernotes.site.graph_layout import SPACING, disc_slots, edges_of, layout_library, pack_discs


def paper(paper_id: str, tags: list[str] | None = None, year: int | None = None) -> Paper:
    return Paper.model_validate({"id": paper_id, "title": f"Title of {paper_id}", "tags": tags or [], "year": year})


def library(count: int, topics: tuple[str, ...] = ("net/cnn", "seg", "gen")) -> list[Paper]:
    return [paper(f"p{at}", [topics[at % len(topics)]], 2000 + at % 20) for at in range(count)]


def test_each_paper_has_a_place_of_its_own_inside_the_drawing() -> None:
    papers = [*library(300), paper("untagged")]
    cites = {f"p{at}": [f"p{(at * 7) % 300}"] for at in range(300) if (at * 7) % 300 != at}
    graph = layout_library(papers, cites, [])
    places = list(zip(graph.x, graph.y, strict=True))
    assert len(set(places)) == len(papers)
    assert all(0 <= x <= graph.width and 0 <= y <= graph.height for x, y in places)
    assert graph.topics == ["gen", "net", "seg", ""]  # the most papers first (ties by name), no topic last


def test_the_papers_of_a_topic_stay_in_its_disc_apart_from_other_topics() -> None:
    papers = library(600)
    cites = {f"p{at}": [f"p{(at + 1) % 600}", f"p{(at + 301) % 600}"] for at in range(600)}  # across topics too
    graph = layout_library(papers, cites, [])
    boxes = []
    for topic in range(len(graph.topics)):
        xs = [x for x, t in zip(graph.x, graph.topic_of, strict=True) if t == topic]
        ys = [y for y, t in zip(graph.y, graph.topic_of, strict=True) if t == topic]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for at, (x0, y0, x1, y1) in enumerate(boxes):
        for other in boxes[at + 1:]:
            assert x1 < other[0] or other[2] < x0 or y1 < other[1] or other[3] < y0, "two topics' discs overlap"


def test_papers_citing_each_other_end_nearer_than_papers_of_the_topic_on_average() -> None:
    papers = [paper(f"p{at}", ["net"], 2000 + at % 7) for at in range(400)]
    pairs = [(f"p{at}", f"p{(at * 37 + 11) % 400}") for at in range(0, 400, 2)]
    cites = {a: [b] for a, b in pairs}
    graph = layout_library(papers, cites, [])
    at = {p.id: i for i, p in enumerate(papers)}

    def distance(a: int, b: int) -> float:
        return math.hypot(graph.x[a] - graph.x[b], graph.y[a] - graph.y[b])

    linked = sum(distance(at[a], at[b]) for a, b in pairs) / len(pairs)
    anyhow = sum(distance(i, (i * 13 + 5) % 400) for i in range(400)) / 400
    assert linked < anyhow / 2


def test_two_layouts_of_the_same_library_are_the_same() -> None:
    papers = library(500)
    cites = {f"p{at}": [f"p{(at * 3) % 500}"] for at in range(1, 500)}
    links = [("p1", "p2"), ("p5", "p9")]
    first, second = layout_library(papers, cites, links), layout_library(papers, cites, links)
    assert (first.x, first.y, first.cites, first.links) == (second.x, second.y, second.cites, second.links)


def test_a_note_link_is_an_edge_only_between_two_papers_no_citation_joins() -> None:
    index = {"a": 0, "b": 1, "c": 2}
    cites, links = edges_of(index, {"a": ["b"]}, [("b", "a"), ("a", "a"), ("a", "c"), ("c", "a"), ("a", "gone")])
    assert cites == [(0, 1)]
    assert links == [(0, 2)]  # b->a is the citation again; a->a is the paper itself; c->a the same link back


def test_a_disc_has_a_slot_per_paper_nearest_its_centre_row_by_row() -> None:
    for count in (1, 2, 7, 100, 1001):
        slots = disc_slots(count)
        assert len(slots) == len(set(slots)) == count
        assert slots == sorted(slots, key=lambda s: (s[1], s[0]))
        assert max(math.hypot(x, y) for x, y in slots) <= SPACING * (math.sqrt(count) * 0.6 + 1)


def test_discs_are_packed_without_overlap() -> None:
    sizes = [900, 400, 100, 30, 5, 1, 1]
    centres, width, height = pack_discs(sizes)
    radii = [max(math.hypot(x, y) for x, y in disc_slots(size)) for size in sizes]  # of the slots the layout fills
    for at, ((x, y), r) in enumerate(zip(centres, radii, strict=True)):
        assert r <= x <= width - r and r <= y <= height - r
        for (ox, oy), other in zip(centres[at + 1:], radii[at + 1:], strict=True):
            assert math.hypot(x - ox, y - oy) >= r + other + SPACING


def test_a_paper_cited_by_all_others_is_laid_out_in_linear_time() -> None:
    # 20,000 papers of one topic all citing one: comparing pairs would take minutes here
    papers = [paper(f"p{at}", ["net"]) for at in range(20_000)]
    cites = {f"p{at}": ["p0"] for at in range(1, 20_000)}
    graph = layout_library(papers, cites, [])
    assert len(graph.cites) == 19_999 and len(set(zip(graph.x, graph.y, strict=True))) == 20_000
