"""The shapes of reading list the README importer reads, each on a small README written here."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import build_site
from papernotes import cli
from papernotes.importers.existing import load_existing
from papernotes.importers.imported import ImportedEntry, arxiv_year
from papernotes.importers.plan import plan_import
from papernotes.importers.readme import import_command, parse_readme
from papernotes.importers.shapes.facts import read_facts, split_linkless
from papernotes.importers.shapes.notes import own_file
from test_hostile import HOSTILE_FILES, HOSTILE_README, markup_from_data, parse

TODAY = dt.date(2026, 1, 1)


def entries(text: str) -> list[ImportedEntry]:
    return parse_readme(textwrap.dedent(text), today=TODAY).entries


def report(text: str) -> list[tuple[int, str]]:
    return parse_readme(textwrap.dedent(text), today=TODAY).report


def imported(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str], files: dict[str, str] | None = None) -> tuple[dict[str, dict], str]:
    source = tmp_path / "src"
    source.mkdir(exist_ok=True)
    for name, content in (files or {}).items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(content, encoding="utf-8")
    (source / "README.md").write_text(textwrap.dedent(text), encoding="utf-8")
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    out = capsys.readouterr().out
    data = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8")) or {}
    return {paper["id"]: paper for paper in data.get("papers") or []}, out


# ---------------------------------------------------------------- entry lines


def test_a_plain_title_followed_by_bracketed_label_links() -> None:
    (first, second) = entries("""\
        - Spectral Pooling Nets [[arXiv](https://arxiv.org/abs/1506.03767)] [[code](https://example.org/code)]
        - Tiny Pyramids [[paper]](https://example.org/tiny.pdf) [[note]](https://example.org/tiny-notes)
        """)
    assert (first.title, first.url, first.links) == (
        "Spectral Pooling Nets", "https://arxiv.org/abs/1506.03767", {"code": "https://example.org/code"}
    )
    assert (second.title, second.url, second.links) == (
        "Tiny Pyramids", "https://example.org/tiny.pdf", {"notes": "https://example.org/tiny-notes"}
    )


def test_code_and_bold_badges_before_the_link_are_tags_and_venues() -> None:
    (entry,) = entries("""\
        * ****`METRIC LEARNING`**** ****`ECCV 2018`**** [Margins Everywhere](https://example.org/m)
        """)
    assert (entry.title, entry.venue, entry.year, entry.tags) == ("Margins Everywhere", "ECCV", 2018, ["metric-learning"])
    (bold,) = entries("* **ICLR 2021** [Bold Venue Paper](https://example.org/b)\n")
    assert (bold.title, bold.venue, bold.year) == ("Bold Venue Paper", "ICLR", 2021)


def test_symbols_defined_in_a_legend_tag_the_entries_they_stand_before() -> None:
    readme = parse_readme(textwrap.dedent("""\
        - ⭐ must read
        - 🔥 hot topic

        ## Papers
        - ⭐ [Starred Paper](https://example.org/s)
        - 🔥 ⭐ [Hot Paper](https://example.org/h)
        - 🐙 [Octopus Paper](https://example.org/o)
        """), today=TODAY)
    assert [(e.title, e.tags) for e in readme.entries] == [
        ("Starred Paper", ["papers", "must-read"]),
        ("Hot Paper", ["papers", "hot-topic", "must-read"]),
        ("Octopus Paper", ["papers"]),
    ]
    assert readme.tags["must-read"] == "must read"
    assert (7, "dropped marker '🐙': no legend says what it means") in readme.report


def test_several_entries_on_one_line() -> None:
    found = entries("""\
        - [First Paper](https://example.org/1) || [Second Paper](https://example.org/2)
        - [Third Paper](https://example.org/3) | [Fourth Paper](https://example.org/4)
        - [Fifth Paper](https://example.org/5); [Sixth Paper](https://example.org/6)
        """)
    assert [(e.line, e.title) for e in found] == [
        (1, "First Paper"), (1, "Second Paper"), (2, "Third Paper"), (2, "Fourth Paper"), (3, "Fifth Paper"), (3, "Sixth Paper"),
    ]


def test_a_table_is_read_by_its_header() -> None:
    readme = parse_readme(textwrap.dedent("""\
        | Paper | Year | Conference | Read on | Status | Mood |
        |---|:-:|---|---|---|---|
        | [Table Net](https://example.org/t) | 2019 | CVPR | 2020-03-02 | ✅ | happy |
        | Plain Table Title | 2018 | NIPS | | ❌ | |
        """), today=TODAY)
    first, second = readme.entries
    assert (first.title, first.url, first.year, first.venue, first.read, first.status) == (
        "Table Net", "https://example.org/t", 2019, "CVPR", dt.date(2020, 3, 2), "read"
    )
    assert (second.title, second.url, second.year, second.venue, second.status) == ("Plain Table Title", None, 2018, "NeurIPS", "to-read")
    assert (3, "dropped column 'Mood' of the table: happy") in readme.report


def test_entries_without_a_link_in_a_paper_list() -> None:
    (linked, plain, rated) = entries("""\
        - [Linked Paper](https://example.org/l), ICML 2018 (3)
        - Unlinked Paper About Things, NeurIPS 2015 (1)
        - Another Unlinked Paper (2)
        """)
    assert (linked.title, linked.venue, linked.year, linked.rating) == ("Linked Paper", "ICML", 2018, 3)
    assert (plain.title, plain.url, plain.venue, plain.year, plain.rating) == ("Unlinked Paper About Things", None, "NeurIPS", 2015, 1)
    assert (rated.title, rated.rating) == ("Another Unlinked Paper", 2)


def test_an_indented_sub_bullet_holds_authors_and_venue() -> None:
    (entry,) = entries("""\
        - [Sub Bullet Paper](https://example.org/sb)
          - Ada Lovelace, Alan Turing and Grace Hopper. CVPR 2016
        """)
    assert (entry.authors, entry.venue, entry.year) == (["Ada Lovelace", "Alan Turing", "Grace Hopper"], "CVPR", 2016)


def test_a_heading_that_is_a_link_is_a_paper() -> None:
    readme = parse_readme(textwrap.dedent("""\
        # My notes

        ## Vision
        ### [Heading Paper](https://example.org/hp)
        Some words about it.
        """), today=TODAY)
    (entry,) = readme.entries
    assert (entry.title, entry.url, entry.tags) == ("Heading Paper", "https://example.org/hp", ["vision"])


# ---------------------------------------------------------------- metadata wherever the line carries it


@pytest.mark.parametrize(
    ("rest", "venue", "year", "qualifier"),
    [
        (", ICML 2018", "ICML", 2018, None),
        (" ACL'17", "ACL", 2017, None),
        (" (2019):", None, 2019, None),
        (" **ICLR 2021**", "ICLR", 2021, None),
        (" <kbd>CVPR 2020 oral</kbd>", "CVPR", 2020, "oral"),
        (" <kbd>NeurIPS 2019 Spotlight</kbd>", "NeurIPS", 2019, "spotlight"),
        (", NIPS Workshop 2016", "NeurIPS", 2016, "workshop"),
        (" <kbd>CVPRW 2020</kbd>", "CVPR", 2020, "workshop"),
    ],
)
def test_venue_and_year_forms(rest: str, venue: str | None, year: int, qualifier: str | None) -> None:
    facts = read_facts(rest)
    assert (facts.venue, facts.year, facts.qualifier, facts.dropped) == (venue, year, qualifier, [])


def test_a_qualifier_is_kept_and_is_no_venue_of_its_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers, _out = imported(tmp_path, "- [Oral Paper](https://example.org/o) <kbd>CVPR 2020 oral</kbd>\n", capsys)
    assert (papers["oral-paper"]["venue"], papers["oral-paper"]["venue_qualifier"]) == ("CVPR", "oral")
    data = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))
    assert list(data["venues"]) == ["CVPR"]
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_a_badge_that_is_no_venue_is_a_tag_and_trailing_keywords_and_aka() -> None:
    (entry,) = entries("- [Keyword Paper](https://example.org/k) <kbd>ICML 2022</kbd> `GAN` [MoE, sparse experts] (aka KP)\n")
    assert (entry.venue, entry.year, entry.short) == ("ICML", 2022, "KP")
    assert entry.tags == ["gan", "moe", "sparse-experts"]
    (glued,) = entries("- [Glued Paper](https://example.org/g) [[Notes](https://example.org/n)][Planning]\n")
    assert (glued.tags, glued.links) == (["planning"], {"notes": "https://example.org/n"})


def test_the_year_comes_from_an_arxiv_id_when_nothing_else_gives_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert arxiv_year("https://arxiv.org/abs/1512.03385v2") == 2015
    assert arxiv_year("https://example.org/9999.12345") is None  # month 99 is no arXiv id
    papers, _out = imported(tmp_path, "- [Arxiv Paper](https://arxiv.org/abs/1711.05225)\n- [Dated](https://arxiv.org/abs/1711.0001) (2020)\n", capsys)
    assert papers["arxiv-paper"]["year"] == 2017
    assert papers["dated"]["year"] == 2020


def test_year_headings_and_to_read_headings() -> None:
    found = entries("""\
        # Notes
        ## 2018
        - [Old Paper](https://example.org/old)
        - [Older Paper](https://example.org/older) (2016)
        ## 2017 and before
        - [Ancient Paper](https://example.org/ancient)
        ## Papers to Read
        - [Queued Paper](https://example.org/q)
        ## TODO
        - [Todo Paper](https://example.org/t)
        ## Pile to be read
        - [Pile Paper](https://example.org/p)
        """)
    assert [(e.title, e.year, e.status, e.tags) for e in found] == [
        ("Old Paper", 2018, None, []),
        ("Older Paper", 2016, None, []),
        ("Ancient Paper", 2017, None, []),
        ("Queued Paper", None, "to-read", []),
        ("Todo Paper", None, "to-read", []),
        ("Pile Paper", None, "to-read", []),
    ]


# ---------------------------------------------------------------- notes


def test_a_link_to_a_local_markdown_file_is_the_papers_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers, out = imported(
        tmp_path,
        """\
        - [Local Note Paper](notes/local.md), ICML 2018
        - Encoded Note Paper [[note]](./My%20Notes/encoded%20note.md)
        - [Own Repo Paper](https://github.com/someone/reading/blob/master/rl/own.md)
        """,
        capsys,
        files={
            "notes/local.md": "# Local Note Paper\n\nWhat I learnt.\n",
            "My Notes/encoded note.md": "Encoded words.\n",
            "rl/own.md": "Own words.\n",
        },
    )
    assert "url" not in papers["local-note-paper"] and papers["local-note-paper"]["venue"] == "ICML"
    kb_notes = tmp_path / "kb" / "notes" / "papers"
    local = (kb_notes / "local-note-paper.md").read_text(encoding="utf-8")
    assert local == "---\npaper: local-note-paper\n---\n\nWhat I learnt.\n"  # the H1 repeating the title is dropped
    assert "Encoded words." in (kb_notes / "encoded-note-paper.md").read_text(encoding="utf-8")
    assert "Own words." in (kb_notes / "own-repo-paper.md").read_text(encoding="utf-8")
    assert "url" not in papers["own-repo-paper"]
    assert "copied 3 notes" in out
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_own_file_maps_only_files_that_exist(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert own_file("https://github.com/me/repo/blob/main/a.md", tmp_path) == "a.md"
    assert own_file("https://github.com/me/repo/blob/main/b.md", tmp_path) is None
    assert own_file("https://github.com/me/repo/blob/main/../../etc/passwd", tmp_path) is None


def test_two_papers_that_share_one_notes_file_are_two_papers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers, _out = imported(
        tmp_path,
        "- First Shared [[note]](shared.md)\n- Second Shared [[note]](shared.md)\n",
        capsys,
        files={"shared.md": "Both papers.\n"},
    )
    assert sorted(papers) == ["first-shared", "second-shared"]


# ---------------------------------------------------------------- never wrong in silence


def test_an_entry_line_never_changes_a_tags_description() -> None:
    readme = parse_readme(textwrap.dedent("""\
        * [Gml] General ML
        * [Loc] Localization

        ## Papers
        * [Gml] [First Paper](https://example.org/1)
        * [Gml] Something else entirely
        * [Second Paper](https://example.org/2)
        """), today=TODAY)
    assert readme.tags["gml"] == "General ML"
    assert [e.title for e in readme.entries] == ["First Paper", "Second Paper"]
    assert (6, "skipped: not a paper entry: * [Gml] Something else entirely") in readme.report


def test_a_legend_defined_twice_keeps_its_first_meaning() -> None:
    readme = parse_readme("* [Gml] General ML\n* [Gml] Gaussian mixtures\n", today=TODAY)
    assert readme.tags == {"gml": "General ML"}
    assert (2, "skipped: legend line defines 'Gml' again; it keeps its first meaning, 'General ML'") in readme.report


def test_a_group_comes_only_from_a_group_line() -> None:
    found = entries("""\
        Breadth: Detection
        - Unlinked First Paper, ICCV 2017
        - [Linked Paper](https://example.org/l)
        """)
    assert [(e.title, e.group) for e in found] == [("Unlinked First Paper", "Breadth: Detection"), ("Linked Paper", "Breadth: Detection")]
    (after_item,) = entries("- some remark in a list\n- [Linked Paper](https://example.org/l)\n")
    assert after_item.group is None


def test_dropped_text_is_reported_with_its_line() -> None:
    assert report("- Title [[arXiv](https://arxiv.org/abs/1801.06146)] see also Fast R-CNN\n") == [
        (1, "dropped text of the entry: see also Fast R-CNN")
    ]
    # the venue and year read out of a parenthesis leave a piece of it, which is no remark
    assert report("- [Review](https://example.org/r) (Up to CVPR 2018)\n") == [(1, "dropped text of the entry: (Up to")]


def test_a_venue_named_without_a_year_takes_the_year_of_its_section() -> None:
    found = entries("""\
        ## 2018

        - [Visual Foresight](https://example.org/p), arXiv (4)
        - [Bin Picking](https://example.org/q), CoRL, 2017 (3)
        - [Robots](https://example.org/r), IJRR
        - [Known](https://example.org/u) ICML
        - [A Paper About GAN](https://example.org/s) GAN
        - [Distill Paper](https://example.org/t), Distill
        """)
    assert [(e.title, e.venue, e.year) for e in found] == [
        ("Visual Foresight", "arXiv", 2018), ("Bin Picking", "CoRL", 2017), ("Robots", "IJRR", 2018), ("Known", "ICML", 2018),
        # neither a known venue nor an acronym after a comma: reported, not guessed
        ("A Paper About GAN", None, 2018), ("Distill Paper", None, 2018),
    ]
    assert found[0].rating == 4


def test_a_parenthesis_beside_an_entry_is_its_remark() -> None:
    found = entries("""\
        - [Depth Paper](https://example.org/d) <kbd>AAAI 2018</kbd> (monocular depth estimation, static assumption)
        - [Radar Paper](https://example.org/r) (radar)  (Honda)
        - [Plain Paper](https://example.org/p) (aka PP) (4)
        """)
    assert [(e.title, e.remark) for e in found] == [
        ("Depth Paper", "monocular depth estimation, static assumption"), ("Radar Paper", "radar; Honda"), ("Plain Paper", None),
    ]
    assert (found[0].venue, found[0].year, found[2].short, found[2].rating) == ("AAAI", 2018, "PP", 4)
    assert report("- [Depth Paper](https://example.org/d) (monocular depth)\n") == []


def test_titles_are_duplicates_only_when_urls_do_not_disagree(tmp_path: Path) -> None:
    text = "- [Same Title](https://example.org/a)\n- [Same Title](https://example.org/b)\n- Same Title (2019)\n"
    plan = plan_import(parse_readme(text, today=TODAY), load_existing(tmp_path / "none.yaml", "papers.yaml", TODAY), tmp_path, tmp_path / "notes", "README.md")
    assert [record["id"] for record in plan.records] == ["same-title", "same-title-2"]
    assert plan.duplicates == 1 and plan.records[0]["year"] == 2019


def test_ids_are_short_and_readable(tmp_path: Path) -> None:
    text = (
        "- [ResNet: Deep Residual Learning for Image Recognition](https://example.org/1)\n"
        "- [Momentum Contrast for Unsupervised Visual Representation Learning](https://example.org/2) (aka MoCo)\n"
        "- [Learning Transferable Visual Models From Natural Language Supervision](https://example.org/3)\n"
    )
    plan = plan_import(parse_readme(text, today=TODAY), load_existing(tmp_path / "none.yaml", "papers.yaml", TODAY), tmp_path, tmp_path / "notes", "README.md")
    assert [record["id"] for record in plan.records] == ["resnet", "moco", "learning-transferable-visual-models"]


def test_papers_yaml_is_written_even_when_no_paper_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers, out = imported(tmp_path, "# Nothing here\n\nJust words.\n", capsys)
    assert papers == {}
    assert "wrote" in out and (tmp_path / "kb" / "papers.yaml").is_file()
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_split_linkless_needs_facts_at_the_end() -> None:
    assert split_linkless("A Paper Title, PNAS 2017 (1)") == ("A Paper Title", "PNAS 2017 (1)")
    assert split_linkless("Just some words") is None


def test_copied_notes_keep_their_links_and_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers, out = imported(
        tmp_path,
        """\
        - [Paper One](https://example.org/1) [[notes](notes/one.md)]
        - [Paper Two](https://example.org/2) [[notes](notes/two.md)]
        """,
        capsys,
        files={
            "notes/one.md": "See [the other](two.md#method) and ![a figure](img/fig.png).\n\n[ref]: two.md\n",
            "notes/two.md": "Gone: ![lost](img/lost.png), [a draft](draft.md) and [[Code]]. [Odd]([x](https://example.org/x))\n",
            "notes/img/fig.png": "not really a png",
        },
    )
    notes = tmp_path / "kb" / "notes" / "papers"
    one = (notes / "paper-one.md").read_text(encoding="utf-8")
    assert "[the other](paper-two.md#method)" in one and "![a figure](files/notes/img/fig.png)" in one
    assert "[ref]: paper-two.md" in one
    assert (notes / "files" / "notes" / "img" / "fig.png").read_text(encoding="utf-8") == "not really a png"
    two = (notes / "paper-two.md").read_text(encoding="utf-8")
    assert "Gone: lost, a draft and [\\[Code\\]]. [Odd] ([x](https://example.org/x))" in two
    assert "README.md:2: note two.md: image to 'img/lost.png' is not imported: kept as its text" in out
    assert "README.md:2: note two.md: link to 'draft.md' is not imported: kept as its text" in out
    assert sorted(papers) == ["paper-one", "paper-two"]
    site = build_site(tmp_path / "kb", strict=True)
    assert (site / "papers" / "files" / "notes" / "img" / "fig.png").is_file()


def test_a_pdf_note_becomes_a_notes_link_and_a_bare_doi_a_doi_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers, out = imported(
        tmp_path,
        """\
        - [Pdf Noted](https://example.org/p) [[notes](scans/p%201.pdf)]
        - [Doi Paper](10.1109/ABC.2019.12345)
        - [Missing File](docs/nowhere.pdf)
        """,
        capsys,
        files={"scans/p 1.pdf": "%PDF-1.4 not really"},
    )
    assert papers["pdf-noted"]["links"] == {"notes": "papers/files/scans/p%201.pdf"}
    assert (tmp_path / "kb" / "notes" / "papers" / "files" / "scans" / "p 1.pdf").is_file()
    assert papers["doi-paper"]["url"] == "https://doi.org/10.1109/ABC.2019.12345"
    assert "url" not in papers["missing-file"]
    assert "README.md:3: dropped URL 'docs/nowhere.pdf': no such file beside" in out
    site = build_site(tmp_path / "kb", strict=True)
    assert (site / "papers" / "files" / "scans" / "p 1.pdf").is_file()


def test_a_leading_heading_that_links_the_title_is_dropped_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    imported(
        tmp_path,
        "- [Radar Net](https://example.org/r) [[notes](n.md)]\n",
        capsys,
        files={"n.md": "# - [Radar Net](../gone/radar.pdf)\n\n_May 2019_\n"},
    )
    note = (tmp_path / "kb" / "notes" / "papers" / "radar-net.md").read_text(encoding="utf-8")
    assert note == "---\npaper: radar-net\n---\n\n_May 2019_\n"
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_a_heading_link_above_entries_is_a_section_with_its_own_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers, _out = imported(
        tmp_path,
        """\
        # Reading

        ## Filters
        ### [Post Filters](Post%20Filters.md)
        * Postfilter Paper One [[note]](one.md)
        * Postfilter Paper Two [[note]](two.md)
        ### [Single Paper Heading](https://example.org/single)
        - its key idea
        """,
        capsys,
        files={"Post Filters.md": "An overview.\n", "one.md": "One.\n", "two.md": "Two.\n"},
    )
    assert sorted(papers) == ["postfilter-paper-one", "postfilter-paper-two", "single-paper-heading"]
    assert papers["postfilter-paper-one"]["tags"] == ["filters/post-filters"]
    topic = (tmp_path / "kb" / "notes" / "topics" / "filters-post-filters.md").read_text(encoding="utf-8")
    assert topic == "---\ntags: [filters/post-filters]\n---\n\nAn overview.\n"
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


# Lines that would take minutes through a quadratic scan in the shape readers; they only have to finish.
SHAPE_HOSTILE_SIZE = 100_000
SHAPE_HOSTILE_LINES = {
    "run of symbols": "- " + "⭐ " * (SHAPE_HOSTILE_SIZE // 2) + "[T](https://example.org/t)",
    "run of code badges": "* " + "`a` " * (SHAPE_HOSTILE_SIZE // 4) + "[T](https://example.org/t)",
    "symbol legend-shaped": "- ⭐ " + "a" * SHAPE_HOSTILE_SIZE + "(",
    "run of separators": "- " + "[a](https://example.org/a) || " * (SHAPE_HOSTILE_SIZE // 30),
    "wide table": "| " + " | ".join(["Paper"] * (SHAPE_HOSTILE_SIZE // 8)) + " |\n|---|\n| [T](u) |",
    "long table": "| Paper | Year |\n|---|---|\n" + "| T | 2019 |\n" * (SHAPE_HOSTILE_SIZE // 13),
    "venue words": "- Title, " + "Word " * (SHAPE_HOSTILE_SIZE // 5) + "2019",
    "run of (": "- [T](https://example.org/t) " + "(" * SHAPE_HOSTILE_SIZE,
    "run of [kw": "- [T](https://example.org/t) " + "[kw" * (SHAPE_HOSTILE_SIZE // 3),
    "run of <kbd>": "- [T](https://example.org/t) " + "<kbd>a" * (SHAPE_HOSTILE_SIZE // 6),
    "sub-bullets": "- [T](https://example.org/t)\n" + "  - Ada Lovelace, Alan Turing\n" * (SHAPE_HOSTILE_SIZE // 30),
    # each of these took 1 to 6 s at 10,000 characters before (quadratic: minutes here)
    "spaces under a table row": "| a |\n" + " " * SHAPE_HOSTILE_SIZE + "x",
    "legend-shaped heading of spaces": "## " + " " * SHAPE_HOSTILE_SIZE + "[",
    "venue name of A&": "- Title, " + "A&" * (SHAPE_HOSTILE_SIZE // 2),
    "venue name of A-": "- [T](https://example.org/t) " + "A-" * (SHAPE_HOSTILE_SIZE // 2),
}


@pytest.mark.parametrize("text", list(SHAPE_HOSTILE_LINES.values()), ids=list(SHAPE_HOSTILE_LINES))
def test_long_lines_of_every_shape_are_read_in_linear_time(text: str) -> None:
    parse_readme(text, today=TODAY)


# The patterns as they were before their runs of spaces were made possessive (or their words
# bounded): the new ones must read short lines the same way.
OLD_SHAPE_PATTERNS = {
    "separator": r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$",
    "symbol line": r"^\s*(?:[-*+]\s+)?(\S{1,4}?)[ \t]*(?:[:=\-–—][ \t]*)?[ \t]([^\[\]()]+)$",
    "year prefix": r"\s*((?:19|20)\d\d)(?:\s*[-–—:]\s*|\s+)(?=\S)",
    "heading": r"^(#{1,6})[ \t]+(.*)$",
    "venue name": r"[A-Z][A-Za-z0-9&+\-]*(?:\s(?:[A-Z][A-Za-z0-9&+\-]*|\([A-Z][A-Za-z]*\)|of|on|for|and)){0,5}",
}


def test_possessive_patterns_read_short_lines_as_before() -> None:
    import random

    from papernotes.importers.shapes import facts, legends, markup, tables, titles

    def legend_line(match: re.Match[str] | None) -> tuple[str, str] | None:
        # what read_legends keeps: a symbol and its description with spaces squeezed
        if not (match and legends.is_symbol(match.group(1)) and legends._LETTER_RE.search(match.group(2))):
            return None
        return match.group(1), " ".join(match.group(2).split())

    def whole(match: re.Match[str] | None) -> tuple[tuple[int, int], tuple[str | None, ...]] | None:
        return (match.span(), match.groups()) if match else None

    old_venue = re.compile(facts._VENUE_YEAR_RE.pattern.replace(facts._NAME, OLD_SHAPE_PATTERNS["venue name"]))
    cases = [
        (OLD_SHAPE_PATTERNS["separator"], tables._SEPARATOR_RE, " \t|:-a", whole),
        (OLD_SHAPE_PATTERNS["symbol line"], legends._SYMBOL_LINE_RE, " \t-*+⭐:=—ab[]()#", legend_line),
        (OLD_SHAPE_PATTERNS["year prefix"], titles._YEAR_PREFIX_RE, [" ", "\t", "2020", "19", "-", ":", "a", "—"], whole),
        (OLD_SHAPE_PATTERNS["heading"], markup._HEADING_RE, "# \ta\n", whole),
    ]
    chooser = random.Random(7)
    for old, new, alphabet, seen in cases:
        pattern = re.compile(old)
        for _ in range(20_000):
            line = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 12)))
            assert seen(pattern.match(line)) == seen(new.match(line)), (old, line)
    for _ in range(20_000):
        line = "".join(chooser.choice(["A", "B&", "-", " ", "(", ")", ",", "'", "2020", "19", "of ", "Oral", "a"]) for _ in range(10))
        assert [whole(m) for m in old_venue.finditer(line)] == [whole(m) for m in facts._VENUE_YEAR_RE.finditer(line)], line


def test_a_link_in_a_remark_is_reported_and_never_the_papers_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers, out = imported(
        tmp_path,
        """\
        * [First Noted](a.md) (thanks, [a friend](https://example.org/friend))
        * [Second Noted](b.md) (thanks, [a friend](https://example.org/friend))
        * [Third Paper](https://example.org/3) ([related paper notes](c.md))
        """,
        capsys,
        files={"a.md": "A.\n", "b.md": "B.\n", "c.md": "C.\n"},
    )
    assert sorted(papers) == ["first-noted", "second-noted", "third-paper"]
    assert "C." in (tmp_path / "kb" / "notes" / "papers" / "third-paper.md").read_text(encoding="utf-8")
    del papers["third-paper"]
    assert all("url" not in paper and "links" not in paper for paper in papers.values())
    assert "README.md:1: dropped link of the entry: a friend (https://example.org/friend)" in out
    assert papers["first-noted"]["remark"] == "thanks, a friend"  # the link's text stays in the remark


def test_an_import_copies_no_active_file_and_renames_names_that_are_not_plain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    papers, out = imported(tmp_path, HOSTILE_README, capsys, files=HOSTILE_FILES)
    active = "an HTML or XML file can hold script, which a browser runs from the site's own address"
    drawing = "an SVG file can hold script, which a browser runs from the site's own address; link a PNG of it instead"
    assert f"README.md:1: dropped URL 'page.html': not copied: {active}" in out
    assert f"README.md:2: dropped project link 'old/page.htm': not copied: {active}" in out
    assert f"README.md:3: dropped URL 'figure.svg': not copied: {drawing}" in out
    assert "url" not in papers["html-paper"] and "url" not in papers["svg-paper"]
    assert "links" not in papers["htm-paper"]
    # the .mkd note is the paper's note, copied under the paper's id
    note = (tmp_path / "kb" / "notes" / "papers" / "mkd-paper.md").read_text(encoding="utf-8")
    assert "![fig](files/img%20src-x%20onerror-alert%284%29.png)" in note
    assert "![d](draw.svg)" not in note and "[page](page.html)" not in note
    assert f"README.md:4: note <img src=x onerror=alert(1)>.mkd: image to 'draw.svg' is not imported: {drawing}; kept as its text" in out
    assert f"README.md:4: note <img src=x onerror=alert(1)>.mkd: link to 'page.html' is not imported: {active}; kept as its text" in out
    assert ("README.md:4: renamed '<img src=x onerror=alert(4)>.png' to 'img src-x onerror-alert(4).png' in the copy: "
            "not a plain, portable file name (it holds '<=>')") in out
    # two names that become one: the second is numbered
    assert papers["scan-paper"]["links"] == {"notes": "papers/files/b.pdf", "slides": "papers/files/b-2.pdf"}
    assert "README.md:5: renamed '\"><b>.pdf' to 'b.pdf' in the copy: not a plain, portable file name (it holds '\"><')" in out
    assert "README.md:5: renamed '<b>.pdf' to 'b-2.pdf' in the copy: not a plain, portable file name (it holds '<>')" in out
    copied = sorted(path.relative_to(tmp_path / "kb").as_posix() for path in (tmp_path / "kb").rglob("*") if path.is_file())
    assert copied == [
        ".github/workflows/publish.yml", ".gitignore", "mkdocs.yml", "note.schema.json", "notes/index.md", "notes/papers/files/b-2.pdf", "notes/papers/files/b.pdf",
        "notes/papers/files/img src-x onerror-alert(4).png", "notes/papers/mkd-paper.md", "papers.schema.json", "papers.yaml",
    ]
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0
    site = build_site(tmp_path / "kb", strict=True)
    found = [what for path in sorted(site.rglob("*.html")) for what in markup_from_data(path.relative_to(site), parse(path))]
    assert not found, "\n".join(found[:20])
    assert not [path for path in site.rglob("*") if path.suffix.lower() in (".svg", ".htm") or "<" in path.name]
