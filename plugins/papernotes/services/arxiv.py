"""The arXiv API (https://info.arxiv.org/help/api/): `/query` answers with an Atom feed.

One request per three seconds (the API's terms); the Client keeps that interval.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..knowledge.model import arxiv_of, doi_of
from .http import Client, NotFound
from .metadata import Metadata, malformed, one_line

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def by_id(client: Client, arxiv_id: str) -> Metadata:
    """The paper of an arXiv id (without version); NotFound when arXiv has none."""
    answer = client.get(client.service("arXiv"), "/query", {"id_list": arxiv_id, "max_results": "1"})
    found = [entry for entry in parse_feed(answer.body) if entry.arxiv == arxiv_id] if answer.status == 200 else []
    if not found:
        raise NotFound(f"arXiv knows no paper {arxiv_id}")
    return found[0]


def by_title(client: Client, title: str) -> list[Metadata]:
    """Papers whose title has the words of `title`, best first."""
    words = " ".join(re.findall(r"\w+", title))
    if not words:
        return []
    answer = client.get(client.service("arXiv"), "/query", {"search_query": f'ti:"{words}"', "max_results": "5"})
    return parse_feed(answer.body) if answer.status == 200 else []


def parse_feed(body: bytes) -> list[Metadata]:
    """The entries of an arXiv Atom feed; an error entry (a malformed id) counts as none."""
    if b"<!DOCTYPE" in body[:2000] or b"<!ENTITY" in body:  # the feed declares none: no entity expansion
        raise malformed("arXiv", "a document type declaration")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise malformed("arXiv", f"not an Atom feed: {exc}") from None
    if root.tag != ATOM + "feed":
        raise malformed("arXiv", "not an Atom feed")
    found = []
    for entry in root.iter(ATOM + "entry"):
        entry_id = one_line(entry.findtext(ATOM + "id"))
        if "/api/errors" in entry_id:
            continue
        arxiv = arxiv_of(entry_id)
        title = one_line(entry.findtext(ATOM + "title"))
        if arxiv is None or not title:
            continue
        published = one_line(entry.findtext(ATOM + "published"))
        year = int(published[:4]) if re.match(r"^[0-9]{4}-", published) else None
        authors = [one_line(author.findtext(ATOM + "name")) for author in entry.iter(ATOM + "author")]
        doi = doi_of(one_line(entry.findtext(ARXIV + "doi")))
        found.append(
            Metadata(
                source="arXiv",
                title=title,
                authors=[name for name in authors if name],
                year=year,
                preprint=True,
                arxiv=arxiv,
                abstract=one_line(entry.findtext(ATOM + "summary")) or None,
                url=f"https://arxiv.org/abs/{arxiv}",
                published_doi=doi,
                venue_names=[one_line(entry.findtext(ARXIV + "journal_ref"))] if entry.findtext(ARXIV + "journal_ref") else [],
            )
        )
    return found
