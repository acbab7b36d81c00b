"""The Semantic Scholar Graph API (https://api.semanticscholar.org/api-docs/graph): `/graph/v1/paper/{id}`.

It knows the published version of an arXiv preprint (`externalIds.DOI`, `venue`,
`publicationVenue` with its other names). The shared pool often answers 429; a free key
(`x-api-key`) gives one request a second.
"""

from __future__ import annotations

import urllib.parse

from ..knowledge.model import arxiv_of, doi_of
from .http import Client, NotFound
from .metadata import Metadata, json_object, listing, malformed, mapping, one_line

FIELDS = "title,authors,year,venue,publicationVenue,externalIds,abstract,url,journal"


def by_id(client: Client, paper_id: str) -> Metadata:
    """`paper_id` as the API takes it: 'arXiv:1706.03762', 'DOI:10.…'."""
    path = "/graph/v1/paper/" + urllib.parse.quote(paper_id, safe=":/")
    answer = client.get(client.service("Semantic Scholar"), path, {"fields": FIELDS})
    if answer.status == 404:
        raise NotFound(f"Semantic Scholar knows no paper {paper_id}")
    paper = json_object("Semantic Scholar", answer.body, "a paper without a title")
    if not one_line(paper.get("title")):
        raise malformed("Semantic Scholar", "a paper without a title")
    ids = mapping(paper.get("externalIds"))
    venue = mapping(paper.get("publicationVenue"))
    journal = mapping(paper.get("journal"))
    names = [one_line(paper.get("venue")), one_line(venue.get("name")), one_line(journal.get("name"))]
    alternates = listing(venue.get("alternate_names"))
    names += [one_line(name) for name in alternates]
    names = list(dict.fromkeys(name for name in names if name))
    authors = listing(paper.get("authors"))
    doi = doi_of(one_line(ids.get("DOI")))
    year = paper.get("year")
    return Metadata(
        source="Semantic Scholar",
        title=one_line(paper["title"]),
        authors=[one_line(a.get("name")) for a in authors if isinstance(a, dict) and one_line(a.get("name"))],
        year=year if isinstance(year, int) else None,
        venue=names[0] if names else None,
        venue_names=names[1:],
        preprint=not names or names[0].lower() in ("arxiv", "arxiv.org", "corr"),
        doi=doi if doi and not doi.lower().startswith("10.48550/") else None,
        arxiv=arxiv_of(one_line(ids.get("ArXiv"))),
        abstract=one_line(paper.get("abstract")) or None,
        url=one_line(paper.get("url")) or None,
    )
