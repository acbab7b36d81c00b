"""The identifiers of a record (doi, arxiv, cite_key): their syntax, their uniqueness, the JSON Schema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from papernotes.knowledge.model import arxiv_of, doi_of, json_schemas
from test_validation import lines, load


def test_identifiers_of_a_clean_record_load(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        """\
          - id: resnet
            title: Deep Residual Learning for Image Recognition
            doi: 10.1109/CVPR.2016.90
            arxiv: "1512.03385"
            cite_key: he2016resnet
          - id: old-style
            title: An old arXiv id
            arxiv: hep-th/9901001
        """,
    )
    assert lines(kb) == []
    paper = kb.papers["resnet"]
    assert (paper.doi, paper.arxiv, paper.cite_key) == ("10.1109/CVPR.2016.90", "1512.03385", "he2016resnet")


def test_bad_doi_names_the_bare_doi(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        """\
          - id: a
            title: A
            doi: https://doi.org/10.1109/CVPR.2016.90
          - id: b
            title: B
            doi: banana
        """,
    )
    assert lines(kb) == [
        "papers.yaml:11:5: error: 'doi' must be a DOI ('10.', a number, '/', then the rest), got the text "
        "'https://doi.org/10.1109/CVPR.2016.90' (did you mean '10.1109/CVPR.2016.90'?)",
        "papers.yaml:14:5: error: 'doi' must be a DOI ('10.', a number, '/', then the rest), got the text 'banana' "
        "(e.g. '10.1109/CVPR.2016.90')",
    ]
    assert kb.papers["a"].doi is None  # the record stays, without the bad value


def test_bad_arxiv_id_names_the_id_without_its_version(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        """\
          - id: a
            title: A
            arxiv: 1512.03385v2
          - id: b
            title: B
            arxiv: https://arxiv.org/pdf/1512.03385v1.pdf
          - id: c
            title: C
            arxiv: 1512.03385
        """,
    )
    assert lines(kb) == [
        "papers.yaml:11:5: error: 'arxiv' must be an arXiv id without its version (1512.03385 or hep-th/9901001), "
        "got the text '1512.03385v2' (did you mean '1512.03385'?)",
        "papers.yaml:14:5: error: 'arxiv' must be an arXiv id without its version (1512.03385 or hep-th/9901001), "
        "got the text 'https://arxiv.org/pdf/1512.03385v1.pdf' (did you mean '1512.03385'?)",
        # YAML reads 1512.03385 as a number, which would lose a trailing zero: it has to be quoted
        "papers.yaml:17:5: error: 'arxiv' must be text, got the number 1512.03385 (put it in quotes to make it text)",
    ]


def test_bad_cite_key(tmp_path: Path) -> None:
    kb = load(tmp_path, "- id: a\n  title: A\n  cite_key: he 2016, resnet\n")
    assert lines(kb) == [
        "papers.yaml:11:5: error: 'cite_key' must be a BibTeX key (letters, digits and '_', ':', '.', '+', '/', '-', "
        "no spaces), got the text 'he 2016, resnet' (did you mean 'he2016resnet'?)",
    ]


def test_duplicate_identifiers_across_records(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        """\
          - id: preprint
            title: Deep Residual Learning (preprint)
            doi: 10.1109/cvpr.2016.90
            arxiv: "1512.03385"
            cite_key: he2016
          - id: published
            title: Deep Residual Learning for Image Recognition
            doi: 10.1109/CVPR.2016.90
            arxiv: "1512.03385"
            cite_key: HE2016
        """,
    )
    assert lines(kb) == [
        "papers.yaml:16:5: error: duplicate doi '10.1109/CVPR.2016.90': paper 'preprint' on line 11 has it already; "
        "a DOI names one paper: merge the two records or correct the DOI",
        "papers.yaml:17:5: error: duplicate arxiv '1512.03385': paper 'preprint' on line 12 has it already; "
        "an arXiv id names one paper: merge the two records or correct the id",
        "papers.yaml:18:5: error: duplicate cite_key 'HE2016': paper 'preprint' on line 13 has it already; "
        "a .bib holds each key once: give this paper another cite_key",
    ]
    later = kb.papers["published"]
    assert (later.doi, later.arxiv, later.cite_key) == (None, None, None)


def test_venue_kind_is_one_of_three(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text("venues:\n  TPAMI:\n    kind: jurnal\npapers: []\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    from papernotes.knowledge.validation import load_knowledge_base
    from test_validation import TODAY

    kb = load_knowledge_base(tmp_path / "papers.yaml", tmp_path / "notes", tmp_path, today=TODAY)
    assert lines(kb) == [
        "papers.yaml:3:5: error: 'kind' must be one of 'conference', 'journal' or 'preprint', got the text 'jurnal' "
        "(did you mean 'journal'?)"
    ]


@pytest.mark.parametrize(
    ("text", "doi"),
    [("10.1109/CVPR.2016.90", "10.1109/CVPR.2016.90"), ("doi:10.1145/2347736.2347755", "10.1145/2347736.2347755"),
     ("https://dx.doi.org/10.1007/978-3-319-24574-4_28", "10.1007/978-3-319-24574-4_28"), ("11.1/x", None), ("", None)],
)
def test_doi_of(text: str, doi: str | None) -> None:
    assert doi_of(text) == doi


@pytest.mark.parametrize(
    ("text", "arxiv"),
    [("1512.03385", "1512.03385"), ("arXiv:1512.03385v3", "1512.03385"), ("https://arxiv.org/abs/2002.05709", "2002.05709"),
     ("http://arxiv.org/pdf/1911.05722v2.pdf", "1911.05722"), ("hep-th/9901001v1", "hep-th/9901001"),
     ("math.GT/0309136", "math.GT/0309136"), ("https://example.org/abs/1512.03385", None), ("15.12", None)],
)
def test_arxiv_of(text: str, arxiv: str | None) -> None:
    assert arxiv_of(text) == arxiv


def test_schema_holds_the_identifier_rules() -> None:
    schema = json_schemas()["papers.schema.json"]
    validator = jsonschema.Draft202012Validator(schema)
    good = {"papers": [{"id": "a", "title": "A", "doi": "10.1109/CVPR.2016.90", "arxiv": "1512.03385", "cite_key": "he2016"}]}
    assert list(validator.iter_errors(good)) == []
    for key, bad in (("doi", "doi.org/10.1/x"), ("arxiv", "1512.03385v1"), ("cite_key", "he 2016")):
        record = {"id": "a", "title": "A", key: bad}
        errors = list(validator.iter_errors({"papers": [record]}))
        assert [sub.validator for e in errors for sub in e.context if sub.validator != "type"] == ["pattern"], key


def test_repository_schema_is_the_generated_one() -> None:
    import json

    repo_schema = json.loads((Path(__file__).resolve().parent.parent / "papers.schema.json").read_text(encoding="utf-8"))
    assert repo_schema == json_schemas()["papers.schema.json"]
