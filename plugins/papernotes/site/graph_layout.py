"""The whole library as a graph, laid out at build time: every paper a point, citations and
`[[id]]` links of a paper's note as edges, the papers of each topic (top-level tag) a disc.

The browser only draws what this computes, so the page stays fluid at 10,000 papers. Every
step is linear or n log n in papers + edges, and deterministic (two builds, the same bytes):

1. a topic's disc has one lattice slot per paper; the discs are packed in shelves, largest first;
2. a paper starts in its topic's disc, ordered by its second-level tag, then year;
3. a few rounds move each paper towards the mean of its neighbours (in any topic) and snap the
   papers of each disc back to its slots by sorting: rows by y, then each row by x.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..knowledge.model import Paper

SPACING = 10  # between neighbouring slots, in the layout's units
GAP = 3  # slots between two discs
ROUNDS = 4  # of neighbour averaging; each costs O(papers + edges) plus a sort
PULL = 0.7  # share of the neighbours' mean in a paper's next place (the rest is where it is)
ASPECT = 1.6  # width over height of the packed discs: a page's drawing is wider than tall
UNTAGGED = ""  # the topic of a paper without tags


@dataclass
class GraphLayout:
    ids: list[str]  # papers in papers.yaml's order; an edge names them by index
    topics: list[str]  # top-level tags, the most papers first; UNTAGGED last if any paper has no tag
    topic_of: list[int]  # index into topics, per paper
    x: list[int] = field(default_factory=list)
    y: list[int] = field(default_factory=list)
    cites: list[tuple[int, int]] = field(default_factory=list)  # (citing, cited)
    links: list[tuple[int, int]] = field(default_factory=list)  # (note's paper, paper it links), not also a citation
    width: int = 0
    height: int = 0


def topic_of(paper: Paper) -> str:
    return paper.tags[0].split("/", 1)[0] if paper.tags else UNTAGGED


def subtopic_of(paper: Paper) -> str:
    return paper.tags[0] if paper.tags else ""


def edges_of(index: Mapping[str, int], cites: Mapping[str, Sequence[str]],
             note_links: Iterable[tuple[str, str]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The citations, and the note links between two other papers that no citation joins (either way)."""
    cited = [(index[source], index[target]) for source, targets in cites.items() for target in targets]
    joined = {(min(a, b), max(a, b)) for a, b in cited}
    links: dict[tuple[int, int], None] = {}
    for source, target in note_links:
        if source == target or source not in index or target not in index:
            continue
        a, b = index[source], index[target]
        if (min(a, b), max(a, b)) not in joined:
            joined.add((min(a, b), max(a, b)))
            links[(a, b)] = None
    return cited, list(links)


def disc_slots(count: int) -> list[tuple[int, int]]:
    """`count` points of a hexagonal lattice nearest the origin, in rows: sorted by y, then x."""
    radius = math.ceil(math.sqrt(count / 3.0)) + 2  # hexagonal rings: 3r(r+1)+1 points within r
    rows = int(radius * 1.2) + 1
    points = []
    for row in range(-rows, rows + 1):
        y = row * SPACING * 0.866
        shift = SPACING / 2 if row % 2 else 0.0
        for column in range(-radius - 1, radius + 2):
            points.append((column * SPACING + shift, y))
    points.sort(key=lambda p: (p[0] * p[0] + p[1] * p[1], p[1], p[0]))
    kept = [(round(px), round(py)) for px, py in points[:count]]
    kept.sort(key=lambda p: (p[1], p[0]))
    return kept


def snap(members: list[int], want_x: list[float], want_y: list[float], slots: list[tuple[int, int]],
         x: list[float], y: list[float]) -> None:
    """Each member put on a slot of its disc: the ones wanting the top on the top rows, each row left to right."""
    by_y = sorted(members, key=lambda m: (want_y[m], want_x[m], m))
    start = 0
    while start < len(slots):
        end = start
        while end < len(slots) and slots[end][1] == slots[start][1]:
            end += 1
        row = sorted(by_y[start:end], key=lambda m: (want_x[m], m))
        for member, (sx, sy) in zip(row, slots[start:end], strict=True):
            x[member], y[member] = float(sx), float(sy)
        start = end


def pack_discs(sizes: list[int]) -> tuple[list[tuple[float, float]], float, float]:
    """Centres of discs of `sizes` slots (largest first) in shelves about ASPECT times as wide as high, and its size."""
    radii = [(math.sqrt(size / 0.9069) * SPACING * 0.55) + GAP * SPACING / 2 for size in sizes]  # hexagonal packing density
    row_width = max(max(radii, default=0) * 2, math.sqrt(ASPECT * sum((2 * r) ** 2 for r in radii)) * 1.1)
    centres: list[tuple[float, float]] = []
    x = y = shelf = width = 0.0
    for radius in radii:
        if x and x + 2 * radius > row_width:
            x, y, shelf = 0.0, y + shelf, 0.0
        centres.append((x + radius, y + radius))
        x += 2 * radius
        shelf = max(shelf, 2 * radius)
        width = max(width, x)
    return centres, width, y + shelf


def layout_library(papers: Sequence[Paper], cites: Mapping[str, Sequence[str]],
                   note_links: Iterable[tuple[str, str]], rounds: int = ROUNDS) -> GraphLayout:
    """Every paper's place, in whole units from (0, 0) at the top left."""
    ids = [paper.id for paper in papers]
    index = {paper_id: at for at, paper_id in enumerate(ids)}
    count_of: dict[str, int] = {}
    for paper in papers:
        count_of[topic_of(paper)] = count_of.get(topic_of(paper), 0) + 1
    topics = sorted(count_of, key=lambda t: (t == UNTAGGED, -count_of[t], t))
    topic_index = {topic: at for at, topic in enumerate(topics)}
    graph = GraphLayout(ids, topics, [topic_index[topic_of(paper)] for paper in papers])
    graph.cites, graph.links = edges_of(index, cites, note_links)
    members: list[list[int]] = [[] for _ in topics]
    for at, _paper in sorted(enumerate(papers), key=lambda item: (subtopic_of(item[1]), item[1].year or 0, item[0])):
        members[graph.topic_of[at]].append(at)
    centres, width, height = pack_discs([len(group) for group in members])
    slots = [[(sx + round(cx), sy + round(cy)) for sx, sy in disc_slots(len(group))]
             for group, (cx, cy) in zip(members, centres, strict=True)]
    x, y = [0.0] * len(ids), [0.0] * len(ids)
    for group, disc in zip(members, slots, strict=True):
        for member, (sx, sy) in zip(group, disc, strict=True):  # row after row: a subtopic's papers side by side
            x[member], y[member] = float(sx), float(sy)
    neighbours = graph.cites + graph.links
    for _ in range(rounds):
        want_x, want_y = _pulled(x, y, neighbours)
        for group, disc in zip(members, slots, strict=True):
            snap(group, want_x, want_y, disc, x, y)
    margin = GAP * SPACING
    graph.x = [round(value) + margin for value in x]
    graph.y = [round(value) + margin for value in y]
    graph.width, graph.height = round(width) + 2 * margin, round(height) + 2 * margin
    return graph


def _pulled(x: list[float], y: list[float], edges: list[tuple[int, int]]) -> tuple[list[float], list[float]]:
    """Where each paper would go: PULL of the way to its neighbours' mean (a paper alone stays)."""
    sum_x, sum_y, degree = [0.0] * len(x), [0.0] * len(x), [0] * len(x)
    for a, b in edges:
        sum_x[a] += x[b]
        sum_y[a] += y[b]
        sum_x[b] += x[a]
        sum_y[b] += y[a]
        degree[a] += 1
        degree[b] += 1
    want_x, want_y = list(x), list(y)
    for at, count in enumerate(degree):
        if count:
            want_x[at] = (1 - PULL) * x[at] + PULL * sum_x[at] / count
            want_y[at] = (1 - PULL) * y[at] + PULL * sum_y[at] / count
    return want_x, want_y
