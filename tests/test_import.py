"""`papernotes import`: READMEs in, papers.yaml and notes out, nothing of the user's lost."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import build_site
from papernotes import cli
from papernotes.importers import writing
from papernotes.importers.existing import load_existing
from papernotes.importers.ids_and_links import unique_id
from papernotes.importers.imported import ImportAbort, ImportedEntry
from papernotes.importers.local_files import note_with_front_matter, without_title_heading
from papernotes.importers.matching import normalise_title, normalise_url
from papernotes.importers.papers_text import append_to_papers_text
from papernotes.importers.plan import plan_import
from papernotes.importers.readme import heading_date, import_command, parse_readme, parse_title, parse_venue_badge
from papernotes.knowledge.cite import default_cite_key
from papernotes.knowledge.model import Paper
from papernotes.knowledge.validation import load_knowledge_base

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SAMPLES = Path(__file__).resolve().parent / "import_samples"
TODAY = dt.date(2026, 1, 1)


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS} (the seeds live outside the repository)")
    return found[0]


def run_import(readme: Path, into: Path, capsys: pytest.CaptureFixture[str], dry_run: bool = False) -> str:
    code = import_command(readme, into, dry_run=dry_run)
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def papers_of(root: Path) -> dict[str, dict]:
    data = yaml.safe_load((root / "papers.yaml").read_text(encoding="utf-8"))
    return {record["id"]: record for record in data["papers"]}


def assert_clean(root: Path) -> None:
    """`papernotes check` finds nothing, and `mkdocs build --strict` succeeds."""
    kb = load_knowledge_base(root / "papers.yaml", root / "notes", root)
    assert [p.format() for p in kb.problems] == []
    assert cli.main(["check", str(root), "--strict"]) == 0
    site = build_site(root, strict=True)
    assert (site / "index.html").is_file()


def write_readme(folder: Path, text: str, name: str = "README.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the two seeds


def test_seed_weekly_log_every_entry_becomes_a_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = seed("001")
    lines = readme.read_text(encoding="utf-8").splitlines()
    # Counted independently: the bullets with a link in Part II ("# II. Paper Notes"); Part I
    # lists resources (courses, talks, sites), not papers.
    part_two = lines.index("# II. Paper Notes")
    entries = [line for line in lines[part_two:] if re.match(r"^\* \[.+\]\(https?://", line)]
    urls = {re.search(r"\]\((https?://[^)]+)\)", line).group(1) for line in entries}  # type: ignore[union-attr]
    assert len(entries) == 24 and len(urls) == 23  # the segmentation survey is listed in two weeks

    out = run_import(readme, tmp_path / "kb", capsys)
    papers = papers_of(tmp_path / "kb")
    assert len(papers) == len(urls)
    assert "imported 23 papers, copied 1 note, skipped 1 duplicate," in out
    assert re.search(r":106: duplicate of the entry on line 98 \(same URL\)", out)
    assert re.search(r":32: section 'I\. Resources' \(lines 32-80, \d+ non-blank lines\) is not a paper list: kept as the note topics/i-resources\.md", out)
    assert "2002_stat_modeling_2cultures.md' does not exist beside" in out

    unet = papers["u-net"]
    assert (unet["venue"], unet["year"], unet["read"], unet["status"]) == ("MICCAI", 2015, dt.date(2020, 7, 6), "read")
    assert unet["group"] == "Breadth: Segmentation"
    assert unet["links"]["notes"].startswith("https://docs.google.com/")
    distributed = papers["large-scale-distributed-deep"]
    assert (distributed["venue"], distributed["year"], distributed["read"]) == ("NeurIPS", 2012, dt.date(2020, 6, 29))
    debt = papers["hidden-technical-debt-machine"]
    assert (debt["venue"], debt["status"], debt.get("read")) == ("NeurIPS", "to-read", None)
    dla = papers["dla"]  # "[[Notes]()]": read, without notes
    assert (dla["status"], dla["read"], dla["short"], "links" in dla) == ("read", dt.date(2020, 6, 15), "DLA", False)
    rotnet = papers["rotnet"]  # "[2018 RotNet: ...]": a year prefix and a short name
    assert (rotnet["year"], rotnet["venue"], rotnet["group"]) == (2018, "ICLR", "Depth: Recent Self-Supervised Techniques")

    data = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))
    assert data["venues"]["NeurIPS"]["aliases"] == ["NIPS"]
    assert data["tags"]["net"].startswith("Networks (FeatEx Backbones")
    starter = (tmp_path / "kb" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "week_start: 2020-06-15" in starter
    # the starter of `papernotes init`: dark mode, tabs, Chinese search, the Cite block's copy button
    assert all(line in starter for line in ("docs_dir: notes", "scheme: slate", "navigation.tabs", "lang: [en, zh]", "content.code.copy"))
    assert_clean(tmp_path / "kb")
    week = (tmp_path / "kb" / "site" / "weeks").rglob("index.html")
    assert any("U-Net" in page.read_text(encoding="utf-8") for page in week)


def test_seed_categorised_list_every_entry_becomes_a_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = seed("003")
    lines = readme.read_text(encoding="utf-8").splitlines()
    # Counted independently: (1) lines that start with a link to a URL (optionally a "- " list
    # item), leaving out link lines that label the entry above ("[Implementation](...)",
    # "[2018 Interactive tool](...)", "[[github]](...)"); (2) a plain title line followed by a
    # line holding only a URL.
    labels = {"Implementation", "2018 Interactive tool"}
    linked = [
        number for number, line in enumerate(lines, 1)
        if (m := re.match(r"^(?:- )?\[(?!\[)(.+?)\]\(\w+://", line)) and m.group(1) not in labels
    ]
    paired = [
        number for number, line in enumerate(lines[:-1], 1)
        if line.strip() and not re.match(r"^[\[<>!#*-]|^\s*<", line) and not re.match(r"^\w+://", line)
        and re.match(r"^https?://\S+\s*$", lines[number])
    ]
    assert len(linked) == 217 and len(paired) == 14

    out = run_import(readme, tmp_path / "kb", capsys)
    papers = papers_of(tmp_path / "kb")
    summary = re.search(r"imported (\d+) papers, copied 0 notes, skipped (\d+) duplicates?", out)
    assert summary is not None
    assert int(summary.group(1)) == len(papers) == 221
    assert len(papers) + int(summary.group(2)) == len(linked) + len(paired)

    resnet = papers["resnet"]
    assert (resnet["short"], resnet["year"], resnet["status"], resnet["tags"]) == ("ResNet", 2015, "read", ["neural-networks/models"])
    assert resnet["abstract"].startswith("Deeper neural networks are more difficult to train.")
    assert resnet["image"] == "https://miro.medium.com/max/3048/1*6hF97Upuqg_LdsqWY6n_wg.png"
    cubenet = papers["cubenet"]  # to-check badge, code and video links after the title
    assert cubenet["status"] == "to-read"
    assert cubenet["links"] == {"code": "https://github.com/deworrall92/cubenet", "video": "https://www.youtube.com/watch?v=TlzRyHbWeP0&feature=youtu.be"}
    assert papers["pspnet"]["tags"] == ["neural-networks/models/multi-level"]
    assert papers["xception"]["links"]["code"].startswith("https://colab.research.google.com/")
    lottery = papers["lottery-ticket-hypothesis-finding"]
    assert len(lottery["highlights"]) == 2 and lottery["highlights"][1].startswith("The winning tickets we find")
    spatial = papers["spatial-transformer-networks"]  # <b> inside the abstract is stripped
    assert "<b>" not in spatial["abstract"] and "explicitly allows the spatial manipulation" in spatial["abstract"]
    tricks = papers["bag-tricks-image-classification"]
    assert "url" not in tricks and re.search(r":416: dropped URL 'htps://arxiv\.org/abs/1812\.01187v1'", out)
    assert papers["multi-scale-context-aggregation"]["url"] == "https://arxiv.org/abs/1511.07122"
    tune = papers["tune"]  # listed in two sections: one record with both tags
    assert tune["tags"] == ["neural-networks/optimization-and-regularisation", "software"]
    data = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))
    used = {tag for record in papers.values() for tag in record.get("tags", [])}
    assert used <= set(data["tags"]) and data["tags"]["neural-networks/models/multi-level"] == "Multi-level"
    assert_clean(tmp_path / "kb")


# ---------------------------------------------------------------- small READMEs, one shape each


def test_weekly_sample_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = shutil.copytree(SAMPLES / "weekly", tmp_path / "readme")
    original_note = (source / "papers" / "resnet_notes.md").read_bytes()
    out = run_import(source / "README.md", tmp_path / "kb", capsys)
    papers = papers_of(tmp_path / "kb")
    assert len(papers) == 8
    note = (tmp_path / "kb" / "notes" / "papers" / "resnet.md").read_text(encoding="utf-8")
    # the note's own '# ResNet' heading is left out: the paper's page shows the title above the note
    assert note.startswith("---\npaper: resnet\n---\n\nThe identity shortcut") and "152 layers on ImageNet" in note
    assert (source / "papers" / "resnet_notes.md").read_bytes() == original_note  # copied, never moved
    assert "README.md:23: notes file 'papers/missing.md' does not exist beside" in out
    assert "README.md:28: dropped URL 'javascript:alert(1)'" in out
    assert "copied 1 note," in out
    assert papers["resnet"]["read"] == dt.date(2020, 6, 22)  # Wk1 - 2020.06.24: the week's Monday
    assert papers["resnet"]["tags"] == ["net"]
    assert papers["simclr"]["url"] == "https://arxiv.org/pdf/2002.05709v3.pdf"
    assert papers["going-deeper-with-convolutions"]["links"] == {"notes": "https://example.org/notes/inception"}
    assert papers["attention-is-all-you-need"]["status"] == "to-read"  # wish list wins over TBP
    assert "bad-link-paper" in papers and "url" not in papers["bad-link-paper"]
    assert papers["reseaux-de-neurones"]["title"] == "Réseaux de neurones: une étude"
    assert_clean(tmp_path / "kb")
    page = (tmp_path / "kb" / "site" / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    assert "identity shortcut" in page


def test_categorised_sample_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_import(SAMPLES / "categorised.md", tmp_path / "kb", capsys)
    papers = papers_of(tmp_path / "kb")
    assert set(papers) == {
        "resnet", "resnext", "attention-is-all-you-need", "multi-scale-context-aggregation",
        "bad-scheme-paper",
    } | {pid for pid in papers if pid.startswith("paper-")}
    chinese = next(record for pid, record in papers.items() if pid.startswith("paper-"))
    assert chinese["title"] == "深度学习综述：方法与应用" and chinese["year"] == 2019
    assert "categorised.md:42: skipped: not a paper entry: A line that is not an entry." in out
    assert "categorised.md:24: dropped image URL 'javascript:alert(1)'" in out
    assert "Commented out" not in (tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8")
    assert_clean(tmp_path / "kb")


def test_week_month_and_date_headings_give_read_dates() -> None:
    readme = parse_readme(
        """\
        ### Wk2 - 2020.07.01
        * [A paper](https://example.org/a)
        ## July 2020
        * [B paper](https://example.org/b)
        ## 2020-08
        * [C paper](https://example.org/c)
        ### 2020-09-17
        * [D paper](https://example.org/d)
        ### Wk9 - 2099.01.05
        * [E paper](https://example.org/e)
        """.replace("        ", ""),
        today=TODAY,
    )
    reads = [(entry.title, entry.read, entry.status) for entry in readme.entries]
    assert reads == [
        ("A paper", dt.date(2020, 6, 29), "read"),
        ("B paper", dt.date(2020, 7, 1), "read"),
        ("C paper", dt.date(2020, 8, 1), "read"),
        ("D paper", dt.date(2020, 9, 17), "read"),
        ("E paper", None, "read"),
    ]
    assert (10, "read date 2099-01-05 is in the future: left out") in readme.report


def test_group_lines_and_wish_list() -> None:
    readme = parse_readme(
        "Wish-List -\nBreadth: Old ideas\n* [A](https://example.org/a)\n\n"
        "### Wk0 - 2020.06.15\nDepth: Segmentation\n* [B](https://example.org/b) [[TBP]()]\n",
        today=TODAY,
    )
    assert [(e.group, e.status, e.read) for e in readme.entries] == [
        ("Breadth: Old ideas", "to-read", None),
        ("Depth: Segmentation", "read", dt.date(2020, 6, 15)),
    ]


def test_tag_legend_declares_tags_and_codes_tag_entries() -> None:
    readme = parse_readme(
        "* [Gml] General ML\n* [Loc] Localization (Detection, Segmentation)\n\n"
        "* [Loc] [Mask R-CNN](https://arxiv.org/abs/1703.06870)\n* [[Gml] Statistical Modeling](https://example.org/s)\n",
        today=TODAY,
    )
    assert readme.tags == {"gml": "General ML", "loc": "Localization (Detection, Segmentation)"}
    assert [(e.title, e.tags) for e in readme.entries] == [("Mask R-CNN", ["loc"]), ("Statistical Modeling", ["gml"])]


def test_section_headings_are_nested_tags() -> None:
    readme = parse_readme(
        "# My list\n\n# Vision\n## Détection d'objets\n[2015 - A](https://example.org/a)\n# 自监督\n[B](https://example.org/b)\n",
        today=TODAY,
    )
    assert readme.entries[0].tags == ["vision/detection-d-objets"]
    cjk = readme.entries[1].tags[0]
    assert re.fullmatch(r"section-[0-9a-f]{8}", cjk) and readme.tags[cjk] == "自监督"
    assert "my-list" not in readme.tags  # the README's own title is not a topic


def test_a_tag_whose_key_cannot_spell_it_keeps_its_name_as_description(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bracket tag in CJK, or with letters a key drops, would show only as its key."""
    readme = write_readme(tmp_path / "src", """\
        # Papers

        - [Wan: Open Video Models](https://arxiv.org/abs/2503.20314) [通义万象]
        - [An Interview](https://example.org/interview) [Interview, Jiali Weng/翁家笠, C++]
        - [Another Interview](https://example.org/other) [interview, Deep Learning]
        """)
    run_import(readme, tmp_path / "kb", capsys)
    data = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))
    assert data["tags"] == {
        "tag-fa9823c2": "通义万象", "interview": None, "jiali-weng": "Jiali Weng/翁家笠", "c": "C++", "deep-learning": None,
    }
    assert [record["tags"] for record in data["papers"]] == [
        ["tag-fa9823c2"], ["interview", "jiali-weng", "c"], ["interview", "deep-learning"],
    ]
    assert_clean(tmp_path / "kb")


def test_kbd_badges_give_venue_and_year() -> None:
    assert parse_venue_badge("NIPS 2015") == ("NeurIPS", 2015)
    assert parse_venue_badge("2020") == (None, 2020)
    assert parse_venue_badge("CVPR") == ("CVPR", None)
    assert parse_venue_badge("Nature Methods 2019") == ("Nature Methods", 2019)


@pytest.mark.parametrize(
    ("link_text", "title", "short", "year"),
    [
        ("2015 - **[ResNet]** Deep Residual Learning", "Deep Residual Learning", "ResNet", 2015),
        ("[ResNet]: Deep Residual Learning", "Deep Residual Learning", "ResNet", None),
        ("**MoCo**: Momentum Contrast", "Momentum Contrast", "MoCo", None),
        ("(ResNeXt) Aggregated Residual Transformations", "Aggregated Residual Transformations", "ResNeXt", None),
        ("Aggregated Residual Transformations (ResNeXt)", "Aggregated Residual Transformations", "ResNeXt", None),
        ("SimClr: A Simple Framework", "SimClr: A Simple Framework", "SimClr", None),
        ("Statistical Modeling: The Two Cultures", "Statistical Modeling: The Two Cultures", None, None),
        ("Self-training with **[Noisy Student]** improves", "Self-training with Noisy Student improves", "Noisy Student", None),
        ("2019 - **[SURVEY]** Visual Analytics", "Visual Analytics", None, 2019),
        ("Video-to-Video Synthesis (2018)", "Video-to-Video Synthesis", None, 2018),
        ("<i>Deep</i> learning &amp; <b>more</b>", "Deep learning & more", None, None),
    ],
)
def test_titles_short_names_and_year_prefixes(link_text: str, title: str, short: str | None, year: int | None) -> None:
    parts = parse_title(link_text, {})
    assert (parts.title, parts.short, parts.year) == (title, short, year)


def test_abstract_image_highlights_and_code_links() -> None:
    readme = parse_readme(
        textwrap.dedent(
            """\
            [2016 - **[WRN]**: Wide Residual Networks](https://arxiv.org/abs/1605.07146) [[github]](https://github.com/szagoruyko/wide-residual-networks)
            ![#c5ff15](https://placehold.it/15/c5ff15/000000?text=+)

            <sup>We study <b>width</b> &lt;vs&gt; depth.
            Second line.</sup>

            <img src="images/wrn.png" width="300">

            > Widening is cheaper
            than deepening.

            > A second highlight.
            """
        ),
        today=TODAY,
    )
    (entry,) = readme.entries
    assert entry.abstract == "We study width <vs> depth.\nSecond line."
    assert entry.image == "images/wrn.png"  # relative images are kept
    assert entry.highlights == ["Widening is cheaper than deepening.", "A second highlight."]
    assert entry.links == {"code": "https://github.com/szagoruyko/wide-residual-networks"}
    assert entry.status == "read"


def test_checkboxes_and_colour_badges_give_status() -> None:
    readme = parse_readme(
        "- [x] [Read one](https://example.org/1)\n- [ ] [Unread one](https://example.org/2)\n\n"
        "[To check](https://example.org/3)\n![#ff0000](https://placehold.it/15/ff0000/000000?text=+)\n\n"
        "[Odd colour](https://example.org/4)\n![#123456](https://placehold.it/15/123456/000000?text=+)\n",
        today=TODAY,
    )
    assert [e.status for e in readme.entries] == ["read", "to-read", "to-read", None]
    assert any(line == 8 and "#123456 has no known meaning" in message for line, message in readme.report)


def test_wrapped_titles_and_title_url_pairs() -> None:
    readme = parse_readme(
        "* [Deep Residual Learning\n  for Image Recognition](https://arxiv.org/abs/1512.03385) <kbd>CVPR 2016</kbd>\n\n"
        "DARTS: Differentiable Architecture Search\nhttps://arxiv.org/abs/1806.09055\n",
        today=TODAY,
    )
    assert [(e.line, e.title, e.venue, e.url) for e in readme.entries] == [
        (1, "Deep Residual Learning for Image Recognition", "CVPR", "https://arxiv.org/abs/1512.03385"),
        (4, "DARTS: Differentiable Architecture Search", None, "https://arxiv.org/abs/1806.09055"),
    ]


def test_table_of_contents_and_resource_sections_are_reported_once() -> None:
    readme = parse_readme(
        "# Title\n\n## Contents\n- [A](#a)\n- [B](#b)\n\n## Resources\n* Course [[site](https://example.org/c)]\n\n"
        "## Papers\n[P](https://example.org/p)\n- [Section link](#p)\n",
        today=TODAY,
    )
    assert [e.title for e in readme.entries] == ["P"]
    assert readme.skipped_sections == 2
    assert (3, "skipped section 'Contents' (lines 3-5, 2 non-blank lines): not a paper list") in readme.report
    assert (7, "section 'Resources' (lines 7-8, 1 non-blank lines) is not a paper list: kept as the note topics/resources.md") in readme.report
    (kept,) = readme.topic_notes
    assert (kept.tag, kept.text, kept.tagged) == ("resources", "## Resources\n* Course [[site](https://example.org/c)]\n", False)
    assert (12, "skipped: link to a section of the README: - [Section link](#p)") in readme.report


def test_heading_kinds() -> None:
    assert heading_date("Wk3 - 2020.07.06") == ("week", dt.date(2020, 7, 6), 3)
    assert heading_date("Week of 2020-07-08") == ("week", dt.date(2020, 7, 6), None)
    assert heading_date("2020/07/08") == ("date", dt.date(2020, 7, 8), None)
    assert heading_date("March 2021") == ("month", dt.date(2021, 3, 1), None)
    assert heading_date("2020.13.40") == ("invalid", None, None)
    assert heading_date("Segmentation") is None


# ---------------------------------------------------------------- matching and merging


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://arxiv.org/abs/1512.03385", "http://arxiv.org/pdf/1512.03385v2.pdf"),
        ("https://arxiv.org/abs/1512.03385v1", "https://www.arxiv.org/abs/1512.03385/"),
        ("https://Example.org/paper/", "http://www.example.org/paper#section"),
    ],
)
def test_urls_that_name_the_same_paper(a: str, b: str) -> None:
    assert normalise_url(a) == normalise_url(b)


def test_urls_that_differ() -> None:
    assert normalise_url("https://arxiv.org/abs/1512.03385") != normalise_url("https://arxiv.org/abs/1512.03386")
    assert normalise_url("https://example.org/a?x=1") != normalise_url("https://example.org/a?x=2")
    assert normalise_title("Deep  Residual Learning, for Image-Recognition") == normalise_title("deep residual learning for image recognition")


def test_import_twice_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = shutil.copytree(SAMPLES / "weekly", tmp_path / "readme")
    run_import(source / "README.md", tmp_path / "kb", capsys)
    files = {path: path.read_bytes() for path in (tmp_path / "kb").rglob("*") if path.is_file()}
    out = run_import(source / "README.md", tmp_path / "kb", capsys)
    assert "imported 0 papers, copied 0 notes, skipped 8 duplicates" in out
    assert "nothing new: no file was changed" in out
    assert {path: path.read_bytes() for path in (tmp_path / "kb").rglob("*") if path.is_file()} == files


USER_PAPERS = """\
# My knowledge base: keep this comment
tags:
  net: My own description   # a tag comment
venues:
  CVPR:
papers:
  - id: my-resnet            # I renamed this id
    title: Deep residual learning (my title)
    url: https://arxiv.org/abs/1512.03385
    tags: [net]
    rating: 5
    abstract: |
      My own summary,
      over two lines.

  # a comment between records
  - id: other
    title: Something else
    venue: CVPR
"""


def test_merge_keeps_the_users_file_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "papers.yaml").write_text(USER_PAPERS, encoding="utf-8")
    readme = write_readme(
        tmp_path / "readme",
        """\
        * [Net] [Deep Residual Learning](http://arxiv.org/pdf/1512.03385v1.pdf) <kbd>CVPR 2016</kbd>
        * [Something Else](https://example.org/else)
        * [Mask R-CNN](https://arxiv.org/abs/1703.06870) <kbd>ICCV 2017</kbd>
        * [Net] Networks
        """,
    )
    out = run_import(readme, kb, capsys)
    text = (kb / "papers.yaml").read_text(encoding="utf-8")
    assert "README.md:1: duplicate: already in the knowledge base as 'my-resnet' (same URL): skipped" in out
    assert "README.md:2: duplicate: already in the knowledge base as 'other' (same title): skipped" in out
    # every line of the user's file is still there, in order; new lines are only inserted
    kept = iter(text.splitlines())
    assert all(any(line == mine for line in kept) for mine in USER_PAPERS.splitlines())
    assert text.startswith(USER_PAPERS.split("papers:")[0].split("venues:")[0])
    data = yaml.safe_load(text)
    assert data["papers"][0] == yaml.safe_load(USER_PAPERS)["papers"][0]
    assert [p["id"] for p in data["papers"]] == ["my-resnet", "other", "mask-r-cnn"]
    assert data["tags"] == {"net": "My own description"}
    assert data["venues"]["ICCV"]["name"].startswith("IEEE/CVF International")
    assert cli.main(["check", str(kb / "papers.yaml"), "--strict"]) == 0
    # a second run adds nothing
    before = (kb / "papers.yaml").read_bytes()
    run_import(readme, kb, capsys)
    assert (kb / "papers.yaml").read_bytes() == before


def test_merge_keeps_edits_made_after_an_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write_readme(tmp_path / "r1", "* [Alpha paper](https://example.org/alpha) <kbd>NIPS 2017</kbd>\n")
    run_import(first, tmp_path / "kb", capsys)
    papers = tmp_path / "kb" / "papers.yaml"
    edited = papers.read_text(encoding="utf-8").replace("title: Alpha paper", "title: Alpha paper, renamed  # my fix")
    edited += "  # my comment at the end\n"
    papers.write_text(edited, encoding="utf-8")
    second = write_readme(
        tmp_path / "r2", "* [Alpha paper](https://example.org/alpha/)\n* [Beta paper](https://example.org/beta) <kbd>NeurIPS 2018</kbd>\n"
    )
    out = run_import(second, tmp_path / "kb", capsys)
    assert "imported 1 paper," in out and "skipped 1 duplicate," in out
    text = papers.read_text(encoding="utf-8")
    assert text.startswith(edited.split("  # my comment at the end")[0])
    assert "title: Alpha paper, renamed  # my fix" in text and "# my comment at the end" in text
    data = yaml.safe_load(text)
    assert [p["venue"] for p in data["papers"]] == ["NeurIPS", "NeurIPS"]
    assert list(data["venues"]) == ["NeurIPS"]


def test_a_new_vocabulary_declares_the_users_own_tags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    user = "papers:\n- id: mine\n  title: Mine\n  tags: [my-topic]\n  venue: MyConf\n"
    (kb / "papers.yaml").write_text(user, encoding="utf-8")
    readme = write_readme(tmp_path / "r", "* [Gml] General ML\n\n* [Gml] [New paper](https://example.org/new) <kbd>ICML 2019</kbd>\n")
    run_import(readme, kb, capsys)
    text = (kb / "papers.yaml").read_text(encoding="utf-8")
    assert text.startswith(user)
    data = yaml.safe_load(text)
    assert data["tags"] == {"gml": "General ML", "my-topic": None}
    assert set(data["venues"]) == {"ICML", "MyConf"}
    assert cli.main(["check", str(kb / "papers.yaml"), "--strict"]) == 0


def test_existing_note_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = shutil.copytree(SAMPLES / "weekly", tmp_path / "readme")
    mine = tmp_path / "kb" / "notes" / "papers" / "resnet.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own note\n", encoding="utf-8")
    out = run_import(source / "README.md", tmp_path / "kb", capsys)
    assert mine.read_text(encoding="utf-8") == "my own note\n"
    assert "README.md:18: note" in out and "exists already: not overwritten" in out


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = shutil.copytree(SAMPLES / "weekly", tmp_path / "readme")
    out = run_import(source / "README.md", tmp_path / "kb", capsys, dry_run=True)
    assert "would import 8 papers, would copy 1 note," in out and "dry run: nothing was written" in out
    assert not (tmp_path / "kb").exists()


def test_unreadable_inputs_give_a_message_and_change_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", str(tmp_path / "nope.md"), "--into", str(tmp_path)]) == 2
    assert "no such file" in capsys.readouterr().err
    kb = tmp_path / "kb"
    kb.mkdir()
    broken = "papers:\n  - id: a\n    title: [unclosed\n"
    (kb / "papers.yaml").write_text(broken, encoding="utf-8")
    readme = write_readme(tmp_path / "r", "* [A](https://example.org/a)\n")
    assert cli.main(["import", str(readme), "--into", str(kb)]) == 1
    err = capsys.readouterr().err
    assert "papers.yaml:4:1: error: YAML syntax error" in err and "fix" in err
    assert (kb / "papers.yaml").read_text(encoding="utf-8") == broken
    (tmp_path / "latin1.md").write_bytes("* [Caf\xe9](https://example.org/c)\n".encode("latin-1"))
    assert cli.main(["import", str(tmp_path / "latin1.md"), "--into", str(kb)]) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err


def test_append_into_empty_and_flow_blocks_and_crlf() -> None:
    added = {"tags": {"net": "Networks"}, "venues": {}, "papers": [{"id": "a", "title": "A"}]}
    text = "tags: {}\npapers: []  # none yet\r\n".replace("\r\n", "\n")
    merged = append_to_papers_text(text, added)
    assert yaml.safe_load(merged) == {"tags": {"net": "Networks"}, "papers": [{"id": "a", "title": "A"}]}
    assert "# none yet" in merged
    crlf = "papers:\r\n  - id: b\r\n    title: B\r\n"
    merged = append_to_papers_text(crlf, {"papers": [{"id": "a", "title": "A"}]})
    assert merged.startswith(crlf) and "\n" not in merged.replace("\r\n", "")
    with pytest.raises(ImportAbort, match="written on one line"):
        append_to_papers_text("papers: [{id: b, title: B}]\n", {"papers": [{"id": "a", "title": "A"}]})


def test_imported_note_loses_a_heading_that_repeats_the_title() -> None:
    title = "Deep Residual Learning for Image Recognition"
    assert without_title_heading("# ResNet\n\nBody\n", title, "ResNet") == ("Body\n", "# ResNet")
    assert without_title_heading("\n# deep residual learning for image recognition\nBody\n", title, None)[0] == "Body\n"
    assert without_title_heading("---\ntags: [a]\n---\n# ResNet ##\n\nBody\n", title, "ResNet")[0] == "---\ntags: [a]\n---\nBody\n"
    assert without_title_heading("#\tResNet", title, "ResNet") == ("", "#\tResNet")
    assert without_title_heading("# " + " " * 200_000 + "x", title, "ResNet")[1] == ""  # a long line is one linear scan
    for kept in ("# Why it works\n\nBody\n", "Intro.\n\n# ResNet\n", "## ResNet\n"):
        assert without_title_heading(kept, title, "ResNet") == (kept, "")
    # the rule of the paper's page and of check: '# U-Net' says 'UNet' again
    assert without_title_heading("# U-Net\n\nBody\n", "UNet", None) == ("Body\n", "# U-Net")


def test_an_imported_id_and_a_cite_key_skip_the_same_title_words() -> None:
    title = "Towards Deep Learning Models Resistant to Adversarial Attacks"
    assert unique_id(ImportedEntry(line=1, title=title), set(), {}) == "deep-learning-models-resistant"
    assert default_cite_key(Paper(id="madry", title=title, authors=["Aleksander Madry"], year=2018)) == "madry2018deep"


def test_note_front_matter() -> None:
    assert note_with_front_matter("# Title\n", "x") == "---\npaper: x\n---\n\n# Title\n"
    assert note_with_front_matter("---\ntags: [a]\n---\nBody\n", "x") == "---\npaper: x\ntags: [a]\n---\nBody\n"
    assert note_with_front_matter("---\npaper: y\n---\nBody\n", "x") == "---\npaper: y\n---\nBody\n"


def test_ids_are_unique_ignoring_case_and_stable(tmp_path: Path) -> None:
    text = (
        "* [ResNet: Deep Residual Learning](https://example.org/1)\n"
        "* [**[resnet]** Residual Networks Revisited](https://example.org/2)\n"
        "* [Residual Networks Revisited](https://example.org/3) <kbd>2021</kbd>\n"
    )
    (tmp_path / "papers.yaml").write_text("papers:\n  - id: RESNET-2\n    title: Other\n", encoding="utf-8")
    existing = load_existing(tmp_path / "papers.yaml", "papers.yaml", TODAY)
    ids = []
    for _run in range(2):
        plan = plan_import(parse_readme(text, today=TODAY), existing, tmp_path, tmp_path / "notes", "README.md")
        ids.append([record["id"] for record in plan.records])
    # the third entry has the second one's title but another URL: two papers, the second id numbered
    assert ids[0] == ids[1] == ["resnet", "residual-networks-revisited", "residual-networks-revisited-2"]
    assert plan.duplicates == 0
    assert plan.records[2]["year"] == 2021


def test_a_colour_badge_outranks_a_week_heading() -> None:
    readme = parse_readme(
        "### Wk1 - 2020.06.22\n[A](https://example.org/a)\n![#ff0000](https://placehold.it/15/ff0000/000000?text=+)\n",
        today=TODAY,
    )
    assert [(e.status, e.read) for e in readme.entries] == [("to-read", None)]
    assert readme.report == [(2, "marked to read: the heading's date 2020-06-22 is left out")]


def test_a_future_year_is_left_out_and_reported() -> None:
    readme = parse_readme("[A](https://example.org/a) <kbd>ICML 2099</kbd>\n", today=TODAY)
    assert [(e.venue, e.year) for e in readme.entries] == [("ICML", None)]
    assert readme.report == [(1, "year 2099 is in the future: left out")]


def test_comments_hide_entries_and_an_unclosed_one_is_reported() -> None:
    closed = parse_readme("<!-- [Hidden](https://example.org/h) -->\n[Shown](https://example.org/s)\n", today=TODAY)
    assert [e.title for e in closed.entries] == ["Shown"] and closed.report == []
    unclosed = parse_readme("[Shown](https://example.org/s)\n<!-- draft\n[Hidden](https://example.org/h)\n", today=TODAY)
    assert [e.title for e in unclosed.entries] == ["Shown"]
    assert unclosed.report == [(2, "skipped: an HTML comment opens here and never closes: the lines after it are not read")]


# ---------------------------------------------------------------- writing like an editor


BASE_PAPERS = "papers:\n  - id: old\n    title: An old paper\n"
ONE_ENTRY = "* [A new paper](https://example.org/new) <kbd>ICML 2019</kbd>\n"


def temp_files(root: Path) -> list[Path]:
    """Temporary files of an import anywhere under `root` (they are hidden)."""
    return sorted(path for path in root.rglob("*") if path.name.endswith(writing.TEMP_SUFFIX))


def knowledge_base(tmp_path: Path, papers: str = BASE_PAPERS) -> Path:
    kb = tmp_path / "kb"
    (kb / "notes").mkdir(parents=True)
    (kb / "papers.yaml").write_text(papers, encoding="utf-8")
    return kb


def readme_with_note(tmp_path: Path) -> Path:
    """A README whose one entry has a local notes file, so an import writes papers.yaml and a note."""
    readme = write_readme(tmp_path / "r", "* [A new paper](https://example.org/new) [[Notes](new.md)]\n")
    (readme.parent / "new.md").write_text("# My note on the new paper\n", encoding="utf-8")
    return readme


def test_import_keeps_the_mode_and_owner_of_papers_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = knowledge_base(tmp_path)
    papers = kb / "papers.yaml"
    os.chmod(papers, 0o640)
    if os.geteuid() == 0:  # only root can give a file away; the import must give it back the same owner
        os.chown(papers, 1234, 2345)
    before = papers.stat()
    run_import(write_readme(tmp_path / "r", ONE_ENTRY), kb, capsys)
    after = papers.stat()
    assert "- id: a-new-paper" in papers.read_text(encoding="utf-8")
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert temp_files(tmp_path) == []


def test_import_follows_a_symlinked_papers_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = knowledge_base(tmp_path)
    real = tmp_path / "elsewhere" / "my-papers.yaml"
    real.parent.mkdir()
    (kb / "papers.yaml").rename(real)
    os.chmod(real, 0o600)
    (kb / "papers.yaml").symlink_to(real)
    out = run_import(write_readme(tmp_path / "r", ONE_ENTRY), kb, capsys)
    assert (kb / "papers.yaml").is_symlink() and os.readlink(kb / "papers.yaml") == str(real)
    assert real.read_text(encoding="utf-8").startswith(BASE_PAPERS) and "A new paper" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert "papers.yaml" in out.splitlines()[-1]
    assert temp_files(tmp_path) == []


def test_import_writes_a_hard_linked_papers_yaml_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = knowledge_base(tmp_path)
    other_name = tmp_path / "backup-link.yaml"
    os.link(kb / "papers.yaml", other_name)
    inode = (kb / "papers.yaml").stat().st_ino
    run_import(write_readme(tmp_path / "r", ONE_ENTRY), kb, capsys)
    assert (kb / "papers.yaml").stat().st_ino == inode and (kb / "papers.yaml").stat().st_nlink == 2
    assert other_name.read_bytes() == (kb / "papers.yaml").read_bytes()
    assert "A new paper" in other_name.read_text(encoding="utf-8")
    assert temp_files(tmp_path) == []


def test_a_read_only_papers_yaml_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = knowledge_base(tmp_path)
    os.chmod(kb / "papers.yaml", 0o444)  # root could still write it: the import reads the mode bits
    code = cli.main(["import", str(readme_with_note(tmp_path)), "--into", str(kb)])
    err = capsys.readouterr().err
    assert code == 1
    assert "papers.yaml is read-only (mode 0444): nothing was written; make it writable (chmod u+w) and run again" in err
    assert (kb / "papers.yaml").read_text(encoding="utf-8") == BASE_PAPERS
    assert not (kb / "notes" / "papers").exists() and temp_files(tmp_path) == []


def test_new_files_get_the_permissions_of_the_umask(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_umask = os.umask(0o027)
    try:
        run_import(readme_with_note(tmp_path), tmp_path / "kb", capsys)
    finally:
        os.umask(old_umask)
    kb = tmp_path / "kb"
    for path in (kb / "papers.yaml", kb / "mkdocs.yml", kb / "notes" / "index.md", kb / "notes" / "papers" / "a-new-paper.md"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path
    assert stat.S_IMODE((kb / "notes" / "papers").stat().st_mode) == 0o750


def test_a_full_disk_midway_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    kb = knowledge_base(tmp_path)
    real_write = writing._write_all
    calls = []

    def disk_full_on_the_note(fd: int, data: bytes) -> None:
        calls.append(data)
        if len(calls) == 2:  # papers.yaml is written first, the note second
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(writing, "_write_all", disk_full_on_the_note)
    code = cli.main(["import", str(readme_with_note(tmp_path)), "--into", str(kb)])
    err = capsys.readouterr().err
    assert code == 1 and "cannot write" in err and "No space left on device; nothing was written" in err
    assert (kb / "papers.yaml").read_text(encoding="utf-8") == BASE_PAPERS
    assert not (kb / "notes" / "papers").exists()  # the folder made for the note is taken back too
    assert temp_files(tmp_path) == []


def test_a_failure_on_a_later_file_takes_papers_yaml_back(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    kb = knowledge_base(tmp_path)
    os.chmod(kb / "papers.yaml", 0o640)
    real_put_new = writing.put_new

    def refuse_notes(temp: Path, path: Path) -> None:
        if path.suffix == ".md":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real_put_new(temp, path)

    monkeypatch.setattr(writing, "put_new", refuse_notes)
    code = cli.main(["import", str(readme_with_note(tmp_path)), "--into", str(kb)])
    err = capsys.readouterr().err
    assert code == 1 and "a-new-paper.md: Permission denied; nothing was written" in err
    assert (kb / "papers.yaml").read_text(encoding="utf-8") == BASE_PAPERS  # it was put in place, then taken back
    assert stat.S_IMODE((kb / "papers.yaml").stat().st_mode) == 0o640
    assert not (kb / "notes" / "papers").exists() and temp_files(tmp_path) == []


def test_a_failure_inside_an_in_place_write_puts_the_old_bytes_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text(BASE_PAPERS, encoding="utf-8")
    os.link(papers, tmp_path / "link.yaml")
    real_write = writing._write_all
    calls = []

    def fail_once(fd: int, data: bytes) -> None:
        calls.append(data)
        if len(calls) == 1:
            real_write(fd, data[: len(data) // 2])  # half of it, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(writing, "_write_all", fail_once)
    files = writing.FileSet()
    files.add_update(papers, BASE_PAPERS + "  - id: new\n    title: New\n", BASE_PAPERS.encode())
    with pytest.raises(OSError, match="No space left"):
        files.write()
    assert papers.read_text(encoding="utf-8") == BASE_PAPERS == (tmp_path / "link.yaml").read_text(encoding="utf-8")


def test_a_file_set_refuses_a_changed_file_and_an_existing_new_file(tmp_path: Path) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("edited meanwhile\n", encoding="utf-8")
    files = writing.FileSet()
    files.add_update(papers, "new\n", b"what was read\n")
    with pytest.raises(writing.WriteRefused) as refused:
        files.write()
    assert refused.value.reason == "changed since it was read: nothing was written; run the command again"
    (tmp_path / "note.md").write_text("mine\n", encoding="utf-8")
    files = writing.FileSet()
    files.add_new(tmp_path / "fresh.md", "fresh\n")
    files.add_new(tmp_path / "note.md", "theirs\n")
    with pytest.raises(writing.WriteRefused, match="exists already"):
        files.write()
    assert not (tmp_path / "fresh.md").exists() and (tmp_path / "note.md").read_text(encoding="utf-8") == "mine\n"
    assert papers.read_text(encoding="utf-8") == "edited meanwhile\n" and temp_files(tmp_path) == []


def test_temp_files_of_a_killed_import_are_removed_next_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = knowledge_base(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    left_behind = kb / f".papers.yaml.{dead.stdout.strip()}{writing.TEMP_SUFFIX}"  # that process has ended
    left_behind.write_text("half a file", encoding="utf-8")
    mine = kb / f".papers.yaml.{os.getpid()}{writing.TEMP_SUFFIX}"  # this process id: reused
    mine.write_text("half a file", encoding="utf-8")
    running = kb / f".papers.yaml.1{writing.TEMP_SUFFIX}"  # process 1 is running: not touched
    running.write_text("another import", encoding="utf-8")
    run_import(write_readme(tmp_path / "r", ONE_ENTRY), kb, capsys)
    assert temp_files(tmp_path) == [running]


# ---------------------------------------------------------------- reading papers.yaml as check does


def import_into(kb: Path, papers: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    (kb / "papers.yaml").write_text(papers, encoding="utf-8")
    readme = write_readme(tmp_path / "r", ONE_ENTRY)
    code = cli.main(["import", str(readme), "--into", str(kb)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_tabs_inside_flow_lists_are_read_as_check_reads_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = knowledge_base(tmp_path)
    papers = "tags:\n  net: Networks\n  cv: Vision\npapers:\n  - id: old\n    title: Old\n    tags: [net,\tcv]\n"
    (kb / "papers.yaml").write_text(papers, encoding="utf-8")
    assert cli.main(["check", str(kb / "papers.yaml"), "--strict"]) == 0  # check reads the tab fine
    code, _out, err = import_into(kb, papers, tmp_path, capsys)
    assert code == 0, err
    text = (kb / "papers.yaml").read_text(encoding="utf-8")
    assert text.startswith(papers) and "- id: a-new-paper" in text
    assert cli.main(["check", str(kb / "papers.yaml"), "--strict"]) == 0


@pytest.mark.parametrize(
    ("papers", "message"),
    [
        (
            "papers:\n  - id: old\n    title: !!python/name:os.system\n",
            "papers.yaml:3:12: error: YAML tag '!!python/name:os.system' is not supported",
        ),
        (
            "papers:\n  - id: old\n    title: Old\n    read: !!timestamp soon\n",
            "papers.yaml:4:11: error: 'soon' cannot be read as !!timestamp: fix the value or remove the tag",
        ),
        (
            "papers:\n  - id: old\n    title: Old\ntags:\n  net: Networks\npapers:\n  - id: other\n    title: Other\n",
            "papers.yaml:6:1: error: duplicate key 'papers': already set on line 1",
        ),
        (
            "papers:\n  - id: old\n    title: Old\n    status: done\n",
            "papers.yaml:4:5: error: 'status' must be one of 'to-read', 'reading' or 'read', got the text 'done'",
        ),
    ],
    ids=["python-tag", "bad-timestamp", "duplicate-papers-key", "invalid-record"],
)
def test_a_papers_file_with_errors_is_refused_with_checks_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], papers: str, message: str
) -> None:
    kb = knowledge_base(tmp_path)
    code, out, err = import_into(kb, papers, tmp_path, capsys)
    assert code == 1 and out == ""
    assert message in err
    assert err.rstrip().endswith(
        "papers.yaml has 1 error (as `papernotes check` reports): fix it first; the import merges only into a "
        "papers file that check reads without errors. Nothing was written"
    )
    assert (kb / "papers.yaml").read_text(encoding="utf-8") == papers
    assert temp_files(tmp_path) == []


def test_many_errors_are_listed_up_to_twenty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = knowledge_base(tmp_path)
    records = "".join(f"  - id: p{index}\n    title: P\n    rating: 9\n" for index in range(25))
    code, _out, err = import_into(kb, "papers:\n" + records, tmp_path, capsys)
    assert code == 1
    assert err.count("error: 'rating' must be at most 5") == 20 and "... and 5 more" in err
    assert "papers.yaml has 25 errors (as `papernotes check` reports): fix them first" in err


def test_appending_refuses_a_key_written_twice() -> None:
    twice = "papers:\n  - id: a\n    title: A\npapers:\n  - id: b\n    title: B\n"
    with pytest.raises(ImportAbort, match=r"'papers:' is set twice in the papers file \(lines 1 and 4\)"):
        append_to_papers_text(twice, {"papers": [{"id": "c", "title": "C"}]})


# ---------------------------------------------------------------- no super-linear scans

# Each line below made the importer quadratic (or worse) before: at 20,000 characters the old
# code took 1 to 20 s per line (60 s or more for the run of `[`), so minutes at this size. Now
# each README takes well under a second here; the test only has to finish.
HOSTILE_SIZE = 100_000
HOSTILE_LINES = {
    "run of [": "[" * HOSTILE_SIZE,
    "run of [a": "[a" * (HOSTILE_SIZE // 2),
    "run of (": "[T](" + "(" * HOSTILE_SIZE,
    "run of <img": "<img " * (HOSTILE_SIZE // 5),
    "run of <img src=": '<img src="' * (HOSTILE_SIZE // 10),
    "run of <kbd>": "[T](https://example.org/t) " + "<kbd>" * (HOSTILE_SIZE // 5),
    "run of <a": "[T" + "<a" * (HOSTILE_SIZE // 2) + "](https://example.org/t)",
    "run of **[": "[" + "**[" * (HOSTILE_SIZE // 3) + "](https://example.org/t)",
    "run of  *a": "[T" + " *a" * (HOSTILE_SIZE // 3) + "](https://example.org/t)",
    "run of __x**": "[T" + "__x**" * (HOSTILE_SIZE // 5) + "](https://example.org/t)",
    "run of badges": "![#c5ff15](" * (HOSTILE_SIZE // 11),
    "heading of ' #'": "# a" + " #" * (HOSTILE_SIZE // 2) + "x",
    "spaces after a short name": "(a)" + " " * HOSTILE_SIZE + "x",
    "spaces inside a title": "[a" + " " * HOSTILE_SIZE + "b](https://example.org/t)",
    "legend codes": "* [Ab] A legend\n\n[" + "[Ab]" * (HOSTILE_SIZE // 4) + " T](https://example.org/t)",
    "prefixes": "[" + "[x]" * (HOSTILE_SIZE // 3) + "T](https://example.org/t)",
    "links on one line": "[a](b)" * (HOSTILE_SIZE // 6),
    "comments on one line": "<!---->" * (HOSTILE_SIZE // 7),
    "unclosed <sub>": "[T](https://example.org/t)\n<sub>" + "<sub>" * (HOSTILE_SIZE // 5),
    "week heading spaces": "## week" + " " * HOSTILE_SIZE + "x",
}


@pytest.mark.parametrize("text", list(HOSTILE_LINES.values()), ids=list(HOSTILE_LINES))
def test_long_hostile_lines_are_read_in_linear_time(text: str) -> None:
    parse_readme(text, today=TODAY)


def test_many_entries_named_alike_get_ids_without_counting_from_two_each_time(tmp_path: Path) -> None:
    # 20,000 titles sharing their first 50 characters share a base id; counting -2, -3 ... from
    # 2 for each of them was 200 million look-ups. Finishes in about a second now.
    prefix = "A very long common title prefix for many papers, variant"
    text = "".join(f"* [{prefix} {index}](https://example.org/{index})\n" for index in range(20_000))
    plan = plan_import(parse_readme(text, today=TODAY), load_existing(tmp_path / "none.yaml", "none.yaml", TODAY), tmp_path, tmp_path, "R")
    ids = [record["id"] for record in plan.records]
    assert len(set(ids)) == 20_000 and ids[:3] == [ids[0], ids[0] + "-2", ids[0] + "-3"]


REFERENCE_PATTERNS = {  # what the linear scans replace: they must find the same on short lines
    "strong": (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    "emphasis": (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),
}


def random_lines(alphabet: str, count: int, seed: int) -> list[str]:
    import random

    chooser = random.Random(seed)
    return ["".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 14))) for _ in range(count)]


def test_linear_scans_find_what_the_patterns_they_replace_found() -> None:
    from papernotes.importers.readme import (
        _KBD_CLOSE_RE,
        _KBD_OPEN_RE,
        closing_brackets,
        heading_of,
        image_source,
        tag_contents,
        unwrap_emphasis,
        unwrap_strong,
    )

    strong, strong_sub = REFERENCE_PATTERNS["strong"]
    emphasis, emphasis_sub = REFERENCE_PATTERNS["emphasis"]
    for line in random_lines("*_a ", 4000, seed=1):
        assert unwrap_strong(line) == strong.sub(strong_sub, line), line
        assert unwrap_emphasis(line) == emphasis.sub(emphasis_sub, line), line
    kbd = re.compile(r"<kbd>(.*?)</kbd>", re.I | re.S)
    for line in random_lines(["<kbd>", "</kbd>", "<KBD>", "x", " "], 3000, seed=2):  # type: ignore[arg-type]
        assert tag_contents(line, _KBD_OPEN_RE, _KBD_CLOSE_RE) == kbd.findall(line), line
    img = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(.*?)\1", re.I | re.S)
    for line in random_lines(["<img ", "src=", '"', "'", ">", "a", " ", "<IMG"], 4000, seed=3):  # type: ignore[arg-type]
        found = img.search(line)
        assert image_source(line) == (found.group(2) if found else None), line
    heading = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
    for line in random_lines("# \ta", 3000, seed=4):
        found = heading.match(line)
        assert heading_of(line) == ((len(found.group(1)), found.group(2)) if found else None), line
    assert closing_brackets("[a [b] (c (d)]") == {3: 5, 0: 13, 10: 12}


# ---------------------------------------------------------------- README text is data

HOSTILE_README = (
    "* [Ev] Evil: \"a tag\" # not a comment\n"
    "\n"
    "Group: with # and \"quotes\" --- and 'more'\n"
    "* [Attack: the \"quoted\" # not a comment](https://example.org/1) <kbd>Evil: Conf #1 'x' 2019</kbd>\n"
    "* [A title ---\t... with document markers](https://example.org/2)\n"
    "* [Ev] [Pipes | and > folds & anchors *stars* !tags %directives @at `ticks` {braces}](https://example.org/3)\n"
    "* [yes](https://example.org/4)\n"
    "* [null](https://example.org/5)\n"
    "* [Escape\x1b and bell\x07 and nul\x00 and del\x7f in a title](https://example.org/6)\n"
    "* [Bidi \u202e reversed and zero\u200bwidth and bom\ufeff inside](https://example.org/7)\n"
    "> a highlight with: colons # hashes\n"
    "> ---\n"
    "> and a next\x85line and a separator\u2028too\n"
    "* [Key: value\\](https://example.org/8)\n"
    "<sub>An abstract:\n"
    "---\n"
    "with a line that ends a front matter # and a hash</sub>\n"
)


def test_hostile_titles_are_kept_as_they_are_and_pass_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "r" / "README.md"
    readme.parent.mkdir()
    readme.write_text(HOSTILE_README, encoding="utf-8")
    read = parse_readme(HOSTILE_README, today=TODAY)
    out = run_import(readme, tmp_path / "kb", capsys)
    assert "imported 8 papers" in out
    assert "\x1b" not in out and "\u202e" not in out  # the report escapes what could drive a terminal
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0
    kb = load_knowledge_base(tmp_path / "kb" / "papers.yaml", tmp_path / "kb" / "notes", tmp_path)
    assert kb.problems == []
    # every text reads back exactly as the README said it
    assert [paper.title for paper in kb.papers.values()] == [entry.title for entry in read.entries]
    titles = [paper.title for paper in kb.papers.values()]
    assert titles[:5] == [
        'Attack: the "quoted" # not a comment',
        "A title --- ... with document markers",
        "Pipes | and > folds & anchors stars !tags %directives @at `ticks` {braces}",
        "yes",
        "null",
    ]
    assert titles[5] == "Escape\x1b and bell\x07 and nul\x00 and del\x7f in a title"
    assert titles[6] == "Bidi \u202e reversed and zero\u200bwidth and bom\ufeff inside"
    first = next(iter(kb.papers.values()))
    assert (first.venue, first.year, first.group) == ("Evil: Conf #1 'x", 2019, "Group: with # and \"quotes\" --- and 'more'")
    assert first.venue == read.entries[0].venue  # (the badge reader strips quotes at the ends of a venue)
    assert kb.tags["ev"].description == 'Evil: "a tag" # not a comment'
    seventh = list(kb.papers.values())[6]
    assert seventh.highlights == ["a highlight with: colons # hashes\n---\nand a next\x85line and a separator\u2028too"]
    last = list(kb.papers.values())[7]
    assert last.abstract == "An abstract:\n---\nwith a line that ends a front matter # and a hash"


ROUND_TRIP_ALPHABET = [
    "a", " ", "\n", ":", ": ", "#", " #", "-", "---", "...", '"', "'", "\x85", "\u2028", "\u2029", "\x00", "\x1b",
    "\t", "\r", "\ufeff", "\ufffe", "|", ">", "&", "*", "!", "%", "@", "`", "{", "[", "]", "}", ",", "?", "yes",
    "~", "1", ".", "\\", "é", "\U0001f600", "\x7f", "\xa0",
]


def test_any_text_round_trips_through_the_yaml_written() -> None:
    import random

    from papernotes.importers.papers_text import dump_yaml
    from papernotes.knowledge.loading import parse_yaml

    chooser = random.Random(7)
    for _ in range(3000):
        text = "".join(chooser.choice(ROUND_TRIP_ALPHABET) for _ in range(chooser.randint(1, 10)))
        written = dump_yaml({"venues": {text: None}, "papers": [{"id": "x", "title": text, "highlights": [text]}]})
        loaded = parse_yaml(written, "papers.yaml")
        assert loaded.problems == [], (text, written)
        assert loaded.data == {"venues": {text: None}, "papers": [{"id": "x", "title": text, "highlights": [text]}]}, (text, written)


def test_a_hostile_readme_name_cannot_break_the_files_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "evil`\n<img src=x onerror=alert(1)>\n.md"
    readme = tmp_path / "r" / name
    readme.parent.mkdir()
    readme.write_text(ONE_ENTRY, encoding="utf-8")
    run_import(readme, tmp_path / "kb", capsys)
    papers = (tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8")
    assert papers.splitlines()[0] == "# Imported from evil`\\n<img src=x onerror=alert(1)>\\n.md by `papernotes import`; edit freely."
    index = (tmp_path / "kb" / "notes" / "index.md").read_text(encoding="utf-8")
    assert "Imported from `` evil`\\n<img src=x onerror=alert(1)>\\n.md ``: see" in index  # a code span: shown, not run
    assert cli.main(["check", str(tmp_path / "kb"), "--strict"]) == 0


def test_a_notes_link_outside_the_readme_folder_is_not_copied(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "private.md").write_text("my private note\n", encoding="utf-8")
    readme = write_readme(
        tmp_path / "r",
        "* [A](https://example.org/a) [[Notes](../private.md)]\n"
        f"* [B](https://example.org/b) [[Notes]({tmp_path / 'private.md'})]\n"
        "* [C](https://example.org/c) [[Notes](bad\x00name.md)]\n",
    )
    out = run_import(readme, tmp_path / "kb", capsys)
    assert "README.md:1: notes link '../private.md' points outside the folder of" in out
    assert f"README.md:2: notes link '{tmp_path / 'private.md'}' points outside the folder of" in out
    assert "README.md:3: notes file 'bad\\x00name.md' does not exist beside" in out
    assert not (tmp_path / "kb" / "notes" / "papers").exists()


@pytest.mark.parametrize(
    ("note", "reason"),
    [
        ("---\n{tags: [a]}\n---\nBody\n", "its front matter cannot take a 'paper:' line (write it one key per line)"),
        ("---\ntags: [a\n---\nBody\n", "its front matter does not read (line 3: YAML syntax error"),
        ("---\n- a list\n---\nBody\n", "its front matter is not a mapping of keys to values"),
    ],
    ids=["flow-mapping", "broken-yaml", "a-list"],
)
def test_note_front_matter_that_cannot_take_the_paper_key(note: str, reason: str) -> None:
    with pytest.raises(ImportAbort) as caught:
        note_with_front_matter(note, "x")
    assert str(caught.value).startswith(reason)


def test_note_front_matter_keeps_a_quoted_paper_key() -> None:
    assert note_with_front_matter('---\n"paper": y\n---\nBody\n', "x") == '---\n"paper": y\n---\nBody\n'
    assert note_with_front_matter("---\n# a comment\ntitle: T\n---\n", "x") == "---\npaper: x\n# a comment\ntitle: T\n---\n"


def test_relative_paths_into_a_new_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # papers.yaml, mkdocs.yml and the note share a folder given as a relative and as an absolute
    # path: writing one must not take the temporary file of another for a stale one
    readme_with_note(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["import", "r/README.md", "--into", "kb"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "wrote kb/papers.yaml, kb/mkdocs.yml, kb/papers.schema.json, kb/note.schema.json, kb/.gitignore, "
        "kb/.github/workflows/publish.yml, kb/notes/index.md, kb/notes/papers/a-new-paper.md"
    )
    assert (tmp_path / "kb" / "notes" / "papers" / "a-new-paper.md").read_text(encoding="utf-8").startswith("---\npaper: a-new-paper\n---")
    assert temp_files(tmp_path) == []


def test_a_file_this_user_cannot_give_back_its_owner_is_written_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text(BASE_PAPERS, encoding="utf-8")
    status = papers.stat()
    assert writing.in_place_reason(papers, status) is None  # one link, this user's file: renamed over
    monkeypatch.setattr(os, "geteuid", lambda: status.st_uid + 1)  # as if another, unprivileged user ran it
    assert writing.in_place_reason(papers, status) == "it belongs to another user"
    files = writing.FileSet()
    files.add_update(papers, BASE_PAPERS + "  - id: new\n    title: New\n", BASE_PAPERS.encode())
    files.write()
    assert papers.stat().st_ino == status.st_ino and papers.read_text(encoding="utf-8").endswith("title: New\n")


def test_a_dangling_papers_yaml_symlink_gets_its_file_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "papers.yaml").symlink_to(tmp_path / "kept-elsewhere.yaml")
    run_import(write_readme(tmp_path / "r", ONE_ENTRY), kb, capsys)
    assert (kb / "papers.yaml").is_symlink() and "- id: a-new-paper" in (tmp_path / "kept-elsewhere.yaml").read_text(encoding="utf-8")
