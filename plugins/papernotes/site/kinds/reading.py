"""The reading list: the papers being read, to read, and read with notes still to write.

Its token: ("reading", ""), the members of each section.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..pages import PlannedPage, SitePlan
from ..tracking import Dependencies, digest
from .base import Heading, PageKind, ids, index_page


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("reading"):
        yield index_page(plan, "reading")


def render(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return plan.render("reading_list.html", page_url, sections=plan.reading)


def toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    return [(2, "reading", "Reading"), (2, "to-read", "To read"), (2, "read-without-notes", "Read, notes to be written")]


def reading_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest({section: ids(papers) for section, papers in plan.reading.items()})


KIND = PageKind(
    "reading",
    pages=pages,
    render={"reading": render},
    toc={"reading": toc},
    digests={"reading": reading_digest},
    listing=frozenset({"reading"}),
)
