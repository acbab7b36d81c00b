"""The plan of a build: the knowledge base's indexes, where every page lives, and the shared
rendering of the site's templates (list entries, macros kept between serve builds, ```papers
blocks, [[id]] references).

Which pages exist and what each shows is said by the page kinds (site/kinds/), which render
through the plan. It knows nothing of MkDocs beyond the URL rules, so it can be tested on its own.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..knowledge.cite import Citations, KeptEntries, citations_of
from ..knowledge.knowledge_base import KnowledgeBase, Note, venue_lookup
from ..knowledge.layout import Layout
from ..knowledge.model import Paper, check_url, tag_label
from ..knowledge.papers_blocks import PapersBlock, check_block, known_vocabulary, matches, ordered, read_block
from ..knowledge.problems import counted, did_you_mean
from .indexes import (
    OTHER_VENUE,
    RelatedMemo,
    TagIndex,
    VenueIndex,
    Week,
    has_notes,
    mentions_of,
    reading_list,
    related_papers,
    tags_of,
    venues_of,
    weeks_of,
    years_of,
)
from .labels import COLUMN_LABELS, LINK_LABELS, STATUS_LABELS
from .library_graph import Author, GraphMemo, LibraryGraph, author_key, authors_of, remembered_graph
from .options import Options
from .ref_links import RefLink
from .stats import ReadingStats, reading_stats
from .tracking import Tracker
from .urls import is_remote, relative_url, root_prefix, url_of

BIB_URI = "papers.bib"  # every record as BibTeX, at the site root
# Where a generated page's part that search never indexes goes, until the search index has read the page.
DEFERRED = "<!-- papernotes:deferred -->"
# A list entry: (paper id, or its record's digest while serving; link depth; macro; its arguments).
ItemKey = tuple[str, str, str, tuple[Any, ...]]


@dataclass(frozen=True)
class PlannedPage:
    """A page the plugin adds: where it lives, its title, and whether it is a nav entry."""

    src_uri: str
    title: str
    kind: str  # paper, weeks, week, tags, tag, venues, venue, years, year, reading, explore, stats
    key: str = ""
    in_nav: bool = False


def week_anchor(week: Week) -> str:
    """The anchor of a week on the reading log's one page."""
    return f"week-{week.slug}"


def note_title(note: Note) -> str:
    """A note's title: front matter, else its first '# ' heading, else its file name."""
    if note.meta.title:
        return note.meta.title
    if note.heading:
        return note.heading
    stem = posixpath.splitext(posixpath.basename(note.src_uri))[0]
    return stem.replace("-", " ").replace("_", " ").capitalize()


@dataclass
class PlanMemo:
    """What a plan leaves for the next plan of the same site: `mkdocs serve` makes one per rebuild."""

    templates: jinja2.BytecodeCache | None = None  # compiled templates, by name and source
    related: RelatedMemo = field(default_factory=RelatedMemo)
    graph: GraphMemo = field(default_factory=GraphMemo)  # the library's citations (library_graph.py)
    citations: dict[str, KeptEntries] = field(default_factory=dict)  # BibTeX entries by paper, with their inputs
    items: dict[ItemKey, Markup] = field(default_factory=dict)  # list entries by their record's digest
    fragments: dict[tuple[str, str, str, str], Markup] = field(default_factory=dict)  # see SitePlan.kept_macro
    # Each record's JSON, by id with the record it was made of: a record unchanged in
    # papers.yaml is the same (frozen) object in the next load, so its JSON is too.
    records: dict[str, tuple[Paper, str]] = field(default_factory=dict)


class SitePlan:
    def __init__(
        self,
        kb: KnowledgeBase,
        options: Options,
        note_titles: dict[str, str] | None = None,
        override_dir: Path | None = None,
        memo: PlanMemo | None = None,
        tracker: Tracker | None = None,
    ):
        self.kb = kb
        self.options = options
        self.layout = Layout.of(options)  # the source paths validation checks for collisions
        papers = list(kb.papers.values())
        self.weeks: list[Week] = weeks_of(papers, options.week_start)
        self.week_of: dict[str, Week] = {p.id: w for w in self.weeks for p in w.papers}
        self.tags: dict[str, TagIndex] = tags_of(kb)
        self.venues: list[VenueIndex] = venues_of(kb)
        self.years = years_of(papers)
        self.mentions = mentions_of(kb)
        self.related = related_papers(kb, options.related_papers, memo=memo.related if memo else None)
        self.reading = reading_list(kb)
        self.graph: LibraryGraph = remembered_graph(kb.papers, kb.references, memo.graph if memo else None)
        self.authors: dict[str, Author] = authors_of(kb.papers.values()) if self.enabled("authors") else {}
        self.author_by_slug = {author.slug: author for author in self.authors.values()}
        # cite keys now; each entry made when first asked for
        self.citations: Citations = citations_of(kb, memo.citations if memo else None)
        # Each index page finds its entry by key: lookups, not scans, keep the build linear.
        self.week_at = {week.slug: at for at, week in enumerate(self.weeks)}
        self.venue_by_slug = {venue.slug: venue for venue in self.venues}
        self.papers_of_year = {str(year): papers for year, papers in self.years}
        self.notes_of_tag: dict[str, list[Note]] = {}
        for note in kb.notes.values():
            for tag in dict.fromkeys(note.meta.tags):
                self.notes_of_tag.setdefault(tag, []).append(note)
        self.note_titles = note_titles or {}
        self.paper_uris = {paper_id: self.layout.paper_src(paper_id) for paper_id in kb.papers}
        self._env = template_environment(override_dir, memo.templates if memo else None)
        self._items: dict[ItemKey, Markup] = {}
        self._blocks: dict[str, PapersBlock] = {}  # a papers block's text -> the block, read and checked
        self._block_papers: dict[str, list[Paper]] = {}  # and the papers it lists
        self._vocabulary: tuple[set[str], dict[str, str]] | None = None
        self._paper_order: dict[str, int] = {}
        self._item_modules: dict[tuple[str, str], Any] = {}
        # While serving: what each page uses (see tracking.py), and list entries of the
        # previous build kept by their record's digest.
        self.tracker = tracker or Tracker()
        self.kept_items: dict[ItemKey, Markup] = memo.items if memo else {}
        self.items_by_digest: dict[ItemKey, Markup] = {}
        self.kept_fragments = memo.fragments if memo else {}
        self.fragments: dict[tuple[str, str, str, str], Markup] = {}
        self.kept_records: dict[str, tuple[Paper, str]] = memo.records if memo else {}
        self.records: dict[str, tuple[Paper, str]] = {}
        self.item_digest: Any = None  # paper id -> digest of its entry's inputs, when entries are kept

    def record_json(self, paper: Paper) -> str:
        """The record as JSON, what its digest is made of; kept while the record is the same object."""
        kept = self.kept_records.get(paper.id)
        made = kept if kept is not None and kept[0] is paper else (paper, paper.model_dump_json())
        self.records[paper.id] = made
        return made[1]

    def records_for_next_build(self) -> dict[str, tuple[Paper, str]]:
        """The JSON made by this build, and the kept JSON of records still in the base."""
        kept = {key: made for key, made in self.kept_records.items() if key in self.kb.papers}
        kept.update(self.records)
        return kept

    @cached_property
    def stats(self) -> ReadingStats:
        """The reading stats of the whole base, which the stats page shows and its digest covers."""
        return reading_stats(self.kb, self.options.weekly_goal, self.options.week_start)

    # ------------------------------------------------------------ where pages live

    def enabled(self, index: str) -> bool:
        return index in self.options.indexes

    def index_src(self, index: str) -> str | None:
        return self.layout.index_src(index)

    def paper_src(self, paper_id: str) -> str:
        return self.paper_uris[paper_id]

    def note_src(self, src_uri: str) -> str:
        """Where a note's page lives: a paper's note is served as the paper's page."""
        note = self.kb.notes.get(src_uri)
        paper_id = note.meta.paper if note is not None else None
        if paper_id is not None and self.kb.note_of_paper.get(paper_id) is note:
            return self.paper_src(paper_id)
        return src_uri

    def week_src(self, week: Week) -> str | None:
        return self.layout.week_src(week.slug)

    def tag_src(self, key: str) -> str | None:
        return self.layout.tag_src(key)

    def tag_label(self, key: str) -> str:
        tag = self.kb.tags.get(key)
        return tag_label(key, tag.description if tag is not None else None)

    def venue_src(self, venue: VenueIndex) -> str | None:
        return self.layout.venue_src(venue.slug)

    def year_src(self, year: int) -> str | None:
        return self.layout.year_src(year)

    def author_src(self, name: str) -> str | None:
        """The page of the author so named, when they have one (two or more papers)."""
        author = self.authors.get(author_key(name))
        return self.layout.author_src(author.slug) if author is not None else None

    # ------------------------------------------------------------ rendering

    def _context(self, page_url: str, via_root: bool = False) -> dict[str, Any]:
        """Template values for the page at `page_url`.

        With `via_root`, links climb to the site root and descend again ("../../tags/net/"),
        so a fragment is the same on every page at one depth and can be rendered once.
        """
        use_dirs = self.options.use_directory_urls
        root = root_prefix(page_url)

        seen: dict[str, str] = {}  # a list page links the same tags and weeks over and over

        def url(src_uri: str | None) -> str | None:
            if src_uri is None:
                return None
            found = seen.get(src_uri)
            if found is None:
                target = url_of(src_uri, use_dirs)
                found = seen[src_uri] = (root + target or "./") if via_root else relative_url(target, page_url)
            return found

        def asset(path: str) -> str:
            return relative_url(path, page_url)

        return {
            "url": url,
            "asset": asset,
            "paper_src": self.paper_src,
            "week_src": self.week_src,
            "tag_src": self.tag_src,
            "tag_label": self.tag_label,
            "venue_src": self.venue_src,
            "year_src": self.year_src,
            "weeks_src": self.index_src("weeks"),
            "tags_src": self.index_src("tags"),
            "venues_src": self.index_src("venues"),
            "years_src": self.index_src("years"),
            "reading_src": self.index_src("reading"),
            "explore_src": self.index_src("explore"),
            "bib_href": relative_url(BIB_URI, page_url),
            "stats_src": self.index_src("stats"),
            "graph_src": self.index_src("graph"),
            "author_src": self.author_src,
            "has_notes": lambda paper: has_notes(paper, self.kb),
            "status_labels": STATUS_LABELS,
            "link_labels": LINK_LABELS,
            "goal": self.options.weekly_goal,
            "serving": self.options.serving,
            "week_anchor": week_anchor,
            "paper_item": lambda paper, show_read=True, show_tags=True: self._paper_item(paper, page_url, show_read, show_tags),
            "explore_item": lambda paper: self._explore_item(paper, page_url),
            "week_section": lambda week: self.week_section(week, page_url),
        }

    def _paper_item(self, paper: Paper, page_url: str, show_read: bool, show_tags: bool) -> Markup:
        """A paper's entry in a list, rendered once per link depth: a paper appears in its week,
        tag, venue and year pages and in the related papers of many others."""
        return self._item(paper, page_url, "_macros.html", "paper_entry", (show_read, show_tags))

    def _explore_item(self, paper: Paper, page_url: str) -> Markup:
        """A paper's entry in the explorer's list (every paper, on every save of papers.yaml)."""
        return self._item(paper, page_url, "_explore.html", "item", ())

    def _item(self, paper: Paper, page_url: str, template: str, macro: str, args: tuple[Any, ...]) -> Markup:
        """A macro's HTML for one paper, made once per link depth, and while serving reused from
        the previous build while the paper's record digests the same."""
        self.tracker.uses("paper", paper.id)
        key: ItemKey = (paper.id, root_prefix(page_url), macro, args)
        found = self._items.get(key)
        if found is None and self.item_digest is not None:
            kept_key: ItemKey = (self.item_digest(paper.id), key[1], macro, args)
            found = self.kept_items.get(kept_key)
            if found is None:
                found = self._render_item(paper, page_url, template, macro, args)
            self._items[key] = self.items_by_digest[kept_key] = found
        if found is None:
            found = self._items[key] = self._render_item(paper, page_url, template, macro, args)
        return found

    def items_for_next_build(self) -> dict[ItemKey, Markup]:
        """The list entries this build made or reused, and the kept ones whose record still
        digests the same: a page held back now may be rendered by the next build."""
        if self.item_digest is None:
            return {}
        live = {self.item_digest(paper_id) for paper_id in self.kb.papers}
        kept = {key: html for key, html in self.kept_items.items() if key[0] in live}
        kept.update(self.items_by_digest)
        return kept

    def _render_item(self, paper: Paper, page_url: str, template: str, macro: str, args: tuple[Any, ...]) -> Markup:
        return self._call_macro(template, macro, root_prefix(page_url), page_url, (paper, *args))

    def _call_macro(self, template: str, macro: str, scope: str, page_url: str, args: tuple[Any, ...]) -> Markup:
        """`macro` of `template` called with `args`, its links made for `scope`: a link depth
        (root_prefix, see _context's via_root) or the page's own URL."""
        module: Any = self._item_modules.get((template, scope))  # its macros are attributes made from the template
        if module is None:
            module = self._item_modules[(template, scope)] = self._env.get_template(template).make_module(
                self._context(page_url, via_root=scope != page_url)
            )
        return Markup(getattr(module, macro)(*args))

    def kept_macro(self, template: str, macro: str, page_url: str, *args: Any) -> Markup:
        """A macro's HTML for arguments whose repr is all that it shows (a chart of the stats
        page), on the page at `page_url`; while serving, kept for the next build, so a chart
        whose figures did not change is not drawn again."""
        return self._kept(template, macro, page_url, repr(args), args)

    def _kept(self, template: str, macro: str, page_url: str, shown: str, args: tuple[Any, ...]) -> Markup:
        """The macro's HTML kept under `shown` (what it shows, as text), else drawn and kept."""
        key = (template, macro, page_url, shown)
        found = self.fragments.get(key) or self.kept_fragments.get(key)
        if found is None:
            found = self._call_macro(template, macro, page_url, page_url, args)
        self.fragments[key] = found
        return found

    def week_section(self, week: Week, page_url: str) -> Markup:
        """A week of the reading log's one page. While serving, kept between builds while the
        week's labels and groups and each of its entries are the same: a save then draws one
        week again, not the hundreds of the log."""
        args = (week,)
        if self.item_digest is None:
            return self._call_macro("_macros.html", "week_section", page_url, page_url, args)
        for paper in week.papers:
            self.tracker.uses("paper", paper.id)  # its entry, drawn or kept, shows the record
        groups = [(group, [self.item_digest(paper.id) for paper in papers]) for group, papers in week.groups()]
        shown = (week_anchor(week), self.week_src(week), week.label, len(week.papers), week.read_count,
                 self.options.weekly_goal, groups)
        return self._kept("_macros.html", "week_section", page_url, repr(shown), args)

    def fragments_for_next_build(self) -> dict[tuple[str, str, str, str], Markup]:
        """The fragments this build drew or reused, and the kept ones of each (template, macro,
        page) that this build did not draw at all (its page was left alone)."""
        drawn = {key[:3] for key in self.fragments}
        kept = {key: html for key, html in self.kept_fragments.items() if key[:3] not in drawn}
        kept.update(self.fragments)
        return kept

    def render(self, template: str, page_url: str, **values: Any) -> str:
        """Render one of the package's templates for the page at `page_url`."""
        return self._render(template, page_url, **values)

    def _render(self, template: str, page_url: str, **values: Any) -> str:
        context = self._context(page_url)
        context.update(values)
        return self._env.get_template(template).render(context)

    def href(self, href: str, page_url: str) -> str:
        """A link from papers.yaml: absolute as is, relative ones against the site root."""
        safe = check_url(href)  # validated already; checked again since this is the HTML boundary
        if is_remote(safe) or safe.startswith(("#", "?")):
            return safe
        return relative_url(safe.lstrip("/"), page_url)

    @property
    def venue_count(self) -> int:
        """Venues with a name: the bucket of papers without a venue is not one."""
        return sum(1 for venue in self.venues if venue.key != OTHER_VENUE)

    # ------------------------------------------------------------ ```papers blocks

    def papers_block(self, text: str, page_url: str) -> str:
        """The HTML of a ```papers block (its text between the fences) on the page at `page_url`."""
        block = self._blocks.get(text)
        if block is None:
            if self._vocabulary is None:
                self._vocabulary = known_vocabulary(self.kb.papers.values(), self.kb.tags, venue_lookup(self.kb))
                self._paper_order = {paper_id: at for at, paper_id in enumerate(self.kb.papers)}
            block, _ = check_block(read_block(text, "", 1), *self._vocabulary, self.kb.papers_file)
            self._blocks[text] = block
        if block.query is None:
            problem = block.problems[0].message if block.problems else "it could not be read"
            return self._render("papers_block.html", page_url, problem=problem, papers=[], columns=None)
        query = block.query
        papers = self._block_papers.get(text)
        if papers is None:  # the same on every page: one pass over the papers per distinct block
            weeks = {paper_id: (week.number, week.monday) for paper_id, week in self.week_of.items()} if query.weeks else {}
            found = [p for p in self.kb.papers.values() if matches(p, query, weeks, has_notes(p, self.kb))]
            papers = self._block_papers[text] = ordered(found, query, self._paper_order)
        venue_pages = {venue.key: self.venue_src(venue) for venue in self.venues}
        return self._render(
            "papers_block.html", page_url, problem=None, papers=papers, columns=query.columns,
            column_labels=COLUMN_LABELS, week_of=lambda paper: self.week_of.get(paper.id), venue_page=venue_pages.get,
        )

    # ------------------------------------------------------------ [[id]] references

    def resolve_ref(self, paper_id: str, text: str | None, page_url: str, page_src: str | None = None) -> RefLink | None:
        """Where `[[paper_id]]` or `[[paper_id|text]]` on the page at `page_url` links to, with
        the paper's title as tooltip and `text` or its short name as text. Plain text: the
        Markdown extension escapes it.

        Given the page's source file `page_src`, the link names the paper's Markdown file
        relative to it, as an author's own link would: MkDocs checks and rewrites it, instead of
        logging each link it does not recognise. An unknown id (validation reports it) gives
        None, or while serving a marked reference with the problem beside it.
        """
        self.tracker.uses("paper", paper_id)
        paper = self.kb.papers.get(paper_id)
        if paper is None:
            if not self.options.serving:
                return None
            fix = did_you_mean(paper_id, self.kb.papers)
            problem = f"[[{paper_id}]] names no paper{fix} (this hint shows only while serving)"
            return RefLink("", f"no paper '{paper_id}'", text or paper_id, broken=problem)
        if page_src is not None:
            note = self.kb.note_of_paper.get(paper_id)  # a paper with a note: its page is the note's file
            target = note.src_uri if note is not None else self.paper_src(paper_id)
            href = posixpath.relpath(target, posixpath.dirname(page_src) or ".")
        else:
            href = relative_url(url_of(self.paper_src(paper_id), self.options.use_directory_urls), page_url)
        return RefLink(href, paper.title, text or paper.name)


def template_environment(override_dir: Path | None, compiled: jinja2.BytecodeCache | None) -> jinja2.Environment:
    """The package's templates; those in <custom_dir>/papernotes/ replace the package's own of the same name."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            ([jinja2.FileSystemLoader(str(override_dir))] if override_dir and override_dir.is_dir() else [])
            + [jinja2.PackageLoader("papernotes.site", "templates")]
        ),
        autoescape=True,
        auto_reload=False,  # a plan lives for one build; no need to stat templates per render
        trim_blocks=False,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=compiled,
    )
    env.filters["counted"] = counted
    return env
