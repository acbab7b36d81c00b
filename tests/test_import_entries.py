"""An entry read the way a person reads it: a title and the decorations around it, on small READMEs written here."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import build_site
from papernotes import cli
from papernotes.importers.imported import ImportedEntry
from papernotes.importers.readme import import_command, parse_readme
from papernotes.importers.shapes.authors import read_authors
from papernotes.importers.shapes.topics import is_notes_text, is_paper_url
from papernotes.starter import starter_files

TODAY = dt.date(2026, 1, 1)


def entries(text: str) -> list[ImportedEntry]:
    return parse_readme(textwrap.dedent(text), today=TODAY).entries


# ---------------------------------------------------------------- authors lines


def test_an_authors_line_in_each_way_it_is_written() -> None:
    assert read_authors("Ada Lovelace, Charles Babbage and Mary Somerville") == [
        "Ada Lovelace", "Charles Babbage", "Mary Somerville"
    ]
    assert read_authors("Ada Lovelace & Charles Babbage") == ["Ada Lovelace", "Charles Babbage"]
    assert read_authors("Lovelace, Ada and Babbage, Charles") == ["Ada Lovelace", "Charles Babbage"]
    assert read_authors("Ada Lovelace1, Charles Babbage2*, et al.") == ["Ada Lovelace", "Charles Babbage"]
    assert read_authors("Jan van den Berg, grace Hopper") == ["Jan van den Berg", "grace Hopper"]


def test_text_that_is_not_an_authors_line() -> None:
    assert read_authors("uses a new loss, then trains it twice") is None
    assert read_authors("Trained on 8 GPUs, ResNet 50") is None
    assert read_authors("") is None


# ---------------------------------------------------------------- decorations of the title


def test_a_heading_mark_inside_a_list_item_and_an_authors_sub_bullet() -> None:
    (first, second) = entries("""\
        - #### Folding Paper Cranes with Robots [[Paper](https://arxiv.org/abs/2301.00001)][[Review](./reviews/cranes.md)]
          - Ada Lovelace, Charles Babbage, **ICRA 2023**

        - #### Counting Sheep at Night [[Paper](https://example.org/sheep.pdf)]

          - Grace Hopper & Jan van den Berg, **Sleep Journal 2021**
        """)
    assert (first.title, first.url, first.note_link) == (
        "Folding Paper Cranes with Robots", "https://arxiv.org/abs/2301.00001", "./reviews/cranes.md"
    )
    assert (first.authors, first.venue, first.year) == (["Ada Lovelace", "Charles Babbage"], "ICRA", 2023)
    assert (second.title, second.authors, second.year) == (
        "Counting Sheep at Night", ["Grace Hopper", "Jan van den Berg"], 2021
    )
    assert second.venue is not None and second.venue.startswith("Sleep")


def test_a_year_in_parentheses_before_the_label_links_is_the_year_not_the_title() -> None:
    (first, second) = entries("""\
        - Folding Paper Cranes (2020): [[Paper]](https://arxiv.org/abs/1901.00001) [[Notes]](notes/cranes.pdf)
        - Counting Sheep (2019) [[Paper]](https://example.org/sheep)
        """)
    assert (first.title, first.year) == ("Folding Paper Cranes", 2020)
    assert (second.title, second.year) == ("Counting Sheep", 2019)


# ---------------------------------------------------------------- tables


def test_a_table_whose_headers_are_chinese_or_bilingual() -> None:
    (first, second) = entries("""\
        | 论文标题 (Title) | 年份 | 会议 | 简介 |
        |---|---|---|---|
        | [Folding Paper Cranes](https://example.org/cranes) | 2021 | ICRA | 折纸机器人 |
        | Counting Sheep at Night | 2019 | NeurIPS | 数羊 |
        """)
    assert (first.title, first.url, first.year, first.venue, first.remark) == (
        "Folding Paper Cranes", "https://example.org/cranes", 2021, "ICRA", "折纸机器人"
    )
    assert (second.title, second.year, second.venue) == ("Counting Sheep at Night", 2019, "NeurIPS")


def test_a_table_read_by_what_its_columns_hold() -> None:
    (first, second) = entries("""\
        | 已看 | 发布 | 叫法 | 引用 |
        | -- | -- | -- | -- |
        | ✅ | 2015 | [CraneNet](https://example.org/cranenet.pdf) | ![c](https://img.example.org/c.svg) |
        |    | 2017 | [SheepFormer](https://example.org/sheep.pdf) | ![c](https://img.example.org/s.svg) |
        """)
    assert (first.title, first.url, first.year, first.status) == (
        "CraneNet", "https://example.org/cranenet.pdf", 2015, "read"
    )
    assert (second.title, second.year) == ("SheepFormer", 2017)


def test_a_table_of_recordings_is_not_a_list_of_papers() -> None:
    reading = parse_readme(textwrap.dedent("""\
        | 日期 | 标题 | 时长 |
        |---|---|---|
        | 3/02/24 | 折纸论文精读 · 1 | 12:40 |
        | 3/09/24 | 折纸论文精读 · 2 | 1:02:11 |

        - [Folding Paper Cranes](https://example.org/cranes)
        """), today=TODAY)
    assert [entry.title for entry in reading.entries] == ["Folding Paper Cranes"]
    assert any("table of recordings" in message for _line, message in reading.report)


def test_a_footnote_is_not_an_entry() -> None:
    reading = parse_readme(textwrap.dedent("""\
        - [Folding Paper Cranes](https://example.org/cranes)

        [^1]: see also [a survey of folding](https://example.org/survey)
        """), today=TODAY)
    assert [entry.title for entry in reading.entries] == ["Folding Paper Cranes"]
    assert (3, "skipped: a footnote, not a paper entry: [^1]: see also [a survey of folding](https://example.org/survey)") in reading.report


# ---------------------------------------------------------------- several entries on a line


def test_names_separated_by_double_bars_after_a_reading_period() -> None:
    reading = parse_readme(textwrap.dedent("""\
        * 2019.01-2019.06: || [CraneNet](https://example.org/crane) || [SheepFormer](https://example.org/sheep) ||
        """), today=TODAY)
    assert [(entry.title, entry.url) for entry in reading.entries] == [
        ("CraneNet", "https://example.org/crane"), ("SheepFormer", "https://example.org/sheep")
    ]
    assert (1, "dropped text before the entries: 2019.01-2019.06:") in reading.report


def test_a_link_to_the_blog_built_from_the_repositorys_posts_is_the_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    (source / "_posts" / "vision").mkdir(parents=True)
    (source / "_posts" / "vision" / "2014-01-01-CraneNet.markdown").write_text(
        "---\ntitle: CraneNet\ndate: 2019-03-04 10:00:00\n---\n\nFolds cranes.\n", encoding="utf-8"
    )
    (source / "_posts" / "vision" / "2014-01-01-CraneNet-v2.md").write_text("Folds more cranes.\n", encoding="utf-8")
    (source / "README.md").write_text(
        "* || [CraneNet](https://me.github.io/notes/vision/2019/03/04/CraneNet.html)"
        " || [CraneNet+](https://me.github.io/notes/vision/2019/05/06/CraneNet-v2.html)"
        " || [Gone](https://me.github.io/notes/vision/2019/05/07/Gone.html) ||\n",
        encoding="utf-8",
    )
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    out = capsys.readouterr().out
    assert "README.md:1: notes file '_posts/vision/2014-01-01-CraneNet.markdown': its date '2019-03-04 10:00:00' is kept" in out
    papers = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    assert [(paper["title"], paper.get("url")) for paper in papers] == [
        ("CraneNet", None), ("CraneNet+", None), ("Gone", "https://me.github.io/notes/vision/2019/05/07/Gone.html")
    ]
    notes = tmp_path / "kb" / "notes" / "papers"
    assert (notes / f"{papers[0]['id']}.md").read_text(encoding="utf-8") == (
        f"---\npaper: {papers[0]['id']}\ntitle: CraneNet\ndate: 2019-03-04\n---\n\nFolds cranes.\n"
    )
    assert cli.main(["check", str(tmp_path / "kb")]) == 0
    assert "Folds more cranes." in (notes / f"{papers[1]['id']}.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- a notes index in prose (the shape of seed 004)

PROSE_INDEX = """\
    # reading notes
    Notes on what I read.

    ## training

    *Folding Paper Cranes at Scale* by a robotics lab

    CraneNet *Cranes All the Way Down* 以及代码 *craneflow: Folding in Parallel*

    *SheepCounting* 2019_NeurIPS

    混合精度 *mixed precision folding*. Uses `fold_half` and _not_ much else.

    ## vision

    move to [Vision notes](./vision.md)

    ## sheep

    go to [Sheep](./sheep.md)
    """


def test_italic_titles_in_prose_are_papers_with_their_short_name_year_venue_and_remark() -> None:
    found = entries(PROSE_INDEX)
    assert [(entry.title, entry.short, entry.year, entry.venue, entry.remark) for entry in found] == [
        ("Folding Paper Cranes at Scale", None, None, None, "by a robotics lab"),
        ("Cranes All the Way Down", "CraneNet", None, None, "以及代码"),
        ("craneflow: Folding in Parallel", None, None, None, None),
        ("SheepCounting", None, 2019, "NeurIPS", None),
        ("mixed precision folding", None, None, None, "Uses `fold_half` and _not_ much else"),
    ]
    assert {entry.line for entry in found} == {6, 8, 10, 12}


def test_a_link_sending_a_section_to_a_file_makes_its_topic_note_or_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "vision.md").write_text("# Vision\n\nWhat I read on vision.\n", encoding="utf-8")
    (source / "README.md").write_text(textwrap.dedent(PROSE_INDEX), encoding="utf-8")
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    out = capsys.readouterr().out
    assert "What I read on vision." in (tmp_path / "kb" / "notes" / "topics" / "vision.md").read_text(encoding="utf-8")
    assert "README.md:20: notes file './sheep.md' does not exist beside" in out
    papers = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    assert len(papers) == 5


# Lines that would take minutes through a quadratic scan in these readers; they only have to finish.
HOSTILE_SIZE = 100_000
HOSTILE_LINES = {
    "run of *": "*" + " *" * (HOSTILE_SIZE // 2),
    "run of _": "_a" * (HOSTILE_SIZE // 2),
    "unclosed italics": "*a " * (HOSTILE_SIZE // 3),
    "many italic titles": "*A b* " * (HOSTILE_SIZE // 6),
    "spaces in an authors line": "- [T](https://example.org/t)\n  - Ada" + " " * HOSTILE_SIZE + "x",
    "long authors line": "- [T](https://example.org/t)\n  - " + "Ada Lovelace, " * (HOSTILE_SIZE // 14),
    "wide table of unknown columns": "| " + " | ".join(["叫法"] * (HOSTILE_SIZE // 8)) + " |\n|---|\n| [T](u) |",
    "lead and separators": "* " + "2019: " * (HOSTILE_SIZE // 6) + "|| [a](https://example.org/a) ||",
    "quotes in a title": "- [" + '"a ' * (HOSTILE_SIZE // 3) + "](https://example.org/t)",
    "dotted title": "- [" + ". A 2018" * (HOSTILE_SIZE // 8) + "](https://example.org/t)",
    "spaces after a dash": "- [T](https://example.org/t) -" + " " * HOSTILE_SIZE + "x",
    "spaces after a day": "- [x] 20250218" + " " * HOSTILE_SIZE + "-",
}


@pytest.mark.parametrize("text", list(HOSTILE_LINES.values()), ids=list(HOSTILE_LINES))
def test_long_lines_of_these_shapes_are_read_in_linear_time(text: str) -> None:
    parse_readme(text, today=TODAY)


def test_a_line_in_italics_under_a_linked_entry_is_its_summary() -> None:
    (entry,) = entries("""\
        Folding Paper Cranes
        https://example.org/cranes

        *Robots fold cranes, and an order of magnitude faster than people do*
        """)
    assert (entry.title, entry.abstract) == (
        "Folding Paper Cranes", "Robots fold cranes, and an order of magnitude faster than people do"
    )


# ---------------------------------------------------------------- status marks


def test_a_status_mark_as_an_emoji_glued_to_the_link_or_as_a_shortcode() -> None:
    found = entries("""\
        ## Legend

        - ❓ waiting to be read

        ## Papers

        ❓[Folding Paper Cranes](https://example.org/cranes)

        :question: [Counting Sheep at Night]()

        :star: [Sheep, Revisited](https://example.org/sheep)
        """)
    assert [(entry.title, entry.url, entry.tags) for entry in found] == [
        ("Folding Paper Cranes", "https://example.org/cranes", ["papers", "waiting-to-be-read"]),
        ("Counting Sheep at Night", None, ["papers", "waiting-to-be-read"]),
        ("Sheep, Revisited", "https://example.org/sheep", ["papers"]),
    ]


def test_a_github_link_to_an_own_note_whose_name_holds_url_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    (source / "folds").mkdir(parents=True)
    (source / "folds" / "Cranes++: Why Fold?.md").write_text("Because.\n", encoding="utf-8")
    (source / "README.md").write_text(
        "[Cranes++: Why Fold?](https://github.com/me/notes/blob/main/folds/Cranes%2B%2B%3A%20Why%20Fold%3F.md)\n",
        encoding="utf-8",
    )
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    capsys.readouterr()
    (paper,) = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    assert paper["title"] == "Cranes++: Why Fold?" and "url" not in paper
    assert (tmp_path / "kb" / "notes" / "papers" / f"{paper['id']}.md").read_text(encoding="utf-8").endswith("Because.\n")


def test_a_venue_named_with_the_in_it() -> None:
    (entry,) = entries("- [Active Folding](https://example.org/folding), Proceedings of the IEEE 1988 (2)\n")
    assert (entry.title, entry.venue, entry.year, entry.rating) == ("Active Folding", "Proceedings of the IEEE", 1988, 2)


# ---------------------------------------------------------------- a notes text (the shape of seed 002)

CHEATSHEET = """\
<p align="center"><img src="img/banner.png" /></p>

My notes on folding, kept as a cheatsheet.

## Folds
> [overview](https://example.org/folding-explained)
- **Valley fold**: the paper bends towards you. [paper](https://arxiv.org/abs/2001.00001)
- **Mountain fold**: the other way. Read this [paper](https://arxiv.org/pdf/2001.00002.pdf) (2020)
- [Paper: Squash Folds Revisited](https://openreview.net/forum?id=abc123)
- A blog on creases: [creases](https://example.org/creases)
- Crimp fold: two folds at once
- Reverse fold: inside or outside
- Petal fold: a flap lifted
- Rabbit ear: three creases
- Swivel fold: around a point
- Sink fold: pushed in

## Tools

|            | What it does          | Paper |
|------------|-----------------------|-------|
| **Bone**   | Sharpens each crease  | [2019](https://arxiv.org/abs/1901.00003) |
| **Mat**    | Keeps the desk safe   |       |

{prose}
See the valley fold again: [that paper](https://arxiv.org/abs/2001.00001).
""".format(prose="\n".join(f"Text about tools, line {number}." for number in range(1, 31)))


def test_a_notes_text_becomes_topic_notes_that_reference_the_papers_they_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "README.md").write_text(CHEATSHEET, encoding="utf-8")
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    out = capsys.readouterr().out
    assert "README.md:1: read as notes, not a list of papers" in out
    papers = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    assert [(paper["id"], paper["title"], paper.get("year"), paper["tags"]) for paper in papers] == [
        ("valley-fold", "Valley fold", 2020, ["folds", "tools"]),
        ("mountain-fold", "Mountain fold", 2020, ["folds"]),
        ("squash-folds-revisited", "Squash Folds Revisited", None, ["folds"]),
        ("bone", "Bone", 2019, ["tools"]),
    ]
    folds = (tmp_path / "kb" / "notes" / "topics" / "folds.md").read_text(encoding="utf-8")
    assert folds.startswith("---\ntags: [folds]\n---\n\n## Folds\n> [overview](https://example.org/folding-explained)\n")
    assert "- **Valley fold**: the paper bends towards you. [[valley-fold|paper]]\n" in folds
    assert "Read this [[mountain-fold|paper]] (2020)" in folds
    assert "- [[squash-folds-revisited|Paper: Squash Folds Revisited]]\n" in folds
    assert "- A blog on creases: [creases](https://example.org/creases)\n- Crimp fold: two folds at once\n" in folds
    tools = (tmp_path / "kb" / "notes" / "topics" / "tools.md").read_text(encoding="utf-8")
    assert "| **Bone**   | Sharpens each crease  | [[bone|2019]] |" in tools
    assert "See the valley fold again: [[valley-fold|that paper]]." in tools
    overview = (tmp_path / "kb" / "notes" / "topics" / "overview.md").read_text(encoding="utf-8")
    assert "My notes on folding, kept as a cheatsheet." in overview
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_which_links_are_papers_and_which_readmes_are_notes() -> None:
    assert is_paper_url("https://arxiv.org/abs/2001.00001") and is_paper_url("https://www.biorxiv.org/content/1.full")
    assert is_paper_url("https://example.org/folds.PDF")
    assert not is_paper_url("https://example.org/blog/folds") and not is_paper_url("ftp://arxiv.org/x.pdf")
    assert is_notes_text(entries=10, unread=40) and not is_notes_text(entries=10, unread=15)
    assert not is_notes_text(entries=3, unread=12)  # a short README's preamble is no notes text


def test_a_section_that_is_not_a_paper_list_is_kept_as_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "README.md").write_text(textwrap.dedent("""\
        # Folding

        ## Contents
        - [Papers](#papers)

        ## Papers
        - [Folding Paper Cranes](https://example.org/cranes)

        ## Talks and Courses
        ---
        - A talk on cranes: [video](https://example.org/talk)
        - My slides: [slides](slides/cranes.md)
        """), encoding="utf-8")
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    out = capsys.readouterr().out
    assert "README.md:3: skipped section 'Contents' (lines 3-4, 1 non-blank lines): not a paper list" in out
    assert "README.md:9: section 'Talks and Courses' (lines 9-12, 3 non-blank lines) is not a paper list: kept as the note" in out
    assert "note README.md: link to 'slides/cranes.md' is not imported: kept as its text" in out
    note = (tmp_path / "kb" / "notes" / "topics" / "talks-and-courses.md").read_text(encoding="utf-8")
    assert note == (
        "## Talks and Courses\n---\n- A talk on cranes: [video](https://example.org/talk)\n- My slides: slides\n"
    )
    assert not (tmp_path / "kb" / "notes" / "topics" / "contents.md").exists()
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


# ---------------------------------------------------------------- ids


def test_ids_spell_greek_letters_and_are_never_a_bare_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "README.md").write_text(
        "- [π₀: A Folding Flow Model](https://example.org/pi0)\n- [Ω-Net](https://example.org/omega)\n"
        "- [2012](https://example.org/2012)\n- [我的论文](https://example.org/cjk)\n",
        encoding="utf-8",
    )
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    capsys.readouterr()
    papers = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    ids = [paper["id"] for paper in papers]
    assert ids[:3] == ["pi0", "omega-net", "paper-2012"]
    assert ids[3].startswith("paper-") and len(ids[3]) == len("paper-") + 8
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


# ---------------------------------------------------------------- links that are never papers


def test_links_into_the_readme_and_the_furniture_of_its_page_are_never_papers() -> None:
    reading = parse_readme(textwrap.dedent("""\
        # Folding

        [![Stars](https://img.shields.io/github/stars/me/folds)](https://github.com/me/folds/stargazers)

        - [Overview](./#overview)
        - [Papers](README.md#papers)

        ## Papers
        - [Folding Paper Cranes](https://example.org/cranes)

        ## Elsewhere
        [Subscribe to the newsletter](https://folds.substack.com/subscribe)
        [Join our Discord](https://discord.gg/folds)
        [Licence](LICENSE.md)
        """), today=TODAY)
    assert [entry.title for entry in reading.entries] == ["Folding Paper Cranes"]
    messages = dict(reading.report)
    assert messages[3].startswith("skipped: a page of the repository, not a paper: ")
    assert messages[5] == "skipped: link to a section of the README: - [Overview](./#overview)"
    assert messages[6] == "skipped: link to a section of the README: - [Papers](README.md#papers)"
    assert messages[12].startswith("skipped: a social, newsletter or badge link, not a paper: ")
    assert messages[13].startswith("skipped: a social, newsletter or badge link, not a paper: ")
    assert messages[14] == "skipped: a file of the repository, not a paper: [Licence](LICENSE.md)"


# ---------------------------------------------------------------- one starter


def test_an_import_into_a_new_folder_writes_what_init_writes_named_after_the_readme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "README.md").write_text("# Folding <b>& more</b>\n\n- [Folding Paper Cranes](https://example.org/cranes)\n")
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    capsys.readouterr()
    kb = tmp_path / "kb"
    starter = starter_files()
    for relative in ("papers.schema.json", "note.schema.json", ".gitignore", ".github/workflows/publish.yml"):
        assert (kb / relative).read_text(encoding="utf-8") == starter[relative], relative
    config = (kb / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.startswith('site_name: "Folding & more"\n')  # the heading's text, without its markup
    assert config.replace('site_name: "Folding & more"\n', "site_name: Paper notes\n", 1) == starter["mkdocs.yml"]
    home = (kb / "notes" / "index.md").read_text(encoding="utf-8")
    assert home.startswith("---\ntitle: Home\n---\n\n# Folding &amp; more\n")
    assert home.endswith("<!-- papernotes:summary -->\n")
    assert (kb / "papers.yaml").read_text(encoding="utf-8").splitlines()[1] == "# yaml-language-server: $schema=./papers.schema.json"
    assert not (kb / "notes" / "papers" / "resnet.md").exists()
    assert cli.main(["check", str(kb), "--strict"]) == 0
    site = build_site(kb, strict=True)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="folding--more">Folding &amp; more<' in html


# ---------------------------------------------------------------- order


def test_papers_of_one_week_keep_the_order_of_the_readme_on_the_reading_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "README.md").write_text(textwrap.dedent("""\
        # Folding log

        ## Wk1 - 2025.03.03
        - [Zigzag Folds](https://example.org/zigzag)
        - [Accordion Folds](https://example.org/accordion)
        - [Mountain Folds](https://example.org/mountain)
        """), encoding="utf-8")
    assert import_command(source / "README.md", tmp_path / "kb", dry_run=False) == 0
    capsys.readouterr()
    site = build_site(tmp_path / "kb", strict=True)
    html = (site / "weeks" / "index.html").read_text(encoding="utf-8")
    places = [html.index(title) for title in ("Zigzag Folds", "Accordion Folds", "Mountain Folds")]
    assert places == sorted(places)


def test_a_checkbox_day_log_gives_read_dates_venues_and_years() -> None:
    reading = parse_readme(textwrap.dedent("""\
        # Folding log

        - [x] 20250218 [2019 ICRA] Counting Sheep at Night
        - [ ] 20250219 [CVPR 2020] Folding Paper Cranes [[paper](https://example.org/cranes)]
        - [x] 2025-02-20 Squash Folds Explained
        - [x] 20251399 Not A Day Folds
        """), today=TODAY)
    assert [(e.title, e.venue, e.year, e.read, e.status, e.url) for e in reading.entries] == [
        ("Counting Sheep at Night", "ICRA", 2019, dt.date(2025, 2, 18), "read", None),
        ("Folding Paper Cranes", "CVPR", 2020, None, "to-read", "https://example.org/cranes"),
        ("Squash Folds Explained", None, None, dt.date(2025, 2, 20), "read", None),
        ("20251399 Not A Day Folds", None, None, None, "read", None),
    ]
    assert (4, "marked to read: the heading's date 2025-02-19 is left out") in reading.report


def test_a_citation_as_the_link_text_gives_title_authors_venue_and_year() -> None:
    (entry,) = entries("""\
        - [Lovelace, Ada, Charles Babbage, and Mary Somerville. "Folding paper cranes with robots." arXiv preprint arXiv:2301.00001 (2023).](https://arxiv.org/abs/2301.00001)
        """)
    assert (entry.title, entry.authors, entry.venue, entry.year) == (
        "Folding paper cranes with robots", ["Ada Lovelace", "Charles Babbage", "Mary Somerville"], "arXiv", 2023
    )


def test_a_venue_tail_and_a_summary_after_a_dash_are_not_the_title() -> None:
    (first, second, third) = entries("""\
        - [Graph Folding Networks. ICLR 2018.](https://example.org/gfn)
        2) [Counting Sheep Transformer](https://example.org/sheep) - proposes a way to count sheep at night
        - [Squash Folds: "the" way](https://example.org/squash)
        """)
    assert (first.title, first.venue, first.year) == ("Graph Folding Networks", "ICLR", 2018)
    assert (second.title, second.remark) == ("Counting Sheep Transformer", "proposes a way to count sheep at night")
    assert (third.title, third.authors) == ('Squash Folds: "the" way', [])
