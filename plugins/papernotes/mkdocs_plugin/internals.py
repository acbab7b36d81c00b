"""Every part of MkDocs, Material and Python-Markdown that papernotes relies on beyond their
documented plugin API, each behind a named function citing the upstream code it relies on
(lines of MkDocs 1.6.1 unless said; ProperDocs 1.6.7 has the same code a few lines further
down; mkdocs-material 9.8.2; Python-Markdown 3.11). The theme's file listing while serving
(theme_listing.py, Theme.get_env and FileSystemLoader.list_templates) is the one other.

tests/test_internals.py pins each of them: an upgrade that breaks one fails there, by name.
"""

from __future__ import annotations

import logging
import re
import types
from collections.abc import Callable
from typing import Any, cast

import jinja2
from markdown.extensions import Extension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# The engine's package: `mkdocs`, or `properdocs`, which serves `mkdocs.*` imports from its own
# modules (properdocs/__init__.py installs the alias), so the class's module names the engine.
ENGINE = BasePlugin.__module__.partition(".")[0]

# mkdocs/commands/build.py:234 (1.6.1), logged at INFO for a page whose output is empty.
SKIPPED_PAGE_RE = re.compile(r"Page skipped: '(.*?)'\. Generated empty output\.$")
# mkdocs/structure/pages.py:511-512 (1.6.1), logged for a link to an excluded page.
EXCLUDED_LINK_RE = re.compile(r"Doc file '.*' contains a link to '(.*)' which is excluded from the built site\.$")


def engine_logger(name: str) -> logging.Logger:
    """The engine's logger `name` (`plugins.papernotes`, `commands.build`, `structure.pages`).

    ProperDocs counts the warnings that fail --strict on its `properdocs` logger and hangs the
    `mkdocs` logger below it only in its command line (properdocs/__main__.py), not when a build
    is run in-process, so papernotes logs on the engine's own tree.
    """
    return logging.getLogger(f"{ENGINE}.{name}")


def skipped_page(record: logging.LogRecord) -> str | None:
    """The source path of a page the engine says it wrote no file for (build.py:234)."""
    found = SKIPPED_PAGE_RE.match(record.msg) if isinstance(record.msg, str) else None
    return found.group(1) if found else None


def excluded_link_target(record: logging.LogRecord) -> str | None:
    """The page an "excluded from the built site" line names (structure/pages.py:511)."""
    found = EXCLUDED_LINK_RE.match(record.msg) if isinstance(record.msg, str) else None
    return found.group(1) if found else None


def skip_rendering(page: Page) -> None:
    """Make the engine's `page.render(config, files)` (build.py:167 calls it on the page object,
    pages.py:263 defines it) leave the page empty: its HTML comes from the serve cache."""

    def render(self: Page, config: MkDocsConfig, files: Files) -> None:
        self.content = ""

    page.render = types.MethodType(render, page)  # type: ignore[method-assign]


def search_plugins(config: MkDocsConfig) -> list[Any]:
    """Material's search plugins of this config (material/plugins/search/plugin.py)."""
    return [plugin for plugin in config.plugins.values() if type(plugin).__module__.startswith("material.plugins.search")]


def search_entries(config: MkDocsConfig) -> list[Any] | None:
    """The entry list of Material's search index for this build, if the search plugin is on.

    Material makes `self.search_index = SearchIndex(...)` in its on_config (search/plugin.py:99),
    appends a page's entries to `search_index.entries` in on_page_context (:131, :241) and writes
    the list in on_post_build (:148); papernotes reads and reorders that list.
    """
    for plugin in config.plugins.values():
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        if isinstance(entries, list):
            return entries
    return None


def weigh_search_tags(config: MkDocsConfig, boost: float) -> None:
    """Material's search weighs `tags` by `boost`, unless mkdocs.yml gives the search plugin a
    weight of its own for them (`fields: {tags: ...}`). Material sets its default (1e6) in its
    on_config when `tags` is missing from `config.fields` (search/plugin.py:95-96), so this runs
    before it."""
    for plugin in search_plugins(config):
        fields = plugin.config.get("fields")
        if isinstance(fields, dict) and "tags" not in fields:
            fields["tags"] = {"boost": boost}


def tags_on_the_page_only(entries: list[Any], start: int) -> None:
    """Keep a page's tags on its first search entry (the page) and drop them from its sections.

    Material copies a page's tags into every section's entry (search/plugin.py:227-233, in
    `create_entry_for_section`), so `tags:foo` matched each section and listed "N more on this page"
    under every tagged page.
    """
    for entry in entries[start + 1 :]:
        if isinstance(entry, dict):
            entry.pop("tags", None)


def tabs_leave_the_sidebar_empty(config: MkDocsConfig) -> bool:
    """With Material's `navigation.tabs` the left sidebar shows only the active tab's section
    (partials/nav.html): for a page outside the nav it is empty."""
    return "navigation.tabs" in (config.theme.get("features") or [])


def keep_templates_compiled(env: jinja2.Environment) -> None:
    """MkDocs makes a new environment for every build (commands/build.py:288 calls theme.py:158,
    `get_env`), so its templates cannot go stale within one; without this each of the theme's
    includes stats its file on every page."""
    env.auto_reload = False


def rebuild_guarded(server: LiveReloadServer, keep_going: Callable[[], bool]) -> None:
    """Have the server's rebuilds end quietly when `keep_going()` says the error was handled.

    The server calls `self.builder()` on a change (livereload/__init__.py:108 stores it, :211
    calls it) and reloads the pages only when it returns.
    """
    from mkdocs.exceptions import Abort

    rebuild = server.builder

    def rebuild_or_keep_last_site() -> None:
        try:
            rebuild()
        except Abort:
            if not keep_going():
                raise

    server.builder = rebuild_or_keep_last_site


def wrap_served_app(server: LiveReloadServer, wrap: Callable[[Any], Any]) -> None:
    """Put a WSGI middleware around the server's app (wsgiref's `get_app`/`set_app`; the server
    sets its app with `set_app(self.serve_request)` at livereload/__init__.py:123)."""
    app = server.get_app()
    if app is not None:
        server.set_app(wrap(app))


def sitemap_pages(context: Any) -> list[Any] | None:
    """The sitemap template's `pages`: the files of the build, whose `file.page.*` the template
    reads (mkdocs/templates/sitemap.xml:3-7; build.py:328 renders it with the build's context)."""
    pages = cast(dict[str, Any], context).get("pages")
    return pages if isinstance(pages, list) else None


def set_sitemap_pages(context: Any, pages: list[Any]) -> None:
    cast(dict[str, Any], context)["pages"] = pages


def quiet_jieba() -> None:
    """jieba, which Material's search plugin imports for Chinese (`lang: zh`), sets its own logger
    to DEBUG with a handler of its own when imported, and so prints four lines about its
    dictionary to stderr on every build. Its logger is set to warnings here, after that import
    (the engine loads the search plugin with the config, before any on_config)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)


def add_markdown_extension(config: MkDocsConfig, extension: Extension) -> None:
    """Have Python-Markdown use `extension`, an instance: `markdown_extensions` is typed as names,
    but MkDocs passes the list on to `markdown.Markdown(extensions=...)` as it is
    (structure/pages.py:268-269 in 1.6.1), and Python-Markdown takes instances there
    (core.py:161-172, `registerExtensions`)."""
    extensions = cast(list[Any], config.markdown_extensions)
    if extension not in extensions:
        extensions.append(extension)


def title_given_by_config(page: Page) -> bool:
    """Whether the nav (mkdocs.yml) gave the page its title: `Page.__init__` stores a given title
    in the instance (structure/pages.py:39-40), over the `title` weak_property (:227) that
    otherwise reads it from the meta, the first heading or the file name."""
    return "title" in vars(page)


def title_from_heading(page: Page) -> bool:
    """Whether the page's title came from its first heading, as HTML (tags stripped, entities
    kept): MkDocs keeps it in `_title_from_render` (structure/pages.py:57, :247, :287). Were MkDocs
    to drop the attribute, a heading would be escaped twice: shown wrong, never run."""
    return bool(getattr(page, "_title_from_render", None))
