"""Rendered pages kept between `mkdocs serve` rebuilds, so an edit re-renders only what changed.

MkDocs rebuilds every page on every change. A page's final HTML depends on its own source, on
things shared by all pages (the nav, the config, the theme overrides, the notes and their
titles, which links between pages resolve against) and on the parts of papers.yaml it shows.
The cache keys each page by a hash of its source and of the shared inputs, and keeps beside it
the digests of what the page used of the knowledge base while it was rendered
(`site.tracking`): the page is reused while the key matches and each of those digests is
still the same.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from ..knowledge.validation import LoadMemo
from ..site.pages import PlanMemo
from ..site.tracking import Dependencies, Token, digest
from .theme_listing import ThemeListing


def folder_signature(folder: str | None) -> str:
    """Names, sizes and mtimes of every file below `folder` (theme overrides)."""
    if not folder or not os.path.isdir(folder):
        return ""
    rows = []
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            stat = os.stat(os.path.join(root, name))
            rows.append(f"{os.path.join(root, name)}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*sorted(rows))


@dataclass(frozen=True)
class SitemapPage:
    """What the engine's sitemap template reads of a page (`file.page.*`)."""

    is_link: bool
    abs_url: str | None
    canonical_url: str | None
    update_date: str


@dataclass(frozen=True)
class SitemapEntry:
    """A page held back from a build, as the sitemap template sees its file."""

    page: SitemapPage


@dataclass
class CachedPage:
    content: str  # the page body HTML, which the search index reads
    toc: Any
    title: str | None
    dest_uri: str  # where the previous build wrote the page's final HTML, below site_dir
    search_entries: list[Any] | None = None  # what the search plugin indexed for the page
    sitemap: SitemapPage | None = None


class TemplateCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory across serve rebuilds (keyed by name and source)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class RenderCache:
    """What the previous serve build made of each page; its HTML stays in that build's output.

    Before each rebuild, MkDocs empties site_dir file by file. `set_aside` moves the previous
    output to a sibling folder first (a few renames), from where the file of each unchanged page
    is moved back (`move_back`); the rest is deleted in the background once the rebuild is done.
    Nothing is read or written twice.
    """

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, dict[Token, str], CachedPage]] = {}  # src_uri -> (key, what it used, page)
        self.builds = 0  # serve builds finished
        self.previous: Path | None = None  # the previous build's output, while rebuilding
        self.restored_to: Path | None = None  # the site folder, once the previous output is moved back into it
        self.dependencies: Dependencies | None = None  # the previous build's digests
        self.templates = TemplateCache()
        self.cleaners: list[threading.Thread] = []
        self.loaded = LoadMemo()
        self.plan = PlanMemo(templates=self.templates)
        self.theme_listing = ThemeListing()

    def key(self, shared: str, src_uri: str, source: bytes | str, front_matter: str = "") -> str:
        return digest(shared, src_uri, source, front_matter)

    def get(self, src_uri: str, key: str, unchanged: Callable[[dict[Token, str]], bool]) -> CachedPage | None:
        """The page as the previous build made it, if its key matches and `unchanged` holds
        for the digests of what it used."""
        found = self.entries.get(src_uri)
        where = self.restored_to or self.previous
        if found is None or found[0] != key or where is None or not unchanged(found[1]):
            return None
        if not (where / found[2].dest_uri).is_file():
            return None
        return found[2]

    def move_back(self, page: CachedPage, dest: Path) -> None:
        """Put a reused page's HTML from the previous output at `dest` in the new one."""
        where = self.restored_to or self.previous
        assert where is not None
        source = where / page.dest_uri
        if source == dest:
            return  # moved back with the rest of the previous output (restore)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, dest)

    def restore(self, site_dir: Path, keep: set[str]) -> None:
        """Move the whole previous output back into the (emptied) site folder, then delete every
        file of it whose site-relative path is not in `keep`, and the folders left empty.

        Cheaper than moving thousands of unchanged pages back one by one (a folder made for
        each): the pages of this build then overwrite their old files.
        """
        if self.previous is None:
            return
        names = os.listdir(self.previous)
        if any((site_dir / name).exists() for name in names):
            return  # the site folder holds more than the engine leaves: pages are moved back one by one
        for name in names:
            os.rename(self.previous / name, site_dir / name)
        self.restored_to = site_dir
        site = str(site_dir)
        removed: set[str] = set()  # folders emptied and removed
        for name in os.listdir(site):
            if name.startswith("."):
                continue  # hidden entries stay, as the engine's cleaning leaves them
            top = os.path.join(site, name)
            if not os.path.isdir(top):
                if name not in keep:
                    os.remove(top)
                continue
            # Bottom up, in plain strings: a site of 10,000 papers has as many folders.
            for root, folders, files in os.walk(top, topdown=False):
                prefix = root[len(site) + 1 :].replace(os.sep, "/") + "/"
                left = False
                for file_name in files:
                    if prefix + file_name in keep:
                        left = True
                    else:
                        os.remove(os.path.join(root, file_name))
                if not left and all(os.path.join(root, folder) in removed for folder in folders):
                    os.rmdir(root)
                    removed.add(root)

    def put(
        self, src_uri: str, key: str, used: dict[Token, str], content: str, toc: Any, title: str | None, dest_uri: str,
        search_entries: list[Any] | None = None, sitemap: SitemapPage | None = None,
    ) -> None:
        self.entries[src_uri] = (key, used, CachedPage(content, toc, title, dest_uri, search_entries, sitemap))

    def set_aside(self, site_dir: Path) -> None:
        """Move the visible content of `site_dir` (the previous build) to a sibling folder.

        Hidden entries stay, as MkDocs' own cleaning leaves them. The folder is deleted after
        the rebuild, and at the latest when serve stops (`close`).
        """
        self.release_previous()
        if not site_dir.is_dir():
            return
        names = [name for name in os.listdir(site_dir) if not name.startswith(".")]
        previous = Path(tempfile.mkdtemp(prefix=site_dir.name + ".previous-", dir=site_dir.parent))
        for name in names:
            os.rename(site_dir / name, previous / name)  # same file system: a rename, not a copy
        self.previous = previous

    def release_previous(self) -> None:
        """Delete the previous build's output in a thread; the rebuild does not wait for it."""
        self.restored_to = None
        if self.previous is None:
            return
        cleaner = threading.Thread(target=shutil.rmtree, args=(self.previous,), kwargs={"ignore_errors": True}, daemon=True)
        cleaner.start()
        self.cleaners = [thread for thread in self.cleaners if thread.is_alive()] + [cleaner]
        self.previous = None

    def close(self) -> None:
        self.release_previous()
        for cleaner in self.cleaners:
            cleaner.join()
        self.entries.clear()
