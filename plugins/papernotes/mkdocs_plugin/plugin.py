"""MkDocs glue: hooks that hand the work to plain functions and report problems to MkDocs.

The knowledge base is loaded and validated once per build (`on_config`), pages are planned
and added in `on_files`, and a page's HTML is made whole in `on_page_context`, page by page as
the engine writes them. While serving, a `ServeSession` keeps what a rebuild can reuse.
Problems go through the `mkdocs.plugins.papernotes` logger (`properdocs.plugins.papernotes`
under ProperDocs), so `mkdocs build --strict` and `properdocs build --strict` fail on warnings.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..knowledge.knowledge_base import KnowledgeBase
from ..knowledge.references import references_path
from ..site.escaping import neutralise_unsafe_links
from ..site.explorer import asset_text
from ..site.feed import FEED_URI, feed_link
from ..site.pages import SitePlan, note_title
from ..site.papers_blocks import PapersBlocksExtension
from ..site.ref_links import RefLinksExtension
from ..site.search.build import WORKER_URI
from ..site.tracking import Tracker
from ..site.urls import relative_url
from . import internals
from .config import PapernotesConfig, options_of
from .loading import load_for_build
from .page_parts import (
    activate_tab,
    complete_content,
    content_kept,
    deactivate_tab,
    escape_nav_titles,
    escape_title,
    keep_title_escaped,
    markdown_parts,
    set_meta_and_title,
    with_deferred,
    with_feed_link,
)
from .serve_banner import with_banner
from .serve_cache import CachedPage
from .serve_session import ServeSession, SharedInputs
from .site_files import SiteFiles, add_site_files, extend_config
from .site_search import SiteSearch

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

log = internals.engine_logger("plugins.papernotes")
build_log = internals.engine_logger("commands.build")  # says it wrote no file for a cached page
pages_log = internals.engine_logger("structure.pages")  # says a page links to one held back

_THEME = Path(__file__).parent / "theme"
CACHED_TEMPLATE = "papernotes_cached.html"
# main.html with the feed's <link> in the head: extends the theme's (or the overrides') main.html
FEED_TEMPLATE = "papernotes_main.html"
# Material weighs a page's tags a thousand times its title; with wildcards, `net` then finds
# every page tagged `net` before the paper named so. `tags:x` queries do not need the weight.
SEARCH_TAGS_BOOST = 1.0


class PapernotesPlugin(BasePlugin[PapernotesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.plan: SitePlan | None = None
        self.papers_path: Path | None = None
        self.added = SiteFiles()  # the files this build added
        self.deferred_html = ""  # the part of the page being written that search does not read (DEFERRED)
        self.searched_content: str | None = None  # that page's content without it, kept once it is written
        self.session: ServeSession | None = None  # only while serving
        self.search_entries: list[Any] | None = None  # the search plugin's index of this build
        self.search_mark: int | None = None  # its length before the current page was indexed
        self.serving = False  # `mkdocs serve`: author hints on the pages (Options.serving)
        self.active_tab: Any = None  # the nav entry marked active for a page outside the nav
        self.nav_titled: set[str] = set()  # src_uri of the pages mkdocs.yml's nav titles, escaped in on_nav
        self.ref_links = RefLinksExtension()  # renders [[id]] while MkDocs converts a page's Markdown
        self.papers_blocks = PapersBlocksExtension()  # and ```papers blocks
        self.search = SiteSearch()  # what answers Material's search box (the `search` option)

    # What the serve session reused and kept in this build (empty when not serving).
    reused = property(lambda self: self.session.reused if self.session is not None else set())
    held_back = property(lambda self: self.session.held_back if self.session is not None else {})
    page_keys = property(lambda self: self.session.page_keys if self.session is not None else {})

    @property
    def cached(self) -> dict[str, CachedPage]:
        return self.session.cached if self.session is not None else {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keeps the plugin alive across `mkdocs serve` rebuilds, so rendered pages can be reused.

        Not with `--dirty`: MkDocs then keeps site_dir and writes only changed pages itself.
        MkDocs keeps one instance of the plugin per process: a build after a serve in the same
        process must not reuse that serve's session.
        """
        self.serving = command == "serve"
        self._close_session()
        self.session = ServeSession() if command == "serve" and not dirty else None

    def on_build_error(self, *, error: Exception) -> None:
        gc.enable()

    def on_shutdown(self) -> None:
        gc.enable()
        self.search.finish(raise_errors=False)
        self._close_session()

    def _close_session(self) -> None:
        if self.session is not None:
            self.session.close()  # and its filters leave the engine's loggers
            self.session = None

    # ------------------------------------------------------------------ config

    @event_priority(100)  # before Material's search plugin sets its default field weights
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and validate the knowledge base; runs on every build, so serve sees edits."""
        internals.quiet_jieba()
        if self.session is not None:
            self.session.begin(config, self.config.enabled)
        if not self.config.enabled:
            return None
        internals.weigh_search_tags(config, SEARCH_TAGS_BOOST)
        root = Path(config.config_file_path or ".").resolve().parent
        self.papers_path = root / self.config.papers  # watched while serving, even when missing
        options = options_of(self.config, config, self.serving)
        self.kb = load_for_build(self.papers_path, str(self.config.papers), config, options, self.session)
        self.ref_links.resolve = None
        self.papers_blocks.render = None
        extend_config(config, [self.ref_links, self.papers_blocks])
        self.search.configure(config, self.config.search, len(self.kb.papers))
        return config

    # ------------------------------------------------------------------ files

    @event_priority(-50)  # after other plugins added their files, so collisions are seen
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.kb is None:
            return None
        kb = self.kb
        note_titles = {src_uri: note_title(note) for src_uri, note in kb.notes.items()}
        custom_dir = config.theme.custom_dir
        options, overrides = options_of(self.config, config, self.serving), Path(custom_dir, "papernotes") if custom_dir else None
        self.plan = plan = SitePlan(
            kb, options, note_titles, overrides,
            self.session.cache.plan if self.session is not None else None, Tracker(recording=self.session is not None),
        )
        files, self.added = add_site_files(files, config, plan, note_titles, self.config.feed)
        built_urls = {f.src_uri: f.url for f in files.documentation_pages(inclusion=InclusionLevel.is_included)}
        if self.search.pagefind:
            files.append(File.generated(config, WORKER_URI, content=asset_text("search-worker.js")))
        if self.session is not None and self.papers_path is not None:
            shared = SharedInputs(kb, note_titles, self.added)
            self.session.plan_files(config, files, plan, self.papers_path, shared, self.search_entries)
        # after the session put the previous output back: the index is written beside the pages
        self.search.start(kb, plan, config, built_urls, self.config.search_exclude, serving=self.session is not None)
        return files

    # ------------------------------------------------------------------ pages

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Read while serving (the session keeps each page's entries) and to tidy each page's entries.
        self.search_entries = internals.search_entries(config) if self.search.engine == "lunr" else None
        self.search.before_build(Path(config.site_dir), serving=self.session is not None)
        if self.session is not None:
            self.session.set_aside(Path(config.site_dir))
            self.session.watch_logs(build_log, pages_log)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav_titled = escape_nav_titles(nav) if self.config.enabled else set()
        return nav if self.config.enabled else None

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        internals.keep_templates_compiled(env)
        if self.config.enabled and env.loader is not None:
            # after the theme and its overrides: papernotes' templates never replace theirs
            env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(_THEME))])
        return env  # while serving it keeps its compiled templates (ThemeListing.install)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        """While serving, a page whose inputs did not change skips Markdown and the theme."""
        if self.session is None or not self.config.enabled or self.plan is None:
            return None
        self.session.reuse(page, self.plan)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.plan is None or self.kb is None:
            return None
        src_uri = page.file.src_uri
        if set_meta_and_title(page, self.plan, self.kb, self.added, config, self.config.search_exclude):
            return markdown  # a generated page: its Markdown is a placeholder
        if src_uri in self.cached:
            return ""
        self.ref_links.resolve, self.papers_blocks.render = markdown_parts(self.plan, src_uri, page.url)
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.plan is None or self.kb is None:
            return None
        self.ref_links.resolve = None  # this page's Markdown is converted
        self.papers_blocks.render = None
        cached = self.cached.get(page.file.src_uri)
        if cached is not None:
            page.toc, page.title = cached.toc, cached.title
            keep_title_escaped(page)
            page.meta["template"] = CACHED_TEMPLATE
            return cached.content
        escape_title(page, self.nav_titled)
        if self.added.feed_generated and page.meta.get("template", "main.html") == "main.html":
            page.meta["template"] = FEED_TEMPLATE  # MkDocs picks the template after this hook
        # The HTML Markdown made of the note: links such as [x](javascript:...) made inert. The
        # papernotes parts added in on_page_context come from templates that escape every value
        # and take only validated URLs, so parsing them again would only cost time.
        return neutralise_unsafe_links(html)

    @event_priority(50)  # before the search plugin, which indexes page.content
    def _on_page_context_first(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        self.search_mark = None
        # The engine has copied the static files (pages are written after them): the text of
        # papers.bib and the explorer's data, megabytes at 10,000 papers, is not needed again.
        for file in self.added.data_files:
            file.content_bytes = b""
        self.added.data_files = []
        if not self.config.enabled or self.plan is None:
            return None
        self.active_tab = activate_tab(page, nav, self.plan, self.added)
        if self.search.pagefind:  # Pagefind has the page's record: Material's search parses none
            page.meta["search"] = {"exclude": True}
        if self.added.feed_generated:
            cast(dict[str, Any], context)["papernotes_feed"] = feed_link(config.site_name, relative_url(FEED_URI, page.url))
        if self.search_entries is not None:
            self.search_mark = len(self.search_entries)  # where this page's entries begin
        if self.session is not None and self.session.show_cached(page, self.search_entries):
            return context
        # Made here, page by page as MkDocs writes them, rather than in on_page_content,
        # where MkDocs holds the content of every page at once.
        with self.plan.tracker.page(page.file.src_uri):
            self.deferred_html = complete_content(page, self.plan, self.added)
        return context

    @event_priority(-100)  # after the search plugin and the others
    def _on_page_context_last(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        cached = self.cached.get(page.file.src_uri)
        if cached is not None:
            page.content = cached.content
        elif page.content:
            self.searched_content = with_deferred(page.content, "") if self.deferred_html else None
            page.content = with_deferred(page.content, self.deferred_html)
        self.deferred_html = ""
        return None

    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context_last)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        self.active_tab = deactivate_tab(self.active_tab)
        src_uri = page.file.src_uri
        marked = self.search_entries is not None and self.search_mark is not None
        entries = self.search_entries[self.search_mark :] if self.search_entries is not None and marked else None
        session = self.session
        if session is not None and session.held_back and entries is not None:
            session.page_entries[src_uri] = entries  # put in order in on_post_build
        if session is not None and session.move_back(page, config):
            return ""  # the engine writes no file for the empty output (see skipped_filter)
        if self.search_entries is not None and self.search_mark is not None:
            internals.tags_on_the_page_only(self.search_entries, self.search_mark)  # after the search plugin
        output = self.search.page_output(output, page.url)
        if self.added.feed_generated and page.meta.get("template") not in (FEED_TEMPLATE, CACHED_TEMPLATE):
            # a note's own `template:`, which extends the theme's main.html, not papernotes_main.html
            output = with_feed_link(output, feed_link(config.site_name, relative_url(FEED_URI, page.url)))
        if session is not None and self.plan is not None:
            session.keep(page, self.added.planned, self.plan.tracker.take(src_uri), entries)
        kept = content_kept(page, src_uri in self.added.planned, self.searched_content, serving=session is not None)
        page.content, self.searched_content = kept, None
        return output

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.enable()
        if self.session is None:
            self.search.finish(raise_errors=True)
        else:
            self.search.launch()  # written now the pages are, and published when done
        if self.session is not None:
            self.session.finish(Path(config.site_dir), self.plan, self.search_entries)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        """The 404 page links the feed too (it is no page of the site, so papernotes_main.html
        does not wrap it), and asks the site's search. It is served at any depth: its links start
        at the site's root path."""
        if template_name != "404.html":
            return None
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        output_content = self.search.not_found_output(output_content, root)
        if self.added.feed_generated:
            output_content = with_feed_link(output_content, feed_link(config.site_name, root + FEED_URI))
        return output_content

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        """The sitemap lists the pages held back from this build too, each in its place."""
        if template_name != "sitemap.xml" or self.session is None or not self.session.held_back:
            return None
        pages = internals.sitemap_pages(context)
        if pages is not None:
            internals.set_sitemap_pages(context, self.session.sitemap_pages(pages))
        return None

    # ------------------------------------------------------------------ serve

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        """papers.yaml lives outside docs_dir: watch it so saving it rebuilds and reloads; and
        references.yaml beside it, when there is one (a file made later is seen at the next start).

        A rebuild that errors in papers.yaml or a note stopped leaves the last good site in place;
        it then ends without an exception, so the server still reloads the open pages, which
        show the errors in a banner (`serve_banner`) until a save fixes them.
        """
        if self.config.enabled and self.papers_path is not None:
            server.watch(str(self.papers_path))
            references = references_path(self.papers_path)
            if references.is_file():
                server.watch(str(references))
        session = self.session
        if session is None:
            return server
        internals.rebuild_guarded(server, lambda: session.kept_last_site)
        internals.wrap_served_app(server, lambda app: with_banner(app, session.banner))
        return server

