"""`mkdocs serve` rebuilds: unchanged pages come from the cache and match a fresh build."""

from __future__ import annotations

import re
from pathlib import Path

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
