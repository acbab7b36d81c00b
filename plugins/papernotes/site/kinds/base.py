"""What a page kind declares: the pages it makes, how it renders them, their table of contents,
and what the digest of each token it uses covers (see site/tracking.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ...knowledge.layout import INDEX_TITLES
from ...knowledge.model import Paper
from ..pages import PlannedPage, SitePlan
from ..tracking import Dependencies

Heading = tuple[int, str, str]  # level, anchor, plain text (the glue escapes it)
Render = Callable[[SitePlan, PlannedPage, str], str]  # plan, page, its URL -> the page's body HTML
Deferred = Callable[[SitePlan, PlannedPage, str], tuple[str, str]]  # the HTML with DEFERRED, and the part
Toc = Callable[[SitePlan, PlannedPage], list[Heading]]
# The digest of a token (kind, key) of this page kind: of all that a page using it can show of it.
TokenDigest = Callable[[SitePlan, str, Dependencies], str]


def index_page(plan: SitePlan, index: str) -> PlannedPage:
    """The page of one of the indexes (`Layout.indexes`), a nav entry titled as INDEX_TITLES says."""
    return PlannedPage(plan.index_src(index) or "", INDEX_TITLES[index], index, in_nav=True)


def no_pages(plan: SitePlan) -> Iterator[PlannedPage]:
    return iter(())


@dataclass(frozen=True)
class PageKind:
    """One kind of page: `render`, `toc`, `deferred` and `tabs` are by `PlannedPage.kind` (a kind
    may make an index page and one page per entry: 'weeks' and 'week'), `digests` by token kind.
    A token no kind digests depends on everything (tracking.EVERYTHING)."""

    name: str
    pages: Callable[[SitePlan], Iterator[PlannedPage]] = no_pages  # in the order of the nav
    render: Mapping[str, Render] = field(default_factory=dict)
    deferred: Mapping[str, Deferred] = field(default_factory=dict)  # pages whose tail search never reads
    toc: Mapping[str, Toc] = field(default_factory=dict)
    digests: Mapping[str, TokenDigest] = field(default_factory=dict)
    # Pages that only list papers: left out of the search index (they would match every query
    # about their papers, and parsing them for the index cost almost as much as all paper pages).
    listing: frozenset[str] = frozenset()
    tabs: Mapping[str, str] = field(default_factory=dict)  # the index whose tab is active on a page outside the nav
    full_width: frozenset[str] = frozenset()  # pages that hide the nav and the table of contents


def ids(papers: Iterable[Paper]) -> list[str]:
    return [paper.id for paper in papers]
