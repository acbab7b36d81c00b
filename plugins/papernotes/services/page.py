"""A paper's own page (OpenReview, CVF open access, PMLR, NeurIPS proceedings ...): the
`citation_*` meta tags that Google Scholar asks publishers to put in it (Highwire Press tags)."""

from __future__ import annotations

import urllib.parse
from html.parser import HTMLParser

from ..knowledge.model import arxiv_of, doi_of
from .http import Client, NotFound, Service, ServiceError
from .metadata import Metadata, one_line


class _CitationTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        values = dict(attrs)
        name = (values.get("name") or values.get("property") or "").lower()
        if name.startswith("citation_") and values.get("content"):
            self.tags.append((name, one_line(values["content"])))


def citation_tags(html: str) -> list[tuple[str, str]]:
    parser = _CitationTags()
    parser.feed(html)
    parser.close()
    return parser.tags


def by_page(client: Client, url: str) -> Metadata:
    """What a paper's page says of it; NotFound when it has no citation tags."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ServiceError(f"{url} is not an http(s) address")
    service = Service(parts.netloc, f"{parts.scheme}://{parts.netloc}")
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    answer = client.get(service, path)
    if answer.status == 404:
        raise NotFound(f"{url} does not exist (404)")
    tags = citation_tags(answer.body.decode("utf-8", "replace"))
    first = {name: value for name, value in reversed(tags)}
    title = first.get("citation_title", "")
    if not title:
        raise NotFound(f"{url} does not say which paper it shows (no citation_title tag): add it by its DOI, arXiv id or title")
    venue = first.get("citation_conference_title") or first.get("citation_journal_title") or None
    date = first.get("citation_publication_date") or first.get("citation_date") or first.get("citation_online_date") or ""
    year = int(date[:4]) if date[:4].isascii() and date[:4].isdigit() else None  # '²'.isdigit() is true
    return Metadata(
        source=parts.netloc,
        title=title,
        authors=[value for name, value in tags if name == "citation_author" and value],
        year=year,
        venue=venue,
        venue_names=[value for name, value in tags if name == "citation_conference" and value],
        preprint=venue is None,
        doi=doi_of(first.get("citation_doi", "")),
        arxiv=arxiv_of(first.get("citation_arxiv_id", "")),
        abstract=first.get("citation_abstract") or None,
        url=url,
    )
