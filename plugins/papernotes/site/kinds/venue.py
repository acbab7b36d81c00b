"""Venues: the index of every venue ('venues') and a page per venue ('venue'), by year, over as
many pages as it takes to keep each light (keyed by slug, `slug@2` for its second page ...).

Its tokens: ("venue", slug), the venue's name, aliases and papers; ("venues", ""), every venue's
name, count and years.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...knowledge.model import Paper
from ..escaping import html_text
from ..indexes import VenueIndex
from ..pages import PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from . import paging
from .base import Heading, PageKind, ids, index_page
from .paging import Part, cut_pages, page_key, paged_title, pages_of_sections, part_src, split_page_key


def year_sections(venue: VenueIndex) -> dict[str, list[Paper]]:
    """The venue's papers by year, newest first, keyed by each year's anchor."""
    return {f"y{year or 'unknown'}": papers for year, papers in venue.by_year()}


def venue_parts(venue: VenueIndex) -> list[Part]:
    return cut_pages(year_sections(venue), paging.PAGE_PAPERS)


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("venues"):
        yield index_page(plan, "venues")
        for venue in plan.venues:
            src, title = plan.venue_src(venue) or "", html_text(venue.key)
            count = paging.page_count(venue.papers)  # as many as venue_parts makes
            for number in range(1, count + 1):
                yield PlannedPage(part_src(src, number), paged_title(title, number, count), "venue",
                                  page_key(venue.slug, number))


def render_index(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return plan.render("venues_index.html", page_url, venues=plan.venues, venue_count=plan.venue_count)


def render_venue(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    slug, number = split_page_key(page.key)
    venue = plan.venue_by_slug[slug]
    entry = plan.kb.venues.get(venue.key)
    parts = venue_parts(venue)
    src = plan.venue_src(venue) or ""
    return plan.render(
        "venue.html", page_url, venue=venue, aliases=entry.aliases if entry else [], sections=year_sections(venue),
        part=parts[number - 1], number=number, pages=[part_src(src, at) for at in range(1, len(parts) + 1)],
        page_of=pages_of_sections(parts),
    )


def year_title(anchor: str) -> str:
    return "Year unknown" if anchor == "yunknown" else anchor[1:]


def venue_toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    slug, number = split_page_key(page.key)
    part = venue_parts(plan.venue_by_slug[slug])[number - 1]
    return [(2, anchor, year_title(anchor)) for anchor, _start, _papers in part]


def venue_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    venue = plan.venue_by_slug.get(split_page_key(key)[0])
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
