"""The Missing page: the works two or more papers of the library cite that papers.yaml lacks,
most cited first, each with the command that adds it. Made when references.yaml exists.

Its token: ("missing", ""), the works, their counts and who cites them, and how many papers have
a list; each citing paper's record, as the page names it.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

from ..library_graph import MissingWork
from ..pages import PlannedPage, SitePlan
from ..tracking import Dependencies, digest
from .base import PageKind, index_page

SHOWN = 500  # works the page lists; a 10,000-paper library cites tens of thousands
NAMED = 12  # citing papers named per work: a classic is cited by hundreds of a lab's papers


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("missing") and plan.kb.references:
        yield index_page(plan, "missing")


def work_href(work: MissingWork) -> str | None:
    """Where a missing work can be read: its DOI's or its arXiv id's page (both checked forms)."""
    if work.doi:
        return "https://doi.org/" + urllib.parse.quote(work.doi, safe="/:;()._-")
    if work.arxiv:
        return "https://arxiv.org/abs/" + urllib.parse.quote(work.arxiv, safe="/.-")
    return None


def render(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    shown = plan.graph.missing[:SHOWN]
    for work in shown:
        for paper_id in work.cited_by[:NAMED]:
            plan.tracker.uses("paper", paper_id)  # listed by its name
    return plan.render(
        "missing.html", page_url, works=shown, total=len(plan.graph.missing), papers=plan.kb.papers,
        referenced=len(plan.kb.references), work_href=work_href, named=NAMED,
    )


def missing_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    works = [(w.doi, w.arxiv, w.title, w.year, w.cited_by) for w in plan.graph.missing[:SHOWN]]
    return digest(works, len(plan.graph.missing), len(plan.kb.references))


KIND = PageKind("missing", pages=pages, render={"missing": render}, digests={"missing": missing_digest})
