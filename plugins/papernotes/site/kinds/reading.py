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
from .paging import PAGE_PAPERS, Part, cut_pages, paged_title, pages_of_sections, part_src

# The reading list shows this many papers a page; more go on its next pages.
READING_PAGE_PAPERS = PAGE_PAPERS
SECTIONS = {"reading": "Reading", "to-read": "To read", "read-without-notes": "Read, notes to be written"}


def reading_parts(sections: dict[str, list[Paper]], per_page: int | None = None) -> list[Part]:
    """The reading list cut into pages of at most `per_page` papers (READING_PAGE_PAPERS)."""
    return cut_pages(sections, READING_PAGE_PAPERS if per_page is None else per_page)


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("reading"):
        first = index_page(plan, "reading")
        yield first
        count = len(reading_parts(plan.reading))
        for number in range(2, count + 1):
            title = paged_title(INDEX_TITLES["reading"], number, count)
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
