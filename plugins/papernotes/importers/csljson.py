"""The CSL-JSON parser of `papernotes import library.json`: a Zotero (or Better BibTeX, Mendeley)
export to the planner's entries.

CSL-JSON is plain JSON, a list of items, read with the standard library. Each item is decoded
on its own, so one broken item is reported at its line and the items before it are kept; the
line of each item is where its '{' stands.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .imported import ImportedEntry, ParsedFile
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


def _items(text: str, parsed: ParsedFile) -> list[tuple[int, Any]]:
    """(line, item) of each item of the top-level list (or of a lone item, or of {"items": [...]})."""
    lines = _Lines(text)
    at = _skip_space(text, 0)
    if at < len(text) and text[at] == "{":
        try:
            whole, _end = _DECODER.raw_decode(text, at)
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
            item, end = _DECODER.raw_decode(text, at)
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


def _text(value: Any) -> str:
    if isinstance(value, list):  # some exports give a title as a list of one string
        value = " ".join(str(part) for part in value)
    return " ".join(str(value).split()) if value is not None else ""


def _name(person: Any) -> str | None:
    """{'family': 'He', 'given': 'Kaiming'} as 'Kaiming He'; a literal name as it is."""
    if isinstance(person, str):
        return _text(person) or None
    if not isinstance(person, dict):
        return None
    if person.get("literal"):
        return _text(person["literal"]) or None
    parts = [person.get("given"), person.get("dropping-particle"), person.get("non-dropping-particle"), person.get("family")]
    name = " ".join(_text(part) for part in parts if part)
    if person.get("suffix"):
        name += ", " + _text(person["suffix"])
    return name or None


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return year_in(str(parts[0][0]))
        return year_in(_text(issued.get("raw") or issued.get("literal") or ""))
    return year_in(_text(issued)) if issued is not None else None


def parse_csljson(text: str, today: dt.date | None = None) -> ParsedFile:
    """Every item of a CSL-JSON export, and a report line for each one that was not read."""
    parsed = ParsedFile()
    for line, item in _items(text, parsed):
        if not isinstance(item, dict):
            parsed.note(line, "skipped: an item must be an object ({...})")
            continue
        title = _text(item.get("title"))
        if not title:
            named = f" '{_text(item['id'])}'" if _text(item.get("id")) else ""
            parsed.note(line, f"skipped: item{named} has no title")
            continue
        entry = ImportedEntry(line=line, title=title)
        authors = item.get("author")
        authors = authors if isinstance(authors, list) else []
        entry.authors = [name for name in (_name(person) for person in authors) if name]
        entry.year = _year(item.get("issued"))
        if entry.year is None and item.get("issued") is not None:
            parsed.note(line, "'issued' holds no year: left out")
        container = _text(item.get("container-title") or item.get("event-title") or item.get("event") or "")
        if not container and _text(item.get("publisher")).lower().startswith(("arxiv", "biorxiv", "medrxiv")):
            container = _text(item.get("publisher"))
        entry.venue, preprint = venue_of(container or None)
        entry.url = _text(item.get("URL")) or None
        doi = _text(item.get("DOI")) or None
        arxiv = arxiv_in(_text(item.get("number")), container if preprint else None, entry.url, doi, _text(item.get("note")))
        entry.abstract = _text(item.get("abstract")) or None
        keywords = item.get("keyword") if item.get("keyword") is not None else item.get("keywords")
        add_keywords(entry, keywords if isinstance(keywords, list) else _text(keywords))
        finish_entry(entry, parsed, doi, arxiv, _text(item.get("citation-key")) or None)
        parsed.entries.append(entry)
    return parsed
