"""The sample under both engines: MkDocs 1.6 and ProperDocs, the maintained MkDocs 1.x.

ProperDocs loads the plugin through the same `mkdocs.plugins` entry point and serves every
`mkdocs.*` import from its own modules, so each engine runs in its own process here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO, write_project

ENGINES = ("mkdocs", "properdocs")
SAMPLE = ("mkdocs.yml", "papers.yaml", "references.yaml", "notes", "theme_overrides")
# What the engine itself writes into a page: its name and version in the generator meta.
GENERATOR_RE = re.compile(r'<meta name="generator" content="[^"]*">')
KEY_PAGES = (
    "index.html",
    "papers/resnet/index.html",  # a paper with a note
    "papers/alexnet/index.html",  # a paper without one
    "weeks/index.html",
    "tags/index.html",
    "venues/index.html",
    "explore/index.html",
    "topics/segmentation/index.html",
    "guide/format/index.html",
    "404.html",
    "search/search_index.json",
    "assets/papernotes/explore.json",
)


def engine_run(engine: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", engine, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
        errors="replace", timeout=600, env=env,
    )


def copy_sample(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in SAMPLE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def engine_neutral(text: str) -> str:
    return GENERATOR_RE.sub('<meta name="generator" content="">', text)


@pytest.fixture(scope="module")
def sample_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample built once with each engine, `build --strict` in a copy of the repository's files."""
    sites = {}
    for engine in ENGINES:
        root = copy_sample(tmp_path_factory.mktemp(engine) / "sample")
        result = engine_run(engine, ["build", "--strict", "-d", "site"], root)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        sites[engine] = root / "site"
    return sites


def test_both_engines_build_the_same_pages(sample_sites: dict[str, Path]) -> None:
    built = pages(sample_sites["mkdocs"])
    assert len(built) > 100  # the sample: papers, weeks, tags, venues, years, guide
    assert pages(sample_sites["properdocs"]) == built
    for page in KEY_PAGES:
        assert page in built or page.endswith(".json"), page


@pytest.mark.parametrize("page", KEY_PAGES)
def test_key_pages_are_the_same_but_for_the_engine_name(sample_sites: dict[str, Path], page: str) -> None:
    by_mkdocs = (sample_sites["mkdocs"] / page).read_text(encoding="utf-8")
    by_properdocs = (sample_sites["properdocs"] / page).read_text(encoding="utf-8")
    assert engine_neutral(by_properdocs) == engine_neutral(by_mkdocs)
    if page.endswith(".html"):
        assert re.search(r'content="mkdocs-1\.[^"]*"', by_mkdocs)
        assert "ProperDocs" in GENERATOR_RE.search(by_properdocs).group()  # type: ignore[union-attr]


def test_properdocs_reads_properdocs_yml(tmp_path: Path, sample_sites: dict[str, Path]) -> None:
    root = copy_sample(tmp_path / "sample")
    (root / "mkdocs.yml").rename(root / "properdocs.yml")
    result = engine_run("properdocs", ["build", "--strict", "-d", "site"], root)
    assert result.returncode == 0, result.stderr
    assert "should be renamed" not in result.stderr  # what ProperDocs says when it falls back to mkdocs.yml
    assert pages(root / "site") == pages(sample_sites["properdocs"])
    # `papernotes check` finds the same papers file and notes folder through properdocs.yml
    check = subprocess.run(
        [sys.executable, "-m", "papernotes.cli", "check", "."], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0, check.stdout + check.stderr
    notes = len(list((root / "notes").rglob("*.md")))  # the guide grows: counted, not written down
    assert re.search(rf"\b46 papers, {notes} notes: 0 errors, 0 warnings", check.stdout + check.stderr)


BROKEN_PAPERS = """\
tags:
  net: Network architectures
papers:
  - id: resnet
    title: Deep Residual Learning for Image Recognition
    tags: [nett]
"""
BROKEN_NOTES = {"topic.md": "# Topic\n\nSee [[resnet]] and [[no-such-paper]].\n"}
WARNINGS = (
    "papers.yaml:6:12: warning: unknown tag 'nett' (did you mean 'net'?)",
    "docs/topic.md:3:20: warning: reference [[no-such-paper]] names no paper",
)


def logged(level: str, message: str) -> str:
    """A line as both engines print it: `WARNING -  message`, `ERROR   -  message`."""
    return f"{level:<8}-  {message}"


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base whose problems are warnings only: the build succeeds unless strict."""
    return write_project(tmp_path_factory.mktemp("broken") / "kb", BROKEN_PAPERS, BROKEN_NOTES)


@pytest.mark.parametrize("engine", ENGINES)
def test_warnings_are_shown_and_the_build_succeeds(engine: str, broken_project: Path, tmp_path: Path) -> None:
    result = engine_run(engine, ["build", "-d", str(tmp_path / "site")], broken_project)
    assert result.returncode == 0, result.stderr
    for warning in WARNINGS:
        assert logged("WARNING", warning) in result.stderr
    assert (tmp_path / "site" / "papers" / "resnet" / "index.html").exists()


@pytest.mark.parametrize("quiet", [False, True], ids=["verbose", "quiet"])
@pytest.mark.parametrize("engine", ENGINES)
def test_strict_fails_on_papernotes_warnings(engine: str, quiet: bool, broken_project: Path, tmp_path: Path) -> None:
    result = engine_run(engine, ["build", "--strict", *(["-q"] if quiet else []), "-d", str(tmp_path / "site")], broken_project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for warning in WARNINGS:
        # with -q the engine drops warnings before its strict count: papernotes shows them as errors and aborts
        assert logged("ERROR" if quiet else "WARNING", warning) in result.stderr
    if quiet:
        assert logged("ERROR", "papernotes: 2 warnings in strict mode") in result.stderr
    else:
        assert "Aborted with 2 warnings in strict mode!" in result.stdout + result.stderr


IN_PROCESS_BUILD = textwrap.dedent(
    """\
    import sys
    engine = sys.argv[1]
    if engine == "properdocs":
        import properdocs.replacement  # as ProperDocs' command line does: mkdocs.* imports become properdocs.*
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    config = load_config("mkdocs.yml", strict=True, site_dir=sys.argv[2])
    try:
        build(config)
    except Abort as exc:
        print("aborted:", exc)
    else:
        print("built")
    """
)


@pytest.mark.parametrize("engine", ENGINES)
def test_strict_counts_warnings_in_a_build_run_in_process(engine: str, broken_project: Path, tmp_path: Path) -> None:
    """Without ProperDocs' command line the `mkdocs` logger is not below `properdocs`: the
    plugin logs under the engine's own name, so the strict count sees its warnings."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run(
        [sys.executable, "-c", IN_PROCESS_BUILD, engine, str(tmp_path / "site")], cwd=broken_project,
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert result.stdout.strip() == "aborted: Aborted with 2 warnings in strict mode!", result.stdout + result.stderr
