"""The stats page: the reading stats (site/stats.py) drawn as charts (site/charts.py) whose bars
and cells link to the week, tag, venue and year pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..knowledge.problems import counted
from .charts import Chart, Item, calendar, columns, rows
from .indexes import monday_of
from .pages import SitePlan
from .stats import ReadingStats
from .urls import relative_url

STYLE_URI = "assets/papernotes/stats.css"
CALENDAR_YEARS = 5  # a calendar for each of the latest years with reads: 365 cells each


def stats_charts(plan: SitePlan, stats: ReadingStats) -> dict[str, Any]:
    """The charts of the page, by name (a list of calendars, one per year read)."""
    week_pages = {week.monday: plan.week_src(week) for week in plan.weeks}
    venue_pages = {venue.key: plan.venue_src(venue) for venue in plan.venues}
    goal = stats.goal

    def week_item(tally: Any) -> Item:
        level = "" if tally.met is None else ("met" if tally.met else "missed")
        of_goal = f" of {goal}" if goal else ""
        title = f"Week {tally.number} ({tally.monday.isoformat()}): {tally.read}{of_goal} read"
        return Item(f"W{tally.number}", title, tally.read, week_pages.get(tally.monday), level)

    weeks_shown = latest(len(stats.weeks), stats.week_count, "week")
    weekly = columns(
        "chart-weeks", "Papers read per week" + (f" against the goal of {goal}" if goal else "") + weeks_shown,
        [week_item(tally) for tally in stats.weeks], goal, f"goal {goal}" if goal else "",
    )
    monthly = columns(
        "chart-months", "Papers read per month" + latest(len(stats.months), stats.month_count, "month"),
        [Item(f"{month:%b %y}", f"{month:%B %Y}: {count} read", count) for month, count in stats.months],
    )
    yearly = columns(
        "chart-years-read", "Papers read per year" + latest(len(stats.years_read), stats.year_count, "year"),
        [Item(str(year), f"{year}: {count} read", count) for year, count in stats.years_read],
    )
    backlog = columns(
        "chart-backlog", "Papers not read yet at the end of each week" + weeks_shown,
        [
            Item(f"W{tally.number}", f"End of week {tally.number} ({tally.sunday.isoformat()}): {count} not read yet", count,
                 week_pages.get(tally.monday))
            for tally, (_, count) in zip(stats.weeks, stats.backlog, strict=True)
        ],
    )
    def day_week(day: dt.date) -> str | None:
        return week_pages.get(monday_of(day))

    years_with_days = sorted({day.year for day in stats.days}, reverse=True)[:CALENDAR_YEARS]
    calendars: list[Chart] = [calendar(f"chart-calendar-{year}", year, stats.days, day_week) for year in years_with_days]
    return {
        "weekly": weekly, "monthly": monthly, "yearly": yearly, "backlog": backlog,
        **read_charts(plan, stats, venue_pages), "calendars": calendars,
    }


def read_charts(plan: SitePlan, stats: ReadingStats, venue_pages: dict[str, str | None]) -> dict[str, Chart]:
    """The topics, venues and publication years of the papers read, most first."""
    tags = rows(
        "chart-tags", "Topics of the papers read",
        [
            Item(label, f"{named}: {counted(count, 'paper')} read", count, plan.tag_src(tag))
            for tag, count in stats.top_tags
            for label in [plan.tag_label(tag)]
            for named in [label if label == tag else f"{label} ({tag})"]  # the key too, for an author
        ],
        "topic",
    )
    venues = rows(
        "chart-venues", "Venues of the papers read",
        [Item(name, f"{name}: {counted(count, 'paper')} read", count, venue_pages.get(name)) for name, count in stats.top_venues],
        "venue",
    )
    years = rows(
        "chart-years", "Publication years of the papers read",
        [
            Item(str(year), f"{year}: {counted(count, 'paper')} read", count, plan.year_src(year))
            for year, count in stats.top_years
        ],
        "year",
    )
    return {"tags": tags, "venues": venues, "years": years}


def latest(shown: int, count: int, unit: str) -> str:
    """How much of the log a time chart draws, when not all of it: ', the latest 104 of 350 weeks'."""
    return f", the latest {shown} of {count:,} {unit}s" if shown < count else ""


def stats_page(plan: SitePlan, page_url: str) -> str:
    stats = plan.stats
    charts: dict[str, Any] = {}
    for name, drawn in stats_charts(plan, stats).items():
        if isinstance(drawn, list):
            charts[name] = [plan.kept_macro("_charts.html", "chart", page_url, chart) for chart in drawn]
        else:
            charts[name] = plan.kept_macro("_charts.html", "chart", page_url, drawn)
    older_years = len({day.year for day in stats.days}) > CALENDAR_YEARS  # years with reads and no calendar
    return plan.render(
        "stats.html", page_url, stats=stats, charts=charts, older_years=older_years, style_src=relative_url(STYLE_URI, page_url)
    )
