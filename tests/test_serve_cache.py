"""`mkdocs serve` rebuilds: unchanged pages come from the cache and match a fresh build."""

from __future__ import annotations

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
        assert plugin.cached == {}
        note = root / "docs" / "topics" / "deep-nets.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nA new paragraph about depth.\n", encoding="utf-8")
        _, again = serve_build(root, tmp_path / "serve", startup=False)
        assert again is plugin
        assert len(plugin.cached) == total - 1
        assert "topics/deep-nets.md" not in plugin.cached
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
        # The note, the page of the paper it now mentions ("Mentioned in"), and the pages that
        # sum up the whole base (the home page and the stats page depend on all of it).
        summing_up = {"index.md", "stats/index.md"}
        assert everything - set(plugin.cached) == {"topics/deep-nets.md", "papers/fixmatch.md", *summing_up}
        served = pages(tmp_path / "serve")
        assert "Deep networks" in served["papers/fixmatch/index.html"].decode()
        papers = root / "papers.yaml"
        papers.write_text(papers.read_text(encoding="utf-8").replace("title: Large Scale", "title: Very Large Scale"), encoding="utf-8")
        serve_build(root, tmp_path / "serve", startup=False)
        assert everything - set(plugin.cached) == {
            "papers/distbelief.md", "reading-list/index.md", "explore/index.md", "tags/net.md", "venues/neurips.md",
            "years/2012.md", "papers/densenet.md", "papers/efficientnet.md", "reading/resnet-notes.md",  # related papers
            *summing_up,
        }
        served = pages(tmp_path / "serve")
        assert "Very Large Scale Distributed Deep Networks" in served["reading-list/index.html"].decode()
        assert served == fresh(root, tmp_path / "fresh")
    finally:
        config.plugins.on_shutdown()
