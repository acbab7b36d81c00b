"""A paper's page: the paper's header (title, facts, links, image), its note when it has one,
then its footer (mentions, related papers, the Cite block), which search never reads.

Its tokens: ("paper", id), the record and what is derived for it alone, which every list entry
of the paper shows too; ("mentions", id), ("related", id), ("cites", id) and ("cited-by", id) for
the footer's lists and its one-hop graph; ("cite", id) for its Cite block (its key, which a record that takes the same
default key changes, and its venue); ("byline", id) for the author pages its authors line links.
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from ...knowledge.model import Paper
from ..citation_graph import one_hop, one_hop_narrow
from ..escaping import html_text
from ..pages import DEFERRED, PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from ..urls import is_remote
from .base import PageKind, ids


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    """A page for each paper without a note (a paper's note is served as its page)."""
    for paper in plan.kb.papers.values():
        if paper.id not in plan.kb.note_of_paper:
            yield PlannedPage(plan.paper_src(paper.id), html_text(paper.title), "paper", paper.id)


def around_note(plan: SitePlan, paper: Paper, html: str, page_url: str) -> tuple[str, str]:
    """The page's HTML, the header before the note's HTML and DEFERRED after it, and the footer
    that goes where DEFERRED stands once the search index has read the page."""
    return paper_header(plan, paper, page_url) + html + DEFERRED, paper_footer(plan, paper, page_url)


def paper_header(plan: SitePlan, paper: Paper, page_url: str) -> str:
    plan.tracker.uses("paper", paper.id)
    plan.tracker.uses("byline", paper.id)  # which of its authors have a page
    links: list[tuple[str, str]] = []
    if paper.url:
        links.append(("url", plan.href(paper.url, page_url)))
    links.extend((kind, plan.href(href, page_url)) for kind, href in paper.links.items())
    image = remote_image = None
    if paper.image:
        if is_remote(paper.image):
            remote_image = paper.image  # a thumbnail from another host would leak the visit
        else:
            image = plan.href(paper.image, page_url)
    return plan.render(
        "paper_header.html", page_url, paper=paper, week=plan.week_of.get(paper.id), links=links, image=image,
        remote_image=remote_image, has_note=paper.id in plan.kb.note_of_paper,
    )


def paper_footer(plan: SitePlan, paper: Paper, page_url: str) -> str:
    plan.tracker.uses("mentions", paper.id)
    plan.tracker.uses("related", paper.id)
    plan.tracker.uses("cites", paper.id)
    plan.tracker.uses("cited-by", paper.id)
    mentions = [(plan.note_src(src), plan.note_titles.get(src, src)) for src in plan.mentions.get(paper.id, [])]
    papers = plan.kb.papers
    cites = [papers[paper_id] for paper_id in plan.graph.cites.get(paper.id, [])]
    cited_by = [papers[paper_id] for paper_id in plan.graph.cited_by.get(paper.id, [])]
    for other in cites + cited_by:
        plan.tracker.uses("paper", other.id)  # its name and title in the graph
    return plan.render(
        "paper_footer.html", page_url, paper=paper, mentions=mentions, related=plan.related.get(paper.id, []),
        cites=cites, cited_by=cited_by, graph=one_hop(paper, cited_by, cites),
        narrow_graph=one_hop_narrow(paper, cited_by, cites),
        cite=Markup(paper_cite(plan, paper, page_url)),
    )


def paper_cite(plan: SitePlan, paper: Paper, page_url: str) -> str:
    """The Cite block: the paper's BibTeX in a code block (Material's copy button copies it)."""
    plan.tracker.uses("cite", paper.id)  # its key and venue: another record can take the key
    return plan.render("cite.html", page_url, bibtex=plan.citations.bibtex(paper), key=plan.citations.keys[paper.id])


def record_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    """The validated record plus what is derived for it alone: its week, whether it has notes, its URL."""
    paper = plan.kb.papers.get(key)
    if paper is None:
        return ABSENT
    week = plan.week_of.get(key)
    return digest(
        plan.record_json(paper), week.slug if week else None, week.label if week else None,
        paper.id in plan.kb.note_of_paper, paper.links.notes is not None, plan.paper_src(key),
        [plan.tag_label(tag) for tag in paper.tags],  # its chips: a made key shows its description
    )


def mentions_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest([(plan.note_src(src), plan.note_titles.get(src)) for src in plan.mentions.get(key, [])])


def related_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest(ids(plan.related.get(key, [])))


def cite_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    paper = plan.kb.papers.get(key)
    if paper is None:
        return ABSENT
    return digest(plan.citations.keys.get(key), plan.citations.venue_of(paper))


def cites_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest(plan.graph.cites.get(key, []))


def cited_by_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    return digest(plan.graph.cited_by.get(key, []))


def byline_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    """Where each of the paper's authors has a page (None: no page)."""
    paper = plan.kb.papers.get(key)
    return ABSENT if paper is None else digest([plan.author_src(name) for name in paper.authors])


KIND = PageKind(
    "paper",
    pages=pages,
    digests={"paper": record_digest, "mentions": mentions_digest, "related": related_digest, "cite": cite_digest,
             "cites": cites_digest, "cited-by": cited_by_digest, "byline": byline_digest},
)


def tab_of(plan: SitePlan, paper_id: str) -> str | None:
    """The index whose tab is active on a paper's page: a paper with a read date belongs to the
    reading log, one to read to the reading list; any other (being read or read, with no date)
    is one of all the papers, in the explorer."""
    if paper_id in plan.week_of:
        choices: tuple[str, ...] = ("weeks", "explore")
    elif plan.kb.papers[paper_id].reading_status == "to-read":
        choices = ("reading", "explore")
    else:
        choices = ("explore",)
    return next((choice for choice in choices if plan.enabled(choice)), None)
