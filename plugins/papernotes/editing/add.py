"""`papernotes add ARG...`: a paper named by its arXiv id, DOI, page or title, appended to papers.yaml.

The services say what the paper is (services.resolve); the importer's planner makes the record
(a readable id not taken, the venue of the knowledge base's vocabulary, tags declared where a
vocabulary exists) and its writer appends it as text, all or nothing (importers.writing).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..importers.existing import Existing, existing_from, refusal
from ..importers.ids_and_links import is_safe_url
from ..importers.imported import ImportAbort, ImportedEntry, ParsedFile, Plan
from ..importers.matching import normalise_title, normalise_url
from ..importers.papers_text import append_to_papers_text, check_appended, dump_yaml
from ..importers.plan import plan_import
from ..importers.run import find_target
from ..importers.shapes.titles import parse_title
from ..importers.writing import FileSet, WriteRefused
from ..knowledge.knowledge_base import FatalProblem, KnowledgeBase
from ..knowledge.model import MIN_YEAR, Paper
from ..knowledge.papers_file import load_papers
from ..knowledge.problems import display_path
from ..services.http import Client, ServiceError
from ..services.identifiers import Identifier, identify
from ..services.metadata import Metadata
from ..services.resolve import map_venue, resolve, vocabulary_spellings
from .refs import RefsAbort, open_references, store_references


@dataclass
class AddOptions:
    tags: list[str] = field(default_factory=list)
    status: str | None = None
    read: dt.date | None = None
    group: str | None = None
    short: str | None = None
    note: bool = False
    dry_run: bool = False
    references: bool = True  # look up what each added paper cites, into references.yaml


@dataclass
class AddReport:
    lines: list[str] = field(default_factory=list)
    error: str | None = None  # why nothing was written
    exit_code: int = 0


@dataclass
class _KnowledgeBase:
    papers: Path
    notes: Path
    file: str
    raw: bytes
    kb: KnowledgeBase
    existing: Existing


def _open(into: Path, today: dt.date) -> _KnowledgeBase:
    target = find_target(into)
    file = display_path(target.papers, Path.cwd())
    if not os.path.isfile(target.papers):
        raise ImportAbort(f"no papers file at {file}: run `papernotes init` first, or give --into the knowledge base's folder")
    try:
        raw = target.papers.read_bytes()
        kb = load_papers(target.papers, file, today)
    except FatalProblem as exc:
        raise ImportAbort(str(exc)) from None
    except OSError as exc:
        raise ImportAbort(f"{file}: cannot read papers file: {exc.strerror or exc}") from None
    if kb.errors:
        raise ImportAbort(refusal(kb.errors, file).replace("the import merges", "add appends"))
    existing = existing_from(kb)
    existing.raw = raw
    existing.text = raw.decode("utf-8")
    return _KnowledgeBase(target.papers, target.notes, file, raw, kb, existing)


def known(existing: Existing, doi: str | None, arxiv: str | None, url: str | None, title: str | None) -> tuple[str, str] | None:
    """(id, how) of the record that is already this paper: same DOI, arXiv id, URL or title."""
    if doi and doi.lower() in existing.dois:
        return existing.dois[doi.lower()], "same DOI"
    if arxiv and arxiv in existing.arxivs:
        return existing.arxivs[arxiv], "same arXiv id"
    if url:
        key = normalise_url(url)
        if key in existing.urls:
            return existing.urls[key], "same URL"
        if key.startswith("arxiv:") and key[6:] in existing.arxivs:
            return existing.arxivs[key[6:]], "same arXiv id"
    if title and normalise_title(title) in existing.titles:
        return existing.titles[normalise_title(title)], "same title"
    return None


def _known_before_asking(existing: Existing, identifier: Identifier) -> tuple[str, str] | None:
    if identifier.kind == "arxiv":
        return known(existing, None, identifier.value, None, None)
    if identifier.kind == "doi":
        return known(existing, identifier.value, None, identifier.url, None)
    if identifier.kind == "page":
        return known(existing, None, None, identifier.value, None)
    return known(existing, None, None, None, identifier.value)


def _entry(paper: Metadata, options: AddOptions, venue: str | None, short: str | None) -> ImportedEntry:
    # only an http(s) address a service gives is kept: a record links nothing else
    url = paper.url if paper.url and paper.url.lower().startswith(("http://", "https://")) and is_safe_url(paper.url) else None
    entry = ImportedEntry(line=0, title=paper.title, url=url, short=short, authors=list(paper.authors))
    entry.year = paper.year if paper.year and MIN_YEAR <= paper.year <= dt.date.today().year + 1 else None
    entry.venue = venue
    entry.venue_qualifier = paper.venue_qualifier if venue else None
    entry.tags = list(options.tags)
    entry.read = options.read
    entry.status = options.status
    entry.group = options.group
    entry.abstract = paper.abstract
    if paper.doi:
        entry.ids["doi"] = paper.doi
    if paper.arxiv:
        entry.ids["arxiv"] = paper.arxiv
    return entry


def _validated(record: dict[str, object]) -> None:
    try:
        Paper.model_validate(record)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        reason = f"{where}: {problem['msg']}"
        raise ImportAbort(f"the record of '{record['id']}' would not pass check ({reason}): nothing was written") from None


def _record_line(text: str, paper_id: str) -> int:
    matches = list(re.finditer(rf"^[ \t]*- id: {re.escape(paper_id)}[ \t]*\r?$", text, re.MULTILINE))
    return text.count("\n", 0, matches[-1].start()) + 1 if matches else 0


def _describe(record: dict[str, object]) -> str:
    where = " ".join(str(record[key]) for key in ("venue", "year") if record.get(key))
    return f"{record['title']}" + (f" ({where})" if where else "")


def add_papers(arguments: list[str], into: Path, options: AddOptions, client: Client, today: dt.date | None = None) -> AddReport:
    """Find each paper, then append the new ones to papers.yaml (and their notes): all, or nothing."""
    try:
        base = _open(into, today or dt.date.today())
    except ImportAbort as exc:
        return AddReport(error=str(exc), exit_code=2)
    report = AddReport()
    entries, failures = _find_new(arguments, base, options, client, report.lines)
    if failures:
        report.lines.extend(failures)
        count = "the paper above" if len(failures) == 1 else f"{len(failures)} papers above"
        report.error = f"nothing was written: {count} could not be found"
        report.exit_code = 1
        return report
    if not entries:
        report.lines.append("nothing new: no file was changed")
        return report
    try:
        plan, new_text = _planned(base, entries)
    except ImportAbort as exc:
        return AddReport(lines=report.lines, error=str(exc), exit_code=1)
    files = _files_to_write(base, plan, new_text, options, report.lines)
    if options.dry_run:
        report.lines.append("dry run: nothing was written")
        return report
    error = _write(files, base.file)
    if error:
        return AddReport(lines=report.lines, error=error, exit_code=1)
    if options.references:
        _store_references([Paper.model_validate(record) for record in plan.records], base.papers, client, report.lines)
    return report


def _find_new(
    arguments: list[str], base: _KnowledgeBase, options: AddOptions, client: Client, lines: list[str]
) -> tuple[list[ImportedEntry], list[str]]:
    """The entries of the papers not in the knowledge base yet, and why any could not be found;
    what the services said and the papers already there go to `lines`."""
    existing = base.existing
    spellings = vocabulary_spellings({key: (venue.name, venue.aliases) for key, venue in base.kb.venues.items()})
    entries: list[ImportedEntry] = []
    failures: list[str] = []
    for argument in arguments:
        identifier = identify(argument)
        found = _known_before_asking(existing, identifier)
        if found is None:
            try:
                resolved = resolve(client, identifier)
            except ServiceError as exc:
                failures.append(f"{argument}: {exc}")
                continue
            paper = resolved.paper
            found = known(existing, paper.doi, paper.arxiv, paper.url, paper.title)
        if found is not None:
            paper_id, how = found
            line = base.kb.paper_lines.get(paper_id, 0)
            lines.append(f"{argument}: already in {base.file}:{line} as '{paper_id}' ({how}): not added")
            continue
        short = options.short or parse_title(paper.title, {}).short
        entries.append(_entry(paper, options, map_venue(paper, spellings), short))
        lines.extend(f"{argument}: {note}" for note in resolved.notes)
    return entries, failures


def _planned(base: _KnowledgeBase, entries: list[ImportedEntry]) -> tuple[Plan, str]:
    """The records made of `entries` and papers.yaml's text with them appended; ImportAbort
    when the result would not read back or would not pass check."""
    existing = base.existing
    plan = plan_import(ParsedFile(entries=entries), existing, base.papers.parent, base.notes, "add")
    # where the knowledge base keeps no vocabulary, add does not start one
    if not existing.has_tags:
        plan.new_tags.clear()
    if not existing.has_venues:
        plan.new_venues.clear()
    additions = {"tags": plan.new_tags, "venues": plan.new_venues, "papers": plan.records}
    new_text = append_to_papers_text(existing.text or "", additions)
    check_appended(existing, new_text, plan, base.file)
    for record in plan.records:  # what check would refuse is not written
        _validated(record)
    return plan, new_text


def _files_to_write(base: _KnowledgeBase, plan: Plan, new_text: str, options: AddOptions, lines: list[str]) -> FileSet:
    """papers.yaml's new text and the new notes, each said in `lines`."""
    lines.extend(message for _line, message in plan.report if not message.startswith("duplicate"))
    files = FileSet()
    files.add_update(base.papers, new_text, base.raw)
    verb = "would add" if options.dry_run else "added"
    for record in plan.records:
        paper_id = str(record["id"])
        lines.append(f"{verb} '{paper_id}' at {base.file}:{_record_line(new_text, paper_id)}: {_describe(record)}")
        if options.dry_run:
            lines.extend("    " + line for line in dump_yaml([record]).splitlines())
        if options.note:
            note = base.notes / "papers" / f"{paper_id}.md"
            shown = display_path(note, Path.cwd())
            if os.path.lexists(note):
                lines.append(f"note {shown} exists already: kept")
            else:
                files.add_new(note, f"---\npaper: {paper_id}\n---\n\n")
                lines.append(f"{'would write' if options.dry_run else 'wrote'} {shown}")
    lines.extend(f"new tag '{tag}' declared under tags: (describe it there)" for tag in plan.new_tags)
    lines.extend(f"new venue '{venue}' declared under venues:" for venue in plan.new_venues)
    return files


def _write(files: FileSet, file: str) -> str | None:
    """Write every file, or none: the reason when none was written."""
    try:
        files.write()
    except WriteRefused as exc:
        return f"{display_path(exc.path, Path.cwd())} {exc.reason}"
    except OSError as exc:
        return f"cannot write {file}: {exc.strerror or exc}; nothing was written"
    return None


def _store_references(papers: list[Paper], papers_path: Path, client: Client, lines: list[str]) -> None:
    """The references of the papers just added, into references.yaml; the papers stay added
    whatever the services say (`papernotes refs --missing` asks again for those not stored)."""
    try:
        path, found = open_references(papers_path)
    except RefsAbort as exc:
        lines.append(f"references not looked up: {exc}")
        return
    lists = dict(found.lists)
    try:
        store_references(papers, path, lists, client, lines)
    except OSError as exc:
        lines.append(f"references not stored: cannot write {display_path(path, Path.cwd())}: {exc.strerror or exc}")
