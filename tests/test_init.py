"""`papernotes init`: a starter knowledge base that builds, checks clean and is never overwritten."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from papernotes.cli import main
from papernotes.knowledge.model import json_schemas
from papernotes.starter import PACKAGE_PLACEHOLDER, starter_files

STARTER_PATHS = [
    "mkdocs.yml",
    "papers.yaml",
    "papers.schema.json",
    "note.schema.json",
    "notes/index.md",
    "notes/papers/resnet.md",
    ".gitignore",
    ".github/workflows/publish.yml",
]


def init(target: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["init", str(target)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root with its bytes and modification time."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def tool(name: str) -> str:
    """A console script of this interpreter's environment."""
    script = Path(sys.executable).with_name(name)
    assert script.exists(), f"{name} is not installed beside {sys.executable}"
    return str(script)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A starter knowledge base built by the real `mkdocs build --strict`; returns its site folder."""
    root = tmp_path_factory.mktemp("starter") / "kb"
    assert main(["init", str(root)]) == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([tool("mkdocs"), "build", "--strict"], cwd=root, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


def test_init_writes_every_starter_file_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = init(Path("kb"), capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[: len(STARTER_PATHS)] == [f"wrote kb/{path}" for path in STARTER_PATHS]
    assert "next: set PAPERNOTES in .github/workflows/publish.yml to the git URL of papernotes, then push to publish" in lines
    assert lines[-1] == "then: cd kb && mkdocs serve (http://127.0.0.1:8000); papernotes check validates without building"
    for path, text in starter_files().items():
        assert (tmp_path / "kb" / path).read_text(encoding="utf-8") == text


def test_init_defaults_to_the_working_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "wrote mkdocs.yml"
    assert out.splitlines()[-1].startswith("then: mkdocs serve ")
    assert sorted(tree(tmp_path)) == sorted(STARTER_PATHS)


def test_the_starter_builds_strict_with_the_example_paper(built: Path) -> None:
    paper = (built / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    assert "Deep Residual Learning for Image Recognition" in paper
    assert 'href="https://arxiv.org/abs/1512.03385"' in paper
    # the note's own text, with its [[resnet]] reference rendered as a link
    assert "A block adds its input to what it computes" in paper
    assert "[[resnet]]" not in paper
    home = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="papers/resnet/"' in home
    for index in ("weeks", "tags", "venues", "years", "reading-list", "explore"):
        assert (built / index / "index.html").is_file(), index


def test_the_starter_has_the_dark_mode_toggle_and_no_google_fonts(built: Path) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert '<form class="md-header__option" data-md-component="palette">' in home
    assert 'data-md-color-media="(prefers-color-scheme: light)" data-md-color-scheme="default"' in home
    assert 'data-md-color-media="(prefers-color-scheme: dark)" data-md-color-scheme="slate"' in home
    assert 'aria-label="Switch to dark mode"' in home and 'aria-label="Switch to light mode"' in home
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_the_starter_config_searches_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mkdocs.config import load_config

    init(tmp_path, capsys)
    config = load_config(str(tmp_path / "mkdocs.yml"))
    search = config.plugins["material/search"].config
    assert search.lang == ["en", "zh"]
    assert search.separator == r"[\s\u200b\-]+"  # jieba joins Chinese words with U+200B
    assert config.theme["font"] is False
    assert config.docs_dir == str(tmp_path / "notes")


def test_a_second_init_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    init(Path("kb"), capsys)
    before = tree(tmp_path / "kb")
    code, out, err = init(Path("kb"), capsys)
    assert code == 0 and err == ""
    assert out.splitlines() == [f"kept kb/{path} (exists)" for path in STARTER_PATHS] + ["nothing written: every starter file exists"]
    assert tree(tmp_path / "kb") == before  # same bytes, same modification times, no file added


def test_an_existing_mkdocs_yml_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    mine = b"site_name: My own\r\ndocs_dir: notes\r\nplugins:\r\n  - papernotes\r\n"
    (tmp_path / "mkdocs.yml").write_bytes(mine)
    mtime = (tmp_path / "mkdocs.yml").stat().st_mtime_ns
    code, out, _err = init(Path("."), capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "kept mkdocs.yml (exists)"
    assert lines[1:8] == [f"wrote {path}" for path in STARTER_PATHS[1:]]
    assert not any(line.startswith("note:") for line in lines)  # it reads papers.yaml and notes/
    assert (tmp_path / "mkdocs.yml").read_bytes() == mine
    assert (tmp_path / "mkdocs.yml").stat().st_mtime_ns == mtime


def test_a_kept_config_of_another_layout_is_pointed_out(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: Docs\ndocs_dir: docs\n", encoding="utf-8")
    code, out, _err = init(Path("."), capsys)
    assert code == 0
    assert "note: the kept config does not read papers.yaml and notes/: point it at them, or move them" in out.splitlines()


@pytest.mark.parametrize("name", ["mkdocs.yaml", "properdocs.yml"])
def test_a_config_under_another_name_stands_for_mkdocs_yml(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text("site_name: Mine\ndocs_dir: notes\n", encoding="utf-8")
    code, out, _err = init(Path("."), capsys)
    assert code == 0
    assert out.splitlines()[0] == f"kept {name} (exists)"
    assert not (tmp_path / "mkdocs.yml").exists()


def test_existing_notes_and_papers_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "index.md").write_text("# Mine\n", encoding="utf-8")
    (tmp_path / "papers.yaml").write_text("papers: []\n", encoding="utf-8")
    code, out, _err = init(Path("."), capsys)
    assert code == 0
    assert "kept papers.yaml (exists)" in out.splitlines()
    assert "kept notes/index.md (exists)" in out.splitlines()
    assert "wrote notes/papers/resnet.md" in out.splitlines()
    assert (tmp_path / "notes" / "index.md").read_text(encoding="utf-8") == "# Mine\n"
    assert (tmp_path / "papers.yaml").read_text(encoding="utf-8") == "papers: []\n"
    assert not list(tmp_path.rglob("*.tmp"))  # no temporary file left behind


def test_a_symlink_in_the_way_is_kept_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / ".gitignore").symlink_to(tmp_path / "elsewhere")  # dangling: writing through it would create it
    code, out, _err = init(tmp_path / "kb", capsys)
    assert code == 0
    assert not (tmp_path / "elsewhere").exists()
    assert any(line.startswith("kept ") and line.endswith("/kb/.gitignore (exists)") for line in out.splitlines())


def test_init_into_a_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("x\n", encoding="utf-8")
    code, out, err = init(Path("notes.txt"), capsys)
    assert (code, out) == (2, "")
    assert err == "papernotes init: notes.txt is a file, not a folder\n"


def test_init_where_nothing_can_be_written_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("x\n", encoding="utf-8")
    code, out, err = init(Path("notes.txt/kb"), capsys)
    assert (code, out) == (2, "")
    assert err == "papernotes init: cannot write notes.txt/kb: Not a directory\n"


def test_a_file_where_a_folder_goes_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes").write_text("not a folder\n", encoding="utf-8")
    code, out, err = init(Path("."), capsys)
    assert code == 2
    assert out.splitlines() == [f"wrote {path}" for path in STARTER_PATHS[:4]]  # what was written before
    assert err == "papernotes init: cannot write notes: it is a file, not a folder\n"
    assert Path("notes").read_text(encoding="utf-8") == "not a folder\n"


def test_the_starter_checks_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init(tmp_path, capsys)
    assert main(["check", str(tmp_path), "--strict"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "1 paper, 2 notes: 0 errors, 0 warnings\n"


def test_the_starter_checks_clean_through_the_console_script(tmp_path: Path) -> None:
    subprocess.run([tool("papernotes"), "init"], cwd=tmp_path, check=True, capture_output=True, timeout=120)
    result = subprocess.run([tool("papernotes"), "check", "--strict"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (0, "")


def test_papers_yaml_points_at_the_schema_it_validates_against(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    init(tmp_path, capsys)
    text = (tmp_path / "papers.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./papers.schema.json"
    schema = json.loads((tmp_path / "papers.schema.json").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))  # dates as the language server sees them
    jsonschema.validate(data, schema)
    assert [paper["id"] for paper in data["papers"]] == ["resnet"]
    assert data["papers"][0]["url"] == "https://arxiv.org/abs/1512.03385"
    assert set(data["tags"]) == {"net", "net/cnn"}
    assert data["venues"]["NeurIPS"]["aliases"] == ["NIPS"]


def test_the_schema_files_are_those_papernotes_schema_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init(tmp_path / "kb", capsys)
    assert main(["schema", "--out", str(tmp_path / "schema")]) == 0
    for name in json_schemas():
        assert (tmp_path / "kb" / name).read_bytes() == (tmp_path / "schema" / name).read_bytes()


def test_the_example_note_shows_paper_front_matter_and_a_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init(tmp_path, capsys)
    note = (tmp_path / "notes" / "papers" / "resnet.md").read_text(encoding="utf-8")
    assert note.startswith("---\npaper: resnet\n---\n")
    assert "[[resnet]]" in note
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "site/\n"


def workflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    init(tmp_path, capsys)
    return yaml.safe_load((tmp_path / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))


def test_the_workflow_builds_strict_and_deploys_to_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = workflow(tmp_path, capsys)
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
    assert triggers["push"] == {"branches": ["main"]} and "workflow_dispatch" in triggers
    # only the deploy job may publish; the build job reads the repository and nothing else
    assert flow["permissions"] == {"contents": "read"}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all(
        set(job.get("permissions", {}).values()) <= {"read"} for name, job in flow["jobs"].items() if name != "deploy"
    )
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert [use.split("@")[0] for use in uses if use] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-pages-artifact",
    ]
    runs = [step.get("run", "") for step in build["steps"]]
    assert "mkdocs build --strict" in runs
    assert runs.index("mkdocs build --strict") < uses.index(next(u for u in uses if u.startswith("actions/upload-pages-artifact")))
    assert build["steps"][-1]["with"] == {"path": "site"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert deploy["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]


def test_the_workflow_refuses_to_run_until_the_package_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = workflow(tmp_path, capsys)
    assert flow["env"]["PAPERNOTES"] == PACKAGE_PLACEHOLDER
    install = next(step["run"] for step in flow["jobs"]["build"]["steps"] if step.get("name") == "Install papernotes")
    env = {**os.environ, "PAPERNOTES": PACKAGE_PLACEHOLDER}
    result = subprocess.run(["bash", "-e", "-c", install], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert result.stdout == "::error file=.github/workflows/publish.yml::set PAPERNOTES to the git URL of papernotes\n"


@pytest.mark.browser
@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_starter_follows_the_system_scheme_and_the_toggle_switches_it(built: Path, system: str) -> None:
    pytest.importorskip("playwright.sync_api", reason="python playwright is not installed (pip install -e '.[test]')")
    from papernotes.loopback import CHROMIUM, headless_chromium, serve_folder

    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    first, second = ("default", "slate") if system == "light" else ("slate", "default")
    with serve_folder(built) as url, headless_chromium() as browser:
        page = browser.new_page(color_scheme=system)
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(url) else None)
        page.goto(url)
        body = page.locator("body")
        assert body.get_attribute("data-md-color-scheme") == first
        page.locator("label.md-header__button[for]:visible").click()
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{second}'")
        assert outside == []  # no Google Fonts, nothing else leaves 127.0.0.1
