"""Helpers that build real sites in tmp_path."""

from __future__ import annotations

import logging
import os
import textwrap
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Test notes
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - papernotes{options}
"""


def write_project(root: Path, papers_yaml: str, notes: dict[str, str] | None = None, options: str = "", extra: str = "") -> Path:
    """A knowledge base in `root`: papers.yaml, docs/<notes>, mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "papers.yaml").write_text(textwrap.dedent(papers_yaml), encoding="utf-8")
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in (notes or {}).items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    block = ""
    if options:
        block = ":\n" + textwrap.indent(textwrap.dedent(options).strip() + "\n", " " * 6)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(options=block) + extra, encoding="utf-8")
    return root


def build_site(root: Path, strict: bool = False, command: str = "build") -> Path:
    """Build the project in `root` in-process, as `mkdocs build [--strict]` does; returns site_dir.

    `command` is what the plugins are told at startup: "serve" gives the author hints a served site shows.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), strict=strict)
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


@pytest.fixture
def project(tmp_path: Path):
    def make(papers_yaml: str, notes: dict[str, str] | None = None, options: str = "", extra: str = "") -> Path:
        return write_project(tmp_path / "kb", papers_yaml, notes, options, extra)

    return make


# Per module, not per session: a chromium kept open keeps playwright's sync loop running, and
# the tests that open their own (tests/test_serve.py, test_init.py ...) cannot start theirs.
@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    """The built sample, served from 127.0.0.1 below a sub-path (/kb/), for a module's browser tests."""
    from test_browser import SUB_PATH, build_sample, serve

    www = tmp_path_factory.mktemp("www")
    build_sample(www / SUB_PATH)
    with serve(www) as url:
        yield url


@pytest.fixture
def visit(browser, base_url: str):
    """The served sample in a new page of the module's chromium; JavaScript errors fail the test."""
    from test_browser import Visit

    opened = Visit(browser, base_url)
    yield opened
    opened.close()
    assert not opened.errors, f"JavaScript errors: {opened.errors}"


@pytest.fixture(scope="module")
def browser():
    """One headless chromium for a module's browser tests; `launch` gives it a temporary user data dir."""
    from papernotes.loopback import headless_chromium

    with headless_chromium() as opened:
        yield opened


@pytest.fixture(autouse=True)
def _quiet_mkdocs(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="mkdocs")
    yield


@pytest.fixture(autouse=True)
def _plugins_of_one_test():
    """Each test's builds get plugins of their own. MkDocs keeps the plugins that have
    on_startup in a cache on the `plugins` option of its config class, for the life of the
    process (meant for serve's rebuilds): a Material search plugin left by a `--dirty` build
    would merge that site's index into the next test's (config_options.Plugins.load_plugin)."""
    yield
    from mkdocs.config.defaults import MkDocsConfig

    MkDocsConfig.plugins.plugin_cache.clear()


# Property tests (tests/test_properties.py): a fixed number of examples, the same ones on every
# run (derandomize), no per-example deadline on a shared machine, no example database written
# into the checkout, and no shrinking (a failure shrinks for up to five minutes; a known one,
# marked xfail, would cost that on every run). HYPOTHESIS_PROFILE=dev tries ten times as many
# examples, at random, and shrinks what fails.
from hypothesis import HealthCheck, Phase, settings  # noqa: E402

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile(
    "dev", parent=settings.get_profile("ci"), max_examples=600, derandomize=False, phases=list(Phase)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
