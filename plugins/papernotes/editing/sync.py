"""Importing a reference manager's export again: the records it made follow the manager.

A .bib or CSL-JSON import writes each entry's key as the record's `cite_key` (the BibTeX key,
or CSL-JSON's `citation-key`) and the export's file name as its `synced_from`. Both are how a
later import of the same library knows the records it made (a `cite_key` alone may be the
reader's own, given to a paper the export does not hold): for those, the fields the manager
keeps (title, authors, year, venue, DOI, abstract, URL) are set to the export's values, in place, and every change is listed. The
reader's own fields (tags, read, status, rating, remark, group, the note) are never touched, and
a field the export leaves empty keeps the record's value. Entries with no such record are
imported as before; a record without `synced_from` is the reader's own and is never changed
(removing the line is how the reader takes a record over).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..importers.existing import Existing, existing_from
from ..importers.imported import ImportAbort, ImportedEntry, ParsedFile
from ..importers.matching import normalise_url
from ..importers.printable import printable
from ..importers.run import FileParser, ImportReport, find_target, import_file, print_report
from ..importers.venues import spellings
from ..knowledge.knowledge_base import FatalProblem, KnowledgeBase
from ..knowledge.model import Paper
from ..knowledge.papers_file import load_papers
from ..knowledge.problems import display_path
from .fields import Change, EditRefused, Record, edited_text, shown_value

MANAGER_FIELDS = ("title", "authors", "year", "venue", "doi", "abstract", "url")


@dataclass
class Update:
    """A record the export made, and what the export now says differently."""

    line: int  # of the entry in the export
    paper_id: str
    changes: dict[str, Any] = field(default_factory=dict)
    old: dict[str, Any] = field(default_factory=dict)


def _venue(existing: Existing, venue: str | None) -> str | None:
    """The venue as the knowledge base's vocabulary names it (NIPS -> NeurIPS), else as written."""
    if not venue:
        return None
    for spelling in spellings(venue):
        if spelling.lower() in existing.venue_spellings:
            return existing.venue_spellings[spelling.lower()]
    return venue


def _differs(name: str, old: Any, new: Any, existing: Existing) -> bool:
    if old is None:
        return True
    if name == "doi":
        return str(old).lower() != str(new).lower()
    if name == "url":
        return normalise_url(str(old)) != normalise_url(str(new))
    if name == "venue":
        return bool(_venue(existing, str(old)) != new)
    return bool(old != new)


def _manager_values(entry: ImportedEntry, existing: Existing) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": entry.title,
        "authors": list(entry.authors) or None,
        "year": entry.year,
        "venue": _venue(existing, entry.venue),
        "doi": entry.ids.get("doi"),
        "abstract": entry.abstract,
        "url": entry.url,
    }
    return {name: value for name, value in values.items() if value is not None}


def plan_sync(
    reading: ParsedFile, kb: KnowledgeBase, existing: Existing, export: str
) -> tuple[list[Update], list[ImportedEntry]]:
    """The updates of the records the export named `export` made, and the entries that are no such record."""
    by_key: dict[str, Paper] = {
        paper.cite_key.lower(): paper for paper in kb.papers.values() if paper.cite_key and paper.synced_from == export
    }
    updates: list[Update] = []
    rest: list[ImportedEntry] = []
    for entry in reading.entries:
        key = entry.ids.get("cite_key")
        paper = by_key.get(key.lower()) if key else None
        if paper is None:
            rest.append(entry)
            continue
        update = Update(entry.line, paper.id)
        for name, value in _manager_values(entry, existing).items():
            old = getattr(paper, name)
            old = list(old) or None if name == "authors" else old
            if _differs(name, old, value, existing):
                update.changes[name] = value
                update.old[name] = old
        updates.append(update)
    return updates, rest


def sync_import(source: Path, into: Path, dry_run: bool, reader: FileParser, today: dt.date | None = None) -> int:
    """`papernotes import` of a .bib or CSL-JSON file: new entries imported, the records it made updated."""
    today = today or dt.date.today()
    target = find_target(into)
    papers_name = display_path(target.papers, Path.cwd())
    try:
        kb = load_papers(target.papers, papers_name, today) if target.papers.is_file() else None
    except FatalProblem:
        kb = None  # write_import refuses it with check's message
    updates: list[Update] = []

    def syncing(text: str, today: dt.date) -> ParsedFile:
        """The source read as `reader` reads it; the entries of records it made set apart as updates."""
        reading = reader(text, today)
        for entry in reading.entries:
            if entry.ids.get("cite_key"):
                entry.ids["synced_from"] = source.name
        if kb is None or kb.errors:
            return reading
        found, rest = plan_sync(reading, kb, existing_from(kb), source.name)
        updates.extend(found)
        return dataclasses.replace(reading, entries=rest)

    results: list[tuple[Record, list[Change]]] = []

    def updating(text: str) -> str:
        """The papers file's text with the updates made: written with the new records, in one go."""
        changed = {update.paper_id: update.changes for update in updates if update.changes}
        if not changed:
            return text
        try:
            new_text, done = edited_text(text, papers_name, changed)
        except EditRefused as exc:
            raise ImportAbort(str(exc)) from None
        results.extend(done)
        return text if new_text is None else new_text

    report = import_file(source, into, dry_run, syncing, today, updating)
    if not updates or report.error is not None:
        return print_report(report)
    lines = {record.values["id"].value: record.line for record, _done in results}
    _print_sync_report(report, updates, lines, display_path(source, Path.cwd()), papers_name)
    return report.exit_code


def _print_sync_report(report: ImportReport, updates: list[Update], lines: dict[str, int], name: str, papers_name: str) -> None:
    """The import's report with each update of a record the export made, at its line in the papers file."""
    changed = [update for update in updates if update.changes]
    verb = "would update" if report.dry_run else "updated"
    shown = report.lines()
    messages, (summary, final) = shown[:-2], shown[-2:]
    for line in messages:
        print(line)
    for update in sorted(changed, key=lambda item: item.line):
        what = "; ".join(f"{key} {shown_value(update.old[key])} -> {shown_value(value)}" for key, value in update.changes.items())
        where = f"{papers_name}:{lines.get(update.paper_id, 0)}"
        print(printable(f"{name}:{update.line}: {verb} '{update.paper_id}' ({where}): {what}"))
    print(summary)
    print(
        f"{verb} {len(changed)} of the {len(updates)} records this export made ({len(updates) - len(changed)} unchanged); "
        "their tags, read date, status, rating, remark, group and notes are the reader's and were kept"
    )
    print(final)
