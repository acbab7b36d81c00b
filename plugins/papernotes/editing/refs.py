"""`papernotes refs [ID...] [--missing]`: each paper's references, asked of the services and kept
in references.yaml beside papers.yaml.

The file is written again after each paper (whole, then moved into place), so an interrupt
loses at most the paper being asked, and `--missing` goes on where it stopped. Lists of papers
not asked this time, and of papers papers.yaml no longer holds, are kept as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge.knowledge_base import FatalProblem
from ..knowledge.model import Paper
from ..knowledge.papers_file import load_papers
from ..knowledge.problems import counted, did_you_mean, display_path, quote
from ..knowledge.references import Reference, ReferencesFile, load_references, references_path, write_references
from ..services.http import Client, NotFound, ServiceError
from ..services.references import references_of


@dataclass
class RefsReport:
    lines: list[str] = field(default_factory=list)
    error: str | None = None
    exit_code: int = 0


class RefsAbort(Exception):
    """references.yaml cannot be written without losing what it holds; the message says why."""


def open_references(papers: Path) -> tuple[Path, ReferencesFile]:
    """references.yaml beside `papers` as it is now; RefsAbort when it has errors (rewriting it
    would drop the entries that are wrong)."""
    path = references_path(papers)
    shown = display_path(path, Path.cwd())
    found = load_references(path, shown)
    errors = [problem for problem in found.problems if problem.severity == "error"]
    if errors:
        listed = "\n".join(problem.format() for problem in errors[:10])
        more = f"\n... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise RefsAbort(f"{listed}{more}\n{shown} has {counted(len(errors), 'error')}: fix them first; nothing was written")
    return path, found


def store_references(
    papers: Iterable[Paper], path: Path, lists: dict[str, list[Reference]], client: Client, lines: list[str]
) -> int:
    """Ask for the references of each paper and write the file after each one found; the
    number of papers whose services could not be asked."""
    failures = 0
    shown = display_path(path, Path.cwd())
    for paper in papers:
        if not paper.doi and not paper.arxiv:
            lines.append(f"{paper.id}: no DOI or arXiv id to look its references up by: skipped (add one to its record)")
            continue
        try:
            found = references_of(client, paper.doi, paper.arxiv)
        except NotFound as exc:
            lists[paper.id] = []
            write_references(path, lists)
            lines.append(f"{paper.id}: {exc}: kept as [] in {shown} (`papernotes refs {paper.id}` asks again)")
            continue
        except ServiceError as exc:
            failures += 1
            lines.append(f"{paper.id}: {exc}: not written, asked again next time")
            continue
        lists[paper.id] = found.references
        write_references(path, lists)
        lines.extend(f"{paper.id}: {note}" for note in found.notes)
        lines.append(f"{paper.id}: {counted(len(found.references), 'reference')} from {found.source}")
    return failures


def fetch_references(project_papers: Path, paper_ids: list[str], missing_only: bool, client: Client,
                     today: dt.date | None = None) -> RefsReport:
    """`papernotes refs`: the references of the papers named (all when none), or of those
    references.yaml has no list for yet (`missing_only`)."""
    report = RefsReport()
    file = display_path(project_papers, Path.cwd())
    try:
        kb = load_papers(project_papers, file, today or dt.date.today())
    except FatalProblem as exc:
        return RefsReport(error=str(exc), exit_code=2)
    if kb.fatal is not None:
        return RefsReport(error=kb.fatal.format(), exit_code=2)
    try:
        path, found = open_references(project_papers)
    except RefsAbort as exc:
        return RefsReport(error=str(exc), exit_code=2)
    unknown = [paper_id for paper_id in paper_ids if paper_id not in kb.papers]
    if unknown:
        names = ", ".join(quote(paper_id) + did_you_mean(paper_id, kb.papers) for paper_id in unknown)
        return RefsReport(error=f"no paper {names} in {file}", exit_code=2)
    chosen = [kb.papers[paper_id] for paper_id in dict.fromkeys(paper_ids)] if paper_ids else list(kb.papers.values())
    if missing_only:
        chosen = [paper for paper in chosen if paper.id not in found.lists]
    if not chosen:
        report.lines.append(f"every paper has its references in {display_path(path, Path.cwd())}: nothing to ask")
        return report
    lists = dict(found.lists)
    try:
        failures = store_references(chosen, path, lists, client, report.lines)
    except OSError as exc:
        return RefsReport(report.lines, f"cannot write {display_path(path, Path.cwd())}: {exc.strerror or exc}", 1)
    if failures:
        report.error = f"{counted(failures, 'paper')} could not be asked: run `papernotes refs --missing` again later"
        report.exit_code = 1
    return report
