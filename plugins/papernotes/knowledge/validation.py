"""Load and validate a knowledge base: papers.yaml plus the notes of docs_dir.

Everything here is plain Python: MkDocs calls `load_knowledge_base` once per build and the
`papernotes check` command calls it without building.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import difflib
import hashlib
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from .file_names import MARKDOWN_SUFFIXES, name_trouble, portable_name
from .layout import FOLDER_PAGE_NAMES, INDEX_TITLES, Layout, venue_slugs
from .loading import LoadedYaml, RecordsYaml, combined_records, decode_text, parse_yaml, paused_gc, split_records
from .model import (
    LINK_KINDS,
    LINK_SYNONYMS,
    MIN_DATE,
    OWN_ERROR_TYPES,
    PAPER_ITSELF_KEYS,
    STATUSES,
    VENUE_KINDS,
    Links,
    NoteMeta,
    Paper,
    Venue,
    check_tag,
    is_file_link,
)
from .papers_blocks import PapersBlock, check_block, known_vocabulary, read_blocks
from .problems import Problem, describe, did_you_mean, quote, sort_problems

# `[[id]]` or `[[id|text]]`; ids never hold brackets, pipes or newlines. Linear: a match
# attempt starts only at `[[` and stops at the next bracket or newline, so no two attempts
# read the same characters.
REF_RE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_BACKTICKS_RE = re.compile(r"`+")  # one maximal run per match: linear


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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# ---------------------------------------------------------------- pydantic errors to messages


def text_hint(value: Any) -> str:
    """Why YAML did not read `value` as text, and the fix, for "must be text, got ..."."""
    if isinstance(value, bool):
        return " (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)"
    if isinstance(value, (int, float, dt.date)):
        return " (put it in quotes to make it text)"
    return ""


def _key_of(loc: tuple[Any, ...]) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    return ".".join(names) if names else "record"


def error_message(error: Any) -> str:
    """One pydantic error as "'key' must be <what>, got <what it is> (<fix>)"."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    index = f" (item {loc[-1] + 1})" if loc and isinstance(loc[-1], int) else ""
    key = f"'{_key_of(loc)}'{index}"
    got = describe(value)
    if kind == "missing":
        return f"missing required key {key}"
    if kind in ("string_type", "string_sub_type"):
        return f"{key} must be text, got {got}{text_hint(value)}"
    if kind in ("string_too_short", "url_empty"):
        return f"{key} is empty: write a value or remove the key"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = ""
        if isinstance(value, str) and value.strip().isdigit():
            hint = " (remove the quotes)"
        elif isinstance(value, bool):
            hint = " (YAML reads yes/no/on/off/true/false as booleans)"
        return f"{key} must be a whole number, got {got}{hint}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{key} must be a date written YYYY-MM-DD, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{key} must be true or false, got {got}"
    if kind == "list_type":
        return f"{key} must be a list, got {got} (write [a, b] or one '- item' per line)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{key} must be a mapping of keys to values, got {got}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = {"status": STATUSES, "kind": VENUE_KINDS}.get(_key_of(loc), ())
        hint = did_you_mean(str(value), choices) if choices else ""
        return f"{key} must be one of {expected}, got {got}{hint}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{key} must be at least {ctx.get('ge', ctx.get('gt'))}, got {got}"
    if kind in ("less_than_equal", "less_than"):
        return f"{key} must be at most {ctx.get('le', ctx.get('lt'))}, got {got}"
    if kind == "extra_forbidden":
        return f"unknown key {quote(loc[-1])}"
    if kind in OWN_ERROR_TYPES:  # our own rules (URL, id, tag): "must be ..., got ..."
        return f"{key} {error['msg']}"
    return f"{key}: {error['msg']}"


# ---------------------------------------------------------------- validating one mapping


class _Source:
    """A parsed YAML file and the problems found in it, positioned by pydantic locations."""

    def __init__(self, loaded: LoadedYaml):
        self.loaded = loaded
        self.problems: list[Problem] = list(loaded.problems)

    def report(self, path: tuple[Any, ...], severity: str, message: str, key: str = "") -> None:
        line, column = self.loaded.position(path)
        self.problems.append(Problem(self.loaded.file, line, column, severity, message, key))  # type: ignore[arg-type]

    def was_refused(self, raw: dict[Any, Any], path: tuple[Any, ...], loc: tuple[Any, ...]) -> bool:
        """A key that the file has but `raw` lacks: its value was refused by the loader."""
        if len(loc) != 1 or loc[0] in raw:
            return False
        marks = self.loaded.marks.get(id(raw))
        return marks is not None and loc[0] in marks.children

    def strip_unknown_keys(self, raw: dict[Any, Any], model: type[BaseModel], path: tuple[Any, ...]) -> dict[Any, Any]:
        """Report keys the model does not know (typos) and return the mapping without them."""
        known = model.model_fields
        kept: dict[Any, Any] = {}
        for key, value in raw.items():
            if key in known:
                kept[key] = value
                continue
            hint = link_key_hint(key, value) if model is Links else did_you_mean(str(key), known)
            hint = hint or f"; known keys: {', '.join(known)}"
            self.report((*path, key), "error", f"unknown key {quote(key)}{hint}", str(key))
        return kept

    def validate(
        self, raw: Any, model: type[BaseModel], path: tuple[Any, ...], required: set[str], what: str = "",
        placeholders: dict[str, Any] | None = None,
    ) -> tuple[Any, bool]:
        """Validate `raw`, reporting every problem; a bad optional value is dropped, the rest kept.

        Returns (instance, complete). When a required field is missing or wrong, `complete` is
        False and the instance, if any, was built with `placeholders` in the broken required
        fields: good enough to check the other fields, never to be published.
        """
        if not isinstance(raw, dict):
            shown = what or "this"
            self.report(path, "error", f"{shown} must be a mapping of keys to values, got {describe(raw)}")
            return None, False
        data = self.strip_unknown_keys(raw, model, path)
        if model is Paper and isinstance(data.get("links"), dict):
            links = self.strip_unknown_keys(data["links"], Paper.model_fields["links"].annotation, (*path, "links"))  # type: ignore[arg-type]
            data["links"] = links
        complete = True
        for _attempt in range(3):
            try:
                return model.model_validate(data), complete
            except ValidationError as exc:
                errors = exc.errors()
                if _attempt == 0:
                    for error in errors:
                        loc = tuple(error["loc"])
                        if error["type"] == "missing" and self.was_refused(raw, path, loc):
                            continue  # the loader already said why the value was left out
                        self.report(path + loc, "error", error_message(error), _key_of(loc))
                broken = {tuple(error["loc"]) for error in errors}
                if any(not loc or loc[0] in required for loc in broken):
                    complete = False
                    if not placeholders:
                        return None, False
                data = _without(data, broken, placeholders or {})
        return None, False


def link_key_hint(key: Any, value: Any) -> str:
    """The fix for an unknown key of `links`: the kind a synonym or a typo stands for."""
    word = str(key).strip().lower()
    candidates = [*LINK_KINDS, *LINK_SYNONYMS, *PAPER_ITSELF_KEYS]
    if word not in candidates:
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
        if not close:
            return ""
        word = close[0]
    if word in PAPER_ITSELF_KEYS and not _looks_like_pdf(value):
        return ": a link to the paper itself goes in the record's 'url', beside 'links'"
    kind = word if word in LINK_KINDS else LINK_SYNONYMS.get(word, "pdf")
    return f" (did you mean {quote(kind)}?)"


def _looks_like_pdf(value: Any) -> bool:
    """arxiv.org/pdf/..., openreview.net/pdf?id=..., paper.pdf."""
    if not isinstance(value, str):
        return False
    path = re.split(r"[?#]", value.strip(), maxsplit=1)[0].lower()
    return path.endswith((".pdf", "/pdf")) or "/pdf/" in path


def _without(data: dict[Any, Any], broken: set[tuple[Any, ...]], placeholders: dict[str, Any]) -> dict[Any, Any]:
    """`data` without the values at the `broken` locations (only the bad item of a list or mapping).

    A broken required field takes its placeholder instead.
    """
    kept = dict(data)
    inner: dict[Any, set[Any]] = {}
    for loc in broken:
        if not loc:
            continue
        top = loc[0]
        if len(loc) >= 2 and isinstance(kept.get(top), (list, dict)):
            inner.setdefault(top, set()).add(loc[1])
        else:
            kept.pop(top, None)
    for top, bad in inner.items():
        value = kept.get(top)
        if isinstance(value, list):
            kept[top] = [item for index, item in enumerate(value) if index not in bad]
        elif isinstance(value, dict):
            kept[top] = {key: item for key, item in value.items() if key not in bad}
    for name, placeholder in placeholders.items():
        if name not in kept or any(loc and loc[0] == name for loc in broken):
            kept[name] = placeholder
    return kept


# ---------------------------------------------------------------- papers.yaml


def read_source(path: Path, file: str) -> tuple[str, list[Problem]]:
    """The text of a file, and a problem when it is not valid UTF-8 (the rest still loads)."""
    return decode_text(path.read_bytes(), file)


def load_papers(path: Path, file: str, today: dt.date, memo: LoadMemo | None = None) -> KnowledgeBase:
    """Parse and validate papers.yaml (the records that did not change since `memo` saw them
    are not parsed or checked again). Raises FatalProblem only when it cannot be read."""
    try:
        text, decoding = read_source(path, file)
    except OSError as exc:
        raise FatalProblem(f"{file}: cannot read papers file: {exc.strerror or exc}") from exc
    loaded = memo.parse_papers(text, file) if memo is not None else parse_yaml(text, file)
    source = _Source(loaded)
    source.problems[:0] = decoding
    kb = KnowledgeBase(papers_file=file)
    data = loaded.data
    if data is None and not loaded.problems:
        # An error, and fatal to a build: a file emptied by mistake must not publish an empty
        # site; `papers: []` says "no papers yet" on purpose.
        written = [line.strip() for line in text.splitlines() if line.strip()]
        only = " (it holds only comments)" if written and all(line.startswith("#") for line in written) else ""
        source.report((), "error", f"{file} is empty{only}: {_START_PAPERS}")
    if data is not None and not isinstance(data, dict):
        source.report((), "error", f"papers file must be a mapping with a 'papers:' list, got {describe(data)}")
        data = None
    if data is None:
        kb.fatal = source.problems[0] if source.problems else None
    if isinstance(data, dict):
        for key in data:
            if key not in ("papers", "tags", "venues"):
                hint = did_you_mean(str(key), ("papers", "tags", "venues")) or "; known keys: papers, tags, venues"
                source.report((key,), "error", f"unknown top-level key {quote(key)}{hint}", str(key))
        _load_tags(source, data.get("tags"), kb)
        _load_venues(source, data.get("venues"), kb)
        _load_records(source, data.get("papers"), kb, today, memo)
    kb.problems.extend(source.problems)
    return kb


def _load_tags(source: _Source, raw: Any, kb: KnowledgeBase) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        source.report(("tags",), "error", f"'tags' must be a mapping of tag key to description, got {describe(raw)}")
        return
    for key, description in raw.items():  # keys are lowercase by the tag rule: no case clashes
        if not isinstance(key, str):
            source.report(("tags", key), "error", f"a key of 'tags' must be text, got {describe(key)}{text_hint(key)}", str(key))
            continue
        try:
            check_tag(key)
        except PydanticCustomError as exc:
            source.report(("tags", key), "error", f"a key of 'tags' {exc}", key)
            continue
        if description is not None and not isinstance(description, str):
            source.report(
                ("tags", key), "error",
                f"the description of tag {quote(key)} must be text, got {describe(description)}{text_hint(description)}", key,
            )
            description = None
        kb.tags[key] = Tag(key, description.strip() if description else None)
        kb.positions[("tag", key)] = source.loaded.position(("tags", key))
    for key in list(kb.tags):
        parent = kb.tags[key].parent
        while parent and parent not in kb.tags:
            kb.tags[parent] = Tag(parent, None, declared=False)
            parent = kb.tags[parent].parent


def _load_venues(source: _Source, raw: Any, kb: KnowledgeBase) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        source.report(("venues",), "error", f"'venues' must be a mapping of venue name to details, got {describe(raw)}")
        return
    spelled: dict[str, str] = {}  # lowercased spelling -> canonical
    for raw_key, details in raw.items():
        if not isinstance(raw_key, str):
            source.report(
                ("venues", raw_key), "error",
                f"a key of 'venues' must be text, got {describe(raw_key)}{text_hint(raw_key)}", str(raw_key),
            )
            continue
        if not raw_key.strip():
            source.report(("venues", raw_key), "error", "a key of 'venues' is empty: write the venue's name", "venues")
            continue
        # Spaces around a name are dropped, as around a record's `venue:` and the aliases,
        # so " CVPR " and `venue: CVPR` are one venue, shown and named without them.
        key = raw_key.strip()
        venue = (
            Venue() if details is None else source.validate(details, Venue, ("venues", raw_key), set(), f"venue {quote(key)}")[0]
        )
        if venue is None:
            venue = Venue()
        entry = VenueEntry(key, venue.name, list(venue.aliases), venue.kind)
        for spelling in [key, *entry.aliases]:
            other = spelled.get(spelling.lower())
            if other is not None:
                source.report(
                    ("venues", raw_key), "error",
                    f"venue spelling {quote(spelling)} is used by both {quote(other)} and {quote(key)}", key,
                )
                continue
            spelled[spelling.lower()] = key
        if key in kb.venues:
            continue  # the same name spelled with other spaces: reported just above
        kb.venues[key] = entry
        kb.positions[("venue", key)] = source.loaded.position(("venues", raw_key))


def venue_lookup(kb: KnowledgeBase) -> dict[str, str]:
    """Every spelling of every venue, lowercased, to its canonical name."""
    table: dict[str, str] = {}
    for entry in kb.venues.values():
        for spelling in [entry.key, *entry.aliases]:
            table.setdefault(spelling.lower(), entry.key)
    return table


# Stand-ins for a broken required field, so the rest of the record is still checked.
_PLACEHOLDERS = {"id": "invalid-id", "title": "untitled"}


_START_PAPERS = "add a 'papers:' list with one '- id: ...' record per paper, or write 'papers: []' to start with none"


def _load_records(source: _Source, raw: Any, kb: KnowledgeBase, today: dt.date, memo: LoadMemo | None = None) -> None:
    if raw is None:
        if "papers" in source.loaded.data:
            source.report(
                ("papers",), "warning",
                "'papers' holds no records: add one '- id: ...' record per paper below it, or write 'papers: []' "
                "to start with none",
                "papers",
            )
        return
    if not isinstance(raw, list):
        source.report(("papers",), "error", f"'papers' must be a list of records ('- id: ...'), got {describe(raw)}")
        return
    venues = venue_lookup(kb)
    seen_ids: dict[str, tuple[str, int]] = {}  # lowercased id -> (id, line)
    required = {name for name, info in Paper.model_fields.items() if info.is_required()}
    seen_identifiers: dict[tuple[str, str], tuple[str, int]] = {}  # (key, folded value) -> (paper id, line)
    # A record whose lines, and the vocabularies and day it is checked against, are as when it
    # was checked without a problem is that same record (its positions are looked up anew).
    texts = source.loaded.texts if memo is not None and isinstance(source.loaded, RecordsYaml) else None
    context = repr((sorted(kb.tags), sorted(venues.items()), today, kb.papers_file))
    checked_before = memo.checked_records if memo is not None and texts is not None else {}
    checked: dict[tuple[str, str], Paper] = {}
    for index, record in enumerate(raw):
        path = ("papers", index)
        memo_key = (texts[index], context) if texts is not None else None
        known = checked_before.get(memo_key) if memo_key is not None else None
        clean = True
        if known is None:
            problems_before = len(source.problems)
            paper, complete = source.validate(record, Paper, path, required, "a paper record", _PLACEHOLDERS)
            if paper is None:
                continue
            if not complete:  # still check the other fields, so one run shows every problem
                _check_record(source, paper, path, kb, venues, today)
                continue
            clean = len(source.problems) == problems_before
        else:
            paper = known
        line = source.loaded.position(path)[0]
        first = seen_ids.get(paper.id.lower())
        if first is not None:
            same = "" if first[0] == paper.id else (
                f" as {quote(first[0])} (ids must differ also ignoring case, since URLs collide on case-insensitive file systems)"
            )
            source.report(
                (*path, "id"), "error",
                f"duplicate id {quote(paper.id)}: already used on line {first[1]}{same}; give this paper another id",
                "id",
            )
            continue
        seen_ids[paper.id.lower()] = (paper.id, line)
        if known is None:
            problems_before = len(source.problems)
            paper = _check_record(source, paper, path, kb, venues, today)
            clean = clean and len(source.problems) == problems_before
        if memo_key is not None and clean:
            checked[memo_key] = paper
        paper = _check_identifiers(source, paper, path, seen_identifiers)
        kb.papers[paper.id] = paper
        kb.paper_lines[paper.id] = line
        kb.positions[("paper", paper.id)] = source.loaded.position((*path, "id"))
        for index, tag in enumerate(paper.tags):
            kb.positions.setdefault(("tag", tag), source.loaded.position((*path, "tags", index)))
        if paper.venue:
            kb.positions.setdefault(("venue", paper.venue), source.loaded.position((*path, "venue")))
        _collect_file_links(source, paper, path, kb)
    if texts is not None and memo is not None:
        memo.checked_records = checked


# What a duplicate identifier says: DOIs and arXiv ids name one paper each, a cite key one entry of a .bib.
_IDENTIFIER_FIXES = {
    "doi": "a DOI names one paper: merge the two records or correct the DOI",
    "arxiv": "an arXiv id names one paper: merge the two records or correct the id",
    "cite_key": "a .bib holds each key once: give this paper another cite_key",
}


def _check_identifiers(
    source: _Source, paper: Paper, path: tuple[Any, ...], seen: dict[tuple[str, str], tuple[str, int]]
) -> Paper:
    """DOI, arXiv id and cite key unique across the records (DOIs and keys ignoring case, as
    doi.org and BibTeX read them); a repeated one is reported and dropped from the later record."""
    dropped: dict[str, Any] = {}
    for key in _IDENTIFIER_FIXES:
        value: str | None = getattr(paper, key)
        if value is None:
            continue
        folded = value if key == "arxiv" else value.lower()
        first = seen.get((key, folded))
        if first is None:
            seen[(key, folded)] = (paper.id, source.loaded.position((*path, key))[0])
            continue
        source.report(
            (*path, key), "error",
            f"duplicate {key} {quote(value)}: paper {quote(first[0])} on line {first[1]} has it already; "
            + _IDENTIFIER_FIXES[key],
            key,
        )
        dropped[key] = None
    return paper.model_copy(update=dropped) if dropped else paper


def _collect_file_links(source: _Source, paper: Paper, path: tuple[Any, ...], kb: KnowledgeBase) -> None:
    """Note the record's relative links with their positions; `check_file_links` looks for the files."""
    fields: list[tuple[str, str | None, tuple[str, ...]]] = [("url", paper.url, ("url",)), ("image", paper.image, ("image",))]
    fields += [(f"links.{kind}", href, ("links", kind)) for kind, href in paper.links.items()]
    for key, href, loc in fields:
        if href and is_file_link(href):
            kb.file_links.append(FileLink(key, href, *source.loaded.position(path + loc)))


def _check_record(
    source: _Source, paper: Paper, path: tuple[Any, ...], kb: KnowledgeBase, venues: dict[str, str], today: dt.date
) -> Paper:
    """Rules across fields and vocabularies; returns the paper with its venue made canonical."""
    updates: dict[str, Any] = {}
    if kb.tags:
        for index, tag in enumerate(paper.tags):
            if tag not in kb.tags:
                hint = did_you_mean(tag, kb.tags) or f"; add it under 'tags:' in {kb.papers_file}"
                source.report((*path, "tags", index), "warning", f"unknown tag {quote(tag)}{hint}", "tags")
    if paper.venue and kb.venues:
        canonical = venues.get(paper.venue.lower())
        if canonical is None:
            hint = did_you_mean(paper.venue, venues.values()) or f"; add it under 'venues:' in {kb.papers_file}"
            source.report((*path, "venue"), "warning", f"unknown venue {quote(paper.venue)}{hint}", "venue")
        elif canonical != paper.venue:
            updates["venue"] = canonical
    if paper.year is not None and paper.year > today.year + 1:
        source.report((*path, "year"), "error", f"'year' {paper.year} is in the future (this is {today.year})", "year")
    if paper.read is not None:
        if paper.read < MIN_DATE:
            source.report(
                (*path, "read"), "error",
                f"'read' date {paper.read.isoformat()} is before {MIN_DATE.year}: write the date the paper was read",
                "read",
            )
        elif paper.read > today:
            source.report(
                (*path, "read"), "error",
                f"'read' date {paper.read.isoformat()} is in the future (today is {today.isoformat()})", "read",
            )
        elif paper.year is not None and paper.read.year < paper.year - 1:
            source.report(
                (*path, "read"), "warning",
                f"'read' date {paper.read.isoformat()} is before the paper's year {paper.year}: check both",
                "read",
            )
    if paper.status == "to-read" and paper.read is not None:
        source.report(
            (*path, "status"), "warning",
            "'status' is 'to-read' but a 'read' date is set: use 'read' or 'reading', or remove the date", "status",
        )
    return paper.model_copy(update=updates) if updates else paper


# ---------------------------------------------------------------- notes


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, 1-based line where the body starts)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None, text, 1
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        return None, text, 1
    front = text[4 : 4 + end.start()]
    body = text[4 + end.end() :]
    if body.startswith("\n"):
        body = body[1:]
    return front, body, front.count("\n") + 3


def lines_outside_fences(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of the lines of `body` that are not fenced code (nor its fences)."""
    fence: str | None = None
    for index, line in enumerate(body.split("\n")):
        opener = _FENCE_RE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        yield index, line


def prose_lines(body: str) -> Iterator[tuple[int, str, list[tuple[int, int]]]]:
    """(index, line, code span ranges) of the lines outside fenced code that may hold refs."""
    for index, line in lines_outside_fences(body):
        if "[[" in line:
            yield index, line, code_spans(line)


def code_spans(line: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of the code spans of one line, as Python-Markdown finds them.

    Python-Markdown opens a span at a run of backticks (its first backtick left out when an odd
    number of backslashes escapes it) and closes it at the next run of the same length; with
    none, at the longest later run if that is shorter (the opener gives the content its extra
    backticks); with neither, it looks again twice the opener's length after the opener's
    start. Finding the closers through an index of runs keeps this O(n log n) on a line of
    50,000 backticks, where a regular expression backtracks for minutes.
    """
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS_RE.finditer(line)]
    if not runs:
        return []
    runs_of_length: dict[int, list[int]] = {}
    for number, (_, length) in enumerate(runs):
        runs_of_length.setdefault(length, []).append(number)
    # longest_from[k]: the first of the longest runs among runs[k:]
    longest_from = [0] * (len(runs) + 1)
    longest_from[len(runs)] = -1
    for number in range(len(runs) - 1, -1, -1):
        after = longest_from[number + 1]
        longest_from[number] = number if after < 0 or runs[number][1] >= runs[after][1] else after
    spans: list[tuple[int, int]] = []
    search_from = 0  # where Python-Markdown looks for the next opening backtick
    number = 0
    while number < len(runs):
        start, length = runs[number]
        if start + length <= search_from:
            number += 1
            continue
        begin = max(start, search_from)
        slashes = backslashes_before(line, start) if begin == start else 0
        # An even run of backslashes escapes itself, but only when it starts where the
        # search does; otherwise the first backtick is escaped and the rest may open.
        if slashes and (slashes % 2 or start - slashes < search_from):
            begin = start + 1
            if begin == start + length:
                number += 1
                continue
        ticks = start + length - begin
        same = runs_of_length.get(ticks, [])
        at = bisect.bisect_right(same, number)
        closer = same[at] if at < len(same) else longest_from[number + 1]
        if closer >= 0 and runs[closer][1] <= ticks:
            end = runs[closer][0] + runs[closer][1]
            spans.append((begin, end))
            search_from = end
            number = closer + 1
        else:
            search_from = begin + 2 * ticks
    return spans


def backslashes_before(line: str, position: int) -> int:
    """How many backslashes come right before `position` (counted back one by one: slicing the
    line before every position would make a long line quadratic)."""
    count = 0
    while position - count > 0 and line[position - count - 1] == "\\":
        count += 1
    return count


def in_code(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `position` falls inside one of `spans` (sorted, not overlapping)."""
    at = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    return at >= 0 and position < spans[at][1]


def first_heading(body: str) -> str | None:
    """The text of the first '# ' heading outside fenced code, without closing '#'s."""
    found = locate_first_heading(body)
    return found[0] if found else None


def locate_first_heading(body: str) -> tuple[str, int, bool] | None:
    """The first '# ' heading outside fenced code: its text, its line index in `body`, and
    whether it opens the body (nothing but blank lines before it)."""
    previous = -1  # index of the last line looked at: a gap means fenced code came between
    blank_so_far = True
    for index, line in lines_outside_fences(body):
        if index != previous + 1:
            blank_so_far = False
        previous = index
        if line[:1] == "#" and line[1:2] in (" ", "\t"):
            text = line[1:].strip(" \t").rstrip(" \t#")
            if text:
                return text, index, blank_so_far
        if line.strip():
            blank_so_far = False
    return None


def first_paragraph(body: str) -> str | None:
    """The Markdown of the first paragraph of prose outside fenced code: not a heading, list,
    quote, table, HTML, comment or `<!-- ... -->` marker."""
    lines: list[str] = []
    previous = -1
    for index, line in lines_outside_fences(body):
        stripped = line.strip()
        if lines and (index != previous + 1 or not stripped):
            break
        previous = index
        if not stripped:
            continue
        numbered = stripped[:1].isdigit() and ". " in stripped[:4]
        if not lines and (stripped[0] in "#<|>-*+!" or numbered or line.startswith("    ")):
            continue
        lines.append(stripped)
    return " ".join(lines) if lines else None


def find_refs(body: str, first_line: int) -> Iterator[Ref]:
    """`[[id]]` references in Markdown, outside fenced code and code spans."""
    for index, line, spans in prose_lines(body):
        for match in REF_RE.finditer(line):
            if not in_code(match.start(), spans) and backslashes_before(line, match.start()) % 2 == 0:
                text = match.group(2)
                yield Ref(match.group(1).strip(), text.strip() if text else None, first_line + index, match.start() + 1)


def load_note(path: Path, src_uri: str, file: str, content: bytes | None = None) -> tuple[Note, list[Problem]]:
    """A note and the problems of its own file; `content` is its bytes when read already."""
    problems: list[Problem] = []
    try:
        text, problems = decode_text(path.read_bytes() if content is None else content, file)
    except OSError as exc:
        problems.append(Problem(file, 1, 1, "error", f"cannot read note: {exc.strerror or exc}"))
        return Note(src_uri, file, NoteMeta(), []), problems
    front, body, body_line = split_front_matter(text)
    meta = NoteMeta()
    positions: dict[Any, tuple[int, int]] = {}
    if front is not None:
        loaded = parse_yaml(front, file, line_offset=1)
        source = _Source(loaded)
        if loaded.data is not None and not isinstance(loaded.data, dict):
            source.report((), "error", f"front matter must be a mapping of keys to values, got {describe(loaded.data)}")
        elif isinstance(loaded.data, dict):
            data = _plain_front_matter(source, loaded.data)
            positions = {key: loaded.position((key,)) for key in data}
            for key, value in data.items():  # list items too, so a bad tag is pointed at
                if isinstance(value, list):
                    positions.update({(key, index): loaded.position((key, index)) for index in range(len(value))})
            for _attempt in range(3):
                try:
                    meta = NoteMeta.model_validate(data)
                    break
                except ValidationError as exc:
                    for error in exc.errors():
                        loc = tuple(error["loc"])
                        source.report(loc, "error", error_message(error), _key_of(loc))
                        if isinstance(loc[0], str):  # a key of the front matter (its keys are text)
                            data.pop(loc[0], None)
            if meta.template == "redirect.html" and meta.location is None:  # a normal page instead
                if "location" not in positions:  # a bad one is reported already
                    source.report(
                        ("template",), "error",
                        "'template' redirect.html needs 'location': the http(s) or relative URL to send the reader to",
                        "template",
                    )
                meta = meta.model_copy(update={"template": None})
        problems.extend(source.problems)
    heading = locate_first_heading(body)
    note = Note(src_uri, file, meta, list(find_refs(body, body_line)), positions, heading[0] if heading else None)
    note.page_meta = meta.model_dump(exclude_none=True, exclude={"paper", "tags", "date"})
    note.first_paragraph = first_paragraph(body)
    note.papers_blocks = read_blocks(body, body_line, file)
    for block in note.papers_blocks:
        problems.extend(block.problems)
    if heading and heading[2]:
        note.opening_heading_line = body_line + heading[1]
    return note, problems


# Material includes `.icons/<icon>.svg` and looks `status` up in extra.status: anything but
# text there stops the build with a traceback.
MATERIAL_TEXT_KEYS = frozenset({"icon", "status"})


def _plain_front_matter(source: _Source, raw: dict[Any, Any]) -> dict[str, Any]:
    """The front matter keys that are text, with values of the kinds the note schema allows.

    Keys papernotes and Material read are checked by NoteMeta; any other key reaches the
    theme's templates, so only text, a list of text or a boolean is kept. Checking one level
    down and no further also means an alias bomb or a list that holds itself is refused at
    its first item, never walked.
    """
    known = NoteMeta.model_fields
    kept: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            source.report((key,), "error", f"a front matter key must be text, got {describe(key)} (put it in quotes)", str(key))
            continue
        if key in known and isinstance(value, dict):  # `search: {...}`: its keys must be text too
            for inner in [inner for inner in value if not isinstance(inner, str)]:
                source.report(
                    (key, inner), "error", f"a key of '{key}' must be text, got {describe(inner)} (put it in quotes)", key
                )
                value = {k: v for k, v in value.items() if k is not inner}
        if key in MATERIAL_TEXT_KEYS and not isinstance(value, str):
            source.report((key,), "error", f"'{key}' must be text, got {describe(value)}{text_hint(value)}", key)
            continue
        if key == "hide" and isinstance(value, bool):  # Material asks `"toc" in hide`
            hint = "(write what to hide as a list: [navigation, toc])"
            source.report((key,), "error", f"'hide' must be a list of text, got {describe(value)} {hint}", key)
            continue
        if key in known or isinstance(value, (str, bool)):
            kept[key] = value
            continue
        if isinstance(value, list):
            bad = next(((index, item) for index, item in enumerate(value) if not isinstance(item, str)), None)
            if bad is None:
                kept[key] = value
                continue
            index, item = bad
            hint = " (put it in quotes to make it text)" if isinstance(item, (int, float, dt.date)) else ""
            source.report((key, index), "error", f"'{key}' (item {index + 1}) must be text, got {describe(item)}{hint}", key)
            continue
        hint = " (put it in quotes to make it text)" if isinstance(value, (int, float, dt.date)) else ""
        source.report((key,), "error", f"'{key}' must be text or a list of text, got {describe(value)}{hint}", key)
    return kept


MARKDOWN_EXTENSIONS = MARKDOWN_SUFFIXES


def iter_markdown(docs_dir: Path, loops: list[Path] | None = None) -> Iterator[Path]:
    """The Markdown files MkDocs builds from docs_dir, in a stable order.

    Like MkDocs: folder links are followed (`notes/shared -> ../elsewhere`), hidden files and
    folders and the top-level `templates/` are left out. A link to a folder that holds it
    would make MkDocs read the same notes again at every level (and fail copying them): it
    is not followed, and added to `loops`.
    """
    chains: dict[str, tuple[str, ...]] = {str(docs_dir): (os.path.realpath(docs_dir),)}  # folder -> real paths down to it
    for folder, dirs, files in os.walk(docs_dir, followlinks=True):
        chain = chains.pop(folder, ())
        kept = []
        for name in sorted(dirs):
            if name.startswith(".") or (folder == str(docs_dir) and name == "templates"):
                continue
            path = os.path.join(folder, name)
            real = os.path.realpath(path)
            if real in chain:
                if loops is not None:
                    loops.append(Path(path))
                continue
            chains[path] = (*chain, real)
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.endswith(MARKDOWN_EXTENSIONS) and not name.startswith("."):
                yield Path(folder, name)


def _name_problems(src_uri: str, file: str, named: set[str]) -> list[Problem]:
    """A warning for each part of a note's path that is not a plain, portable name: it becomes
    the page's address and, without a heading, its title (a folder's, the nav section's)."""
    problems = []
    parts = src_uri.split("/")
    for depth, part in enumerate(parts):
        folder = "/".join(parts[: depth + 1])
        trouble = name_trouble(part)
        if trouble is None or folder in named:
            continue
        named.add(folder)
        what = "file" if depth == len(parts) - 1 else "folder"
        problems.append(Problem(
            file, 1, 1, "warning",
            f"{what} name {quote(part)} is not a plain, portable name ({trouble}): the site shows it as a title "
            f"and in addresses; rename it, e.g. to {quote(portable_name(part, 'note'))}",
        ))
    return problems


def load_notes(docs_dir: Path, root: Path, kb: KnowledgeBase, memo: LoadMemo | None = None) -> None:
    """Read every note (through `memo` when given), tie notes to papers and check their references."""
    loops: list[Path] = []
    read = memo.note if memo is not None else load_note
    named: set[str] = set()  # folders whose names were reported
    for path in iter_markdown(docs_dir, loops):
        src_uri = path.relative_to(docs_dir).as_posix()
        note, problems = read(path, src_uri, display_path(path, root))
        kb.problems.extend(problems)
        kb.problems.extend(_name_problems(src_uri, note.file, named))
        kb.notes[src_uri] = note
    if memo is not None:
        memo.forget_notes_except(kb.notes)
    for link in loops:
        kb.folder_loops.append(link.relative_to(docs_dir).as_posix())
        target = display_path(Path(os.path.realpath(link)), root)
        kb.problems.append(
            Problem(
                display_path(link, root), 1, 1, "error",
                f"folder link points to {quote(target)}, which holds it: MkDocs would read the notes below it "
                "again at every level; remove the link or point it elsewhere",
            )
        )
    vocabulary: tuple[set[str], dict[str, str]] | None = None  # for papers blocks, made on the first one
    for note in kb.notes.values():
        paper_id = note.meta.paper
        if paper_id is None:
            pass
        elif paper_id not in kb.papers:
            hint = did_you_mean(paper_id, kb.papers) or f"; add a record with this id to {kb.papers_file}"
            message = f"note is tied to unknown paper {quote(paper_id)}{hint}"
            kb.problems.append(Problem(note.file, *note.position("paper"), "warning", message, "paper"))
        elif paper_id in kb.note_of_paper:
            first = kb.note_of_paper[paper_id]
            kb.problems.append(
                Problem(
                    note.file, *note.position("paper"), "error",
                    f"paper {quote(paper_id)} already has a note ({first.file}): merge the two or tie this one to another paper",
                    "paper",
                )
            )
        else:
            kb.note_of_paper[paper_id] = note
            kb.problems.extend(_title_heading(note, kb.papers[paper_id]))
        if kb.tags:
            for index, tag in enumerate(note.meta.tags):
                if tag not in kb.tags:
                    hint = did_you_mean(tag, kb.tags) or f"; add it under 'tags:' in {kb.papers_file}"
                    where = note.position("tags", index)
                    kb.problems.append(Problem(note.file, *where, "warning", f"unknown tag {quote(tag)}{hint}", "tags"))
        if note.papers_blocks:
            if vocabulary is None:
                vocabulary = known_vocabulary(kb.papers.values(), kb.tags, venue_lookup(kb))
            checked = [check_block(block, *vocabulary, kb.papers_file) for block in note.papers_blocks]
            note.papers_blocks = [block for block, _ in checked]
            kb.problems.extend(problem for _, new in checked for problem in new)
        for ref in note.refs:
            if ref.paper_id not in kb.papers:
                hint = did_you_mean(ref.paper_id, kb.papers) or ""
                kb.problems.append(
                    Problem(
                        note.file, ref.line, ref.column, "warning",
                        f"reference [[{quote(ref.paper_id)[1:-1]}]] names no paper{hint}", "[[ref]]",
                    )
                )


# ---------------------------------------------------------------- generated pages


def check_page_collisions(kb: KnowledgeBase, layout: Layout) -> None:
    """Report papers, tags and venues whose page would land where another page is.

    MkDocs writes one file per output path, so two pages there means one is lost: the user's
    notes and the fixed index pages come first, then papers, tags and venues in that order.
    Paths are compared ignoring case (case-insensitive file systems). A colliding paper is left
    out, like a record with a duplicate id; a colliding tag or venue keeps its papers but gets
    no page of its own. Year and week pages (numbers and dates) are not checked: they can only
    meet another page when two URL prefixes are alike.
    """
    taken: dict[str, str] = {}  # lowercased output path -> what is there, for the message

    def claim(src_uri: str | None, owner: str) -> str | None:
        """None when the path was free (now `owner`'s), else what is there already."""
        if src_uri is None:
            return None
        path = layout.output_path(src_uri).lower()
        if path in taken:
            return taken[path]
        taken[path] = owner
        return None

    def at(kind: str, key: str) -> tuple[int, int]:
        return kb.positions.get((kind, key), (1, 1))

    tied = {note.src_uri for note in kb.note_of_paper.values()}
    notes_by_file = {note.file for note in kb.notes.values()}
    for note in kb.notes.values():
        if note.src_uri not in tied:
            claim(note.src_uri, note.file)
    claim("index.md", "the home page")
    for index in layout.indexes:
        if index in INDEX_TITLES:
            claim(layout.index_src(index), f"the {INDEX_TITLES[index]} page")
    left_out: set[str] = set()
    for paper_id in kb.papers:
        src = layout.paper_src(paper_id)
        where = f"{layout.prefix_papers}/{paper_id}.md" if layout.prefix_papers else f"{paper_id}.md"
        if paper_id.lower() in (name.lower() for name in FOLDER_PAGE_NAMES):
            message = (
                f"paper id {quote(paper_id)} is reserved: MkDocs builds {where} as the page of its folder "
                "(index and README, in any case, name a folder's own page); give this paper another id"
            )
        else:
            other = claim(src, f"paper {quote(paper_id)}")
            if other is None:
                continue
            message = f"paper id {quote(paper_id)} would put its page at {where}, where {other} is; give this paper another id"
            if other in notes_by_file:
                message += f" or make that note the paper's page with 'paper: {paper_id}'"
        kb.problems.append(Problem(kb.papers_file, *at("paper", paper_id), "error", message, "id"))
        paper_note = kb.note_of_paper.pop(paper_id, None)
        if paper_note is not None:
            claim(paper_note.src_uri, paper_note.file)  # the note stays a page of its own
        left_out.add(paper_id)
    if left_out:  # a new mapping: the one of papers.yaml may be reused by the next build (serve)
        kb.papers = {paper_id: paper for paper_id, paper in kb.papers.items() if paper_id not in left_out}
    if layout.enabled("tags"):
        keys = set(kb.tags) | {tag for paper in kb.papers.values() for tag in paper.tags}
        tag_at = {key: at("tag", key) for key in keys}
        for child in list(keys):  # a child tag's parents have pages too, reported where the child is
            key = child
            while "/" in key:
                key = key.rsplit("/", 1)[0]
                keys.add(key)
                tag_at.setdefault(key, tag_at[child])
        for key in sorted(keys):
            other = claim(layout.tag_src(key), f"the page of tag {quote(key)}")
            if other is not None:
                kb.problems.append(
                    Problem(
                        kb.papers_file, *tag_at[key], "error",
                        f"tag {quote(key)} would put its page at {layout.tag_src(key)}, where {other} is; rename the tag",
                        "tags",
                    )
                )
    if layout.enabled("venues"):
        names = {paper.venue for paper in kb.papers.values() if paper.venue} | set(kb.venues)
        for name, slug in venue_slugs(names).items():
            other = claim(layout.venue_src(slug), f"the page of venue {quote(name)}")
            if other is not None:
                kb.problems.append(
                    Problem(
                        kb.papers_file, *at("venue", name), "error",
                        f"venue {quote(name)} would put its page at {layout.venue_src(slug)}, where {other} is; "
                        "rename the venue (its page is named by the name's letters and digits)",
                        "venue",
                    )
                )
def check_note_dates(notes: Iterable[Note], today: dt.date) -> list[Problem]:
    """An error for a note's `date` before 1900 or after today, as for a paper's `read` date:
    the feed lists notes by date, and one from the far future would stay on top of it."""
    problems: list[Problem] = []
    for note in notes:
        date = note.meta.date
        if date is None:
            continue
        if date < MIN_DATE:
            message = f"'date' {date.isoformat()} is before {MIN_DATE.year}: write the date the note was written"
        elif date > today:
            message = f"'date' {date.isoformat()} is in the future (today is {today.isoformat()})"
        else:
            continue
        problems.append(Problem(note.file, *note.position("date"), "error", message, "date"))
    return problems


def _normalised(text: str) -> str:
    """Casefolded words without punctuation: 'U-Net: Convolutional' -> 'u net convolutional'."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def repeats_title(heading: str, title: str, short: str | None) -> bool:
    """Whether a heading says the paper's title or short name again ('# ResNet', '# resnet: deep ...')."""
    names = [title]
    if short:
        names += [short, f"{short} {title}", f"{title} {short}"]
    normalised = _normalised(heading)
    return bool(normalised) and normalised in {_normalised(name) for name in names}


def _title_heading(note: Note, paper: Paper) -> list[Problem]:
    """A warning when the note opens with a heading that repeats the title (or short name) its page shows."""
    if note.heading is None or note.opening_heading_line is None or not repeats_title(note.heading, paper.title, paper.short):
        return []
    message = (
        f"heading {quote('# ' + note.heading)} repeats the paper's title, which its page already shows above "
        "the note: remove the heading, or the page shows the title twice"
    )
    return [Problem(note.file, note.opening_heading_line, 1, "warning", message, "heading")]


class _DocsFiles:
    """The names in docs_dir's folders, listed once each, for exact (case-sensitive) lookups.

    A web server matches names exactly, so 'Img/a.PNG' is a missing file even where the file
    system of the writer ignores case.
    """

    # difflib over a folder costs its size: suggestions by spelling stop after this many misses
    SPELLING_SUGGESTIONS = 100
    SPELLING_FOLDER_LIMIT = 2000

    def __init__(self, docs_dir: Path):
        self.docs_dir = docs_dir
        self.listings: dict[tuple[str, ...], dict[str, bool] | None] = {}  # folder -> name -> is a folder
        self.lowered: dict[tuple[str, ...], dict[str, str]] = {}  # folder -> lowercased name -> name
        self.by_stem: dict[tuple[str, ...], dict[str, list[str]]] = {}
        self.by_name: dict[str, str] | None = None  # file name -> its first path, built on a first miss
        self.spelled = 0

    def listing(self, folder: tuple[str, ...]) -> dict[str, bool] | None:
        if folder not in self.listings:
            try:
                with os.scandir(self.docs_dir.joinpath(*folder)) as entries:
                    self.listings[folder] = {entry.name: entry.is_dir() for entry in entries}
            except OSError:
                self.listings[folder] = None
        return self.listings[folder]

    def missing(self, parts: list[str]) -> tuple[int, dict[str, bool] | None] | None:
        """None when the path exists, else (index of the first missing part, its folder's names)."""
        for index, part in enumerate(parts):
            names = self.listing(tuple(parts[:index]))
            if names is None or part not in names or (index < len(parts) - 1 and not names[part]):
                return index, names
        return None

    def suggestion(self, parts: list[str], index: int, names: dict[str, bool] | None) -> str | None:
        """A path that exists and is probably meant: other case, same name elsewhere, or a close spelling."""
        same_case = self.ignoring_case(parts)
        if same_case is not None:
            return same_case
        wanted = parts[index]
        if index == len(parts) - 1 and names:
            stem = posixpath.splitext(wanted)[0].lower()
            for name in self.stems(tuple(parts[:index]), names).get(stem, ()):
                if not names[name]:
                    return "/".join([*parts[:index], name])
        elsewhere = self.file_named(parts[-1])
        if elsewhere is not None:
            return elsewhere
        if names and len(names) <= self.SPELLING_FOLDER_LIMIT and self.spelled < self.SPELLING_SUGGESTIONS:
            self.spelled += 1
            close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
            if close and self.missing([*parts[:index], close[0], *parts[index + 1 :]]) is None:
                return "/".join([*parts[:index], close[0], *parts[index + 1 :]])
        return None

    def stems(self, folder: tuple[str, ...], names: dict[str, bool]) -> dict[str, list[str]]:
        """Lowercased name without its extension -> names, of one folder ('a.svg' for 'a.png')."""
        if folder not in self.by_stem:
            self.by_stem[folder] = {}
            for name in sorted(names):
                self.by_stem[folder].setdefault(posixpath.splitext(name)[0].lower(), []).append(name)
        return self.by_stem[folder]

    def ignoring_case(self, parts: list[str]) -> str | None:
        """The existing path that `parts` spells in other case ('Img/A.PNG' -> 'img/a.png')."""
        found: list[str] = []
        for index, part in enumerate(parts):
            folder = tuple(found)
            names = self.listing(folder) or {}
            if folder not in self.lowered:
                self.lowered[folder] = {}
                for name in sorted(names):
                    self.lowered[folder].setdefault(name.lower(), name)
            match = part if part in names else self.lowered[folder].get(part.lower())
            if match is None or (index < len(parts) - 1 and not names[match]):
                return None
            found.append(match)
        return "/".join(found)

    def file_named(self, name: str) -> str | None:
        if self.by_name is None:
            self.by_name = {}
            for folder, dirs, files in os.walk(self.docs_dir):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                relative = Path(folder).relative_to(self.docs_dir).as_posix()
                for file_name in sorted(files):
                    self.by_name.setdefault(file_name, file_name if relative == "." else f"{relative}/{file_name}")
        return self.by_name.get(name)


def check_file_links(kb: KnowledgeBase, docs_dir: Path, root: Path) -> list[Problem]:
    """A warning for each relative link of papers.yaml that names no file of docs_dir.

    The site holds the files of docs_dir, and a record's relative links resolve against the
    site's root, so 'img/a.png' must be docs_dir/img/a.png.
    """
    problems: list[Problem] = []
    files = _DocsFiles(docs_dir)
    shown_docs = display_path(docs_dir, root)
    for link in kb.file_links:
        path = posixpath.normpath(unquote(re.split(r"[?#]", link.target, maxsplit=1)[0]).lstrip("/"))
        if path == ".":
            continue  # the site's root
        where = (kb.papers_file, link.line, link.column)
        if path == ".." or path.startswith("../"):
            message = (
                f"'{link.key}' links to {quote(link.target)}, outside {shown_docs}/: the site holds only the "
                f"files of {shown_docs}/, so move the file there"
            )
            problems.append(Problem(*where, "warning", message, link.key))
            continue
        parts = path.split("/")
        found = files.missing(parts)
        if found is None:
            continue
        suggestion = files.suggestion(parts, *found)
        hint = f" (did you mean {quote(suggestion, 80)}?)" if suggestion else ""
        message = f"'{link.key}' names no file: {quote(shown_docs + '/' + path, 240)} does not exist{hint}"
        problems.append(Problem(*where, "warning", message, link.key))
    return problems


def display_path(path: Path, root: Path) -> str:
    """`path` relative to `root`; a note below a folder link is named by the link, as MkDocs does."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:  # `root` given through a link of its own
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class LoadMemo:
    """papers.yaml as validated last time, reused while its bytes stay the same, and each note
    as read last time, reused while its file's bytes do.

    `mkdocs serve` rebuilds on every saved file; parsing and validating thousands of records
    and notes again for it would be most of the rebuild.
    """

    key: str = ""
    kb: KnowledgeBase | None = None  # papers.yaml alone: records, vocabularies, their problems
    notes: dict[tuple[str, str], tuple[bytes, Note, list[Problem]]] = field(default_factory=dict)  # (src_uri, file) ->
    # papers.yaml's records by their lines: as parsed alone, and as checked when they had no problem
    parsed_records: dict[str, LoadedYaml] = field(default_factory=dict)
    checked_records: dict[tuple[str, str], Paper] = field(default_factory=dict)
    by_record: bool = False  # the last load went record by record (else the file was parsed whole)

    def load(self, papers_path: Path, file: str, today: dt.date) -> KnowledgeBase:
        try:
            source = papers_path.read_bytes()
        except OSError:
            return load_papers(papers_path, file, today)  # which reports it as fatal
        inputs = [source, str(papers_path).encode(), file.encode(), today.isoformat().encode()]
        key = hashlib.blake2b(b"\0".join(inputs), digest_size=16).hexdigest()
        if self.kb is None or self.key != key:
            self.kb, self.key = load_papers(papers_path, file, today, self), key
        return dataclasses.replace(self.kb, notes={}, note_of_paper={}, folder_loops=[], problems=list(self.kb.problems))

    def parse_papers(self, text: str, file: str) -> LoadedYaml:
        """papers.yaml parsed record by record, each record's parse reused while its lines stay
        the same; parsed whole when its shape does not allow that (see split_records)."""
        split = split_records(text, "papers")
        self.by_record = False
        if split is None:
            self.parsed_records = {}
            return parse_yaml(text, file)
        parsed: dict[str, LoadedYaml] = {}
        records: list[tuple[int, LoadedYaml]] = []
        for above, lines in split.records:
            # two records of the same lines get a parse each: their data must be two objects
            loaded = None if lines in parsed else self.parsed_records.get(lines)
            if loaded is None:
                loaded = parse_yaml(lines, file, depth=2)  # below the file's mapping and its list
            parsed.setdefault(lines, loaded)
            records.append((above, loaded))
        self.parsed_records = parsed
        whole = combined_records(parse_yaml(split.skeleton, file), "papers", records, [lines for _, lines in split.records])
        self.by_record = whole is not None
        return whole if whole is not None else parse_yaml(text, file)

    def note(self, path: Path, src_uri: str, file: str) -> tuple[Note, list[Problem]]:
        """The note at `path` as `load_note` reads it; a copy, since a build may change its page_meta."""
        try:
            data = path.read_bytes()
        except OSError:
            return load_note(path, src_uri, file)  # which reports it
        found = self.notes.get((src_uri, file))
        if found is None or found[0] != data:
            note, problems = load_note(path, src_uri, file, data)
            found = self.notes[(src_uri, file)] = (data, note, problems)
        _data, note, problems = found
        return dataclasses.replace(note, page_meta=dict(note.page_meta), papers_blocks=list(note.papers_blocks)), list(problems)

    def forget_notes_except(self, kept: dict[str, Note]) -> None:
        """Drop the notes that are gone, so a long serve session does not hold every file it saw."""
        self.notes = {key: found for key, found in self.notes.items() if key[0] in kept and kept[key[0]].file == key[1]}


def load_knowledge_base(
    papers_path: Path, docs_dir: Path | None, root: Path, today: dt.date | None = None, memo: LoadMemo | None = None,
    layout: Layout | None = None,
) -> KnowledgeBase:
    """Load papers.yaml (through `memo` when given) and the notes, and check where their pages
    go (`layout`, the default one when not given); every problem found is in `kb.problems`, sorted."""
    today = today or dt.date.today()
    file = display_path(papers_path, root)
    with paused_gc():
        kb = memo.load(papers_path, file, today) if memo is not None else load_papers(papers_path, file, today)
        if docs_dir is not None and docs_dir.is_dir():
            load_notes(docs_dir, root, kb, memo)
            kb.problems.extend(check_note_dates(kb.notes.values(), today))
        if kb.fatal is None:
            check_page_collisions(kb, layout or Layout())
        if docs_dir is not None and docs_dir.is_dir():
            kb.problems.extend(check_file_links(kb, docs_dir, root))
    kb.problems = sort_problems(kb.problems)
    return kb
