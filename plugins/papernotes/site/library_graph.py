"""The citations inside the library, the works it keeps citing without holding them, and its
authors: plain functions of the records and references.yaml, for the pages to show.

A reference is a paper of the library when its DOI (any case), else its arXiv id, else its
title (case, punctuation and spacing ignored) is a record's. A paper citing itself is not
listed under its own Cites or Cited by. Every step is a dictionary lookup: linear in the
number of references.
"""

from __future__ import annotations

import shlex
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..knowledge.layout import SlugAllocator
from ..knowledge.model import Paper, slugify
from ..knowledge.references import Reference, normalise_title

MISSING_AT_LEAST = 2  # a work cited by this many papers of the library is listed as missing


@dataclass
class MissingWork:
    """A work papers of the library cite that papers.yaml does not hold."""

    doi: str | None = None
    arxiv: str | None = None
    title: str | None = None
    year: int | None = None
    cited_by: list[str] = field(default_factory=list)  # ids of the papers citing it, in papers.yaml's order

    @property
    def add_command(self) -> str:
        """The command that adds it: by DOI, else arXiv id, else title (quoted for a shell)."""
        argument = self.doi or self.arxiv or shlex.quote(self.title or "")
        return f"papernotes add {argument}"

    def fill(self, reference: Reference) -> None:
        """What another citation of the same work says that this one did not."""
        self.doi = self.doi or reference.doi
        self.arxiv = self.arxiv or reference.arxiv
        self.title = self.title or reference.title
        self.year = self.year or reference.year


@dataclass
class LibraryGraph:
    cites: dict[str, list[str]] = field(default_factory=dict)  # paper id -> ids of the library's papers it cites
    cited_by: dict[str, list[str]] = field(default_factory=dict)  # paper id -> ids of the library's papers citing it
    missing: list[MissingWork] = field(default_factory=list)  # most cited first


def _keys(doi: str | None, arxiv: str | None, title: str | None) -> list[str]:
    """How a work is known, strongest first."""
    keys = []
    if doi:
        keys.append("doi:" + doi.lower())
    if arxiv:
        keys.append("arxiv:" + arxiv)
    normalised = normalise_title(title) if title else ""
    if normalised:
        keys.append("title:" + normalised)
    return keys


@dataclass
class GraphMemo:
    """The graph made last and what it was made of. `mkdocs serve` makes a plan per rebuild: an
    edit that changes no record's id, DOI, arXiv id or title, nor references.yaml (whose lists
    are the same object while its bytes are), reuses it; matching a library's references by
    title was a third of a one-note rebuild at 10,000 papers."""

    references: Mapping[str, list[Reference]] | None = None
    papers: tuple[tuple[str, str | None, str | None, str], ...] = ()
    graph: LibraryGraph | None = None


def remembered_graph(papers: Mapping[str, Paper], references: Mapping[str, list[Reference]],
                     memo: GraphMemo | None) -> LibraryGraph:
    """`library_graph`, made again only when what it is made of changed since `memo`'s."""
    if memo is None:
        return library_graph(papers, references)
    known = tuple((paper.id, paper.doi, paper.arxiv, paper.title) for paper in papers.values())
    if memo.graph is None or memo.references is not references or memo.papers != known:
        memo.references, memo.papers, memo.graph = references, known, library_graph(papers, references)
    return memo.graph


def library_graph(papers: Mapping[str, Paper], references: Mapping[str, list[Reference]],
                  missing_at_least: int = MISSING_AT_LEAST) -> LibraryGraph:
    """Who cites whom in the library (`papers` in papers.yaml's order), and the missing works."""
    known: dict[str, str] = {}  # a record's DOI, arXiv id or title key -> its id
    for paper in papers.values():
        for key in _keys(paper.doi, paper.arxiv, paper.title):
            known.setdefault(key, paper.id)
    order = {paper_id: at for at, paper_id in enumerate(papers)}
    cites: dict[str, set[str]] = {}
    cited_by: dict[str, set[str]] = {}
    works: dict[str, MissingWork] = {}  # any key of a missing work -> the work
    citing: dict[int, set[str]] = {}  # id(work) -> ids of the papers citing it
    for paper_id, listed in references.items():
        if paper_id not in papers:
            continue  # a list of a paper no longer in papers.yaml: check warns of it
        for reference in listed:
            keys = _keys(reference.doi, reference.arxiv, reference.title)
            target = next((known[key] for key in keys if key in known), None)
            if target is not None:
                if target != paper_id:
                    cites.setdefault(paper_id, set()).add(target)
                    cited_by.setdefault(target, set()).add(paper_id)
                continue
            work = next((works[key] for key in keys if key in works), None)
            if work is None:
                work = MissingWork()
            work.fill(reference)
            for key in keys:
                works.setdefault(key, work)
            citing.setdefault(id(work), set()).add(paper_id)
    graph = LibraryGraph(
        cites={paper_id: sorted(ids, key=order.__getitem__) for paper_id, ids in cites.items()},
        cited_by={paper_id: sorted(ids, key=order.__getitem__) for paper_id, ids in cited_by.items()},
    )
    unique = {id(work): work for work in works.values()}
    for identity, work in unique.items():
        if len(citing[identity]) >= missing_at_least:
            work.cited_by = sorted(citing[identity], key=order.__getitem__)
            graph.missing.append(work)
    graph.missing.sort(key=lambda work: (-len(work.cited_by), normalise_title(work.title or ""), work.doi or "",
                                         work.arxiv or ""))
    return graph


# ---------------------------------------------------------------- authors


@dataclass
class Author:
    name: str  # as the first of their papers in papers.yaml writes it
    slug: str  # their page's name
    papers: list[Paper] = field(default_factory=list)  # newest first


def author_key(name: str) -> str:
    """An author's name reduced for matching: case and spacing ignored ('Kaiming  He', 'kaiming he')."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def authors_of(papers: Iterable[Paper], at_least: int = 2) -> dict[str, Author]:
    """The authors of `at_least` papers, by author_key, each with a page slug unique among them."""
    found: dict[str, Author] = {}
    for paper in papers:
        for key in dict.fromkeys(author_key(name) for name in paper.authors):
            if not key:
                continue
            author = found.get(key)
            if author is None:
                name = next(name for name in paper.authors if author_key(name) == key)
                author = found[key] = Author(" ".join(name.split()), "")
            author.papers.append(paper)
    kept = {key: author for key, author in found.items() if len(author.papers) >= at_least}
    slugs = SlugAllocator()
    for key in sorted(kept):  # slugs given in a fixed order, whatever the order of papers.yaml
        kept[key].slug = slugs.allocate(slugify(kept[key].name) or "author")
        kept[key].papers.sort(key=lambda paper: (-(paper.year or 0), paper.title.lower(), paper.id))
    return kept
