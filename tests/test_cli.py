"""The `papernotes` command: check (exit codes, formats, the broken-input corpus) and schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from papernotes import cli
from papernotes.importers.printable import printable
from papernotes.knowledge.project import Project, find_project

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())

CLEAN = """\
# yaml-language-server: $schema=./papers.schema.json
tags:
  net: Network architectures
venues:
  NeurIPS:
    name: Conference on Neural Information Processing Systems
    aliases: [NIPS]
papers:
  - id: resnet
    title: Deep Residual Learning for Image Recognition
    short: ResNet
    authors: [Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun]
    year: 2016
    venue: NIPS
    url: https://arxiv.org/abs/1512.03385
    links: {code: https://github.com/KaimingHe/deep-residual-networks}
    tags: [net]
    read: 2020-06-22
    status: read
    group: "Breadth: Classics"
    rating: 5
    abstract: Deeper neural networks are more difficult to train.
    image: images/resnet.png
    highlights: ["Identity shortcuts."]
  - id: vgg
    title: Very Deep Convolutional Networks for Large-Scale Image Recognition
"""


def papernotes_command() -> list[str]:
    """The installed console script, next to this interpreter."""
    script = Path(sys.executable).with_name("papernotes")
    found = str(script) if script.exists() else shutil.which("papernotes")
    assert found, "the papernotes console script is not installed (pip install -e '.[test]')"
    return [found]


def limit_memory() -> None:
    """Child processes get 2 GiB of address space: an input that explodes memory fails loudly."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        papernotes_command() + args, cwd=cwd, capture_output=True, text=True, encoding="utf-8",
        errors="replace", timeout=120, env=env, preexec_fn=limit_memory,
    )


def kb(tmp_path: Path, papers: str, notes: dict[str, str] | None = None) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "papers.yaml").write_text(textwrap.dedent(papers), encoding="utf-8")
    for name, text in (notes or {}).items():
        path = root / "notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


# ---------------------------------------------------------------- the corpus


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_broken_input_gives_clean_messages_and_exit_1(case: str) -> None:
    """`papernotes check` on each broken input: the expected lines, exit 1, never a traceback.

    expected.txt: each line must be part of an output line; a line starting with '!' must
    appear nowhere. args.txt, when present, holds extra arguments (e.g. --strict for cases
    whose problems are warnings).
    """
    folder = BROKEN / case
    extra = (folder / "args.txt").read_text().split() if (folder / "args.txt").exists() else []
    result = run(["check", ".", *extra], folder)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1, output
    printed = result.stdout.splitlines()
    for expected in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        if expected.startswith("!"):
            assert expected[1:] not in output, f"{expected[1:]!r} should not be printed"
        elif expected:
            assert any(expected in line for line in printed), f"missing: {expected}\n--- got:\n{result.stdout}"
    for line in printed:  # every problem keeps the editor format, on one line
        assert line.split(":", 3)[1].isdigit() and line.split(":", 3)[2].isdigit(), line
        assert len(line) < 1000


# ---------------------------------------------------------------- check: exit codes and formats


def test_clean_knowledge_base_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = kb(tmp_path, CLEAN, {"resnet.md": "---\npaper: resnet\n---\nSee [[vgg]].\n", "images/resnet.png": ""})
    assert cli.main(["check", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "2 papers, 1 note: 0 errors, 0 warnings\n"


def test_problems_exit_1_and_print_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = kb(tmp_path, CLEAN + "    year: '2014'\n    status: done\n")
    assert cli.main(["check", str(root / "papers.yaml")]) == 1
    out = capsys.readouterr().out.splitlines()
    path = (root / "papers.yaml").as_posix()
    assert out == [
        f"{path}:27:5: error: 'year' must be a whole number, got the text '2014' (remove the quotes)",
        f"{path}:28:5: error: 'status' must be one of 'to-read', 'reading' or 'read', got the text 'done'",
    ]


def test_paths_are_relative_to_the_working_folder(tmp_path: Path) -> None:
    root = kb(tmp_path, "papers:\n  - id: a\n", {"n.md": "[[b]]\n"})
    result = run(["check"], root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "notes/n.md:1:1: warning: reference [[b]] names no paper",
        "papers.yaml:2:5: error: missing required key 'title'",
    ]
    assert result.stderr == "0 papers, 1 note: 1 error, 1 warning\n"


def test_warnings_alone_exit_0_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = kb(tmp_path, CLEAN + "    tags: [nett]\n")
    assert cli.main(["check", str(root)]) == 0
    assert "warning: unknown tag 'nett' (did you mean 'net'?)" in capsys.readouterr().out
    assert cli.main(["check", "--strict", str(root)]) == 1
    assert "warning: unknown tag 'nett'" in capsys.readouterr().out


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = kb(tmp_path, CLEAN + "    tags: [nett]\n    rating: 11\n")
    assert cli.main(["check", "--format", "json", str(root)]) == 1
    report = json.loads(capsys.readouterr().out)
    path = (root / "papers.yaml").as_posix()
    assert report == {
        "ok": False,
        "papers": 2,
        "notes": 0,
        "errors": 1,
        "warnings": 1,
        "problems": [
            {"file": path, "line": 27, "column": 12, "severity": "warning", "message": "unknown tag 'nett' (did you mean 'net'?)", "key": "tags"},
            {"file": path, "line": 28, "column": 5, "severity": "error", "message": "'rating' must be at most 5, got the number 11", "key": "rating"},
        ],
    }


def test_json_format_of_a_clean_base_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = kb(tmp_path, CLEAN + "    tags: [nett]\n")
    assert cli.main(["check", "--format", "json", str(root)]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert cli.main(["check", "--format", "json", "--strict", str(root)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 0, 1)


def test_json_keeps_non_ascii(tmp_path: Path) -> None:
    root = kb(tmp_path, "papers:\n  - id: a\n    title: 注意力\n    status: 读完\n")
    result = run(["check", "--format", "json"], root)
    assert result.returncode == 1
    assert json.loads(result.stdout)["problems"][0]["message"] == (
        "'status' must be one of 'to-read', 'reading' or 'read', got the text '读完'"
    )


def test_mkdocs_yml_names_the_papers_file_and_docs_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "data" / "kb.yaml").write_text("papers:\n  - id: a\n    title: A\n", encoding="utf-8")
    (root / "content" / "n.md").write_text("[[zz]]\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: content\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - papernotes:\n      papers: data/kb.yaml\n",
        encoding="utf-8",
    )
    assert cli.main(["check", str(root / "mkdocs.yml")]) == 0
    captured = capsys.readouterr()
    assert "content/n.md:1:1: warning: reference [[zz]] names no paper" in captured.out
    assert captured.err == "1 paper, 1 note: 0 errors, 1 warning\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "missing", "papernotes check: no such file or folder: "),
        (lambda root: root, "papernotes check: no papers file at "),
        (lambda root: (root / "papers.yaml").mkdir() or root, "is a folder, not a file"),
    ],
)
def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str) -> None:  # type: ignore[no-untyped-def]
    target = make(tmp_path)
    assert cli.main(["check", str(target)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_unreadable_permissions_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("papers: []\n", encoding="utf-8")
    papers.chmod(0)
    try:
        try:
            papers.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running as root: file permissions do not stop reading")
        assert cli.main(["check", str(papers)]) == 2
        assert "cannot read papers file: Permission denied" in capsys.readouterr().err
    finally:
        papers.chmod(0o644)


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    for args in (["check", "--format", "xml", "."], ["check", "--bogus"], ["frobnicate"]):  # none at all: first steps
        result = run(args, tmp_path)
        assert result.returncode == 2, args
        assert "usage: papernotes" in result.stderr
        assert "Traceback" not in result.stderr


def test_unexpected_failure_is_reported_without_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = kb(tmp_path, CLEAN)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(cli, "load_knowledge_base", broken)
    assert cli.main(["check", str(root)]) == 2
    err = capsys.readouterr().err
    assert "internal error while checking" in err and "papers.yaml: RuntimeError: something unforeseen" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------- schema


@pytest.fixture
def schemas(tmp_path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    out = tmp_path / "schemas"
    result = run(["schema", "--out", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["note.schema.json", "papers.schema.json"]
    return {name: json.loads((out / name).read_text(encoding="utf-8")) for name in ("papers.schema.json", "note.schema.json")}


def json_ready(data: object) -> object:
    """YAML data as the YAML language server sees it: dates are strings."""
    return json.loads(json.dumps(data, default=str))


def test_schemas_are_valid_json_schema(schemas: dict[str, dict]) -> None:  # type: ignore[type-arg]
    for schema in schemas.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_sample_like_records_validate_against_the_schema(schemas: dict[str, dict]) -> None:  # type: ignore[type-arg]
    validator = jsonschema.Draft202012Validator(schemas["papers.schema.json"], format_checker=jsonschema.FormatChecker())
    data = json_ready(yaml.safe_load(CLEAN))
    assert list(validator.iter_errors(data)) == []
    note = jsonschema.Draft202012Validator(schemas["note.schema.json"])
    assert list(note.iter_errors({"paper": "resnet", "tags": ["net"], "hide": ["toc"]})) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda paper: paper.update(titel="typo"), ["papers", 0]),
        (lambda paper: paper.update(status="raed"), ["papers", 0, "status"]),
        (lambda paper: paper.update(id="Deep Residual!"), ["papers", 0, "id"]),
        (lambda paper: paper.update(rating=9), ["papers", 0, "rating"]),
        (lambda paper: paper.update(short=False), ["papers", 0, "short"]),
        (lambda paper: paper.pop("title"), ["papers", 0]),
        (lambda paper: paper["links"].update(cod="x"), ["papers", 0, "links"]),
        (lambda paper: paper.update(read="last week"), ["papers", 0, "read"]),
    ],
)
def test_schema_rejects_what_check_rejects(schemas: dict[str, dict], change, path: list[object]) -> None:  # type: ignore[type-arg,no-untyped-def]
    validator = jsonschema.Draft202012Validator(schemas["papers.schema.json"], format_checker=jsonschema.FormatChecker())
    data = json_ready(yaml.safe_load(CLEAN))
    change(data["papers"][0])
    errors = list(validator.iter_errors(data))
    assert [list(error.absolute_path) for error in errors] == [path]


def test_schema_overwrites_only_its_own_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "papers.yaml").write_text("papers: []\n", encoding="utf-8")
    (out / "papers.schema.json").write_text("{}", encoding="utf-8")
    assert cli.main(["schema", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["note.schema.json", "papers.schema.json", "papers.yaml"]
    assert (out / "papers.yaml").read_text(encoding="utf-8") == "papers: []\n"
    assert json.loads((out / "papers.schema.json").read_text(encoding="utf-8"))["title"] == "papers.yaml"
    assert capsys.readouterr().out.splitlines() == [f"wrote {out / 'papers.schema.json'}", f"wrote {out / 'note.schema.json'}"]


# ---------------------------------------------------------------- the sample knowledge base

REPO = Path(__file__).resolve().parent.parent


def test_the_sample_checks_clean() -> None:
    result = run(["check", "--strict"], REPO)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.endswith(": 0 errors, 0 warnings\n")


def test_the_sample_schema_files_are_current(tmp_path: Path) -> None:
    """The schemas the sample's papers.yaml points editors to match the model."""
    assert (REPO / "papers.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./papers.schema.json")
    assert cli.main(["schema", "--out", str(tmp_path)]) == 0
    for name in ("papers.schema.json", "note.schema.json"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (REPO / name).read_text(encoding="utf-8"), f"run: papernotes schema  ({name} is stale)"


@pytest.mark.parametrize(
    ("config", "papers", "docs"),
    [
        ("site_name: x\n", "papers.yaml", "docs"),
        ("docs_dir: notes\nplugins:\n  - search\n  - papernotes:\n      papers: kb.yaml\n", "kb.yaml", "notes"),
        ("docs_dir: notes\nplugins:\n  search: {}\n  papernotes: {papers: kb.yaml}\n", "kb.yaml", "notes"),
        ("plugins: 5\ndocs_dir: [notes]\n", "papers.yaml", None),
        ("- not a mapping\n", "papers.yaml", "docs"),
        ("site_name: [unclosed\n", "papers.yaml", "docs"),
        ("docs_dir: !ENV [PAPERNOTES_UNSET_DOCS_DIR, notes]\n", "papers.yaml", "notes"),
        ("docs_dir: !ENV PAPERNOTES_UNSET_DOCS_DIR\n", "papers.yaml", "docs"),
    ],
)
def test_find_project_reads_mkdocs_yml(tmp_path: Path, config: str, papers: str, docs: str | None) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    for given in (tmp_path, tmp_path / "mkdocs.yml"):
        project = find_project(given)
        assert project.papers == tmp_path / papers
        assert project.docs_dir == (tmp_path / docs if docs else None)


def test_find_project_without_mkdocs_yml_uses_notes(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "my-papers.yaml").write_text("papers: []\n", encoding="utf-8")
    assert find_project(tmp_path) == Project(tmp_path, tmp_path / "papers.yaml", tmp_path / "notes")
    assert find_project(tmp_path / "my-papers.yaml") == Project(tmp_path, tmp_path / "my-papers.yaml", tmp_path / "notes")


def test_a_terminal_that_cannot_show_the_text_gets_escapes(tmp_path: Path) -> None:
    root = kb(tmp_path, "papers:\n  - id: a\n    title: 注意力\n    status: 读完 🤖\n")
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    text = subprocess.run([*papernotes_command(), "check"], cwd=root, capture_output=True, env=env, timeout=120)
    assert text.returncode == 1 and b"Traceback" not in text.stderr
    assert text.stdout.decode("ascii").splitlines() == [
        "papers.yaml:4:5: error: 'status' must be one of 'to-read', 'reading' or 'read', got the text '\\u8bfb\\u5b8c \\U0001f916'"
    ]
    as_json = subprocess.run([*papernotes_command(), "check", "--format", "json"], cwd=root, capture_output=True, env=env, timeout=120)
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout.decode("ascii"))["problems"][0]["message"].endswith("got the text '读完 🤖'")


@pytest.mark.parametrize("blocker", ["file", "folder-named-like-the-schema"])
def test_schema_to_an_unwritable_place_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], blocker: str) -> None:
    if blocker == "file":
        out = tmp_path / "papers.yaml"
        out.write_text("papers: []\n", encoding="utf-8")
    else:
        out = tmp_path / "out"
        (out / "papers.schema.json").mkdir(parents=True)
    assert cli.main(["schema", "--out", str(out)]) == 2
    assert f"papernotes schema: cannot write to {out}: " in capsys.readouterr().err
    if blocker == "file":
        assert out.read_text(encoding="utf-8") == "papers: []\n"
    else:
        assert sorted(p.name for p in out.iterdir()) == ["papers.schema.json"]  # no partial file left


# ---------------------------------------------------------------- terminal controls in the text format

ESC = "\x1b"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shows what follows it backwards
RAW_CONTROLS = [ESC, RLO, "\x07", "\x9b", "\u2066", "\u2069"]


def assert_no_raw_controls(text: str) -> None:
    for control in RAW_CONTROLS:
        assert control not in text, f"raw {control!r} in {text!r}"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, ünïcode, 注意力", "plain text, ünïcode, 注意力"),
        (f"{ESC}[2J{ESC}]0;title\x07", "\\x1b[2J\\x1b]0;title\\x07"),
        ("a\x9bb\x7fc\td\ne", "a\\x9bb\\x7fc\\td\\ne"),
        (f"x{RLO}y\u202a\u2066z\u2069\u200f\u2028", "x\\u202ey\\u202a\\u2066z\\u2069\\u200f\\u2028"),
        ("already \\x1b escaped", "already \\x1b escaped"),
    ],
)
def test_printable_escapes_controls_only(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_a_note_named_with_terminal_controls_is_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = f"evil{ESC}[2J{ESC}[1;1H{RLO}dm.md"
    root = kb(tmp_path, "papers:\n  - id: a\n    title: A\n", {name: "See [[b]].\n"})
    assert cli.main(["check", "--strict", str(root)]) == 1
    captured = capsys.readouterr()
    note = f"{root.as_posix()}/notes/evil\\x1b[2J\\x1b[1;1H\\u202edm.md"
    assert captured.out.splitlines() == [
        f"{note}:1:1: warning: file name 'evil\\x1b[2J\\x1b[1;1H\\u202edm.md' is not a plain, portable name "
        "(it holds '\\x1b[;\\u202e'): the site shows it as a title and in addresses; rename it, e.g. to 'evil-2J-1-1H-dm.md'",
        f"{note}:1:5: warning: reference [[b]] names no paper",
    ]
    assert_no_raw_controls(captured.out + captured.err)


def test_check_escapes_what_the_import_report_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a zero-width space and a private-use character: two names that look alike, a glyph that shows as anything
    name = "a\u200bb\ue000.md"
    root = kb(tmp_path, "papers:\n  - id: a\n    title: A\n", {name: "See [[b]].\n"})
    assert cli.main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"{root.as_posix()}/notes/{printable(name)}:1:5: warning: reference [[b]] names no paper" in out.splitlines()
    assert printable(name) == "a\\u200bb\\ue000.md"


def test_values_with_terminal_controls_are_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = (
        "tags:\n  net: Networks\n"
        "papers:\n"
        "  - id: a\n"
        '    title: "A \\e[2J title"\n'
        '    status: "read\\e]0;owned\\a\\u202e"\n'
        '    tags: ["ne\\u2066t"]\n'
        '    "k\\e[1Aey": 1\n'
    )
    root = kb(tmp_path, papers, {"n.md": '---\npaper: "x\\u202ey"\n---\n'})
    assert cli.main(["check", str(root)]) == 1
    captured = capsys.readouterr()
    messages = [line.split(": ", 2)[2] for line in captured.out.splitlines()]
    assert messages == [
        "'paper' must be a slug (letters, digits, '-', '_' and '.', starting with a letter or digit), got the text 'x\\u202ey' (did you mean 'x-y'?)",
        "'status' must be one of 'to-read', 'reading' or 'read', got the text 'read\\x1b]0;owned\\x07\\u202e'",
        "'tags' (item 1) must be a tag key (lowercase letters, digits and '-', with '/' between parent and child), got the text 'ne\\u2066t' (did you mean 'ne-t'?)",
        "unknown key 'k\\x1b[1Aey'; known keys: id, title, short, authors, year, venue, venue_qualifier, url, doi, arxiv, cite_key, synced_from, links, tags, read, status, group, rating, remark, abstract, image, highlights",
    ]
    assert_no_raw_controls(captured.out + captured.err)


def test_a_papers_file_named_with_terminal_controls_is_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / f"p{ESC}[31m{RLO}.yaml"
    papers.write_text("papers:\n  - id: a\n    tags: [net]\ntags: {}\n", encoding="utf-8")
    assert cli.main(["check", str(papers)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"{tmp_path.as_posix()}/p\\x1b[31m\\u202e.yaml:2:5: error: missing required key 'title'"]
    missing = tmp_path / f"gone{ESC}]52;c;cGF5bG9hZA==\x07"  # OSC 52 would write the clipboard
    assert cli.main(["check", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"papernotes check: no such file or folder: {tmp_path}/gone\\x1b]52;c;cGF5bG9hZA==\\x07\n"
    assert_no_raw_controls(captured.out + captured.err)


def test_json_keeps_the_data_and_escapes_every_control(tmp_path: Path) -> None:
    """json.dumps escapes C0 controls itself, but with non-ASCII output it leaves C1 and BIDI
    characters raw: those are escaped too, and the parsed data is the user's text unchanged."""
    name = f"n{ESC}[2J{RLO}\x9b.md"
    root = kb(tmp_path, 'papers:\n  - id: a\n    title: A\n    "k\\u2066\\x9b": 1\n', {name: "[[b]]\n"})
    result = run(["check", "--format", "json"], root)
    assert result.returncode == 1
    assert_no_raw_controls(result.stdout)
    problems = json.loads(result.stdout)["problems"]
    assert [(p["file"], p["key"]) for p in problems] == [
        (f"notes/{name}", ""), (f"notes/{name}", "[[ref]]"), ("papers.yaml", "k\u2066\x9b")
    ]
    assert problems[0]["message"].startswith("file name 'n\\x1b[2J\\u202e\\x9b.md' is not a plain, portable name")
    assert problems[2]["message"].startswith("unknown key 'k\\u2066\\x9b'")


def test_the_import_report_prints_readme_text_escaped(tmp_path: Path) -> None:
    """The import report quotes README lines; a README from elsewhere must not drive the terminal."""
    readme = tmp_path / f"R{RLO}.md"
    readme.write_text(f"# Notes\nhello {ESC}[2Jworld {RLO}desrever\n* [Ti{ESC}]0;x\x07tle](https://example.org/x)\n", encoding="utf-8")
    result = run(["import", readme.name, "--into", "kb", "--dry-run"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert "R\\u202e.md:2: skipped: not a paper entry: hello \\x1b[2Jworld \\u202edesrever" in result.stdout.splitlines()
    assert result.stdout.endswith("dry run: nothing was written\n")


def test_the_import_argument_is_named_for_what_it_takes() -> None:
    args = cli.build_parser().parse_args(["import", "library.bib"])
    assert args.source == "library.bib"


def test_version_names_the_installed_release(capsys: pytest.CaptureFixture[str]) -> None:
    from papernotes import __version__

    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"papernotes {__version__}\n"


def test_no_command_says_what_to_do_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    first_steps = [line for line in out.splitlines() if line.startswith(("Start one:", "From a paper list:", "In a base:"))]
    assert [line.split(":", 1)[1].split()[:2] for line in first_steps] == [
        ["papernotes", "init"], ["papernotes", "import"], ["papernotes", "check"],
    ]
    assert "check, schema, init, import, export, add, read, status" in out
