"""The reading log: its one page of every week ('weeks') and a page per week ('week').

Its tokens: ("week", slug), the week's label, papers and neighbours; ("weeks", ""), every week's
label and counts.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..escaping import html_text
from ..indexes import Week
from ..pages import PlannedPage, SitePlan, week_anchor
from ..tracking import ABSENT, Dependencies, digest
from .base import Heading, PageKind, ids, index_page

# The reading log unfolds its newest weeks up to this many papers (about 0.8 MB of HTML); the
# weeks before are listed by year as links to their own pages, so the page stays light.
LOG_PAPERS = 1000
# Weeks listed one by one before the unfolded ones (about 110 KB of HTML): 50,000 papers over
# 4,000 weeks made the log 1.3 MB; years further back are a line each.
LISTED_WEEKS = 1000


def unfolded_weeks(weeks: list[Week], budget: int | None = None) -> tuple[list[Week], list[tuple[int, list[Week]]]]:
    """The weeks the reading log shows with their papers, newest first while they hold at most
    `budget` papers together (LOG_PAPERS; the newest week always), and the others by year, newest first."""
    budget = LOG_PAPERS if budget is None else budget
    shown = 0
    unfolded: list[Week] = []
    for week in weeks:
        if unfolded and shown + len(week.papers) > budget:
            break
        unfolded.append(week)
        shown += len(week.papers)
    earlier: dict[int, list[Week]] = {}
    for week in weeks[len(unfolded):]:
        earlier.setdefault(week.monday.year, []).append(week)
    return unfolded, list(earlier.items())


def listed_years(earlier: list[tuple[int, list[Week]]], limit: int | None = None) -> set[int]:
    """The years before the unfolded weeks whose weeks the reading log lists one by one, newest
    first while they hold at most `limit` weeks together (LISTED_WEEKS; the newest year always).
    Each year before is one line linking its first and last week, whose pages link the weeks between."""
    limit = LISTED_WEEKS if limit is None else limit
    listed: set[int] = set()
    count = 0
    for year, weeks in earlier:
        if listed and count + len(weeks) > limit:
            break
        listed.add(year)
        count += len(weeks)
    return listed


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("weeks"):
        yield index_page(plan, "weeks")
        for week in plan.weeks:
            yield PlannedPage(plan.week_src(week) or "", html_text(week.label), "week", week.slug)


def render_index(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    read_count = sum(w.read_count for w in plan.weeks)
    unfolded, earlier = unfolded_weeks(plan.weeks)
    return plan.render(
        "weeks_index.html", page_url, weeks=plan.weeks, unfolded=unfolded, earlier=earlier, read_count=read_count,
        listed=listed_years(earlier),
    )


def render_week(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    at = plan.week_at[page.key]
    newer = plan.weeks[at - 1] if at > 0 else None
    older = plan.weeks[at + 1] if at + 1 < len(plan.weeks) else None
    return plan.render("week.html", page_url, week=plan.weeks[at], newer=newer, older=older)


def index_toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    unfolded, earlier = unfolded_weeks(plan.weeks)
    return [(2, week_anchor(week), week.label) for week in unfolded] + [
        (2, f"log-{year}", str(year)) for year, _weeks in earlier
    ]


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
