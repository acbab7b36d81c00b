"""Citing papers: cite keys, BibTeX entries and CSL-JSON items made from the records.

One place for what the Cite block of a paper page, the site's papers.bib, the explorer's .bib
download and `papernotes export` write. BibTeX goes through bibtexparser 2's writer and
pylatexenc's Unicode-to-LaTeX encoder (both well kept; bibtexparser 2 reads what papernotes
imports too), so text reaches LaTeX with its accents and special characters escaped.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat
from pylatexenc.latexencode import UnicodeToLatexEncoder

from .knowledge_base import KnowledgeBase
from .model import STATUSES, TITLE_STOP_WORDS, Paper
from .problems import did_you_mean, quote

# Accents as {\"u}, specials as {\&}; characters LaTeX has no command for (CJK) stay as they are.
_ENCODER = UnicodeToLatexEncoder(
    replacement_latex_protection="braces-all", unknown_char_policy="keep", unknown_char_warning=False
)
_WRITE_STACK = [AddEnclosingMiddleware(allow_inplace_modification=True, default_enclosing="{",
                                       reuse_previous_enclosing=False, enclose_integers=True)]
_FORMAT = BibtexFormat()  # type: ignore[no-untyped-call]  # bibtexparser leaves its __init__ unannotated
_FORMAT.indent = "  "
_FORMAT.block_separator = "\n"

# Words of a venue's key or name that tell its kind when papers.yaml does not (`kind:`).
_PREPRINT_WORDS = {"arxiv", "corr", "biorxiv", "medrxiv", "ssrn", "preprint", "openreview"}
_JOURNAL_WORDS = {
    "journal", "transactions", "letters", "communications", "magazine", "review", "reviews", "jmlr", "tpami",
    "pami", "tmlr", "ijcv", "nature", "science", "cacm", "proceedings of the national academy",
}


@dataclass(frozen=True)
class VenueInfo:
    """What a citation needs of a venue: its full name and its kind."""

    key: str
    name: str | None = None
    kind: str | None = None  # conference, journal or preprint; None: guessed from the name


@functools.lru_cache(maxsize=1024)  # a handful of venues, asked for by every paper
def venue_kind(venue: VenueInfo) -> str:
    """conference, journal or preprint: `kind` when given, else guessed from the key and name."""
    if venue.kind:
        return venue.kind
    words = set(re.findall(r"[a-z]+", f"{venue.key} {venue.name or ''}".lower()))
    text = f"{venue.key} {venue.name or ''}".lower()
    if words & _PREPRINT_WORDS:
        return "preprint"
    if words & _JOURNAL_WORDS or any(" " in word and word in text for word in _JOURNAL_WORDS):
        return "journal"
    return "conference"


def venue_label(venue: VenueInfo) -> str:
    """The venue as a citation shows it: 'Full Name (KEY)', or the key alone without a name.

    The key in parentheses is what an import reads back as the record's venue.
    """
    if not venue.name or venue.name == venue.key:
        return venue.key
    if re.search(rf"\({re.escape(venue.key)}\)", venue.name):
        return venue.name
    return f"{venue.name} ({venue.key})"


# ---------------------------------------------------------------- cite keys


def ascii_word(text: str) -> str:
    """Letters and digits of `text` without their accents, lowercased ('Müller' -> 'muller')."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", folded.lower())


def family_name(author: str) -> str:
    """The family name of 'Given Family', 'Family, Given' or 'Given von Family' as BibTeX reads it."""
    words = author.split()
    if words and not any(char in author for char in ",{}\\") and all(word[:1].isupper() for word in words):
        return words[-1]  # 'Kaiming He': no particle, no comma, as most names are; the full parser is slow
    try:
        parts = parse_single_name_into_parts(author, strict=False)
    except Exception:  # a name BibTeX cannot split: its last word
        return author.split()[-1] if author.split() else ""
    return " ".join(parts.last) or author


def default_cite_key(paper: Paper) -> str:
    """First author's family name, year and short name or first telling title word: he2016resnet."""
    author = ascii_word(family_name(paper.authors[0])) if paper.authors else ""
    word = ascii_word(paper.short) if paper.short else ""
    if not word:
        words = [ascii_word(w) for w in re.split(r"[\s\-:/]+", paper.title)]
        telling = [w for w in words if w and w not in TITLE_STOP_WORDS]
        word = telling[0] if telling else ""
    key = f"{author}{paper.year or ''}{word}"
    if not author and not word:
        key = re.sub(r"[^A-Za-z0-9_:.+/-]+", "", paper.id) or "paper"
    return key if key[0].isalnum() else f"p{key}"


def cite_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Paper id -> cite key: its own `cite_key`, else the default key, with 'a', 'b', ... added
    to the second and later papers that would share one. Keys ignore case, as BibTeX does."""
    papers = list(papers)
    taken = {paper.cite_key.lower() for paper in papers if paper.cite_key}
    keys: dict[str, str] = {}
    next_suffix: dict[str, int] = {}  # where each base's count stands: 10,000 alike keys stay linear
    for paper in papers:
        if paper.cite_key:
            keys[paper.id] = paper.cite_key
            continue
        base = key = default_cite_key(paper)
        suffix = next_suffix.get(base.lower(), 0)
        while key.lower() in taken:
            suffix += 1
            key = base + _letters(suffix)
        next_suffix[base.lower()] = suffix
        taken.add(key.lower())
        keys[paper.id] = key
    return keys


def _letters(number: int) -> str:
    """1 -> 'a', 26 -> 'z', 27 -> 'aa': the suffix of the number-th repeat of a key."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


# ---------------------------------------------------------------- LaTeX text


# A run of spaces holding a line break or another control character. bibtexparser takes a line
# starting with '@' inside a value for a new entry, so every value is written on one line.
_SPACE_RUN_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
_LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def one_line(text: str) -> str:
    """`text` with each line break or control character, and the spaces around it, as one space."""
    if text.isprintable():  # most values: no break, no control, no space but ' '
        return text
    return _SPACE_RUN_RE.sub(_folded_run, text)


def _folded_run(match: re.Match[str]) -> str:
    run = match.group()
    return " " if any(char != "\t" and unicodedata.category(char) in _LINE_BREAKING for char in run) else run


_PLAIN_RE = re.compile(r"[ !\"'()*+,\-./0-9:;<=>?@A-Z\[\]`a-z|]*")


def latex_text(text: str) -> str:
    """Text for a BibTeX value: on one line (`one_line`), LaTeX specials and accents escaped, braces balanced."""
    text = one_line(text)
    if _PLAIN_RE.fullmatch(text):  # most titles and names: nothing to escape
        return text
    text = unicodedata.normalize("NFC", text)  # 'e' + U+0301 as 'é', which has a command
    # The encoder takes a millisecond a value: plain runs are kept, every other character is
    # encoded on its own, once (combining accents stay with their letter).
    return "".join(run if _PLAIN_RE.fullmatch(run) else _latex_char(run) for run in _RUNS_RE.findall(text))


# A brace is a unit of its own: with a combining mark after it the encoder would write it as
# '\}', which BibTeX counts as a brace, so the value would close early.
_RUNS_RE = re.compile(r"[ !\"'()*+,\-./0-9:;<=>?@A-Z\[\]`a-z|]+|[{}]|.[\u0300-\u036f]*", re.DOTALL)
# BibTeX counts every brace, escaped or not: a literal one is written as a command
_BRACES = {"{": "{\\textbraceleft}", "}": "{\\textbraceright}"}


@functools.lru_cache(maxsize=4096)
def _latex_char(char: str) -> str:
    return _BRACES.get(char) or str(_ENCODER.unicode_to_latex(char))


def latex_title(title: str) -> str:
    """A title whose words with capitals inside (ResNet, U-Net, 3D, CNNs) keep them: bibliography
    styles lowercase the rest."""
    words = []
    for word in one_line(title).split(" "):
        encoded = latex_text(word)
        words.append(f"{{{encoded}}}" if any(ch.isupper() for ch in word[1:]) else encoded)
    return " ".join(words)


def latex_name(author: str) -> str:
    """One author; a name holding the word 'and' or more than the two commas of 'von Last, Jr, First'
    is kept whole in braces (BibTeX would split it, or stop at it)."""
    encoded = latex_text(author)
    whole = re.search(r"\band\b", one_line(author), re.IGNORECASE) or author.count(",") > 2
    return f"{{{encoded}}}" if whole else encoded


# What BibTeX or a reader would take for structure in a URL: braces, backslashes, spaces, line
# breaks and other controls.
_URL_ESCAPED_RE = re.compile(r"[{}\\\s\x00-\x1f\x7f-\x9f]")


def verbatim_url(url: str) -> str:
    """A URL or DOI as BibTeX reads it: braces, backslashes, spaces, line breaks and controls
    percent-encoded ('%' stays: \\url takes it)."""
    return _URL_ESCAPED_RE.sub(lambda match: urllib.parse.quote(match.group(), safe=""), url)


# ---------------------------------------------------------------- BibTeX


def entry_type(paper: Paper, venue: VenueInfo | None) -> str:
    """inproceedings (conference), article (journal) or misc (preprint, or no venue)."""
    if venue is None:
        return "misc"
    return {"conference": "inproceedings", "journal": "article"}.get(venue_kind(venue), "misc")


def bibtex_fields(paper: Paper, venue: VenueInfo | None, full: bool = False) -> list[tuple[str, str]]:
    """The fields of a paper's entry, LaTeX-ready; `full` adds the abstract and the tags as keywords."""
    fields: list[tuple[str, str]] = [("title", latex_title(paper.title))]
    names = [latex_name(author) for author in paper.authors if one_line(author).strip()]  # not controls alone
    if names:
        fields.append(("author", " and ".join(names)))
    if venue is not None:
        kind = entry_type(paper, venue)
        where = {"inproceedings": "booktitle", "article": "journal"}.get(kind, "howpublished")
        fields.append((where, latex_text(venue_label(venue))))
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    if paper.doi:
        fields.append(("doi", verbatim_url(paper.doi)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
    if paper.url and paper.url.startswith(("http://", "https://")):
        fields.append(("url", verbatim_url(paper.url)))
    if full and paper.abstract:
        fields.append(("abstract", latex_text(paper.abstract)))
    if full and paper.tags:
        fields.append(("keywords", ", ".join(dict.fromkeys(paper.tags))))
    return fields


def bibtex_entry(paper: Paper, key: str, venue: VenueInfo | None, full: bool = False) -> str:
    """One BibTeX entry, as bibtexparser 2 writes it."""
    return written_entry(entry_type(paper, venue), key, bibtex_fields(paper, venue, full))


# Fields that only the full entry (papers.bib, export, the explorer's download) holds.
_FULL_ONLY = ("abstract", "keywords")


def written_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    entry = Entry(kind, key, [Field(name, value) for name, value in fields])
    return str(write_string(Library([entry]), unparse_stack=_WRITE_STACK, bibtex_format=_FORMAT))


# ---------------------------------------------------------------- CSL-JSON


_CSL_TYPES = {"inproceedings": "paper-conference", "article": "article-journal", "misc": "article"}


def csl_name(author: str) -> dict[str, str]:
    """An author as CSL-JSON names one: family and given, or `literal` when it does not split."""
    try:
        parts = parse_single_name_into_parts(author, strict=False)
    except Exception:
        return {"literal": author}
    family = " ".join([*parts.von, *parts.last])
    given = " ".join([*parts.first, *parts.jr])
    if not family:
        return {"literal": author}
    return {"family": family, "given": given} if given else {"family": family}


def csl_item(paper: Paper, key: str, venue: VenueInfo | None) -> dict[str, Any]:
    """One CSL-JSON item, with the fields Zotero writes for a paper."""
    kind = entry_type(paper, venue)
    item: dict[str, Any] = {"id": key, "type": _CSL_TYPES[kind], "title": paper.title}
    if paper.authors:
        item["author"] = [csl_name(author) for author in paper.authors]
    if paper.year is not None:
        item["issued"] = {"date-parts": [[paper.year]]}
    if venue is not None:
        item["container-title" if kind != "misc" else "publisher"] = venue_label(venue)
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.arxiv:
        item["number"] = f"arXiv:{paper.arxiv}"
    if paper.url and paper.url.startswith(("http://", "https://")):
        item["URL"] = paper.url
    if paper.abstract:
        item["abstract"] = paper.abstract
    if paper.tags:
        item["keyword"] = ", ".join(dict.fromkeys(paper.tags))
    item["citation-key"] = key
    return item


# ---------------------------------------------------------------- a knowledge base


# While serving: a paper's (full, short) entries, with the record, cite key and venue they were made of.
KeptEntries = tuple[Paper, tuple[str, VenueInfo | None], tuple[str, str]]


class Citations:
    """Cite keys and entries of every paper of a knowledge base, for the paper pages, papers.bib
    and the explorer.

    A paper's full entry (abstract and keywords) and its short one (the Cite block) are written
    together, so its fields are escaped once. While serving, `kept` holds the previous build's
    entries by paper id, with the record, cite key and venue they were made of, and `made` this
    build's for the next one: a record unchanged in papers.yaml is the same (frozen) object in
    the next load, so an entry is reused when its record is that object.
    """

    def __init__(self, papers: Iterable[Paper], venues: dict[str, VenueInfo], kept: dict[str, KeptEntries] | None = None):
        self.papers = list(papers)
        self.venues = venues
        self.keys = cite_keys(self.papers)
        self.kept = kept
        self.made: dict[str, KeptEntries] = {}
        self._full: dict[str, str] | None = None  # while the files that hold every entry are made
        self._short: dict[str, str] = {}  # short entries made beside full ones, until their page asks

    def venue_of(self, paper: Paper) -> VenueInfo | None:
        if not paper.venue:
            return None
        return self.venues.get(paper.venue) or VenueInfo(paper.venue)

    def entries(self, paper: Paper) -> tuple[str, str]:
        """The paper's full and short BibTeX entries."""
        if self.kept is None:
            return self._write(paper)
        made_of = (self.keys[paper.id], self.venue_of(paper))
        found = self.made.get(paper.id) or self.kept.get(paper.id)
        if found is None or found[0] is not paper or found[1] != made_of:
            found = (paper, made_of, self._write(paper))
        self.made[paper.id] = found
        return found[2]

    def _write(self, paper: Paper) -> tuple[str, str]:
        venue = self.venue_of(paper)
        fields = bibtex_fields(paper, venue, full=True)
        kind, key = entry_type(paper, venue), self.keys[paper.id]
        short = [(name, value) for name, value in fields if name not in _FULL_ONLY]
        return written_entry(kind, key, fields), written_entry(kind, key, short)

    def bibtex(self, paper: Paper, full: bool = False) -> str:
        if full:
            return self.full_entries()[paper.id] if self._full is not None else self.entries(paper)[0]
        short = self._short.pop(paper.id, None)  # asked for once, by the paper's page
        return short if short is not None else self.entries(paper)[1]

    def full_entries(self) -> dict[str, str]:
        """Every paper's full entry by id, kept until `release` (papers.bib and the explorer's
        download both hold all of them); the short entries wait for the paper pages."""
        if self._full is None:
            self._full = {}
            for paper in self.papers:
                self._full[paper.id], self._short[paper.id] = self.entries(paper)
        return self._full

    def release(self) -> None:
        """Drop the full entries: at 10,000 papers they are megabytes the pages never show."""
        self._full = None

    def bibliography(self, papers: Iterable[Paper] | None = None) -> str:
        """A .bib of `papers` (default all), entries one blank line apart, with abstracts and keywords."""
        if papers is None:
            return "\n".join(self.full_entries().values())
        return "\n".join(self.bibtex(paper, full=True) for paper in papers)

    def csl_json(self, papers: Iterable[Paper] | None = None) -> list[dict[str, Any]]:
        return [csl_item(p, self.keys[p.id], self.venue_of(p)) for p in (self.papers if papers is None else papers)]


def citations_of(kb: KnowledgeBase, kept: dict[str, KeptEntries] | None = None) -> Citations:
    """The citations of a loaded knowledge base, its venues' full names and kinds included."""
    venues = {key: VenueInfo(key, entry.name, entry.kind) for key, entry in kb.venues.items()}
    return Citations(kb.papers.values(), venues, kept)


# ---------------------------------------------------------------- a filtered view


class UnknownFilter(ValueError):
    """A filter value the knowledge base does not have; the message names it and a fix."""


@dataclass(frozen=True)
class View:
    """A filtered view as the explorer makes one: facets AND, values of one facet OR, a tag
    includes its child tags; venues by any spelling."""

    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    def select(
        self, papers: Iterable[Paper], known_tags: Iterable[str], venue_spellings: dict[str, str]
    ) -> list[Paper]:
        """The papers of the view, in their order; raises UnknownFilter for a value no paper could match."""
        tag_keys = set(known_tags)
        for tag in self.tags:
            if tag not in tag_keys:
                raise UnknownFilter(f"unknown tag {quote(tag)}{did_you_mean(tag, tag_keys) or ''}")
        for status in self.statuses:
            if status not in STATUSES:
                raise UnknownFilter(f"unknown status {quote(status)}{did_you_mean(status, STATUSES) or ''}; use one of "
                                    + ", ".join(STATUSES))
        venues = set()
        for venue in self.venues:
            canonical = venue_spellings.get(venue.lower())
            if canonical is None:
                names = sorted(set(venue_spellings.values()))
                raise UnknownFilter(f"unknown venue {quote(venue)}{did_you_mean(venue, names) or ''}")
            venues.add(canonical)
        chosen: list[Paper] = []
        for paper in papers:
            if self.tags and not any(tag == want or tag.startswith(want + "/") for tag in paper.tags for want in self.tags):
                continue
            if self.statuses and paper.reading_status not in self.statuses:
                continue
            if venues and paper.venue not in venues:
                continue
            if self.years and paper.year not in self.years:
                continue
            chosen.append(paper)
        return chosen
