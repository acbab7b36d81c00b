"""`papernotes read` and `papernotes status`: one record changed in place, every other byte kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_runs import run
from metadata_services import RESNET_ATOM, RESNET_CROSSREF, RESNET_S2, Services, atom_answer, json_answer, serving, use_services
from papernotes import cli
from papernotes.editing.fields import EditRefused, find_record, shown_value, with_values

ODD = (
    "# Reading list   \n"
    "tags: {vision: Vision, nlp: \"NLP\"}   # the vocabulary, on one line\n"
    "papers:\n"
    "    -   id: attention          # odd indentation\n"
    "        title:   'Attention Is All You Need'\n"
    "        tags: [nlp]\n"
    "        status: to-read   # until Friday\n"
    "\n"
    "    - {id: bert, title: BERT, tags: [nlp]}\n"
    "    # papers to find\n"
)


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Services]:
    with serving() as running:
        use_services(monkeypatch, running, tmp_path / "cache")
        yield running


def test_add_read_and_status_leave_every_other_byte(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services.answer("/arxiv/query", atom_answer(RESNET_ATOM))
    services.answer("/s2/graph/v1/paper/arXiv:1512.03385", json_answer(RESNET_S2))
    services.answer("/crossref/works/10.1109/cvpr.2016.90", json_answer(RESNET_CROSSREF))
    papers = tmp_path / "papers.yaml"
    papers.write_bytes(ODD.encode("utf-8"))
    code, _out, err = run(["add", "1512.03385", "--into", str(tmp_path), "--short", "ResNet", "--status", "reading"], capsys)
    assert code == 0, err
    added = papers.read_text(encoding="utf-8")
    assert added.startswith(ODD[: ODD.index("    # papers to find")])
    assert "      status: reading\n" in added
    assert added.endswith("residual learning framework.\n    # papers to find\n")

    code, out, _ = run(["read", "attention", "--date", "2026-12-01", "--project", str(papers)], capsys)
    assert code == 0
    assert out.splitlines() == [
        f"{papers}:4: 'attention': read 2026-12-01 (was unset)",
        f"{papers}:4: 'attention': status 'read' (was 'to-read')",
    ]
    code, out, _ = run(["status", "bert", "reading", "--project", str(papers)], capsys)
    assert (code, out) == (0, f"{papers}:10: 'bert': status 'reading' (was unset)\n")
    code, out, _ = run(["read", "resnet", "--date", "2026-12-02", "--project", str(papers)], capsys)
    assert code == 0
    expected = (
        added.replace("        status: to-read   # until Friday\n", "        status: read   # until Friday\n        read: 2026-12-01\n")
        .replace("    - {id: bert, title: BERT, tags: [nlp]}\n", "    - {id: bert, title: BERT, tags: [nlp], status: reading}\n")
        .replace("      status: reading\n", "      status: read\n")
        .replace("framework.\n    # papers", "framework.\n      read: 2026-12-02\n    # papers")
    )
    assert papers.read_text(encoding="utf-8") == expected
    assert cli.main(["check", str(papers)]) == 0


def test_a_value_set_already_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text(ODD, encoding="utf-8")
    code, out, _ = run(["status", "attention", "to-read", "--project", str(papers)], capsys)
    assert (code, out) == (0, f"{papers}:4: 'attention' has status 'to-read' already: nothing changed\n")
    assert papers.read_text(encoding="utf-8") == ODD


def test_dry_run_shows_the_change_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text(ODD, encoding="utf-8")
    code, out, _ = run(["status", "bert", "read", "--project", str(papers), "--dry-run"], capsys)
    assert (code, out.splitlines()[-1]) == (0, "dry run: nothing was written")
    assert papers.read_text(encoding="utf-8") == ODD


def test_an_unknown_id_is_named_with_the_closest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text(ODD, encoding="utf-8")
    code, _out, err = run(["read", "atention", "--project", str(papers)], capsys)
    assert (code, err) == (1, f"papernotes read: {papers}: no paper with the id 'atention' (did you mean 'attention'?)\n")


def test_an_id_on_two_records_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("papers:\n  - id: a\n    title: A\n  - id: a\n    title: B\n", encoding="utf-8")
    code, _out, err = run(["status", "a", "read", "--project", str(papers)], capsys)
    assert (code, err) == (1, f"papernotes status: {papers}: id 'a' is on lines 2 and 4: give one of them another id first\n")


def test_a_file_that_does_not_read_is_named_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("papers:\n  - id: a\n    title: [A\n", encoding="utf-8")
    code, _out, err = run(["status", "a", "read", "--project", str(papers)], capsys)
    assert code == 1
    assert err.startswith(f"papernotes status: {papers}:4: the file does not read as YAML (")


def test_a_bad_date_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["read", "a", "--date", "12/01/2026", "--project", str(tmp_path)])
    assert "--date: '12/01/2026' is not a date: write YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1500-01-01", "--date: 1500-01-01 is before 1900: write the date the paper was read"),
        ("2999-01-01", f"--date: 2999-01-01 is in the future (today is {dt.date.today().isoformat()})"),
    ],
)
def test_a_date_check_would_refuse_is_refused_and_nothing_is_written(
    date: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("papers:\n  - id: a\n    title: A\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        cli.main(["read", "a", "--date", date, "--project", str(papers)])
    assert message in capsys.readouterr().err
    assert papers.read_text(encoding="utf-8") == "papers:\n  - id: a\n    title: A\n"


def test_add_refuses_a_read_date_check_would_refuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["add", "1512.03385", "--read", "1899-12-31", "--into", str(tmp_path)])
    assert "--read: 1899-12-31 is before 1900: write the date the paper was read" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "changes", "expected"),
    [
        # an empty value gets one, after its key
        ("papers:\n- id: a\n  read:\n  title: A\n", {"read": dt.date(2026, 12, 1)}, "papers:\n- id: a\n  read: 2026-12-01\n  title: A\n"),
        # CRLF lines stay CRLF; a file without a last newline gets none
        ("papers:\r\n  - id: a\r\n    title: A", {"status": "read"}, "papers:\r\n  - id: a\r\n    title: A\r\n    status: read"),
        # after a block scalar: a line of its own, at the record's indentation
        ("papers:\n  - id: a\n    abstract: |\n      Text.\n\n  - id: b\n", {"status": "read"},
         "papers:\n  - id: a\n    abstract: |\n      Text.\n\n    status: read\n  - id: b\n"),
        ("papers: [{id: a}]\n", {"status": "reading"}, "papers: [{id: a, status: reading}]\n"),
        ("\ufeffpapers:\n  - id: a\n    status: to-read # soon\n", {"status": "read"}, "\ufeffpapers:\n  - id: a\n    status: read # soon\n"),
        # lists keep their style; text YAML would read otherwise is quoted
        ("papers:\n  - id: a\n    authors:\n      - A\n      - B # c\n    year: 2015\n", {"authors": ["Ä", "B, Jr."], "year": 2016},
         "papers:\n  - id: a\n    authors:\n      - Ä\n      - \"B, Jr.\" # c\n    year: 2016\n"),
        ("papers:\n  - {id: a, authors: [A]}\n", {"authors": ["yes", "2016"], "title": "x: y"},
         "papers:\n  - {id: a, authors: ['yes', '2016'], title: 'x: y'}\n"),
        # a block scalar replaced by one line keeps the line break it owned
        ("papers:\n  - id: a\n    abstract: >\n      Old\n      text.\n    year: 1\n", {"abstract": "New text."},
         "papers:\n  - id: a\n    abstract: New text.\n    year: 1\n"),
    ],
)
def test_with_values(text: str, changes: dict[str, object], expected: str) -> None:
    assert with_values(text, find_record(text, "a", "papers.yaml"), changes) == expected


def test_a_value_that_is_a_list_is_left_to_the_reader() -> None:
    text = "papers:\n  - id: a\n    status: [read]\n"
    with pytest.raises(EditRefused, match="'status:' of the record on line 2 is not a single value: change it by hand"):
        with_values(text, find_record(text, "a", "papers.yaml"), {"status": "read"})


def test_a_value_is_shown_the_same_by_every_report() -> None:
    assert [shown_value(value) for value in (None, [], ["A", "B"], dt.date(2026, 12, 1), 2016, "read")] == [
        "unset", "unset", "A; B", "2026-12-01", "2016", "'read'"
    ]
    assert shown_value("x" * 200) == repr("x" * 117 + "...")
