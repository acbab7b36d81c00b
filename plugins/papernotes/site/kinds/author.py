"""A page per author of two or more papers of the library, linked from the authors line of each
of their papers' pages, over as many pages as it takes to keep each light (`slug@2` for its second ...).

Its token: ("author", slug), the author's name and papers; each paper's record as it is listed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..escaping import html_text
from ..pages import PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from . import paging
from .base import PageKind, ids
from .paging import page_key, paged_list, paged_title, part_src, split_page_key


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    for author in plan.authors.values():
        src, title = plan.layout.author_src(author.slug) or "", html_text(author.name)
        count = paging.page_count(author.papers)
        for number in range(1, count + 1):
            yield PlannedPage(part_src(src, number), paged_title(title, number, count), "author",
                              page_key(author.slug, number))


def render(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    slug, number = split_page_key(page.key)
    author = plan.author_by_slug[slug]
    src = plan.layout.author_src(slug) or ""
    return plan.render("author.html", page_url, author=author, **paged_list(author.papers, number, src))


def author_digest(plan: SitePlan, token_key: str, _dependencies: Dependencies) -> str:
    author = plan.author_by_slug.get(split_page_key(token_key)[0])
    return ABSENT if author is None else digest(author.name, ids(author.papers))


KIND = PageKind("author", pages=pages, render={"author": render}, digests={"author": author_digest},
                listing=frozenset({"author"}))
