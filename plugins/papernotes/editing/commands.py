"""The `papernotes add`, `read` and `status` commands: arguments in, lines out, an exit code."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..importers.printable import printable
from ..knowledge.model import MIN_DATE
from ..knowledge.problems import display_path
from ..knowledge.project import find_project
from ..services.http import Client, ServiceError, Settings
from .add import AddOptions, add_papers
from .fields import EditRefused, current_value, edit_record, read_changes, shown_value
from .refs import fetch_references


def _say(text: str, error: bool = False) -> None:
    for line in text.split("\n"):
        print(printable(line), file=sys.stderr if error else sys.stdout)


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD, or 'today' / 'yesterday'; between MIN_DATE and today, as `check` wants a read date."""
    today = dt.date.today()
    named = {"today": today, "yesterday": today - dt.timedelta(days=1)}
    if text.lower() in named:
        return named[text.lower()]
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD (e.g. {today.isoformat()}), today or yesterday") from None
    if date < MIN_DATE:
        raise ValueError(f"{date.isoformat()} is before {MIN_DATE.year}: write the date the paper was read")
    if date > today:
        raise ValueError(f"{date.isoformat()} is in the future (today is {today.isoformat()})")
    return date


def add_command(arguments: list[str], into: str, options: AddOptions) -> int:
    try:
        client = Client(Settings.from_environment())
    except ServiceError as exc:
        _say(f"papernotes add: {exc}", error=True)
        return 2
    report = add_papers(arguments, Path(into), options, client)
    for line in report.lines:
        _say(line)
    if report.error is not None:
        _say(f"papernotes add: {report.error}", error=True)
    return report.exit_code


def refs_command(paper_ids: list[str], project: str, missing_only: bool) -> int:
    try:
        client = Client(Settings.from_environment())
    except ServiceError as exc:
        _say(f"papernotes refs: {exc}", error=True)
        return 2
    report = fetch_references(_papers_file(project), paper_ids, missing_only, client)
    for line in report.lines:
        _say(line)
    if report.error is not None:
        _say(f"papernotes refs: {report.error}", error=True)
    return report.exit_code


def _papers_file(project: str) -> Path:
    return find_project(Path(project)).papers


def read_command(paper_id: str, project: str, date: dt.date, dry_run: bool) -> int:
    papers = _papers_file(project)
    status = current_value(papers, paper_id, "status")
    return _edit("read", papers, paper_id, read_changes(status if isinstance(status, str) else None, date), dry_run)


def status_command(paper_id: str, project: str, status: str, dry_run: bool) -> int:
    return _edit("status", _papers_file(project), paper_id, {"status": status}, dry_run)


def _edit(command: str, papers: Path, paper_id: str, changes: dict[str, object], dry_run: bool) -> int:
    try:
        record, done = edit_record(papers, paper_id, changes, dry_run)
    except EditRefused as exc:
        _say(f"papernotes {command}: {exc}", error=True)
        return 1
    file = display_path(papers, Path.cwd())
    name = record.values["id"].value
    if not done:
        _say(f"{file}:{record.line}: '{name}' has {_listed(changes)} already: nothing changed")
        return 0
    for change in done:
        _say(f"{file}:{record.line}: '{name}': {change.key} {shown_value(change.new)} (was {shown_value(change.old)})")
    if dry_run:
        _say("dry run: nothing was written")
    return 0


def _listed(changes: dict[str, object]) -> str:
    return " and ".join(f"{key} {shown_value(value)}" for key, value in changes.items())
