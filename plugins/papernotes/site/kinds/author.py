"""A page per author of two or more papers of the library, linked from the authors line of each
of their papers' pages.

Its token: ("author", slug), the author's name and papers; each paper's record as it is listed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..escaping import html_text
from ..pages import PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from .base import PageKind, ids


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    for author in plan.authors.values():
        yield PlannedPage(plan.layout.author_src(author.slug) or "", html_text(author.name), "author", author.slug)


def render(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return plan.render("author.html", page_url, author=plan.author_by_slug[page.key])


def author_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    author = plan.author_by_slug.get(key)
    return ABSENT if author is None else digest(author.name, ids(author.papers))


KIND = PageKind("author", pages=pages, render={"author": render}, digests={"author": author_digest},
                listing=frozenset({"author"}))
