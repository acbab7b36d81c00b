"""The reading log: its one page of every week ('weeks') and a page per week ('week').

Its tokens: ("week", slug), the week's label, papers and neighbours; ("weeks", ""), every week's
label and counts.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..escaping import html_text
from ..pages import PlannedPage, SitePlan, week_anchor
from ..tracking import ABSENT, Dependencies, digest
from .base import Heading, PageKind, ids, index_page


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("weeks"):
        yield index_page(plan, "weeks")
        for week in plan.weeks:
            yield PlannedPage(plan.week_src(week) or "", html_text(week.label), "week", week.slug)


def render_index(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    read_count = sum(w.read_count for w in plan.weeks)
    return plan.render("weeks_index.html", page_url, weeks=plan.weeks, read_count=read_count)


def render_week(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    at = plan.week_at[page.key]
    newer = plan.weeks[at - 1] if at > 0 else None
    older = plan.weeks[at + 1] if at + 1 < len(plan.weeks) else None
    return plan.render("week.html", page_url, week=plan.weeks[at], newer=newer, older=older)


def index_toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    return [(2, week_anchor(week), week.label) for week in plan.weeks]


def week_toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    week = plan.weeks[plan.week_at[page.key]]
    if not week.grouped:  # no group headings on the page
        return []
    return [(2, f"group-{at}", group) for at, (group, _) in enumerate(week.groups(), 1)]


def week_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    at = plan.week_at.get(key)
    if at is None:
        return ABSENT
    around = [plan.weeks[i] for i in (at - 1, at + 1) if 0 <= i < len(plan.weeks)]
    week = plan.weeks[at]
    return digest(week.label, ids(week.papers), [(w.slug, w.number) for w in around], at == 0)


def weeks_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest([(w.slug, w.label, len(w.papers), w.read_count) for w in plan.weeks])


KIND = PageKind(
    "week",
    pages=pages,
    render={"weeks": render_index, "week": render_week},
    toc={"weeks": index_toc, "week": week_toc},
    digests={"week": week_digest, "weeks": weeks_digest},
    listing=frozenset({"weeks", "week"}),
    tabs={"week": "weeks"},
)
