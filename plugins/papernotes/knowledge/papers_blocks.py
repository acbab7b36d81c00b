"""```papers blocks: a query in a note, written as YAML, that the site renders as a paper list.

    ```papers
    tag: loc/seg
    status: read
    sort: -read
    limit: 10
    ```

Finding the blocks, reading them and checking them against the knowledge base live here, so
`papernotes check` (through validation) and the Markdown extension that renders them
(site/papers_blocks.py) read a block the same way. Plain Python; nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .loading import parse_yaml
from .model import STATUSES, Paper
from .problems import Problem, describe, did_you_mean, quote

INFO = "papers"  # the fence's info string
FILTER_KEYS = ("tag", "venue", "year", "status", "week", "rating", "notes")
KEYS = (*FILTER_KEYS, "sort", "limit", "format", "columns")
SORT_FIELDS = ("read", "year", "title", "rating", "venue", "added")
COLUMNS = ("title", "short", "authors", "year", "venue", "status", "read", "week", "rating", "remark", "tags", "notes")
DEFAULT_COLUMNS = ("title", "venue", "year", "read", "tags")
FORMATS = ("list", "table")

_OPENER_RE = re.compile(r"^ {0,3}(`{3,}+|~{3,}+)[ \t]*([^`\s]*)[ \t]*$")  # possessive: `~~~…~`` is not split every way
_ANY_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RANGE_RE = re.compile(r"^\s*+(\d++)?\s*+(?:-|\.\.)\s*+(\d++)?\s*+$")  # possessive: `\s*(\d+)?\s*` split spaces every way


@dataclass(frozen=True)
class Fenced:
    """A papers block as it stands in the lines of a Markdown text."""

    start: int  # index of the opening fence
    end: int  # index just after the closing fence (or the last line)
    text: str  # the lines between the fences


def papers_fences(lines: Sequence[str]) -> list[Fenced]:
    """The ```papers blocks of Markdown lines; blocks inside other fenced code are code."""
    found: list[Fenced] = []
    fence: str | None = None
    start = 0
    papers = False
    for index, line in enumerate(lines):
        if fence is not None:
            closer = _ANY_FENCE_RE.match(line)
            if closer and closer.group(1)[0] == fence[0] and len(closer.group(1)) >= len(fence) and not line.strip(" \t`~"):
                if papers:
                    found.append(Fenced(start, index + 1, "\n".join(lines[start + 1 : index])))
                fence = None
            continue
        opener = _ANY_FENCE_RE.match(line)
        if opener:
            fence, start = opener.group(1), index
            info = _OPENER_RE.match(line)
            papers = info is not None and info.group(2) == INFO
    if fence is not None and papers:  # Markdown reads an unclosed fence to the end of the text
        found.append(Fenced(start, len(lines), "\n".join(lines[start + 1 :])))
    return found


@dataclass(frozen=True)
class PapersQuery:
    """What a block asks for: filters (every one given must match), order, length, form."""

    tags: tuple[str, ...] = ()  # any of them, or a tag below one
    venues: tuple[str, ...] = ()  # any of them (canonical names once checked)
    years: tuple[int | None, int | None] | None = None  # from, to (inclusive; None: open)
    statuses: tuple[str, ...] = ()
    weeks: tuple[int | dt.date, ...] = ()  # week numbers or a date inside the week
    ratings: tuple[int | None, int | None] | None = None
    notes: bool | None = None
    sort: tuple[tuple[str, bool], ...] = (("read", True),)  # (field, descending)
    limit: int | None = None
    columns: tuple[str, ...] | None = None  # the table form and its columns; None: a list


@dataclass
class PapersBlock:
    """A block of a note: where it is, what it asks, what is wrong with it."""

    line: int  # of the opening fence, in the note's file
    text: str
    query: PapersQuery | None  # None when a problem leaves nothing to render
    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> line, column
    file: str = ""  # the note's file, as problems name it


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _range(value: Any, low: int, high: int) -> tuple[int | None, int | None] | None:
    """A whole number or 'A-B', 'A-', '-B', 'A..B' within [low, high]; None when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0 and low <= -value <= high:  # YAML reads '-2016' as a number
            return None, -value
        return (value, value) if low <= value <= high else None
    if isinstance(value, str):
        match = _RANGE_RE.match(value)
        if match and (match.group(1) or match.group(2)):
            first = int(match.group(1)) if match.group(1) else None
            last = int(match.group(2)) if match.group(2) else None
            inside = all(low <= number <= high for number in (first, last) if number is not None)
            if inside and (first is None or last is None or first <= last):
                return first, last
    return None


def read_block(text: str, file: str, fence_line: int) -> PapersBlock:
    """Read a block's YAML and check its keys and values; tags and venues are checked against
    a knowledge base by `check_block`."""
    block = PapersBlock(fence_line, text, None, file=file)
    loaded = parse_yaml(text, file, line_offset=fence_line)
    block.problems.extend(loaded.problems)
    if loaded.problems:
        return block
    data = loaded.data
    if data is None:
        block.query = PapersQuery()  # an empty block: every paper
        return block

    def report(key: str, message: str, severity: str = "error") -> None:
        line, column = block.positions.get(key, (fence_line, 1))
        block.problems.append(Problem(file, line, column, severity, message, key))  # type: ignore[arg-type]

    if not isinstance(data, dict):
        block.positions[""] = loaded.position(())
        report("", f"a papers block must be 'key: value' lines (tag, venue, year, status, ...), got {describe(data)}")
        return block
    values: dict[str, Any] = {}
    for key, value in data.items():
        block.positions[str(key)] = loaded.position((key,))
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS) or f"; a block knows {', '.join(KEYS)}"
            report(str(key), f"unknown key {quote(key)} in a papers block{hint}")
            continue
        values[key] = value
    query: dict[str, Any] = {}
    for key, value in values.items():
        message = _read_value(key, value, query)
        if message:
            report(key, message)
        elif key == "sort" and len(_as_list(value)) > len(query["sort"]):
            kept = ", ".join(("-" if descending else "") + name for name, descending in query["sort"])
            report("sort", f"'sort' names a field more than once; only its first place counts: sort: [{kept}]", "warning")
    if "columns" in values and values.get("format") == "list":
        report("format", "'format' is 'list' but 'columns' are given: columns make a table; remove one of the two")
    if any(problem.severity == "error" for problem in block.problems):
        return block
    block.query = PapersQuery(**query)
    return block


def _read_value(key: str, value: Any, query: dict[str, Any]) -> str | None:
    """Put the value of `key` into `query`; the message when it is not one the key takes."""
    got = describe(value)
    items = _as_list(value)
    if key == "tag":
        if not items or not all(isinstance(item, str) and item.strip() for item in items):
            return f"'tag' must be a tag key or a list of them (tag: loc/seg), got {got}"
        query["tags"] = tuple(item.strip() for item in items)
    elif key == "venue":
        names = [item for item in items if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip()]
        if not items or len(names) < len(items):
            return f"'venue' must be a venue name or a list of them (venue: CVPR), got {got}"
        query["venues"] = tuple(str(item).strip() for item in items)
    elif key == "year":
        years = _range(value, 1800, 9999)
        if years is None:
            return f"'year' must be a year (2020) or a range of years (2015-2018, 2018-, -2016), got {got}"
        query["years"] = years
    elif key == "status":
        return _query_statuses(value, items, query)
    elif key == "week":
        good = items and all(
            (isinstance(item, int) and not isinstance(item, bool) and item >= 0)
            or (isinstance(item, dt.date) and not isinstance(item, dt.datetime))
            for item in items
        )
        if not good:
            return f"'week' must be a week number of the reading log (3) or a date in the week (2020-07-06), got {got}"
        query["weeks"] = tuple(items)
    elif key == "rating":
        ratings = _range(value, 1, 5)
        if ratings is None:
            return f"'rating' must be 1 to 5 or a range (4-5, 4-), got {got}"
        query["ratings"] = ratings
    elif key == "notes":
        if not isinstance(value, bool):
            return f"'notes' must be true (papers with notes) or false (papers without), got {got}"
        query["notes"] = value
    elif key == "sort":
        return _query_sort(items, got, query)
    elif key == "limit":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            return f"'limit' must be a whole number of at least 1, got {got}"
        query["limit"] = value
    elif key == "format":
        if value not in FORMATS:
            hint = did_you_mean(value, FORMATS) if isinstance(value, str) else ""
            return f"'format' must be 'list' or 'table', got {got}{hint}"
        if value == "table":
            query.setdefault("columns", DEFAULT_COLUMNS)
    elif key == "columns":
        return _query_columns(value, got, query)
    return None


def _query_statuses(value: Any, items: list[Any], query: dict[str, Any]) -> str | None:
    bad = next((item for item in items if item not in STATUSES), None) if items else value
    if bad is not None or not items:
        hint = did_you_mean(str(bad), STATUSES) if isinstance(bad, str) else ""
        return f"'status' must be one of {', '.join(quote(s) for s in STATUSES)} or a list of them, got {describe(bad)}{hint}"
    query["statuses"] = tuple(items)
    return None


def _query_sort(items: list[Any], got: str, query: dict[str, Any]) -> str | None:
    order: dict[str, bool] = {}  # field -> descending, each field once
    for item in items:
        name = item[1:] if isinstance(item, str) and item.startswith("-") else item
        if not isinstance(name, str) or name not in SORT_FIELDS:
            hint = did_you_mean(name, SORT_FIELDS) if isinstance(name, str) else ""
            return (
                f"'sort' must be {', '.join(SORT_FIELDS)} or a list of them, with '-' before one for the newest "
                f"or largest first (sort: -read), got {describe(item)}{hint}"
            )
        order.setdefault(name, item.startswith("-"))  # a field named again changes no order
    if not order:
        return f"'sort' must name at least one of {', '.join(SORT_FIELDS)}, got {got}"
    query["sort"] = tuple(order.items())
    return None


def _query_columns(value: Any, got: str, query: dict[str, Any]) -> str | None:
    if not isinstance(value, list) or not value:
        return f"'columns' must be a list of columns ([title, venue, year]) out of {', '.join(COLUMNS)}, got {got}"
    for item in value:
        if item not in COLUMNS:
            hint = did_you_mean(str(item), COLUMNS) if isinstance(item, str) else ""
            return f"unknown column {describe(item)} in 'columns'{hint}; columns: {', '.join(COLUMNS)}"
    query["columns"] = tuple(dict.fromkeys(value))
    return None


def check_block(
    block: PapersBlock, tags: Iterable[str], venues: dict[str, str], papers_file: str
) -> tuple[PapersBlock, list[Problem]]:
    """The block with its venues made canonical, and the problems of tags and venues the
    knowledge base does not know (added to the block's own as well).

    `venues` maps every known spelling, lowercased, to its canonical name.
    """
    if block.query is None:
        return block, []
    known_tags = set(tags)
    problems = list(block.problems)

    def report(key: str, message: str) -> None:
        line, column = block.positions.get(key, (block.line, 1))
        problems.append(Problem(block.file, line, column, "warning", message, key))

    for tag in block.query.tags:
        if tag not in known_tags:
            hint = did_you_mean(tag, known_tags) or f"; add it under 'tags:' in {papers_file}"
            report("tag", f"unknown tag {quote(tag)} in a papers block{hint}")
    canonical = []
    for venue in block.query.venues:
        found = venues.get(venue.lower())
        if found is None:
            hint = did_you_mean(venue, sorted(set(venues.values()))) or f"; add it under 'venues:' in {papers_file}"
            report("venue", f"unknown venue {quote(venue)} in a papers block{hint}")
        else:
            canonical.append(found)
    query = replace(block.query, venues=tuple(dict.fromkeys(canonical))) if block.query.venues else block.query
    new_problems = problems[len(block.problems) :]
    checked = PapersBlock(block.line, block.text, None if new_problems else query, problems, block.positions, block.file)
    return checked, new_problems


def known_vocabulary(papers: Iterable[Paper], tags: Iterable[str], venues: dict[str, str]) -> tuple[set[str], dict[str, str]]:
    """Tags and venue spellings a block may name: the vocabularies' and those the records use."""
    papers = list(papers)
    known_tags = set(tags) | {tag for paper in papers for tag in paper.tags}
    spellings = dict(venues)
    for paper in papers:
        if paper.venue:
            spellings.setdefault(paper.venue.lower(), paper.venue)
    return known_tags, spellings


def read_blocks(body: str, first_line: int, file: str) -> list[PapersBlock]:
    """The papers blocks of a note's body (which starts at line `first_line` of the file)."""
    if INFO not in body:
        return []
    blocks = []
    for fenced in papers_fences(body.split("\n")):
        blocks.append(read_block(fenced.text, file, first_line + fenced.start))
    return blocks


# ---------------------------------------------------------------- answering a query


def matches(paper: Paper, query: PapersQuery, week_of: dict[str, tuple[int, dt.date]], has_notes: bool) -> bool:
    """Whether `paper` passes every filter of `query`; `week_of`: paper id -> (number, Monday)."""
    if query.tags and not any(t == tag or t.startswith(tag + "/") for t in paper.tags for tag in query.tags):
        return False
    if query.venues and paper.venue not in query.venues:
        return False
    if query.years is not None and not _within(paper.year, query.years):
        return False
    if query.statuses and paper.reading_status not in query.statuses:
        return False
    if query.weeks:
        week = week_of.get(paper.id)
        if week is None:
            return False
        number, monday = week
        wanted = {item for item in query.weeks if isinstance(item, int)}
        mondays = {item - dt.timedelta(days=item.weekday()) for item in query.weeks if isinstance(item, dt.date)}
        if number not in wanted and monday not in mondays:
            return False
    if query.ratings is not None and not _within(paper.rating, query.ratings):
        return False
    return query.notes is None or query.notes == has_notes


def _within(value: int | None, bounds: tuple[int | None, int | None]) -> bool:
    if value is None:
        return False
    first, last = bounds
    return (first is None or value >= first) and (last is None or value <= last)


def ordered(papers: list[Paper], query: PapersQuery, position: dict[str, int]) -> list[Paper]:
    """`papers` in the block's order (ties by title); papers without the sorted value go last."""
    result = sorted(papers, key=lambda p: p.title.lower())
    for name, descending in reversed(query.sort):
        values = {p.id: _sort_value(p, name, position) for p in result}
        having = [p for p in result if values[p.id] is not None]
        having.sort(key=lambda p: values[p.id], reverse=descending)
        result = having + [p for p in result if values[p.id] is None]
    return result[: query.limit] if query.limit else result


def _sort_value(paper: Paper, name: str, position: dict[str, int]) -> Any:
    if name == "read":
        return paper.read
    if name == "year":
        return paper.year
    if name == "title":
        return paper.title.lower()
    if name == "rating":
        return paper.rating
    if name == "venue":
        return paper.venue.lower() if paper.venue else None
    return position.get(paper.id)
