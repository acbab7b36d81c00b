"""A paper's one-hop citation graph, laid out at build time for its page's SVG: the papers of the
library citing it on the left, the paper in the middle, the papers it cites on the right; on a
phone (`one_hop_narrow`), the papers citing it above it and the ones it cites below, two abreast.

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
NARROW_WIDTH = 340  # a phone's column (390 px less the page's margins), drawn at about its own size
NARROW_NODE_WIDTH = 164
NARROW_LABEL_CHARS = 21
NARROW_GAP = 44  # between a row of papers and the paper, where the edges bend


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
    node_width: int = NODE_WIDTH
    more_citing_at: tuple[int, int] = (0, 0)  # where the "+N more" of a side is written (its middle)
    more_cited_at: tuple[int, int] = (0, 0)


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
    return OneHop(WIDTH, height, centre, left, right, edges, more_citing, more_cited,
                  more_citing_at=(NODE_WIDTH // 2, height - 10), more_cited_at=(WIDTH - NODE_WIDTH // 2, height - 10))


def _rows(papers: Sequence[Paper], top: int) -> list[Node]:
    """Two papers a row from `top`, a lone last one in the middle."""
    nodes = []
    for at, paper in enumerate(papers):
        alone = at == len(papers) - 1 and at % 2 == 0
        x = (NARROW_WIDTH - NARROW_NODE_WIDTH) // 2 if alone else (at % 2) * (NARROW_WIDTH - NARROW_NODE_WIDTH)
        nodes.append(Node(paper.id, label_of(paper, NARROW_LABEL_CHARS), paper.title, x, top + (at // 2) * ROW))
    return nodes


def _vertical(x1: int, y1: int, x2: int, y2: int) -> str:
    middle = (y1 + y2) // 2
    return f"M{x1} {y1} C{x1} {middle} {x2} {middle} {x2} {y2}"


def one_hop_narrow(paper: Paper, citing: Sequence[Paper], cited: Sequence[Paper], limit: int = SIDE_LIMIT) -> OneHop | None:
    """The same graph for a phone's width: the papers citing it in rows above it, the ones it cites below."""
    if not citing and not cited:
        return None
    shown_citing, shown_cited = list(citing[:limit]), list(cited[:limit])
    more_citing, more_cited = len(citing) - len(shown_citing), len(cited) - len(shown_cited)
    y = 0
    above = _rows(shown_citing, y)
    y += -(-len(shown_citing) // 2) * ROW
    more_citing_at = (NARROW_WIDTH // 2, y + 12)
    y += (ROW if more_citing else 0) + (NARROW_GAP if above else 0)
    centre = Node(paper.id, label_of(paper, NARROW_LABEL_CHARS), paper.title, (NARROW_WIDTH - NARROW_NODE_WIDTH) // 2, y)
    y += NODE_HEIGHT + (NARROW_GAP if shown_cited else 0)
    below = _rows(shown_cited, y)
    y += -(-len(shown_cited) // 2) * ROW
    more_cited_at = (NARROW_WIDTH // 2, y + 12)
    height = y + (ROW if more_cited else 0)
    middle_x = centre.x + NARROW_NODE_WIDTH // 2
    edges = [Edge(_vertical(n.x + NARROW_NODE_WIDTH // 2, n.y + NODE_HEIGHT, middle_x, centre.y)) for n in above]
    edges += [Edge(_vertical(middle_x, centre.y + NODE_HEIGHT, n.x + NARROW_NODE_WIDTH // 2, n.y)) for n in below]
    return OneHop(NARROW_WIDTH, height, centre, above, below, edges, more_citing, more_cited, NARROW_NODE_WIDTH,
                  more_citing_at, more_cited_at)
