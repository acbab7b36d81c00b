"""The library graph's data (`graph.json`) and the files its page loads: the layout of
site/graph_layout.py as one compact JSON the page's canvas draws.

The JSON (`format` 1), URLs relative to the site root::

    {"format": 1,
     "paper_url": ["papers/", "/"],            # a paper's URL: prefix + id + suffix
     "size": [width, height],                  # of the layout, in its units
     "topics": [[label, "#4e79a7"], ...],      # label and colour; the most papers first
     "papers": [[id, title, short, topic, x, y], ...],   # short "" when none; 7th item, a URL of its own
     "cites": [citing, cited, citing, cited, ...],       # indexes into papers, flat
     "links": [from, to, ...]}                 # note links no citation joins, flat

Titles and names are plain text: the script shows them with textContent, never as HTML.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from dataclasses import dataclass
from typing import Any

from .explorer import asset_text
from .graph_layout import UNTAGGED, GraphLayout, layout_library
from .pages import SitePlan
from .urls import url_of

FORMAT = 1
DATA_URI = "assets/papernotes/graph.json"
SCRIPT_URI = "assets/papernotes/graph.js"
# Told apart in light and dark schemes; topics past them share the "other" grey of the legend.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#76b7b2", "#9c755f", "#8cd17d")
OTHER_COLOUR = "#9e9e9e"

_layout_of_plan: weakref.WeakKeyDictionary[SitePlan, GraphLayout] = weakref.WeakKeyDictionary()
_json_of_plan: weakref.WeakKeyDictionary[SitePlan, str] = weakref.WeakKeyDictionary()
_last_layout: tuple[Any, GraphLayout] | None = None  # what the last layout was made of, and it


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    papers: int
    tag_src: str | None  # the topic's page


def note_links(plan: SitePlan) -> list[tuple[str, str]]:
    """(paper, paper its note links with [[id]]), in the notes' order."""
    found: list[tuple[str, str]] = []
    for paper_id, note in plan.kb.note_of_paper.items():
        found.extend((paper_id, ref.paper_id) for ref in note.refs if ref.paper_id in plan.kb.papers)
    return found


def graph_layout(plan: SitePlan) -> GraphLayout:
    """The plan's layout, computed once per plan, and not again while serving when what it is
    made of (each paper's id, first tag and year, the citations, the note links) is unchanged:
    a note's text edited, or a title, costs a comparison of tuples, not a layout (0.5 s at
    10,000 papers)."""
    global _last_layout
    layout = _layout_of_plan.get(plan)
    if layout is None:
        papers = list(plan.kb.papers.values())
        links = note_links(plan)
        key = (tuple((p.id, p.tags[0] if p.tags else "", p.year) for p in papers),
               tuple((paper_id, tuple(ids)) for paper_id, ids in plan.graph.cites.items()), tuple(links))
        if _last_layout is not None and _last_layout[0] == key:
            layout = _last_layout[1]
        else:
            layout = layout_library(papers, plan.graph.cites, links)
            _last_layout = (key, layout)
        _layout_of_plan[plan] = layout
    return layout


def topic_label(plan: SitePlan, topic: str) -> str:
    return plan.tag_label(topic) if topic != UNTAGGED else "No topic"


def colour_index(layout: GraphLayout, at: int) -> int:
    """The palette's colour of the topic at `at`, -1 for the grey of the rest and of papers without one."""
    return at if at < len(PALETTE) and layout.topics[at] != UNTAGGED else -1


def legend(plan: SitePlan) -> list[LegendEntry]:
    layout = graph_layout(plan)
    counts = [0] * len(layout.topics)
    for at in layout.topic_of:
        counts[at] += 1
    entries = []
    for at, topic in enumerate(layout.topics):
        colour = colour_index(layout, at)
        entries.append(LegendEntry(topic_label(plan, topic), PALETTE[colour] if colour >= 0 else OTHER_COLOUR, counts[at],
                                   plan.tag_src(topic) if topic != UNTAGGED and topic in plan.tags else None))
    return entries


def graph_data(plan: SitePlan) -> dict[str, Any]:
    layout = graph_layout(plan)
    use_dirs = plan.options.use_directory_urls
    prefix = plan.options.prefix_papers.strip("/") + "/" if plan.options.prefix_papers.strip("/") else ""
    suffix = "/" if use_dirs else ".html"
    rows: list[list[Any]] = []
    for at, paper_id in enumerate(layout.ids):
        paper = plan.kb.papers[paper_id]
        row: list[Any] = [paper_id, paper.title, paper.short or "", layout.topic_of[at], layout.x[at], layout.y[at]]
        url = url_of(plan.paper_src(paper_id), use_dirs)
        if url != f"{prefix}{paper_id}{suffix}":  # an id 'index' maps to the folder itself
            row.append(url)
        rows.append(row)
    return {
        "format": FORMAT,
        "paper_url": [prefix, suffix],
        "size": [layout.width, layout.height],
        "topics": [[entry.label, entry.colour] for entry in legend(plan)],
        "papers": rows,
        "cites": [end for edge in layout.cites for end in edge],
        "links": [end for edge in layout.links for end in edge],
    }


def graph_json(plan: SitePlan) -> str:
    """`graph_data` as compact UTF-8 JSON (computed once per plan)."""
    text = _json_of_plan.get(plan)
    if text is None:
        text = _json_of_plan[plan] = json.dumps(graph_data(plan), ensure_ascii=False, separators=(",", ":"))
    return text


def has_edges(plan: SitePlan) -> bool:
    layout = graph_layout(plan)
    return bool(layout.cites or layout.links)


def graph_assets(plan: SitePlan) -> dict[str, str]:
    """Files the graph page loads, by site-relative URI (no data when there is nothing to draw)."""
    assets = {SCRIPT_URI: asset_text("graph.js")}
    if has_edges(plan):
        assets[DATA_URI] = graph_json(plan)
    return assets


def version(text: str) -> str:
    """A short digest for `?v=`, so browsers never keep a stale copy after a rebuild."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
