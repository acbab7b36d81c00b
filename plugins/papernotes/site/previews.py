"""The preview cards of links to paper pages: what each card shows, written at build time as a few
small JSON files the script (assets/preview.js) fetches on the first hover or keyboard focus.

A card is found by the paper page's URL relative to the site root, the key the script computes
from any link's href, so `[[id]]` links, list entries, the explorer's rows and search results all
get one without markup of their own. The cards are split into shards by a hash of that key, so a
hover at 10,000 papers fetches about SHARD_SIZE cards, not all of them::

    assets/papernotes/previews/index.json   {"format": 1, "shards": N, "version": "..."}
    assets/papernotes/previews/<k>.json     {"format": 1, "cards": {url: card, ...}}

A card: {"title", "short", "authors", "more_authors", "venue", "year", "status", "rating",
"remark", "abstract"}, plain text (the script sets it as text), keys left out when empty.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from ..knowledge.model import Paper
from .labels import STATUS_LABELS
from .pages import SitePlan
from .urls import url_of

FORMAT = 1
FOLDER = "assets/papernotes/previews"
INDEX_URI = f"{FOLDER}/index.json"
SCRIPT_URI = "assets/papernotes/preview.js"
SHARD_SIZE = 100  # cards per shard: about 50 KB when every paper has an abstract, one fetch on a first hover
AUTHORS_SHOWN = 3
ABSTRACT_CHARS = 280  # the first lines of the abstract, about four lines of the card


def shard_of(key: str, shards: int) -> int:
    """FNV-1a (32 bits) of the key's UTF-8 bytes, modulo `shards`: preview.js computes the same."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % shards


def first_lines(text: str, limit: int = ABSTRACT_CHARS) -> str:
    """The text with its spacing made single, cut at the last space before `limit` with an ellipsis."""
    flat = " ".join(text[: limit * 4].split())  # a bounded slice: one pass, whatever the abstract's length
    if len(flat) <= limit and len(text) <= limit * 4:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def card(paper: Paper) -> dict[str, Any]:
    """What the card of a paper shows, plain text; empty fields left out."""
    shown: dict[str, Any] = {
        "title": paper.title,
        "short": paper.short if paper.short and paper.short != paper.title else None,
        "authors": paper.authors[:AUTHORS_SHOWN] or None,
        "more_authors": max(0, len(paper.authors) - AUTHORS_SHOWN) or None,
        "venue": " ".join(part for part in (paper.venue, paper.venue_qualifier) if part) or None,
        "year": paper.year,
        "status": STATUS_LABELS[paper.reading_status],
        "rating": paper.rating,
        "remark": paper.remark,
        "abstract": first_lines(paper.abstract) if paper.abstract else None,
    }
    return {key: value for key, value in shown.items() if value is not None}


def preview_files(plan: SitePlan) -> dict[str, str]:
    """The index and shard files, by site-relative URI; the same text for the same records."""
    use_dirs = plan.options.use_directory_urls
    shards = max(1, math.ceil(len(plan.kb.papers) / SHARD_SIZE))
    cards: list[dict[str, Any]] = [{} for _ in range(shards)]
    for paper in plan.kb.papers.values():
        key = url_of(plan.paper_src(paper.id), use_dirs)
        cards[shard_of(key, shards)][key] = card(paper)
    files = {
        f"{FOLDER}/{at}.json": json.dumps({"format": FORMAT, "cards": shard}, ensure_ascii=False, separators=(",", ":"),
                                          sort_keys=True)
        for at, shard in enumerate(cards)
    }
    version = hashlib.sha256("".join(files.values()).encode("utf-8")).hexdigest()[:12]
    files[INDEX_URI] = json.dumps({"format": FORMAT, "shards": shards, "version": version}, separators=(",", ":"))
    return files
