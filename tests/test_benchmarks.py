"""The scale benchmark keeps working: the generator and the runner at a small N (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate, make_corpus

ROWS = (
    "pages built (each site)",
    "a. build with papernotes",
    "b. baseline build (plain MkDocs)",
    "a/b build time",
    "c. papernotes check",
    "c. PyYAML CSafeLoader parse alone (papers.yaml, references.yaml)",
    "check/parse",
    "d. peak RSS a (papernotes)",
    "d. peak RSS b (baseline)",
    "RSS a/b",
    "g. references.yaml read and checked",
    "g. citations in the library, missing works",
    "g. library graph laid out, graph.json",
    "g. Graph page HTML",
    "g. preview cards",
    "g. graph and previews in build a (without references)",
    "e. search_index.json (papernotes), raw / gzip",
    "e. search_index.json (baseline), raw / gzip",
    "e. other data pages load (papernotes), raw / gzip",
    "build growth N=20 -> 30",
    "f. serve: first build until served",
    "f. serve: one-note edit until shown",
    "serve note edit / full build (a)",
    "f. serve: papers.yaml title edit until shown on its tag page",
    "serve title edit / full build (a)",
    "f. serve: papers.yaml tags edit until shown on the tag's page",
    "serve tags edit / full build (a)",
    "f. serve: pages rendered again (note; title; tags edit)",
)


def test_generator_is_deterministic_and_writes_both_projects(tmp_path: Path) -> None:
    first = make_corpus(40, seed=3)
    again = make_corpus(40, seed=3)
    assert first == again
    assert make_corpus(40, seed=4) != first
    plugin_root, baseline_root = generate(tmp_path, 40, seed=3)
    papers = yaml.safe_load((plugin_root / "papers.yaml").read_text(encoding="utf-8"))
    assert [p["id"] for p in papers["papers"]] == [p.id for p in first.papers]
    assert any("/" in key for key in papers["tags"])  # a tag hierarchy
    assert any(v and v.get("aliases") for v in papers["venues"].values())
    notes = sorted((plugin_root / "docs" / "notes").glob("*.md"))
    assert len(notes) == sum(1 for p in first.papers if p.note is not None) > 0
    assert notes[0].read_text(encoding="utf-8").startswith(f"---\npaper: {notes[0].stem}\n---\n")
    baseline_papers = sorted(p.stem for p in (baseline_root / "docs" / "papers").glob("*.md"))
    assert baseline_papers == sorted(p.id for p in first.papers)
    config = (baseline_root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "not_in_nav" in config and "papernotes" not in config


def test_generated_references_cite_the_library_by_its_identifiers_and_works_outside_it(tmp_path: Path) -> None:
    corpus = make_corpus(300, seed=2)
    plugin_root, _ = generate(tmp_path, 300, seed=2)
    text = (plugin_root / "references.yaml").read_text(encoding="utf-8")
    assert text == (generate(tmp_path / "again", 300, seed=2)[0] / "references.yaml").read_text(encoding="utf-8")
    lists = yaml.safe_load(text)["references"]
    assert sorted(lists) == sorted(p.id for p in corpus.papers)
    by_id = corpus.by_id
    for paper in corpus.papers:
        inside = [entry for entry in lists[paper.id] if not str(entry.get("doi", "")).startswith("10.9999/")]
        assert len(inside) == len(paper.cites) and 5 <= len(inside) <= 30
        for entry, cited in zip(inside, sorted((by_id[c] for c in paper.cites), key=lambda p: p.title.lower()), strict=True):
            # a DOI when the record has one, else its arXiv id, else its title alone
            assert entry == {"doi": cited.doi, "title": cited.title, "year": cited.year} if cited.doi else entry == (
                {"arxiv": cited.arxiv, "title": cited.title, "year": cited.year} if cited.arxiv
                else {"title": cited.title, "year": cited.year})
    outside = [entry["doi"] for entries in lists.values() for entry in entries if str(entry.get("doi", "")).startswith("10.9999/")]
    assert max(outside.count(doi) for doi in set(outside)) >= 10  # a work many papers cite: the Missing page's first


def test_check_passes_on_a_generated_knowledge_base(tmp_path: Path) -> None:
    plugin_root, _ = generate(tmp_path, 50)
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from papernotes.cli import main; raise SystemExit(main(sys.argv[1:]))",
         "check", str(plugin_root)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout + result.stderr


def test_runner_prints_every_row_and_builds_both_sites(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--papers", "20", "--papers", "30", "--out", str(tmp_path), "--no-explorer"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    names = [line.split("|")[1].strip() for line in table[1:]]
    for row in ROWS:
        assert row in names, f"missing row {row!r} in\n{result.stdout}"
    assert table[0].split("|")[2].strip() == "N=20" and table[0].split("|")[3].strip() == "N=30"
    pages = [cell.strip() for cell in table[1 + names.index("pages built (each site)")].split("|")]
    for n in (20, 30):
        plugin_site, baseline_site = tmp_path / f"n{n}" / "site-papernotes", tmp_path / f"n{n}" / "site-baseline"
        plugin_pages = sorted(p.relative_to(plugin_site).as_posix() for p in plugin_site.rglob("*.html"))
        baseline_pages = sorted(p.relative_to(baseline_site).as_posix() for p in baseline_site.rglob("*.html"))
        assert len(plugin_pages) == len(baseline_pages)
        assert f"{len(plugin_pages):,}" in pages
        assert (plugin_site / "search" / "search_index.json").is_file()
        # Paper pages at the same URLs in both sites.
        corpus = make_corpus(n)
        for paper in corpus.papers:
            assert f"papers/{paper.id}/index.html" in plugin_pages
            assert f"papers/{paper.id}/index.html" in baseline_pages
    assert "page counts differ" not in result.stdout
    assert "machine: " in result.stdout


# ---------------------------------------------------------------- shortcuts taken for speed keep results


def test_relative_urls_match_posixpath_relpath() -> None:
    import posixpath
    import random

    from papernotes.site.urls import _relpath

    segments = ["a", "b", "papers", "tags", "x.html", "?tag=net", "", "..", ".", "weeks"]
    rng = random.Random(7)
    for _ in range(20_000):
        path = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 4)))
        base = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 4))) + "/"
        assert _relpath(path, base) == posixpath.relpath("/" + path, "/" + base), (path, base)


def test_serve_rebuild_reuses_search_entries_and_matches_a_fresh_build(tmp_path: Path) -> None:
    """A note edit while serving: the search index and every page equal a fresh build's."""
    import json

    from test_serve_cache import fresh, pages, serve_build

    root, _ = generate(tmp_path / "kb", 40)
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        assert plugin.kb is not None
        records = plugin.kb.papers
        note = next(p for p in make_corpus(40).papers if p.note is not None)
        path = root / "docs" / "notes" / f"{note.id}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence about zebrafish.\n", encoding="utf-8")
        serve_build(root, tmp_path / "serve", startup=False)
        assert f"notes/{note.id}.md" not in plugin.reused
        assert len(plugin.reused) == len(plugin.page_keys) - 1
        assert plugin.search_entries is not None  # cached pages brought their index entries
        assert plugin.kb.papers is records  # papers.yaml unchanged: not parsed again
        served_index = json.loads((tmp_path / "serve" / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert any("zebrafish" in doc["text"] for doc in served_index["docs"] if doc["location"].startswith(f"papers/{note.id}/"))
        served = pages(tmp_path / "serve")
    finally:
        config.plugins.on_shutdown()
    assert not list(tmp_path.glob("serve.previous-*"))
    assert served == fresh(root, tmp_path / "fresh")
    fresh_index = json.loads((tmp_path / "fresh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert served_index == fresh_index


def test_papers_option_takes_lists_and_refuses_nonsense() -> None:
    import argparse

    import pytest

    from run import _counts

    assert _counts("1000,10_000") == [1000, 10000]
    assert _counts("30") == [30]
    for bad in ("x", "0", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            _counts(bad)


def test_serve_dirty_leaves_the_output_to_mkdocs(tmp_path: Path) -> None:
    """`mkdocs serve --dirty` keeps site_dir between rebuilds: the page cache must stay out of it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root, _ = generate(tmp_path / "kb", 20)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "serve"))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        assert config.plugins["papernotes"].session is None
        again = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "serve"))
        build(again, serve_url="http://127.0.0.1:8000/", dirty=True)
    finally:
        config.plugins.on_shutdown()
    with_note = next(p for p in make_corpus(20).papers if p.note is not None)  # a page --dirty skips
    assert (tmp_path / "serve" / "papers" / with_note.id / "index.html").is_file()
    assert not list(tmp_path.glob("serve.previous-*"))


def test_table_judges_each_ratio_where_its_target_applies() -> None:
    import run

    def result(papers: int, plugin_seconds: float, baseline_seconds: float) -> run.Result:
        serve = run.ServeFigures(plugin_seconds, plugin_seconds * 0.3, plugin_seconds, plugin_seconds * 0.1, ["1 of 10"])
        return run.Result(
            papers, 10, run.Measured(plugin_seconds, 130, 0), run.Measured(baseline_seconds, 100, 0),
            1.0, 0.5, {}, {}, serve, None,
        )

    rows = {name: cells for name, cells, _ in run.table_rows([result(1000, 6.0, 5.0), result(10000, 40.0, 50.0)])}
    assert rows["a/b build time"] == ["1.20", "0.80 (ok)"]  # the target is set at N=10,000 only
    assert rows["RSS a/b"] == ["1.30 (MISSED by 1.08x)"] * 2
    assert rows["serve note edit / full build (a)"] == ["0.30", "0.30 (MISSED by 3.00x)"]
    assert rows["serve title edit / full build (a)"] == ["1.00", "1.00 (MISSED by 6.67x)"]
    assert rows["serve tags edit / full build (a)"] == ["0.10", "0.10 (ok)"]
    # The one-record edits are judged in seconds at N=1,000.
    assert rows["f. serve: papers.yaml title edit until shown on its tag page"] == ["6.00 s (MISSED by 4.00x)", "40.00 s"]
    assert rows["f. serve: papers.yaml tags edit until shown on the tag's page"] == ["0.60 s (ok)", "4.00 s"]
    assert rows["f. serve: pages rendered again (note; title; tags edit)"] == ["1 of 10", "1 of 10"]
    assert rows["build growth N=1,000 -> 10,000"] == ["-", "6.67 (ok)"]


def test_table_judges_the_build_growth_from_each_size_to_the_next() -> None:
    import run

    def result(papers: int, plugin_seconds: float, baseline_seconds: float) -> run.Result:
        return run.Result(papers, 10, run.Measured(plugin_seconds, 130, 0), run.Measured(baseline_seconds, 100, 0),
                          1.0, 0.5, {}, {}, None, None)

    rows = run.table_rows([result(1000, 6.0, 5.0), result(10000, 50.0, 50.0), result(50000, 300.0, 240.0)])
    assert [row for row in rows if "growth" in row[0]] == [
        ("build growth N=1,000 -> 10,000", ["-", "8.33 (ok)", "-"], "<= 11.0x"),
        ("  baseline growth, same Ns", ["-", "10.00", "-"], ""),
        ("build growth N=10,000 -> 50,000", ["-", "-", "6.00 (MISSED by 1.09x)"], "<= 5.5x"),
        ("  baseline growth, same Ns", ["-", "-", "4.80"], ""),
    ]
