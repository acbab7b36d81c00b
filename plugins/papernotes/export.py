"""`papernotes export`: the papers of a filtered view as BibTeX or CSL-JSON, for scripts.

The filters are the explorer's (tag with its child tags, status, venue by any spelling, year;
values of one option OR, options AND), and the entries are the ones the site shows
(knowledge/cite.py), so a script gets what a reader downloads from the same view.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .importers.writing import WriteRefused, write_file
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
        refused = write_out(Path(out), text)
        if refused is not None:
            print(f"papernotes export: {refused}", file=sys.stderr)
            return 2
    print(f"exported {counted(len(papers), 'paper')} of {len(kb.papers)} as {output_format}", file=sys.stderr)
    return 0


def write_out(target: Path, text: str) -> str | None:
    """Write the export to `target` as an import writes papers.yaml (importers/writing.py); why
    it was not written, or None."""
    if target.is_dir():
        return f"--out {target} is a folder: name the file to write (e.g. {target / 'papers.bib'})"
    folder = Path(os.path.realpath(target)).parent
    if not folder.is_dir():
        return f"cannot write {target}: the folder {folder} does not exist"
    try:
        write_file(target, text)
    except WriteRefused as exc:
        return f"{exc.path} {exc.reason}"
    except OSError as exc:
        return f"cannot write {target}: {exc.strerror or exc}; nothing was written"
    return None
