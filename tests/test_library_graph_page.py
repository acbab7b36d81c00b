"""The Graph page on built sites: in the nav and on the home page, its data file, its legend,
and a plain sentence when there is nothing to draw."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import build_site, write_project

PAPERS = """\
tags:
  net: "Networks <script>alert(1)</script>"
  net/cnn: Convolutional networks
  seg: Segmentation
papers:
  - {id: resnet, title: Deep Residual Learning, short: ResNet, tags: [net/cnn], doi: 10.1109/CVPR.2016.90}
  - {id: unet, title: "U-Net </script><img src=x onerror=alert(1)>", tags: [seg]}
  - {id: fcn, title: Fully Convolutional Networks, short: FCN, tags: [seg]}
  - {id: essay, title: An essay without tags}
"""
REFERENCES = "references:\n  unet:\n    - doi: 10.1109/cvpr.2016.90\n    - title: fully convolutional networks\n"
NOTES = {"unet.md": "---\npaper: unet\n---\nBuilds on [[fcn]] and [[essay]].\n", "index.md": "# Home\n"}


def graph_json(site: Path) -> dict:
    return json.loads((site / "assets" / "papernotes" / "graph.json").read_text(encoding="utf-8"))


def test_the_graph_page_draws_citations_and_note_links_from_its_data_file(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", PAPERS, NOTES)
    (root / "references.yaml").write_text(REFERENCES, encoding="utf-8")
    site = build_site(root, strict=True)
    data = graph_json(site)
    ids = [row[0] for row in data["papers"]]
    assert ids == ["resnet", "unet", "fcn", "essay"]
    pairs = list(zip(data["cites"][::2], data["cites"][1::2], strict=True))
    assert sorted((ids[a], ids[b]) for a, b in pairs) == [("unet", "fcn"), ("unet", "resnet")]
    links = list(zip(data["links"][::2], data["links"][1::2], strict=True))
    assert [(ids[a], ids[b]) for a, b in links] == [("unet", "essay")]  # unet -> fcn is a citation already
    assert data["papers"][1][1] == "U-Net </script><img src=x onerror=alert(1)>"  # text in JSON, drawn as text
    assert all(len(row) == 6 for row in data["papers"])  # each URL follows paper_url
    assert data["paper_url"] == ["papers/", "/"]
    assert [label for label, _colour in data["topics"]] == ["Segmentation", "Networks <script>alert(1)</script>", "No topic"]

    page = (site / "graph" / "index.html").read_text(encoding="utf-8")
    assert "<canvas" in page and 'data-src="../assets/papernotes/graph.json?v=' in page
    assert "<script>alert(1)</script>" not in page and "Networks &lt;script&gt;" in page  # the legend escapes
    assert re.search(r'<a href="\.\./tags/seg/">Segmentation</a> <span class="pn-libgraph__count">2</span>', page)
    assert "The 4 papers of this library, 2 citations between them and 1 link" in page
    assert 'href="https://' not in page.split('<div class="md-content"', 1)[1].split("</article>", 1)[0]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="graph/"' in home  # in the nav


def test_two_builds_write_the_same_graph(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", PAPERS, NOTES)
    (root / "references.yaml").write_text(REFERENCES, encoding="utf-8")
    first = (build_site(root) / "assets" / "papernotes" / "graph.json").read_bytes()
    second = (build_site(root) / "assets" / "papernotes" / "graph.json").read_bytes()
    assert first == second


def test_a_library_without_citations_or_links_says_so_instead_of_drawing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", PAPERS, {"index.md": "# Home\n\n<!-- papernotes:summary -->\n"})
    site = build_site(root, strict=True)
    page = (site / "graph" / "index.html").read_text(encoding="utf-8")
    assert "<canvas" not in page and "graph.js" not in page
    assert "there is nothing to draw yet" in page and "<code>papernotes refs</code>" in page
    assert not (site / "assets" / "papernotes" / "graph.json").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="graph/">The library as a graph</a>' in home


def test_the_graph_page_can_be_left_out(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", PAPERS, NOTES, options="indexes: [tags, explore]")
    (root / "references.yaml").write_text(REFERENCES, encoding="utf-8")
    site = build_site(root, strict=True)
    assert not (site / "graph").exists() and not (site / "assets" / "papernotes" / "graph.js").exists()
    assert "The library as a graph" not in (site / "index.html").read_text(encoding="utf-8")
