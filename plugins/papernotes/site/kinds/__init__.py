"""The page kinds of the site, each in a module of its own; a new kind is a module and a line in KINDS.

The glue asks here which pages exist (`planned_pages`), for a page's HTML (`render_page`) and
table of contents (`page_toc`), and for the digests of what a page used (`dependencies_of`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..pages import PlannedPage, SitePlan
from ..tracking import Dependencies, Token, digest
from . import author, explore, graph, home, missing, paper, reading, stats, tag, venue, week, year
from .base import Deferred, Heading, PageKind, Render, Toc, TokenDigest

# In the order of the nav.
KINDS: tuple[PageKind, ...] = (
    paper.KIND, week.KIND, tag.KIND, venue.KIND, year.KIND, reading.KIND, explore.KIND, stats.KIND, graph.KIND,
    missing.KIND,
    author.KIND, home.KIND,
)
RENDER: dict[str, Render] = {name: render for kind in KINDS for name, render in kind.render.items()}
DEFERRED_RENDER: dict[str, Deferred] = {name: render for kind in KINDS for name, render in kind.deferred.items()}
TOC: dict[str, Toc] = {name: toc for kind in KINDS for name, toc in kind.toc.items()}
TOKEN_DIGESTS: dict[str, TokenDigest] = {name: made for kind in KINDS for name, made in kind.digests.items()}
LISTING_KINDS = frozenset(name for kind in KINDS for name in kind.listing)
FULL_WIDTH_KINDS = frozenset(name for kind in KINDS for name in kind.full_width)
TABS: dict[str, str] = {name: index for kind in KINDS for name, index in kind.tabs.items()}


def planned_pages(plan: SitePlan) -> Iterator[PlannedPage]:
    """Every page the plugin generates (paper pages of papers that have a note excluded)."""
    for kind in KINDS:
        yield from kind.pages(plan)


def index_nav(plan: SitePlan, other_pages: list[str]) -> tuple[list[Any], list[str]]:
    """The head of the nav when mkdocs.yml has none (home, then the indexes), and the user's
    other pages that follow it, for the caller to nest by folder."""
    nav: list[Any] = []
    rest = [src for src in other_pages if src not in ("index.md", "README.md")]
    if len(rest) < len(other_pages):
        nav.append({"Home": "index.md" if "index.md" in other_pages else "README.md"})
    for page in planned_pages(plan):
        if page.in_nav:
            nav.append({page.title: page.src_uri})
    return nav, rest


def render_page(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    """HTML body of a generated page other than a paper's."""
    render = RENDER.get(page.kind)
    if render is None:
        raise ValueError(f"no page of kind {page.kind!r}")
    plan.tracker.uses(page.kind, page.key)  # the list's members and labels; each member's record as it is listed
    return render(plan, page, page_url)


def render_page_deferred(plan: SitePlan, page: PlannedPage, page_url: str) -> tuple[str, str]:
    """The page's HTML with DEFERRED in place of the part that search never indexes, and that
    part: the glue lets the search index read the short HTML and then puts the part in (the
    <noscript> list of a 10,000-paper explorer is most of what the index would parse)."""
    deferred = DEFERRED_RENDER.get(page.kind)
    if deferred is None:
        return render_page(plan, page, page_url), ""
    plan.tracker.uses(page.kind, page.key)
    return deferred(plan, page, page_url)


def page_toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    """The headings of a generated page's table of contents: (level, anchor, text), text
    plain (the caller escapes it). The HTML is made from templates, not Markdown, so the
    theme would otherwise show no table of contents."""
    toc = TOC.get(page.kind)
    return toc(plan, page) if toc is not None else []


def dependencies_of(plan: SitePlan, papers_source: bytes, previous: Dependencies | None) -> Dependencies:
    """The digests of this build's tokens, each made by the page kind that declares it.

    Every digest is made of papers.yaml, references.yaml, the notes' front matter, titles and references, and
    the plan's options; when all of those are as in the `previous` build (a note's text was
    edited), its digests are this build's too.
    """
    fronts = [
        (n.src_uri, n.meta.paper, n.meta.tags, plan.note_titles.get(n.src_uri), [(r.paper_id, r.text) for r in n.refs])
        for n in plan.kb.notes.values()
    ]

    def compute(dependencies: Dependencies, token: Token) -> str | None:
        made = TOKEN_DIGESTS.get(token[0])
        return made(plan, token[1], dependencies) if made is not None else None

    return Dependencies(digest(papers_source, plan.kb.references_source, fronts, plan.options), compute, previous)
