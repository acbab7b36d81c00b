"""`papernotes export`: the papers of a filtered view as BibTeX or CSL-JSON, for scripts.

The filters are the explorer's (tag with its child tags, status, venue by any spelling, year;
values of one option OR, options AND), and the entries are the ones the site shows
(knowledge/cite.py), so a script gets what a reader downloads from the same view.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .knowledge.cite import UnknownFilter, View, citations_of
from .knowledge.knowledge_base import FatalProblem, venue_lookup
from .knowledge.problems import counted
from .knowledge.project import find_project
from .knowledge.validation import load_knowledge_base


def export_command(
    path_arg: str, output_format: str, view: View, out: str | None
) -> int:
    """Write the view's papers; 0 done, 1 a filter names nothing of the knowledge base, 2 unreadable input."""
    path = Path(path_arg)
    if not path.exists():
        print(f"papernotes export: no such file or folder: {path_arg}", file=sys.stderr)
        return 2
    project = find_project(path)
    if not project.papers.is_file():
        print(f"papernotes export: no papers file at {project.papers}", file=sys.stderr)
        return 2
    try:
        kb = load_knowledge_base(project.papers, project.docs_dir, Path.cwd(), layout=project.layout)
    except FatalProblem as exc:
        print(f"papernotes export: {exc}", file=sys.stderr)
        return 2
    if kb.fatal is not None:
        print(f"papernotes export: {kb.fatal.format()}", file=sys.stderr)
        return 2
    spellings = venue_lookup(kb)
    for paper in kb.papers.values():  # venues outside the vocabulary are filters too
        if paper.venue:
            spellings.setdefault(paper.venue.lower(), paper.venue)
    known_tags = set(kb.tags) | {tag for paper in kb.papers.values() for tag in paper.tags}
    known_tags |= {tag.rsplit("/", 1)[0] for tag in known_tags if "/" in tag}
    try:
        papers = view.select(kb.papers.values(), known_tags, spellings)
    except UnknownFilter as exc:
        print(f"papernotes export: {exc}", file=sys.stderr)
        return 1
    citations = citations_of(kb)
    if output_format == "csljson":
        text = json.dumps(citations.csl_json(papers), indent=2, ensure_ascii=False) + "\n"
    else:
        text = citations.bibliography(papers)
    if kb.errors:
        print(
            f"papernotes export: {kb.papers_file} has {counted(len(kb.errors), 'error')} "
            "(papernotes check lists them); exported what validated",
            file=sys.stderr,
        )
    if out is None or out == "-":
        sys.stdout.write(text)
    else:
        target = Path(out)
        partial = target.with_name(f".{target.name}.partial")  # written whole, then renamed
        try:
            partial.write_text(text, encoding="utf-8")
            partial.replace(target)
        except OSError as exc:
            print(f"papernotes export: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        finally:
            partial.unlink(missing_ok=True)
    print(f"exported {counted(len(papers), 'paper')} of {len(kb.papers)} as {output_format}", file=sys.stderr)
    return 0
