"""A record's relative links (url, image, links.*) checked against the files of docs_dir."""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from .knowledge_base import KnowledgeBase
from .problems import Problem, display_path, quote


class _DocsFiles:
    """The names in docs_dir's folders, listed once each, for exact (case-sensitive) lookups.

    A web server matches names exactly, so 'Img/a.PNG' is a missing file even where the file
    system of the writer ignores case.
    """

    # difflib over a folder costs its size: suggestions by spelling stop after this many misses
    SPELLING_SUGGESTIONS = 100
    SPELLING_FOLDER_LIMIT = 2000

    def __init__(self, docs_dir: Path):
        self.docs_dir = docs_dir
        self.listings: dict[tuple[str, ...], dict[str, bool] | None] = {}  # folder -> name -> is a folder
        self.lowered: dict[tuple[str, ...], dict[str, str]] = {}  # folder -> lowercased name -> name
        self.by_stem: dict[tuple[str, ...], dict[str, list[str]]] = {}
        self.by_name: dict[str, str] | None = None  # file name -> its first path, built on a first miss
        self.spelled = 0

    def listing(self, folder: tuple[str, ...]) -> dict[str, bool] | None:
        if folder not in self.listings:
            try:
                with os.scandir(self.docs_dir.joinpath(*folder)) as entries:
                    self.listings[folder] = {entry.name: entry.is_dir() for entry in entries}
            except OSError:
                self.listings[folder] = None
        return self.listings[folder]

    def missing(self, parts: list[str]) -> tuple[int, dict[str, bool] | None] | None:
        """None when the path exists, else (index of the first missing part, its folder's names)."""
        for index, part in enumerate(parts):
            names = self.listing(tuple(parts[:index]))
            if names is None or part not in names or (index < len(parts) - 1 and not names[part]):
                return index, names
        return None

    def suggestion(self, parts: list[str], index: int, names: dict[str, bool] | None) -> str | None:
        """A path that exists and is probably meant: other case, same name elsewhere, or a close spelling."""
        same_case = self.ignoring_case(parts)
        if same_case is not None:
            return same_case
        wanted = parts[index]
        if index == len(parts) - 1 and names:
            stem = posixpath.splitext(wanted)[0].lower()
            for name in self.stems(tuple(parts[:index]), names).get(stem, ()):
                if not names[name]:
                    return "/".join([*parts[:index], name])
        elsewhere = self.file_named(parts[-1])
        if elsewhere is not None:
            return elsewhere
        if names and len(names) <= self.SPELLING_FOLDER_LIMIT and self.spelled < self.SPELLING_SUGGESTIONS:
            self.spelled += 1
            close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
            if close and self.missing([*parts[:index], close[0], *parts[index + 1 :]]) is None:
                return "/".join([*parts[:index], close[0], *parts[index + 1 :]])
        return None

    def stems(self, folder: tuple[str, ...], names: dict[str, bool]) -> dict[str, list[str]]:
        """Lowercased name without its extension -> names, of one folder ('a.svg' for 'a.png')."""
        if folder not in self.by_stem:
            self.by_stem[folder] = {}
            for name in sorted(names):
                self.by_stem[folder].setdefault(posixpath.splitext(name)[0].lower(), []).append(name)
        return self.by_stem[folder]

    def ignoring_case(self, parts: list[str]) -> str | None:
        """The existing path that `parts` spells in other case ('Img/A.PNG' -> 'img/a.png')."""
        found: list[str] = []
        for index, part in enumerate(parts):
            folder = tuple(found)
            names = self.listing(folder) or {}
            if folder not in self.lowered:
                self.lowered[folder] = {}
                for name in sorted(names):
                    self.lowered[folder].setdefault(name.lower(), name)
            match = part if part in names else self.lowered[folder].get(part.lower())
            if match is None or (index < len(parts) - 1 and not names[match]):
                return None
            found.append(match)
        return "/".join(found)

    def file_named(self, name: str) -> str | None:
        if self.by_name is None:
            self.by_name = {}
            for folder, dirs, files in os.walk(self.docs_dir):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                relative = Path(folder).relative_to(self.docs_dir).as_posix()
                for file_name in sorted(files):
                    self.by_name.setdefault(file_name, file_name if relative == "." else f"{relative}/{file_name}")
        return self.by_name.get(name)


def check_file_links(kb: KnowledgeBase, docs_dir: Path, root: Path) -> list[Problem]:
    """A warning for each relative link of papers.yaml that names no file of docs_dir.

    The site holds the files of docs_dir, and a record's relative links resolve against the
    site's root, so 'img/a.png' must be docs_dir/img/a.png.
    """
    problems: list[Problem] = []
    files = _DocsFiles(docs_dir)
    shown_docs = display_path(docs_dir, root)
    for link in kb.file_links:
        path = posixpath.normpath(unquote(re.split(r"[?#]", link.target, maxsplit=1)[0]).lstrip("/"))
        if path == ".":
            continue  # the site's root
        where = (kb.papers_file, link.line, link.column)
        if path == ".." or path.startswith("../"):
            message = (
                f"'{link.key}' links to {quote(link.target)}, outside {shown_docs}/: the site holds only the "
                f"files of {shown_docs}/, so move the file there"
            )
            problems.append(Problem(*where, "warning", message, link.key))
            continue
        parts = path.split("/")
        found = files.missing(parts)
        if found is None:
            continue
        suggestion = files.suggestion(parts, *found)
        hint = f" (did you mean {quote(suggestion, 80)}?)" if suggestion else ""
        message = f"'{link.key}' names no file: {quote(shown_docs + '/' + path, 240)} does not exist{hint}"
        problems.append(Problem(*where, "warning", message, link.key))
    return problems


