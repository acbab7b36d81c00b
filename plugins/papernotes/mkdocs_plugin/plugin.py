"""MkDocs glue: hooks that hand the work to plain functions and report problems to MkDocs.

The knowledge base is loaded and validated once per build (`on_config`), pages are planned
in `on_files`, and their HTML is written in `on_page_content`. Problems go through the
`mkdocs.plugins.papernotes` logger (`properdocs.plugins.papernotes` under ProperDocs), so
`mkdocs build --strict` and `properdocs build --strict` fail on warnings.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import gc
import logging
import re
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import nest_paths

from ..knowledge.layout import Layout
from ..knowledge.loading import clean_text
from ..knowledge.model import Paper
from ..knowledge.problems import Problem, counted, quote
from ..knowledge.validation import FatalProblem, KnowledgeBase, Note, load_knowledge_base, split_front_matter
from ..site.dependencies import EVERYTHING, Dependencies, Token, reads_papers_blocks
from ..site.escaping import escape_meta, html_text, neutralise_unsafe_links
from ..site.explorer import asset_text, explore_assets
from ..site.feed import FEED_URI, atom_feed, feed_link
from ..site.options import Options
from ..site.pages import BIB_URI, DEFERRED, PlannedPage, SitePlan, note_title
from ..site.papers_blocks import PapersBlocksExtension
from ..site.ref_links import RefLinksExtension
from ..site.search.build import (
    INDEX_DIR,
    WORKER_URI,
    IndexBuild,
    chosen_engine,
    park,
    scratch_folder,
    unpark,
    with_search_worker,
)
from ..site.search.pagefind_service import PagefindError
from ..site.search.records import SearchRecord, site_records
from ..site.stats_page import STYLE_URI as STATS_STYLE_URI
from ..site.urls import relative_url, url_of
from .config import PapernotesConfig
from .serve_banner import banner_html, with_banner
from .serve_cache import CachedPage, RenderCache, SitemapEntry, SitemapPage, digest, folder_signature

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

# The engine's own logger tree: `mkdocs.plugins.papernotes` under MkDocs, and under ProperDocs
# (which serves `mkdocs.*` imports from `properdocs.*`) `properdocs.plugins.papernotes`, since
# ProperDocs counts the warnings that fail --strict on its `properdocs` logger and hangs the
# `mkdocs` logger below it only in its command line, not when a build is run in-process.
log = logging.getLogger(f"{BasePlugin.__module__.partition('.')[0]}.plugins.papernotes")
# Where the engine says it wrote no file for a page whose output was empty (a cached page's).
build_log = logging.getLogger(f"{BasePlugin.__module__.partition('.')[0]}.commands.build")
# Where it says a page links to one excluded from the build (a page held back while serving).
pages_log = logging.getLogger(f"{BasePlugin.__module__.partition('.')[0]}.structure.pages")
EXCLUDED_LINK_RE = re.compile(r"Doc file '.*' contains a link to '(.*)' which is excluded from the built site\.$")

SUMMARY_MARKER = "<!-- papernotes:summary -->"
STYLESHEET = "assets/papernotes/papernotes.css"
SEARCH_SCRIPT = "assets/papernotes/search-query.js"  # tidies queries for Material's search worker
_THEME = Path(__file__).parent / "theme"
CACHED_TEMPLATE = "papernotes_cached.html"
# main.html with the feed's <link> in the head: extends the theme's (or the overrides') main.html
FEED_TEMPLATE = "papernotes_main.html"
# Generated pages that only list papers: left out of the search index (they would match every
# query about their papers, and parsing them for the index cost almost as much as all paper pages).
LISTING_KINDS = frozenset({"week", "tag", "venue", "year", "reading", "weeks", "tags", "venues", "years", "stats"})
# A paper's page ranks above notes and guide pages that mention it (Material's `search.boost`).
PAPER_SEARCH_BOOST = 4
# Material weighs a page's tags a thousand times its title; with wildcards, `net` then finds
# every page tagged `net` before the paper named so. `tags:x` queries do not need the weight.
SEARCH_TAGS_BOOST = 1.0
# The index whose tab is active on a generated page outside the nav.
INDEX_OF_KIND = {"week": "weeks", "tag": "tags", "venue": "venues", "year": "years", "reading": "reading"}


class PapernotesPlugin(BasePlugin[PapernotesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.plan: SitePlan | None = None
        self.papers_path: Path | None = None
        self.planned: dict[str, PlannedPage] = {}  # src_uri -> generated page
        self.paper_of_note: dict[str, str] = {}  # src_uri of a note -> paper id
        self.home_generated = False
        self.feed_generated = False
        self.data_files: list[File] = []  # generated files whose text is dropped once written
        self.deferred_html = ""  # the part of the page being written that search does not read (DEFERRED)
        self.cache: RenderCache | None = None  # only while serving
        self.shared_signature = ""
        self.page_keys: dict[str, str] = {}
        self.cached: dict[str, CachedPage] = {}  # src_uri -> the page reused in this build
        self.nav_titled: set[str] = set()  # src_uri of the pages mkdocs.yml's nav titles, escaped in on_nav
        # While serving, unchanged pages outside the nav that the engine does not build at all:
        # their files are marked excluded for this build (see _hold_back).
        self.held_back: dict[str, CachedPage] = {}
        self.page_order: list[str] = []  # src_uri of every page, in the order the engine builds them
        self.page_entries: dict[str, list[Any]] = {}  # src_uri -> its search entries in this build
        self.dependencies: Dependencies | None = None  # only while serving
        self.reads: dict[str, set[Token]] = {}  # src_uri -> what the page read while rendered
        self.search_entries: list[Any] | None = None  # the search plugin's index of this build
        self.search_mark: int | None = None  # its length before the current page was indexed
        self.serving = False  # `mkdocs serve`: author hints on the pages (Options.serving)
        self.active_tab: Any = None  # the nav entry marked active for a page outside the nav
        self.ref_links = RefLinksExtension()  # renders [[id]] while MkDocs converts a page's Markdown
        self.papers_blocks = PapersBlocksExtension()  # and ```papers blocks
        # While serving: the errors of the latest build, shown on every page served, and whether
        # they stopped it, so the site served is the last one built without errors.
        self.serve_problems: list[Problem] = []
        self.search_engine = "lunr"  # or "pagefind" (the `search` option), "" without Material's search
        self.search_index: IndexBuild | None = None  # the Pagefind index being written for this build
        self.parked_index: Path | None = None  # while serving: the index served, out of the site folder being emptied
        self.kept_last_site = False
        self.good_site_built = False

    @property
    def reused(self) -> set[str]:
        """The pages whose HTML this build took from the previous one (held back or cached)."""
        return set(self.cached) | set(self.held_back)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keeps the plugin alive across `mkdocs serve` rebuilds, so rendered pages can be reused.

        Not with `--dirty`: MkDocs then keeps site_dir and writes only changed pages itself.
        """
        self.serving = command == "serve"
        # MkDocs keeps one instance of the plugin per process: a build after a serve in the same
        # process must not reuse that serve's cache.
        if self.cache is not None:
            self.cache.close()
        self.cache = RenderCache() if command == "serve" and not dirty else None
        self.serve_problems, self.kept_last_site, self.good_site_built = [], False, False

    def on_build_error(self, *, error: Exception) -> None:
        gc.enable()

    def on_shutdown(self) -> None:
        gc.enable()
        self._finish_search_index(raise_errors=False)
        build_log.removeFilter(self.skipped_filter)
        pages_log.removeFilter(self.held_back_filter)
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    # ------------------------------------------------------------------ config

    @event_priority(100)  # before Material's search plugin sets its default field weights
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and validate the knowledge base; runs on every build, so serve sees edits."""
        self.cached, self.page_keys, self.reads, self.dependencies = {}, {}, {}, None
        self.held_back, self.page_order, self.page_entries = {}, [], {}
        quiet_jieba()
        if not self.config.enabled:
            return None
        if self.cache is not None:
            self.cache.theme_listing.install(config.theme, self.cache.templates)
            if self.cache.builds:
                # A full collection in the middle of a rebuild cost 0.02-0.2 s at 1,000 papers,
                # up to a fifth of the rebuild; collections run again once it is done.
                gc.disable()
        weigh_search_fields(config)
        root = Path(config.config_file_path or ".").resolve().parent
        self.papers_path = root / self.config.papers
        self.kept_last_site = False
        if not self.papers_path.is_file():
            message = (f"no papers file at {self.papers_path} "
                       "(create papers.yaml beside mkdocs.yml, or set the plugin option 'papers')")
            # while serving, e.g. between an editor's delete and write of papers.yaml
            self._keep_last_site([Problem(str(self.config.papers), 1, 1, "error", message)], logged=False)
            raise PluginError(f"papernotes: {message}")
        try:
            memo = self.cache.loaded if self.cache is not None else None
            layout = Layout.of(self._options(config))
            kb = load_knowledge_base(self.papers_path, Path(config.docs_dir), root, dt.date.today(), memo, layout)
        except FatalProblem as exc:
            self._keep_last_site([Problem(str(self.config.papers), 1, 1, "error", str(exc))], logged=False)
            raise PluginError(f"papernotes: {exc}") from None
        if kb.fatal is not None:
            self._keep_last_site([kb.fatal], logged=False)
            raise PluginError(f"papernotes: {kb.fatal.format()}")
        problems = [*kb.problems, *theme_problems(kb, config.theme.dirs)]
        for problem in problems:
            (log.error if problem.severity == "error" else log.warning)(problem.format())
        if self.cache is not None:
            errors = [problem for problem in problems if problem.severity == "error"]
            self._keep_last_site(errors)
            self.serve_problems = errors
        warnings = [problem for problem in kb.problems if problem.severity == "warning"]
        if warnings and config.strict and not log.isEnabledFor(logging.WARNING):
            # `build --strict -q`: the engine drops warnings before its strict count sees them
            for problem in warnings:
                log.error(problem.format())
            raise PluginError(f"papernotes: {counted(len(warnings), 'warning')} in strict mode")
        self.kb = kb
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        self.search_engine = chosen_engine(self.config.search, len(kb.papers)) if material_search(config) else ""
        if self.search_engine == "lunr" and SEARCH_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SEARCH_SCRIPT)
        # [[id]] becomes an element inside Python-Markdown, never HTML text that Markdown reads
        # again (MkDocs passes instances in markdown_extensions on to Python-Markdown).
        self.ref_links.resolve = None
        self.papers_blocks.render = None
        extensions = cast(list[Any], config.markdown_extensions)  # typed as names; instances are passed on too
        if self.ref_links not in extensions:
            extensions.append(self.ref_links)
        if self.papers_blocks not in extensions:
            extensions.append(self.papers_blocks)
        return config

    def _keep_last_site(self, problems: list[Problem], logged: bool = True) -> None:
        """While serving, after a build without errors: errors stop the rebuild before MkDocs
        empties the site folder, so the last good site stays served, with the errors in a banner."""
        if self.cache is None or not problems or not self.good_site_built:
            return
        for problem in [] if logged else problems:
            log.error(problem.format())
        self.serve_problems, self.kept_last_site = problems, True
        raise PluginError(
            f"papernotes: {counted(len(problems), 'problem')} stopped the rebuild; "
            "serving the last good site until they are fixed"
        )

    def _options(self, config: MkDocsConfig) -> Options:
        cfg = self.config
        return Options(
            indexes=tuple(cfg.indexes),
            prefix_papers=cfg.prefix_papers.strip("/"),
            prefix_weeks=cfg.prefix_weeks.strip("/"),
            prefix_tags=cfg.prefix_tags.strip("/"),
            prefix_venues=cfg.prefix_venues.strip("/"),
            prefix_years=cfg.prefix_years.strip("/"),
            prefix_reading=cfg.prefix_reading.strip("/"),
            prefix_explore=cfg.prefix_explore.strip("/"),
            prefix_stats=cfg.prefix_stats.strip("/"),
            week_start=cfg.week_start,
            weekly_goal=cfg.weekly_goal,
            related_papers=cfg.related_papers,
            feed=cfg.feed,
            feed_entries=cfg.feed_entries,
            site_url=config.site_url or None,
            site_name=config.site_name,
            site_author=config.site_author or None,
            use_directory_urls=config.use_directory_urls,
            serving=self.serving,
        )

    # ------------------------------------------------------------------ files

    @event_priority(-50)  # after other plugins added their files, so collisions are seen
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.kb is None:
            return None
        kb = self.kb
        for loop in kb.folder_loops:  # reported; MkDocs would copy the files below it until the OS stops it
            for file in [f for f in files if f.src_uri.startswith(loop + "/")]:
                files.remove(file)
        note_titles = {src_uri: note_title(note) for src_uri, note in kb.notes.items()}
        custom_dir = config.theme.custom_dir
        plan = SitePlan(
            kb, self._options(config), note_titles, Path(custom_dir, "papernotes") if custom_dir else None,
            self.cache.plan if self.cache is not None else None,
        )
        self.plan = plan
        self.paper_of_note = {}
        for paper_id, note in kb.note_of_paper.items():
            note_file = files.get_file_from_path(note.src_uri)
            if note_file is None:
                continue
            self._move_to(note_file, plan.paper_src(paper_id), config)
            note_file.inclusion = InclusionLevel.NOT_IN_NAV
            self.paper_of_note[note.src_uri] = paper_id
            note_titles[note.src_uri] = kb.papers[paper_id].title
        self.planned = {}
        for page in plan.planned_pages():
            if page.src_uri in self.planned:
                continue  # a tag or venue whose page would replace another: reported by validation
            if files.get_file_from_path(page.src_uri) is not None:
                log.warning(
                    f"papernotes: {config.docs_dir}/{page.src_uri} hides a page papernotes makes "
                    f"({page.kind} {page.key!r}); rename the file or change the plugin's URL prefix"
                )
                continue
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
            self.planned[page.src_uri] = page
        self.home_generated = files.get_file_from_path("index.md") is None and files.get_file_from_path("README.md") is None
        if self.home_generated:
            files.append(File.generated(config, "index.md", content=f"# {html_text(config.site_name)}\n\n{SUMMARY_MARKER}\n"))
        if config.nav is None:
            in_nav = [
                f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_nav) if f.src_uri not in self.planned
            ]
            head, rest = plan.index_nav(in_nav)
            config.nav = head + nest_paths(rest)
        files.append(File.generated(config, STYLESHEET, content=asset_text("papernotes.css")))
        self.data_files = []
        if files.get_file_from_path(BIB_URI) is not None:
            log.warning(
                f"papernotes: {config.docs_dir}/{BIB_URI} hides the BibTeX of every paper that papernotes writes "
                "there; rename or remove the file"
            )
        else:
            self.data_files.append(File.generated(config, BIB_URI, content=plan.citations.bibliography()))
        files.append(File.generated(config, SEARCH_SCRIPT, content=asset_text("search-query.js")))
        if plan.enabled("explore"):
            for uri, content in explore_assets(plan).items():
                self.data_files.append(File.generated(config, uri, content=content))
        plan.citations.release()
        for file in self.data_files:
            files.append(file)
        if plan.enabled("stats"):
            files.append(File.generated(config, STATS_STYLE_URI, content=asset_text("stats.css")))
        self.feed_generated = False
        if self.config.feed:
            if files.get_file_from_path(FEED_URI) is not None:
                log.warning(f"papernotes: {config.docs_dir}/{FEED_URI} hides the feed papernotes makes; rename the file "
                            "or turn the feed off with 'feed: false'")
            else:
                files.append(File.generated(config, FEED_URI, content=atom_feed(plan)))
                self.feed_generated = True
        built_urls = {f.src_uri: f.url for f in files.documentation_pages(inclusion=InclusionLevel.is_included)}
        if self.search_engine == "pagefind":
            files.append(File.generated(config, WORKER_URI, content=asset_text("search-worker.js")))
        if self.cache is not None:
            self._track_dependencies(config, files, note_titles)
            self._hold_back(config, files)
            keep = {file.dest_uri for file in files if file.inclusion.is_in_serve()}
            self.cache.restore(Path(config.site_dir), keep | {cached.dest_uri for cached in self.held_back.values()})
        if self.search_engine == "pagefind":
            site_dir = Path(config.site_dir)
            output, publish = site_dir / INDEX_DIR, None
            if self.cache is not None:
                # While serving, the page reloads without waiting for the index: the last one is
                # served until this build's replaces it (at 1,000 papers a second or two later).
                unpark(self.parked_index, site_dir / INDEX_DIR)
                self.parked_index = None
                output, publish = scratch_folder(site_dir), output
            records = search_records(kb, plan, config, built_urls, note_titles, self.config.search_exclude)
            self.search_index = IndexBuild(records, output, str(config.theme.get("language") or "en"), publish)
        return files

    def _hold_back(self, config: MkDocsConfig, files: Files) -> None:
        """While serving: the pages outside the nav whose inputs did not change are left out of
        this build (marked excluded), so the engine spends nothing on them; their HTML stays as
        the previous build wrote it, their search entries are kept (on_post_build) and the
        sitemap lists them (on_template_context). Pages in the nav that did not change are
        still built by the engine, with their content from the cache (on_pre_page).

        Only with plugins known not to need every page in every build (search): a plugin
        such as a tags index or a blog reads all pages each time.
        """
        assert self.cache is not None and self.dependencies is not None
        self.page_order = [file.src_uri for file in files if file.is_documentation_page()]
        if not self.cache.builds or not all(name == "papernotes" or name.rpartition("/")[2] == "search"
                                            for name in config.plugins):
            return
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.inclusion != InclusionLevel.NOT_IN_NAV:
                continue
            src_uri = file.src_uri
            key = self.cache.key(self.shared_signature, src_uri, file.content_bytes)
            found = self.cache.get(src_uri, key, self.dependencies.unchanged)
            if found is None or (self.search_entries is not None and found.search_entries is None):
                continue
            self.held_back[src_uri] = found
            self.page_keys[src_uri] = key
            file.inclusion = InclusionLevel.EXCLUDED

    def _track_dependencies(self, config: MkDocsConfig, files: Files, note_titles: dict[str, str]) -> None:
        """While serving: the inputs every page shares, and what each part of papers.yaml digests to."""
        assert self.kb is not None and self.papers_path is not None and self.plan is not None and self.cache is not None
        dependencies = self.dependencies = Dependencies(self.plan, self.papers_path.read_bytes(), self.cache.dependencies)
        config_text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        templates = folder_signature(config.theme.custom_dir)
        # A title made from a heading with [[id]] shows the paper's name in the nav of every page.
        titles_with_refs = [
            (src_uri, dependencies.digest(("paper", ref.paper_id)))
            for src_uri, note in self.kb.notes.items()
            if "[[" in note_titles.get(src_uri, "")
            for ref in note.refs
        ]
        # What links between pages resolve against: the files of docs_dir and where notes are served.
        own_files = sorted(f.src_uri for f in files if not f.generated_by)
        # The titles the nav shows; a paper's note is no nav entry and shows its paper's title.
        nav_titles = sorted((src, title) for src, title in note_titles.items() if src not in self.paper_of_note)
        self.shared_signature = digest(
            config_text, repr(config.nav), templates, repr(nav_titles),
            repr(sorted(self.paper_of_note.items())), repr(own_files), repr(titles_with_refs), str(self.home_generated),
        )
        # A list entry shows its record and what the package's templates (or the overrides) make of it.
        salt = digest(config_text, templates)
        self.plan.item_digest = lambda paper_id: digest(salt, dependencies.digest(("paper", paper_id)))

    def _recorded(self, page: Page, reads: set[Token] | None) -> dict[Token, str]:
        """The digests of what a page read while it was rendered; a page that cannot have said
        everything it shows depends on all of papers.yaml."""
        assert self.dependencies is not None
        tokens = set(reads or ())
        src_uri = page.file.src_uri
        if src_uri in self.planned:
            known = bool(tokens)  # a page kind of the plan that records nothing
        else:
            source = page.file.content_bytes
            known = not (b"papers" in source and reads_papers_blocks(source.decode("utf-8", errors="replace")))
        if not known:
            tokens.add(EVERYTHING)
        return self.dependencies.digests(tokens)

    @staticmethod
    def _move_to(file: File, src_uri: str, config: MkDocsConfig) -> None:
        """Serve a paper's note at the paper's URL, wherever the note lives in docs_dir."""
        url = url_of(src_uri, config.use_directory_urls)
        dest = url + "index.html" if config.use_directory_urls else url
        file.dest_uri = dest
        for cached in ("url", "abs_dest_path"):
            file.__dict__.pop(cached, None)

    # ------------------------------------------------------------------ pages

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Read while serving (the cache keeps each page's entries) and to tidy each page's entries.
        self.search_entries = search_entries(config) if self.search_engine == "lunr" else None
        if self.cache is not None:
            self._finish_search_index(raise_errors=False)  # the previous rebuild's, if still being written
            self.parked_index = park(Path(config.site_dir) / INDEX_DIR)
        if self.cache is not None:
            # MkDocs empties site_dir next, file by file; moved aside, the previous output
            # is where unchanged pages are moved back from (see RenderCache).
            self.cache.set_aside(Path(config.site_dir))
            if self.skipped_filter not in build_log.filters:
                build_log.addFilter(self.skipped_filter)
            if self.held_back_filter not in pages_log.filters:
                pages_log.addFilter(self.held_back_filter)

    def held_back_filter(self, record: logging.LogRecord) -> bool:
        """Leaves out the engine's "links to a page excluded from the built site" for a page held
        back from this build (see _hold_back): it is in the site, as the previous build wrote it."""
        found = EXCLUDED_LINK_RE.match(record.msg) if isinstance(record.msg, str) else None
        return found is None or found.group(1) not in self.held_back

    def skipped_filter(self, record: logging.LogRecord) -> bool:
        """Leaves out the engine's "Page skipped" line for a cached page: its file is moved into place."""
        message = record.msg if isinstance(record.msg, str) else ""
        return not (message.startswith("Page skipped: '") and message[len("Page skipped: '") :].split("'", 1)[0] in self.cached)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Escapes the titles the nav gives (mkdocs.yml's, folder names): Material prints them as they are."""
        self.nav_titled = set()
        if not self.config.enabled:
            return None
        pending = list(nav.items)
        while pending:
            item = pending.pop()
            if isinstance(item, Page):
                if "title" in vars(item):  # a title from mkdocs.yml; otherwise on_page_content escapes it
                    item.title = html_text(item.title or "")
                    self.nav_titled.add(item.file.src_uri)
            elif item.title:
                item.title = html_text(item.title)
            pending.extend(item.children or [])
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        # MkDocs makes a new environment for every build, so its templates cannot go stale
        # within one; without this each of the theme's includes stats its file on every page.
        env.auto_reload = False
        if self.config.enabled and env.loader is not None:
            # after the theme and its overrides: papernotes' templates never replace theirs
            env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(_THEME))])
        return env  # while serving it keeps its compiled templates (ThemeListing.install)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """The page's Markdown without its front matter, behind an empty one.

        MkDocs would parse the front matter with its own YAML loader (an alias bomb or a
        self-holding list goes straight to the templates), or read `key: value` lines at the
        top of a page without `---` as MultiMarkdown meta. papernotes has parsed and checked
        it already: MkDocs sees `{}` and on_page_markdown sets page.meta from what validated.
        """
        if not self.config.enabled or page.file.generated_by:
            return None
        try:
            text = page.file.content_string
        except (OSError, ValueError):
            return None  # MkDocs reads it again and reports it
        _front, body, _line = split_front_matter(clean_text(text))
        return "---\n{}\n---\n" + body

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        """While serving, a page whose inputs did not change skips Markdown and the theme."""
        if self.cache is None or not self.config.enabled:
            return None
        src_uri = page.file.src_uri
        key = self.cache.key(self.shared_signature, src_uri, page.file.content_bytes)
        self.page_keys[src_uri] = key
        assert self.dependencies is not None
        found = self.cache.get(src_uri, key, self.dependencies.unchanged)
        if found is not None:
            self.cached[src_uri] = found
            page.render = types.MethodType(_skip_render, page)  # type: ignore[method-assign]
        else:
            self.cached.pop(src_uri, None)
            self.reads[src_uri] = set()
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.plan is None or self.kb is None:
            return None
        cached = page.file.src_uri in self.cached
        src_uri = page.file.src_uri
        planned = self.planned.get(src_uri)
        if planned is not None:
            page.meta = {"title": planned.title}
            if tabs_leave_the_sidebar_empty(config):
                page.meta["hide"] = ["navigation"]
            if planned.kind == "explore":  # the facets are its navigation: the list gets the width
                page.meta["hide"] = ["navigation", "toc"]
            if planned.kind in LISTING_KINDS:
                # Lists of papers repeat what each paper's own page says; search finds the paper page.
                page.meta["search"] = {"exclude": True}
            if planned.kind == "paper":
                page.meta["tags"] = list(self.kb.papers[planned.key].tags)
                page.meta["search"] = {"boost": PAPER_SEARCH_BOOST}
            page.title = planned.title
            return markdown
        note = self.kb.notes.get(src_uri)
        if note is not None:
            # Only the front matter that validated reaches the templates, escaped (they do not
            # autoescape). The location was checked to hold no quote, bracket, backslash or
            # space, and escaping its '&' would break the redirect's query string.
            meta = escape_meta({k: v for k, v in note.page_meta.items() if k != "location"})
            if "location" in note.page_meta:
                meta["location"] = note.page_meta["location"]
            meta["tags"] = list(note.meta.tags)
            paper_id = self.paper_of_note.get(src_uri)
            if paper_id is not None:
                paper = self.kb.papers[paper_id]
                meta["title"] = html_text(paper.title)
                meta["tags"] = list(dict.fromkeys([*paper.tags, *note.meta.tags]))
                page.title = meta["title"]
                meta["search"] = {**(meta.get("search") or {}), "boost": PAPER_SEARCH_BOOST}
                if tabs_leave_the_sidebar_empty(config) and "hide" not in meta:
                    meta["hide"] = ["navigation"]
            if any(fnmatch.fnmatchcase(src_uri, pattern) for pattern in self.config.search_exclude):
                meta["search"] = {**(meta.get("search") or {}), "exclude": True}
            page.meta = meta
        if cached:
            return ""
        plan, page_url = self.plan, page.url
        self.ref_links.resolve = lambda paper_id, text: plan.resolve_ref(paper_id, text, page_url)
        self.papers_blocks.render = lambda text: plan.papers_block(text, page_url)
        plan.reads = self.reads.get(src_uri)  # what its [[id]] links show
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.plan is None or self.kb is None:
            return None
        self.ref_links.resolve = None  # this page's Markdown is converted
        self.papers_blocks.render = None
        self.plan.reads = None
        src_uri = page.file.src_uri
        cached = self.cached.get(src_uri)
        if cached is not None:
            page.toc = cached.toc
            page.title = cached.title
            _keep_title_escaped(page)
            page.meta["template"] = CACHED_TEMPLATE
            return cached.content
        if "title" not in page.meta and src_uri not in self.nav_titled and not getattr(page, "_title_from_render", None):
            # MkDocs titles a page without a leading heading by its file name, as it is (a
            # heading's title is HTML already: tags stripped, entities kept). Were MkDocs to
            # drop `_title_from_render`, a heading would be escaped twice: shown wrong, never run.
            page.title = html_text(page.title or "")
        _keep_title_escaped(page)
        if self.feed_generated and page.meta.get("template", "main.html") == "main.html":
            page.meta["template"] = FEED_TEMPLATE  # MkDocs picks the template after this hook
        # The HTML Markdown made of the note: links such as [x](javascript:...) made inert. The
        # papernotes parts added in on_page_context come from templates that escape every value
        # and take only validated URLs, so parsing them again would only cost time.
        return neutralise_unsafe_links(html)

    def _complete_content(self, page: Page) -> None:
        """The HTML of a generated page, a paper's header and footer around its note, the home
        summary.

        Made here, page by page as MkDocs writes them, rather than in on_page_content, where
        MkDocs holds the content of every page at once: thousands of generated pages would
        otherwise sit in memory together.
        """
        assert self.plan is not None and self.kb is not None
        src_uri = page.file.src_uri
        planned = self.planned.get(src_uri)
        paper_id = planned.key if planned is not None and planned.kind == "paper" else self.paper_of_note.get(src_uri)
        html = page.content or ""
        if paper_id is not None:
            paper = self.kb.papers[paper_id]
            note = self.kb.note_of_paper.get(paper_id)
            if note is not None and note.opening_heading_line is not None and repeats_title(note.heading, paper):
                html, page.toc = without_opening_heading(html, page.toc)  # the header has the title's H1
            # The footer (cite block, related papers, mentions) is all left out of search.
            html = self.plan.paper_header(paper, page.url) + html + DEFERRED
            self.deferred_html = self.plan.paper_footer(paper, page.url)
        elif planned is not None:
            html, self.deferred_html = self.plan.index_page_deferred(planned, page.url)
            if planned.kind in LISTING_KINDS and not self.deferred_html:
                # Left out of search (on_page_markdown): the search plugin, which still scans
                # the HTML for data-search-* attributes, is given none of it.
                html, self.deferred_html = DEFERRED, html
            headings = self.plan.index_toc(planned)
            if headings:
                page.toc = get_toc(
                    [{"level": level, "id": anchor, "name": html_text(text), "children": []} for level, anchor, text in headings]
                )
        if SUMMARY_MARKER in html:
            html = html.replace(SUMMARY_MARKER, self.plan.summary(page.url))
        page.content = html

    @event_priority(50)  # before the search plugin, which indexes page.content
    def _on_page_context_first(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        self.search_mark = None
        if self.data_files:
            # The engine has copied the static files (pages are written after them): the text of
            # papers.bib and the explorer's data, megabytes at 10,000 papers, is not needed again.
            for file in self.data_files:
                file.content_bytes = b""
            self.data_files = []
        if not self.config.enabled or self.plan is None:
            return None
        if self.search_engine == "pagefind":  # Pagefind has the page's record: Material's search parses none
            page.meta["search"] = {"exclude": True}
        self._activate_tab(page, nav)
        if self.feed_generated:
            theme_context = cast(dict[str, Any], context)
            theme_context["papernotes_feed"] = feed_link(config.site_name, relative_url(FEED_URI, page.url))
        if self.search_entries is not None:
            self.search_mark = len(self.search_entries)  # where this page's entries begin
        cached = self.cached.get(page.file.src_uri)
        if cached is None:
            self.plan.reads = self.reads.get(page.file.src_uri)
            self._complete_content(page)
            self.plan.reads = None
            return context
        if self.search_entries is not None and cached.search_entries is not None:
            # Parsing the HTML again costs more than the rest of a cached page's rebuild.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            self.search_entries.extend(cached.search_entries)
        # Its HTML is in the previous output already: the search plugin's pass over the
        # content of every page (it strips data-search-* attributes) would cost seconds.
        page.content = ""
        return context

    def _activate_tab(self, page: Page, nav: Navigation) -> None:
        """A page outside the nav (a paper, a week, a tag...) marks the index it belongs to as
        active, so the theme highlights that tab; undone once the page is written."""
        assert self.plan is not None
        src_uri = page.file.src_uri
        planned = self.planned.get(src_uri)
        paper_id = planned.key if planned is not None and planned.kind == "paper" else self.paper_of_note.get(src_uri)
        index = INDEX_OF_KIND.get(planned.kind) if planned is not None else None
        if paper_id is not None:
            # a read paper belongs to the reading log, one not read yet to the reading list
            choices = ("weeks", "reading", "explore") if paper_id in self.plan.week_of else ("reading", "explore")
            index = next((choice for choice in choices if self.plan.enabled(choice)), None)
        index_src = self.plan.index_src(index) if index else None
        if index_src is None:
            return
        entry = next((item for item in nav.pages if item.file.src_uri == index_src), None)
        if entry is not None:
            entry.active = True
            self.active_tab = entry

    @event_priority(-100)  # after the search plugin and the others
    def _on_page_context_last(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        cached = self.cached.get(page.file.src_uri)
        if cached is not None:
            page.content = cached.content
        elif page.content and DEFERRED in page.content:
            # The search index has read the page: the part it leaves out goes where DEFERRED
            # stands, the last one (a note's own HTML cannot follow it); an empty part too.
            head, marker, tail = page.content.rpartition(DEFERRED)
            if marker:
                page.content = head + self.deferred_html + tail
        self.deferred_html = ""
        return None

    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context_last)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.active_tab is not None:
            self.active_tab.active = False
            self.active_tab = None
        src_uri = page.file.src_uri
        cached = self.cached.get(src_uri)
        if self.held_back and self.search_entries is not None and self.search_mark is not None:
            self.page_entries[src_uri] = self.search_entries[self.search_mark :]  # put in order in on_post_build
        if cached is not None and self.cache is not None:
            # The HTML the previous build wrote, moved into place (a rename): nothing is read or
            # written again. The engine writes no file for the empty output (see skipped_filter).
            self.cache.move_back(cached, Path(config.site_dir) / page.file.dest_uri)
            return ""
        if self.search_entries is not None and self.search_mark is not None:
            tags_on_the_page_only(self.search_entries, self.search_mark)
        if self.search_engine == "pagefind":
            output = with_search_worker(output, relative_url(WORKER_URI, page.url))
        if self.feed_generated and page.meta.get("template") not in (FEED_TEMPLATE, CACHED_TEMPLATE):
            # a note's own `template:`, which extends the theme's main.html, not papernotes_main.html
            output = with_feed_link(output, feed_link(config.site_name, relative_url(FEED_URI, page.url)))
        if self.cache is not None and src_uri not in self.cached and src_uri in self.page_keys:
            entries = None
            if self.search_entries is not None and self.search_mark is not None:
                entries = self.search_entries[self.search_mark :]
            reads = self._recorded(page, self.reads.pop(src_uri, None))
            sitemap = SitemapPage(page.is_link, page.abs_url, page.canonical_url, page.update_date)
            self.cache.put(
                src_uri, self.page_keys[src_uri], reads, page.content or "", page.toc, page.title, page.file.dest_uri, entries,
                sitemap,
            )
        if src_uri in self.planned:
            page.content = None  # written out; keeping it would hold every generated page in memory
        return output

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.enable()
        if self.cache is None:  # while serving it is published when written (see on_files)
            self._finish_search_index(raise_errors=True)
        if self.cache is None:
            return
        if self.held_back:
            self._restore_held_back(Path(config.site_dir))
        self.cache.release_previous()
        if self.cache.builds and self.page_keys:  # a first build has nothing to reuse
            log.info(f"papernotes: reused {len(self.reused)} of {len(self.page_keys)} pages rendered in the previous build")
        self.cache.builds += 1
        self.good_site_built = self.good_site_built or not self.serve_problems
        if self.plan is not None:
            self.cache.plan.items = self.plan.items_for_next_build()
            self.cache.plan.fragments = self.plan.fragments_for_next_build()
            self.cache.plan.citations = self.plan.citations.made
        self.cache.dependencies = self.dependencies

    def _finish_search_index(self, raise_errors: bool) -> None:
        """Waits for the index being written; its failure stops a build, and is reported while serving."""
        if self.search_index is None:
            return
        index, self.search_index = self.search_index, None
        try:
            indexed = index.result()
        except PagefindError as exc:
            message = f"papernotes: the search index was not written: {exc}"
            if raise_errors:
                raise PluginError(message) from None
            log.error(message)
            return
        log.info(f"papernotes: search index of {indexed.pages} pages written to {index.publish or index.output}")

    def _restore_held_back(self, site_dir: Path) -> None:
        """The pages held back from this build: their HTML in place (moved back with the rest of
        the previous output, see RenderCache.restore, or one by one), and their search entries put
        in their place, so the index is the one a full build makes."""
        assert self.cache is not None
        if self.cache.restored_to != site_dir:  # else they are in place already
            for cached in self.held_back.values():
                self.cache.move_back(cached, site_dir / cached.dest_uri)
        if self.search_entries is None:
            return
        ordered: list[Any] = []
        for src_uri in self.page_order:
            held = self.held_back.get(src_uri)
            ordered.extend((held.search_entries or ()) if held is not None else self.page_entries.pop(src_uri, ()))
        for entries in self.page_entries.values():  # pages another plugin added after papernotes planned
            ordered.extend(entries)
        self.search_entries[:] = ordered
        self.page_entries = {}

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        """The 404 page links the feed too (it is no page of the site, so papernotes_main.html
        does not wrap it). It is served at any depth: its links start at the site's root path."""
        if template_name != "404.html":
            return None
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        if self.search_engine == "pagefind":
            output_content = with_search_worker(output_content, root + WORKER_URI)
        if self.feed_generated:
            output_content = with_feed_link(output_content, feed_link(config.site_name, root + FEED_URI))
        return output_content

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        """The sitemap lists the pages held back from this build too, each in its place."""
        if template_name != "sitemap.xml" or not self.held_back:
            return None
        theme_context = cast(dict[str, Any], context)
        pages = theme_context.get("pages")
        if not isinstance(pages, list):
            return None
        built = {file.src_uri: file for file in pages if isinstance(file, File)}
        listed: list[Any] = []
        for src_uri in self.page_order:
            file = built.pop(src_uri, None)
            held = self.held_back.get(src_uri)
            if file is not None:
                listed.append(file)
            elif held is not None and held.sitemap is not None:
                listed.append(SitemapEntry(held.sitemap))  # what the sitemap said of it when it was built
        theme_context["pages"] = listed + list(built.values())
        return None

    # ------------------------------------------------------------------ serve

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        """papers.yaml lives outside docs_dir: watch it so saving it rebuilds and reloads.

        A rebuild that errors in papers.yaml or a note stopped leaves the last good site in place;
        it then ends without an exception, so the server still reloads the open pages, which
        show the errors in a banner (`serve_banner`) until a save fixes them.
        """
        if self.config.enabled and self.papers_path is not None:
            server.watch(str(self.papers_path))
        if self.cache is None:
            return server
        rebuild = server.builder

        def rebuild_or_keep_last_site() -> None:
            try:
                rebuild()
            except Abort:
                if not self.kept_last_site:
                    raise

        server.builder = rebuild_or_keep_last_site
        app = server.get_app()
        if app is not None:
            server.set_app(with_banner(app, self._banner))
        return server

    def _banner(self) -> str | None:
        return banner_html(self.serve_problems, self.kept_last_site) if self.serve_problems else None


def quiet_jieba() -> None:
    """jieba, which Material's search plugin imports for Chinese (`lang: zh`), sets its own logger
    to DEBUG with a handler of its own when imported, and so prints four lines about its
    dictionary to stderr on every build. Its logger is set to warnings here, after that import
    (the engine loads the search plugin with the config, before any on_config)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)


def _keep_title_escaped(page: Page) -> None:
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


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def repeats_title(heading: str | None, paper: Paper) -> bool:
    """A note's first heading that only says the paper's title or short name (or both)."""
    if not heading:
        return False
    names = {paper.title, paper.short or "", f"{paper.short or ''} {paper.title}", f"{paper.title} {paper.short or ''}"}
    return _letters(heading) in {_letters(name) for name in names if name}


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


def tabs_leave_the_sidebar_empty(config: MkDocsConfig) -> bool:
    """With Material's tabs the left sidebar shows only the active tab's section: for a page
    outside the nav it is empty, so it is hidden (the page gets the width)."""
    return "navigation.tabs" in (config.theme.get("features") or [])


def weigh_search_fields(config: MkDocsConfig) -> None:
    """Material's search weighs `tags` as papernotes needs (SEARCH_TAGS_BOOST), unless
    mkdocs.yml gives the search plugin a weight of its own for them (`fields: {tags: ...}`)."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search"):
            fields = plugin.config.get("fields")
            if isinstance(fields, dict) and "tags" not in fields:
                fields["tags"] = {"boost": SEARCH_TAGS_BOOST}


def material_search(config: MkDocsConfig) -> bool:
    """Whether Material's search plugin is on: without it the theme shows no search box."""
    return any(type(plugin).__module__.startswith("material.plugins.search") for plugin in config.plugins.values())


def search_records(
    kb: KnowledgeBase, plan: SitePlan, config: MkDocsConfig, built_urls: dict[str, str], note_titles: dict[str, str],
    excluded: list[str],
) -> list[SearchRecord]:
    """The records of this build's Pagefind index, each note's text read from docs_dir."""
    docs_dir = Path(config.docs_dir)

    def read_body(note: Note) -> str:
        try:
            return split_front_matter(clean_text((docs_dir / note.src_uri).read_text(encoding="utf-8")))[1]
        except (OSError, ValueError):
            return ""  # reported by validation

    return list(site_records(kb, built_urls.get, plan.paper_src, note_titles, read_body, excluded))


def search_entries(config: MkDocsConfig) -> list[Any] | None:
    """The entry list of Material's search index for this build, if the search plugin is on."""
    for plugin in config.plugins.values():
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        if isinstance(entries, list):
            return entries
    return None


def tags_on_the_page_only(entries: list[Any], start: int) -> None:
    """Keep a page's tags on its first search entry (the page) and drop them from its sections.

    Material copies a page's tags into every section's entry, so `tags:foo` matched each
    section and listed "N more on this page" under every tagged page.
    """
    for entry in entries[start + 1 :]:
        if isinstance(entry, dict):
            entry.pop("tags", None)


def _skip_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Stands in for Page.render on a cached page: its HTML comes from the cache."""
    page.content = ""


def theme_problems(kb: KnowledgeBase, theme_dirs: list[str]) -> list[Problem]:
    """A note's `icon` or `template` that the theme does not have, reported and left out of
    its page: Material would stop the build with a traceback (TemplateNotFound)."""

    def in_theme(name: str) -> bool:
        pieces = name.split("/")  # as Jinja's loader reads a name; it refuses '..'
        if ".." in pieces or "\\" in name or name.startswith("/"):
            return False
        return any(Path(folder, *pieces).is_file() for folder in theme_dirs)

    problems: list[Problem] = []

    def refuse(note: Note, key: str, message: str) -> None:
        """Report the key at its line and keep it off the page (the theme would raise on it)."""
        line, column = note.position(key)
        problems.append(Problem(note.file, line, column, "error", message, key))
        del note.page_meta[key]

    for note in kb.notes.values():
        icon = note.page_meta.get("icon")
        # the theme includes the escaped text (see on_page_markdown): no icon name holds <>&"'
        if isinstance(icon, str) and (html_text(icon) != icon or not in_theme(f".icons/{icon}.svg")):
            refuse(note, "icon", f"'icon' {quote(icon)} is not an icon of the theme: write one as Material names them "
                   "(material/home, fontawesome/brands/github) or put its .svg below .icons/ in your theme overrides")
        template = note.page_meta.get("template")
        if isinstance(template, str) and not in_theme(template):
            refuse(note, "template", f"'template' {quote(template)} is not a template of the theme: use 'main.html', "
                   "or add it to your theme overrides (custom_dir)")
    return problems
