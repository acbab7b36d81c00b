"""The .bib parser of `papernotes import refs.bib`: BibTeX entries to the planner's entries.

bibtexparser 2 does the parsing: it resolves @string macros, keeps going after a malformed
entry (reported with its line, the rest imported) and sets entries with a repeated key apart.
Here its entries become `ImportedEntry`s: LaTeX decoded to text by pylatexenc ({\\"u} -> ü, \\& -> &), names
as 'Given Family', the venue from booktitle or journal, crossref'd fields filled in from the
volume, the arXiv id from eprint, journal, URL or DOI, tags from keywords.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import SeparateCoAuthors
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, MiddlewareErrorBlock
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from ..knowledge.problems import quote
from .imported import ImportedEntry, ParsedFile
from .references import add_keywords, arxiv_in, finish_entry, venue_of, year_in


def _decoder() -> LatexNodes2Text:
    """pylatexenc's LaTeX-to-text, knowing the commands papernotes writes for literal braces and carets."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "papernotes-braces", prepend=True,
        macros=[MacroTextSpec("textbraceleft", simplify_repl="{"), MacroTextSpec("textbraceright", simplify_repl="}"),
                MacroTextSpec("textasciicircum", simplify_repl="^")],  # pylatexenc's own is the accent 'ˆ'
    )
    return LatexNodes2Text(latex_context=context)


_DECODER = _decoder()
# bibtexparser logs each malformed block; the report says it with the line, once.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

# Entry types that are volumes, not papers: their fields fill the entries that crossref them.
_VOLUME_TYPES = {"proceedings", "book", "collection", "mvproceedings", "mvbook", "periodical"}
# Fields an entry takes from the volume it crossrefs, when it has none of its own.
_INHERITED = ("booktitle", "year", "date", "journal", "publisher", "series")
# Fields read as written: a URL's '~' or '%' is no LaTeX; names are decoded once split.
_VERBATIM = {"url", "doi", "eprint", "author", "editor"}


def _text(value: Any) -> str:
    """A decoded field value as one line of text."""
    return " ".join(str(value).split())


def _name(author: str) -> str | None:
    """'M{\\"u}ller, J{\\"o}rg' or 'J{\\"o}rg M{\\"u}ller' as 'Jörg Müller'; None for an empty name.

    Split first (braces keep 'and' or a comma inside a name), then decoded.
    """
    author = _text(author)
    if not author:
        return None
    try:
        parts = parse_single_name_into_parts(author, strict=False)
        author = " ".join([*parts.first, *parts.von, *parts.last, *parts.jr]) or author
    except Exception:  # a name BibTeX cannot split is kept as written
        pass
    return _text(_decoded(author)) or None


def _parsed_alone(entry: Entry) -> Entry:
    """An entry bibtexparser set apart (a repeated key) with the middlewares applied, as the others.

    It is parsed again on its own; @string macros of the file are not seen there.
    """
    again = parse_string(entry.raw or "", append_middleware=_middlewares()).entries
    if not again:
        return entry
    found = again[0]
    return Entry(found.entry_type, found.key, found.fields, start_line=entry.start_line, raw=entry.raw)


def _middlewares() -> list[Any]:
    """Co-authors split on 'and' (braces kept); LaTeX is decoded here, field by field (`_decoded`)."""
    return [SeparateCoAuthors(allow_inplace_modification=True)]


_LATEX_RE = re.compile(r"[\\{}$~]")


def _decoded(value: Any) -> Any:
    """A field's LaTeX as text ({\\"u} -> ü, \\& -> &, braces dropped); plain text as it is, since
    the decoder costs a millisecond a value."""
    if isinstance(value, str) and _LATEX_RE.search(value):
        try:
            return _DECODER.latex_to_text(value)
        except Exception:  # pylatexenc parses leniently; should it still give up, the text stays as written
            return value
    return value


def _fields(entry: Entry) -> dict[str, Any]:
    return {
        field.key.lower(): field.value if field.key.lower() in _VERBATIM else _decoded(field.value) for field in entry.fields
    }


def parse_bibtex(text: str, today: dt.date | None = None) -> ParsedFile:
    """Every paper entry of a .bib, and a report line for each block or value that was not read."""
    parsed = ParsedFile()
    library = parse_string(text, append_middleware=_middlewares())
    entries: list[tuple[Entry, bool]] = [(entry, True) for entry in library.entries]
    first_line: dict[str, int] = {entry.key.lower(): (entry.start_line or 0) + 1 for entry in library.entries}
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, Entry):
            key = block.key
            parsed.note(
                line, f"key '{key}' is used again (first on line {first_line.get(key.lower(), '?')}): "
                "imported without a cite_key, so \\cite{" + key + "} keeps naming the first",
            )
            entries.append((_parsed_alone(block.ignore_error_block), False))
            continue
        if isinstance(block, MiddlewareErrorBlock) and isinstance(block.ignore_error_block, Entry):
            parsed.note(line, f"could not decode the LaTeX of this entry ({block.error}): read as written")
            entries.append((block.ignore_error_block, True))
            continue
        reason = " ".join(str(getattr(block.error, "abort_reason", "") or block.error).split()) or "not BibTeX"
        parsed.note(line, f"skipped: this entry could not be read ({reason.rstrip('.')}); the rest of the file was read")
    entries.sort(key=lambda item: item[0].start_line or 0)
    by_key = {entry.key.lower(): entry for entry, _ in entries}
    for entry, keep_key in entries:
        paper = _entry(entry, by_key, parsed, keep_key)
        if paper is not None:
            parsed.entries.append(paper)
    return parsed


def _entry(entry: Entry, by_key: dict[str, Entry], parsed: ParsedFile, keep_key: bool) -> ImportedEntry | None:
    line = (entry.start_line or 0) + 1
    kind = entry.entry_type.lower()
    if kind in _VOLUME_TYPES:
        parsed.note(line, f"skipped: @{kind} '{entry.key}' is a volume, not a paper (entries that crossref it take its fields)")
        return None
    fields = _fields(entry)
    parent_key = fields.get("crossref")
    if parent_key:
        parent = by_key.get(_text(parent_key).lower())
        if parent is None:
            parsed.note(line, f"crossref '{_text(parent_key)}' names no entry of this file: its fields are missing")
        else:
            inherited = _fields(parent)
            if "booktitle" not in inherited and "title" in inherited:
                inherited["booktitle"] = inherited["title"]  # a @proceedings' title is its entries' booktitle
            for name in _INHERITED:
                if name not in fields and name in inherited:
                    fields[name] = inherited[name]
    title = _text(fields.get("title", ""))
    if not title:
        parsed.note(line, f"skipped: @{kind} '{entry.key}' has no title")
        return None
    paper = ImportedEntry(line=line, title=title)
    authors = fields.get("author") or fields.get("editor") or []
    names = authors if isinstance(authors, list) else [authors]
    paper.authors = [name for name in (_name(author) for author in names) if name]
    year_text = fields.get("year") or fields.get("date")
    paper.year = year_in(_text(year_text)) if year_text is not None else None
    if year_text is not None and paper.year is None:
        parsed.note(line, f"year {quote(_text(year_text), 40)} is not a year: left out")
    where = fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle")
    if where is None and kind in ("misc", "online", "unpublished", "techreport"):
        published = fields.get("howpublished")  # a venue, unless it is the paper's address
        if published is not None and not str(published).lstrip("\\").startswith(("url", "http")):
            where = published
        elif _looks_preprint(fields.get("publisher")):
            where = fields.get("publisher")
    paper.venue, preprint = venue_of(_text(where) if where else None)
    url = _text(fields.get("url", "")) or None
    paper.url = url
    eprint = _text(fields.get("eprint", "")) or None
    prefix = _text(fields.get("archiveprefix", fields.get("eprinttype", ""))).lower()
    arxiv = arxiv_in(eprint if prefix in ("", "arxiv") else None, _text(where) if preprint and where else None,
                     url, _text(fields.get("doi", "")), _text(fields.get("note", "")))
    paper.abstract = _text(fields.get("abstract", "")) or None
    add_keywords(paper, _text(fields.get("keywords", fields.get("keyword", ""))))
    finish_entry(paper, parsed, _text(fields.get("doi", "")) or None, arxiv, entry.key if keep_key else None)
    return paper


def _looks_preprint(value: Any) -> bool:
    return bool(value) and bool(re.match(r"^\s*(arxiv|biorxiv|medrxiv|ssrn)\b", str(value), re.IGNORECASE))
