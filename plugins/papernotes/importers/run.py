"""`papernotes import`: the one place that runs an import, whatever parsed the entries.

A parser (of a README in `readme`, of BibTeX and CSL-JSON in `bibtex` and `csljson`, or any
other) turns a file into a `ParsedFile` (imported.py). From there:

- `existing.load_existing` loads the target papers.yaml exactly as `papernotes check` does, and
  refuses one in which check finds errors;
- `plan.plan_import` drops duplicates, gives each new record a short readable id that is not
  taken, and plans the tag and venue entries and the note copies;
- `write_import` appends the records to papers.yaml as text (papers_text: the user's bytes are
  kept) and writes every file through `writing.FileSet`, all or none, papers.yaml first;
- `import_file` runs a parser over a file and does all of the above.

Nothing here knows a file format; nothing is ever overwritten but papers.yaml, which only grows.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..knowledge.problems import counted
from ..knowledge.project import find_project
from ..starter import starter_files, starter_mkdocs_yml
from .existing import Existing, load_existing
from .imported import ImportAbort, ParsedFile, Plan, SourceRefused
from .papers_text import append_to_papers_text, check_appended, new_papers_text
from .plan import plan_import
from .printable import markdown_code, printable, shown
from .writing import FileSet, WriteRefused

STARTER_INDEX = """\
---
title: Home
---

# {name}

Imported from {readme}: see the reading log, topics and conferences in the navigation.
`papernotes check` validates `papers.yaml` and the notes; `papernotes add <arXiv id, DOI or title>`
adds a paper.

<!-- papernotes:summary -->
"""


def starter_files_of_import(title: str | None, notes_name: str, week_start: dt.date | None, source_name: str) -> dict[str, str]:
    """What `papernotes init` writes, for a new knowledge base made by an import: its mkdocs.yml
    named after the source's title, a home page with the summary, the schemas, .gitignore and the
    publishing workflow (not the sample paper: the import brings the papers)."""
    name = " ".join((title or "").split()) or "Paper notes"
    config = starter_mkdocs_yml(notes_name, week_start)
    config = config.replace("site_name: Paper notes\n", f"site_name: {json.dumps(name, ensure_ascii=False)}\n", 1)
    files = {"mkdocs.yml": config}
    for relative, text in starter_files().items():
        if relative.endswith(".schema.json") or relative in (".gitignore", ".github/workflows/publish.yml"):
            files[relative] = text
    heading = markdown_heading_text(name)
    files[f"{notes_name}/index.md"] = STARTER_INDEX.format(name=heading, readme=markdown_code(Path(source_name).name))
    return files


def markdown_heading_text(text: str) -> str:
    """`text` for a Markdown heading: shown as written, never read as markup or HTML (what
    Python-Markdown escapes with a backslash is escaped so; `&`, `<` and `>` as entities)."""
    escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!])", r"\\\1", printable(text))
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Target:
    root: Path
    papers: Path
    notes: Path
    fresh: bool  # no papers file and no mkdocs.yml: starter files are written


def find_target(into: Path) -> Target:
    if not into.exists():
        return Target(into, into / "papers.yaml", into / "notes", True)
    project = find_project(into)
    fresh = not project.papers.exists() and not (project.root / "mkdocs.yml").exists()
    notes = project.docs_dir or project.root / "notes"
    return Target(project.root, project.papers, notes, fresh)


FileParser = Callable[[str, dt.date], ParsedFile]  # the text of a file and today -> what it holds
Revision = Callable[[str], str]  # the papers file's text to write -> that text changed; ImportAbort to refuse


@dataclass
class ImportReport:
    """What an import did (or would do): the lines to show and the exit code."""

    source_name: str
    messages: list[tuple[int, str]] = field(default_factory=list)  # (line of the source, message)
    records: list[dict[str, Any]] = field(default_factory=list)
    notes_written: int = 0
    duplicates: int = 0
    skipped_sections: int = 0
    written: list[str] = field(default_factory=list)
    dry_run: bool = False
    error: str | None = None  # why nothing was written; set with exit_code 1 or 2
    exit_code: int = 0

    @property
    def unread_lines(self) -> int:
        return sum(1 for _line, message in self.messages if message.startswith("skipped:"))

    def lines(self) -> list[str]:
        """The report as `papernotes import` prints it (stdout), control characters escaped."""
        ordered = sorted(self.messages, key=lambda item: item[0])
        shown = [printable(f"{self.source_name}:{line}: {message}") for line, message in ordered]
        verb = "would import" if self.dry_run else "imported"
        shown.append(
            f"{verb} {counted(len(self.records), 'paper')}, "
            f"{'would copy' if self.dry_run else 'copied'} {counted(self.notes_written, 'note')}, "
            f"skipped {counted(self.duplicates, 'duplicate')}, {counted(self.skipped_sections, 'non-paper section')} and "
            f"{counted(self.unread_lines, 'unread line')}"
        )
        if self.dry_run:
            shown.append("dry run: nothing was written")
        elif self.written:
            shown.append("wrote " + ", ".join(self.written))
        else:
            shown.append("nothing new: no file was changed")
        return shown


def _refused(report: ImportReport, message: str, exit_code: int = 1) -> ImportReport:
    report.error = printable(message)
    report.exit_code = exit_code
    return report


def write_import(
    parsed: ParsedFile, source_dir: Path, source_name: str, into: Path, dry_run: bool, today: dt.date | None = None,
    revise: Revision | None = None,
) -> ImportReport:
    """Merge what a parser found into the knowledge base at `into` and write it (unless `dry_run`).

    `source_dir` is the folder local note links are relative to; `source_name` names the source
    in the report and in a new papers.yaml's first line. `revise`, when given, changes the
    existing papers file's text (with the import's additions) before it is written, in the same
    write. Nothing is written when anything is refused.
    """
    report = ImportReport(source_name, dry_run=dry_run, skipped_sections=parsed.skipped_sections)
    target = find_target(into)
    papers_name = shown(target.papers)
    today = today or dt.date.today()
    try:
        existing = load_existing(target.papers, papers_name, today)
        plan = plan_import(parsed, existing, source_dir, target.notes, source_name, today)
        new_text = _new_papers_file(existing, plan, source_name, papers_name)
        if revise is not None and existing.text is not None:
            base = existing.text if new_text is None else new_text
            revised = revise(base)
            new_text = revised if revised != base else new_text
    except ImportAbort as exc:
        return _refused(report, "\n".join(printable(line) for line in str(exc).split("\n")))
    report.records = plan.records
    report.duplicates = plan.duplicates
    report.messages = plan.report
    files = _files_to_write(report, target, existing, new_text, plan, parsed, source_name)
    if not dry_run:
        try:
            files.write()
        except WriteRefused as exc:
            return _refused(report, f"{shown(exc.path)} {exc.reason}")
        except OSError as exc:
            where = f" {shown(Path(exc.filename))}" if exc.filename else ""
            return _refused(report, f"cannot write{where}: {exc.strerror or exc}; nothing was written")
    return report


def _new_papers_file(existing: Existing, plan: Plan, source_name: str, papers_name: str) -> str | None:
    """papers.yaml with the plan's additions (read back as check reads it), or None when it stays as it is."""
    additions = {"tags": plan.new_tags, "venues": plan.new_venues, "papers": plan.records}
    if any(additions.values()):
        if existing.text is not None:
            new_text = append_to_papers_text(existing.text, additions)
        else:
            new_text = new_papers_text(additions, Path(source_name).name)
        check_appended(existing, new_text, plan, papers_name)
        return new_text
    if existing.text is None:  # no paper found: still leave a knowledge base that builds
        return new_papers_text({}, Path(source_name).name) + "papers: []\n"
    return None


def _files_to_write(
    report: ImportReport, target: Target, existing: Existing, new_text: str | None, plan: Plan, parsed: ParsedFile,
    source_name: str,
) -> FileSet:
    """Every file the import writes, noted in the report; none that is there already (but papers.yaml)."""
    papers_name = shown(target.papers)
    files = FileSet()
    # papers.yaml first: a write cut short leaves records without notes, never notes without records
    if new_text is not None:
        if existing.raw is not None:
            files.add_update(target.papers, new_text, existing.raw)
        else:  # a symlink to a file not there yet: like an editor, create the file it points to
            files.add_new(Path(os.path.realpath(target.papers)), new_text)
        report.written.append(papers_name)
    if target.fresh:
        starter = starter_files_of_import(parsed.title, target.notes.name, parsed.week_start, source_name)
        for relative, content in starter.items():
            path = target.root / relative if not relative.startswith(f"{target.notes.name}/") else (
                target.notes / relative.split("/", 1)[1]
            )
            if not os.path.lexists(path):
                files.add_new(path, content)
                report.written.append(shown(path))
    for source, copy in plan.files:
        if os.path.lexists(copy):
            continue  # copied by an earlier import (or the user's own): kept
        try:
            files.add_new_bytes(copy, source.read_bytes())
        except OSError as exc:
            report.messages.append((0, f"cannot read {shown(source)} ({exc.strerror or exc}): not copied"))
            continue
        report.written.append(shown(copy))
    for note in plan.notes:
        if os.path.lexists(note.target):
            report.messages.append((note.line, f"note {shown(note.target)} exists already: not overwritten"))
            continue
        files.add_new(note.target, note.text)
        report.notes_written += 1
        report.written.append(shown(note.target))
    return files


def import_file(
    source: Path, into: Path, dry_run: bool, parser: FileParser, today: dt.date | None = None, revise: Revision | None = None
) -> ImportReport:
    """Parse `source` with `parser` and import it into `into`: `papernotes import SOURCE`."""
    name = shown(source)
    report = ImportReport(name, dry_run=dry_run)
    if not source.is_file():
        return _refused(report, f"no such file: {source}", 2)
    try:
        text = source.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return _refused(report, f"{name} is not UTF-8 text (byte {exc.start}): convert it first", 2)
    except OSError as exc:
        return _refused(report, f"cannot read {name}: {exc.strerror or exc}", 2)
    if into.exists() and not into.is_dir():
        return _refused(report, f"--into {into} is not a folder", 2)
    today = today or dt.date.today()
    try:
        parsed = parser(text, today)
    except SourceRefused as exc:
        return _refused(report, f"{name}:{exc.line}: {exc.message}", 2)
    return write_import(parsed, source.resolve().parent, name, into, dry_run, today, revise)


def print_report(report: ImportReport) -> int:
    """Show a report as `papernotes import` does (errors on stderr); returns its exit code."""
    if report.error is not None:
        print(f"papernotes import: {report.error}", file=sys.stderr)
        return report.exit_code
    for line in report.lines():
        print(line)  # README text in a message cannot drive the terminal: lines() escaped it
    return report.exit_code

