"""Years: the index of every year ('years') and a page per year of publication ('year'), over
as many pages as it takes to keep each light (keyed by year, `2020@2` for its second page ...).

Its tokens: ("year", year), the year's papers; ("years", ""), every year's count and the undated ones.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..pages import PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from . import paging
from .base import PageKind, ids, index_page
from .paging import page_key, paged_list, paged_title, part_src, split_page_key


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("years"):
        yield index_page(plan, "years")
        for year, papers in plan.years:
            count = paging.page_count(papers)
            for number in range(1, count + 1):
                yield PlannedPage(part_src(plan.year_src(year) or "", number), paged_title(str(year), number, count),
                                  "year", page_key(str(year), number))


def undated(plan: SitePlan) -> int:
    return sum(1 for paper in plan.kb.papers.values() if paper.year is None)


def render_index(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    return plan.render("years_index.html", page_url, years=plan.years, undated=undated(plan))


def render_year(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    key, number = split_page_key(page.key)
    papers = plan.papers_of_year[key]
    return plan.render("year.html", page_url, year=int(key), papers=papers,
                       **paged_list(papers, number, plan.year_src(int(key)) or ""))


def year_digest(plan: SitePlan, token_key: str, _dependencies: Dependencies) -> str:
    papers = plan.papers_of_year.get(split_page_key(token_key)[0])
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
