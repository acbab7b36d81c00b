"""The build cost of the citation graph and the preview cards, measured in process on a
generated project (`generate.py`): each step timed alone, after the knowledge base is loaded.

    python benchmarks/graph_steps.py /tmp/kb/papernotes     # prints the seconds of each step as JSON

- `references`: references.yaml read and checked (part of loading the knowledge base);
- `citations`: who cites whom in the library and the missing works (`library_graph`);
- `graph`: the library graph laid out and written as graph.json (`layout_library`, `graph_json`);
- `graph_page`: the Graph page's HTML;
- `previews`: the preview cards' files (`preview_files`).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from papernotes.knowledge.knowledge_base import KnowledgeBase
from papernotes.knowledge.validation import load_knowledge_base, load_references_into
from papernotes.site.graph_data import graph_json
from papernotes.site.kinds import render_page
from papernotes.site.kinds.graph import pages as graph_pages
from papernotes.site.library_graph import library_graph
from papernotes.site.options import Options
from papernotes.site.pages import SitePlan
from papernotes.site.previews import preview_files


def load(project: Path) -> SitePlan:
    """The generated project's knowledge base and the plan of its site (default options)."""
    kb = load_knowledge_base(project / "papers.yaml", project / "docs", project)
    return SitePlan(kb, Options())


def step_seconds(project: Path) -> dict[str, float]:
    plan = load(project)
    kb = plan.kb
    timed: dict[str, float] = {}

    def timing(name: str, step: object) -> None:
        start = time.perf_counter()
        step()  # type: ignore[operator]
        timed[name] = time.perf_counter() - start

    timing("references", lambda: load_references_into(KnowledgeBase(kb.papers_file), project / "papers.yaml", project))
    timing("citations", lambda: library_graph(kb.papers, kb.references))
    timing("graph", lambda: graph_json(plan))
    page = next(graph_pages(plan))
    timing("graph_page", lambda: render_page(plan, page, "graph/"))
    timing("previews", lambda: preview_files(plan))
    return timed


if __name__ == "__main__":
    print(json.dumps(step_seconds(Path(sys.argv[1]))))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Graph</title><link rel="stylesheet" href="../assets/papernotes/papernotes.css"></head>
<body><article class="md-typeset">{body}</article></body></html>
"""


def write_graph_page(plan: SitePlan, site: Path) -> Path:
    """The Graph page and the files it loads, without the theme or any other page (a 10,000-paper
    site builds in a minute; these in a few seconds); returns the page's file."""
    from papernotes.site.explorer import asset_text
    from papernotes.site.graph_data import graph_assets

    page = next(graph_pages(plan))
    for uri, text in {**graph_assets(plan), "assets/papernotes/papernotes.css": asset_text("papernotes.css")}.items():
        (site / uri).parent.mkdir(parents=True, exist_ok=True)
        (site / uri).write_text(text, encoding="utf-8")
    html = site / "graph" / "index.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(PAGE.format(body=render_page(plan, page, "graph/")), encoding="utf-8")
    return html
