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
# The time charts draw the latest stretch of the log, gaps as zero, so the page's size does not
# grow with the span of the dates (a slip such as 1020 for 2020 would draw a thousand years).
WEEKS_SHOWN = 104
MONTHS_SHOWN = 120
YEARS_SHOWN = 100


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
    # oldest first, the latest WEEKS_SHOWN weeks up to the latest logged week; gaps as 0
    weeks: list[WeekTally] = field(default_factory=list)
    week_count: int = 0  # weeks from the first logged week to the latest
    goal_weeks: int = 0  # of them, the weeks that met the goal
    current_streak: int = 0  # weeks in a row that met the goal, up to the latest logged week
    longest_streak: int = 0
    days: dict[dt.date, int] = field(default_factory=dict)  # read date -> papers read that day
    # first day of month -> read, the latest MONTHS_SHOWN months up to the latest read; gaps as 0
    months: list[tuple[dt.date, int]] = field(default_factory=list)
    month_count: int = 0  # months from the first read to the latest
    years_read: list[tuple[int, int]] = field(default_factory=list)  # year read -> read, the latest YEARS_SHOWN; gaps as 0
    year_count: int = 0  # years from the first read to the latest
    top_tags: list[tuple[str, int]] = field(default_factory=list)  # read papers tagged so (the tag itself)
    top_venues: list[tuple[str, int]] = field(default_factory=list)
    top_years: list[tuple[int, int]] = field(default_factory=list)  # publication year -> read papers
    backlog: list[tuple[dt.date, int]] = field(default_factory=list)  # monday -> not read by that Sunday
    read_total: int = 0
    read_undated: int = 0  # read papers without a read date: in the totals, not in time
    unread: int = 0  # to read or being read today


def is_read(paper: Paper) -> bool:
    return paper.reading_status == "read"


def week_numbering(papers: list[Paper], week_start: dt.date | None) -> tuple[dt.date, int] | None:
    """(origin Monday, its number) as weeks_of numbers the reading log; None without read dates."""
    mondays = [monday_of(paper.read) for paper in papers if paper.read is not None]
    if not mondays:
        return None
    return (monday_of(week_start), 0) if week_start else (min(mondays), 1)


def streaks(met: list[dt.date], latest: dt.date) -> tuple[int, int]:
    """(current, longest) runs of weeks in a row, given the Mondays of the weeks that met the goal
    (in order); the current run is the one that ends with the week of Monday `latest`."""
    current = longest = 0
    previous: dt.date | None = None
    for monday in met:
        current = current + 1 if previous is not None and monday - previous == WEEK else 1
        longest = max(longest, current)
        previous = monday
    return (current if previous == latest else 0), longest


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
    # the most read years, shown in the order of years, newest first: a reader looks a year up
    stats.top_years = sorted(sorted(years.items(), key=by_count)[:TOP], reverse=True)
    numbering = week_numbering(papers, week_start)
    if numbering is None:
        return stats
    origin, origin_number = numbering
    first, last = min(logged_by_week), max(logged_by_week)
    stats.week_count = (last - first).days // 7 + 1
    monday = max(first, last - (WEEKS_SHOWN - 1) * WEEK)
    while monday <= last:
        read = read_by_week.get(monday, 0)
        met = read >= stats.goal if stats.goal else None
        number = (monday - origin).days // 7 + origin_number
        stats.weeks.append(WeekTally(monday, number, read, logged_by_week.get(monday, 0), met))
        monday += WEEK
    if stats.goal:
        met_weeks = sorted(week for week, read in read_by_week.items() if read >= stats.goal)
        stats.goal_weeks = len(met_weeks)
        stats.current_streak, stats.longest_streak = streaks(met_weeks, last)
    stats.months, stats.month_count = _months(days)
    stats.years_read, stats.year_count = _years(days)
    stats.backlog = _backlog(papers, stats.weeks)
    return stats


def _months(days: Counter[dt.date]) -> tuple[list[tuple[dt.date, int]], int]:
    """The latest MONTHS_SHOWN months up to the latest read, and the months from the first read on."""
    if not days:
        return [], 0
    per_month: Counter[dt.date] = Counter()
    for day, count in days.items():
        per_month[day.replace(day=1)] += count
    first, last = min(per_month), max(per_month)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    index = last.year * 12 + last.month - 1 - min(count, MONTHS_SHOWN) + 1  # months since year 0
    months = []
    for _ in range(min(count, MONTHS_SHOWN)):
        month = dt.date(index // 12, index % 12 + 1, 1)
        months.append((month, per_month.get(month, 0)))
        index += 1
    return months, count


def _years(days: Counter[dt.date]) -> tuple[list[tuple[int, int]], int]:
    """The latest YEARS_SHOWN years up to the latest read, and the years from the first read on."""
    if not days:
        return [], 0
    per_year: Counter[int] = Counter()
    for day, count in days.items():
        per_year[day.year] += count
    first, last = min(per_year), max(per_year)
    shown = range(max(first, last - YEARS_SHOWN + 1), last + 1)
    return [(year, per_year.get(year, 0)) for year in shown], last - first + 1


def _backlog(papers: list[Paper], weeks: list[WeekTally]) -> list[tuple[dt.date, int]]:
    """Papers of today's knowledge base not read by the end of each of `weeks`.

    Records carry no date of when they were added, so every paper counts from the start: one
    read in a later week, or not read yet, is in the backlog of a week; one read without a
    read date is taken as read before the log began.
    """
    if not weeks:
        return []
    unread_now = sum(1 for paper in papers if not is_read(paper))
    read_after: Counter[dt.date] = Counter()  # the Monday of the week a paper left the backlog
    still = unread_now
    for paper in papers:
        if is_read(paper) and paper.read is not None:
            monday = monday_of(paper.read)
            if monday >= weeks[0].monday:  # read before the weeks shown: out of the backlog already
                read_after[monday] += 1
                still += 1
    backlog = []
    for week in weeks:
        still -= read_after.get(week.monday, 0)
        backlog.append((week.monday, still))
    return backlog
