"""The works a paper cites, as OpenAlex and Semantic Scholar list them.

OpenAlex: `/works/doi:{doi}` gives `referenced_works` (OpenAlex ids), resolved to DOIs and
titles fifty at a time with `/works?filter=openalex_id:W1|W2|...`. Semantic Scholar:
`/graph/v1/paper/{id}/references?fields=externalIds,title,year`, a page of up to a thousand
at a time. A paper with a DOI asks OpenAlex first, one with only an arXiv id Semantic Scholar
first (OpenAlex knows it by its arXiv DOI, 10.48550/arXiv.<id>); the other is asked when the
first knows no such paper, lists no reference, or cannot be asked.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..knowledge.model import MIN_YEAR, arxiv_of, doi_of
from ..knowledge.references import Reference
from .http import Client, NotFound, ServiceError
from .metadata import json_document, json_object, listing, malformed, mapping, one_line

OPENALEX_BATCH = 50  # ids in one `openalex_id:a|b|...` filter
S2_PAGE = 1000  # the most references Semantic Scholar gives in one answer
MAX_REFERENCES = 10_000  # a reference list longer than this is no paper's: the rest is not asked for
_OPENALEX_ID_RE = re.compile(r"^(?:https?://openalex\.org/)?(W[0-9]{1,15})$", re.IGNORECASE)
_ARXIV_DOI_RE = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


@dataclass
class Found:
    """A paper's references as one service listed them, and what the reader should know."""

    references: list[Reference]
    source: str
    notes: list[str] = field(default_factory=list)


def references_of(client: Client, doi: str | None, arxiv: str | None) -> Found:
    """The works the paper with this DOI or arXiv id cites. NotFound when no service knows the
    paper; ServiceError (one line) when none could be asked."""
    if not doi and not arxiv:
        raise NotFound("no DOI or arXiv id to look its references up by")
    asks: list[tuple[str, Callable[[], list[Reference]]]] = []
    openalex_doi = doi or f"10.48550/arXiv.{arxiv}"
    s2_id = f"DOI:{doi}" if doi else f"arXiv:{arxiv}"
    openalex = ("OpenAlex", lambda: from_openalex(client, openalex_doi))
    s2 = ("Semantic Scholar", lambda: from_semantic_scholar(client, s2_id))
    asks = [openalex, s2] if doi else [s2, openalex]
    errors: list[str] = []
    unknown: list[str] = []
    empty: Found | None = None
    for name, ask in asks:
        try:
            references = ask()
        except NotFound:
            unknown.append(name)
            continue
        except ServiceError as exc:
            errors.append(str(exc))
            continue
        if references:
            notes = [f"{name} was asked since {error}" for error in errors]
            return Found(references, name, notes)
        empty = empty or Found([], name)
    if empty is not None:
        return empty
    if errors:
        raise ServiceError("; ".join(errors))
    raise NotFound(f"neither {' nor '.join(unknown)} knows {'DOI ' + doi if doi else 'arXiv:' + str(arxiv)}")


def reference_of(doi: str | None, arxiv: str | None, title: str | None, year: Any) -> Reference | None:
    """A Reference from a service's fields, each kept only when it is well formed; None when none is."""
    doi = doi_of(doi or "")
    if doi:
        arxiv_doi = _ARXIV_DOI_RE.match(doi)
        if arxiv_doi:  # arXiv's own DOI names the preprint: kept as its arXiv id
            arxiv = arxiv or arxiv_doi.group(1)
            doi = None
    arxiv = arxiv_of(arxiv or "")
    title = one_line(title) or None
    year = year if isinstance(year, int) and not isinstance(year, bool) and year >= MIN_YEAR else None
    if not (doi or arxiv or title):
        return None
    return Reference(doi=doi, arxiv=arxiv, title=title, year=year)


def from_openalex(client: Client, doi: str) -> list[Reference]:
    service = client.service("OpenAlex")
    path = "/works/doi:" + urllib.parse.quote(doi, safe="/:;()")
    answer = client.get(service, path, {"select": "id,doi,title,referenced_works"})
    if answer.status == 404:
        raise NotFound(f"OpenAlex knows no DOI {doi}")
    work = json_object("OpenAlex", answer.body, "not a work object")
    ids: list[str] = []
    for item in listing(work.get("referenced_works"))[:MAX_REFERENCES]:
        match = _OPENALEX_ID_RE.match(item) if isinstance(item, str) else None
        if match:
            ids.append(match.group(1).upper())
    ids = list(dict.fromkeys(ids))
    references: list[Reference] = []
    for start in range(0, len(ids), OPENALEX_BATCH):
        batch = ids[start : start + OPENALEX_BATCH]
        params = {"filter": "openalex_id:" + "|".join(batch), "per-page": str(OPENALEX_BATCH),
                  "select": "id,doi,title,publication_year"}
        answer = client.get(service, "/works", params)
        if answer.status == 404:
            raise malformed("OpenAlex", "no answer to a list of works")
        page = json_document("OpenAlex", answer.body)
        for result in listing(mapping(page).get("results")):
            result = mapping(result)
            reference = reference_of(one_line(result.get("doi")), None, result.get("title"), result.get("publication_year"))
            if reference is not None:
                references.append(reference)
    return references


def from_semantic_scholar(client: Client, paper_id: str) -> list[Reference]:
    """`paper_id` as the API takes it: 'DOI:10.…', 'arXiv:1706.03762'."""
    service = client.service("Semantic Scholar")
    path = "/graph/v1/paper/" + urllib.parse.quote(paper_id, safe=":/") + "/references"
    references: list[Reference] = []
    offset = 0
    while offset < MAX_REFERENCES:
        answer = client.get(service, path, {"fields": "externalIds,title,year", "offset": str(offset), "limit": str(S2_PAGE)})
        if answer.status == 404:
            raise NotFound(f"Semantic Scholar knows no paper {paper_id}")
        page = mapping(json_document("Semantic Scholar", answer.body))
        data = listing(page.get("data"))
        for item in data:
            cited = mapping(mapping(item).get("citedPaper"))
            ids = mapping(cited.get("externalIds"))
            reference = reference_of(one_line(ids.get("DOI")), one_line(ids.get("ArXiv")), cited.get("title"), cited.get("year"))
            if reference is not None:
                references.append(reference)
        following = page.get("next")
        if not data or not isinstance(following, int) or following <= offset:
            break
        offset = following
    return references
