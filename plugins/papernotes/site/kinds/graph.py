"""The library graph page: every paper, the citations between them and the [[id]] links of their
notes, laid out at build time (site/graph_layout.py) and drawn by assets/graph.js in a canvas.

Its token: ("graph", ""), the graph's JSON (every paper's id, title, short name, topic and
place, every edge) and the legend.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..explorer import asset_text
from ..graph_data import DATA_URI, SCRIPT_URI, graph_json, graph_layout, has_edges, legend, version
from ..pages import PlannedPage, SitePlan
from ..tracking import Dependencies, digest
from ..urls import relative_url
from .base import PageKind, index_page


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("graph"):
        yield index_page(plan, "graph")


def render(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    layout = graph_layout(plan)
    drawn = has_edges(plan)
    return plan.render(
        "graph.html", page_url, drawn=drawn, legend=legend(plan), paper_count=len(layout.ids),
        cite_count=len(layout.cites), link_count=len(layout.links), referenced=len(plan.kb.references),
        data_src=f"{relative_url(DATA_URI, page_url)}?v={version(graph_json(plan))}" if drawn else "",
        script_src=f"{relative_url(SCRIPT_URI, page_url)}?v={version(asset_text('graph.js'))}",
        site_root=relative_url("", page_url),
    )


def graph_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest(graph_json(plan), len(plan.kb.references), [(e.label, e.tag_src) for e in legend(plan)])


KIND = PageKind(
    "graph",
    pages=pages,
    render={"graph": render},
    digests={"graph": graph_digest},
    listing=frozenset({"graph"}),  # its names are in the JSON, not the page; its intro would match every query
    full_width=frozenset({"graph"}),  # the canvas gets the width
)
