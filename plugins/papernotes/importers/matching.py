"""Which imported entries are one paper: with a record of the knowledge base, or with each
other (an arXiv preprint and its published version among them)."""

from __future__ import annotations

import re
import unicodedata

from .imported import ImportedEntry


def normalise_url(url: str) -> str:
    """A URL reduced for comparison: scheme, www., trailing slash, fragment, arXiv variants."""
    url = url.strip()
    arxiv = re.match(
        r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$", url, re.I
    )
    if arxiv:
        return "arxiv:" + arxiv.group(1).lower()
    url = url.split("#", 1)[0]
    url = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url)
    host, _, path = url.partition("/")
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return (host + "/" + path).rstrip("/")


def normalise_title(title: str) -> str:
    """A title reduced for comparison: case, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold()))


def title_keys(title: str, short: str | None) -> set[str]:
    keys = {normalise_title(title)}
    if short and title.lower().startswith(short.lower() + ":"):
        keys.add(normalise_title(title[len(short) + 1 :]))
    return {key for key in keys if key}


def preprint_and_published(one: ImportedEntry, other: ImportedEntry) -> bool:
    """An arXiv preprint (an arXiv id, no venue) and a paper with a venue: one paper at two URLs."""
    if bool(one.venue) == bool(other.venue):
        return False
    preprint = other if one.venue else one
    return bool(preprint.ids.get("arxiv"))


def urls_disagree(first: ImportedEntry, url_key: str | None) -> bool:
    return bool(url_key and first.url and normalise_url(first.url) != url_key)


def notes_disagree(first: ImportedEntry, other: ImportedEntry) -> bool:
    """Two entries with notes of their own (`DeepID2`, `DeepID2+`) are two papers, however alike their titles."""
    return bool(first.note_link and other.note_link and first.note_link != other.note_link)


def merge_into(first: ImportedEntry, repeat: ImportedEntry) -> None:
    """A repeated entry adds what the first one lacks (tags, links, text), never replaces.

    An arXiv preprint and its published version are one paper: the published one's venue, year
    and DOI win, whichever of the two came first, and the record keeps the arXiv id of both.
    """
    if repeat.venue and not first.venue:  # `first` is the preprint: the published year is the paper's
        first.venue, first.year = repeat.venue, repeat.year or first.year
    for name, value in repeat.ids.items():
        first.ids.setdefault(name, value)
    first.authors = first.authors or list(repeat.authors)
    first.tags.extend(tag for tag in repeat.tags if tag not in first.tags)
    for key, name in repeat.tag_names.items():
        first.tag_names.setdefault(key, name)
    for kind, url in repeat.links.items():
        first.links.setdefault(kind, url)
    for name in ("url", "short", "year", "venue", "remark", "abstract", "image", "note_link", "status", "group", "read"):
        if getattr(first, name) is None and getattr(repeat, name) is not None:
            setattr(first, name, getattr(repeat, name))
    first.highlights.extend(h for h in repeat.highlights if h not in first.highlights)


