"""The pages of the site: which pages exist, where they live, and their HTML.

`SitePlan` knows the knowledge base, its indexes and the URL of every page, and renders the
HTML fragments that the MkDocs glue (`plugin.py`) puts into pages. It knows nothing of MkDocs
beyond the URL rules, so it can be tested on its own.
"""

from __future__ import annotations

import heapq
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..knowledge.cite import Citations, KeptEntries, citations_of
from ..knowledge.layout import INDEX_TITLES, Layout
from ..knowledge.model import Paper, check_url, tag_label
from ..knowledge.papers_blocks import PapersBlock, check_block, known_vocabulary, matches, ordered, read_block
from ..knowledge.problems import counted
from ..knowledge.validation import KnowledgeBase, Note, venue_lookup
from .dependencies import EVERYTHING, Token
from .escaping import html_text
from .explorer import explore_page, explore_rest
from .feed import FEED_URI
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
from .options import Options
from .ref_links import RefLink
from .stats import ReadingStats, reading_stats
from .stats_page import stats_page
from .urls import is_remote, relative_url, root_prefix, url_of

BIB_URI = "papers.bib"  # every record as BibTeX, at the site root
# Where a generated page's part that search never indexes goes, until the search index has read the page.
DEFERRED = "<!-- papernotes:deferred -->"
LATEST_READ = 5  # papers the home page lists under "Latest read"
# The reading log unfolds its newest weeks up to this many papers (about 0.6 MB of HTML); the
# weeks before are listed by year as links to their own pages, so the page stays light.
LOG_PAPERS = 1000
# A tag's page lists this many papers of each sub-topic, then links the sub-topic's own page,
# which lists them all: a top-level tag's page listed thousands at 10,000 papers.
SUBTOPIC_PAPERS = 50
# The reading list shows this many papers a page (about 0.5 MB of HTML); more go on its next pages.
READING_PAGE_PAPERS = 1000
READING_SECTIONS = {"reading": "Reading", "to-read": "To read", "read-without-notes": "Read, notes to be written"}
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


def reading_parts(
    sections: dict[str, list[Paper]], per_page: int | None = None
) -> list[list[tuple[str, int, list[Paper]]]]:
    """The reading list cut into pages of at most `per_page` papers (READING_PAGE_PAPERS), in
    order: each page a list of (section, where its papers start in the section, papers). The
    first page names every section, an empty one too."""
    per_page = READING_PAGE_PAPERS if per_page is None else per_page
    parts: list[list[tuple[str, int, list[Paper]]]] = [[]]
    room = per_page
    for section, papers in sections.items():
        start = 0
        if not papers or room == 0 or len(parts) > 1:
            parts[0].append((section, 0, []))  # named on the first page, its papers (if any) on the next
        while start < len(papers):
            if room == 0:
                parts.append([])
                room = per_page
            taken = papers[start : start + room]
            if len(parts) == 1 and start == 0:
                parts[0].append((section, 0, taken))
            else:
                parts[-1].append((section, start, taken))
            start += len(taken)
            room -= len(taken)
    return parts


def reading_part_src(index_src: str, number: int) -> str:
    """Where page `number` of the reading list lives: reading-list/2/ beside reading-list/."""
    return index_src if number == 1 else f"{index_src.rsplit('/', 1)[0]}/{number}.md"


def unfolded_weeks(weeks: list[Week], budget: int | None = None) -> tuple[list[Week], list[tuple[int, list[Week]]]]:
    """The weeks the reading log shows with their papers, newest first while they hold at most
    `budget` papers together (LOG_PAPERS; the newest week always), and the others by year, newest first."""
    budget = LOG_PAPERS if budget is None else budget
    shown = 0
    unfolded: list[Week] = []
    for week in weeks:
        if unfolded and shown + len(week.papers) > budget:
            break
        unfolded.append(week)
        shown += len(week.papers)
    earlier: dict[int, list[Week]] = {}
    for week in weeks[len(unfolded):]:
        earlier.setdefault(week.monday.year, []).append(week)
    return unfolded, list(earlier.items())


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
    citations: dict[str, KeptEntries] = field(default_factory=dict)  # BibTeX entries by paper, with their inputs
    items: dict[ItemKey, Markup] = field(default_factory=dict)  # list entries by their record's digest
    fragments: dict[tuple[str, str, str, str], Markup] = field(default_factory=dict)  # see SitePlan.kept_macro


class SitePlan:
    def __init__(
        self,
        kb: KnowledgeBase,
        options: Options,
        note_titles: dict[str, str] | None = None,
        override_dir: Path | None = None,
        memo: PlanMemo | None = None,
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
        self._env = jinja2.Environment(
            # Templates in <custom_dir>/papernotes/ replace the package's own of the same name.
            loader=jinja2.ChoiceLoader(
                ([jinja2.FileSystemLoader(str(override_dir))] if override_dir and override_dir.is_dir() else [])
                + [jinja2.PackageLoader("papernotes.site", "templates")]
            ),
            autoescape=True,
            auto_reload=False,  # a plan lives for one build; no need to stat templates per render
            trim_blocks=False,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=memo.templates if memo else None,
        )
        self._env.filters["counted"] = counted
        self._items: dict[ItemKey, Markup] = {}
        self._blocks: dict[str, PapersBlock] = {}  # a papers block's text -> the block, read and checked
        self._block_papers: dict[str, list[Paper]] = {}  # and the papers it lists
        self._vocabulary: tuple[set[str], dict[str, str]] | None = None
        self._paper_order: dict[str, int] = {}
        self._item_modules: dict[tuple[str, str], Any] = {}
        # While serving: what the page being rendered reads (see dependencies.py), and list
        # entries of the previous build kept by their record's digest.
        self.reads: set[Token] | None = None
        self.kept_items: dict[ItemKey, Markup] = memo.items if memo else {}
        self.items_by_digest: dict[ItemKey, Markup] = {}
        self.kept_fragments = memo.fragments if memo else {}
        self.fragments: dict[tuple[str, str, str, str], Markup] = {}
        self.item_digest: Any = None  # paper id -> digest of its entry's inputs, when entries are kept

    @cached_property
    def reading_parts(self) -> list[list[tuple[str, int, list[Paper]]]]:
        return reading_parts(self.reading)

    @staticmethod
    def _reading_page_of(parts: list[list[tuple[str, int, list[Paper]]]]) -> dict[str, list[int]]:
        """The pages each section of the reading list is on, by number."""
        pages: dict[str, list[int]] = {}
        for number, part in enumerate(parts, 1):
            for section, _start, papers in part:
                if papers or number == 1:
                    pages.setdefault(section, []).append(number)
        return pages

    @cached_property
    def stats(self) -> ReadingStats:
        """The reading stats of the whole base, which the stats page shows and its digest covers."""
        return reading_stats(self.kb, self.options.weekly_goal, self.options.week_start)

    def read(self, kind: str, key: str = "") -> None:
        """Note that the page being rendered shows `(kind, key)` of the knowledge base."""
        if self.reads is not None:
            self.reads.add((kind, key))

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

    def planned_pages(self) -> Iterator[PlannedPage]:
        """Every page the plugin generates (paper pages of papers that have a note excluded)."""
        for paper in self.kb.papers.values():
            if paper.id not in self.kb.note_of_paper:
                yield PlannedPage(self.paper_src(paper.id), html_text(paper.title), "paper", paper.id)
        if self.enabled("weeks"):
            yield PlannedPage(self.index_src("weeks") or "", INDEX_TITLES["weeks"], "weeks", in_nav=True)
            for week in self.weeks:
                yield PlannedPage(self.week_src(week) or "", html_text(week.label), "week", week.slug)
        if self.enabled("tags"):
            yield PlannedPage(self.index_src("tags") or "", INDEX_TITLES["tags"], "tags", in_nav=True)
            for key, tag in self.tags.items():
                # titled by what the tag names, where papers.yaml says it; the key is beside it
                yield PlannedPage(self.tag_src(key) or "", html_text(tag.description or key), "tag", key)
        if self.enabled("venues"):
            yield PlannedPage(self.index_src("venues") or "", INDEX_TITLES["venues"], "venues", in_nav=True)
            for venue in self.venues:
                yield PlannedPage(self.venue_src(venue) or "", html_text(venue.key), "venue", venue.slug)
        if self.enabled("years"):
            yield PlannedPage(self.index_src("years") or "", INDEX_TITLES["years"], "years", in_nav=True)
            for year, _ in self.years:
                yield PlannedPage(self.year_src(year) or "", str(year), "year", str(year))
        if self.enabled("reading"):
            index_src = self.index_src("reading") or ""
            yield PlannedPage(index_src, INDEX_TITLES["reading"], "reading", in_nav=True)
            count = len(self.reading_parts)
            for number in range(2, count + 1):
                title = f"{INDEX_TITLES['reading']} ({number} of {count})"
                yield PlannedPage(reading_part_src(index_src, number), title, "reading", str(number))
        if self.enabled("explore"):
            yield PlannedPage(self.index_src("explore") or "", INDEX_TITLES["explore"], "explore", in_nav=True)
        if self.enabled("stats"):
            yield PlannedPage(self.index_src("stats") or "", INDEX_TITLES["stats"], "stats", in_nav=True)

    def index_nav(self, other_pages: list[str]) -> tuple[list[Any], list[str]]:
        """The head of the nav when mkdocs.yml has none (home, then the indexes), and the user's
        other pages that follow it, for the caller to nest by folder."""
        nav: list[Any] = []
        rest = [src for src in other_pages if src not in ("index.md", "README.md")]
        if len(rest) < len(other_pages):
            nav.append({"Home": "index.md" if "index.md" in other_pages else "README.md"})
        for page in self.planned_pages():
            if page.in_nav:
                nav.append({page.title: page.src_uri})
        return nav, rest

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
        self.read("paper", paper.id)
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
            self.read("paper", paper.id)  # its entry, drawn or kept, shows the record
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

    def paper_header(self, paper: Paper, page_url: str) -> str:
        self.read("paper", paper.id)
        links: list[tuple[str, str]] = []
        if paper.url:
            links.append(("url", self._href(paper.url, page_url)))
        links.extend((kind, self._href(href, page_url)) for kind, href in paper.links.items())
        image = remote_image = None
        if paper.image:
            if is_remote(paper.image):
                remote_image = paper.image  # a thumbnail from another host would leak the visit
            else:
                image = self._href(paper.image, page_url)
        return self._render(
            "paper_header.html",
            page_url,
            paper=paper,
            week=self.week_of.get(paper.id),
            links=links,
            image=image,
            remote_image=remote_image,
            has_note=paper.id in self.kb.note_of_paper,
        )

    def paper_footer(self, paper: Paper, page_url: str) -> str:
        self.read("mentions", paper.id)
        self.read("related", paper.id)
        mentions = [(self.note_src(src), self.note_titles.get(src, src)) for src in self.mentions.get(paper.id, [])]
        return self._render(
            "paper_footer.html", page_url, paper=paper, mentions=mentions, related=self.related.get(paper.id, []),
            cite=Markup(self.paper_cite(paper, page_url)),
        )

    def paper_cite(self, paper: Paper, page_url: str) -> str:
        """The Cite block: the paper's BibTeX in a code block (Material's copy button copies it)."""
        self.read("cite", paper.id)  # its key and venue: another record can take the key
        return self._render(
            "cite.html", page_url, bibtex=self.citations.bibtex(paper), key=self.citations.keys[paper.id]
        )

    def _href(self, href: str, page_url: str) -> str:
        """A link from papers.yaml: absolute as is, relative ones against the site root."""
        safe = check_url(href)  # validated already; checked again since this is the HTML boundary
        if is_remote(safe) or safe.startswith(("#", "?")):
            return safe
        return relative_url(safe.lstrip("/"), page_url)

    def index_page(self, page: PlannedPage, page_url: str) -> str:
        """HTML body of a generated index page."""
        self.read(page.kind, page.key)  # the list's members and labels; each member's record as it is listed
        if page.kind == "weeks":
            read_count = sum(w.read_count for w in self.weeks)
            unfolded, earlier = unfolded_weeks(self.weeks)
            return self._render(
                "weeks_index.html", page_url, weeks=self.weeks, unfolded=unfolded, earlier=earlier, read_count=read_count
            )
        if page.kind == "week":
            at = self.week_at[page.key]
            newer = self.weeks[at - 1] if at > 0 else None
            older = self.weeks[at + 1] if at + 1 < len(self.weeks) else None
            return self._render("week.html", page_url, week=self.weeks[at], newer=newer, older=older)
        if page.kind == "tags":
            roots = [key for key in self.tags if "/" not in key]
            return self._render("tags_index.html", page_url, tags=self.tags, roots=roots, paper_count=len(self.kb.papers))
        if page.kind == "tag":
            tag = self.tags[page.key]
            parent = page.key.rsplit("/", 1)[0] if "/" in page.key else None
            notes = [
                (self.note_src(note.src_uri), self.note_titles.get(note.src_uri, note.src_uri))
                for note in self.notes_of_tag.get(page.key, [])
            ]
            return self._render(
                "tag.html", page_url, tag=tag, parent=parent, notes=notes, groups=self.tag_groups(page.key), tags=self.tags,
                subtopic_papers=SUBTOPIC_PAPERS,
            )
        if page.kind == "venues":
            return self._render("venues_index.html", page_url, venues=self.venues, venue_count=self.venue_count)
        if page.kind == "venue":
            venue = self.venue_by_slug[page.key]
            entry = self.kb.venues.get(venue.key)
            return self._render("venue.html", page_url, venue=venue, aliases=entry.aliases if entry else [])
        if page.kind == "years":
            undated = sum(1 for p in self.kb.papers.values() if p.year is None)
            return self._render("years_index.html", page_url, years=self.years, undated=undated)
        if page.kind == "year":
            papers = self.papers_of_year[page.key]
            return self._render("year.html", page_url, year=int(page.key), papers=papers)
        if page.kind == "reading":
            parts = self.reading_parts
            number = int(page.key or 1)
            index_src = self.index_src("reading") or ""
            return self._render(
                "reading_list.html", page_url, sections=self.reading, part=parts[number - 1], number=number,
                pages=[reading_part_src(index_src, at) for at in range(1, len(parts) + 1)],
                page_of=self._reading_page_of(parts), section_titles=READING_SECTIONS,
            )
        if page.kind == "explore":
            return explore_page(self, page_url)
        if page.kind == "stats":
            return stats_page(self, page_url)
        raise ValueError(f"no index page of kind {page.kind!r}")

    def index_page_deferred(self, page: PlannedPage, page_url: str) -> tuple[str, str]:
        """The page's HTML with DEFERRED in place of the part that search never indexes, and that
        part: the glue lets the search index read the short HTML and then puts the part in (the
        <noscript> list of a 10,000-paper explorer is most of what the index would parse)."""
        if page.kind == "explore":
            self.read(page.kind, page.key)
            return explore_page(self, page_url, rest=DEFERRED), explore_rest(self, page_url)
        return self.index_page(page, page_url), ""

    def tag_groups(self, key: str) -> list[tuple[str | None, str, list[Paper]]]:
        """A tag's papers by sub-topic: (child tag or None for the tag itself, anchor, papers).
        A tag without children has one group; a paper of two sub-topics is in both."""
        tag = self.tags[key]
        if not tag.children:
            return [(None, "papers", tag.papers)]
        direct = [paper for paper in tag.papers if key in paper.tags]
        groups: list[tuple[str | None, str, list[Paper]]] = [(None, "papers", direct)] if direct else []
        for child in tag.children:
            groups.append((child, "topic-" + child.replace("/", "-"), self.tags[child].papers))
        return groups

    def index_toc(self, page: PlannedPage) -> list[tuple[int, str, str]]:
        """The headings of a generated page's table of contents: (level, anchor, text), text
        plain (the caller escapes it). The HTML is made from templates, not Markdown, so the
        theme would otherwise show no table of contents."""
        if page.kind == "weeks":
            unfolded, earlier = unfolded_weeks(self.weeks)
            return [(2, week_anchor(week), week.label) for week in unfolded] + [
                (2, f"log-{year}", str(year)) for year, _weeks in earlier
            ]
        if page.kind == "week":
            week = self.weeks[self.week_at[page.key]]
            return [(2, f"group-{at}", group) for at, (group, _) in enumerate(week.groups(), 1)]
        if page.kind == "venue":
            venue = self.venue_by_slug[page.key]
            return [(2, f"y{year or 'unknown'}", str(year or "Year unknown")) for year, _ in venue.by_year()]
        if page.kind == "tag" and self.tags[page.key].children:
            return [
                (2, anchor, f"{page.key} itself" if child is None else self.tags[child].description or child)
                for child, anchor, _ in self.tag_groups(page.key)
            ]
        if page.kind == "reading":
            part = self.reading_parts[int(page.key or 1) - 1]
            return [(2, section, READING_SECTIONS[section]) for section, _start, _papers in part]
        return []

    @property
    def venue_count(self) -> int:
        """Venues with a name: the bucket of papers without a venue is not one."""
        return sum(1 for venue in self.venues if venue.key != OTHER_VENUE)

    def latest_read(self, page_url: str, count: int = LATEST_READ) -> str:
        """The most recently read papers, newest first, for the home page."""
        read = [p for p in self.kb.papers.values() if p.read is not None and p.reading_status == "read"]
        latest = heapq.nsmallest(count, read, key=lambda p: (-p.read.toordinal() if p.read else 0, p.title.lower()))
        feed_src = FEED_URI if self.options.feed else None
        return self._render("latest_read.html", page_url, papers=latest, feed_src=feed_src)

    def summary(self, page_url: str) -> str:
        """What the knowledge base holds, for the home page."""
        # Its counts and its latest-read list change with most edits of papers.yaml: one page.
        self.read(*EVERYTHING)
        return self._summary(page_url) + self.latest_read(page_url)

    def _summary(self, page_url: str) -> str:
        papers = self.kb.papers.values()
        return self._render(
            "summary.html",
            page_url,
            paper_count=len(self.kb.papers),
            read_count=sum(1 for p in papers if p.reading_status == "read"),
            note_count=len(self.kb.note_of_paper),
            week_count=len(self.weeks),
            tag_count=len(self.tags),
            venue_count=self.venue_count,
            year_count=len(self.years),
            to_read_count=len(self.reading["to-read"]),
            reading_count=len(self.reading["reading"]),
            latest=self.weeks[0] if self.weeks else None,
        )

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

    def resolve_ref(self, paper_id: str, text: str | None, page_url: str) -> RefLink | None:
        """Where `[[paper_id]]` or `[[paper_id|text]]` on the page at `page_url` links to, with
        the paper's title as tooltip and `text` or its short name as text; None for an unknown
        id (validation reports it). Plain text: the Markdown extension escapes it."""
        self.read("paper", paper_id)
        paper = self.kb.papers.get(paper_id)
        if paper is None:
            return None
        href = relative_url(url_of(self.paper_src(paper_id), self.options.use_directory_urls), page_url)
        return RefLink(href, paper.title, text or paper.name)
