"""The Pagefind search index: records made from the plan (unit tests of plain functions), and
built sites in tmp_path whose index is read back from its pieces."""

from __future__ import annotations

import gzip
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import build_site, write_project
from papernotes.knowledge.model import Paper
from papernotes.site.search.build import chosen_engine, with_search_worker
from papernotes.site.search.pagefind_service import _Sending
from papernotes.site.search.records import (
    PAPER,
    SearchRecord,
    joined,
    markdown_text,
    paper_record,
    record_html,
    segmented,
    tag_scopes,
    teaser,
    with_unaccented,
)

PAPERS = """\
    tags:
      loc: Localisation
      loc/seg: Segmentation
      med: Medical imaging
    papers:
      - id: u-net
        short: U-Net
        title: "U-Net: Convolutional Networks for Biomedical Image Segmentation"
        authors: [Olaf Ronneberger]
        venue: MICCAI
        year: 2015
        tags: [loc/seg, med]
        remark: the skip-connected encoder-decoder
      - id: resnet
        short: ResNet
        title: Deep Residual Learning for Image Recognition
        venue: CVPR
        year: 2016
"""
NOTES = {
    "papers/u-net.md": """\
        ---
        paper: u-net
        tags: [med]
        ---
        # Notes

        Builds on [[resnet]] with **skip** connections, see [the code](https://example.org/unet).
        编码器和解码器之间的跳跃连接。
        """,
    "reading/resnet-notes.md": "---\npaper: resnet\n---\nShortcut connections.\n",
    "topics/seg.md": "---\ntags: [loc]\n---\n# Segmentation\n\nPixels <b>labelled</b> one by one.\n",
    "guide/howto.md": "# How to\n\nWrite a note.\n",
    "private.md": "---\nsearch: {exclude: true}\n---\n# Private\n\nNot for search.\n",
}


def paper(**fields: Any) -> Paper:
    return Paper.model_validate({"id": "u-net", "title": "U-Net: Convolutional Networks", **fields})


def test_tag_scopes_hold_each_tag_and_the_tags_above_it_once() -> None:
    assert tag_scopes(["loc/seg/2d", "loc/det", "med"]) == ["loc/seg/2d", "loc/seg", "loc", "loc/det", "med"]
    assert tag_scopes([]) == []


def test_markdown_text_keeps_the_words_and_names_the_papers_it_links() -> None:
    names = {"resnet": "ResNet"}.get
    text = markdown_text("# Head\n\nSee [[resnet]] and [[resnet|the paper]], [code](https://x.org) ![fig](a.png) "
                         "<span>**bold**</span> `x = 1`\n\n- item {: #anchor }\n[[unknown]]", names)
    assert text == "Head See ResNet and the paper, code fig bold x 1 item unknown"


def test_markdown_text_is_linear_on_long_runs_of_brackets_and_marks() -> None:
    # A pattern that backtracked would take minutes on these; a single pass takes milliseconds.
    for hostile in ("[" * 200_000, "[[" + "a|" * 100_000, "<" * 200_000, "{:" * 100_000, "![" * 100_000 + "](x"):
        assert isinstance(markdown_text(hostile, lambda _id: None), str)


def test_chinese_text_is_split_into_words() -> None:
    assert segmented("医学图像分割 with U-Net").split() == ["医学", "图像", "分割", "with", "U-Net"]
    assert segmented("no Chinese here") == "no Chinese here"


def test_a_paper_record_holds_its_names_facts_and_note() -> None:
    record = paper_record(paper(short="U-Net", authors=["Olaf Ronneberger"], venue="MICCAI", year=2015,
                                tags=["loc/seg"], remark="encoder-decoder"), "papers/u-net/", "Note text.", ["med", "loc/seg"])
    assert record.title == "U-Net: Convolutional Networks · U-Net"
    assert record.names == ("U-Net", "U-Net: Convolutional Networks", "u-net")
    assert record.text == "Olaf Ronneberger MICCAI 2015 encoder-decoder Note text."
    assert record.tags == ("loc/seg", "med")


def test_a_teaser_is_the_beginning_of_the_text() -> None:
    assert teaser("one two") == "one two"
    assert teaser(" ".join(["w"] * 40)) == " ".join(["w"] * 32) + " …"


def test_a_name_is_also_indexed_as_one_word() -> None:
    assert joined("U-Net: Convolutional Networks") == "unetconvolutionalnetworks"
    assert joined("Ｕ-Net ２") == "unet2" and joined("医学 图像") == "医学图像"
    html = record_html(SearchRecord("papers/x/", PAPER, "T", ("U-Net", "Deep Nets", "u-net"), "", ()), "en")
    assert "unet deepnets" in html


def test_a_word_written_with_accents_is_indexed_without_them_too() -> None:
    assert with_unaccented("Piotr Dollár, Jean-François Crespo, Dollár") == (
        "Piotr Dollár, Jean-François Crespo, Dollár Dollar Francois"  # each once, after the text
    )
    assert with_unaccented("ResNet 2016") == "ResNet 2016"
    # kana with a mark is another word, and Chinese has no accents: both left as they are
    assert with_unaccented("ガウス 医学图像") == "ガウス 医学图像"
    record = SearchRecord("papers/x/", PAPER, "Schrödinger Nets", ("Schrödinger Nets", "x"), "Kirillov, Dollár", ())
    html = record_html(record, "en")
    assert "<h1>Schrödinger Nets Schrodinger</h1>" in html
    assert ">x schrödingernets x schrodingernets</p>" in html
    assert "<p>Kirillov, Dollár Dollar</p>" in html
    assert '<p data-pagefind-meta="teaser">Kirillov, Dollár</p>' in html  # what the reader is shown is unchanged


def test_record_html_escapes_user_text_and_makes_tags_filters() -> None:
    record = SearchRecord("papers/x/", PAPER, 'A <script>"x"</script> & b', ("X&Y", "A <b>"), "<img src=x onerror=1>",
                          ("loc/seg",))
    html = record_html(record, "en")
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;&quot;x&quot;" in html and "X&amp;Y | A &lt;b&gt;" in html
    assert 'data-pagefind-filter="tags:loc/seg"' in html and 'data-pagefind-filter="tags:loc"' in html
    assert html.startswith('<html lang="en">')


def test_auto_takes_lunr_for_a_small_site_and_pagefind_for_a_large_one() -> None:
    assert chosen_engine("auto", 46) == "lunr" and chosen_engine("auto", 99) == "lunr"
    assert chosen_engine("auto", 100) == "pagefind"
    assert chosen_engine("auto", 10_000) == "pagefind"
    assert chosen_engine("pagefind", 3) == "pagefind" and chosen_engine("lunr", 10_000) == "lunr"


def test_only_materials_worker_is_replaced() -> None:
    page = ('<script id="__config" type="application/json">{"base": "..", "search": '
            '"../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>')
    replaced = with_search_worker(page, "../assets/papernotes/search-worker.js")
    assert '"search": "../assets/papernotes/search-worker.js"' in replaced
    assert with_search_worker("<p>search.a7633da7.min.js</p>", "w.js") == "<p>search.a7633da7.min.js</p>"


def test_the_index_reader_waits_for_the_sender_not_for_an_answer_never_due() -> None:
    """All answers read while the sender has not yet said it is done: the reader must wait for
    the sender, not read an answer to a document that was never sent (it hung a build so)."""
    sending = _Sending(io.BytesIO(), 1, None)
    last_sent = threading.Event()

    def documents() -> Iterator[tuple[str, str]]:
        yield "a/", "<p>a</p>"
        last_sent.wait()  # the sender between its last document and `done`

    sender = threading.Thread(target=sending.send_all, args=(documents(),))
    sender.start()
    assert sending.answer_due(0)  # one document sent, its answer due
    said: list[bool] = []
    reader = threading.Thread(target=lambda: said.append(sending.answer_due(1)))
    reader.start()
    reader.join(0.3)
    assert reader.is_alive() and not said  # waiting for the sender, not reading
    last_sent.set()
    reader.join(5)
    sender.join(5)
    assert said == [False] and sending.done


# ---------------------------------------------------------------- built sites


def indexed(site: Path) -> dict[str, dict[str, Any]]:
    """What the index holds of each page, read from its pieces (gzip, a signature, then JSON)."""
    pages = {}
    for piece in (site / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(piece.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("kb"), PAPERS, NOTES, options='search: pagefind\nsearch_exclude: ["guide/*"]')
    return build_site(root)


def test_every_paper_and_note_is_one_record_and_excluded_pages_are_not(site: Path) -> None:
    pages = indexed(site)
    assert set(pages) == {"papers/u-net/", "papers/resnet/", "topics/seg/"}
    unet = pages["papers/u-net/"]
    assert unet["meta"]["title"] == "U-Net: Convolutional Networks for Biomedical Image Segmentation · U-Net"
    assert unet["meta"]["kind"] == "paper" and unet["meta"]["tags"] == "loc/seg med"
    assert unet["meta"]["teaser"].startswith("Olaf Ronneberger MICCAI 2015 the skip-connected encoder-decoder Notes Builds on")
    assert sorted(unet["filters"]["tags"]) == ["loc", "loc/seg", "med"]  # `tags:loc` finds it too
    # the note's words, its [[resnet]] as the paper's name, its link's text without the URL
    assert "Builds on ResNet with skip connections, see the code" in unet["content"]
    assert "example.org" not in unet["content"] and "MICCAI 2015" in unet["content"]
    assert "跳跃 连接" in unet["content"]
    assert pages["topics/seg/"]["content"].endswith("Pixels labelled one by one.")
    assert pages["papers/resnet/"]["content"].endswith("CVPR 2016 Shortcut connections.")  # its note, kept elsewhere


def test_the_site_ships_pagefind_and_the_worker_not_the_lunr_index(site: Path) -> None:
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (site / "pagefind" / "pagefind-ui.js").exists()  # Material's box stands in its place
    lunr = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert lunr["docs"] == []  # only Material's search settings: no page is in it
    page = (site / "papers" / "u-net" / "index.html").read_text(encoding="utf-8")
    assert '"search": "../../assets/papernotes/search-worker.js"' in page
    assert "search-query.js" not in page  # the worker reads Material's query syntax itself
    assert (site / "assets" / "papernotes" / "search-worker.js").is_file()
    assert '"search": "/assets/papernotes/search-worker.js"' in (site / "404.html").read_text(encoding="utf-8")
