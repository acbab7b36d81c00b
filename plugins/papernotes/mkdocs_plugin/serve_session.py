"""One `mkdocs serve` session: everything kept between rebuilds, and the steps of a rebuild.

What it keeps: the loading memo (records and notes unchanged since the previous load), the
plan memo (list entries, kept fragments, BibTeX entries, related papers, records' JSON), the
previous build's digests, the render cache (each page's HTML and what it used), the compiled
templates and the theme's listing, the problems of the latest build, and each paper as its
record last read without errors (a record an edit broke is shown so: knowledge.broken_records).

A rebuild, in the order the hooks call the steps:

- `begin` (on_config): per-build state reset; the theme lists its files from the session.
- `plan_files` (on_files): the digests of this build (`dependencies_of`), the inputs shared by
  every page, the pages outside the nav left out of the build while unchanged (held back), and
  the previous output moved back into the site folder.
- `set_aside` (on_pre_build): the previous output moved aside before the engine empties the folder.
- `reuse` (on_pre_page): a page whose inputs did not change skips Markdown and the theme.
- `keep` (on_post_page): a page rendered now is kept with the digests of what it used.
- `finish` (on_post_build): held-back pages and their search entries put in place, memos handed on.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..knowledge.broken_records import LastGoodRecords
from ..knowledge.knowledge_base import BrokenRecord, KnowledgeBase
from ..knowledge.problems import Problem, counted
from ..site.kinds import dependencies_of
from ..site.pages import PlannedPage, SitePlan
from ..site.tracking import EVERYTHING, Dependencies, Token, digest, holds_papers_block
from . import internals
from .serve_banner import banner_html, broken_record_line
from .serve_cache import CachedPage, RenderCache, SitemapEntry, SitemapPage, folder_signature
from .site_files import SiteFiles

log = internals.engine_logger("plugins.papernotes")


class ServeSession:
    def __init__(self) -> None:
        self.cache = RenderCache()  # pages, digests and memos of the previous build
        self._logs: tuple[logging.Logger, ...] = ()  # the engine's loggers that hold our filters
        self.last_good = LastGoodRecords()  # a record with errors is shown as it was (see knowledge.broken_records)
        self.cached: dict[str, CachedPage] = {}  # src_uri -> the page reused in this build
        # Unchanged pages outside the nav that the engine does not build at all: their files
        # are marked excluded for this build (see hold_back).
        self.held_back: dict[str, CachedPage] = {}
        self.page_keys: dict[str, str] = {}  # src_uri -> its key in the render cache
        self.page_order: list[str] = []  # src_uri of every page, in the order the engine builds them
        self.page_entries: dict[str, list[Any]] = {}  # src_uri -> its search entries in this build
        self.dependencies: Dependencies | None = None
        self.shared_signature = ""
        self.front_matter: dict[str, str] = {}  # src_uri -> its front matter, which MkDocs does not see
        # The problems of the latest build (errors first), shown on every page served, and how
        # many of them stopped it, so the site served is the last good one.
        self.problems: list[Problem] = []
        self.broken_records: list[BrokenRecord] = []  # set aside in the site served (see knowledge.broken_records)
        self.stopped_by = 0  # how many of `problems` stopped the latest rebuild (the first ones)
        # The latest build has errors other than a set-aside record's: a first build is made
        # despite them, but it is no good site to keep.
        self.built_with_errors = False
        self.good_site_built = False

    @property
    def kept_last_site(self) -> bool:
        """The latest rebuild was stopped: the site served is the last good one."""
        return self.stopped_by > 0

    @property
    def reused(self) -> set[str]:
        """The pages whose HTML this build took from the previous one (held back or cached)."""
        return set(self.cached) | set(self.held_back)

    def begin(self, config: MkDocsConfig, enabled: bool) -> None:
        self.cached, self.page_keys, self.dependencies = {}, {}, None
        self.held_back, self.page_order, self.page_entries = {}, [], {}
        self.stopped_by = 0
        if not enabled:
            return
        self.cache.theme_listing.install(config.theme, self.cache.templates)
        if self.cache.builds:
            # A full collection in the middle of a rebuild cost 0.02-0.2 s at 1,000 papers,
            # up to a fifth of the rebuild; collections run again once it is done.
            gc.disable()

    # ------------------------------------------------------------------ problems

    def stop_on(self, errors: list[Problem], logged: bool = True, others: list[Problem] | None = None) -> None:
        """After a build without errors that stop it: such errors stop the rebuild before MkDocs
        empties the site folder, so the last good site stays served, with the errors in a banner
        (then the `others`, the build's other problems)."""
        if not errors or not self.good_site_built:
            return
        for problem in [] if logged else errors:
            log.error(problem.format())
        self.problems, self.broken_records, self.stopped_by = [*errors, *(others or [])], [], len(errors)
        raise PluginError(
            f"papernotes: {counted(len(errors), 'problem')} stopped the rebuild; "
            "serving the last good site until they are fixed"
        )

    def report(self, problems: list[Problem], broken_records: list[BrokenRecord]) -> None:
        """The problems of this build, logged already: errors stop it (see stop_on), except those
        of a record set aside (see knowledge.broken_records); the rest are shown in the banner."""
        set_aside = {problem for broken in broken_records for problem in broken.check.errors}
        stopping = [problem for problem in problems if problem.severity == "error" and problem not in set_aside]
        others = [problem for problem in problems if problem.severity == "error" and problem in set_aside]
        others += [problem for problem in problems if problem.severity == "warning"]
        self.stop_on(stopping, others=others)
        for broken in broken_records:
            log.info(f"papernotes: {broken_record_line(broken)}")
        self.problems, self.broken_records, self.built_with_errors = [*stopping, *others], broken_records, bool(stopping)

    def banner(self) -> str | None:
        if not self.problems:
            return None
        return banner_html(self.problems, self.stopped_by, self.broken_records)

    # ------------------------------------------------------------------ files

    def plan_files(self, config: MkDocsConfig, files: Files, plan: SitePlan, papers_path: Path, fronts: SharedInputs,
                   search_entries: list[Any] | None) -> None:
        """This build's digests and shared inputs; unchanged pages held back; the previous output restored."""
        self.dependencies = dependencies_of(plan, papers_path.read_bytes(), self.cache.dependencies)
        self.front_matter = fronts.front_matter
        self._share(config, files, plan, fronts)
        self.hold_back(config, files, search_entries)
        keep = {file.dest_uri for file in files if file.inclusion.is_in_serve()}
        self.cache.restore(Path(config.site_dir), keep | {cached.dest_uri for cached in self.held_back.values()})

    def _share(self, config: MkDocsConfig, files: Files, plan: SitePlan, shared: SharedInputs) -> None:
        """The inputs every page shares, and the digest each list entry is kept by."""
        dependencies = self.dependencies
        assert dependencies is not None
        config_text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        templates = folder_signature(config.theme.custom_dir)
        # A title made from a heading with [[id]] shows the paper's name in the nav of every page.
        titles_with_refs = [
            (src_uri, dependencies.digest(("paper", ref.paper_id)))
            for src_uri, note in shared.kb.notes.items()
            if "[[" in shared.note_titles.get(src_uri, "")
            for ref in note.refs
        ]
        # What links between pages resolve against: the files of docs_dir and where notes are served.
        own_files = sorted(f.src_uri for f in files if not f.generated_by)
        # The titles the nav shows; a paper's note is no nav entry and shows its paper's title.
        nav_titles = sorted((src, title) for src, title in shared.note_titles.items() if src not in shared.paper_of_note)
        self.shared_signature = digest(
            config_text, repr(config.nav), templates, repr(nav_titles), repr(sorted(shared.paper_of_note.items())),
            repr(own_files), repr(titles_with_refs), str(shared.home_generated),
        )
        # A list entry shows its record and what the package's templates (or the overrides) make of it.
        salt = digest(config_text, templates)
        plan.item_digest = lambda paper_id: digest(salt, dependencies.digest(("paper", paper_id)))

    def hold_back(self, config: MkDocsConfig, files: Files, search_entries: list[Any] | None) -> None:
        """The pages outside the nav whose inputs did not change are left out of this build
        (marked excluded), so the engine spends nothing on them; their HTML stays as the
        previous build wrote it, their search entries are kept (finish) and the sitemap lists
        them (sitemap_pages). Pages in the nav that did not change are still built by the
        engine, with their content from the cache (reuse).

        Only with plugins known not to need every page in every build (search): a plugin
        such as a tags index or a blog reads all pages each time.
        """
        assert self.dependencies is not None
        self.page_order = [file.src_uri for file in files if file.is_documentation_page()]
        if not self.cache.builds or not all(name == "papernotes" or name.rpartition("/")[2] == "search"
                                            for name in config.plugins):
            return
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.inclusion != InclusionLevel.NOT_IN_NAV:
                continue
            src_uri = file.src_uri
            key = self._key(file)
            found = self.cache.get(src_uri, key, self.dependencies.unchanged)
            if found is None or (search_entries is not None and found.search_entries is None):
                continue
            self.held_back[src_uri] = found
            self.page_keys[src_uri] = key
            file.inclusion = InclusionLevel.EXCLUDED

    # ------------------------------------------------------------------ pages

    def set_aside(self, site_dir: Path) -> None:
        """MkDocs empties site_dir next, file by file; moved aside, the previous output is
        where unchanged pages are moved back from (see RenderCache)."""
        self.cache.set_aside(site_dir)

    def _key(self, file: File) -> str:
        """A page's key in the render cache: its source, front matter and the shared inputs."""
        front = self.front_matter.get(file.src_uri, "")
        return self.cache.key(self.shared_signature, file.src_uri, file.content_bytes, front)

    def reuse(self, page: Page, plan: SitePlan) -> bool:
        """Whether the page's inputs are unchanged: then it skips Markdown and the theme."""
        src_uri = page.file.src_uri
        key = self.page_keys[src_uri] = self._key(page.file)
        assert self.dependencies is not None
        found = self.cache.get(src_uri, key, self.dependencies.unchanged)
        if found is None:
            self.cached.pop(src_uri, None)
            plan.tracker.start(src_uri)
            return False
        self.cached[src_uri] = found
        internals.skip_rendering(page)
        return True

    def show_cached(self, page: Page, search_entries: list[Any] | None) -> bool:
        """Whether the page is reused: then its search entries are the kept ones and the search
        plugin is handed no HTML (its pass over every page's content would cost seconds)."""
        cached = self.cached.get(page.file.src_uri)
        if cached is None:
            return False
        if search_entries is not None and cached.search_entries is not None:
            # Parsing the HTML again costs more than the rest of a cached page's rebuild.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            search_entries.extend(cached.search_entries)
        page.content = ""  # its HTML is in the previous output already
        return True

    def move_back(self, page: Page, config: MkDocsConfig) -> bool:
        """A reused page's HTML moved into place (a rename): nothing is read or written again."""
        cached = self.cached.get(page.file.src_uri)
        if cached is None:
            return False
        self.cache.move_back(cached, Path(config.site_dir) / page.file.dest_uri)
        return True

    def keep(self, page: Page, planned: dict[str, PlannedPage], used: set[Token] | None, entries: list[Any] | None) -> None:
        """A page rendered in this build, kept for the next with the digests of what it used."""
        src_uri = page.file.src_uri
        if src_uri in self.cached or src_uri not in self.page_keys:
            return
        sitemap = SitemapPage(page.is_link, page.abs_url, page.canonical_url, page.update_date)
        self.cache.put(
            src_uri, self.page_keys[src_uri], self._recorded(page, planned, used), page.content or "", page.toc,
            page.title, page.file.dest_uri, entries, sitemap,
        )

    def _recorded(self, page: Page, planned: dict[str, PlannedPage], used: set[Token] | None) -> dict[Token, str]:
        """The digests of what a page used while it was rendered; a page that cannot have said
        everything it shows depends on all of papers.yaml."""
        assert self.dependencies is not None
        tokens = set(used or ())
        if page.file.src_uri in planned:
            known = bool(tokens)  # a page kind that records nothing
        else:
            source = page.file.content_bytes
            known = not (b"papers" in source and holds_papers_block(source.decode("utf-8", errors="replace")))
        if not known:
            tokens.add(EVERYTHING)
        return self.dependencies.digests(tokens)

    # ------------------------------------------------------------------ end of a build

    def finish(self, site_dir: Path, plan: SitePlan | None, search_entries: list[Any] | None) -> None:
        """Held-back pages in place, the previous output released, memos handed to the next build."""
        if self.held_back:
            self._restore_held_back(site_dir, search_entries)
        self.cache.release_previous()
        if self.cache.builds and self.page_keys:  # a first build has nothing to reuse
            log.info(f"papernotes: reused {len(self.reused)} of {len(self.page_keys)} pages rendered in the previous build")
        self.cache.builds += 1
        self.good_site_built = self.good_site_built or not self.built_with_errors
        if plan is not None:
            memo = self.cache.plan
            memo.items, memo.fragments = plan.items_for_next_build(), plan.fragments_for_next_build()
            memo.citations, memo.records = plan.citations.made, plan.records_for_next_build()
        self.cache.dependencies = self.dependencies

    def _restore_held_back(self, site_dir: Path, search_entries: list[Any] | None) -> None:
        """The pages held back from this build: their HTML in place (moved back with the rest of
        the previous output, see RenderCache.restore, or one by one), and their search entries put
        in their place, so the index is the one a full build makes."""
        if self.cache.restored_to != site_dir:  # else they are in place already
            for cached in self.held_back.values():
                self.cache.move_back(cached, site_dir / cached.dest_uri)
        if search_entries is None:
            return
        ordered: list[Any] = []
        for src_uri in self.page_order:
            held = self.held_back.get(src_uri)
            ordered.extend((held.search_entries or ()) if held is not None else self.page_entries.pop(src_uri, ()))
        for entries in self.page_entries.values():  # pages another plugin added after papernotes planned
            ordered.extend(entries)
        search_entries[:] = ordered
        self.page_entries = {}

    def sitemap_pages(self, pages: list[Any]) -> list[Any]:
        """The sitemap's pages with those held back from this build, each in its place."""
        built = {file.src_uri: file for file in pages if isinstance(file, File)}
        listed: list[Any] = []
        for src_uri in self.page_order:
            file = built.pop(src_uri, None)
            held = self.held_back.get(src_uri)
            if file is not None:
                listed.append(file)
            elif held is not None and held.sitemap is not None:
                listed.append(SitemapEntry(held.sitemap))  # what the sitemap said of it when it was built
        return listed + list(built.values())

    # ------------------------------------------------------------------ the engine's log

    def held_back_filter(self, record: logging.LogRecord) -> bool:
        """Leaves out the engine's "links to a page excluded from the built site" for a page held
        back from this build (see hold_back): it is in the site, as the previous build wrote it."""
        return internals.excluded_link_target(record) not in self.held_back

    def skipped_filter(self, record: logging.LogRecord) -> bool:
        """Leaves out the engine's "Page skipped" line for a cached page: its file is moved into place."""
        return internals.skipped_page(record) not in self.cached

    def watch_logs(self, build_log: logging.Logger, pages_log: logging.Logger) -> None:
        """Puts the two filters above on the engine's loggers, once for the session's life."""
        self._logs = (build_log, pages_log)
        if self.skipped_filter not in build_log.filters:
            build_log.addFilter(self.skipped_filter)
        if self.held_back_filter not in pages_log.filters:
            pages_log.addFilter(self.held_back_filter)

    def close(self) -> None:
        for log in self._logs:
            log.removeFilter(self.skipped_filter)
            log.removeFilter(self.held_back_filter)
        self.cache.close()


class SharedInputs:
    """What every page of a build shows or links by, beside papers.yaml: see ServeSession._share."""

    def __init__(self, kb: KnowledgeBase, note_titles: dict[str, str], added: SiteFiles):
        self.kb = kb
        self.note_titles = note_titles
        self.paper_of_note = added.paper_of_note
        self.home_generated = added.home_generated
        self.front_matter = added.front_matter

