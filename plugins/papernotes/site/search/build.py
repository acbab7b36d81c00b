"""The index written beside the build: records go to Pagefind from a thread, so its work runs on
another core while the pages are rendered; a build waits for it only at its end, and a serve
rebuild not at all (`publish`: the new index replaces the one served once it is written).

While serving, an index starts only once edits pause (`delay`), Pagefind runs at low priority
(`background`), and each record's document is made once for as long as the record is unchanged
(`documents`): an edit that follows another soon is rebuilt without an indexer in its way."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

from .names import NAMES_DIR, write_name_files
from .pagefind_service import Cancelled, IndexedSite, PagefindError, write_index
from .records import SearchRecord, record_html

INDEX_DIR = "pagefind"  # at the site's root: pagefind.js, its wasm, the index in chunks, names/ (names.py)
WORKER_URI = "assets/papernotes/search-worker.js"
# Pagefind's own search UIs, written with every index: Material's search box stands in their place.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
# The worker script in the configuration Material's pages carry (base.html's __config).
_MATERIAL_WORKER = re.compile(r'("search": ")[^"]*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")')


class IndexBuild:
    """One build's index, started with its records and awaited with `result`."""

    def __init__(
        self, records: list[SearchRecord], output: Path, language: str, publish: Path | None = None,
        delay: float = 0.0, background: bool = False, documents: dict[SearchRecord, str] | None = None,
    ) -> None:
        self.output = output
        self.publish = publish
        self._records = records
        self._language = language
        self._delay = delay  # seconds to wait before starting; a newer edit cancels it meanwhile
        self._background = background
        self._documents = {} if documents is None else documents  # record -> its document, filled as made
        self._result: IndexedSite | None = None
        self._error: str | None = None
        self._cancelled = threading.Event()
        self._wanted_now = threading.Event()  # set by `result` and `cancel`: no more waiting
        self._thread = threading.Thread(target=self._run, name="papernotes-search-index", daemon=True)
        self._thread.start()

    def _document(self, record: SearchRecord) -> str:
        document = self._documents.get(record)
        if document is None:
            document = self._documents[record] = record_html(record, self._language)
        return document

    def _run(self) -> None:
        try:
            self._wanted_now.wait(self._delay)
            if self._cancelled.is_set():
                raise Cancelled("a newer index is being made")
            if self.output.exists():
                shutil.rmtree(self.output)
            # made here, as Pagefind takes them: a site with Chinese loads jieba's dictionary in this thread
            documents = ((record.url, self._document(record)) for record in self._records)
            self._result = write_index(documents, self.output, self._language, self._cancelled, self._background)
            for name in UNUSED:
                (self.output / name).unlink(missing_ok=True)
            if not self._cancelled.is_set():
                write_name_files(self._records, self.output / NAMES_DIR)
            if self.publish is not None and not self._cancelled.is_set():
                replace_folder(self.output, self.publish)
        except Cancelled:
            pass
        except (PagefindError, OSError) as exc:
            self._error = str(exc)
        finally:
            if self.publish is not None:
                shutil.rmtree(self.output.parent, ignore_errors=True)  # the scratch folder, empty once published
            self._records = []

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def cancel(self) -> None:
        """Stops it as soon as it can, without waiting: it publishes nothing."""
        self._cancelled.set()
        self._wanted_now.set()

    def result(self) -> IndexedSite:
        """Waits for the index (started at once if it was waiting for edits to pause); raises
        PagefindError with what went wrong."""
        self._wanted_now.set()
        self._thread.join()
        if self._error is not None or self._result is None:
            raise PagefindError(self._error or "Pagefind wrote no index")
        return self._result


def with_search_worker(html: str, worker_url: str) -> str:
    """The page with Material's search answered by papernotes' worker (`worker_url`, as the
    page links it) instead of Material's lunr worker."""
    return _MATERIAL_WORKER.sub(lambda found: found.group(1) + worker_url + found.group(2), html, count=1)


# From this many papers `search: auto` takes Pagefind: measured on 50 to 200 papers with the
# name files, lunr answered first only at 50 papers (by 33 ms), Pagefind at 100 and 200, always
# with fewer bytes (benchmarks/README.md).
AUTO_PAGEFIND_PAPERS = 100


def chosen_engine(option: str, papers: int) -> str:
    """`pagefind` or `lunr`, as the plugin's `search` option says, `auto` by the site's size."""
    if option == "auto":
        return "pagefind" if papers >= AUTO_PAGEFIND_PAPERS else "lunr"
    return option


def replace_folder(new: Path, place: Path) -> None:
    """`new` moved to `place` (same file system), the folder there before deleted: readers of
    `place` see the old folder or the new one, each whole, but for the instant between two renames."""
    old = None
    if place.exists():
        old = Path(tempfile.mkdtemp(prefix=place.name + ".old-", dir=place.parent.parent))
        os.rename(place, old / place.name)
    os.rename(new, place)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def park(place: Path) -> Path | None:
    """Moves the served index out of a site folder about to be emptied; None when there is none."""
    if not place.is_dir():
        return None
    parked = Path(tempfile.mkdtemp(prefix=place.name + ".parked-", dir=place.parent.parent)) / place.name
    os.rename(place, parked)
    return parked


def unpark(parked: Path | None, place: Path) -> None:
    """The parked index back in the site folder, served until this build's is written."""
    if parked is None:
        return
    if not place.exists():
        os.rename(parked, place)
    shutil.rmtree(parked.parent, ignore_errors=True)


def scratch_folder(site_dir: Path) -> Path:
    """Where a serve rebuild's index is written before it replaces the served one."""
    return Path(tempfile.mkdtemp(prefix=site_dir.name + ".pagefind-", dir=site_dir.parent)) / INDEX_DIR
