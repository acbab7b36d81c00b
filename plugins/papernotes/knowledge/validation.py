"""Load and validate a knowledge base: papers.yaml plus the notes of docs_dir.

Everything here is plain Python: MkDocs calls `load_knowledge_base` once per build and the
`papernotes check` command calls it without building.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from .loading import LoadedYaml, decode_text, parse_yaml, paused_gc
from .model import STATUSES, NoteMeta, Paper, Venue, check_tag
from .problems import Problem, did_you_mean, quote, sort_problems

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

    def position(self, key: str, index: int | None = None) -> tuple[int, int]:
        """Where a front matter key (or item `index` of its list) stands; line 1 when absent."""
        if index is not None and (key, index) in self.key_positions:
            return self.key_positions[(key, index)]
        return self.key_positions.get(key, (1, 1))


@dataclass
class KnowledgeBase:
    papers_file: str
    papers: dict[str, Paper] = field(default_factory=dict)
    paper_lines: dict[str, int] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    venues: dict[str, VenueEntry] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)  # by src_uri
    note_of_paper: dict[str, Note] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    fatal: Problem | None = None  # papers.yaml could not be parsed at all

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# ---------------------------------------------------------------- pydantic errors to messages


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    shown = repr(value)
    return f"{type(value).__name__} {shown if len(shown) <= 40 else shown[:37] + '...'}"


def _key_of(loc: tuple[Any, ...]) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    return ".".join(names) if names else "record"


def error_message(error: Any) -> str:
    """One pydantic error as a sentence naming the key, what was expected and what was found."""
    kind = error["type"]
    loc = tuple(error["loc"])
    key = _key_of(loc)
    value = error.get("input")
    ctx = error.get("ctx") or {}
    index = f" (item {loc[-1] + 1})" if loc and isinstance(loc[-1], int) else ""
    got = _describe(value)
    if kind == "missing":
        return f"missing required key '{key}'"
    if kind in ("string_type", "string_sub_type"):
        hint = " (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)" if isinstance(value, bool) else ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = " (put it in quotes to make it text)"
        return f"'{key}'{index} must be text, got {got}{hint}"
    if kind == "string_too_short":
        return f"'{key}'{index} is empty: write a value or remove the key"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = ""
        if isinstance(value, str) and value.strip().isdigit():
            hint = " (remove the quotes)"
        elif isinstance(value, bool):
            hint = " (YAML reads yes/no/on/off/true/false as booleans)"
        return f"'{key}' must be a whole number, got {got}{hint}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{key}' must be a date written YYYY-MM-DD, got {got}"
    if kind == "list_type":
        return f"'{key}' must be a list, got {got}: write [a, b] or one '- item' per line"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{key}' must be a mapping of keys to values, got {got}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        hint = did_you_mean(str(value), STATUSES) if key == "status" else ""
        return f"'{key}' must be one of {expected}, got {got}{hint}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"'{key}' must be at least {ctx.get('ge', ctx.get('gt'))}, got {got}"
    if kind in ("less_than_equal", "less_than"):
        return f"'{key}' must be at most {ctx.get('le', ctx.get('lt'))}, got {got}"
    if kind == "extra_forbidden":
        return f"unknown key {quote(loc[-1])}"
    return f"'{key}'{index}: {error['msg']}"  # our own rules (URL, id, tag) say it all in `msg`


# ---------------------------------------------------------------- validating one mapping


class _Source:
    """A parsed YAML file and the problems found in it, positioned by pydantic locations."""

    def __init__(self, loaded: LoadedYaml):
        self.loaded = loaded
        self.problems: list[Problem] = list(loaded.problems)

    def report(self, path: tuple[Any, ...], severity: str, message: str, key: str = "") -> None:
        line, column = self.loaded.position(path)
        self.problems.append(Problem(self.loaded.file, line, column, severity, message, key))  # type: ignore[arg-type]

    def strip_unknown_keys(self, raw: dict[Any, Any], model: type[BaseModel], path: tuple[Any, ...]) -> dict[Any, Any]:
        """Report keys the model does not know (typos) and return the mapping without them."""
        known = model.model_fields
        kept: dict[Any, Any] = {}
        for key, value in raw.items():
            if key in known:
                kept[key] = value
                continue
            hint = did_you_mean(str(key), known) or f"; known keys: {', '.join(known)}"
            self.report(path + (key,), "error", f"unknown key {quote(key)}{hint}", str(key))
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
            self.report(path, "error", f"{shown} must be a mapping of keys to values, got {_describe(raw)}")
            return None, False
        data = self.strip_unknown_keys(raw, model, path)
        if model is Paper and isinstance(data.get("links"), dict):
            links = self.strip_unknown_keys(data["links"], Paper.model_fields["links"].annotation, path + ("links",))  # type: ignore[arg-type]
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
                        self.report(path + loc, "error", error_message(error), _key_of(loc))
                broken = {tuple(error["loc"]) for error in errors}
                if any(not loc or loc[0] in required for loc in broken):
                    complete = False
                    if not placeholders:
                        return None, False
                data = _without(data, broken, placeholders or {})
        return None, False


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


def load_papers(path: Path, file: str, today: dt.date) -> KnowledgeBase:
    """Parse and validate papers.yaml. Raises FatalProblem only when it cannot be read."""
    try:
        text, decoding = read_source(path, file)
    except OSError as exc:
        raise FatalProblem(f"{file}: cannot read papers file: {exc.strerror or exc}") from exc
    loaded = parse_yaml(text, file)
    source = _Source(loaded)
    source.problems[:0] = decoding
    kb = KnowledgeBase(papers_file=file)
    data = loaded.data
    if data is None and not loaded.problems:
        data = {}  # an empty file is an empty knowledge base
    if data is not None and not isinstance(data, dict):
        source.report((), "error", f"papers file must be a mapping with a 'papers:' list, got {_describe(data)}")
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
        _load_records(source, data.get("papers"), kb, today)
    kb.problems.extend(source.problems)
    return kb


def _load_tags(source: _Source, raw: Any, kb: KnowledgeBase) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        source.report(("tags",), "error", f"'tags' must be a mapping of tag key to description, got {_describe(raw)}")
        return
    for key, description in raw.items():  # keys are lowercase by the tag rule: no case clashes
        if not isinstance(key, str):
            source.report(("tags", key), "error", f"a tag key must be text, got {_describe(key)}: put it in quotes", str(key))
            continue
        try:
            check_tag(key)
        except PydanticCustomError as exc:
            source.report(("tags", key), "error", f"'tags': {exc}", key)
            continue
        if description is not None and not isinstance(description, str):
            source.report(("tags", key), "error", f"description of tag {quote(key)} must be text, got {_describe(description)}", str(key))
            description = None
        kb.tags[key] = Tag(key, description.strip() if description else None)
    for key in list(kb.tags):
        parent = kb.tags[key].parent
        while parent and parent not in kb.tags:
            kb.tags[parent] = Tag(parent, None, declared=False)
            parent = kb.tags[parent].parent


def _load_venues(source: _Source, raw: Any, kb: KnowledgeBase) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        source.report(("venues",), "error", f"'venues' must be a mapping of venue name to details, got {_describe(raw)}")
        return
    spelled: dict[str, str] = {}  # lowercased spelling -> canonical
    for key, details in raw.items():
        if not isinstance(key, str) or not key.strip():
            source.report(("venues", key), "error", f"venue name must be text, got {_describe(key)}")
            continue
        venue = Venue() if details is None else source.validate(details, Venue, ("venues", key), set(), f"venue {quote(key)}")[0]
        if venue is None:
            venue = Venue()
        entry = VenueEntry(key, venue.name, list(venue.aliases))
        for spelling in [key, *entry.aliases]:
            other = spelled.get(spelling.lower())
            if other is not None:
                source.report(("venues", key), "error", f"venue spelling {quote(spelling)} is used by both {quote(other)} and {quote(key)}", key)
                continue
            spelled[spelling.lower()] = key
        kb.venues[key] = entry


def venue_lookup(kb: KnowledgeBase) -> dict[str, str]:
    """Every spelling of every venue, lowercased, to its canonical name."""
    table: dict[str, str] = {}
    for entry in kb.venues.values():
        for spelling in [entry.key, *entry.aliases]:
            table.setdefault(spelling.lower(), entry.key)
    return table


# Stand-ins for a broken required field, so the rest of the record is still checked.
_PLACEHOLDERS = {"id": "invalid-id", "title": "untitled"}


def _load_records(source: _Source, raw: Any, kb: KnowledgeBase, today: dt.date) -> None:
    if raw is None:
        return
    if not isinstance(raw, list):
        source.report(("papers",), "error", f"'papers' must be a list of records ('- id: ...'), got {_describe(raw)}")
        return
    venues = venue_lookup(kb)
    seen_ids: dict[str, tuple[str, int]] = {}  # lowercased id -> (id, line)
    required = {name for name, info in Paper.model_fields.items() if info.is_required()}
    for index, record in enumerate(raw):
        path = ("papers", index)
        paper, complete = source.validate(record, Paper, path, required, "a paper record", _PLACEHOLDERS)
        if paper is None:
            continue
        if not complete:  # still check the other fields, so one run shows every problem
            _check_record(source, paper, path, kb, venues, today)
            continue
        line = source.loaded.position(path)[0]
        first = seen_ids.get(paper.id.lower())
        if first is not None:
            same = "" if first[0] == paper.id else f" as {quote(first[0])} (ids must differ also ignoring case, since URLs collide on case-insensitive file systems)"
            source.report(
                path + ("id",), "error",
                f"duplicate id {quote(paper.id)}: already used on line {first[1]}{same}; give this paper another id",
                "id",
            )
            continue
        seen_ids[paper.id.lower()] = (paper.id, line)
        paper = _check_record(source, paper, path, kb, venues, today)
        kb.papers[paper.id] = paper
        kb.paper_lines[paper.id] = line


def _check_record(
    source: _Source, paper: Paper, path: tuple[Any, ...], kb: KnowledgeBase, venues: dict[str, str], today: dt.date
) -> Paper:
    """Rules across fields and vocabularies; returns the paper with its venue made canonical."""
    updates: dict[str, Any] = {}
    if kb.tags:
        for index, tag in enumerate(paper.tags):
            if tag not in kb.tags:
                hint = did_you_mean(tag, kb.tags) or f"; add it under 'tags:' in {kb.papers_file}"
                source.report(path + ("tags", index), "warning", f"unknown tag {quote(tag)}{hint}", "tags")
    if paper.venue and kb.venues:
        canonical = venues.get(paper.venue.lower())
        if canonical is None:
            hint = did_you_mean(paper.venue, venues.values()) or f"; add it under 'venues:' in {kb.papers_file}"
            source.report(path + ("venue",), "warning", f"unknown venue {quote(paper.venue)}{hint}", "venue")
        elif canonical != paper.venue:
            updates["venue"] = canonical
    if paper.year is not None and paper.year > today.year + 1:
        source.report(path + ("year",), "error", f"'year' {paper.year} is in the future (this is {today.year})", "year")
    if paper.read is not None:
        if paper.read > today:
            source.report(path + ("read",), "error", f"'read' date {paper.read.isoformat()} is in the future (today is {today.isoformat()})", "read")
        elif paper.year is not None and paper.read.year < paper.year - 1:
            source.report(
                path + ("read",), "warning",
                f"'read' date {paper.read.isoformat()} is before the paper's year {paper.year}: check both",
                "read",
            )
    if paper.status == "to-read" and paper.read is not None:
        source.report(path + ("status",), "warning", "status is 'to-read' but a 'read' date is set: use 'read' or 'reading', or remove the date", "status")
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


def prose_lines(body: str) -> Iterator[tuple[int, str, list[tuple[int, int]]]]:
    """(index, line, code span ranges) of the lines outside fenced code that may hold refs."""
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
        if slashes:
            # An even run of backslashes escapes itself, but only when it starts where the
            # search does; otherwise the first backtick is escaped and the rest may open.
            if slashes % 2 or start - slashes < search_from:
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
    fence: str | None = None
    for line in body.split("\n"):
        opener = _FENCE_RE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
        elif line[:1] == "#" and line[1:2] in (" ", "\t"):
            text = line[1:].strip(" \t").rstrip(" \t#")
            if text:
                return text
    return None


def find_refs(body: str, first_line: int) -> Iterator[Ref]:
    """`[[id]]` references in Markdown, outside fenced code and code spans."""
    for index, line, spans in prose_lines(body):
        for match in REF_RE.finditer(line):
            if not in_code(match.start(), spans) and backslashes_before(line, match.start()) % 2 == 0:
                text = match.group(2)
                yield Ref(match.group(1).strip(), text.strip() if text else None, first_line + index, match.start() + 1)


def load_note(path: Path, src_uri: str, file: str) -> tuple[Note, list[Problem]]:
    problems: list[Problem] = []
    try:
        text, problems = read_source(path, file)
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
            source.report((), "error", f"front matter must be a mapping of keys to values, got {_describe(loaded.data)}")
        elif isinstance(loaded.data, dict):
            data = dict(loaded.data)
            positions = {key: loaded.position((key,)) for key in data}
            for key, value in data.items():  # list items too, so a bad tag is pointed at
                if isinstance(value, list):
                    positions.update({(key, index): loaded.position((key, index)) for index in range(len(value))})
            for _attempt in range(2):
                try:
                    meta = NoteMeta.model_validate(data)
                    break
                except ValidationError as exc:
                    for error in exc.errors():
                        loc = tuple(error["loc"])
                        source.report(loc, "error", error_message(error), _key_of(loc))
                        data.pop(loc[0], None)
        problems.extend(source.problems)
    note = Note(src_uri, file, meta, list(find_refs(body, body_line)), positions, first_heading(body))
    return note, problems


def iter_markdown(docs_dir: Path) -> Iterator[Path]:
    """Markdown files of docs_dir in a stable order, skipping hidden folders like MkDocs."""
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".md", ".markdown")) and not name.startswith("."):
                yield Path(folder, name)


def load_notes(docs_dir: Path, root: Path, kb: KnowledgeBase) -> None:
    """Read every note, tie notes to papers and check their references."""
    for path in iter_markdown(docs_dir):
        src_uri = path.relative_to(docs_dir).as_posix()
        note, problems = load_note(path, src_uri, display_path(path, root))
        kb.problems.extend(problems)
        kb.notes[src_uri] = note
    for note in kb.notes.values():
        paper_id = note.meta.paper
        if paper_id is None:
            pass
        elif paper_id not in kb.papers:
            hint = did_you_mean(paper_id, kb.papers) or f"; add a record with this id to {kb.papers_file}"
            kb.problems.append(Problem(note.file, *note.position("paper"), "warning", f"note is tied to unknown paper {quote(paper_id)}{hint}", "paper"))
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
        if kb.tags:
            for index, tag in enumerate(note.meta.tags):
                if tag not in kb.tags:
                    hint = did_you_mean(tag, kb.tags) or f"; add it under 'tags:' in {kb.papers_file}"
                    where = note.position("tags", index)
                    kb.problems.append(Problem(note.file, *where, "warning", f"unknown tag {quote(tag)}{hint}", "tags"))
        for ref in note.refs:
            if ref.paper_id not in kb.papers:
                hint = did_you_mean(ref.paper_id, kb.papers) or ""
                kb.problems.append(
                    Problem(note.file, ref.line, ref.column, "warning", f"reference [[{quote(ref.paper_id)[1:-1]}]] names no paper{hint}", "[[ref]]")
                )


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class PapersMemo:
    """papers.yaml as validated last time, reused while its bytes stay the same.

    `mkdocs serve` rebuilds on every saved note; parsing and validating thousands of records
    again for it would be most of the rebuild.
    """

    key: str = ""
    kb: KnowledgeBase | None = None  # papers.yaml alone: records, vocabularies, their problems

    def load(self, papers_path: Path, file: str, today: dt.date) -> KnowledgeBase:
        try:
            source = papers_path.read_bytes()
        except OSError:
            return load_papers(papers_path, file, today)  # which reports it as fatal
        key = hashlib.blake2b(b"\0".join([source, str(papers_path).encode(), file.encode(), today.isoformat().encode()]), digest_size=16).hexdigest()
        if self.kb is None or self.key != key:
            self.kb, self.key = load_papers(papers_path, file, today), key
        return dataclasses.replace(self.kb, notes={}, note_of_paper={}, problems=list(self.kb.problems))


def load_knowledge_base(
    papers_path: Path, docs_dir: Path | None, root: Path, today: dt.date | None = None, memo: PapersMemo | None = None
) -> KnowledgeBase:
    """Load papers.yaml (through `memo` when given) and the notes; every problem found is in
    `kb.problems`, sorted."""
    today = today or dt.date.today()
    file = display_path(papers_path, root)
    with paused_gc():
        kb = memo.load(papers_path, file, today) if memo is not None else load_papers(papers_path, file, today)
        if docs_dir is not None and docs_dir.is_dir():
            load_notes(docs_dir, root, kb)
    kb.problems = sort_problems(kb.problems)
    return kb
