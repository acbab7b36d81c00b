"""The home page's summary: what the knowledge base holds and the latest papers read.

It declares no token: its counts and its latest-read list change with most edits of papers.yaml,
so it uses `EVERYTHING`.
"""

from __future__ import annotations

import heapq

from ..feed import FEED_URI
from ..pages import SitePlan
from ..tracking import EVERYTHING
from .base import PageKind

LATEST_READ = 5  # papers the home page lists under "Latest read"


def summary(plan: SitePlan, page_url: str) -> str:
    """What the knowledge base holds, for the home page."""
    plan.tracker.uses(*EVERYTHING)
    return counts(plan, page_url) + latest_read(plan, page_url)


def counts(plan: SitePlan, page_url: str) -> str:
    papers = plan.kb.papers.values()
    return plan.render(
        "summary.html",
        page_url,
        paper_count=len(plan.kb.papers),
        read_count=sum(1 for p in papers if p.reading_status == "read"),
        note_count=len(plan.kb.note_of_paper),
        week_count=len(plan.weeks),
        tag_count=len(plan.tags),
        venue_count=plan.venue_count,
        year_count=len(plan.years),
        to_read_count=len(plan.reading["to-read"]),
        reading_count=len(plan.reading["reading"]),
        latest=plan.weeks[0] if plan.weeks else None,
    )


def latest_read(plan: SitePlan, page_url: str, count: int = LATEST_READ) -> str:
    """The most recently read papers, newest first."""
    read = [p for p in plan.kb.papers.values() if p.read is not None and p.reading_status == "read"]
    latest = heapq.nsmallest(count, read, key=lambda p: (-p.read.toordinal() if p.read else 0, p.title.lower()))
    feed_src = FEED_URI if plan.options.feed else None
    return plan.render("latest_read.html", page_url, papers=latest, feed_src=feed_src)


KIND = PageKind("home")
