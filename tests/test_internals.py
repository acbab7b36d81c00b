"""Each MkDocs, Material and Python-Markdown internal papernotes relies on (mkdocs_plugin/internals.py)
still stands as cited: an upgrade that moves one fails here, naming it, before a build goes wrong."""

from __future__ import annotations

import importlib
import inspect
import logging
from pathlib import Path

import markdown
import pytest
from markdown.extensions import Extension

from papernotes.mkdocs_plugin import internals

ENGINES = [name for name in ("mkdocs", "properdocs") if importlib.util.find_spec(name) is not None]


def source(engine: str, module: str, name: str | None = None) -> str:
    found = importlib.import_module(f"{engine}.{module}")
    return inspect.getsource(getattr(found, name) if name else found)


def record(message: str) -> logging.LogRecord:
    return logging.LogRecord("x", logging.INFO, __file__, 1, message, None, None)


@pytest.mark.parametrize("engine", ENGINES)
def test_skipped_page_reads_the_line_the_engine_logs_for_an_empty_output(engine: str) -> None:
    assert "log.info(f\"Page skipped: '{page.file.src_uri}'. Generated empty output.\")" in source(engine, "commands.build")
    assert internals.skipped_page(record("Page skipped: 'papers/a.md'. Generated empty output.")) == "papers/a.md"
    assert internals.skipped_page(record("Building documentation...")) is None


@pytest.mark.parametrize("engine", ENGINES)
def test_excluded_link_target_reads_the_line_the_engine_logs_for_a_link_to_an_excluded_page(engine: str) -> None:
    pages = source(engine, "structure.pages")
    assert "f\"Doc file '{self.file.src_uri}' contains a link to \"" in pages
    assert "f\"'{target_uri}' which is excluded from the built site.\"" in pages
    line = "Doc file 'index.md' contains a link to 'papers/a.md' which is excluded from the built site."
    assert internals.excluded_link_target(record(line)) == "papers/a.md"


@pytest.mark.parametrize("engine", ENGINES)
def test_skip_rendering_replaces_the_render_the_engine_calls_on_the_page(engine: str) -> None:
    assert "page.render(config, files)" in source(engine, "commands.build", "_populate_page")
    pages = importlib.import_module(f"{engine}.structure.pages")
    assert list(inspect.signature(pages.Page.render).parameters) == ["self", "config", "files"]


@pytest.mark.parametrize("engine", ENGINES)
def test_keep_templates_compiled_counts_on_a_new_environment_per_build(engine: str) -> None:
    assert "env = config.theme.get_env()" in source(engine, "commands.build", "build")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_served_app_and_the_rebuild_are_attributes_of_the_server(engine: str) -> None:
    server = source(engine, "livereload", "LiveReloadServer")
    assert "self.builder = builder" in server and "self.builder()" in server
    assert "self.set_app(self.serve_request)" in server
    livereload = importlib.import_module(f"{engine}.livereload")
    assert callable(livereload.LiveReloadServer.get_app) and callable(livereload.LiveReloadServer.set_app)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_sitemap_reads_the_pages_of_the_context(engine: str) -> None:
    sitemap = (Path(importlib.import_module(engine).__file__).parent / "templates" / "sitemap.xml").read_text()
    assert "{%- for file in pages -%}" in sitemap
    assert "file.page.abs_url" in sitemap and "file.page.update_date" in sitemap and "file.page.is_link" in sitemap
    context = {"pages": ["a"]}
    internals.set_sitemap_pages(context, [*(internals.sitemap_pages(context) or []), "b"])
    assert context["pages"] == ["a", "b"]


@pytest.mark.parametrize("engine", ENGINES)
def test_markdown_extensions_reach_python_markdown_as_they_are(engine: str) -> None:
    assert "extensions=config['markdown_extensions']," in source(engine, "structure.pages", "Page")

    class Mark(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.preprocessors.register(_Upper(md), "upper", 1)

    assert markdown.markdown("a", extensions=[Mark()]) == "<p>A</p>"


class _Upper(markdown.preprocessors.Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return [line.upper() for line in lines]


def test_engine_logger_is_on_the_engine_tree() -> None:
    assert internals.ENGINE in ENGINES
    assert internals.engine_logger("commands.build") is importlib.import_module(f"{internals.ENGINE}.commands.build").log


def test_material_search_keeps_its_entries_in_a_list_made_with_the_config() -> None:
    search = importlib.import_module("material.plugins.search.plugin")
    plugin_source = inspect.getsource(search.SearchPlugin)
    assert "self.search_index = SearchIndex(**self.config)" in inspect.getsource(search.SearchPlugin.on_config)
    assert "self.search_index.add_entry_from_context(page)" in plugin_source
    assert "self.entries = []" in inspect.getsource(search.SearchIndex.__init__)


def test_material_search_sets_its_tags_weight_only_when_none_is_given() -> None:
    search = importlib.import_module("material.plugins.search.plugin")
    assert 'if "tags" not in self.config.fields:' in inspect.getsource(search.SearchPlugin.on_config)


def test_material_search_copies_a_pages_tags_into_each_entry() -> None:
    search = importlib.import_module("material.plugins.search.plugin")
    added = inspect.getsource(search.SearchIndex.create_entry_for_section)
    assert 'tags = page.meta.get("tags")' in added and 'entry["tags"]' in added
    entries = [{"tags": ["a"]}, {"tags": ["a"]}, {"location": "x"}]
    internals.tags_on_the_page_only(entries, 0)
    assert entries == [{"tags": ["a"]}, {}, {"location": "x"}]


def test_material_tabs_leave_a_page_outside_the_nav_without_sidebar() -> None:
    material = Path(importlib.import_module("material").__file__).parent
    assert '{% if "navigation.tabs" in features %}' in (material / "templates" / "partials" / "nav.html").read_text()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_title_the_nav_gives_is_stored_on_the_page_and_a_headings_is_kept_apart(engine: str) -> None:
    pages = importlib.import_module(f"{engine}.structure.pages")
    assert "self.title = title" in inspect.getsource(pages.Page.__init__)
    assert "self._title_from_render: str | None = None" in inspect.getsource(pages.Page.__init__)
    assert "return self._title_from_render" in inspect.getsource(pages.Page)
    assert type(vars(pages.Page)["title"]).__name__ == "weak_property"
