"""Reading stats over a validated knowledge base: papers read per week, day, month and year,
streaks of weeks that met the goal, the most read topics, venues and years, and the backlog.

Plain functions over `KnowledgeBase`, one pass over the papers each; nothing here knows MkDocs
or HTML (site/charts.py draws them). "Read" means what the reading log counts: a paper whose
status is read, placed in time by its `read` date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..knowledge.knowledge_base import KnowledgeBase
from ..knowledge.model import Paper
from .indexes import monday_of

TOP = 10  # entries of each "most read" list
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class WeekTally:
    """One week of the log, read papers counted; a week without papers is a week too."""

    monday: dt.date
    number: int  # as the reading log numbers it
    read: int  # papers of the week that are read
    logged: int  # papers with a read date in the week, read or still being read
    met: bool | None  # read at least the goal; None without a goal

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


@dataclass
class ReadingStats:
    goal: int | None
    weeks: list[WeekTally] = field(default_factory=list)  # oldest first, first to latest logged week
    current_streak: int = 0  # weeks in a row that met the goal, up to the latest logged week
    longest_streak: int = 0
    days: dict[dt.date, int] = field(default_factory=dict)  # read date -> papers read that day
    months: list[tuple[dt.date, int]] = field(default_factory=list)  # first day of month -> read; gaps as 0
    years_read: list[tuple[int, int]] = field(default_factory=list)  # year read -> read; gaps as 0
    top_tags: list[tuple[str, int]] = field(default_factory=list)  # read papers tagged so (the tag itself)
    top_venues: list[tuple[str, int]] = field(default_factory=list)
    top_years: list[tuple[int, int]] = field(default_factory=list)  # publication year -> read papers
    backlog: list[tuple[dt.date, int]] = field(default_factory=list)  # monday -> not read by that Sunday
    read_total: int = 0
    read_undated: int = 0  # read papers without a read date: in the totals, not in time
    unread: int = 0  # to read or being read today

    @property
    def goal_weeks(self) -> int:
        return sum(1 for week in self.weeks if week.met)


def is_read(paper: Paper) -> bool:
    return paper.reading_status == "read"


def week_numbering(papers: list[Paper], week_start: dt.date | None) -> tuple[dt.date, int] | None:
    """(origin Monday, its number) as weeks_of numbers the reading log; None without read dates."""
    mondays = [monday_of(paper.read) for paper in papers if paper.read is not None]
    if not mondays:
        return None
    return (monday_of(week_start), 0) if week_start else (min(mondays), 1)


def streaks(met: list[bool]) -> tuple[int, int]:
    """(current, longest) runs of True; current is the run that ends the list."""
    current = longest = 0
    for value in met:
        current = current + 1 if value else 0
        longest = max(longest, current)
    return current, longest


def reading_stats(kb: KnowledgeBase, goal: int | None, week_start: dt.date | None) -> ReadingStats:
    papers = list(kb.papers.values())
    stats = ReadingStats(goal if goal and goal > 0 else None)
    read_by_week: Counter[dt.date] = Counter()
    logged_by_week: Counter[dt.date] = Counter()
    days: Counter[dt.date] = Counter()
    tags: Counter[str] = Counter()
    venues: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for paper in papers:
        if paper.read is not None:
            logged_by_week[monday_of(paper.read)] += 1
        if not is_read(paper):
            stats.unread += 1
            continue
        stats.read_total += 1
        for tag in dict.fromkeys(paper.tags):
            tags[tag] += 1
        if paper.venue:
            venues[paper.venue] += 1
        if paper.year is not None:
            years[paper.year] += 1
        if paper.read is None:
            stats.read_undated += 1
            continue
        read_by_week[monday_of(paper.read)] += 1
        days[paper.read] += 1
    stats.days = dict(sorted(days.items()))
    by_count = lambda item: (-item[1], str(item[0]).lower())  # noqa: E731  # most first, then by name
    stats.top_tags = sorted(tags.items(), key=by_count)[:TOP]
    stats.top_venues = sorted(venues.items(), key=by_count)[:TOP]
    stats.top_years = sorted(years.items(), key=by_count)[:TOP]
    numbering = week_numbering(papers, week_start)
    if numbering is None:
        return stats
    origin, origin_number = numbering
    first, last = min(logged_by_week), max(logged_by_week)
    monday = first
    while monday <= last:
        read = read_by_week.get(monday, 0)
        met = read >= stats.goal if stats.goal else None
        number = (monday - origin).days // 7 + origin_number
        stats.weeks.append(WeekTally(monday, number, read, logged_by_week.get(monday, 0), met))
        monday += WEEK
    if stats.goal:
        stats.current_streak, stats.longest_streak = streaks([bool(week.met) for week in stats.weeks])
    stats.months = _months(days)
    stats.years_read = _years(days)
    stats.backlog = _backlog(papers, stats.weeks)
    return stats


def _months(days: Counter[dt.date]) -> list[tuple[dt.date, int]]:
    if not days:
        return []
    per_month: Counter[dt.date] = Counter()
    for day, count in days.items():
        per_month[day.replace(day=1)] += count
    month, last = min(per_month), max(per_month)
    months = []
    while month <= last:
        months.append((month, per_month.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _years(days: Counter[dt.date]) -> list[tuple[int, int]]:
    if not days:
        return []
    per_year: Counter[int] = Counter()
    for day, count in days.items():
        per_year[day.year] += count
    return [(year, per_year.get(year, 0)) for year in range(min(per_year), max(per_year) + 1)]


def _backlog(papers: list[Paper], weeks: list[WeekTally]) -> list[tuple[dt.date, int]]:
    """Papers of today's knowledge base not read by the end of each week.

    Records carry no date of when they were added, so every paper counts from the start: one
    read in a later week, or not read yet, is in the backlog of a week; one read without a
    read date is taken as read before the log began.
    """
    unread_now = sum(1 for paper in papers if not is_read(paper))
    read_after: Counter[dt.date] = Counter()  # the Monday of the week a paper left the backlog
    for paper in papers:
        if is_read(paper) and paper.read is not None:
            read_after[monday_of(paper.read)] += 1
    backlog = []
    still = unread_now + sum(read_after.values())
    for week in weeks:
        still -= read_after.get(week.monday, 0)
        backlog.append((week.monday, still))
    return backlog
