"""references.yaml: its loader and writer, and `papernotes refs` / `add` filling it from local
stand-ins for OpenAlex and Semantic Scholar."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from cli_runs import run
from metadata_services import RESNET_CROSSREF, Services, json_answer, serving, use_services
from papernotes.editing import refs as refs_module
from papernotes.knowledge import references
from papernotes.knowledge.references import Reference, dump_references, load_references, read_references, write_references
from papernotes.knowledge.validation import load_knowledge_base
from papernotes.services.http import Client, ServiceError, Settings
from papernotes.services.references import from_openalex

PAPERS = """\
papers:
  - id: resnet
    title: Deep Residual Learning for Image Recognition
    doi: 10.1109/CVPR.2016.90
    arxiv: "1512.03385"
    year: 2016
  - id: attention
    title: Attention Is All You Need
    arxiv: "1706.03762"
    year: 2017
  - id: handwritten
    title: A Paper Known Only By Its Title
"""

RESNET_OPENALEX = {
    "id": "https://openalex.org/W2194775991",
    "doi": "https://doi.org/10.1109/cvpr.2016.90",
    "title": "Deep Residual Learning for Image Recognition",
    "referenced_works": ["https://openalex.org/W2310919327", "https://openalex.org/W1686810756", "https://openalex.org/W2117539524",
                         "not an id"],
}
RESOLVED_WORKS = {
    "meta": {"count": 3, "page": 1, "per_page": 50},
    "results": [
        {"id": "https://openalex.org/W2310919327", "doi": "https://doi.org/10.1109/5.726791",
         "title": "Gradient-based learning applied to document recognition", "publication_year": 1998},
        {"id": "https://openalex.org/W1686810756", "doi": "https://doi.org/10.48550/arxiv.1409.1556",
         "title": "Very Deep Convolutional Networks for Large-Scale Image Recognition", "publication_year": 2014},
        {"id": "https://openalex.org/W2117539524", "doi": None, "title": "ImageNet Large Scale Visual Recognition Challenge",
         "publication_year": 2015},
    ],
}


def s2_page(offset: int, cited: list[dict[str, object]], following: int | None) -> dict[str, object]:
    """A Semantic Scholar /references answer."""
    page: dict[str, object] = {"offset": offset, "data": [{"citedPaper": paper} for paper in cited]}
    if following is not None:
        page["next"] = following
    return page


ATTENTION_REFERENCES = [
    {"paperId": "2c03df8b", "externalIds": {"DOI": "10.1109/CVPR.2016.90", "ArXiv": "1512.03385"},
     "title": "Deep Residual Learning for Image Recognition", "year": 2016},
    {"paperId": None, "externalIds": None, "title": "Layer Normalization", "year": 2016},
    {"paperId": "x", "externalIds": {"ArXiv": "1706.03762"}, "title": "Attention Is All You Need", "year": 2017},  # itself
    {"paperId": "y", "externalIds": {}, "title": None, "year": None},  # nothing to keep
]


def attention_references(query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
    """Two pages, as Semantic Scholar gives a long list."""
    if query.get("offset") == ["0"]:
        return json_answer(s2_page(0, ATTENTION_REFERENCES[:2], 2))
    return json_answer(s2_page(2, ATTENTION_REFERENCES[2:], None))


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Services]:
    with serving() as running:
        use_services(monkeypatch, running, tmp_path / "cache")
        running.answer("/openalex/works/doi:10.1109/CVPR.2016.90", json_answer(RESNET_OPENALEX))
        running.answer("/openalex/works", json_answer(RESOLVED_WORKS))
        running.answer("/s2/graph/v1/paper/arXiv:1706.03762/references", attention_references)
        yield running


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "papers.yaml").write_text(PAPERS, encoding="utf-8")
    (root / "notes").mkdir()
    return root


def stored(root: Path) -> dict[str, list[dict[str, object]]]:
    data = yaml.safe_load((root / "references.yaml").read_text(encoding="utf-8"))
    return dict(data["references"])


# ---------------------------------------------------------------- papernotes refs


def test_refs_stores_each_paper_s_references_sorted(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["refs", "--project", str(project)], capsys)
    assert code == 0, err
    lists = stored(project)
    assert lists["resnet"] == [  # by title
        {"doi": "10.1109/5.726791", "title": "Gradient-based learning applied to document recognition", "year": 1998},
        {"title": "ImageNet Large Scale Visual Recognition Challenge", "year": 2015},
        {"arxiv": "1409.1556", "title": "Very Deep Convolutional Networks for Large-Scale Image Recognition", "year": 2014},
    ]
    # an arXiv-only paper is asked of Semantic Scholar, both pages; its own entry is kept as given
    assert lists["attention"] == [
        {"arxiv": "1706.03762", "title": "Attention Is All You Need", "year": 2017},
        {"doi": "10.1109/CVPR.2016.90", "arxiv": "1512.03385", "title": "Deep Residual Learning for Image Recognition", "year": 2016},
        {"title": "Layer Normalization", "year": 2016},
    ]
    assert "handwritten" not in lists
    assert "resnet: 3 references from OpenAlex" in out
    assert "attention: 3 references from Semantic Scholar" in out
    assert "handwritten: no DOI or arXiv id to look its references up by: skipped" in out
    # the ids were resolved in one batch, with the filter form OpenAlex documents
    batch = [query for path, query, _ in services.requests if path == "/openalex/works"]
    assert [query["filter"] for query in batch] == [["openalex_id:W2310919327|W1686810756|W2117539524"]]
    assert [query.get("offset") for path, query, _ in services.requests if path.endswith("/references")] == [["0"], ["2"]]


def test_two_runs_write_the_same_bytes_and_the_second_asks_nothing(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["refs", "--project", str(project)], capsys)[0] == 0
    first = (project / "references.yaml").read_bytes()
    asked = len(services.requests)
    assert run(["refs", "--project", str(project)], capsys)[0] == 0
    assert (project / "references.yaml").read_bytes() == first
    assert len(services.requests) == asked  # every answer came from the cache


def test_refs_missing_asks_only_for_papers_without_a_list(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "references.yaml").write_text("references:\n  resnet: []\n", encoding="utf-8")
    code, out, _err = run(["refs", "--missing", "--project", str(project)], capsys)
    assert code == 0
    assert not services.asked("/openalex")
    assert stored(project)["resnet"] == []
    assert "attention: 3 references" in out


def test_an_interrupt_keeps_what_was_stored_and_missing_goes_on(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked_for: list[str | None] = []
    real = refs_module.references_of

    def interrupted_on_the_second(client: object, doi: str | None, arxiv: str | None) -> object:
        asked_for.append(doi or arxiv)
        if len(asked_for) == 2:
            raise KeyboardInterrupt
        return real(client, doi, arxiv)  # type: ignore[arg-type]

    monkeypatch.setattr(refs_module, "references_of", interrupted_on_the_second)
    code, _out, _err = run(["refs", "--project", str(project)], capsys)
    assert code == 130
    assert list(stored(project)) == ["resnet"]  # written after the first paper, whole
    assert not list(project.glob(".references.*"))  # no temporary file left behind
    monkeypatch.setattr(refs_module, "references_of", real)
    services.requests.clear()
    code, out, _err = run(["refs", "--missing", "--project", str(project)], capsys)
    assert code == 0
    assert services.asked("/s2") and not services.asked("/openalex")
    assert sorted(stored(project)) == ["attention", "resnet"]
    assert "resnet" not in out


def test_a_service_that_fails_leaves_the_paper_to_ask_again(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/openalex/works/doi:10.1109/CVPR.2016.90", json_answer({}, 503))
    services.answer("/s2/graph/v1/paper/DOI:10.1109/CVPR.2016.90/references", json_answer({}, 503))
    code, out, err = run(["refs", "resnet", "--project", str(project)], capsys)
    assert code == 1
    assert "resnet: OpenAlex answered 503" in out and "Semantic Scholar answered 503" in out
    assert "1 paper could not be asked: run `papernotes refs --missing` again later" in err
    assert not (project / "references.yaml").exists()


def test_a_paper_no_service_knows_is_kept_as_an_empty_list(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.routes.pop("/openalex/works/doi:10.1109/CVPR.2016.90")
    code, out, _err = run(["refs", "resnet", "--project", str(project)], capsys)
    assert code == 0
    assert stored(project) == {"resnet": []}
    assert "neither OpenAlex nor Semantic Scholar knows DOI 10.1109/CVPR.2016.90" in out


def test_refs_of_an_unknown_id_is_refused(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["refs", "resnt", "--project", str(project)], capsys)
    assert code == 2
    assert "no paper 'resnt' (did you mean 'resnet'?)" in err
    assert not services.requests


def test_refs_refuses_a_references_file_with_errors_and_keeps_it(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "references:\n  resnet:\n    - doi: not-a-doi\n"
    (project / "references.yaml").write_text(text, encoding="utf-8")
    code, _out, err = run(["refs", "--project", str(project)], capsys)
    assert code == 2
    assert "references.yaml:3:7: error: 'doi' must be a DOI" in err
    assert "fix them first; nothing was written" in err
    assert (project / "references.yaml").read_text(encoding="utf-8") == text
    assert not services.requests


def test_the_written_file_keeps_its_mode_and_its_link(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = project / "kept" / "references.yaml"
    real.parent.mkdir()
    real.write_text("references: {}\n", encoding="utf-8")
    os.chmod(real, 0o640)
    (project / "references.yaml").symlink_to(real)
    assert run(["refs", "--project", str(project)], capsys)[0] == 0
    assert (project / "references.yaml").is_symlink()
    assert sorted(yaml.safe_load(real.read_text(encoding="utf-8"))["references"]) == ["attention", "resnet"]
    assert real.stat().st_mode & 0o777 == 0o640


def test_add_stores_the_references_of_the_paper_it_adds(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "papers.yaml").write_text("papers: []\n", encoding="utf-8")
    services.answer("/crossref/works/10.1109/CVPR.2016.90", json_answer(RESNET_CROSSREF))
    code, out, err = run(["add", "10.1109/CVPR.2016.90", "--into", str(project)], capsys)
    assert code == 0, err
    assert "deep-residual-learning-image: 3 references from OpenAlex" in out
    assert [entry.get("doi") for entry in stored(project)["deep-residual-learning-image"]] == ["10.1109/5.726791", None, None]


def test_add_with_no_refs_asks_for_none(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "papers.yaml").write_text("papers: []\n", encoding="utf-8")
    services.answer("/crossref/works/10.1109/CVPR.2016.90", json_answer(RESNET_CROSSREF))
    assert run(["add", "10.1109/CVPR.2016.90", "--into", str(project), "--no-refs"], capsys)[0] == 0
    assert not services.asked("/openalex") and not (project / "references.yaml").exists()


# ---------------------------------------------------------------- the file


def test_dump_is_the_same_whatever_the_order() -> None:
    a = Reference(doi="10.1000/a", title="A")
    b = Reference(arxiv="1409.1556", title="B")
    c = Reference(title="C: a title only")
    one = dump_references({"z": [a, b, c], "m": [c, a]})
    two = dump_references({"m": [a, c, a], "z": [c, b, a]})
    assert one == two
    assert one.index("  m:") < one.index("  z:")


def test_what_is_written_reads_back_the_same(tmp_path: Path) -> None:
    lists = {
        "p": [Reference(doi="10.1000/x", arxiv="2101.00001", title="Title: with a colon, # and a hash", year=2021),
              Reference(title="'quoted' \"twice\" – and ü")],
        "q": [],
    }
    path = tmp_path / "references.yaml"
    write_references(path, lists)
    found = load_references(path, "references.yaml")
    assert not found.problems
    assert found.lists == {"p": sorted(lists["p"], key=Reference.sort_key), "q": []}


BAD_FILES = [
    ("- a list\n", "references.yaml:1:1: error: references file must be a mapping with a 'references:' mapping, got a list"),
    ("refs: {}\n", "references.yaml:1:1: error: unknown top-level key 'refs'"),
    ("references: [a]\n", "references.yaml:1:1: error: 'references' must be a mapping of paper ids to lists, got a list"),
    ("references:\n  Bad id!: []\n", "references.yaml:2:3: error: 'Bad id!' is not a paper id"),
    ("references:\n  resnet: 5\n", "references.yaml:2:3: error: the references of 'resnet' must be a list, got the number 5"),
    ("references:\n  resnet: [5]\n", "references.yaml:2:12: error: a reference must be a mapping (doi, arxiv, title, year), got the number 5"),
    ("references:\n  resnet:\n    - {dio: 10.1000/x}\n", "references.yaml:3:8: error: unknown key 'dio' (did you mean 'doi'?)"),
    ("references:\n  resnet:\n    - {year: 2020}\n", "references.yaml:3:7: error: a reference needs a doi, an arxiv id or a title"),
    ("references:\n  resnet:\n    - doi: x\n", "references.yaml:3:7: error: 'doi' must be a DOI"),
    ("references:\n  resnet:\n    - arxiv: 1409.1556v2\n",
     "references.yaml:3:7: error: 'arxiv' must be an arXiv id without its version (1512.03385 or hep-th/9901001), "
     "got the text '1409.1556v2' (did you mean '1409.1556'?)"),
    ("references:\n  resnet:\n    - title: ''\n", "references.yaml:3:7: error: 'title' is empty: write a value or remove the key"),
    ("references:\n  resnet:\n    - {title: x, year: 20}\n", "references.yaml:3:18: error: 'year' must be at least 1800, got the number 20"),
    ("references:\n  resnet:\n  - title: [x\n", "references.yaml:4:1: error: YAML syntax error"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_bad_references_file_is_reported_at_its_line(text: str, message: str) -> None:
    found = read_references(text, "references.yaml")
    assert any(problem.format().startswith(message) for problem in found.problems), [p.format() for p in found.problems]


def test_the_good_entries_of_a_bad_list_are_kept() -> None:
    found = read_references("references:\n  resnet:\n    - doi: x\n    - title: Kept\n", "references.yaml")
    assert found.lists == {"resnet": [Reference(title="Kept")]}


def test_a_build_s_check_names_references_of_an_unknown_paper_and_a_file_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text(PAPERS, encoding="utf-8")
    (tmp_path / "references.yaml").write_text("references:\n  resnet: []\n  resnte: []\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path)
    assert [p.format() for p in kb.problems] == [
        "references.yaml:3:3: warning: references of 'resnte', which papers.yaml does not hold (did you mean 'resnet'?): "
        "fix the id or remove its list"
    ]
    assert kb.references == {"resnet": [], "resnte": []}
    (tmp_path / "references.yaml").write_bytes(b"references:\n  resnet:\n    - title: caf\xe9\n")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path)
    assert [p.format() for p in kb.problems] == ["references.yaml:3:1: error: the references file is not UTF-8 text"]


def test_papernotes_check_reports_the_references_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "papers.yaml").write_text(PAPERS, encoding="utf-8")
    (tmp_path / "references.yaml").write_text(textwrap.dedent("""\
        references:
          resnet:
            - doi: nope
        """), encoding="utf-8")
    code, out, err = run(["check", str(tmp_path)], capsys)
    assert code == 1
    assert "references.yaml:3:7: error: 'doi' must be a DOI" in out + err


AWKWARD_TITLES = ["Title: with a colon, # and a hash", "'quoted' \"twice\" – and ü", "- starts like an item", "yes", "1.5", "null",
                  "2021-01-01", "ends with a colon:", "a #hash inside", "~", "It's", "[not, a, list]", "tab\there", "line\u2028break"]


@pytest.mark.parametrize("title", AWKWARD_TITLES)
def test_the_written_layout_is_read_as_the_yaml_loader_reads_it(title: str) -> None:
    text = dump_references({"p": [Reference(title=title, year=2001), Reference(doi="10.1000/x", arxiv="2101.00001")], "q": []})
    as_written = references._read_as_written(text, "references.yaml")
    as_yaml = references._read_yaml(text, "references.yaml")
    assert not as_yaml.problems
    assert as_written is None or (as_written.lists, as_written.lines) == (as_yaml.lists, as_yaml.lines)


def test_a_written_file_is_read_line_by_line_and_another_layout_by_the_yaml_loader() -> None:
    written = dump_references({"p": [Reference(title="Deep Residual Learning", year=2016), Reference(arxiv="1409.1556")]})
    assert references._read_as_written(written, "references.yaml") is not None
    for other in ["references:\n  p:\n    - title: indented items\n", "references: {p: [{title: flow}]}\n",
                  "references:\n  p:\n  - title: \"double quoted\"\n", "references:\n  p:\n  - title: &t anchored\n"]:
        assert references._read_as_written(other, "references.yaml") is None
        assert read_references(other, "references.yaml").lists["p"][0].title in {"indented items", "flow", "double quoted", "anchored"}


def test_a_written_file_with_a_problem_is_reported_at_its_line() -> None:
    written = dump_references({"p": [Reference(title="Kept")]}).replace("title: Kept", "title: Kept\n    title: Again")
    found = read_references(written, "references.yaml")
    assert [p.format() for p in found.problems] == [
        "references.yaml:7:5: error: duplicate key 'title': already set on line 6; YAML would keep only one of the two values, "
        "remove or rename one"
    ]


def test_a_doi_with_url_characters_reaches_openalex_whole_for_its_references(services: Services) -> None:
    doi = "10.1002/(SICI)1097-4636#1?x=<2>"
    services.answer(f"/openalex/works/doi:{doi}", json_answer(RESNET_OPENALEX))
    found = from_openalex(Client(Settings.from_environment()), doi)
    assert [reference.title for reference in found][:1] == ["Gradient-based learning applied to document recognition"]
    assert services.asked("/openalex/works/doi:") == [f"/openalex/works/doi:{doi}"]


def test_references_nested_too_deep_are_named_in_one_line(services: Services) -> None:
    services.answer("/openalex/works/doi:10.1109/CVPR.2016.90", (200, {"Content-Type": "application/json"}, b"[" * 100_000))
    with pytest.raises(ServiceError) as refused:
        from_openalex(Client(Settings.from_environment()), "10.1109/CVPR.2016.90")
    assert str(refused.value) == "OpenAlex gave an answer papernotes cannot read (JSON nested too deep)"
