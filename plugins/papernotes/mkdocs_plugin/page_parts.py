"""What papernotes puts on a page MkDocs builds: its meta (title, tags, search weight, what the
theme hides), its HTML (a generated page's, or a paper's header and footer around its note, the
home summary) and the tab the theme marks active."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from ..knowledge.knowledge_base import KnowledgeBase, Note
from ..knowledge.model import Paper
from ..knowledge.notes import opens_with_title
from ..site.escaping import escape_meta, html_text
from ..site.kinds import FULL_WIDTH_KINDS, LISTING_KINDS, TABS, page_toc, render_page_deferred
from ..site.kinds import paper as paper_kind
from ..site.kinds.home import summary
from ..site.pages import DEFERRED, PlannedPage, SitePlan
from ..site.ref_links import RefLink
from . import internals
from .internals import tabs_leave_the_sidebar_empty
from .site_files import SUMMARY_MARKER, SiteFiles

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation

# A paper's page ranks above notes and guide pages that mention it (Material's `search.boost`).
PAPER_SEARCH_BOOST = 4


def generated_meta(planned: PlannedPage, plan: SitePlan, config: MkDocsConfig) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": planned.title}
    if tabs_leave_the_sidebar_empty(config):
        meta["hide"] = ["navigation"]  # the page gets the width
    if planned.kind in FULL_WIDTH_KINDS:
        meta["hide"] = ["navigation", "toc"]
    if planned.kind in LISTING_KINDS:
        # Lists of papers repeat what each paper's own page says; search finds the paper page.
        meta["search"] = {"exclude": True}
    if planned.kind == "paper":
        meta["tags"] = list(plan.kb.papers[planned.key].tags)
        meta["search"] = {"boost": PAPER_SEARCH_BOOST}
    return meta


def note_meta(note: Note, paper: Paper | None, config: MkDocsConfig, search_exclude: list[str]) -> dict[str, Any]:
    """Only the front matter that validated reaches the templates, escaped (they do not
    autoescape). The location was checked to hold no quote, bracket, backslash or space, and
    escaping its '&' would break the redirect's query string."""
    meta: dict[str, Any] = escape_meta({k: v for k, v in note.page_meta.items() if k != "location"})
    if "location" in note.page_meta:
        meta["location"] = note.page_meta["location"]
    meta["tags"] = list(note.meta.tags)
    if paper is not None:
        meta["title"] = html_text(paper.title)
        meta["tags"] = list(dict.fromkeys([*paper.tags, *note.meta.tags]))
        meta["search"] = {**(meta.get("search") or {}), "boost": PAPER_SEARCH_BOOST}
        if tabs_leave_the_sidebar_empty(config) and "hide" not in meta:
            meta["hide"] = ["navigation"]
    if any(fnmatch.fnmatchcase(note.src_uri, pattern) for pattern in search_exclude):
        meta["search"] = {**(meta.get("search") or {}), "exclude": True}
    return meta


def set_meta_and_title(
    page: Page, plan: SitePlan, kb: KnowledgeBase, added: SiteFiles, config: MkDocsConfig, search_exclude: list[str]
) -> bool:
    """Give a generated page or a note its meta and title; True for a generated page."""
    src_uri = page.file.src_uri
    planned = added.planned.get(src_uri)
    if planned is not None:
        page.meta = generated_meta(planned, plan, config)
        page.title = planned.title
        return True
    note = kb.notes.get(src_uri)
    if note is not None:
        paper_id = added.paper_of_note.get(src_uri)
        page.meta = note_meta(note, kb.papers[paper_id] if paper_id else None, config, search_exclude)
        if paper_id is not None:
            page.title = page.meta["title"]
    return False


def markdown_parts(
    plan: SitePlan, src_uri: str, page_url: str
) -> tuple[Callable[[str, str | None], RefLink | None], Callable[[str], str]]:
    """What renders the [[id]] references and ```papers blocks of the page being converted,
    recording what they show for the page."""
    tracker = plan.tracker

    def resolve(paper_id: str, text: str | None) -> RefLink | None:
        with tracker.page(src_uri):
            return plan.resolve_ref(paper_id, text, page_url, src_uri)

    def render_block(text: str) -> str:
        with tracker.page(src_uri):
            return plan.papers_block(text, page_url)

    return resolve, render_block


def complete_content(page: Page, plan: SitePlan, added: SiteFiles) -> str:
    """The page's HTML made whole: a generated page's, a paper's header and footer around its
    note, the home summary. Returns the part that search never reads (see DEFERRED)."""
    src_uri = page.file.src_uri
    planned = added.planned.get(src_uri)
    paper_id = planned.key if planned is not None and planned.kind == "paper" else added.paper_of_note.get(src_uri)
    html, deferred = page.content or "", ""
    if paper_id is not None:
        paper = plan.kb.papers[paper_id]
        note = plan.kb.note_of_paper.get(paper_id)
        if note is not None and opens_with_title(note, paper):
            html, page.toc = without_opening_heading(html, page.toc)  # the header has the title's H1
        # The footer (cite block, related papers, mentions) is all left out of search.
        html, deferred = paper_kind.around_note(plan, paper, html, page.url)
    elif planned is not None:
        html, deferred = render_page_deferred(plan, planned, page.url)
        if planned.kind in LISTING_KINDS and not deferred:
            # Left out of search (generated_meta): the search plugin, which still scans the
            # HTML for data-search-* attributes, is given none of it.
            html, deferred = DEFERRED, html
        headings = page_toc(plan, planned)
        if headings:
            page.toc = get_toc(
                [{"level": level, "id": anchor, "name": html_text(text), "children": []} for level, anchor, text in headings]
            )
    if SUMMARY_MARKER in html:
        html = html.replace(SUMMARY_MARKER, summary(plan, page.url))
    page.content = html
    return deferred


def content_kept(page: Page, generated: bool, note_content: str | None, serving: bool) -> str | None:
    """What a written page keeps of its content: nothing for a generated page (keeping it would
    hold every generated page in memory); in a build, for a note's page its note and header, not
    the footer papernotes made around it (citations, related papers: tens of kilobytes a paper in
    a large library). Serve keeps the whole page (its session reuses it)."""
    if generated:
        return None
    return note_content if note_content is not None and not serving else page.content


def deactivate_tab(entry: Page | None) -> Page | None:
    """The page is written: the index entry `activate_tab` marked is no longer active, and no
    entry is marked (None)."""
    if entry is not None:
        entry.active = False
    return None


def escape_nav_titles(nav: Navigation) -> set[str]:
    """Escapes the titles the nav gives (mkdocs.yml's, folder names): Material prints them as
    they are. Returns the pages so titled (escape_title leaves them alone)."""
    titled: set[str] = set()
    pending = list(nav.items)
    while pending:
        item = pending.pop()
        if isinstance(item, Page):
            if internals.title_given_by_config(item):  # otherwise escape_title escapes it
                item.title = html_text(item.title or "")
                titled.add(item.file.src_uri)
        elif item.title:
            item.title = html_text(item.title)
        pending.extend(item.children or [])
    return titled


def escape_title(page: Page, nav_titled: set[str]) -> None:
    """MkDocs titles a page without a leading heading by its file name, as it is (a heading's
    title is HTML already); the escaped title is the meta title too (keep_title_escaped)."""
    if "title" not in page.meta and page.file.src_uri not in nav_titled and not internals.title_from_heading(page):
        page.title = html_text(page.title or "")
    keep_title_escaped(page)


def keep_title_escaped(page: Page) -> None:
    """The page's escaped title is its meta title too: Material's <title> prints `page.title`
    through `striptags`, which decodes entities again, and `page.meta.title` as it is. The
    home page keeps none: its <title> is the site's name alone."""
    if not page.is_homepage and page.title is not None:
        page.meta.setdefault("title", page.title)


def with_feed_link(html: str, link: Markup) -> str:
    """The page with the feed's <link> at the end of its head, unless the head links an Atom
    feed already (a template of the overrides may) or the page has no head."""
    head, end, rest = html.partition("</head>")
    if not end or 'type="application/atom+xml"' in head:
        return html
    return head + str(link) + end + rest  # as text: Markup would escape the page around it


def with_deferred(content: str, deferred: str) -> str:
    """The search index has read the page: the part it leaves out goes where DEFERRED stands,
    the last one (a note's own HTML cannot follow it); an empty part too."""
    head, marker, tail = content.rpartition(DEFERRED)
    return head + deferred + tail if marker else content


def activate_tab(page: Page, nav: Navigation, plan: SitePlan, added: SiteFiles) -> Page | None:
    """A page outside the nav (a paper, a week, a tag...) marks the index it belongs to as
    active, so the theme highlights that tab; the caller undoes it once the page is written."""
    src_uri = page.file.src_uri
    planned = added.planned.get(src_uri)
    paper_id = planned.key if planned is not None and planned.kind == "paper" else added.paper_of_note.get(src_uri)
    index = TABS.get(planned.kind) if planned is not None else None
    if paper_id is not None:
        index = paper_kind.tab_of(plan, paper_id)
    index_src = plan.index_src(index) if index else None
    if index_src is None:
        return None
    entry = next((item for item in nav.pages if item.file.src_uri == index_src), None)
    if entry is not None:
        entry.active = True
    return entry


_OPENING_H1 = re.compile(r"\A\s*<h1\b([^>]*)>.*?</h1>\s*", re.S)
_ID = re.compile(r'\bid="([^"]*)"')


def without_opening_heading(html: str, toc: TableOfContents) -> tuple[str, TableOfContents]:
    """The note's HTML without its opening H1, and its table of contents with that heading's
    sub-headings lifted in its place."""
    found = _OPENING_H1.match(html)
    if found is None:
        return html, toc
    anchor = _ID.search(found.group(1))
    items = list(toc.items)
    if items and anchor is not None and items[0].id == anchor.group(1):
        items = [*items[0].children, *items[1:]]
    return html[found.end() :], TableOfContents(items)
