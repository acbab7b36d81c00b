"""The preview cards' data: what a card shows, how cards are split, and the files a build writes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build_site, write_project
from papernotes.knowledge.model import Paper
from papernotes.site.previews import ABSTRACT_CHARS, FOLDER, INDEX_URI, card, first_lines, shard_of


def paper(**fields: object) -> Paper:
    return Paper.model_validate({"id": "resnet", "title": "Deep Residual Learning", **fields})


def test_the_shard_hash_is_fnv1a_of_the_utf8_bytes_as_the_script_computes_it() -> None:
    # published FNV-1a 32-bit values: "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968
    assert shard_of("", 2**32) == 0x811C9DC5
    assert shard_of("a", 2**32) == 0xE40C292C
    assert shard_of("foobar", 2**32) == 0xBF9CF968
    assert shard_of("papers/über/", 7) == shard_of("papers/über/", 7) < 7


def test_a_card_shows_the_facts_and_leaves_out_what_is_empty() -> None:
    shown = card(paper(short="ResNet", authors=["A", "B", "C", "D", "E"], venue="CVPR", venue_qualifier="oral", year=2016,
                       read="2020-07-01", rating=5, remark="identity shortcuts"))
    assert shown == {"title": "Deep Residual Learning", "short": "ResNet", "authors": ["A", "B", "C"], "more_authors": 2,
                     "venue": "CVPR oral", "year": 2016, "status": "read", "rating": 5, "remark": "identity shortcuts"}
    assert card(paper()) == {"title": "Deep Residual Learning", "status": "to read"}
    assert "short" not in card(paper(short="Deep Residual Learning"))  # the same as the title: said once


def test_the_abstract_is_cut_to_its_first_lines_at_a_space() -> None:
    assert first_lines("Short  and\n plain.") == "Short and plain."
    long = "word " * 200
    cut = first_lines(long)
    assert cut.endswith("…") and len(cut) <= ABSTRACT_CHARS + 1 and cut[:-1].split() == ["word"] * len(cut[:-1].split())
    assert first_lines("x" * 1000) == "x" * ABSTRACT_CHARS + "…"  # no space: cut where it must be


def test_a_huge_abstract_is_read_only_as_far_as_the_card_shows() -> None:
    # 20 MB of spacing: a scan of the whole text per character would not finish; one bounded slice is instant
    assert first_lines(" \n" * 10_000_000 + "end") == "…"
    assert first_lines("a " * 10_000_000).startswith("a a a")


def test_a_build_writes_every_paper_card_in_the_shard_its_url_hashes_to(tmp_path: Path) -> None:
    records = "\n".join(f"  - {{id: p{i:03d}, title: 'Paper <{i}> & co', year: 2020}}" for i in range(451))
    papers_yaml = "papers:\n" + records + "\n"
    site = build_site(write_project(tmp_path / "kb", papers_yaml))
    index = json.loads((site / INDEX_URI).read_text(encoding="utf-8"))
    assert index["format"] == 1 and index["shards"] == 5  # 451 cards, 100 a shard
    found: dict[str, dict] = {}
    for at in range(index["shards"]):
        shard = json.loads((site / FOLDER / f"{at}.json").read_text(encoding="utf-8"))
        assert all(shard_of(key, index["shards"]) == at for key in shard["cards"])
        found.update(shard["cards"])
    assert len(found) == 451
    assert found["papers/p007/"] == {"title": "Paper <7> & co", "year": 2020, "status": "to read"}  # raw text: the script sets it as text
    assert all((site / key / "index.html").is_file() for key in found)  # keyed by the URL the page has
    first = {at: (site / FOLDER / f"{at}.json").read_bytes() for at in range(index["shards"])}
    again = build_site(tmp_path / "kb")
    assert {at: (again / FOLDER / f"{at}.json").read_bytes() for at in range(index["shards"])} == first  # the same files


def test_every_page_loads_the_preview_script(tmp_path: Path) -> None:
    site = build_site(write_project(tmp_path / "kb", "papers:\n  - {id: resnet, title: ResNet paper}\n"))
    assert 'src="../../assets/papernotes/preview.js"' in (site / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "papernotes" / "preview.js").is_file()
