"""`mkdocs serve` rebuilds: unchanged pages come from the cache and match a fresh build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from test_site import NOTES, OPTIONS, PAPERS


def serve_build(root: Path, site_dir: Path, startup: bool):
    """One rebuild as `mkdocs serve` runs it (the plugin instance lives across rebuilds)."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    if startup:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    return config, config.plugins["papernotes"]


def pages(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.html")}


def fresh(root: Path, site_dir: Path) -> dict[str, bytes]:
    config, _ = serve_build(root, site_dir, startup=True)
    config.plugins.on_shutdown()
    return pages(site_dir)


def test_note_edit_rerenders_only_that_page(project, tmp_path: Path) -> None:
    root = project(PAPERS, NOTES, OPTIONS)
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        total = len(plugin.page_keys)
        assert plugin.reused == set()
        note = root / "docs" / "topics" / "deep-nets.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nA new paragraph about depth.\n", encoding="utf-8")
        _, again = serve_build(root, tmp_path / "serve", startup=False)
        assert again is plugin
        assert len(plugin.reused) == total - 1
        assert "topics/deep-nets.md" not in plugin.reused
        served = pages(tmp_path / "serve")
        assert "A new paragraph about depth." in served["topics/deep-nets/index.html"].decode()
        assert served == fresh(root, tmp_path / "fresh")
    finally:
        config.plugins.on_shutdown()


def test_new_reference_or_papers_change_rerenders_the_pages_that_show_it(project, tmp_path: Path) -> None:
    root = project(PAPERS, NOTES, OPTIONS)
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        everything = set(plugin.page_keys)
        note = root / "docs" / "topics" / "deep-nets.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nSee also [[fixmatch]].\n", encoding="utf-8")
        serve_build(root, tmp_path / "serve", startup=False)
        # The note, the page of the paper it now mentions ("Mentioned in"), and the home page,
        # which depends on all of the base; the stats page shows figures that did not change.
        summing_up = {"index.md"}
        assert everything - plugin.reused == {"topics/deep-nets.md", "papers/fixmatch.md", *summing_up}
        served = pages(tmp_path / "serve")
        assert "Deep networks" in served["papers/fixmatch/index.html"].decode()
        papers = root / "papers.yaml"
        papers.write_text(papers.read_text(encoding="utf-8").replace("title: Large Scale", "title: Very Large Scale"), encoding="utf-8")
        serve_build(root, tmp_path / "serve", startup=False)
        assert everything - plugin.reused == {
            "papers/distbelief.md", "reading-list/index.md", "explore/index.md", "tags/net.md", "venues/neurips.md",
            "years/2012.md", "papers/densenet.md", "papers/efficientnet.md", "reading/resnet-notes.md",  # related papers
            "graph/index.md",  # graph.json holds every title: the page's link to it changes version
            *summing_up,
        }
        served = pages(tmp_path / "serve")
        assert "Very Large Scale Distributed Deep Networks" in served["reading-list/index.html"].decode()
        assert served == fresh(root, tmp_path / "fresh")
    finally:
        config.plugins.on_shutdown()


def with_config(root: Path, old: str, new: str) -> None:
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def edit_note_and_rebuild(root: Path, src_uri: str, site_dir: Path) -> None:
    note = root / "docs" / src_uri
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    serve_build(root, site_dir, startup=False)


def test_unchanged_pages_outside_the_nav_are_left_out_of_the_rebuild(project, tmp_path: Path, caplog) -> None:
    """The engine builds nothing of them; their HTML, search entries and sitemap entry stay."""
    root = project(PAPERS, {**NOTES, "topics/links.md": "# Links\n\nSee [FixMatch](../papers/fixmatch.md).\n"}, OPTIONS)
    with_config(root, "site_name: Test notes\n", "site_name: Test notes\nsite_url: https://example.org/kb/\n")
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        caplog.clear()
        edit_note_and_rebuild(root, "topics/links.md", tmp_path / "serve")
        assert "excluded from the built site" not in caplog.text  # the page it links to is held back
        assert 'href="../../papers/fixmatch/"' in (tmp_path / "serve" / "topics" / "links" / "index.html").read_text("utf-8")
        assert "reading/resnet-notes.md" in plugin.held_back and "papers/fixmatch.md" in plugin.held_back
        assert "index.md" not in plugin.held_back  # in the nav: built, its content from the cache
        served = tmp_path / "serve"
        fresh(root, tmp_path / "fresh")
        for name in ("search/search_index.json", "sitemap.xml"):
            text = re.sub(r"<lastmod>[^<]*</lastmod>", "", (served / name).read_text(encoding="utf-8"))
            assert text == re.sub(r"<lastmod>[^<]*</lastmod>", "", (tmp_path / "fresh" / name).read_text(encoding="utf-8"))
        assert "papers/fixmatch/" in (served / "search" / "search_index.json").read_text(encoding="utf-8")
        assert "<loc>https://example.org/kb/papers/fixmatch/</loc>" in (served / "sitemap.xml").read_text(encoding="utf-8")
        assert pages(served) == pages(tmp_path / "fresh")
    finally:
        config.plugins.on_shutdown()


def test_with_a_plugin_that_reads_every_page_nothing_is_left_out(project, tmp_path: Path) -> None:
    """Material's tags plugin indexes every page it sees: each page is built, from the cache."""
    root = project(PAPERS, NOTES, OPTIONS)
    with_config(root, "  - search\n", "  - search\n  - tags\n")
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        edit_note_and_rebuild(root, "topics/deep-nets.md", tmp_path / "serve")
        assert plugin.held_back == {}
        assert "papers/fixmatch.md" in plugin.cached
        assert pages(tmp_path / "serve") == fresh(root, tmp_path / "fresh")
    finally:
        config.plugins.on_shutdown()


def theme_files(config) -> list[tuple[str, str]]:
    """The theme files the engine copies, as it finds them before each build."""
    from mkdocs.structure.files import Files

    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((file.src_uri, file.abs_src_path or "") for file in files)


def test_the_theme_listing_kept_while_serving_finds_the_files_the_engine_copies(project, tmp_path: Path) -> None:
    """Pins the engine's behaviour the listing relies on (a Theme's get_env makes a
    FileSystemLoader; names starting with a dot are never copied): with the listing kept,
    the engine copies the same theme files, and a file added to custom_dir shows at once."""
    from papernotes.mkdocs_plugin.serve_cache import TemplateCache
    from papernotes.mkdocs_plugin.theme_listing import ThemeListing

    root = project(PAPERS, NOTES, OPTIONS)
    overrides = root / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets" / "mine.css").write_text("body {}\n", encoding="utf-8")
    with_config(root, "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    plain = load_config(str(root / "mkdocs.yml"))
    expected = theme_files(plain)
    assert ("assets/mine.css", str(overrides / "assets" / "mine.css")) in expected
    assert any(src.startswith("assets/javascripts/") for src, _ in expected)  # Material's own
    listing, compiled = ThemeListing(), TemplateCache()
    for _ in range(2):  # listed, then from what was kept
        kept = load_config(str(root / "mkdocs.yml"))
        listing.install(kept.theme, compiled)
        assert theme_files(kept) == expected
        # every environment of the theme, Material search's translations' too, keeps its templates
        kept.theme.get_env().get_template("partials/language.html")
        assert kept.theme.get_env().bytecode_cache is compiled and compiled.compiled
    (overrides / "assets" / "new.js").write_text("", encoding="utf-8")
    kept = load_config(str(root / "mkdocs.yml"))
    listing.install(kept.theme, compiled)
    assert ("assets/new.js", str(overrides / "assets" / "new.js")) in theme_files(kept)
    assert theme_files(kept) == theme_files(load_config(str(root / "mkdocs.yml")))


def test_collections_run_again_after_each_rebuild_even_a_failed_one(project, tmp_path: Path) -> None:
    import gc

    import pytest
    from mkdocs.exceptions import Abort

    root = project(PAPERS, NOTES, OPTIONS)
    config, _ = serve_build(root, tmp_path / "serve", startup=True)
    try:
        edit_note_and_rebuild(root, "topics/deep-nets.md", tmp_path / "serve")
        assert gc.isenabled()
        papers = root / "papers.yaml"
        papers.write_text(papers.read_text(encoding="utf-8") + "  - id: [broken\n", encoding="utf-8")
        with pytest.raises(Abort):  # the last good site is kept; the build stops with the problem
            serve_build(root, tmp_path / "serve", startup=False)
        assert gc.isenabled()
    finally:
        config.plugins.on_shutdown()


def test_with_pagefind_a_rebuild_indexes_the_edited_note_and_reuses_the_other_pages(project, tmp_path: Path) -> None:
    """The index is made again from the plan on every rebuild (all records: Pagefind has no way
    to change one page of a written index), in the background, while the pages come from the cache."""
    from test_search_records import indexed

    root = project(PAPERS, NOTES, OPTIONS + "\nsearch: pagefind")
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        total = len(plugin.page_keys)
        plugin.search.finish(raise_errors=True)  # a rebuild does not wait for it: it replaces the served index when written
        before = indexed(tmp_path / "serve")
        note = root / "docs" / "topics" / "deep-nets.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nA new paragraph about depth.\n", encoding="utf-8")
        serve_build(root, tmp_path / "serve", startup=False)
        assert len(plugin.reused) == total - 1
        plugin.search.finish(raise_errors=True)
        after = indexed(tmp_path / "serve")
        assert set(after) == set(before)
        assert after["topics/deep-nets/"]["content"].endswith("A new paragraph about depth.")
        assert "search-worker.js" in (tmp_path / "serve" / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    finally:
        config.plugins.on_shutdown()


def test_with_pagefind_edits_in_a_row_are_indexed_once_they_pause_and_each_record_is_made_once(
    project, tmp_path: Path, monkeypatch
) -> None:
    """While serving, the index of an edit waits for edits to pause: an edit that comes first
    cancels it before Pagefind starts, and the index written after the last edit holds both.
    A record's document is made again only when the record changed."""
    from papernotes.site.search import build as search_build
    from papernotes.site.search.pagefind_service import PagefindError
    from test_search_records import indexed

    made: list[str] = []
    record_html = search_build.record_html

    def counted(record, language: str) -> str:
        made.append(record.url)
        return record_html(record, language)

    monkeypatch.setattr(search_build, "record_html", counted)
    root = project(PAPERS, NOTES, OPTIONS + "\nsearch: pagefind")
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        plugin.search.finish(raise_errors=True)
        first_made = len(made)
        note = root / "docs" / "topics" / "deep-nets.md"
        text = note.read_text(encoding="utf-8")
        note.write_text(text + "\nA first new paragraph.\n", encoding="utf-8")
        serve_build(root, tmp_path / "serve", startup=False)
        waiting = plugin.search.index
        assert waiting is not None and not waiting.done  # waits for edits to pause
        note.write_text(text + "\nA second new paragraph.\n", encoding="utf-8")
        serve_build(root, tmp_path / "serve", startup=False)
        with pytest.raises(PagefindError, match="wrote no index"):
            waiting.result()  # cancelled by the second edit before it started
        plugin.search.finish(raise_errors=True)
        after = indexed(tmp_path / "serve")
        assert after["topics/deep-nets/"]["content"].endswith("A second new paragraph.")
        assert made[first_made:] == ["topics/deep-nets/"]  # the cancelled index made no document; the last one, one
    finally:
        config.plugins.on_shutdown()
