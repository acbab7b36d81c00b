"""What the reference-manager readers (`bibtex`, `csljson`) share: venues, identifiers, years, tags.

A reference manager writes a venue as a full name ('Proceedings of the IEEE Conference on
Computer Vision and Pattern Recognition'), often with its acronym in parentheses, and an arXiv
preprint as a journal ('arXiv preprint arXiv:1512.03385', 'CoRR'). These helpers turn such
fields into what a record holds: a short venue, the arXiv id, a year, tag keys.
"""

from __future__ import annotations

import re

from ..knowledge.model import arxiv_of, check_tag, doi_of, tag_slug
from .ids_and_links import is_safe_url, stable_slug
from .imported import ImportedEntry, ParsedFile, arxiv_year
from .venues import KNOWN_VENUES, VENUE_SPELLINGS

# Full names of the venues every parser knows, lowercased without punctuation -> canonical name.
_FULL_NAMES = {re.sub(r"[^a-z0-9]+", " ", name.lower()).strip(): key for key, (name, _aliases) in KNOWN_VENUES.items()}
_PREPRINT_VENUE_RE = re.compile(r"^\s*(arxiv|corr|biorxiv|medrxiv|ssrn)\b", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"\(\s*([0-9]?[A-Za-z][A-Za-z0-9&.+-]{1,15})(?:\s*'?\s*[0-9]{2,4})?\s*\)\s*$")
_PROCEEDINGS_RE = re.compile(r"^(?:in\s+)?(?:proceedings|proc\.)\s+(?:of\s+)?(?:the\s+)?", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![0-9])(1[89][0-9]{2}|2[0-9]{3})(?![0-9])")
_ARXIV_DOI_RE = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def venue_of(text: str | None) -> tuple[str | None, bool]:
    """(venue, is_preprint) of a booktitle, journal or container title.

    'Full Name (CVPR)' -> 'CVPR'; a known full name, with or without 'Proceedings of the', ->
    its short name; 'arXiv preprint ...' or 'CoRR' -> no venue, a preprint; anything else as it is.
    """
    if not text or not text.strip():
        return None, False
    text = " ".join(text.split())
    if _PREPRINT_VENUE_RE.match(text):
        return None, True
    acronym = _ACRONYM_RE.search(text)
    if acronym and any(char.isupper() for char in acronym.group(1)):  # '(CVPR)', not '(part 2)'
        short = acronym.group(1)
        return VENUE_SPELLINGS.get(short.lower(), short), False
    bare = _PROCEEDINGS_RE.sub("", text)
    bare = re.sub(r"^(?:[0-9]{4}\s+)", "", bare)  # '2016 IEEE Conference on ...'
    key = re.sub(r"[^a-z0-9]+", " ", bare.lower()).strip()
    known = _FULL_NAMES.get(key) or _FULL_NAMES.get(re.sub(r"^(?:ieee cvf|ieee)\s+", "", key))
    if known is None:
        for name, canonical in _FULL_NAMES.items():  # 'IEEE Conference on ...' for 'IEEE/CVF Conference on ...'
            if re.sub(r"^(?:ieee cvf|ieee)\s+", "", name) == re.sub(r"^(?:ieee cvf|ieee)\s+", "", key):
                known = canonical
                break
    if known is not None:
        return known, False
    return VENUE_SPELLINGS.get(text.lower(), text), False


def arxiv_in(*texts: str | None) -> str | None:
    """The first arXiv id among the texts: an id, 'arXiv:<id>', an arxiv.org URL, an arXiv DOI."""
    for text in texts:
        if not text:
            continue
        doi = _ARXIV_DOI_RE.match(text.strip())
        if doi:
            found = arxiv_of(doi.group(1))
            if found:
                return found
        found = arxiv_of(text)
        if found:
            return found
        match = re.search(r"arxiv:\s*([0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})", text, re.IGNORECASE)
        if match:
            return arxiv_of(match.group(1))
    return None


def year_of_arxiv(arxiv: str) -> int | None:
    """The year an arXiv id was given: 1512.03385 -> 2015, hep-th/9901001 -> 1999."""
    old = re.match(r"^[a-z-]+(?:\.[A-Z]{2})?/([0-9]{2})[0-9]{5}$", arxiv)
    if old:
        two = int(old.group(1))
        return 1900 + two if two >= 91 else 2000 + two
    return arxiv_year(arxiv)


def year_in(text: str | None) -> int | None:
    """The year of '2016', '2016-06-01', 'June 2016'; None when there is none."""
    if not text:
        return None
    match = _YEAR_RE.search(str(text))
    return int(match.group(1)) if match else None


def tags_of(keywords: str | list[str] | None) -> dict[str, str]:
    """Tag keys of a keywords field, each with the keyword it was read from: 'Deep Learning;
    Vision, loc/seg' -> deep-learning, vision, loc/seg; a keyword without Latin letters or
    digits ('深度学习') gets a key of its own (tag-<hash>), its text kept as its description."""
    if not keywords:
        return {}
    words = keywords if isinstance(keywords, list) else re.split(r"[,;]", keywords)
    tags: dict[str, str] = {}
    for word in words:
        name = str(word).strip()
        if not name:
            continue
        tag = tag_slug(name.lower()) or stable_slug(name.lower(), "tag")
        try:
            check_tag(tag)
        except ValueError:
            continue
        tags.setdefault(tag, name)
    return tags


def add_keywords(entry: ImportedEntry, keywords: str | list[str] | None) -> None:
    """The tags of a reference manager's keywords, with the names they were written with."""
    found = tags_of(keywords)
    entry.tags = list(found)
    entry.tag_names = found


def finish_entry(entry: ImportedEntry, parsed: ParsedFile, doi: str | None, arxiv: str | None, cite_key: str | None) -> None:
    """Identifiers and the year an entry takes from them, each kept only when it validates."""
    if doi:
        bare = doi_of(doi)
        arxiv_doi = _ARXIV_DOI_RE.match(doi.strip())
        if bare and not arxiv_doi:  # arXiv's own DOIs name the preprint: kept as its arXiv id
            entry.ids["doi"] = bare
        elif not bare:
            parsed.note(entry.line, f"DOI '{doi}' is not a DOI: left out")
    if arxiv:
        entry.ids["arxiv"] = arxiv
        if entry.year is None:
            entry.year = year_of_arxiv(arxiv)
            if entry.year is not None:
                parsed.note(entry.line, f"year {entry.year} taken from the arXiv id {arxiv}")
    if entry.year is None:
        parsed.note(entry.line, "no year: imported without one")
    if cite_key and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_:.+/-]*", cite_key):
        entry.ids["cite_key"] = cite_key
    if entry.url and not (is_safe_url(entry.url) and entry.url.lower().startswith(("http://", "https://"))):
        parsed.note(entry.line, f"URL '{entry.url}' is not an http(s) address: left out")
        entry.url = None
