"""Venues: the index of every venue ('venues') and a page per venue ('venue'), by year.

Its tokens: ("venue", slug), the venue's name, aliases and papers; ("venues", ""), every venue's
name, count and years.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..escaping import html_text
from ..pages import PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from .base import Heading, PageKind, ids, index_page


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("venues"):
        yield index_page(plan, "venues")
        for venue in plan.venues:
            yield PlannedPage(plan.venue_src(venue) or "", html_text(venue.key), "venue", venue.slug)


def render_index(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return plan.render("venues_index.html", page_url, venues=plan.venues, venue_count=plan.venue_count)


def render_venue(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    venue = plan.venue_by_slug[page.key]
    entry = plan.kb.venues.get(venue.key)
    return plan.render("venue.html", page_url, venue=venue, aliases=entry.aliases if entry else [])


def venue_toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    venue = plan.venue_by_slug[page.key]
    return [(2, f"y{year or 'unknown'}", str(year or "Year unknown")) for year, _ in venue.by_year()]


def venue_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    venue = plan.venue_by_slug.get(key)
    if venue is None:
        return ABSENT
    entry = plan.kb.venues.get(venue.key)
    return digest(venue.key, venue.name, entry.aliases if entry else None, ids(venue.papers))


def venues_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest([(v.key, v.slug, v.name, len(v.papers), [y for y, _ in v.by_year()]) for v in plan.venues])


KIND = PageKind(
    "venue",
    pages=pages,
    render={"venues": render_index, "venue": render_venue},
    toc={"venue": venue_toc},
    digests={"venue": venue_digest, "venues": venues_digest},
    listing=frozenset({"venues", "venue"}),
    tabs={"venue": "venues"},
)
