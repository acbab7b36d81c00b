"""A build prints nothing from third parties that papernotes can keep quiet, and the engine
behaviours the serve cache relies on are pinned, so an upgrade that changes them fails here."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import write_project
from test_site import NOTES, OPTIONS, PAPERS

CHINESE = {**NOTES, "topics/zh.md": "# 深度学习\n\n残差网络让很深的网络也能训练。\n"}
ZH_SEARCH = ("  - search\n", "  - search:\n      lang: [en, zh]\n      separator: '[\\s\\u200b\\-]+'\n")


def mkdocs_build(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "NO_MKDOCS_2_WARNING"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
        capture_output=True, text=True, env=environment, timeout=600,
    )


def chinese_site(root: Path) -> Path:
    root = write_project(root, PAPERS, CHINESE, OPTIONS)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(*ZH_SEARCH), encoding="utf-8")
    return root


def test_a_chinese_build_prints_no_jieba_dictionary_lines(tmp_path: Path) -> None:
    root = chinese_site(tmp_path / "kb")
    result = mkdocs_build(root, NO_MKDOCS_2_WARNING="1")
    assert result.returncode == 0, result.stderr
    assert "prefix dict" not in result.stderr.lower() and "Loading model" not in result.stderr
    assert "end of life" not in result.stderr
    index = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["text"] for doc in index["docs"] if doc["location"].startswith("topics/zh/")]
    assert any("\u200b" in text and "残差" in text for text in texts)  # jieba segmented the note


def test_materials_end_of_life_banner_is_silenced_only_by_the_environment(tmp_path: Path) -> None:
    """Material prints it when its theme module is imported, which MkDocs does while it reads
    the config, before it loads any plugin: only NO_MKDOCS_2_WARNING in the environment of the
    `mkdocs` process keeps it quiet (the workflow `papernotes init` writes sets it)."""
    root = write_project(tmp_path / "kb", PAPERS, NOTES, OPTIONS)
    loud = mkdocs_build(root)
    assert loud.returncode == 0, loud.stderr
    assert "set NO_MKDOCS_2_WARNING=1" in loud.stderr
    quiet = mkdocs_build(root, NO_MKDOCS_2_WARNING="1")
    assert "NO_MKDOCS_2_WARNING" not in quiet.stderr


def test_engine_writes_no_file_for_an_empty_page_and_says_so_in_one_line() -> None:
    """A page reused while serving renders to nothing and its previous file is moved into place;
    the plugin leaves out the engine's "Page skipped" line for it."""
    from mkdocs.commands import build

    source = inspect.getsource(build._build_page)
    assert "if output.strip():" in source
    assert "log.info(f\"Page skipped: '{page.file.src_uri}'. Generated empty output.\")" in source
    assert build.log.name == "mkdocs.commands.build"
