"""`papernotes import --resolve`: entries that carry an arXiv id or a DOI get their title,
authors, venue and year from the metadata services (as `papernotes add` finds them).

What the source's own text adds stays: its short name, remark, tags, read date, qualifier
(oral, workshop) and links; a title the source wrote differently becomes the short name when
it is one (`[ResNet]`), and every change is reported at the entry's line. An entry the services
cannot resolve is imported as written, with the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..importers.imported import ImportedEntry, ParsedFile
from ..importers.matching import normalise_title
from ..importers.run import FileParser
from ..services.http import Client, ServiceError
from ..services.identifiers import Identifier, identify
from ..services.resolve import map_venue, resolve
from .fields import shown_value


def entry_identifier(entry: ImportedEntry) -> Identifier | None:
    """The arXiv id or DOI an entry carries: as read, or in its URL or PDF link."""
    if entry.ids.get("doi"):
        return Identifier("doi", entry.ids["doi"])
    if entry.ids.get("arxiv"):
        return Identifier("arxiv", entry.ids["arxiv"])
    for url in (entry.url, entry.links.get("pdf")):
        if url:
            found = identify(url)
            if found.kind in ("arxiv", "doi"):
                return found
    return None


def resolve_entry(client: Client, entry: ImportedEntry) -> str | None:
    """Fill the entry from the services; the report line of what changed (None: nothing did)."""
    identifier = entry_identifier(entry)
    if identifier is None:
        return None
    try:
        paper = resolve(client, identifier).paper
    except ServiceError as exc:
        return f"not resolved, imported as written: {exc}"
    changes: list[str] = []

    def take(name: str, value: Any) -> None:
        old = getattr(entry, name)
        if value and value != old:
            changes.append(f"{name} {shown_value(old)} -> {shown_value(value)}")
            setattr(entry, name, value)

    if normalise_title(paper.title) != normalise_title(entry.title):
        written = entry.title
        take("title", paper.title)
        if entry.short is None and len(written.split()) <= 3:  # the source named it by its short name
            entry.short = written
            changes.append(f"short {written!r} kept from the source")
    take("authors", list(paper.authors))
    take("venue", map_venue(paper, {}))
    take("year", paper.year)
    for name, value in (("doi", paper.doi), ("arxiv", paper.arxiv)):
        if value and not entry.ids.get(name):
            entry.ids[name] = value
            changes.append(f"{name} {value}")
    if not changes:
        return None
    return "resolved: " + "; ".join(changes)


def resolving(reader: FileParser, client: Client) -> FileParser:
    """`reader`, with each entry it reads resolved through the services."""

    def read(text: str, today: dt.date) -> ParsedFile:
        reading = reader(text, today)
        for entry in reading.entries:
            message = resolve_entry(client, entry)
            if message is not None:
                reading.note(entry.line, message)
        return reading

    return read
