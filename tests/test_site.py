"""Full builds in tmp_path: the HTML of every page kind, escaping, determinism, problems."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import REPO, build_site

PAPERS = """\
tags:
  net: Network architectures
  loc: Localization
  loc/seg: Segmentation, semantic and instance
  uns: Unsupervised learning
venues:
  CVPR:
    name: Computer Vision and Pattern Recognition
  NeurIPS:
    name: Neural Information Processing Systems
    aliases: [NIPS]
  MICCAI:
papers:
  - id: resnet
    title: Deep Residual Learning for Image Recognition
    short: ResNet
    authors: [Kaiming He, Xiangyu Zhang]
    year: 2016
    venue: CVPR
    url: https://arxiv.org/abs/1512.03385
    links: {code: "https://github.com/KaimingHe/deep-residual-networks", pdf: papers/resnet.pdf}
    tags: [net]
    read: 2020-06-22
    group: "Breadth: Classics"
    rating: 5
    remark: shortcuts & very deep nets
    abstract: Residual connections make deep networks trainable.
    highlights: ["Identity shortcuts cost nothing."]
  - id: densenet
    title: Densely Connected Convolutional Networks
    short: DenseNet
    year: 2017
    venue: CVPR
    tags: [net]
    read: 2020-06-23
    group: "Breadth: Classics"
  - id: unet
    title: "U-Net: Convolutional Networks for Biomedical Image Segmentation"
    short: U-Net
    year: 2015
    venue: MICCAI
    tags: [loc/seg]
    read: 2020-07-06
    group: "Breadth: Segmentation"
  - id: fixmatch
    title: "FixMatch: Simplifying Semi-Supervised Learning"
    year: 2020
    tags: [uns]
    read: 2020-07-08
    group: "Depth: Self-supervised"
    links: {notes: "https://example.org/fixmatch-notes"}
  - id: moco
    title: Momentum Contrast for Unsupervised Visual Representation Learning
    short: MoCo
    year: 2020
    venue: CVPR
    tags: [uns]
    read: 2020-07-07
    status: reading
    group: "Breadth: Segmentation"
  - id: distbelief
    title: Large Scale Distributed Deep Networks
    year: 2012
    venue: NIPS
    tags: [net]
    status: reading
  - id: efficientnet
    title: "EfficientNet: Rethinking Model Scaling"
    year: 2019
    tags: [net]
"""

NOTES = {
    "papers/resnet.pdf": "%PDF-1.4\n",  # links.pdf of resnet names it
    "index.md": "# Home\n\n<!-- papernotes:summary -->\n",
    "reading/resnet-notes.md": """\
        ---
        paper: resnet
        ---
        The shortcut idea returns in [[densenet]] and in [[unet|the U-Net skip connections]].

        ```
        [[not-a-ref]]
        ```
        """,
    "topics/deep-nets.md": """\
        ---
        title: Deep networks
        tags: [net]
        ---
        # Deep networks

        [[resnet]] made depth cheap; [[densenet]] reused features.
        """,
}

OPTIONS = """\
week_start: 2020-06-15
weekly_goal: 6
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("site") / "kb", PAPERS, NOTES, OPTIONS)
    return build_site(root, strict=True)


def article(site: Path, url: str) -> str:
    """The <article> of a built page: the page's own content, without the theme around it."""
    text = (site / url / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', text, re.S)
    assert match, f"no article in {url}"
    return match.group(1)


def items(html: str) -> list[str]:
    """Paper ids of the list items of a paper list, in order."""
    return re.findall(r'data-paper="([^"]+)"', html)


def test_paper_page_with_note(site: Path) -> None:
    body = article(site, "papers/resnet")
    # The short name is part of the heading (search indexes it as the title), set apart by a dot.
    assert ('<h1 class="pn-paper__title" id="resnet">Deep Residual Learning for Image Recognition<span class="pn-paper__short">'
            '<span class="pn-sep"> · </span><span class="pn-short">ResNet</span></span></h1>') in body
    assert '<span class="pn-badge">CVPR 2016</span>' in body
    assert "Kaiming He, Xiangyu Zhang" in body
    assert 'href="../../weeks/2020-06-22/"><span class="pn-date">2020-06-22</span></a> <span class="pn-week-label">(Week 1 · 22–28 Jun 2020)</span>' in body
    assert '<span class="pn-paper__id"' in body and '>resnet</span>' in body  # the id, for [[id]] and for search
    assert '<a class="md-tag pn-tag" href="../../tags/net/" title="net">Network architectures</a>' in body  # its name; its key as tooltip
    assert 'href="https://github.com/KaimingHe/deep-residual-networks">Code</a>' in body
    assert 'href="../resnet.pdf">PDF</a>' in body
    assert "Residual connections make deep networks trainable." in body
    assert "<blockquote><p>Identity shortcuts cost nothing.</p></blockquote>" in body
    assert "★★★★★" in body
    assert '<p class="pn-paper__remark">shortcuts &amp; very deep nets</p>' in body
    # The note body, with references as links, code left alone.
    assert '<a class="pn-ref" href="../densenet/" title="Densely Connected Convolutional Networks">DenseNet</a>' in body
    assert '>the U-Net skip connections</a>' in body
    assert "[[not-a-ref]]" in body
    assert "No notes yet" not in body
    # The note is the paper's page, not a second page.
    assert not (site / "reading" / "resnet-notes").exists()
    # Backlinks and related papers.
    assert re.search(r'Mentioned in</h2>\s*<ul class="pn-mentions"><li><a href="../../topics/deep-nets/">Deep networks</a>', body)
    # Lists of other papers are left out of search: each would put every name on many pages.
    assert '<h2 id="mentioned-in" data-search-exclude>' in body and '<h2 id="related" data-search-exclude>' in body
    related = body.split('id="related"')[1]
    assert items(related)[0] == "densenet"


def test_paper_page_without_note(site: Path) -> None:
    body = article(site, "papers/densenet")
    assert "No notes yet" in body and "Read, notes to be written." in body
    assert "paper: densenet" not in body  # the hint for the author shows only while serving
    # resnet's note mentions densenet: the backlink goes to the paper page the note became.
    assert re.search(r'Mentioned in</h2>\s*<ul class="pn-mentions"><li><a href="../resnet/">Deep Residual Learning', body)
    assert 'on <a href="../../weeks/2020-06-22/"><span class="pn-date">2020-06-23</span></a>' in body
    body = article(site, "papers/moco")
    assert ('<span class="pn-status pn-status--reading" data-search-exclude>reading</span> <time datetime="2020-07-07" '
            'data-search-exclude>since <a href="../../weeks/2020-07-06/"><span class="pn-date">2020-07-07</span></a>') in body
    assert "Being read; notes to come." in body
    body = article(site, "papers/fixmatch")
    assert "No notes yet" not in body
    assert 'kept elsewhere: <a href="https://example.org/fixmatch-notes">external notes</a>' in body
    body = article(site, "papers/efficientnet")
    assert "On the reading list." in body
    assert '<span class="pn-status pn-status--to-read" data-search-exclude>to read</span>' in body


def test_weeks_index_newest_first_with_counts(site: Path) -> None:
    body = article(site, "weeks")
    labels = re.findall(r'<a href="[^"]+">(Week \d+ · [^<]+)</a></h2>\s*<p class="pn-week__summary">(\d+) papers?', body)
    assert labels == [("Week 3 · 6–12 Jul 2020", "3"), ("Week 1 · 22–28 Jun 2020", "2")]
    # Every week's papers on the one page, by group, as on the week pages.
    assert items(body) == ["unet", "moco", "fixmatch", "resnet", "densenet"]
    assert re.findall(r'<h3 class="pn-week__group" id="week-2020-07-06-\d">([^<]+)</h3>', body) == ["Breadth: Segmentation", "Depth: Self-supervised"]
    # The table of contents lists the weeks.
    toc = (site / "weeks" / "index.html").read_text(encoding="utf-8").split('class="md-nav md-nav--secondary"')[1]
    assert 'href="#week-2020-07-06"' in toc and 'href="#week-2020-06-22"' in toc
    assert "goal 6 a week" in body
    assert "4 papers read" in body  # moco is being read: logged in its week, not counted as read
    assert "2 / 6" in body


def test_a_remark_shows_beside_the_paper_in_its_lists(site: Path) -> None:
    for page in ("weeks/2020-06-22", "tags/net", "venues/cvpr"):
        entry = article(site, page).split('data-paper="resnet"', 1)[1].split("</li>", 1)[0]
        assert '<span class="pn-remark">shortcuts &amp; very deep nets</span>' in entry, page
    densenet = article(site, "weeks/2020-06-22").split('data-paper="densenet"', 1)[1].split("</li>", 1)[0]
    assert "pn-remark" not in densenet


def test_a_tag_key_made_on_import_shows_its_description(project) -> None:
    """`papernotes import` keys a tag written without Latin letters tag-<hash>; its chips show the text."""
    import json

    papers = PAPERS.replace("  uns: Unsupervised learning\n", "  uns: Unsupervised learning\n  tag-fa9823c2: 通义万象\n", 1)
    papers = papers.replace("tags: [loc/seg]", "tags: [loc/seg, tag-fa9823c2]", 1)
    site = build_site(project(papers, NOTES, OPTIONS), strict=True)
    chip = '<a class="md-tag pn-tag" href="../../tags/tag-fa9823c2/" title="tag-fa9823c2">通义万象</a>'
    assert chip in article(site, "papers/unet")
    assert chip in article(site, "weeks/2020-07-06")
    assert '<a class="md-tag pn-tag" href="../../tags/net/" title="net">Network architectures</a>' in article(site, "papers/resnet")
    index = article(site, "tags")
    assert '<a class="md-tag pn-tag" href="tag-fa9823c2/">通义万象</a>' in index and 'pn-description">通义万象' not in index
    assert "<h1>通义万象 <code class=\"pn-tag-key\">tag-fa9823c2</code></h1>" in article(site, "tags/tag-fa9823c2")
    rows = json.loads((site / "assets" / "papernotes" / "explore.json").read_text(encoding="utf-8"))["tags"]
    assert ["tag-fa9823c2", -1, "通义万象"] in rows and ["net", -1, "Network architectures"] in rows


def test_a_note_heading_that_repeats_the_title_is_left_out_and_reported(project, caplog: pytest.LogCaptureFixture) -> None:
    """'# U-Net' on a paper titled 'UNet': one rule for the page and for check, so the page shows
    the title once and the build says why the heading is gone."""
    papers = PAPERS.replace('title: "U-Net: Convolutional Networks for Biomedical Image Segmentation"\n    short: U-Net\n',
                            "title: UNet\n", 1)
    notes = {**NOTES, "papers/unet.md": "---\npaper: unet\n---\n# U-Net\n\nThe skip connections.\n"}
    site = build_site(project(papers, notes, OPTIONS))
    body = article(site, "papers/unet")
    assert body.count("<h1") == 1 and ">U-Net</h1>" not in body and "The skip connections." in body
    assert any("papers/unet.md:4:1" in r.getMessage() and "heading '# U-Net' repeats the paper's title" in r.getMessage()
               for r in caplog.records)


def test_week_page_groups_in_order(site: Path) -> None:
    body = article(site, "weeks/2020-07-06")
    assert "<h1>Week 3 · 6–12 Jul 2020</h1>" in body
    assert "3 papers, 2 read" in body
    groups = re.findall(r'<h2 id="group-\d+">([^<]+)</h2>', body)
    assert groups == ["Breadth: Segmentation", "Depth: Self-supervised"]
    first, second = body.split('<h2 id="group-2">')
    assert items(first) == ["unet", "moco"]  # by read date inside a group
    assert items(second) == ["fixmatch"]
    assert 'older: Week 1' in body


def test_tags_index_tree_and_counts(site: Path) -> None:
    body = article(site, "tags")
    # The child sits inside its parent's list item.
    assert re.search(
        r'href="loc/">Localization</a> <span class="pn-count">1</span> <code class="pn-tag-key"[^>]*>loc</code>.*?'
        r'<ul class="pn-tagtree">\s*<li><a class="md-tag pn-tag" href="loc/seg/">Segmentation, semantic and instance</a>',
        body, re.S,
    )
    assert 'href="net/">Network architectures</a> <span class="pn-count">4</span> <code class="pn-tag-key" title="the tag\'s key in papers.yaml">net</code></li>' in body


def test_tag_page_lists_papers_of_child_tags(site: Path) -> None:
    body = article(site, "tags/loc")
    assert items(body) == ["unet"]
    body = article(site, "tags/net")
    assert items(body.split('id="papers"')[1]) == ["efficientnet", "densenet", "resnet", "distbelief"]  # year desc
    assert '<a href="../../topics/deep-nets/">Deep networks</a>' in body
    assert 'href="../../explore/?tag=net"' in body


def test_venues_aliases_and_preprints(site: Path) -> None:
    body = article(site, "venues")
    assert "<p>3 venues." in body
    rows = re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a>.*?</td><td>(\d+)</td>', body)
    assert rows == [
        ("cvpr/", "CVPR", "3"),
        ("miccai/", "MICCAI", "1"),
        ("neurips/", "NeurIPS", "1"),
        ("other/", "Preprints and other", "2"),
    ]
    body = article(site, "venues/cvpr")
    assert re.findall(r'<h2 id="y(\d+)">', body) == ["2020", "2017", "2016"]
    assert items(article(site, "venues/neurips")) == ["distbelief"]  # written NIPS
    assert items(article(site, "venues/other")) == ["fixmatch", "efficientnet"]  # year desc


def test_years(site: Path) -> None:
    body = article(site, "years")
    assert re.findall(r'<a href="(\d+)/">\1</a> · (\d+)', body) == [("2020", "2"), ("2019", "1"), ("2017", "1"), ("2016", "1"), ("2015", "1"), ("2012", "1")]
    assert items(article(site, "years/2020")) == ["fixmatch", "moco"]


def test_reading_list(site: Path) -> None:
    body = article(site, "reading-list")
    reading, rest = body.split('id="to-read"')
    to_read, without_notes = rest.split('id="read-without-notes"')
    assert items(reading) == ["moco", "distbelief"]
    assert items(to_read) == ["efficientnet"]
    # fixmatch's notes are kept elsewhere (links.notes): it has notes, just not here.
    assert items(without_notes) == ["unet", "densenet"]


def test_home_summary(site: Path) -> None:
    body = article(site, "")
    assert "<strong>7</strong> papers, <strong>4</strong> read, <strong>1</strong> with notes" in body
    # "Preprints and other" gathers papers without a venue; it is not a venue.
    assert "<strong>3</strong> venues" in body
    assert '<a href="weeks/"><strong>2</strong> weeks</a>' in body
    assert 'Latest: <a href="weeks/2020-07-06/">Week 3 · 6–12 Jul 2020</a>' in body


def test_papers_are_not_nav_entries(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    nav = page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "papers/" not in nav and "weeks/2020" not in nav and "tags/net" not in nav
    for entry in ("Reading log", "Topics", "Conferences", "Years", "Reading list"):
        assert entry in nav


def test_paper_tags_reach_material_search(site: Path) -> None:
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entry = next(d for d in index["docs"] if d["location"] == "papers/unet/")
    assert entry["tags"][0] == "loc/seg"
    assert "U-Net" in entry["title"]


class _Collect(HTMLParser):
    """Every element with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


HOSTILE = """\
tags:
  net: "<script>alert('tag')</script>"
venues:
  "<b>V</b>":
    name: '"><img src=x onerror=alert(5)>'
papers:
  - id: evil
    title: "<script>alert('title')</script>"
    short: '"><img src=x onerror=alert(1)>'
    authors: ["<img src=x onerror=alert(2)>"]
    abstract: "</textarea><script>alert(3)</script>"
    group: "<svg onload=alert(4)>"
    remark: "<img src=x onerror=alert(16)>"
    venue: "<b>V</b>"
    year: 2020
    read: 2020-06-22
    tags: [net]
    highlights: ["<iframe src=javascript:alert(6)>"]
  - id: links
    title: Links
    url: "javascript:alert(7)"
    image: "JaVaScRiPt:alert(8)"
    links: {code: "data:text/html,<script>alert(9)</script>"}
"""

HOSTILE_NOTES = {
    "evil-note.md": """\
        ---
        paper: evil
        title: "</title><script>alert(10)</script>"
        description: '"><script>alert(11)</script>'
        ---
        [click](javascript:alert(12)) and [[evil|<img src=x onerror=alert(13)>]]
        """,
    "topic.md": """\
        ---
        title: "<script>alert(14)</script>"
        tags: ["<script>alert(15)</script>"]
        ---
        Text.
        """,
}


def test_hostile_strings_render_inert(project) -> None:
    site = build_site(project(HOSTILE, HOSTILE_NOTES))
    pages = list(site.rglob("*.html"))
    assert (site / "papers" / "evil" / "index.html").exists()
    seen_evil = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        seen_evil += "alert(" in text
        parser = _Collect()
        parser.feed(text)
        for tag, attrs in parser.elements:
            assert tag not in ("iframe",), f"{path}: <{tag}> from user data"
            for name, value in attrs:
                assert not name.startswith("on"), f"{path}: event handler {name}={value!r} on <{tag}>"
                if name in ("href", "src") and value:
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), f"{path}: {name}={value!r}"
        for script in parser.scripts:
            assert "alert(" not in script, f"{path}: user data inside <script>"
        assert "<title></title><script>" not in text
    assert seen_evil >= 5  # the strings are shown (escaped), not dropped


def _bomb_front_matter(levels: int) -> str:
    rows = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(rows) + f"\nhide: *l{levels - 1}\ntags: *l{levels - 1}\nsearch: *l{levels - 1}\n"


def test_hostile_front_matter_never_reaches_the_templates(project, caplog: pytest.LogCaptureFixture) -> None:
    # Nine levels of nine aliases: 387 million strings (gigabytes) if MkDocs, the theme or the
    # search plugin walked it; this build takes a few seconds here.
    notes = {
        "bomb.md": "---\n" + _bomb_front_matter(9) + "template: redirect.html\nlocation: javascript:alert(1)\n---\n# Bomb\n",
        "loop.md": "---\nhide: &h [toc, *h]\ndescription: &d [*d]\n---\n# Loop\n",
        "away.md": "---\ntemplate: redirect.html\nlocation: \"https://x.org/\\\";alert(2);//\"\n---\n# Away\n",
        # no `---`: MkDocs alone would read these lines as MultiMarkdown meta
        "plain.md": "template: redirect.html\nlocation: javascript:alert(3)\n\n# Plain\n",
        "base.md": "---\ntemplate: base.html\n---\n# Base\n",
        "fine.md": "---\ntemplate: redirect.html\nlocation: ../plain/\n---\n",
    }
    site = build_site(project(PAPERS, notes, OPTIONS))
    messages = [r.getMessage() for r in caplog.records]
    assert "docs/bomb.md:9:5: error: 'hide' (item 1) must be text, got a list" in messages
    assert "docs/bomb.md:15:1: error: 'location' must be an http(s) or a relative URL, got a 'javascript:' URL" in messages
    assert "docs/loop.md:2:7: error: 'hide' (item 2) must be text, got a list" in messages
    assert "docs/away.md:3:1: error: 'location': location may not hold '\"': write the URL percent-encoded (e.g. %20 for a space)" in messages
    assert any(m.startswith("docs/base.md:2:1: error: 'template': template 'base.html' is not a page template") for m in messages)
    for name in ("bomb", "loop", "away", "plain", "base"):
        html = (site / name / "index.html").read_text(encoding="utf-8")
        assert "md-content" in html and "window.location.replace" not in html, name
        assert "alert(" not in html.split("<article", 1)[0], name  # nothing from front matter in the head
    assert "template: redirect.html" in article(site, "plain")  # shown as the text it is
    redirect = (site / "fine" / "index.html").read_text(encoding="utf-8")
    assert 'window.location.replace(["../plain/"' in redirect


def test_names_that_collide_with_generated_pages_are_reported_not_dropped(project, caplog: pytest.LogCaptureFixture) -> None:
    papers = """\
        tags:
          index: Index structures
        venues:
          Index:
        papers:
          - id: index
            title: A paper called index
          - id: b
            title: B
            tags: [index]
            venue: Index
        """
    site = build_site(project(papers, {}))
    messages = [r.getMessage() for r in caplog.records]
    assert "papers.yaml:2:3: error: tag 'index' would put its page at tags/index.md, where the Topics page is; rename the tag" in messages
    assert any(m.startswith("papers.yaml:4:3: error: venue 'Index' would put its page at venues/index.md") for m in messages)
    assert any(m.startswith("papers.yaml:6:5: error: paper id 'index' is reserved") for m in messages)
    assert "<h1" in article(site, "tags") and "Topics" in article(site, "tags")
    assert "Conferences" in article(site, "venues")
    assert not (site / "papers" / "index.html").exists()
    assert (site / "papers" / "b" / "index.html").exists()


def test_notes_below_a_folder_link_build_and_a_link_loop_does_not(project, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = project("papers:\n  - id: a\n    title: Paper A\n", {"topic.md": "# Topic\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text("---\npaper: a\ndescription: 5\n---\nWords kept in another folder.\n", encoding="utf-8")
    (root / "docs" / "shared").symlink_to(elsewhere, target_is_directory=True)
    (root / "docs" / "loop").symlink_to(".", target_is_directory=True)  # MkDocs alone fails copying loop/loop/...
    site = build_site(root)
    messages = [r.getMessage() for r in caplog.records]
    assert "docs/shared/a.md:3:1: error: 'description' must be text or a list of text, got the number 5 (put it in quotes to make it text)" in messages
    assert any(m.startswith("docs/loop:1:1: error: folder link points to 'docs', which holds it") for m in messages)
    assert "Words kept in another folder." in article(site, "papers/a")
    assert not (site / "loop").exists()


def test_two_builds_are_identical(project, tmp_path: Path) -> None:
    root = project(PAPERS, NOTES, OPTIONS)
    first = build_site(root)
    copy = tmp_path / "first"
    first.rename(copy)
    second = build_site(root)
    generated = [p for p in copy.rglob("*.html") if p.relative_to(copy).parts[0] in ("papers", "weeks", "tags", "venues", "years", "reading-list", "explore")]
    assert len(generated) > 20
    for path in generated:
        assert path.read_bytes() == (second / path.relative_to(copy)).read_bytes(), path


def test_warnings_build_but_fail_strict(project, caplog: pytest.LogCaptureFixture) -> None:
    broken = PAPERS.replace("tags: [uns]\n    read: 2020-07-08", "tags: [unz]\n    read: 2020-07-08")
    root = project(broken, NOTES, OPTIONS)
    site = build_site(root)
    assert (site / "papers" / "fixmatch" / "index.html").exists()
    assert any("papers.yaml:" in r.getMessage() and "unknown tag 'unz' (did you mean 'uns'?)" in r.getMessage() for r in caplog.records)
    with pytest.raises(Abort):
        build_site(root, strict=True)


def test_unparsable_papers_file_is_one_clean_line(project) -> None:
    root = project("papers:\n  - id: a\n    title: [unclosed\n", {})
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"papers.yaml:4:1: error: YAML syntax error", result.stderr)


def test_minimal_user_project_builds_with_defaults(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    (root / "docs").mkdir(parents=True)
    (root / "papers.yaml").write_text("papers:\n  - id: attention\n    title: Attention Is All You Need\n    read: 2021-03-02\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Mine\ntheme: material\nplugins: [search, papernotes]\n", encoding="utf-8")
    site = build_site(root, strict=True)
    assert "Attention Is All You Need" in article(site, "papers/attention")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<strong>1</strong> paper," in home
    nav = home.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "papers/attention" not in nav


def test_sample_builds_strict_and_every_internal_link_resolves(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    broken = []
    checked = 0
    for page in site.rglob("*.html"):
        parser = _Collect()
        text = page.read_text(encoding="utf-8")
        assert "papernotes:deferred" not in text, page  # the marker of what search skips is always filled in
        parser.feed(text)
        for _tag, attrs in parser.elements:
            for name, value in attrs:
                if name not in ("href", "src") or not value:
                    continue
                if re.match(r"[a-z]+:|//|#", value, re.I):
                    continue
                target = value.split("#")[0].split("?")[0]
                if not target:
                    continue
                # 404.html is served from any depth, so MkDocs writes its links from the root
                base = site if target.startswith("/") else page.parent
                resolved = (base / target.lstrip("/")).resolve()
                if resolved.is_dir():
                    resolved = resolved / "index.html"
                checked += 1
                if not resolved.exists():
                    broken.append(f"{page.relative_to(site)}: {value}")
    assert checked > 1000
    assert not broken, broken[:20]
