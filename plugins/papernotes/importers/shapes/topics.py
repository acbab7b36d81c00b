"""A README that is a notes text (a cheatsheet of techniques), not a list of papers.

    ## Activation function
    - **ELU**: Exponential Linear Unit. [paper](https://arxiv.org/abs/1511.07289)

Its sections become topic notes whose Markdown is kept whole; each paper it links (arXiv, DOI,
proceedings, a PDF) becomes a record, referenced from the note at the place of the link. The
record is named by the link's text, or, where that text is only a label (`paper`, `this paper`,
a year), by the term in bold before it (its short name), the first cell of its table row, or the
text before it on its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..ids_and_links import is_safe_url, stable_slug
from ..imported import ImportedEntry
from ..matching import normalise_url
from .markup import LIST_MARKER_RE, find_links, heading_of, is_image, link_label, strip_markup

# Where papers live: a link there (or to a PDF) is a paper; blogs, videos and code stay links.
PAPER_HOSTS = (
    "arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "aclweb.org", "papers.nips.cc",
    "proceedings.neurips.cc", "proceedings.mlr.press", "openaccess.thecvf.com", "ieeexplore.ieee.org",
    "dl.acm.org", "link.springer.com", "biorxiv.org", "semanticscholar.org", "jmlr.org", "nature.com",
    "science.org", "sciencedirect.com", "ojs.aaai.org", "ijcai.org",
)
_LABEL_WORDS = {"paper", "this paper", "the paper", "here", "link", "pdf", "arxiv", "reference", "source", "original"}
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_YEAR_AFTER_RE = re.compile(r"[ \t]*[,(]?[ \t]*((?:19|20)\d\d)\b")  # `[GNN](u), 2009`, `[paper](u) (2016)`
_LABEL_PREFIX_RE = re.compile(r"^(?:paper|article)\s*[:\-–—]\s*", re.I)  # `[Paper: Noisy Student](u)`
_BOLD_RE = re.compile(r"\*\*([^*\n]{1,80})\*\*")
MIN_UNREAD = 20  # unread lines a paper list may have (a preamble, a legend, a licence) before it reads as notes


def is_paper_url(url: str) -> bool:
    """A link to a paper: a known host of papers, or a PDF."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().split(":", 1)[0]
    return parts.scheme.lower() in ("http", "https") and (
        any(host == known or host.endswith("." + known) for known in PAPER_HOSTS) or parts.path.lower().endswith(".pdf")
    )


def is_notes_text(entries: int, unread: int) -> bool:
    """Whether a README whose entry reading found `entries` and left `unread` lines unread is a
    notes text: its prose outnumbers its entries twice over."""
    return unread >= MIN_UNREAD and unread > 2 * entries


@dataclass
class SectionNote:
    """A section of a notes text, to become a topic note: its Markdown as written, and the papers
    its links name (normalised URL -> entry)."""

    line: int
    title: str
    tag: str
    text: str
    papers: dict[str, ImportedEntry] = field(default_factory=dict)


def _is_label(text: str) -> bool:
    words = strip_markup(text).strip(" .:[]").lower()
    return not words or words in _LABEL_WORDS or link_label(words) is not None or _YEAR_RE.fullmatch(words) is not None


def _name_before(line: str, start: int) -> tuple[str | None, str | None]:
    """(short, title) a paper link's context names: a bold term before it, else the first cell of
    a table row, else the text before it on the line."""
    before = line[:start]
    bold = list(_BOLD_RE.finditer(before))
    if bold:
        term = strip_markup(bold[-1].group(1)).strip(" :.")
        if term:
            return term, term
    stripped = line.strip()
    if stripped.startswith("|"):
        first = stripped[1:].split("|", 1)[0]
        name = strip_markup(first).strip(" :.")
        if name:
            return name, name
    text = strip_markup(LIST_MARKER_RE.sub("", before, count=1)).strip(" :.-–—")
    text = re.sub(r"(?i)\b(?:read|check|see)(?:\s+(?:this|the))?\s*$", "", text).strip(" :.-–—")
    if text and len(text.split()) <= 15:
        return None, text
    return None, None


def read_notes_text(raw: list[str], lines: list[str]) -> tuple[list[SectionNote], list[tuple[int, str]]]:
    """The sections of a notes text, each with the papers it links, and the report.

    `raw` are the README's lines, `lines` the same with comments and fenced code blanked (no
    heading or link is read inside them). A heading of level one or two starts a section; the
    text before the first one is a section of its own, named by the README's title.
    """
    report: list[tuple[int, str]] = []
    starts: list[tuple[int, str]] = []
    first_text = next((index for index, line in enumerate(lines) if line.strip()), None)
    title = None
    for index, line in enumerate(lines):
        heading = heading_of(line)
        if heading is None or heading[0] > 2:
            continue
        if index == first_text and heading[0] == 1:
            title = strip_markup(heading[1])
            continue
        starts.append((index, strip_markup(heading[1]) or "section"))
    if not starts or any(line.strip() for line in lines[: starts[0][0]] if not heading_of(line)):
        starts.insert(0, (0, title or "overview"))
    sections: list[SectionNote] = []
    by_url: dict[str, ImportedEntry] = {}
    for number, (start, name) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(raw)
        text = "\n".join(raw[start:end]).strip("\n")
        if not text.strip() or (start == 0 and text.strip() == raw[0].strip() and heading_of(raw[0])):
            continue
        note = SectionNote(start + 1, name, stable_slug(name, "section"), text + "\n")
        for index in range(start, end):
            line = lines[index]
            for link in find_links(line):
                if is_image(line, link) or not is_safe_url(link.url) or not is_paper_url(link.url):
                    continue
                key = normalise_url(link.url)
                entry = by_url.get(key)
                if entry is None:
                    entry = _paper_of(link.text, link.url, line, link.start, link.end, index + 1, report)
                    by_url[key] = entry
                if note.tag not in entry.tags:
                    entry.tags.append(note.tag)
                note.papers[key] = entry
        sections.append(note)
    return sections, report


def _paper_of(text: str, url: str, line: str, start: int, end: int, number: int, report: list[tuple[int, str]]) -> ImportedEntry:
    """The record a paper link names."""
    name = _LABEL_PREFIX_RE.sub("", strip_markup(text)).strip()
    short = None
    year = None
    if _YEAR_RE.fullmatch(name):
        year = int(name)
    if _is_label(name):
        short, title = _name_before(line, start)
        if title is None:
            title = name or url
            report.append((number, f"a paper linked as '{title}' has no name nearby: its title is the link's text; edit it"))
        name = title
    after = _YEAR_AFTER_RE.match(line, end)
    if after and year is None:
        year = int(after.group(1))
    return ImportedEntry(line=number, title=name, short=short if short != name else None, year=year, url=url)
