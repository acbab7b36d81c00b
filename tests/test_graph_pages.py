"""Built sites with references.yaml: Cites and Cited by on paper pages, the Missing page, author pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import build_site

PAPERS = """\
papers:
  - id: resnet
    title: Deep Residual Learning for Image Recognition
    short: ResNet
    authors: [Kaiming He, "<b>Xiangyu</b> Zhang"]
    year: 2016
    doi: 10.1109/CVPR.2016.90
  - id: densenet
    title: Densely Connected Convolutional Networks
    short: DenseNet
    authors: [Gao Huang, "<b>Xiangyu</b> Zhang"]
    year: 2017
  - id: resnext
    title: Aggregated Residual Transformations for Deep Neural Networks
    short: ResNeXt
    authors: [Saining Xie, Kaiming He]
    year: 2017
    arxiv: "1611.05431"
  - id: lonely
    title: A Paper Nobody Cites
    year: 2020
"""

REFERENCES = """\
references:
  densenet:
    - doi: 10.1109/cvpr.2016.90
    - title: "<script>alert('missing')</script>"
      year: 2015
    - arxiv: "1505.00387"
      title: Highway Networks
  resnext:
    - title: deep residual learning for image recognition
    - arxiv: "1611.05431"
    - title: Densely connected convolutional networks.
    - doi: 10.1109/5.726791
      title: Gradient-based learning applied to document recognition
    - title: "<script>alert('missing')</script>"
  resnet:
    - arxiv: "1611.05431"
    - doi: 10.1109/5.726791
    - arxiv: "1505.00387"
  lonely: []
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("graph") / "kb", PAPERS, {"index.md": "# Home\n"})
    (root / "references.yaml").write_text(REFERENCES, encoding="utf-8")
    return build_site(root, strict=True)


def section(html: str, heading_id: str) -> str:
    """The list under the heading with this id, up to the next heading."""
    match = re.search(rf'<h2 id="{heading_id}"[^>]*>.*?</h2>(.*?)(?=<h2|</article>)', html, re.DOTALL)
    return match.group(1) if match else ""


def listed(html: str) -> list[str]:
    return re.findall(r'data-paper="([^"]+)"', html)


def test_a_paper_page_lists_what_it_cites_and_what_cites_it_in_the_library(site: Path) -> None:
    resnet = (site / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    # a cycle: resnet cites resnext, which cites resnet
    assert listed(section(resnet, "cites")) == ["resnext"]
    assert listed(section(resnet, "cited-by")) == ["densenet", "resnext"]
    assert '<h2 id="cites" data-search-exclude>Cites, in your library</h2>' in resnet
    assert '<h2 id="cited-by" data-search-exclude>Cited by, in your library</h2>' in resnet
    resnext = (site / "papers" / "resnext" / "index.html").read_text(encoding="utf-8")
    # it cites itself (its arXiv id): not its own citer
    assert listed(section(resnext, "cites")) == ["resnet", "densenet"]
    assert listed(section(resnext, "cited-by")) == ["resnet"]


def test_a_paper_with_no_list_in_the_library_has_no_headings(site: Path) -> None:
    lonely = (site / "papers" / "lonely" / "index.html").read_text(encoding="utf-8")
    assert 'id="cites"' not in lonely and 'id="cited-by"' not in lonely


def test_the_lists_stay_out_of_search(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = json.dumps(index)
    assert "Cites, in your library" not in text and "Cited by, in your library" not in text
    missing = [doc for doc in index["docs"] if doc["location"].startswith("missing/")]
    assert missing and "papernotes add" not in json.dumps(missing)


def test_the_missing_page_ranks_works_by_how_many_papers_cite_them(site: Path) -> None:
    html = (site / "missing" / "index.html").read_text(encoding="utf-8")
    works = re.findall(r'<li class="pn-missing__work">(.*?)</li>', html, re.DOTALL)
    counts = [re.search(r'pn-missing__count[^>]*>(\d+)<', work).group(1) for work in works]  # type: ignore[union-attr]
    assert counts == ["2", "2", "2"]  # same count: by title
    assert '<a href="https://doi.org/10.1109/5.726791">Gradient-based learning applied to document recognition</a>' in works[0]
    assert "<code class=\"pn-missing__add\" data-search-exclude>papernotes add 10.1109/5.726791</code>" in works[0]
    assert 'cited by <a href="../papers/resnet/">ResNet</a>, <a href="../papers/resnext/">ResNeXt</a>' in works[0]
    assert '<a href="https://arxiv.org/abs/1505.00387">Highway Networks</a>' in works[1]
    assert "&lt;script&gt;alert(&#39;missing&#39;)&lt;/script&gt;" in works[2] and "<script>alert" not in html
    assert "papernotes add &#39;&lt;script&gt;alert(&#39;&#34;&#39;&#34;&#39;missing" in works[2]
    assert 'cited by <a href="../papers/densenet/">DenseNet</a>, <a href="../papers/resnext/">ResNeXt</a>' in works[2]
    assert "The references of 4 papers are known" in html
    assert re.search(r'<a href="missing/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Missing',
                     (site / "index.html").read_text(encoding="utf-8"))


def test_authors_of_two_papers_have_a_page_linked_from_the_authors_line(site: Path) -> None:
    resnet = (site / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    byline = re.search(r'<p class="pn-paper__authors">(.*?)</p>', resnet).group(1)  # type: ignore[union-attr]
    assert byline.startswith('<a class="pn-author" href="../../authors/kaiming-he/"')
    assert ">&lt;b&gt;Xiangyu&lt;/b&gt; Zhang</a>" in byline and "<b>" not in byline
    lonely = (site / "papers" / "lonely" / "index.html").read_text(encoding="utf-8")
    assert "pn-author" not in lonely
    he = (site / "authors" / "kaiming-he" / "index.html").read_text(encoding="utf-8")
    assert listed(he) == ["resnext", "resnet"]  # newest first
    assert "<h1>Kaiming He</h1>" in he
    zhang = (site / "authors" / "b-xiangyu-b-zhang" / "index.html").read_text(encoding="utf-8")
    assert "<h1>&lt;b&gt;Xiangyu&lt;/b&gt; Zhang</h1>" in zhang
    assert not (site / "authors" / "gao-huang").exists()


def test_without_references_yaml_there_is_no_missing_page(project) -> None:
    root = project(PAPERS, {"index.md": "# Home\n"})
    site = build_site(root, strict=True)
    assert not (site / "missing").exists()
    assert "Cites, in your library" not in (site / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    assert (site / "authors" / "kaiming-he" / "index.html").is_file()


def test_the_pages_can_be_turned_off(project) -> None:
    root = project(PAPERS, {"index.md": "# Home\n"}, "indexes: [weeks, tags]\n")
    (root / "references.yaml").write_text(REFERENCES, encoding="utf-8")
    site = build_site(root, strict=True)
    assert not (site / "missing").exists() and not (site / "authors").exists()
    assert "pn-author" not in (site / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")


def test_a_bad_references_file_stops_a_strict_build_with_its_line(project, caplog: pytest.LogCaptureFixture) -> None:
    root = project(PAPERS, {"index.md": "# Home\n"})
    (root / "references.yaml").write_text("references:\n  resnet:\n    - dio: 10.1000/x\n", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - MkDocs' Abort for errors in strict mode
        build_site(root, strict=True)
    assert "references.yaml:3:7: error: unknown key 'dio' (did you mean 'doi'?)" in caplog.text


def test_a_work_cited_by_many_papers_names_a_dozen_and_counts_the_others(project) -> None:
    """A classic cited by hundreds of a lab's papers stays one line, not hundreds of names."""
    papers = "papers:\n" + "".join(f"  - id: p{i}\n    title: Paper number {i}\n    year: 2020\n" for i in range(15))
    references = "references:\n" + "".join(f"  p{i}:\n    - doi: 10.1109/5.726791\n" for i in range(15))
    root = project(papers, {"index.md": "# Home\n"})
    (root / "references.yaml").write_text(references, encoding="utf-8")
    html = (build_site(root, strict=True) / "missing" / "index.html").read_text(encoding="utf-8")
    cited = re.search(r'<span class="pn-missing__cited"[^>]*>(.*?)</span>', html, re.DOTALL).group(1)  # type: ignore[union-attr]
    assert re.findall(r">(Paper number \d+)</a>", cited) == [f"Paper number {i}" for i in range(12)]
    assert cited.endswith(" and 3 others")
