"""The explorer: every paper on one page, filtered in the browser (site/explorer.py draws it).

Its token: ("explore", ""), the explorer's data and every record its list shows.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..explorer import explore_json, explore_page, explore_rest
from ..pages import DEFERRED, PlannedPage, SitePlan
from ..tracking import Dependencies, digest
from .base import PageKind, index_page


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("explore"):
        yield index_page(plan, "explore")


def render(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return explore_page(plan, page_url)


def render_deferred(plan: SitePlan, page: PlannedPage, page_url: str) -> tuple[str, str]:
    """The list of papers, the bulk of the page at 10,000 papers, stays out of what search parses."""
    return explore_page(plan, page_url, rest=DEFERRED), explore_rest(plan, page_url)


def explore_digest(plan: SitePlan, key: str, dependencies: Dependencies) -> str:
    return digest(explore_json(plan), [dependencies.digest(("paper", paper_id)) for paper_id in plan.kb.papers])


KIND = PageKind(
    "explore",
    pages=pages,
    render={"explore": render},
    deferred={"explore": render_deferred},
    digests={"explore": explore_digest},
    full_width=frozenset({"explore"}),  # the facets are its navigation: the list gets the width
)
