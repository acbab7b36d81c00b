"""The reading list: the papers being read, to read, and read with notes still to write, over
as many pages as it takes to keep each light ('reading', keyed "" for the first, "2", "3" ...).

Its token: ("reading", ""), the members of each section.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...knowledge.layout import INDEX_TITLES
from ...knowledge.model import Paper
from ..pages import PlannedPage, SitePlan
from ..tracking import Dependencies, digest
from .base import Heading, PageKind, ids, index_page

# The reading list shows this many papers a page (about 0.5 MB of HTML); more go on its next pages.
READING_PAGE_PAPERS = 1000
SECTIONS = {"reading": "Reading", "to-read": "To read", "read-without-notes": "Read, notes to be written"}

Part = list[tuple[str, int, list[Paper]]]  # (section, where its papers start in the section, papers)


def reading_parts(sections: dict[str, list[Paper]], per_page: int | None = None) -> list[Part]:
    """The reading list cut into pages of at most `per_page` papers (READING_PAGE_PAPERS), in
    order. The first page names every section, an empty one or one whose papers come later too."""
    per_page = READING_PAGE_PAPERS if per_page is None else per_page
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


def part_src(index_src: str, number: int) -> str:
    """Where page `number` of the reading list lives: reading-list/2/ beside reading-list/."""
    return index_src if number == 1 else f"{index_src.rsplit('/', 1)[0]}/{number}.md"


def pages_of_sections(parts: list[Part]) -> dict[str, list[int]]:
    """The pages each section is on, by number (the first page names every section)."""
    pages: dict[str, list[int]] = {}
    for number, part in enumerate(parts, 1):
        for section, _start, papers in part:
            if papers or number == 1:
                pages.setdefault(section, []).append(number)
    return pages


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("reading"):
        first = index_page(plan, "reading")
        yield first
        count = len(reading_parts(plan.reading))
        for number in range(2, count + 1):
            title = f"{INDEX_TITLES['reading']} ({number} of {count})"
            yield PlannedPage(part_src(first.src_uri, number), title, "reading", str(number))


def render(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    parts = reading_parts(plan.reading)
    number = int(page.key or 1)
    index_src = plan.index_src("reading") or ""
    return plan.render(
        "reading_list.html", page_url, sections=plan.reading, part=parts[number - 1], number=number,
        pages=[part_src(index_src, at) for at in range(1, len(parts) + 1)], page_of=pages_of_sections(parts),
        section_titles=SECTIONS,
    )


def toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    part = reading_parts(plan.reading)[int(page.key or 1) - 1]
    return [(2, section, SECTIONS[section]) for section, _start, _papers in part]


def reading_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest({section: ids(papers) for section, papers in plan.reading.items()})


KIND = PageKind(
    "reading",
    pages=pages,
    render={"reading": render},
    toc={"reading": toc},
    digests={"reading": reading_digest},
    listing=frozenset({"reading"}),
    tabs={"reading": "reading"},
)
