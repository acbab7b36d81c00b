"""From what the reader typed to one paper's metadata: ask the services, prefer the published version.

An arXiv id: arXiv gives title, authors, abstract; the published version comes from the DOI
the authors gave arXiv (Crossref), else from Semantic Scholar (its DOI, venue and year). A DOI:
Crossref, else OpenAlex; OpenAlex adds the abstract Crossref lacks when a key is set. A page:
its citation tags, then its DOI or arXiv id as above. A title: Crossref's and arXiv's
searches, taken only when a title found is the same up to case and punctuation.

Services that only add to a paper found (Semantic Scholar, OpenAlex's abstract) may fail: the
paper is then added without what they add, and a note says why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..importers.matching import normalise_title
from ..importers.references import venue_of
from ..importers.venues import KNOWN_VENUES
from . import arxiv, crossref, openalex, page, semanticscholar
from .http import Client, NotFound, ServiceError
from .identifiers import Identifier
from .metadata import Metadata


@dataclass
class Resolved:
    """The paper found, and what the reader should know of how it was found."""

    paper: Metadata
    notes: list[str] = field(default_factory=list)


def resolve(client: Client, identifier: Identifier) -> Resolved:
    """The metadata of the paper `identifier` names; NotFound or ServiceError (one line) otherwise."""
    notes: list[str] = []
    if identifier.kind == "arxiv":
        paper = _from_arxiv(client, identifier.value, notes)
    elif identifier.kind == "doi":
        paper = _from_doi(client, identifier.value, notes)
    elif identifier.kind == "page":
        paper = _from_page(client, identifier.value, notes)
    else:
        paper = _from_title(client, identifier.value, notes)
    if identifier.url and not paper.url:
        paper.url = identifier.url
    return Resolved(paper, notes)


def _soft(notes: list[str], what: str, error: ServiceError) -> None:
    notes.append(f"{what}: {error}")


def _from_arxiv(client: Client, arxiv_id: str, notes: list[str], preprint: Metadata | None = None) -> Metadata:
    paper = preprint or arxiv.by_id(client, arxiv_id)
    published: Metadata | None = None
    if paper.published_doi:
        try:
            published = crossref.by_doi(client, paper.published_doi)
        except ServiceError as exc:
            _soft(notes, f"the published version {paper.published_doi} arXiv names was not read", exc)
    if published is None:
        try:
            found = semanticscholar.by_id(client, f"arXiv:{arxiv_id}")
        except NotFound:
            found = None
        except ServiceError as exc:
            found = None
            _soft(notes, "added as the arXiv preprint: its published version was not looked up", exc)
        if found is not None and found.doi:
            try:
                published = crossref.by_doi(client, found.doi)
            except ServiceError:  # Semantic Scholar's own words on the venue do
                published = found
        elif found is not None and not found.preprint:
            published = found
    if published is not None and not published.preprint:
        notes.append(f"published version: {published.venue or 'a venue'} {published.year or ''}".rstrip())
        return merged(paper, published)
    return paper


def merged(preprint: Metadata, published: Metadata) -> Metadata:
    """The preprint's text (title, authors, abstract, free URL) with the published venue, year and DOI."""
    return Metadata(
        source=f"{preprint.source} + {published.source}",
        title=preprint.title,
        authors=preprint.authors or published.authors,
        year=published.year or preprint.year,
        venue=published.venue,
        venue_names=published.venue_names,
        venue_qualifier=published.venue_qualifier,
        preprint=False,
        doi=published.doi,
        arxiv=preprint.arxiv or published.arxiv,
        abstract=preprint.abstract or published.abstract,
        url=preprint.url or published.url,
    )


def _from_doi(client: Client, doi: str, notes: list[str]) -> Metadata:
    try:
        paper = crossref.by_doi(client, doi)
    except NotFound:
        try:
            paper = openalex.by_doi(client, doi)
        except NotFound:
            raise NotFound(f"neither Crossref nor OpenAlex knows DOI {doi}") from None
        except ServiceError as exc:
            raise NotFound(f"Crossref knows no DOI {doi}, and OpenAlex could not be asked: {exc}") from None
        return paper
    if paper.preprint and paper.published_doi:
        try:
            published = crossref.by_doi(client, paper.published_doi)
            notes.append(f"published version: {published.doi} ({published.venue or 'a venue'} {published.year or ''})".rstrip())
            paper = merged(paper, published)
        except ServiceError as exc:
            _soft(notes, f"the published version {paper.published_doi} was not read", exc)
    if not paper.abstract and client.settings.openalex_key:
        try:
            paper.abstract = openalex.by_doi(client, doi).abstract
        except ServiceError as exc:
            _soft(notes, "added without an abstract", exc)
    return paper


def _from_page(client: Client, url: str, notes: list[str]) -> Metadata:
    found = page.by_page(client, url)
    if found.doi:
        try:
            paper = _from_doi(client, found.doi, notes)
            paper.url = url
            return paper
        except ServiceError as exc:
            _soft(notes, f"the page's DOI {found.doi} was not read, the page's own tags are used", exc)
    if found.arxiv:
        try:
            paper = _from_arxiv(client, found.arxiv, notes)
            if found.venue and paper.preprint:
                paper = merged(paper, found)
            paper.url = url
            return paper
        except ServiceError as exc:
            _soft(notes, f"the page's arXiv id {found.arxiv} was not read, the page's own tags are used", exc)
    return found


def _from_title(client: Client, title: str, notes: list[str]) -> Metadata:
    wanted = normalise_title(title)
    seen: list[str] = []
    errors: list[str] = []
    try:
        works = crossref.by_title(client, title)
    except ServiceError as exc:
        works = []
        errors.append(str(exc))
    for work in works:
        if normalise_title(work.title) == wanted:
            notes.append(f"found by its title on Crossref: DOI {work.doi}")
            return _from_doi(client, work.doi, notes) if work.doi else work
        seen.append(work.title)
    try:
        preprints = arxiv.by_title(client, title)
    except ServiceError as exc:
        preprints = []
        errors.append(str(exc))
    for preprint in preprints:
        if normalise_title(preprint.title) == wanted and preprint.arxiv:
            notes.append(f"found by its title on arXiv: {preprint.arxiv}")
            return _from_arxiv(client, preprint.arxiv, notes, preprint)
        seen.append(preprint.title)
    if errors and not seen:
        raise ServiceError("; ".join(errors))
    closest = f" (the closest title found: {seen[0]!r}; add it by its DOI or arXiv id)" if seen else ""
    raise NotFound(f"no paper titled {title!r} on Crossref or arXiv{closest}")


# ---------------------------------------------------------------- venues

# How the services name the venues every reader knows, besides their full names (normalised).
_SERVICE_NAMES = {
    "advances in neural information processing systems": "NeurIPS",
    "neural information processing systems": "NeurIPS",
    "computer vision and pattern recognition": "CVPR",
    "international conference on computer vision": "ICCV",
    "ieee international conference on computer vision": "ICCV",
    "european conference on computer vision": "ECCV",
    "international conference on machine learning": "ICML",
    "international conference on learning representations": "ICLR",
    "knowledge discovery and data mining": "KDD",
    "annual meeting of the association for computational linguistics": "ACL",
    "medical image computing and computer assisted intervention": "MICCAI",
    "ieee transactions on pattern analysis and machine intelligence": "TPAMI",
    "journal of machine learning research": "JMLR",
    "british machine vision conference": "BMVC",
    "ieee workshop ieee winter conference on applications of computer vision": "WACV",
    "workshop on applications of computer vision": "WACV",
}


_ORDINALS = "|".join(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth "
    "sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth twenty thirty forty fifty".split()
)


def venue_key(name: str) -> str:
    """A venue name reduced for comparison: case, punctuation, 'Proceedings of the', years and ordinals ignored."""
    text = re.sub(r"[^a-z0-9]+", " ", name.lower())
    text = re.sub(r"\b(?:proceedings|proc|of|the|in)\b", " ", text)
    text = re.sub(rf"\b(?:[0-9]+(?:st|nd|rd|th)?|{_ORDINALS})\b", " ", text)
    return " ".join(text.split())


def vocabulary_spellings(venues: Mapping[str, tuple[str | None, list[str]]]) -> dict[str, str]:
    """The knowledge base's venues (key -> full name, aliases) as spelling -> key, each spelling reduced."""
    spellings: dict[str, str] = {}
    for key, (name, aliases) in venues.items():
        for spelling in [key, *aliases, *([name] if name else [])]:
            spellings.setdefault(venue_key(spelling), key)
    return spellings


def map_venue(paper: Metadata, spellings: Mapping[str, str]) -> str | None:
    """The venue a record gets: a name of the knowledge base's vocabulary when any name of the
    paper's venue is one; else a venue every reader knows (CVPR, NeurIPS ...); else as the service wrote it."""
    names = [name for name in [paper.venue, *paper.venue_names] if name]
    if not names:
        return None
    known = {venue_key(key): key for key in KNOWN_VENUES}
    known.update({venue_key(name): key for key, (name, _aliases) in KNOWN_VENUES.items()})
    for spelling, key in _SERVICE_NAMES.items():
        known.setdefault(venue_key(spelling), key)
    guesses: list[str] = []
    for name in names:
        short, preprint = venue_of(name)
        if preprint:
            continue
        for candidate in (name, short or ""):
            reduced = venue_key(candidate)
            if reduced in spellings:
                return spellings[reduced]
            if reduced in known:
                guesses.append(known[reduced])
        if short and short in KNOWN_VENUES:
            guesses.append(short)
    for guess in guesses:  # a known venue by another of the knowledge base's spellings (NIPS for NeurIPS)
        for spelling in [guess, *KNOWN_VENUES[guess][1]]:
            if venue_key(spelling) in spellings:
                return spellings[venue_key(spelling)]
    if guesses:
        return guesses[0]
    short, preprint = venue_of(names[0])
    return None if preprint else short
