"""The name files the search worker reads before Pagefind's index (site/search/names.py): each
name is in the file the worker hashes it to, the files stay small, a built site ships them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build_site, write_project
from papernotes.site.search.names import COUNT_FILE, NAMES_PER_FILE, name_files, name_hash
from papernotes.site.search.records import NOTE, PAPER, SearchRecord, joined

WORDS = ["residual", "resolution", "network", "net", "attention", "transformer", "vision", "deep", "field"]


def records(count: int) -> list[SearchRecord]:
    """Papers whose names begin alike (the prefixes of a library of one field), a paper named
    by a word that begins the others' names, a Chinese title, a hostile one, a note."""
    made = []
    for at in range(count):
        title = " ".join(WORDS[(at * step) % len(WORDS)] for step in (1, 2, 3)) + f" {at}"
        made.append(SearchRecord(f"papers/p{at}/", PAPER, title, (f"Res{at}", title, f"p{at}"), "text " * 40, ("cv",)))
    made.append(SearchRecord("papers/res/", PAPER, "Res", ("Res", "res"), "", ()))
    made.append(SearchRecord("papers/zh/", PAPER, "医学图像分割", ("医学图像分割", "zh-1"), "", ("med",)))
    made.append(SearchRecord("papers/x/", PAPER, '</script><img src=x onerror="a">', ("</script>x", "x-1"), "", ()))
    made.append(SearchRecord("topics/seg/", NOTE, "Segmentation", ("Segmentation",), "Pixels.", ()))
    return made


def looked_up(files: dict[str, str], query: str) -> list[str]:
    """The pages the worker finds for `query` (search-worker.js, namedPages): those of the file
    the query, as one word, hashes to with a name that is the query as one word."""
    one = joined(query)
    pages = json.loads(files[f"{name_hash(one) % json.loads(files[COUNT_FILE])['files']}.json"])
    return [page[0] for page in pages if any(joined(name) == one for name in page[3])]


def test_the_hash_is_32_bit_fnv_1a_as_the_worker_computes_it() -> None:
    assert name_hash("") == 0x811C9DC5
    assert name_hash("a") == 0xE40C292C and name_hash("foobar") == 0xBF9CF968  # the published test vectors
    assert name_hash("医学") == name_hash("医学") < 2**32


def test_every_name_finds_its_page_in_the_file_the_worker_picks() -> None:
    made = records(3000)
    files = name_files(made)
    assert len(files) > 200  # 9,000 names do not go in one file
    for record in made:
        for name in record.names:
            assert record.url in looked_up(files, name), name
    assert looked_up(files, "Res") == ["papers/res/"]  # a name that begins hundreds of others
    assert looked_up(files, "医学 图像分割") == ["papers/zh/"]
    assert looked_up(files, "no such name") == [] and looked_up(files, "resi") == []


def test_files_stay_small_however_alike_the_names_begin() -> None:
    files = name_files(records(3000))
    sizes = sorted(len(json.loads(text)) for name, text in files.items() if name != COUNT_FILE)
    assert sum(sizes) >= 3000 and sizes[-1] <= 3 * NAMES_PER_FILE  # pages a file holds: spread by the hash
    assert max(len(text) for text in files.values()) < 40_000


def test_a_page_entry_holds_what_the_result_list_shows() -> None:
    files = name_files(records(10))
    entries = [entry for name, text in files.items() if name != COUNT_FILE for entry in json.loads(text)]
    hostile = next(entry for entry in entries if entry[0] == "papers/x/")
    # JSON text, as written: the worker escapes what it shows (escapeHtml), as it does Pagefind's data
    assert hostile == ["papers/x/", '</script><img src=x onerror="a">', PAPER, ["</script>x", "x-1"], [], ""]
    assert next(entry for entry in entries if entry[0] == "papers/p1/")[5] == " ".join(["text"] * 32) + " …"


def test_the_files_are_the_same_on_two_builds() -> None:
    assert name_files(records(500)) == name_files(records(500))


def test_a_site_with_pagefind_ships_the_name_files(tmp_path: Path) -> None:
    papers = """\
    tags:
      cv: Vision
    papers:
      - id: resnet
        short: ResNet
        title: Deep Residual Learning for Image Recognition
        authors: [Kaiming He]
        venue: CVPR
        year: 2016
        tags: [cv]
    """
    site = build_site(write_project(tmp_path, papers, {}, options="search: pagefind"))
    files = {path.name: path.read_text(encoding="utf-8") for path in (site / "pagefind" / "names").iterdir()}
    assert set(files) == {COUNT_FILE, "0.json"}  # two names and an id: one file
    assert looked_up(files, "Deep Residual Learning for image recognition") == ["papers/resnet/"]
    assert looked_up(files, "ResNet") == looked_up(files, "resnet") == ["papers/resnet/"]
