"""Years: the index of every year ('years') and a page per year of publication ('year').

Its tokens: ("year", year), the year's papers; ("years", ""), every year's count and the undated ones.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..pages import PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from .base import PageKind, ids, index_page


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("years"):
        yield index_page(plan, "years")
        for year, _ in plan.years:
            yield PlannedPage(plan.year_src(year) or "", str(year), "year", str(year))


def undated(plan: SitePlan) -> int:
    return sum(1 for paper in plan.kb.papers.values() if paper.year is None)


def render_index(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return plan.render("years_index.html", page_url, years=plan.years, undated=undated(plan))


def render_year(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return plan.render("year.html", page_url, year=int(page.key), papers=plan.papers_of_year[page.key])


def year_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    papers = plan.papers_of_year.get(key)
    return ABSENT if papers is None else digest(ids(papers))


def years_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest([(year, len(papers)) for year, papers in plan.years], undated(plan))


KIND = PageKind(
    "year",
    pages=pages,
    render={"years": render_index, "year": render_year},
    digests={"year": year_digest, "years": years_digest},
    listing=frozenset({"years", "year"}),
    tabs={"year": "years"},
)
