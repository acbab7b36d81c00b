"""A paper's one-hop citation graph, laid out at build time for its page's SVG: the papers of the
library citing it on the left, the paper in the middle, the papers it cites on the right.

Plain numbers and names: the template (`_graph.html`) draws them, escaping every name. A side
shows at most SIDE_LIMIT papers; the lists under the graph name them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..knowledge.model import Paper

SIDE_LIMIT = 8
WIDTH = 640
NODE_WIDTH = 180
NODE_HEIGHT = 26
ROW = 34  # a node's height and the gap to the next
LABEL_CHARS = 24  # what fits in a node at the graph's smallest size


@dataclass(frozen=True)
class Node:
    paper_id: str
    label: str  # the short name or title, cut to fit
    title: str  # the full title, the node's tooltip
    x: int
    y: int


@dataclass(frozen=True)
class Edge:
    path: str  # SVG path data, from the citing paper to the cited one


@dataclass(frozen=True)
class OneHop:
    width: int
    height: int
    centre: Node
    citing: list[Node]  # the papers citing it, left
    cited: list[Node]  # the papers it cites, right
    edges: list[Edge]
    more_citing: int  # papers left out of a side
    more_cited: int


def label_of(paper: Paper, limit: int = LABEL_CHARS) -> str:
    name = " ".join(paper.name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _column(papers: Sequence[Paper], x: int, height: int) -> list[Node]:
    top = (height - len(papers) * ROW) // 2
    return [Node(p.id, label_of(p), p.title, x, top + at * ROW + (ROW - NODE_HEIGHT) // 2) for at, p in enumerate(papers)]


def _curve(x1: int, y1: int, x2: int, y2: int) -> str:
    middle = (x1 + x2) // 2
    return f"M{x1} {y1} C{middle} {y1} {middle} {y2} {x2} {y2}"


def one_hop(paper: Paper, citing: Sequence[Paper], cited: Sequence[Paper], limit: int = SIDE_LIMIT) -> OneHop | None:
    """The graph of `paper` with the library's papers citing it and cited by it; None when there are none.

    The columns and the paper are centred on the taller column; a row below it says how many
    papers a side leaves out.
    """
    if not citing and not cited:
        return None
    shown_citing, shown_cited = list(citing[:limit]), list(cited[:limit])
    nodes_height = max(len(shown_citing), len(shown_cited)) * ROW
    more_citing, more_cited = len(citing) - len(shown_citing), len(cited) - len(shown_cited)
    height = nodes_height + (ROW if more_citing or more_cited else 0)
    centre = Node(paper.id, label_of(paper), paper.title, (WIDTH - NODE_WIDTH) // 2, (nodes_height - NODE_HEIGHT) // 2)
    left = _column(shown_citing, 0, nodes_height)
    right = _column(shown_cited, WIDTH - NODE_WIDTH, nodes_height)
    middle_y = centre.y + NODE_HEIGHT // 2
    edges = [Edge(_curve(node.x + NODE_WIDTH, node.y + NODE_HEIGHT // 2, centre.x, middle_y)) for node in left]
    edges += [Edge(_curve(centre.x + NODE_WIDTH, middle_y, node.x, node.y + NODE_HEIGHT // 2)) for node in right]
    return OneHop(WIDTH, height, centre, left, right, edges, more_citing, more_cited)
