"""`papernotes import`: READMEs in, papers.yaml and notes out, nothing of the user's lost."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from papernotes import cli
from papernotes.importers.readme import (
    ImportAbort,
    append_to_papers_text,
    heading_date,
    import_command,
    normalise_title,
    normalise_url,
    note_with_front_matter,
    parse_readme,
    parse_title,
    parse_venue_badge,
    plan_import,
    read_existing,
    without_title_heading,
)
from papernotes.knowledge.validation import load_knowledge_base

from conftest import build_site

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
    assert "imported 23 papers, copied 0 notes, skipped 1 duplicates" in out
    assert re.search(r":106: duplicate of the entry on line 98 \(same URL\)", out)
    assert re.search(r":32: skipped section 'I\. Resources' \(lines 32-80", out)
    assert "2002_stat_modeling_2cultures.md' does not exist beside" in out

    unet = papers["u-net"]
    assert (unet["venue"], unet["year"], unet["read"], unet["status"]) == ("MICCAI", 2015, dt.date(2020, 7, 6), "read")
    assert unet["group"] == "Breadth: Segmentation"
    assert unet["links"]["notes"].startswith("https://docs.google.com/")
    distributed = papers["large-scale-distributed-deep-networks"]
    assert (distributed["venue"], distributed["year"], distributed["read"]) == ("NeurIPS", 2012, dt.date(2020, 6, 29))
    debt = papers["hidden-technical-debt-in-machine-learning-systems"]
    assert (debt["venue"], debt["status"], debt.get("read")) == ("NeurIPS", "to-read", None)
    dla = papers["dla"]  # "[[Notes]()]": read, without notes
    assert (dla["status"], dla["read"], dla["short"], "links" in dla) == ("read", dt.date(2020, 6, 15), "DLA", False)
    rotnet = papers["rotnet"]  # "[2018 RotNet: ...]": a year prefix and a short name
    assert (rotnet["year"], rotnet["venue"], rotnet["group"]) == (2018, "ICLR", "Depth: Recent Self-Supervised Techniques")

    data = yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))
    assert data["venues"]["NeurIPS"]["aliases"] == ["NIPS"]
    assert data["tags"]["net"].startswith("Networks (FeatEx Backbones")
    assert "week_start: 2020-06-15" in (tmp_path / "kb" / "mkdocs.yml").read_text(encoding="utf-8")
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
    summary = re.search(r"imported (\d+) papers, copied 0 notes, skipped (\d+) duplicates", out)
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
    lottery = papers["the-lottery-ticket-hypothesis-finding-sparse"]
    assert len(lottery["highlights"]) == 2 and lottery["highlights"][1].startswith("The winning tickets we find")
    spatial = papers["spatial-transformer-networks"]  # <b> inside the abstract is stripped
    assert "<b>" not in spatial["abstract"] and "explicitly allows the spatial manipulation" in spatial["abstract"]
    tricks = papers["bag-of-tricks-for-image-classification-with"]
    assert "url" not in tricks and re.search(r":416: dropped URL 'htps://arxiv\.org/abs/1812\.01187v1'", out)
    assert papers["multi-scale-context-aggregation-by-dilated"]["url"] == "https://arxiv.org/abs/1511.07122"
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
    assert "copied 1 notes" in out
    assert papers["resnet"]["read"] == dt.date(2020, 6, 22)  # Wk1 - 2020.06.24: the week's Monday
    assert papers["resnet"]["tags"] == ["net"]
    assert papers["simclr"]["url"] == "https://arxiv.org/pdf/2002.05709v3.pdf"
    assert papers["going-deeper-with-convolutions"]["links"] == {"notes": "https://example.org/notes/inception"}
    assert papers["attention-is-all-you-need"]["status"] == "to-read"  # wish list wins over TBP
    assert "bad-link-paper" in papers and "url" not in papers["bad-link-paper"]
    assert papers["reseaux-de-neurones-une-etude"]["title"] == "Réseaux de neurones: une étude"
    assert_clean(tmp_path / "kb")
    page = (tmp_path / "kb" / "site" / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    assert "identity shortcut" in page


def test_categorised_sample_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_import(SAMPLES / "categorised.md", tmp_path / "kb", capsys)
    papers = papers_of(tmp_path / "kb")
    assert set(papers) == {
        "resnet", "resnext", "attention-is-all-you-need", "multi-scale-context-aggregation-by-dilated",
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
    assert (7, "skipped section 'Resources' (lines 7-8, 1 non-blank lines): not a paper list") in readme.report
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
    assert "imported 1 papers" in out and "skipped 1 duplicates" in out
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
    assert "would import 8 papers, would copy 1 notes" in out and "dry run: nothing was written" in out
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
    assert without_title_heading("# ResNet\n\nBody\n", title, "ResNet") == "Body\n"
    assert without_title_heading("\n# deep residual learning for image recognition\nBody\n", title, None) == "Body\n"
    assert without_title_heading("---\ntags: [a]\n---\n# ResNet ##\n\nBody\n", title, "ResNet") == "---\ntags: [a]\n---\nBody\n"
    assert without_title_heading("# ResNet", title, "ResNet") == ""
    for kept in ("# Why it works\n\nBody\n", "Intro.\n\n# ResNet\n", "## ResNet\n"):
        assert without_title_heading(kept, title, "ResNet") == kept


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
    existing = read_existing("papers:\n  - id: RESNET-2\n    title: Other\n", "papers.yaml")
    ids = []
    for _run in range(2):
        plan = plan_import(parse_readme(text, today=TODAY), existing, tmp_path, tmp_path / "notes", "README.md")
        ids.append([record["id"] for record in plan.records])
    assert ids[0] == ids[1] == ["resnet", "residual-networks-revisited"]
    assert plan.duplicates == 1  # the third entry repeats the second one's title
    assert plan.records[1]["year"] == 2021  # what the repeat adds goes to the first


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
