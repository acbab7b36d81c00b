"""Citing: cite keys, BibTeX and CSL-JSON of records (knowledge/cite.py), the Cite block and
papers.bib of a built site, `papernotes export`, and the round trip through `papernotes import`."""

from __future__ import annotations

import html
import json
import os
import re
import stat
import textwrap
import unicodedata
import urllib.parse
from pathlib import Path

import bibtexparser
import pybtex.database
import pybtex.errors
import pytest
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from hypothesis import assume, given
from hypothesis import strategies as st

from cli_runs import run
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
    one_line,
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


# ---------------------------------------------------------------- hostile values


# Values that opened or closed an entry, each with the text a reader gets back: a line break or
# control character, with the spaces around it, is written as one space (one_line).
HOSTILE = [
    ("Intro\n@misc{forged,\n  title = {Forged}\n}\nrest", "Intro @misc{forged, title = {Forged} } rest"),
    ("x }\u034f y {\u034f z", "x }\u034f y {\u034f z"),  # a brace with a combining grapheme joiner
    ("}\u0301{\u0338 @comment{ }\u0300", "}\u0301{\u0338 @comment{ }\u0300"),
    ("unbalanced }} {{{ } @misc{x,", "unbalanced }} {{{ } @misc{x,"),
    ("back\\slash \\} \\{ \\", "back\\slash \\} \\{ \\"),
    ("50% off\n% a comment line\n%}", "50% off % a comment line %}"),
    ('"quoted", a = b, c # d ~ ^ & $ _', '"quoted", a = b, c # d ~ ^ & $ _'),
    ("@misc{x,", "@misc{x,"),
    ("a\r\n@article{y,\u2028@book{z,\x85@misc{w,\x0b@x{\x0c@y{\x1e@z{", "a @article{y, @book{z, @misc{w, @x{ @y{ @z{"),
    ("tab\there \x00 nul", "tab here nul"),
]


def hostile_papers(value: str) -> tuple[list[Paper], dict[str, VenueInfo]]:
    """Every field the writer emits from the reader's text holding `value`: title, author, venue
    key, venue name, abstract, URL and DOI."""
    squeezed = "".join(value.split())
    papers = [
        paper(id="a", title=value, authors=[value, "Ann Lee"], venue=value, abstract=value, year=2020,
              url="https://example.org/" + value, doi="10.1234/" + squeezed, tags=["t"]),
        paper(id="b", title="Plain", authors=["Bo Li"], venue="V", abstract=value, year=2021),
    ]
    return papers, {"V": VenueInfo("V", name=value, kind="journal")}


def read_back(text: str, keys: list[str], authors: list[int]) -> tuple[bibtexparser.Library, list[pybtex.database.Entry]]:
    """The .bib read by bibtexparser 2 and by pybtex, strict and not: exactly the entries `keys`,
    `authors` names each, and both readers see the same value in every field."""
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == [] and [entry.key for entry in library.entries] == keys
    assert [len(entry.fields_dict["author"].value) if "author" in entry else 0 for entry in library.entries] == authors
    found = []
    for strict in (False, True):
        pybtex.errors.set_strict_mode(strict)
        try:
            data = pybtex.database.parse_string(text, "bibtex")
        finally:
            pybtex.errors.set_strict_mode(False)
        assert list(data.entries) == keys
        assert [len(entry.persons.get("author", [])) for entry in data.entries.values()] == authors
        found = list(data.entries.values())
    plain = bibtexparser.parse_string(text)
    for ours, theirs in zip(plain.entries, found, strict=True):
        fields = {name: value for name, value in ours.fields_dict.items() if name != "author"}
        assert {name: " ".join(str(field.value).split()) for name, field in fields.items()} == {
            name.lower(): " ".join(value.split()) for name, value in theirs.fields.items()  # pybtex folds spaces, as BibTeX does
        }
    return library, found


@pytest.mark.parametrize(("value", "folded"), HOSTILE)
def test_no_value_opens_or_closes_an_entry(value: str, folded: str) -> None:
    papers, venues = hostile_papers(value)
    citations = Citations(papers, venues)
    keys = [citations.keys["a"], citations.keys["b"]]
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_:.+/-]*", key) for key in keys)  # made of the hostile text
    read_back(citations.bibliography(), keys, [2, 1])
    for record, key in zip(papers, keys, strict=True):  # the Cite block's entry, alone
        read_back(citations.bibtex(record), [key], [len(record.authors)])
    text = citations.bibliography()
    assert not re.search(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", text)  # no line break but the writer's own
    for line in text.split("\n"):
        assert re.fullmatch(r"@\w+\{[^,\s]+,|  \w+ = \{.*\},?|\}|", line), line  # every value on one line
    first, second = parse_bibtex(text).entries
    assert (first.title, first.abstract, second.abstract) == (folded, folded, folded)
    assert (first.venue, second.venue) == (folded, f"{folded} (V)")
    assert first.url == "https://example.org/" + percent_encoded(value)
    assert first.ids["doi"] == "10.1234/" + percent_encoded("".join(value.split()))


def percent_encoded(text: str) -> str:
    """What a URL or DOI is written as: braces, backslashes, spaces and controls percent-encoded."""
    unsafe = lambda char: char in "{}\\" or char.isspace() or unicodedata.category(char) == "Cc"  # noqa: E731
    return "".join(urllib.parse.quote(char, safe="") if unsafe(char) else char for char in text)


@pytest.mark.parametrize("key", ["k\n@misc{x,", "k}", "k,title={x}", "k%", "k@misc", "k x", "{k"])
def test_a_cite_key_that_would_break_its_entry_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="cite_key\n  must be a BibTeX key"):
        paper(cite_key=key)


# Pieces of text that open, close or break an entry, to make hostile values of.
_PIECES = ["a", "B", " ", "and", ",", "@", "@misc{x,", "{", "}", "}\u034f", "{\u0301", "\\", "%", '"', "#", "=", "~", "^",
           "&", "$", "_", "é", "e\u0301", "\u0338", "\n", "\r\n", "\t", "\x00", "\x0b", "\x85", "\u2028", "\n@misc{y,\n"]


@given(value=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join))
def test_any_value_stays_inside_its_entry(value: str) -> None:
    """Whatever the title, authors, venue and abstract hold, a .bib has one entry per paper and
    reads back as the text written, line breaks and controls folded to spaces."""
    assume(value.strip())  # a value of spaces alone is no title
    record = paper(title=value, authors=[value, "Ann Lee"], venue=value, abstract=value, year=2020)
    citations = Citations([record, paper(id="q", title="Next", authors=["Bo Li"])], {})
    keys = list(citations.keys.values())
    spaced = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", unicodedata.normalize("NFC", record.title))
    named = 2 if spaced.strip() else 1  # an author of controls alone is left out
    read_back(citations.bibliography(), keys, [named, 1])
    read_back(citations.bibtex(record), keys[:1], [named])
    folded = " ".join(spaced.split())
    imported = parse_bibtex(citations.bibliography()).entries
    if not folded:  # a title of controls alone: the importer skips the entry, and says so
        assert [entry.title for entry in imported] == ["Next"]
    else:
        assert imported[0].title == imported[0].abstract == folded


# Pieces of a .bib value as other tools write them: escaped braces, LaTeX groups, comments, entries.
_BIB_PIECES = ["a", "B", " ", "and", ",", "\\}", "\\{", "{\\}}\u034f", "{", "}", "\u034f", "\u0301", "@misc{x,", "\n@misc{y,\n",
               "%", "\\%", "\\", "\n", "~", "^", "{\\'e}", "\\textbraceright"]


@given(value=st.lists(st.sampled_from(_BIB_PIECES), min_size=1, max_size=12).map("".join))
def test_whatever_an_imported_bib_holds_exports_one_entry_per_paper(value: str) -> None:
    """A .bib entry whose values hold any of the pieces imports without an error, and the records
    made of what was imported export as one entry each, read alike by bibtexparser and pybtex."""
    source = f"@article{{k,\n  title = {{T {value}}},\n  author = {{{value} and Ann Lee}},\n  abstract = {{{value}}}\n}}\n"
    parsed = parse_bibtex(source + "@misc{next,\n  title = {Next}\n}\n")
    records = [Paper.model_validate({"id": f"p{i}", "title": entry.title, "authors": entry.authors,
                                     **({"abstract": entry.abstract} if entry.abstract else {})})
               for i, entry in enumerate(parsed.entries)]
    assert records and records[-1].title == "Next"
    citations = Citations(records, {})
    read_back(citations.bibliography(), list(citations.keys.values()), [len(record.authors) for record in records])
    titles = [unicodedata.normalize("NFC", record.title) for record in records]  # accents written as one character
    assert [entry.title for entry in parse_bibtex(citations.bibliography()).entries] == titles


def test_a_long_run_of_spaces_is_folded_in_linear_time() -> None:
    """Must not be quadratic: a run of 300,000 spaces, with and without a line break in it."""
    assert one_line("a" + " " * 300_000 + "b") == "a" + " " * 300_000 + "b"
    assert one_line("a" + " " * 300_000 + "\n" + " " * 300_000 + "b") == "a b"


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


# A knowledge base whose text holds entries of its own: an abstract written with '|', braces with
# combining marks, a venue name and a URL with line breaks.
HOSTILE_PAPERS_YAML = """\
venues:
  V:
    name: "Journal of }\\u034f Things\\n@misc{forged3,"
    kind: journal
papers:
  - id: evil
    title: "Evil }\\u034f Title {\\u034f"
    authors: [Ann Lee, "Bo }\\u034f Li"]
    year: 2020
    venue: V
    url: "https://example.org/a\\n@misc{forged4,"
    abstract: |
      First line.
      @misc{forged1,
        title = {Forged}
      }
      % a comment
      @article{forged2, title={x}}
  - id: plain
    title: Plain
    authors: [Bo Li]
    year: 2021
"""


def test_every_bibtex_file_of_a_hostile_site_has_one_entry_per_paper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """papers.bib, the explorer's download, each Cite block and `export` read back as the two papers."""
    root = write_project(tmp_path, HOSTILE_PAPERS_YAML, {"index.md": "# Home\n"})
    site = build_site(root)
    keys = ["lee2020evil", "li2021plain"]
    papers_bib = (site / "papers.bib").read_text(encoding="utf-8")
    read_back(papers_bib, keys, [2, 1])
    data = json.loads((site / "assets" / "papernotes" / "explore.json").read_text(encoding="utf-8"))
    entries = json.loads((site / data["bibtex_src"].partition("?v=")[0]).read_text(encoding="utf-8"))["entries"]
    read_back("\n".join(entries), keys, [2, 1])  # joined as the explorer's download joins them
    for paper_id, key, names in (("evil", keys[0], 2), ("plain", keys[1], 1)):
        page = (site / "papers" / paper_id / "index.html").read_text(encoding="utf-8")
        block = re.search(r'<div class="language-bibtex highlight"><pre>(.*?)</pre>', page, re.DOTALL)
        assert block is not None
        read_back(html.unescape(re.sub(r"<[^>]+>", "", block.group(1))), [key], [names])
    code, out, _err = run(["export", str(root)], capsys)
    assert code == 0 and out == papers_bib
    evil, _plain = parse_bibtex(papers_bib).entries
    assert evil.abstract == "First line. @misc{forged1, title = {Forged} } % a comment @article{forged2, title={x}}"
    assert (evil.title, evil.url) == ("Evil }\u034f Title {\u034f", "https://example.org/a%0A@misc%7Bforged4,")
    assert evil.venue == "Journal of }\u034f Things @misc{forged3, (V)"


def test_an_imported_bib_exports_one_entry_per_paper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .bib whose values hold escaped braces with combining marks, '%' and '@' entries (as an
    older papernotes wrote them) imports, and its papers export as one entry each."""
    source = tmp_path / "refs.bib"
    source.write_text(
        "@article{old2020,\n  title = {A {\\}}\u034f B {\\{}\u034f C},\n  author = {Ann Lee and Bo Li},\n"
        "  journal = {J {\\}}\u0301},\n  year = {2020},\n"
        "  abstract = {Line one\n    with 50\\% and {\\}}\u034f and @misc{y, title = {z}} inside},\n"
        "  url = {https://example.org/a%20b}\n}\n\n"
        "@misc{multi,\n  title = {Over\n           two lines},\n  author = {Cy Wu},\n  year = {2021},\n"
        "  note = {@misc{n, title = {m}}}\n}\n",
        encoding="utf-8",
    )
    code, out, _err = run(["import", str(source), "--into", str(tmp_path / "kb")], capsys)
    assert code == 0 and "imported 2 papers" in out, out
    code, exported, _err = run(["export", str(tmp_path / "kb")], capsys)
    assert code == 0
    read_back(exported, ["old2020", "multi"], [2, 1])
    first, second = parse_bibtex(exported).entries
    assert (first.title, second.title) == ("A }\u034f B {\u034f C", "Over two lines")
    assert first.abstract == "Line one with 50% and }\u034f and @miscy, title = z inside"  # its braces were LaTeX groups


# ---------------------------------------------------------------- export, and the round trip


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


def test_export_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "refs.bib"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o600)
    code, _out, _err = run(["export", str(REPO), "--out", str(out)], capsys)
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("@")
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]  # no temporary file left beside it


def test_export_writes_through_a_symlink_to_its_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "library" / "refs.bib"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "refs.bib"
    link.symlink_to(target)
    code, _out, _err = run(["export", str(REPO), "--out", str(link)], capsys)
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("@")
    dangling = tmp_path / "new.bib"
    dangling.symlink_to(tmp_path / "library" / "new.bib")  # like an editor: the file it names is made
    assert run(["export", str(REPO), "--out", str(dangling)], capsys)[0] == 0
    assert dangling.is_symlink() and (tmp_path / "library" / "new.bib").read_text(encoding="utf-8").startswith("@")


def test_export_refuses_a_folder_and_an_unwritable_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["export", str(REPO), "--out", "."], capsys) == (
        2, "", "papernotes export: --out . is a folder: name the file to write (e.g. papers.bib)\n"
    )
    missing = tmp_path / "nowhere" / "refs.bib"
    assert run(["export", str(REPO), "--out", str(missing)], capsys) == (
        2, "", f"papernotes export: cannot write {missing}: the folder {missing.parent} does not exist\n"
    )
    locked = tmp_path / "locked.bib"
    locked.write_text("mine\n", encoding="utf-8")
    locked.chmod(0o444)
    code, out, err = run(["export", str(REPO), "--out", str(locked)], capsys)
    assert (code, out) == (2, "")
    assert err == f"papernotes export: {locked} is read-only (mode 0444): nothing was written; make it writable (chmod u+w) and run again\n"
    assert locked.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.bib"]


def test_export_refuses_a_fifo_without_waiting_for_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "refs.bib"
    os.mkfifo(fifo)
    link = tmp_path / "link.bib"
    link.symlink_to(fifo)
    for out in (fifo, link):
        assert run(["export", str(REPO), "--out", str(out)], capsys) == (
            2, "", f"papernotes export: {fifo} is not a regular file: nothing was written; name a file\n"
        )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.bib", "refs.bib"]


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
