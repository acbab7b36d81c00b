"""The stats page: the reading stats drawn as charts (site/stats_page.py draws them).

Its token: ("stats", ""), the figures of the whole base and the week and venue pages its charts link.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..pages import PlannedPage, SitePlan
from ..stats_page import stats_page
from ..tracking import Dependencies, digest
from .base import PageKind, index_page


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("stats"):
        yield index_page(plan, "stats")


def render(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return stats_page(plan, page_url)


def stats_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    stats = plan.stats  # its figures, the pages its marks link to, the names of its most read tags
    return digest(
        repr(stats), [w.slug for w in plan.weeks], [(v.key, v.slug) for v in plan.venues],
        [plan.tag_label(tag) for tag, _ in stats.top_tags],
    )


KIND = PageKind(
    "stats",
    pages=pages,
    render={"stats": render},
    digests={"stats": stats_digest},
    listing=frozenset({"stats"}),
)
