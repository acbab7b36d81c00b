"""`papernotes import x.bib | x.json`: the reference-manager readers through the one import planner.

The fixtures in tests/references/ are ours and hold the hard parts: braces and accents, @string
and month macros, crossref, a missing year, a repeated key, a malformed entry; a Zotero-like
CSL-JSON export with a preprint, accents, a broken item.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

from cli_runs import run
from papernotes import cli
from papernotes.importers.bibtex import parse_bibtex
from papernotes.importers.csljson import parse_csljson
from papernotes.importers.printable import printable
from papernotes.importers.references import arxiv_in, tags_of, venue_of, year_of_arxiv

FIXTURES = Path(__file__).resolve().parent / "references"


def papers_of(root: Path) -> dict[str, dict]:
    """The records of root/papers.yaml by title (the ids are the planner's to choose)."""
    data = yaml.safe_load((root / "papers.yaml").read_text(encoding="utf-8"))
    return {record["title"]: record for record in data["papers"]}


def test_hard_bib_imports_every_paper_and_reports_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "refs.bib"
    source.write_bytes((FIXTURES / "hard.bib").read_bytes())
    code, out, _err = run(["import", str(source), "--into", str(tmp_path / "kb")], capsys)
    assert code == 0, out
    name = printable(str(source.relative_to(Path.cwd()) if source.is_relative_to(Path.cwd()) else source))
    report = [line.replace(name, "refs.bib") for line in out.splitlines()]
    assert report[:8] == [
        "refs.bib:24: year 2015 taken from the arXiv id 1512.03385",
        "refs.bib:24: merged: the arXiv preprint on line 24 and the published version on line 5 (same title) are one paper, "
        "with the published venue and year",
        "refs.bib:32: skipped: this entry could not be read (Unexpected block start: `@inproceedings`. Was still looking "
        "for field-value closing `}`); the rest of the file was read",
        "refs.bib:44: skipped: @proceedings 'miccai2015' is a volume, not a paper (entries that crossref it take its fields)",
        "refs.bib:50: no year: imported without one",
        "refs.bib:55: key 'he2016deep' is used again (first on line 5): imported without a cite_key, so \\cite{he2016deep} "
        "keeps naming the first",
        "imported 5 papers, copied 0 notes, skipped 1 duplicate, 0 non-paper sections and 2 unread lines",
        f"wrote {report[7].removeprefix('wrote ')}",
    ]
    papers = papers_of(tmp_path / "kb")
    resnet = papers["Deep Residual Learning for Image Recognition"]
    # @string macro resolved into '(CVPR)', the preprint's arXiv id merged in, the published year kept
    assert resnet == {
        "id": resnet["id"],
        "title": "Deep Residual Learning for Image Recognition",
        "authors": ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"],
        "year": 2016,
        "venue": "CVPR",
        "doi": "10.1109/CVPR.2016.90",
        "arxiv": "1512.03385",
        "cite_key": "he2016deep",
        "synced_from": "refs.bib",  # importing refs.bib again updates it
        "tags": ["deep-learning", "net"],
    }
    accents = papers["Fast & Robust Segmentation of 3D Scans"]  # \& and {braces} decoded
    assert accents["authors"] == ["Jörg Müller", "René Dupont", "François de la Tour"]  # {\"u}, {\'e}, \c{c}
    assert accents["venue"] == "Journal of Imaging Things" and accents["year"] == 2019
    unet = papers["U-Net: Convolutional Networks for Biomedical Image Segmentation"]
    assert (unet["venue"], unet["year"], unet["cite_key"]) == ("MICCAI", 2015, "unet")  # from the crossref'd volume
    assert "year" not in papers["A Note Without a Year"]
    repeat = papers["Another Paper Under a Taken Key"]
    assert "cite_key" not in repeat and repeat["authors"] == ["Somebody Else"]
    # what was imported validates and builds
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_import_into_a_knowledge_base_dedupes_by_doi_and_arxiv_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "papers.yaml").write_text(
        textwrap.dedent("""\
            papers:
              - id: resnet
                title: ResNet, as I first noted it
                doi: 10.1109/cvpr.2016.90
              - id: moco
                title: MoCo
                arxiv: "1911.05722"
              - id: taken
                title: A paper whose cite key an import brings
                cite_key: he2016deep
        """),
        encoding="utf-8",
    )
    (kb / "notes").mkdir()
    before = (kb / "papers.yaml").read_text(encoding="utf-8")
    source = tmp_path / "new.bib"
    source.write_text(
        textwrap.dedent("""\
            @inproceedings{he2016deep, title = {Deep Residual Learning}, doi = {10.1109/CVPR.2016.90}, year = 2016}
            @misc{moco, title = {Momentum Contrast}, eprint = {1911.05722v3}, archiveprefix = {arXiv}}
            @misc{scholar, title = {Deep Residual Learning Again}, journal = {arXiv preprint arXiv:1512.03385}}
            @article{newkey, title = {A New Paper}, journal = {Letters}, year = 2020, url = {javascript:alert(1)}}
            @article{he2016deep2, title = {Another New Paper}, author = {A. Author}, journal = {Letters}, year = 2021}
        """),
        encoding="utf-8",
    )
    code, out, _err = run(["import", str(source), "--into", str(kb)], capsys)
    assert code == 0, out
    lines = [line.split(":", 1)[1] if line.startswith(str(source)) or ".bib:" in line else line for line in out.splitlines()]
    assert "1: duplicate: already in the knowledge base as 'resnet' (same DOI): skipped" in lines
    assert "2: duplicate: already in the knowledge base as 'moco' (same arXiv id): skipped" in lines
    assert "3: year 2015 taken from the arXiv id 1512.03385" in lines
    assert "4: URL 'javascript:alert(1)' is not an http(s) address: left out" in lines
    assert "imported 3 papers, copied 0 notes, skipped 2 duplicates, 0 non-paper sections and 0 unread lines" in lines
    after = (kb / "papers.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # never overwrites: the file only grows
    papers = papers_of(kb)
    assert papers["Deep Residual Learning Again"]["arxiv"] == "1512.03385"
    assert "venue" not in papers["Deep Residual Learning Again"]  # a preprint has no venue
    assert "url" not in papers["A New Paper"]
    assert cli.main(["check", str(kb), "--strict"]) == 0


def test_a_cite_key_taken_in_the_knowledge_base_is_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "papers.yaml").write_text("papers:\n  - id: mine\n    title: Mine\n    cite_key: smith2020\n", encoding="utf-8")
    source = tmp_path / "new.bib"
    source.write_text("@article{smith2020, title = {Theirs}, year = 2020}\n", encoding="utf-8")
    code, out, _err = run(["import", str(source), "--into", str(kb)], capsys)
    assert code == 0 and ":1: cite key 'smith2020' is taken in the knowledge base: imported without it" in out
    assert "cite_key" not in papers_of(kb)["Theirs"]


def test_zotero_csl_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "library.json"
    source.write_bytes((FIXTURES / "zotero.json").read_bytes())
    code, out, _err = run(["import", str(source), "--into", str(tmp_path / "kb")], capsys)
    assert code == 0, out
    lines = [line.split("library.json", 1)[-1] for line in out.splitlines()]
    assert lines[:6] == [
        ":14: year 2019 taken from the arXiv id 1911.05722",
        ":14: merged: the arXiv preprint on line 14 and the published version on line 2 (same title) are one paper, "
        "with the published venue and year",
        ":33: skipped: an item must be an object ({...})",
        ":34: skipped: item has no title",
        ":41: skipped: the file stops being JSON here (Expecting ',' delimiter); the items after it were not read",
        "imported 2 papers, copied 0 notes, skipped 1 duplicate, 0 non-paper sections and 3 unread lines",
    ]
    papers = papers_of(tmp_path / "kb")
    moco = papers["Momentum Contrast for Unsupervised Visual Representation Learning"]
    assert moco["venue"] == "CVPR" and moco["year"] == 2020 and moco["doi"] == "10.1109/CVPR42600.2020.00975"
    assert moco["arxiv"] == "1911.05722" and moco["cite_key"] == "he2020moco"  # the preprint's id, Better BibTeX's key
    assert moco["tags"] == ["self-supervised-learning", "contrastive"]
    assert moco["authors"] == ["Kaiming He", "Haoqi Fan", "Ross Girshick"]
    elan = papers["Élan: Ünïcode Titles Stay as They Are"]
    assert elan["authors"] == ["Jörg Müller", "The Élan Consortium", "François de la Tour"]
    assert (elan["year"], elan["doi"], elan["abstract"]) == (2018, "10.1000/elan.2018", "An abstract.")
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_keywords_a_tag_key_cannot_spell_keep_their_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A keyword without Latin letters (Zotero users write them in their language) is a tag too."""
    source = tmp_path / "new.bib"
    source.write_text("@article{li2021, title = {Depth}, year = 2021, keywords = {深度学习; C++, Deep Learning}}\n", encoding="utf-8")
    code, out, _err = run(["import", str(source), "--into", str(tmp_path / "kb")], capsys)
    assert code == 0, out
    data = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))
    key = [tag for tag in data["tags"] if tag.startswith("tag-")]
    assert len(key) == 1 and data["tags"] == {key[0]: "深度学习", "c": "C++", "deep-learning": None}
    assert data["papers"][0]["tags"] == [key[0], "c", "deep-learning"]
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"title": "A"},\n {"title": "B", "issued": {"date-parts": [[' + "9" * 5000 + "]]}}]",
         "library.json:2: item 2 holds a number of more than 4300 digits, which no CSL-JSON field holds: nothing was imported"),
        ("[" + "[" * 50_000 + "]" * 50_000 + "]",
         "library.json:1: item 1 nests lists or objects thousands deep, which no CSL-JSON field does: nothing was imported"),
        ('{"items": [{"title": "A", "author": ' + "[" * 50_000 + "]" * 50_000 + "}]}",
         "library.json:1: the file nests lists or objects thousands deep, which no CSL-JSON field does: nothing was imported"),
    ],
)
def test_csl_json_python_cannot_hold_is_refused_in_one_line(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "library.json"
    source.write_text(text, encoding="utf-8")
    code, out, err = run(["import", str(source), "--into", str(tmp_path / "kb")], capsys)
    assert (code, out) == (2, "")
    assert err == f"papernotes import: {tmp_path / message}\n"
    assert not (tmp_path / "kb").exists()


def test_csl_json_fields_of_the_wrong_type_are_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "library.json"
    source.write_text(textwrap.dedent("""\
        [{"title": {"text": "A"}, "id": "a"},
         {"title": ["Good", "Title"], "author": [{"family": {"x": 1}, "given": ["Ann"]}, 7, {"family": "Li", "given": true}],
          "issued": {"date-parts": [[{"y": 2019}]]}, "URL": ["https://example.org/b", {}], "DOI": {"doi": "10.1000/x"},
          "container-title": [[]], "abstract": false, "keyword": [{"k": 1}, "Vision", null], "citation-key": {}}]
        """), encoding="utf-8")
    code, out, err = run(["import", str(source), "--into", str(tmp_path / "kb")], capsys)
    assert (code, err) == (0, "")
    lines = [line.split("library.json", 1)[-1] for line in out.splitlines()]
    assert lines[:8] == [
        ":1: 'title' must be text, got a mapping: left out",
        ":1: skipped: item 'a' has no title",
        ":2: 'issued' holds no year: left out",
        ":2: 'container-title' must be text, got a list: left out",
        ":2: 'URL' must be text, got a list: left out",
        ":2: 'DOI' must be text, got a mapping: left out",
        ":2: 'abstract' must be text, got the boolean false: left out",
        ":2: 'citation-key' must be text, got a mapping: left out",
    ]
    record = papers_of(tmp_path / "kb")["Good Title"]
    assert record["authors"] == ["Ann", "Li"] and record["tags"] == ["vision"]
    assert not {"url", "doi", "venue", "abstract", "cite_key", "year"} & set(record)
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


@pytest.mark.parametrize(
    ("name", "text", "reported"),
    [
        ("papers.md", "- [A paper](https://arxiv.org/abs/9912.00001)\n", ":1: year 2099 is in the future: left out"),
        ("refs.bib", "@article{a, title = {A paper}, year = 2999}\n", ":1: year 2999 is in the future: left out"),
        ("library.json", '[{"title": "A paper", "issued": {"date-parts": [[2999, 1]]}}]', ":1: year 2999 is in the future: left out"),
    ],
)
def test_an_import_never_writes_a_year_check_refuses(
    name: str, text: str, reported: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    code, out, _err = run(["import", str(source), "--into", str(tmp_path / "kb")], capsys)
    assert code == 0, out
    assert reported in [line.split(name, 1)[-1] for line in out.splitlines()]
    assert "year" not in papers_of(tmp_path / "kb")["A paper"]
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_the_planner_leaves_out_dates_check_refuses() -> None:
    """Whatever a reader hands it: a year before 1800 or after next year, a read date before 1900 or after today."""
    from papernotes.importers.existing import Existing
    from papernotes.importers.imported import ImportedEntry, ParsedFile
    from papernotes.importers.plan import plan_import

    today = dt.date(2026, 12, 1)
    parsed = ParsedFile(entries=[
        ImportedEntry(line=1, title="Old", year=1799, read=dt.date(1, 1, 1)),
        ImportedEntry(line=2, title="Ahead", year=2028, read=dt.date(2026, 12, 2)),
        ImportedEntry(line=3, title="Edges", year=2027, read=dt.date(2026, 12, 1)),
        ImportedEntry(line=4, title="First", year=1800, read=dt.date(1900, 1, 1)),
    ])
    plan = plan_import(parsed, Existing(), Path("."), Path("notes"), "x.bib", today)
    assert plan.report == [
        (1, "year 1799 is before 1800: left out"), (1, "read date 0001-01-01 is before 1900: left out"),
        (2, "year 2028 is in the future: left out"), (2, "read date 2026-12-02 is in the future: left out"),
    ]
    assert [(r["title"], r.get("year"), r.get("read")) for r in plan.records] == [
        ("Old", None, None), ("Ahead", None, None), ("Edges", 2027, dt.date(2026, 12, 1)), ("First", 1800, dt.date(1900, 1, 1)),
    ]


def test_bibtex_garbage_is_reported_never_a_traceback() -> None:
    """Random runs of BibTeX's own characters, braces nested 50,000 deep, a year of 6,000 digits."""
    import random

    chance = random.Random(28)
    alphabet = '@{}(),="\\%#~ \nabc019'
    texts = ["".join(chance.choice(alphabet) for _ in range(chance.randint(0, 200))) for _ in range(500)]
    texts += ["@article{k," + text for text in texts]
    texts += [
        "@article{k, title={" + "{" * 50_000 + "}" * 50_000 + "}}",
        "@article{k, title=" + "{" * 50_000,
        "@" * 100_000,
        "@article{k, year = " + "9" * 6000 + ", title={A}}",
    ]
    for text in texts:
        parsed = parse_bibtex(text)
        assert all(len(message) < 300 for _line, message in parsed.report)
    assert parse_bibtex(texts[-1]).report[0] == (1, "year '" + "9" * 37 + "...' is not a year: left out")


def test_unknown_extension_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "refs.ris"
    source.write_text("TY  - JOUR\n", encoding="utf-8")
    code, _out, err = run(["import", str(source), "--into", str(tmp_path / "kb")], capsys)
    assert code == 2
    assert err.strip() == (
        f"papernotes import: cannot tell what {source} holds from its extension: give a README (.md), "
        "a BibTeX file (.bib) or a CSL-JSON file (.json)"
    )
    assert not (tmp_path / "kb").exists()


def test_readers_keep_going_over_thousands_of_entries() -> None:
    """Must not be quadratic: 10,000 entries, every title and key alike, read and planned."""
    from papernotes.importers.existing import Existing
    from papernotes.importers.plan import plan_import

    bib = "".join(f"@article{{same,\n  title = {{Same Title {i % 7}}},\n  year = 2020,\n}}\n" for i in range(10_000))
    parsed = parse_bibtex(bib)
    assert len(parsed.entries) == 10_000
    plan = plan_import(parsed, Existing(), Path("."), Path("notes"), "x.bib")
    assert len(plan.records) == 7 and plan.duplicates == 10_000 - 7
    items = ",".join(f'{{"title": "Paper {i}", "DOI": "10.1000/{i % 3}"}}' for i in range(10_000))
    parsed = parse_csljson(f"[{items}]")
    assert len(parsed.entries) == 10_000
    assert len(plan_import(parsed, Existing(), Path("."), Path("notes"), "x.json").records) == 3


@pytest.mark.parametrize(
    ("text", "venue"),
    [("IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", ("CVPR", False)),
     ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition", ("CVPR", False)),
     ("Advances in Neural Information Processing Systems (NIPS 2012)", ("NeurIPS", False)),
     ("International Conference on 3D Vision (3DV)", ("3DV", False)),
     ("arXiv preprint arXiv:1512.03385", (None, True)), ("CoRR", (None, True)),
     ("Things (part 2)", ("Things (part 2)", False)), ("", (None, False))],
)
def test_venue_of(text: str, venue: tuple[str | None, bool]) -> None:
    assert venue_of(text) == venue


def test_identifier_helpers() -> None:
    assert arxiv_in(None, "10.48550/arXiv.2002.05709") == "2002.05709"
    assert arxiv_in("arXiv preprint arXiv:1512.03385v2") == "1512.03385"
    assert arxiv_in("https://example.org/x") is None
    assert (year_of_arxiv("1512.03385"), year_of_arxiv("hep-th/9901001"), year_of_arxiv("math.GT/0309136")) == (2015, 1999, 2003)
    assert list(tags_of("Deep Learning; Vision, loc/seg, , Vision")) == ["deep-learning", "vision", "loc/seg"]
