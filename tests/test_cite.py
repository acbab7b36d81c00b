"""Citing: cite keys, BibTeX and CSL-JSON of records (knowledge/cite.py), the Cite block and
papers.bib of a built site, `papernotes export`, and the round trip through `papernotes import`."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import bibtexparser
import pybtex.database
import pybtex.errors
import pytest
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware

from conftest import REPO, build_site, write_project
from papernotes import cli
from papernotes.importers.bibtex import parse_bibtex
from papernotes.knowledge.cite import (
    Citations,
    VenueInfo,
    bibtex_entry,
    cite_keys,
    csl_item,
    default_cite_key,
    latex_text,
    latex_title,
    venue_kind,
)
from papernotes.knowledge.model import Paper, arxiv_of


def paper(**fields: object) -> Paper:
    return Paper.model_validate({"id": "p", "title": "A Title", **fields})


def parse_strictly(text: str) -> tuple[bibtexparser.Library, pybtex.database.BibliographyData]:
    """The .bib read by bibtexparser 2 and by pybtex, neither with an error nor a warning."""
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    pybtex.errors.set_strict_mode(True)  # a pybtex warning raises
    try:
        data = pybtex.database.parse_string(text, "bibtex")
    finally:
        pybtex.errors.set_strict_mode(False)
    return library, data


# ---------------------------------------------------------------- keys and entries


def test_default_cite_keys() -> None:
    assert default_cite_key(paper(title="Deep Residual Learning", short="ResNet", authors=["Kaiming He"], year=2016)) == "he2016resnet"
    assert default_cite_key(paper(title="On the Use of Things", authors=["Jörg Müller"], year=2019)) == "muller2019use"
    assert default_cite_key(paper(title="A Paper", authors=["Laurens van der Maaten"])) == "maatenpaper"
    assert default_cite_key(paper(title="深度学习", authors=["何恺明"])) == "p"  # nothing ASCII: the paper's id


def test_cite_keys_are_unique_and_leave_own_keys_alone() -> None:
    papers = [paper(id=f"p{i}", title="Same", authors=["Ann Lee"], year=2020) for i in range(3)]
    papers.append(paper(id="own", title="Other", cite_key="lee2020same"))
    assert cite_keys(papers) == {"p0": "lee2020samea", "p1": "lee2020sameb", "p2": "lee2020samec", "own": "lee2020same"}


def test_many_alike_keys_stay_linear() -> None:
    """Must not be quadratic: 30,000 papers that would all get one key."""
    keys = cite_keys([paper(id=f"p{i}", title="Same", year=2020) for i in range(30_000)])
    assert len(set(keys.values())) == 30_000 and keys["p29999"].startswith("2020same")


def test_latex_escaping() -> None:
    assert latex_text("Müller & Søren: 50% of $5, a_b #1 {x} ~ ^ \\") == (
        "M{\\\"u}ller {\\&} S{\\o}ren: 50{\\%} of {\\$}5, a{\\_}b {\\#}1 {\\textbraceleft}x{\\textbraceright} {\\textasciitilde} "
        "{\\textasciicircum} {\\textbackslash}"
    )
    assert latex_text("深度学习") == "深度学习"  # no LaTeX for it: kept as UTF-8, which biber and pybtex read
    assert latex_title("U-Net and ResNet in 3D for CNNs") == "{U-Net} and {ResNet} in {3D} for {CNNs}"


def test_entry_types_follow_the_venue_kind() -> None:
    assert venue_kind(VenueInfo("CVPR", "IEEE/CVF Conference on Computer Vision and Pattern Recognition")) == "conference"
    assert venue_kind(VenueInfo("TPAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence")) == "journal"
    assert venue_kind(VenueInfo("arXiv")) == "preprint"
    assert venue_kind(VenueInfo("Odd", kind="journal")) == "journal"
    record = paper(title="Deep Residual Learning", authors=["Kaiming He", "Jian Sun"], year=2016,
                   doi="10.1109/CVPR.2016.90", arxiv="1512.03385", url="https://arxiv.org/abs/1512.03385")
    assert bibtex_entry(record, "he2016", VenueInfo("CVPR", "Computer Vision and Pattern Recognition")) == textwrap.dedent("""\
        @inproceedings{he2016,
          title = {Deep Residual Learning},
          author = {Kaiming He and Jian Sun},
          booktitle = {Computer Vision and Pattern Recognition (CVPR)},
          year = {2016},
          doi = {10.1109/CVPR.2016.90},
          eprint = {1512.03385},
          archiveprefix = {arXiv},
          url = {https://arxiv.org/abs/1512.03385}
        }
        """)
    assert bibtex_entry(record, "k", VenueInfo("JMLR", "Journal of Machine Learning Research")).startswith("@article{k,")
    assert "\n  journal = {Journal of Machine Learning Research (JMLR)},\n" in bibtex_entry(record, "k", VenueInfo("JMLR", "Journal of Machine Learning Research"))
    preprint = bibtex_entry(record, "k", None)
    assert preprint.startswith("@misc{k,") and "booktitle" not in preprint and "eprint = {1512.03385}" in preprint
    assert csl_item(record, "k", VenueInfo("CVPR"))["type"] == "paper-conference"
    assert csl_item(record, "k", None) | {} == {
        "id": "k", "type": "article", "title": "Deep Residual Learning",
        "author": [{"family": "He", "given": "Kaiming"}, {"family": "Sun", "given": "Jian"}],
        "issued": {"date-parts": [[2016]]}, "DOI": "10.1109/CVPR.2016.90", "number": "arXiv:1512.03385",
        "URL": "https://arxiv.org/abs/1512.03385", "citation-key": "k",
    }


def test_hostile_text_stays_inside_its_value() -> None:
    """Braces, '@' and '}' in user text cannot end an entry or start another."""
    record = paper(title="Evil}, note = {x} @misc{y,", authors=["A} and {B"], abstract="%\\}", year=2020,
                   url="https://example.org/a}b{c\\d e")
    text = Citations([record], {}).bibliography()
    library, data = parse_strictly(text)
    assert [entry.key for entry in library.entries] == ["b2020evil"]
    assert set(library.entries[0].fields_dict) == {"title", "author", "year", "url", "abstract"}
    assert list(data.entries) == ["b2020evil"]
    (entry,) = parse_bibtex(text).entries  # papernotes' own reader takes the brace commands back
    assert (entry.title, entry.authors, entry.abstract) == ("Evil}, note = {x} @misc{y,", ["A} and {B"], "%\\}")
    assert entry.url == "https://example.org/a%7Db%7Bc%5Cd%20e"


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cite")
    write_project(
        root,
        """\
        venues:
          CVPR:
            name: Computer Vision and Pattern Recognition
        papers:
          - id: resnet
            title: Deep Residual Learning
            short: ResNet
            authors: [Kaiming He, Jörg Müller]
            year: 2016
            venue: CVPR
            doi: 10.1109/CVPR.2016.90
          - id: other
            title: "Fast & <b>Bold</b>"
            authors: [Kaiming He]
            year: 2016
        """,
        {"index.md": "# Home\n\n<!-- papernotes:summary -->\n"},
    )
    return build_site(root, strict=True)


def test_paper_page_has_a_cite_block_left_out_of_search(site: Path) -> None:
    html = (site / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    assert '<section class="pn-cite" data-search-exclude>\n<h2 id="cite" data-search-exclude>Cite</h2>' in html
    assert (
        '<div class="language-bibtex highlight"><pre><span></span><code>@inproceedings{he2016resnet,\n'
        "  title = {Deep Residual Learning},\n"
        "  author = {Kaiming He and J{\\&#34;o}rg M{\\&#34;u}ller},\n"
        "  booktitle = {Computer Vision and Pattern Recognition (CVPR)},\n"
        "  year = {2016},\n"
        "  doi = {10.1109/CVPR.2016.90}\n"
        "}\n</code></pre></div>"
    ) in html
    assert 'Cite key <code>he2016resnet</code> · every paper: <a href="../../papers.bib" download>papers.bib</a>' in html
    other = (site / "papers" / "other" / "index.html").read_text(encoding="utf-8")
    assert "title = {Fast {\\&amp;} {&lt;b&gt;Bold&lt;/b&gt;}}," in other  # escaped for LaTeX, then for HTML
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any("he2016resnet" in doc["text"] for doc in index["docs"])
    assert not any(doc["location"].endswith("#cite") for doc in index["docs"])  # no empty section either


def test_papers_bib_holds_every_record_and_the_home_page_links_it(site: Path) -> None:
    text = (site / "papers.bib").read_text(encoding="utf-8")
    library, data = parse_strictly(text)
    assert [entry.key for entry in library.entries] == ["he2016resnet", "he2016fast"]
    assert sorted(data.entries) == ["he2016fast", "he2016resnet"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<li>Every paper as BibTeX: <a class="pn-bib" href="papers.bib" download>papers.bib</a></li>' in home


def test_explorer_ships_each_rows_bibtex(site: Path) -> None:
    data = json.loads((site / "assets" / "papernotes" / "explore.json").read_text(encoding="utf-8"))
    uri, _, version = data["bibtex_src"].partition("?v=")
    entries = json.loads((site / uri).read_text(encoding="utf-8"))["entries"]
    assert version and len(entries) == len(data["papers"]) == 2
    by_id = {row[0]: entry for row, entry in zip(data["papers"], entries, strict=True)}
    assert by_id["resnet"].startswith("@inproceedings{he2016resnet,") and by_id["other"].startswith("@misc{he2016fast,")


def test_a_papers_bib_of_the_notes_is_kept_and_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = write_project(tmp_path, "papers:\n  - id: a\n    title: A\n", {"papers.bib": "% mine\n"})
    site = build_site(root)
    assert (site / "papers.bib").read_text(encoding="utf-8") == "% mine\n"
    assert "/docs/papers.bib hides the BibTeX of every paper that papernotes writes there; rename or remove the file" in caplog.text


# ---------------------------------------------------------------- export, and the round trip


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sample_records() -> list[dict]:
    return yaml.safe_load((REPO / "papers.yaml").read_text(encoding="utf-8"))["papers"]


def test_export_filters_like_the_explorer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["export", str(REPO), "--tag", "uns", "--year", "2020", "--year", "2018"], capsys)
    assert code == 0
    wanted = [r for r in sample_records() if any(t.split("/")[0] == "uns" for t in r.get("tags", [])) and r.get("year") in (2020, 2018)]
    library, _data = parse_strictly(out)
    assert sorted(e["title"] for e in library.entries) == sorted(r["title"] for r in wanted)
    assert err == f"exported {len(wanted)} papers of {len(sample_records())} as bibtex\n"
    code, out, _err = run(["export", str(REPO), "--format", "csljson", "--venue", "nips", "--status", "read"], capsys)
    items = json.loads(out)
    assert code == 0 and items and {item["container-title"] for item in items} == {"Conference on Neural Information Processing Systems (NeurIPS)"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--tag", "unz"], "unknown tag 'unz' (did you mean 'uns'?)"),
     (["--venue", "CVRP"], "unknown venue 'CVRP' (did you mean 'CVPR'?)"),
     (["--status", "done"], "unknown status 'done'; use one of to-read, reading, read")],
)
def test_export_names_an_unknown_filter(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["export", str(REPO), *argv], capsys)
    assert (code, out, err) == (1, "", f"papernotes export: {message}\n")


@pytest.mark.parametrize("output_format", ["bibtex", "csljson"])
def test_round_trip_of_the_sample(output_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Export the sample, import the file into an empty folder: the records agree."""
    exported = tmp_path / ("sample.bib" if output_format == "bibtex" else "sample.json")
    code, _out, _err = run(["export", str(REPO), "--format", output_format, "--out", str(exported)], capsys)
    assert code == 0
    if output_format == "bibtex":
        parse_strictly(exported.read_text(encoding="utf-8"))
    code, out, _err = run(["import", str(exported), "--into", str(tmp_path / "kb")], capsys)
    assert code == 0, out
    assert f"imported {len(sample_records())} papers" in out
    data = yaml.safe_load((REPO / "papers.yaml").read_text(encoding="utf-8"))
    canonical = {alias: name for name, entry in data["venues"].items() for alias in [name, *(entry or {}).get("aliases", [])]}
    imported = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    by_title = {record["title"]: record for record in imported}
    assert len(by_title) == len(sample_records())
    for original in sample_records():
        record = by_title[original["title"]]
        for key in ("authors", "year", "doi", "url"):
            assert record.get(key) == original.get(key), (original["id"], key)
        # an arXiv URL gives the record its arXiv id too
        assert record.get("arxiv") == original.get("arxiv") or arxiv_of(original.get("url", "")), original["id"]
        assert record.get("venue") == canonical.get(original.get("venue"), original.get("venue")), original["id"]
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0
