"""The Crossref REST API (https://api.crossref.org/swagger-ui/): `/works/{doi}` and `/works?query...`.

No key; a `mailto` with the user's contact puts the requests in the polite pool. Most works
carry no abstract.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from ..knowledge.model import doi_of
from .http import Client, NotFound
from .metadata import Metadata, json_object, listing, malformed, mapping, one_line, without_markup

_PREPRINT_TYPES = {"posted-content"}


def _params(client: Client) -> dict[str, str]:
    return {"mailto": client.settings.contact} if client.settings.contact else {}


def by_doi(client: Client, doi: str) -> Metadata:
    """The work of a DOI; NotFound when Crossref does not know it (a DataCite DOI, a typo)."""
    path = "/works/" + urllib.parse.quote(doi, safe="/:;()")
    answer = client.get(client.service("Crossref"), path, _params(client))
    if answer.status == 404:
        raise NotFound(f"Crossref knows no DOI {doi}")
    message = _message(answer.body)
    work = work_metadata(message)
    if work is None:
        raise malformed("Crossref", "a work without a title")
    return work


def by_title(client: Client, title: str) -> list[Metadata]:
    params = {"query.bibliographic": title, "rows": "5", **_params(client)}
    answer = client.get(client.service("Crossref"), "/works", params)
    if answer.status == 404:
        return []
    items = _message(answer.body).get("items")
    if not isinstance(items, list):
        raise malformed("Crossref", "a search answer without items")
    return [work for work in (work_metadata(item) for item in items if isinstance(item, dict)) if work is not None]


def _message(body: bytes) -> dict[str, Any]:
    message = json_object("Crossref", body, "no 'message' object").get("message")
    if not isinstance(message, dict):
        raise malformed("Crossref", "no 'message' object")
    return message


def _year(work: dict[str, Any]) -> int | None:
    for key in ("published-print", "published-online", "published", "issued", "created"):
        date = work.get(key)
        parts = date.get("date-parts") if isinstance(date, dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0] and isinstance(parts[0][0], int):
            return parts[0][0]
    return None


def _author(person: Any) -> str:
    if not isinstance(person, dict):
        return ""
    if person.get("name"):
        return one_line(person["name"])
    return " ".join(part for part in (one_line(person.get("given")), one_line(person.get("family"))) if part)


def work_metadata(work: dict[str, Any]) -> Metadata | None:
    title = one_line(work.get("title"))
    if not title:
        return None
    subtitle = one_line(work.get("subtitle"))
    if subtitle and not title.endswith(subtitle):
        title = f"{title}: {subtitle}"
    authors = listing(work.get("author"))
    event = mapping(work.get("event"))
    names = [
        one_line(work.get("container-title")),
        one_line(work.get("short-container-title")),
        one_line(event.get("acronym")),
        one_line(event.get("name")),
    ]
    names = [name for name in names if name]
    relation = mapping(work.get("relation"))
    published = relation.get("is-preprint-of")
    published_doi = None
    if isinstance(published, list):
        published_doi = next(
            (doi_of(one_line(item.get("id"))) for item in published if isinstance(item, dict) and item.get("id-type") == "doi"),
            None,
        )
    abstract = one_line(work.get("abstract"))
    return Metadata(
        source="Crossref",
        title=title,
        authors=[name for name in (_author(person) for person in authors) if name],
        year=_year(work),
        venue=names[0] if names else None,
        venue_names=names[1:],
        preprint=one_line(work.get("type")) in _PREPRINT_TYPES,
        doi=doi_of(one_line(work.get("DOI"))),
        abstract=without_markup(abstract) or None if abstract else None,
        url=one_line(work.get("URL")) or None,
        published_doi=published_doi,
    )
