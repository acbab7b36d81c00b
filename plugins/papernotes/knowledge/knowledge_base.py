"""The knowledge base as loaded: its papers, tags, venues and notes, where each stands, and
the problems found in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import (
    NoteMeta,
    Paper,
)
from .papers_blocks import PapersBlock
from .problems import Problem
from .references import Reference


class FatalProblem(Exception):
    """The knowledge base cannot be read at all (missing or unreadable papers.yaml)."""


@dataclass
class Tag:
    key: str
    description: str | None
    declared: bool = True

    @property
    def parent(self) -> str | None:
        return self.key.rsplit("/", 1)[0] if "/" in self.key else None

    @property
    def label(self) -> str:
        return self.key.rsplit("/", 1)[-1]


@dataclass
class VenueEntry:
    key: str
    name: str | None
    aliases: list[str] = field(default_factory=list)
    kind: str | None = None  # conference, journal or preprint, when papers.yaml says


@dataclass(frozen=True)
class Ref:
    paper_id: str
    text: str | None
    line: int
    column: int


@dataclass
class Note:
    """A Markdown file of docs_dir with its papernotes front matter."""

    src_uri: str  # relative to docs_dir, with '/' separators
    file: str  # as shown in problems
    meta: NoteMeta
    refs: list[Ref]
    key_positions: dict[Any, tuple[int, int]] = field(default_factory=dict)
    heading: str | None = None  # the first '# ' heading, a title when front matter has none
    # The front matter that may reach the theme's templates: keys other than paper and tags,
    # only values of the types the note schema allows (not yet escaped for HTML).
    page_meta: dict[str, Any] = field(default_factory=dict)
    opening_heading_line: int | None = None  # where `heading` stands when it opens the note's body
    first_paragraph: str | None = None  # its Markdown source, for the feed's summary
    # Its ```papers blocks: the page lists papers by a query, so it depends on papers.yaml.
    papers_blocks: list[PapersBlock] = field(default_factory=list)

    def position(self, key: str, index: int | None = None) -> tuple[int, int]:
        """Where a front matter key (or item `index` of its list) stands; line 1 when absent."""
        if index is not None and (key, index) in self.key_positions:
            return self.key_positions[(key, index)]
        return self.key_positions.get(key, (1, 1))


@dataclass(frozen=True)
class FileLink:
    """A relative link of a record (url, image, links.*): a file of docs_dir must answer it."""

    key: str  # as in messages: 'url', 'image', 'links.pdf'
    target: str
    line: int
    column: int


@dataclass(frozen=True)
class RecordCheck:
    """One record of papers.yaml as checked: the line it starts on, the id it gives (None when
    its `id` is not text) and the errors validation found in it."""

    line: int
    paper_id: str | None
    errors: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class BrokenRecord:
    """A record with errors, set aside while serving (see broken_records): `shown_as_before`
    when the site shows the paper as its record last read without errors, else it is left out."""

    check: RecordCheck
    shown_as_before: bool


@dataclass
class KnowledgeBase:
    papers_file: str
    papers: dict[str, Paper] = field(default_factory=dict)
    paper_lines: dict[str, int] = field(default_factory=dict)
    # ("paper", id), ("tag", key), ("venue", name) -> where it is declared or first used
    positions: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    venues: dict[str, VenueEntry] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)  # by src_uri
    note_of_paper: dict[str, Note] = field(default_factory=dict)
    folder_loops: list[str] = field(default_factory=list)  # folder links in docs_dir that lead back up: not built
    file_links: list[FileLink] = field(default_factory=list)  # checked against docs_dir per load
    problems: list[Problem] = field(default_factory=list)
    fatal: Problem | None = None  # papers.yaml could not be parsed at all
    records: list[RecordCheck] = field(default_factory=list)  # papers.yaml's records in file order
    broken_records: list[BrokenRecord] = field(default_factory=list)  # set aside while serving
    # references.yaml beside papers.yaml: paper id -> the works it cites (see knowledge.references)
    references: dict[str, list[Reference]] = field(default_factory=dict)
    references_source: bytes = b""  # its bytes, which serve's dependency digests cover

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def venue_lookup(kb: KnowledgeBase) -> dict[str, str]:
    """Every spelling of every venue, lowercased, to its canonical name."""
    table: dict[str, str] = {}
    for entry in kb.venues.values():
        for spelling in [entry.key, *entry.aliases]:
            table.setdefault(spelling.lower(), entry.key)
    return table

