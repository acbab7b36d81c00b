"""Long lists of papers over several pages: each page holds at most PAGE_PAPERS papers, so it
opens at once, and find-in-page and printing work on what the reader opened.

A list is cut by its sections (a venue's years, the reading list's statuses); the first page
names every section, so its table of contents reaches each, and a section named there whose
papers come later links the page they are on. Page 1 keeps the list's own address; page n is
`<page>/page-n/` below it (not `<page>/n/`, where a sub-topic named `n` has its page), keyed
`<key>@n` (no slug, tag key or year holds an `@`).
"""

from __future__ import annotations

import posixpath
from typing import Any

from ...knowledge.layout import FOLDER_PAGE_NAMES
from ...knowledge.model import Paper

# About 0.5-0.7 MB of HTML a page: a venue of 5,000 papers was 4 MB on one page.
PAGE_PAPERS = 1000

Part = list[tuple[str, int, list[Paper]]]  # (section, where its papers start in the section, papers)


def cut_pages(sections: dict[str, list[Paper]], per_page: int) -> list[Part]:
    """The sections cut into pages of at most `per_page` papers, in order. The first page names
    every section, an empty one or one whose papers come later too."""
    parts: list[Part] = [[]]
    room = per_page
    for section, papers in sections.items():
        start = 0
        if not papers or room == 0 or len(parts) > 1:
            parts[0].append((section, 0, []))  # named on the first page, its papers (if any) on the next
        while start < len(papers):
            if room == 0:
                parts.append([])
                room = per_page
            taken = papers[start : start + room]
            parts[-1].append((section, start, taken))
            start += len(taken)
            room -= len(taken)
    return parts


def part_src(first_src: str, number: int) -> str:
    """Where page `number` of a list lives: reading-list/page-2.md beside reading-list/index.md,
    venues/cvpr/page-2.md below venues/cvpr.md."""
    if number == 1:
        return first_src
    stem = posixpath.splitext(first_src)[0]
    folder, name = posixpath.split(stem)
    return f"{folder if name in FOLDER_PAGE_NAMES else stem}/page-{number}.md"


def pages_of_sections(parts: list[Part]) -> dict[str, list[int]]:
    """The pages each section is on, by number (the first page names every section)."""
    pages: dict[str, list[int]] = {}
    for number, part in enumerate(parts, 1):
        for section, _start, papers in part:
            if papers or number == 1:
                pages.setdefault(section, []).append(number)
    return pages


def page_key(key: str, number: int) -> str:
    """The key of page `number` of the list keyed `key`."""
    return key if number == 1 else f"{key}@{number}"


def split_page_key(key: str) -> tuple[str, int]:
    """(the list's key, the page's number) of a page's key."""
    base, at, number = key.rpartition("@")
    return (base, int(number)) if at and number.isdigit() else (key, 1)


def paged_title(title: str, number: int, count: int) -> str:
    """The title of page `number` of `count`: the list's own for the first."""
    return title if number == 1 else f"{title} ({number} of {count})"


def page_count(papers: list[Paper]) -> int:
    """The pages a list of one section takes (one for an empty list)."""
    return -(-len(papers) // PAGE_PAPERS) or 1


def paged_list(papers: list[Paper], number: int, first_src: str) -> dict[str, Any]:
    """What `_paged.html` shows of page `number` of a list of one section ("papers")."""
    parts = cut_pages({"papers": papers}, PAGE_PAPERS)
    return {
        "sections": {"papers": papers}, "part": parts[number - 1], "number": number,
        "pages": [part_src(first_src, at) for at in range(1, len(parts) + 1)], "page_of": pages_of_sections(parts),
    }
