"""What answers Material's search box: its own lunr index, or papernotes' Pagefind index,
written from the plan while the pages are rendered and asked by a worker of papernotes
(site/assets/search-worker.js) that Material's pages are pointed at."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..knowledge.knowledge_base import KnowledgeBase, Note
from ..knowledge.loading import clean_text
from ..knowledge.markdown_scan import split_front_matter
from ..site.pages import SitePlan
from ..site.search.build import INDEX_DIR, WORKER_URI, IndexBuild, chosen_engine, park, scratch_folder, unpark, with_search_worker
from ..site.search.pagefind_service import PagefindError
from ..site.search.records import SearchRecord, site_records
from ..site.urls import relative_url
from . import internals
from .site_files import SEARCH_SCRIPT

log = internals.engine_logger("plugins.papernotes")

# While serving, the index of an edit is made once no other edit came for this long: at
# 10,000 papers Pagefind takes seconds of both cores, which the next edit's rebuild would share.
REINDEX_PAUSE = 2.0


def material_search(config: MkDocsConfig) -> bool:
    """Whether Material's search plugin is on: without it the theme shows no search box."""
    return any(type(plugin).__module__.startswith("material.plugins.search") for plugin in config.plugins.values())


def search_records(
    kb: KnowledgeBase, plan: SitePlan, config: MkDocsConfig, built_urls: dict[str, str], excluded: list[str]
) -> list[SearchRecord]:
    """The records of this build's Pagefind index, each note's text read from docs_dir."""
    docs_dir = Path(config.docs_dir)

    def read_body(note: Note) -> str:
        try:
            return split_front_matter(clean_text((docs_dir / note.src_uri).read_text(encoding="utf-8")))[1]
        except (OSError, ValueError):
            return ""  # reported by validation

    return list(site_records(kb, built_urls.get, plan.paper_src, plan.note_titles, read_body, excluded))


class SiteSearch:
    """The search of one build (`engine`: "pagefind", "lunr", or "" without Material's search),
    and while serving the index that outlives a rebuild."""

    def __init__(self) -> None:
        self.engine = "lunr"
        self.index: IndexBuild | None = None  # the Pagefind index being written
        self.parked: Path | None = None  # while serving: the index served, out of the site folder being emptied
        self.pending: tuple[list[SearchRecord], Path, str] | None = None  # while serving: made once the build is done
        self.served_records: list[SearchRecord] | None = None  # while serving: what the index served holds
        self.documents: dict[SearchRecord, str] = {}  # while serving: each record's document, while unchanged
        self.documents_language = ""

    @property
    def pagefind(self) -> bool:
        return self.engine == "pagefind"

    def configure(self, config: MkDocsConfig, option: str, papers: int) -> None:
        self.engine = chosen_engine(option, papers) if material_search(config) else ""
        if self.pagefind:  # the worker reads Material's query syntax itself: the lunr query tidier is not wanted
            config.extra_javascript[:] = [script for script in config.extra_javascript if str(script) != SEARCH_SCRIPT]

    def before_build(self, site_dir: Path, serving: bool) -> None:
        """While serving: the previous rebuild's index waited for, and the one served moved aside
        while the engine empties the site folder."""
        if serving:
            if self.index is not None and not self.index.done:
                self.index.cancel()  # an edit came before it was written: this build's replaces it
                self.index, self.served_records = None, None
            self.finish(raise_errors=False)
            self.parked = park(site_dir / INDEX_DIR)

    def start(self, kb: KnowledgeBase, plan: SitePlan, config: MkDocsConfig, built_urls: dict[str, str],
              excluded: list[str], serving: bool) -> None:
        """The Pagefind index of this build, written while the pages are rendered. While serving
        the page reloads without waiting for it: the last one is served until this one replaces it."""
        if not self.pagefind:
            return
        site_dir = Path(config.site_dir)
        records = search_records(kb, plan, config, built_urls, excluded)
        language = str(config.theme.get("language") or "en")
        if not serving:
            self.index = IndexBuild(records, site_dir / INDEX_DIR, language)
            return
        served = self.parked is not None
        unpark(self.parked, site_dir / INDEX_DIR)
        self.parked = None
        if served and records == self.served_records:
            return  # no record changed: the index served is this build's
        # Made once the pages are written (`launch`), so it does not slow the rebuild down.
        self.pending = (records, site_dir, language)

    def launch(self) -> None:
        """While serving, after the build: the index of its records, published when written."""
        if self.pending is None:
            return
        records, site_dir, language = self.pending
        self.pending = None
        self.served_records = records
        if language != self.documents_language:
            self.documents, self.documents_language = {}, language
        # only the current records' documents are kept; an index still running fills the old mapping
        kept = {record: document for record in records if (document := self.documents.get(record)) is not None}
        self.documents = kept
        pause = REINDEX_PAUSE if (site_dir / INDEX_DIR).is_dir() else 0.0  # the first index of a serve at once
        self.index = IndexBuild(records, scratch_folder(site_dir), language, site_dir / INDEX_DIR,
                                delay=pause, background=True, documents=kept)

    def finish(self, raise_errors: bool) -> None:
        """Waits for the index being written; its failure stops a build, and is reported while serving."""
        if self.index is None:
            return
        index, self.index = self.index, None
        try:
            indexed = index.result()
        except PagefindError as exc:
            message = f"papernotes: the search index was not written: {exc}"
            self.served_records = None
            if raise_errors:
                raise PluginError(message) from None
            log.error(message)
            return
        log.info(f"papernotes: search index of {indexed.pages} pages written to {index.publish or index.output}")

    def page_output(self, output: str, page_url: str) -> str:
        return with_search_worker(output, relative_url(WORKER_URI, page_url)) if self.pagefind else output

    def not_found_output(self, output: str, root: str) -> str:
        """The 404 page, served at any depth: the worker's URL starts at the site's root path."""
        return with_search_worker(output, root + WORKER_URI) if self.pagefind else output
