"""OpenAlex (https://docs.openalex.org/): `/works/doi:{doi}`; the abstract comes as an inverted index.

A free key is needed since February 2026; it comes from the environment or the user's config.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from ..knowledge.model import doi_of
from .http import Client, NotFound
from .metadata import Metadata, json_object, listing, malformed, mapping, one_line

# An abstract longer than this many words is no abstract: the index is refused, not expanded.
MAX_ABSTRACT_WORDS = 20_000


def by_doi(client: Client, doi: str) -> Metadata:
    answer = client.get(client.service("OpenAlex"), "/works/doi:" + urllib.parse.quote(doi, safe="/:;()"))
    if answer.status == 404:
        raise NotFound(f"OpenAlex knows no DOI {doi}")
    work = json_object("OpenAlex", answer.body, "not a work object")
    title = one_line(work.get("title")) or one_line(work.get("display_name"))
    if not title:
        raise malformed("OpenAlex", "a work without a title")
    authorships = listing(work.get("authorships"))
    authors = [
        one_line(item.get("author", {}).get("display_name"))
        for item in authorships
        if isinstance(item, dict) and isinstance(item.get("author"), dict)
    ]
    location = mapping(work.get("primary_location"))
    source = mapping(location.get("source"))
    year = work.get("publication_year")
    return Metadata(
        source="OpenAlex",
        title=title,
        authors=[name for name in authors if name],
        year=year if isinstance(year, int) else None,
        venue=one_line(source.get("display_name")) or None,
        venue_names=[one_line(name) for name in source.get("alternate_titles") or [] if one_line(name)]
        if isinstance(source.get("alternate_titles"), list) else [],
        preprint=one_line(source.get("type")) == "repository" or one_line(work.get("type")) == "preprint",
        doi=doi_of(one_line(work.get("doi"))),
        abstract=abstract_of(work.get("abstract_inverted_index")),
        url=one_line(location.get("landing_page_url")) or None,
    )


def abstract_of(index: Any) -> str | None:
    """The text of an inverted index ({"word": [0, 7], ...}); None when there is none or it does not add up."""
    if not isinstance(index, dict) or not index:
        return None
    placed: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(word, str) or not isinstance(positions, list):
            raise malformed("OpenAlex", "an abstract index that is not words and positions")
        for position in positions:
            if not isinstance(position, int) or not 0 <= position < MAX_ABSTRACT_WORDS:
                raise malformed("OpenAlex", "an abstract index with a position out of range")
            placed[position] = word
    return " ".join(" ".join(placed[position] for position in sorted(placed)).split()) or None
