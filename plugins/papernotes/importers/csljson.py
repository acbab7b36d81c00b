"""The CSL-JSON parser of `papernotes import library.json`: a Zotero (or Better BibTeX, Mendeley)
export to the planner's entries.

CSL-JSON is plain JSON, a list of items, read with the standard library. Each item is decoded
on its own, so one broken item is reported at its line and the items before it are kept; the
line of each item is where its '{' stands. A file JSON itself cannot hold in memory (a number of
thousands of digits, lists nested thousands deep) is refused whole (SourceRefused), and a field
of the wrong type (a title that is a mapping) is left out and reported.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from ..knowledge.problems import describe
from .imported import ImportedEntry, ParsedFile, SourceRefused
from .references import add_keywords, arxiv_in, finish_entry, venue_of, year_in

_DECODER = json.JSONDecoder()


class _Lines:
    """Line numbers of offsets met in increasing order, each newline counted once (linear)."""

    def __init__(self, text: str):
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        if offset < self.offset:  # not met in order: count from the start
            return self.text.count("\n", 0, offset) + 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _decode(text: str, at: int, line: int, number: int | None) -> tuple[Any, int]:
    """The JSON value at `at` and where it ends; SourceRefused for what JSON reads but Python
    cannot hold (JSONDecodeError for text that is not JSON)."""
    what = f"item {number}" if number is not None else "the file"
    try:
        return _DECODER.raw_decode(text, at)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer longer than Python converts from text
        raise SourceRefused(
            line, f"{what} holds a number of more than {sys.get_int_max_str_digits()} digits, which no CSL-JSON "
            "field holds: nothing was imported",
        ) from None
    except RecursionError:
        raise SourceRefused(
            line, f"{what} nests lists or objects thousands deep, which no CSL-JSON field does: nothing was imported"
        ) from None


def _items(text: str, parsed: ParsedFile) -> list[tuple[int, Any]]:
    """(line, item) of each item of the top-level list (or of a lone item, or of {"items": [...]})."""
    lines = _Lines(text)
    at = _skip_space(text, 0)
    if at < len(text) and text[at] == "{":
        try:
            whole, _end = _decode(text, at, lines.at(at), None)
        except json.JSONDecodeError as exc:
            parsed.note(exc.lineno, f"skipped: not JSON ({exc.msg}); nothing was read")
            return []
        if isinstance(whole, dict) and isinstance(whole.get("items"), list):
            return [(lines.at(at), item) for item in whole["items"]]
        return [(lines.at(at), whole)]
    if at >= len(text) or text[at] != "[":
        parsed.note(lines.at(at), "skipped: a CSL-JSON file is a list of items ('[' ... ']'); nothing was read")
        return []
    items: list[tuple[int, Any]] = []
    at = _skip_space(text, at + 1)
    if at < len(text) and text[at] == "]":
        return items
    while at < len(text):
        try:
            item, end = _decode(text, at, lines.at(at), len(items) + 1)
        except json.JSONDecodeError as exc:
            parsed.note(exc.lineno, f"skipped: the file stops being JSON here ({exc.msg}); the items after it were not read")
            return items
        items.append((lines.at(at), item))
        at = _skip_space(text, end)
        if at < len(text) and text[at] == ",":
            at = _skip_space(text, at + 1)
            continue
        if at < len(text) and text[at] == "]":
            return items
        parsed.note(lines.at(at), "skipped: expected ',' or ']' after an item; the items after it were not read")
        return items
    parsed.note(lines.at(len(text)), "skipped: the list of items is not closed with ']'")
    return items


def _is_scalar(value: Any) -> bool:
    """Text or a number: what a CSL-JSON text field may hold (a boolean is neither)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _text(value: Any) -> str | None:
    """A field's value as one line of text; "" when absent, None when it is not text (a mapping,
    a list of anything but text)."""
    if value is None:
        return ""
    if isinstance(value, list):  # some exports give a title as a list of one string
        if not all(_is_scalar(part) for part in value):
            return None
        value = " ".join(str(part) for part in value)
    if not _is_scalar(value):
        return None
    return " ".join(str(value).split())


def _name(person: Any) -> str | None:
    """{'family': 'He', 'given': 'Kaiming'} as 'Kaiming He'; a literal name as it is."""
    if isinstance(person, str):
        return _text(person) or None
    if not isinstance(person, dict):
        return None
    if person.get("literal"):
        return _text(person["literal"]) or None
    parts = [person.get("given"), person.get("dropping-particle"), person.get("non-dropping-particle"), person.get("family")]
    name = " ".join(filter(None, (_text(part) for part in parts)))
    suffix = _text(person.get("suffix"))
    if suffix:
        name += ", " + suffix
    return name or None


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0] and _is_scalar(parts[0][0]):
            return year_in(str(parts[0][0]))
        return year_in(_text(issued.get("raw") or issued.get("literal")))
    return year_in(_text(issued))


def parse_csljson(text: str, today: dt.date | None = None) -> ParsedFile:
    """Every item of a CSL-JSON export, and a report line for each one that was not read."""
    parsed = ParsedFile()
    for line, item in _items(text, parsed):
        if not isinstance(item, dict):
            parsed.note(line, "skipped: an item must be an object ({...})")
            continue

        def field(key: str, item: dict[str, Any] = item, line: int = line) -> str:
            """The text of a field, "" when absent; a value of another type is reported and left out."""
            found = _text(item.get(key))
            if found is None:
                parsed.note(line, f"'{key}' must be text, got {describe(item.get(key))}: left out")
                return ""
            return found

        title = field("title")
        if not title:
            item_id = _text(item.get("id"))
            named = f" '{item_id}'" if item_id else ""
            parsed.note(line, f"skipped: item{named} has no title")
            continue
        entry = ImportedEntry(line=line, title=title)
        authors = item.get("author")
        authors = authors if isinstance(authors, list) else []
        entry.authors = [name for name in (_name(person) for person in authors) if name]
        entry.year = _year(item.get("issued"))
        if entry.year is None and item.get("issued") is not None:
            parsed.note(line, "'issued' holds no year: left out")
        container = field("container-title") or field("event-title") or field("event")
        publisher = field("publisher")
        if not container and publisher.lower().startswith(("arxiv", "biorxiv", "medrxiv")):
            container = publisher
        entry.venue, preprint = venue_of(container or None)
        entry.url = field("URL") or None
        doi = field("DOI") or None
        arxiv = arxiv_in(field("number"), container if preprint else None, entry.url, doi, field("note"))
        entry.abstract = field("abstract") or None
        key = "keyword" if item.get("keyword") is not None else "keywords"
        keywords = item.get(key)
        if isinstance(keywords, list):
            add_keywords(entry, [str(word) for word in keywords if _is_scalar(word)])
        else:
            add_keywords(entry, field(key))
        finish_entry(entry, parsed, doi, arxiv, field("citation-key") or None)
        parsed.entries.append(entry)
    return parsed
