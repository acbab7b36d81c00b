"""What the target knowledge base already holds, read as `papernotes check` reads it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge.cite import cite_keys
from ..knowledge.knowledge_base import FatalProblem, KnowledgeBase
from ..knowledge.papers_file import load_papers
from ..knowledge.problems import Problem
from .imported import ImportAbort
from .matching import normalise_url, title_keys


@dataclass
class Existing:
    """What the target knowledge base already holds."""

    text: str | None = None  # papers.yaml as read (None: no file)
    raw: bytes | None = None  # its bytes, which must still be there when it is written
    ids: set[str] = field(default_factory=set)  # lowercased
    urls: dict[str, str] = field(default_factory=dict)  # normalised URL -> id
    titles: dict[str, str] = field(default_factory=dict)  # normalised title -> id
    tags: set[str] = field(default_factory=set)
    used_tags: list[str] = field(default_factory=list)
    venue_spellings: dict[str, str] = field(default_factory=dict)  # lowercased -> canonical
    used_venues: list[str] = field(default_factory=list)
    paper_urls: dict[str, str] = field(default_factory=dict)  # id -> normalised URL of a paper that has one
    has_tags: bool = False  # a tag vocabulary that check holds records to
    has_venues: bool = False
    dois: dict[str, str] = field(default_factory=dict)  # lowercased DOI -> id
    arxivs: dict[str, str] = field(default_factory=dict)  # arXiv id -> id
    cite_keys: set[str] = field(default_factory=set)  # lowercased: the keys papers.bib gives the records


# At most this many of the existing file's errors are listed when the import refuses it.
_ERRORS_SHOWN = 20


def refusal(errors: list[Problem], file: str) -> str:
    """Why the import does not merge into a papers file in which check finds errors."""
    lines = [problem.format() for problem in errors[:_ERRORS_SHOWN]]
    if len(errors) > _ERRORS_SHOWN:
        lines.append(f"... and {len(errors) - _ERRORS_SHOWN} more")
    count = "1 error" if len(errors) == 1 else f"{len(errors)} errors"
    lines.append(
        f"{file} has {count} (as `papernotes check` reports): fix {'it' if len(errors) == 1 else 'them'} first; "
        "the import merges only into a papers file that check reads without errors. Nothing was written"
    )
    return "\n".join(lines)


def load_existing(path: Path, file: str, today: dt.date) -> Existing:
    """The ids, URLs, titles and vocabularies of the papers file at `path` (none when it does not exist).

    It is read as `papernotes check` reads it (`load_papers`: the same loader and rules), so the
    import never sees other data than check does; ImportAbort if check reports an error in it.
    """
    if not os.path.exists(path):
        return Existing()
    if path.is_dir():
        raise ImportAbort(f"{file} is a folder, not a papers file")
    try:
        raw = path.read_bytes()
        kb = load_papers(path, file, today)
        again = path.read_bytes()
    except FatalProblem as exc:
        raise ImportAbort(str(exc)) from exc
    except OSError as exc:
        raise ImportAbort(f"{file}: cannot read papers file: {exc.strerror or exc}") from exc
    if again != raw:
        raise ImportAbort(f"{file} changed while it was read: run the import again")
    if kb.errors:
        raise ImportAbort(refusal(kb.errors, file))
    existing = existing_from(kb)
    existing.raw = raw
    existing.text = raw.decode("utf-8")  # check found no decoding error
    return existing


def existing_from(kb: KnowledgeBase) -> Existing:
    """What the import needs to know of a validated knowledge base."""
    existing = Existing()
    existing.has_tags = bool(kb.tags)  # check holds records to the vocabulary only when it has tags
    existing.tags = set(kb.tags)  # declared, and the parents they imply
    existing.has_venues = bool(kb.venues)
    for venue in kb.venues.values():
        existing.venue_spellings[venue.key.lower()] = venue.key
        for alias in venue.aliases:
            existing.venue_spellings.setdefault(alias.lower(), venue.key)
    for paper in kb.papers.values():
        existing.ids.add(paper.id.lower())
        if paper.url:
            existing.paper_urls[paper.id] = normalise_url(paper.url)
        for url in [paper.url, *(url for _kind, url in paper.links.items())]:
            if url:
                existing.urls.setdefault(normalise_url(url), paper.id)
        for key in title_keys(paper.title, paper.short):
            existing.titles.setdefault(key, paper.id)
        if paper.doi:
            existing.dois.setdefault(paper.doi.lower(), paper.id)
        if paper.arxiv:
            existing.arxivs.setdefault(paper.arxiv, paper.id)
    existing.cite_keys = {key.lower() for key in cite_keys(kb.papers.values()).values()}
    existing.used_tags = list(dict.fromkeys(tag for paper in kb.papers.values() for tag in paper.tags))
    existing.used_venues = list(dict.fromkeys(paper.venue for paper in kb.papers.values() if paper.venue))
    return existing


