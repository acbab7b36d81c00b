"""The explorer: every paper in one page, filtered in the browser by tag, venue, year, status and week."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site import SitePlan


def explore_assets(plan: SitePlan) -> dict[str, str | bytes]:
    """Files the explorer page loads, by site-relative URI."""
    return {}


def explore_page(plan: SitePlan, page_url: str) -> str:
    """HTML body of the explorer page."""
    papers = sorted(plan.kb.papers.values(), key=lambda p: p.title.lower())
    return plan.render("explore.html", page_url, papers=papers)
