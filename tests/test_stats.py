"""Reading stats: counts checked against counts made here from papers.yaml, and the stats page."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, build_site, write_project
from papernotes.knowledge.validation import load_knowledge_base
from papernotes.site.stats import MONTHS_SHOWN, WEEKS_SHOWN, YEARS_SHOWN, reading_stats, streaks
from papernotes.site.stats_page import CALENDAR_YEARS

TODAY = dt.date(2026, 12, 1)

# Edge cases: a week across the new year, an empty week, a paper being read (logged, not
# counted as read), one read without a date, one to read; goal 2.
EDGES = """\
papers:
  - {id: a, title: Alpha, year: 2019, venue: CVPR, tags: [loc/seg], read: 2020-12-28}
  - {id: b, title: Beta, year: 2019, venue: CVPR, tags: [loc], read: 2020-12-31}
  - {id: c, title: Gamma, year: 2020, venue: ICCV, tags: [loc/seg, net], read: 2021-01-02}
  - {id: d, title: Delta, year: 2020, tags: [net], read: 2021-01-05}
  - {id: e, title: Epsilon, year: 2018, venue: ICCV, tags: [net], read: 2021-01-19}
  - {id: f, title: Zeta, year: 2020, tags: [net], read: 2021-01-20}
  - {id: g, title: Eta, year: 2017, tags: [uns], read: 2021-01-21, status: reading}
  - {id: h, title: Theta, year: 2016, tags: [uns], status: read}
  - {id: i, title: Iota, year: 2021, tags: [uns]}
"""


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def independent_counts(papers: list[dict[str, Any]], goal: int) -> dict[str, Any]:
    """What the stats should say, counted straight from the records."""

    def status(p: dict[str, Any]) -> str:
        return p.get("status") or ("read" if p.get("read") else "to-read")

    read = [p for p in papers if status(p) == "read"]
    dated = [p for p in read if p.get("read")]
    logged = [p["read"] for p in papers if p.get("read")]
    first, last = monday(min(logged)), monday(max(logged))
    mondays = [first + dt.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
    per_week = Counter(monday(p["read"]) for p in dated)
    met = [per_week[m] >= goal for m in mondays]
    runs = "".join("1" if m else "0" for m in met).split("0")
    per_month = Counter((p["read"].year, p["read"].month) for p in dated)
    unread = len(papers) - len(read)
    backlog = [unread + sum(1 for p in dated if monday(p["read"]) > m) for m in mondays]
    return {
        "weeks": [(m, per_week[m]) for m in mondays],
        "current": len(runs[-1]),
        "longest": max(len(run) for run in runs),
        "months": per_month,
        "years": Counter(p["read"].year for p in dated),
        "backlog": backlog,
        "days": Counter(p["read"] for p in dated),
        "tags": Counter(t for p in read for t in set(p.get("tags", []))),
        "venues": Counter(p["venue"] for p in read if p.get("venue")),
    }


def check_against(papers_yaml: Path, goal: int, week_start: dt.date | None) -> None:
    records = yaml.safe_load(papers_yaml.read_text(encoding="utf-8"))["papers"]
    kb = load_knowledge_base(papers_yaml, None, papers_yaml.parent, TODAY)
    aliases = {alias: name for name, entry in kb.venues.items() for alias in entry.aliases}
    for record in records:
        if record.get("venue"):
            record["venue"] = aliases.get(record["venue"], record["venue"])
    stats = reading_stats(kb, goal, week_start)
    expected = independent_counts(records, goal)
    assert [(w.monday, w.read) for w in stats.weeks] == expected["weeks"]
    assert (stats.current_streak, stats.longest_streak) == (expected["current"], expected["longest"])
    assert {(m.year, m.month): n for m, n in stats.months if n} == dict(expected["months"])
    assert {y: n for y, n in stats.years_read if n} == dict(expected["years"])
    assert [n for _, n in stats.backlog] == expected["backlog"]
    assert stats.days == dict(expected["days"])
    for top, counted in ((stats.top_tags, expected["tags"]), (stats.top_venues, expected["venues"])):
        assert len(top) == min(10, len(counted))
        assert all(counted[key] == n for key, n in top)
        assert [n for _, n in top] == sorted(counted.values(), reverse=True)[: len(top)]


def test_sample_stats_match_independent_counts() -> None:
    check_against(REPO / "papers.yaml", 6, dt.date(2020, 6, 15))


def test_edge_case_stats_match_independent_counts(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    path.write_text(EDGES, encoding="utf-8")
    check_against(path, 2, None)


def test_edge_cases_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    path.write_text(EDGES, encoding="utf-8")
    stats = reading_stats(load_knowledge_base(path, None, tmp_path, TODAY), 2, None)
    # 28 Dec 2020 - 3 Jan 2021 is one week: a, b and c, across the new year
    assert [(w.monday.isoformat(), w.number, w.read, w.logged, w.met) for w in stats.weeks] == [
        ("2020-12-28", 1, 3, 3, True),
        ("2021-01-04", 2, 1, 1, False),
        ("2021-01-11", 3, 0, 0, False),  # the empty week is a week
        ("2021-01-18", 4, 2, 3, True),  # g is being read: logged, not read
    ]
    assert (stats.current_streak, stats.longest_streak) == (1, 1)
    assert (stats.read_total, stats.read_undated, stats.unread) == (7, 1, 2)
    assert stats.months == [(dt.date(2020, 12, 1), 2), (dt.date(2021, 1, 1), 4)]
    assert stats.years_read == [(2020, 2), (2021, 4)]
    # unread today (g, i) plus those read in a later week; h, read without a date, never counts
    assert [n for _, n in stats.backlog] == [5, 4, 4, 2]
    assert stats.top_tags == [("net", 4), ("loc/seg", 2), ("loc", 1), ("uns", 1)]
    assert stats.top_venues == [("CVPR", 2), ("ICCV", 2)]


def test_no_goal_no_streaks_and_an_empty_base(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    path.write_text(EDGES, encoding="utf-8")
    stats = reading_stats(load_knowledge_base(path, None, tmp_path, TODAY), None, None)
    assert all(w.met is None for w in stats.weeks) and stats.longest_streak == 0
    path.write_text("papers: []\n", encoding="utf-8")
    empty = reading_stats(load_knowledge_base(path, None, tmp_path, TODAY), 6, None)
    assert (empty.weeks, empty.months, empty.backlog, empty.read_total) == ([], [], [], 0)


def test_streaks() -> None:
    mondays = [dt.date(2021, 1, 4) + dt.timedelta(weeks=n) for n in range(4)]
    assert streaks([], mondays[-1]) == (0, 0)
    assert streaks([mondays[0], mondays[1], mondays[3]], mondays[3]) == (1, 2)
    assert streaks(mondays[1:], mondays[3]) == (3, 3)
    assert streaks(mondays[:3], mondays[3]) == (0, 3)  # the latest week missed the goal


def test_week_numbers_follow_week_start(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    path.write_text(EDGES, encoding="utf-8")
    stats = reading_stats(load_knowledge_base(path, None, tmp_path, TODAY), 2, dt.date(2020, 12, 16))
    assert [w.number for w in stats.weeks] == [2, 3, 4, 5]


@pytest.mark.parametrize("first", ["0001-01-01", "1900-01-01", "2019-06-03"])
def test_the_time_charts_cover_the_latest_stretch_whatever_the_first_date(tmp_path: Path, first: str) -> None:
    """Two reads a span apart give as many weeks, months and years as the span allows, up to a bound:
    the stats do not grow with the span (0001-01-01 passes check only as an error, yet must not blow up)."""
    path = tmp_path / "papers.yaml"
    path.write_text(textwrap.dedent(f"""\
        papers:
          - {{id: a, title: Alpha, read: {first}}}
          - {{id: b, title: Beta, read: 2020-01-06}}
          - {{id: c, title: Gamma, read: 2020-01-08}}
          - {{id: d, title: Delta}}
        """), encoding="utf-8")
    stats = reading_stats(load_knowledge_base(path, None, tmp_path, TODAY), 1, None)
    start = dt.date.fromisoformat(first)
    span_weeks = (monday(dt.date(2020, 1, 6)) - monday(start)).days // 7 + 1
    assert stats.week_count == span_weeks
    assert len(stats.weeks) == len(stats.backlog) == min(span_weeks, WEEKS_SHOWN)
    assert stats.weeks[-1] == stats.weeks[-1].__class__(dt.date(2020, 1, 6), span_weeks, 2, 2, True)
    assert stats.backlog[-1] == (dt.date(2020, 1, 6), 1)  # d, never read
    assert stats.goal_weeks == 2 and (stats.current_streak, stats.longest_streak) == (1, 1)
    assert len(stats.months) == min(stats.month_count, MONTHS_SHOWN) and stats.months[-1] == (dt.date(2020, 1, 1), 2)
    assert len(stats.years_read) == min(stats.year_count, YEARS_SHOWN) and stats.years_read[-1] == (2020, 2)
    assert stats.year_count == 2020 - start.year + 1


def test_the_stats_page_stays_small_over_a_century(project) -> None:  # type: ignore[no-untyped-def]
    """Reads from 1900 to 2020 on every tenth New Year's Day: a bounded page, charts captioned with what they leave out."""
    records = "".join(f"  - {{id: p{year}, title: Paper {year}, read: {year}-01-01}}\n" for year in range(1900, 2021, 10))
    root = project("papers:\n" + records, {"index.md": "# Home\n"}, "weekly_goal: 1\n")
    html = (build_site(root, strict=True) / "stats" / "index.html").read_text(encoding="utf-8")
    marks = html.count("<rect ")
    assert marks <= 2 * WEEKS_SHOWN + MONTHS_SHOWN + YEARS_SHOWN + CALENDAR_YEARS * 366 + 3 * 10
    assert len(html) < 600_000
    captions = re.findall(r'<figcaption class="pn-chart__caption">([^<]+)</figcaption>', html)
    assert captions[0] == "Papers read per week against the goal of 1, the latest 104 of 6,262 weeks"
    assert [c for c in captions if c.startswith("Papers read each day")] == [
        f"Papers read each day of {year}" for year in range(2020, 2020 - 10 * CALENDAR_YEARS, -10)
    ]
    assert "Papers read per month, the latest 120 of 1,441 months" in captions
    assert "Papers read per year, the latest 100 of 121 years" in captions
    assert "The latest 5 years with a paper read; the charts per month and year below go further back." in html
    text = re.sub(r"<[^>]+>", "", html)
    assert "13 read, 0 to read or in progress" in text and "6,262 weeks from the first week" in text
    assert "Goal: 1 a week, met in 13 of 6,262 weeks" in text


# ---------------------------------------------------------------- the stats page


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("stats") / "kb", EDGES, {"index.md": "# Home\n\n<!-- papernotes:summary -->\n"},
                         "weekly_goal: 2\n")
    return build_site(root, strict=True)


def test_stats_page_in_nav_with_summary(edge_site: Path) -> None:
    html = (edge_site / "stats" / "index.html").read_text(encoding="utf-8")
    assert 'href="stats/"' in (edge_site / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "7 read (1 without a read date), 2 to read or in progress" in text
    assert "Goal: 2 a week, met in 2 of 4 weeks" in text
    assert "Current streak: 1 week (up to the latest week of the log) · longest: 1 week" in text
    assert '<link rel="stylesheet" href="../assets/papernotes/stats.css">' in html
    assert (edge_site / "assets" / "papernotes" / "stats.css").is_file()


def test_week_bars_link_to_week_pages_and_carry_titles(edge_site: Path) -> None:
    html = (edge_site / "stats" / "index.html").read_text(encoding="utf-8")
    weekly = html.split('id="chart-weeks"', 1)[1].split("</figure>", 1)[0]
    bars = re.findall(r'(?:<a href="([^"]+)">)?<rect class="pn-mark pn-mark--(met|missed)"[^>]*><title>([^<]+)</title>', weekly)
    assert bars == [
        ("../weeks/2020-12-28/", "met", "Week 1 (2020-12-28): 3 of 2 read"),
        ("../weeks/2021-01-04/", "missed", "Week 2 (2021-01-04): 1 of 2 read"),
        ("", "missed", "Week 3 (2021-01-11): 0 of 2 read"),  # no page for an empty week
        ("../weeks/2021-01-18/", "met", "Week 4 (2021-01-18): 2 of 2 read"),
    ]
    for href, _, _ in bars:
        if href:
            assert (edge_site / "stats" / href / "index.html").resolve().is_file()
    assert 'class="pn-chart__goal"' in weekly
    # the same numbers as a table, for screen readers
    assert re.findall(r"<tr><td>(?:<a [^>]+>)?([^<]+)(?:</a>)?</td><td>(\d+)</td></tr>", weekly) == [
        ("Week 1 (2020-12-28)", "3"), ("Week 2 (2021-01-04)", "1"), ("Week 3 (2021-01-11)", "0"), ("Week 4 (2021-01-18)", "2"),
    ]


def test_calendar_cells_and_most_read_bars_link_to_their_pages(edge_site: Path) -> None:
    html = (edge_site / "stats" / "index.html").read_text(encoding="utf-8")
    assert 'id="chart-calendar-2021"' in html and 'id="chart-calendar-2020"' in html
    cal = html.split('id="chart-calendar-2021"', 1)[1].split("</figure>", 1)[0]
    assert cal.count("<rect ") == 365
    assert '<a href="../weeks/2020-12-28/"><rect class="pn-mark pn-mark--heat-1"' in cal  # 2 Jan 2021
    assert "<title>2021-01-02: 1 read</title>" in cal and "<title>2021-01-03: none read</title>" in cal
    tags = html.split('id="chart-tags"', 1)[1].split("</figure>", 1)[0]
    assert re.findall(r'<a href="([^"]+)"><rect[^>]*><title>([^<]+)</title>', tags) == [
        ("../tags/net/", "net: 4 papers read"), ("../tags/loc/seg/", "loc/seg: 2 papers read"),
        ("../tags/loc/", "loc: 1 paper read"), ("../tags/uns/", "uns: 1 paper read"),
    ]
    venues = html.split('id="chart-venues"', 1)[1].split("</figure>", 1)[0]
    assert re.findall(r'<a href="([^"]+)">', venues)[:2] == ["../venues/cvpr/", "../venues/iccv/"]
    years = html.split('id="chart-years"', 1)[1].split("</figure>", 1)[0]
    assert '<a href="../years/2020/"><rect' in years


def test_stats_page_can_be_turned_off(project) -> None:  # type: ignore[no-untyped-def]
    root = project(EDGES, {"index.md": "# Home\n"}, "indexes: [weeks, tags]\n")
    site = build_site(root, strict=True)
    assert not (site / "stats").exists()
    assert not (site / "assets" / "papernotes" / "stats.css").exists()


def test_stats_of_a_base_without_read_dates(project) -> None:  # type: ignore[no-untyped-def]
    root = project(textwrap.dedent("""\
        papers:
          - {id: a, title: Alpha}
        """), {"index.md": "# Home\n"}, "weekly_goal: 3\n")
    html = (build_site(root, strict=True) / "stats" / "index.html").read_text(encoding="utf-8")
    assert "No paper has a <code>read</code> date yet." in html
    assert "Nothing to show yet." in html


def test_names_from_papers_yaml_stay_text_in_the_charts(project) -> None:  # type: ignore[no-untyped-def]
    root = project(textwrap.dedent("""\
        papers:
          - {id: a, title: Alpha, venue: "<img src=x onerror=alert(1)>&amp;", read: 2021-03-02}
        """), {"index.md": "# Home\n"})
    html = (build_site(root) / "stats" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;&amp;amp;: 1 paper read" in html
