"""The index written beside the build: records go to Pagefind from a thread, so its work runs on
another core while the pages are rendered; the build waits for it only at its end."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

from .pagefind_service import IndexedSite, PagefindError, write_index
from .records import SearchRecord, record_html

INDEX_DIR = "pagefind"  # at the site's root: pagefind.js, its wasm, the index in chunks
WORKER_URI = "assets/papernotes/search-worker.js"
# Pagefind's own search UIs, written with every index: Material's search box stands in their place.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
# The worker script in the configuration Material's pages carry (base.html's __config).
_MATERIAL_WORKER = re.compile(r'("search": ")[^"]*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")')


class IndexBuild:
    """One build's index, started with its records and awaited with `result`."""

    def __init__(self, records: list[SearchRecord], output: Path, language: str) -> None:
        self.output = output
        self._records = records
        self._language = language
        self._result: IndexedSite | None = None
        self._error: str | None = None
        self._thread = threading.Thread(target=self._run, name="papernotes-search-index", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if self.output.exists():
                shutil.rmtree(self.output)
            # made here, as Pagefind takes them: a site with Chinese loads jieba's dictionary in this thread
            documents = ((record.url, record_html(record, self._language)) for record in self._records)
            self._result = write_index(documents, self.output, self._language)
            for name in UNUSED:
                (self.output / name).unlink(missing_ok=True)
        except (PagefindError, OSError) as exc:
            self._error = str(exc)
        finally:
            self._records = []

    def result(self) -> IndexedSite:
        """Waits for the index; raises PagefindError with what went wrong."""
        self._thread.join()
        if self._error is not None or self._result is None:
            raise PagefindError(self._error or "Pagefind wrote no index")
        return self._result


def with_search_worker(html: str, worker_url: str) -> str:
    """The page with Material's search answered by papernotes' worker (`worker_url`, as the
    page links it) instead of Material's lunr worker."""
    return _MATERIAL_WORKER.sub(lambda found: found.group(1) + worker_url + found.group(2), html, count=1)


# From this many papers `search: auto` takes Pagefind: below it Material's lunr index is small
# and its first answer as quick (see benchmarks/README.md).
AUTO_PAGEFIND_PAPERS = 500


def chosen_engine(option: str, papers: int) -> str:
    """`pagefind` or `lunr`, as the plugin's `search` option says, `auto` by the site's size."""
    if option == "auto":
        return "pagefind" if papers >= AUTO_PAGEFIND_PAPERS else "lunr"
    return option
