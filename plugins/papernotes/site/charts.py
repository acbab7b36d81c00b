"""The geometry of the stats page's SVG charts, computed at build time.

Each chart is plain data (marks with their place, value, text and the page they link to) that
templates/_charts.html draws as SVG: no JavaScript, no chart library. Colours are not chosen
here: the CSS (assets/stats.css) fills marks with Material's palette variables, so a chart
follows the light and dark schemes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

WIDTH = 520.0  # the viewBox width charts are drawn in; CSS scales it to the page (text stays legible on a phone)
COLUMN_HEIGHT = 130.0
LEFT = 36.0  # room for the value axis
BOTTOM = 22.0  # room for the labels under columns
TOP_PAD = 20.0  # room above the top of the axis for the goal line's label
MAX_LABELS = 8  # labels under columns, spread evenly; every column has its <title>
ROW_HEIGHT = 22.0
ROW_LABEL = 170.0  # room for a row's label, also at the larger text of a phone (stats.css)
LABEL_CHARACTERS = 20  # of a row label; its <title> and the table hold the whole name
MAX_BAR = 44.0  # a column's widest: a few columns stay columns, not blocks filling the page
CELL = 15.0
GAP = 3.0
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


@dataclass(frozen=True)
class Mark:
    """A bar or a calendar cell: where it is, what it says, where it links."""

    x: float
    y: float
    width: float
    height: float
    value: int
    title: str  # its <title> and its row in the chart's table
    src: str | None = None  # source path of the page it links to (week, tag, venue, year)
    level: str = ""  # a CSS modifier: met, missed, or the heat level


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    id: str
    caption: str
    height: float
    marks: list[Mark] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    goal_y: float | None = None  # where the goal line is drawn
    goal_text: str = ""
    kind: str = "columns"  # columns, rows, calendar
    width: float = WIDTH
    head: tuple[str, str] = ("", "papers")  # the table's column headings

    def round(self, value: float) -> str:
        return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Item:
    """One value of a chart, before it has a place."""

    label: str  # short, under the column or before the row
    title: str  # the whole text
    value: int
    src: str | None = None
    level: str = ""


def _nice_top(value: int) -> int:
    """A round number at least `value` for the top of the value axis."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step * 4:
            return max(step, -(-value // step) * step)
    return value


def columns(chart_id: str, caption: str, items: list[Item], goal: int | None = None, goal_text: str = "") -> Chart:
    """A column per item, left to right (time series: weeks, months, years, the backlog)."""
    chart = Chart(chart_id, caption, COLUMN_HEIGHT + TOP_PAD + BOTTOM)
    if not items:
        return chart
    top = _nice_top(max([item.value for item in items] + [goal or 0, 1]))
    plot = WIDTH - LEFT
    band = plot / len(items)
    bar = min(max(band * 0.8, min(band, 1.0)), MAX_BAR)
    scale = COLUMN_HEIGHT / top
    base = TOP_PAD + COLUMN_HEIGHT
    for value in (0, top // 2, top) if top > 1 else (0, top):
        chart.labels.append(Label(LEFT - 6, base - value * scale + 4, str(value), "end"))
    every = max(1, -(-len(items) // MAX_LABELS))
    for index, item in enumerate(items):
        x = LEFT + index * band + (band - bar) / 2
        height = item.value * scale
        # a zero still gets a sliver, so the column is there to point at and read
        drawn = max(height, 1.0)
        chart.marks.append(Mark(x, base - drawn, bar, drawn, item.value, item.title, item.src, item.level))
        if index % every == 0:
            chart.labels.append(Label(LEFT + index * band + band / 2, base + 15, item.label))
    if goal:
        chart.goal_y = base - goal * scale
        chart.goal_text = goal_text
    return chart


def rows(chart_id: str, caption: str, items: list[Item], head: str = "") -> Chart:
    """A bar per item, top to bottom (the most read topics, venues, years)."""
    chart = Chart(chart_id, caption, max(1, len(items)) * ROW_HEIGHT + 4, kind="rows", head=(head, "papers"))
    if not items:
        return chart
    top = max(item.value for item in items)
    plot = WIDTH - ROW_LABEL - 30
    for index, item in enumerate(items):
        y = index * ROW_HEIGHT + 3
        length = max(plot * item.value / top, 2.0)
        chart.marks.append(Mark(ROW_LABEL, y, length, ROW_HEIGHT - 6, item.value, item.title, item.src, item.level))
        label = item.label if len(item.label) <= LABEL_CHARACTERS else item.label[: LABEL_CHARACTERS - 1] + "…"
        chart.labels.append(Label(ROW_LABEL - 8, y + ROW_HEIGHT / 2 + 4, label, "end"))
        chart.labels.append(Label(ROW_LABEL + length + 6, y + ROW_HEIGHT / 2 + 4, str(item.value), "start"))
    return chart


def heat_level(count: int) -> str:
    return f"heat-{min(count, 4)}"


def calendar(
    chart_id: str, year: int, days: dict[dt.date, int], week_src: Callable[[dt.date], str | None]
) -> Chart:
    """A year of days in two halves, January to June above July to December: a column per week
    (Monday on top), each day shaded by the papers read on it. In halves, the year fits a phone's
    width with cells large enough to see and to tap."""
    left, top = 30.0, 16.0
    half_height = top + 7 * (CELL + GAP) + 8
    halves = [(dt.date(year, 1, 1), dt.date(year, 6, 30)), (dt.date(year, 7, 1), dt.date(year, 12, 31))]
    columns_of_half = max((last - (first - dt.timedelta(days=first.weekday()))).days // 7 + 1 for first, last in halves)
    chart = Chart(
        chart_id, f"Papers read each day of {year}", 2 * half_height, kind="calendar",
        width=left + columns_of_half * (CELL + GAP), head=("day", "papers"),
    )
    for half, (first, last) in enumerate(halves):
        offset = half * half_height + top
        start = first - dt.timedelta(days=first.weekday())
        for row, name in enumerate(WEEKDAYS):
            if name:
                chart.labels.append(Label(left - 4, offset + row * (CELL + GAP) + CELL - 3, name, "end"))
        day = first
        while day <= last:
            column = (day - start).days // 7
            if day.day == 1:
                chart.labels.append(Label(left + column * (CELL + GAP), offset - 5, f"{day:%b}", "start"))
            count = days.get(day, 0)
            title = f"{day.isoformat()}: {count} read" if count else f"{day.isoformat()}: none read"
            src = week_src(day) if count else None
            x, y = left + column * (CELL + GAP), offset + day.weekday() * (CELL + GAP)
            chart.marks.append(Mark(x, y, CELL, CELL, count, title, src, heat_level(count)))
            day += dt.timedelta(days=1)
    return chart
