"""While serving: the theme's file names, listed once rather than on every rebuild.

Before each build MkDocs lists every file of the theme's folders (Jinja's `list_templates`) to
find the static files to copy, and matches each name against a dozen patterns. Material's
folder holds about 14,500 files, 14,300 of them icons under `.icons/`, which MkDocs never
copies (it leaves out every name that starts with a dot); at 1,000 papers this was a tenth of a
rebuild after a one-record edit.

An installed theme does not change while serving, so its folders are listed once; the
theme's `custom_dir` (overrides, which people edit) is listed again on every build. The names
under a dot folder at the top are left out of the listing, as MkDocs would leave them out of
the copy. `tests/test_serve_cache.py` pins that the files MkDocs copies are the same.
"""

from __future__ import annotations

import os
from typing import Any

import jinja2
from mkdocs.theme import Theme


class ThemeListing:
    def __init__(self) -> None:
        self._names: dict[str, list[str]] = {}  # installed theme folder -> its names

    def names(self, folders: list[str], custom_dir: str | None) -> list[str]:
        """The names a FileSystemLoader over `folders` lists, but those under a dot folder."""
        found: set[str] = set()
        for folder in folders:
            if custom_dir is not None and os.path.abspath(folder) == os.path.abspath(custom_dir):
                found.update(_listed(folder))
                continue
            names = self._names.get(folder)
            if names is None:
                names = self._names[folder] = _listed(folder)
            found.update(names)
        return sorted(found)

    def install(self, theme: Theme, compiled: jinja2.BytecodeCache) -> None:
        """Have the environments this build's theme makes list their files from here and keep
        their compiled templates in `compiled`."""
        make_env = theme.get_env

        def get_env() -> jinja2.Environment:
            env = make_env()
            env.bytecode_cache = compiled
            loader = env.loader
            if type(loader) is jinja2.FileSystemLoader:  # what MkDocs 1.6 makes; anything else is left alone
                folders = [str(folder) for folder in loader.searchpath]
                listing: Any = lambda: self.names(folders, theme.custom_dir)  # noqa: E731
                loader.list_templates = listing  # type: ignore[method-assign]
            return env

        theme.get_env = get_env  # type: ignore[method-assign]


def _listed(folder: str) -> list[str]:
    return [name for name in jinja2.FileSystemLoader(folder).list_templates() if not name.startswith(".")]
