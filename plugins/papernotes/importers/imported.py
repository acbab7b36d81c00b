"""What a parser hands over to the import (the entries it found in a file, the tags it
declares, what it could not read) and what the import plans to add."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..knowledge.model import MIN_DATE, MIN_YEAR


class ImportAbort(Exception):
    """The import cannot go on; nothing has been written."""


class SourceRefused(Exception):
    """The file to import cannot be read at all (a parser says where and why): nothing is imported."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class ImportedEntry:
    """One paper as a parser found it, with what the lines around it add.

    `line` and `source` say where it stands (for the report); `note_link` is a local notes file
    named by the entry, relative to the source's folder; `ids` holds identifiers such as
    ``{"doi": ..., "arxiv": ...}`` that a parser finds (kept for the records that take them).
    """

    line: int
    title: str
    url: str | None = None
    short: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    venue_qualifier: str | None = None  # "oral", "spotlight", "workshop": kept, never a venue of its own
    tags: list[str] = field(default_factory=list)
    tag_names: dict[str, str] = field(default_factory=dict)  # tag key -> the text it was read from
    read: dt.date | None = None
    status: str | None = None
    group: str | None = None
    rating: int | None = None
    remark: str | None = None  # the reader's own words beside the entry: `(monocular depth, static scenes)`
    abstract: str | None = None
    image: str | None = None
    highlights: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    note_link: str | None = None
    source: str | None = None  # the file it was read from, when not the one being imported
    ids: dict[str, str] = field(default_factory=dict)


@dataclass
class TopicNote:
    """A section's own notes file (a heading that links one), copied as a topic note; or, with
    `text`, a section of the README itself kept as a topic note, whose links to `papers`
    (normalised URL -> entry) become references to their records."""

    line: int
    link: str
    tag: str
    text: str | None = None
    papers: dict[str, ImportedEntry] = field(default_factory=dict)
    tagged: bool = True  # False for a section that is no topic (Resources, Talks): its note has no tags


@dataclass
class ParsedFile:
    """Everything a parser found in one file: entries, vocabularies and the report of what it could not read."""

    entries: list[ImportedEntry] = field(default_factory=list)
    tags: dict[str, str | None] = field(default_factory=dict)  # declared tag key -> description
    report: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    skipped_sections: int = 0
    week_start: dt.date | None = None  # the Monday of week 0, from numbered week headings
    topic_notes: list[TopicNote] = field(default_factory=list)
    title: str | None = None  # the source's own title (a README's first heading): a new site's name

    def note(self, line: int, message: str) -> None:
        self.report.append((line, message))


_ARXIV_ID_RE = re.compile(r"(?<![\w.])(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?(?![\w.])")


def arxiv_year(text: str) -> int | None:
    """The year of a new-style arXiv id in `text` (`1512.03385` -> 2015), else None."""
    match = _ARXIV_ID_RE.search(text)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 7 <= year <= 99 or not 1 <= month <= 12:  # ids of this form began in April 2007
        return None
    return 2000 + year


def leave_out_of_bounds(entry: ImportedEntry, today: dt.date) -> list[str]:
    """Leave out a year or read date that `papernotes check` refuses (knowledge/papers_file.py's
    bounds), so an import never writes one; a report message for each."""
    said: list[str] = []
    if entry.year is not None and entry.year > today.year + 1:
        said.append(f"year {entry.year} is in the future: left out")
        entry.year = None
    elif entry.year is not None and entry.year < MIN_YEAR:
        said.append(f"year {entry.year} is before {MIN_YEAR}: left out")
        entry.year = None
    if entry.read is not None and entry.read > today:
        said.append(f"read date {entry.read.isoformat()} is in the future: left out")
        entry.read = None
    elif entry.read is not None and entry.read < MIN_DATE:
        said.append(f"read date {entry.read.isoformat()} is before {MIN_DATE.year}: left out")
        entry.read = None
    return said


@dataclass
class NoteCopy:
    source: Path
    target: Path
    text: str
    line: int


@dataclass
class Plan:
    """What an import adds; nothing is written until `run.write_import` writes it."""

    records: list[dict[str, Any]] = field(default_factory=list)
    new_tags: dict[str, str | None] = field(default_factory=dict)
    new_venues: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    notes: list[NoteCopy] = field(default_factory=list)
    files: list[tuple[Path, Path]] = field(default_factory=list)  # (source, target) of images and files notes link to
    copy_of: dict[Path, Path] = field(default_factory=dict)  # the same, by source
    copies: set[Path] = field(default_factory=set)  # their targets
    duplicates: int = 0
    report: list[tuple[int, str]] = field(default_factory=list)


