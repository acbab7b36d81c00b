"""While serving, a record with errors is set aside: shown as it last read without errors, or
left out; the other records load as they are. Plain functions, no build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from papernotes.knowledge.broken_records import LastGoodRecords
from papernotes.knowledge.knowledge_base import KnowledgeBase
from papernotes.knowledge.validation import LoadMemo, load_knowledge_base

TODAY = dt.date(2024, 6, 1)

GOOD = """\
papers:
  - id: resnet
    title: Deep Residual Learning
    year: 2016
    doi: 10.1109/CVPR.2016.90
  - id: densenet
    title: Densely Connected Networks
    year: 2017
  - id: unet
    title: U-Net
    year: 2015
"""


class Session:
    """Loads as `mkdocs serve` does: one memo and one LastGoodRecords across saves."""

    def __init__(self, root: Path):
        self.root = root
        self.memo = LoadMemo()
        self.last_good = LastGoodRecords()
        (root / "notes").mkdir()

    def load(self, text: str) -> KnowledgeBase:
        (self.root / "papers.yaml").write_text(text, encoding="utf-8")
        return load_knowledge_base(self.root / "papers.yaml", self.root / "notes", self.root, TODAY, self.memo,
                                   last_good=self.last_good)


def test_a_broken_record_is_shown_as_it_last_read_without_errors(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.load(GOOD)
    text = GOOD.replace("Densely Connected Networks", "Densely (half typed)").replace("year: 2017", "year: soon")
    kb = session.load(text.replace("title: U-Net", "title: U-Net (edited)"))
    assert list(kb.papers) == ["resnet", "densenet", "unet"]  # in the file's order
    assert kb.papers["densenet"].title == "Densely Connected Networks"
    assert kb.papers["unet"].title == "U-Net (edited)"
    assert [(b.check.line, b.check.paper_id, b.shown_as_before) for b in kb.broken_records] == [(6, "densenet", True)]
    assert [p.format() for p in kb.broken_records[0].check.errors] == [
        "papers.yaml:8:5: error: 'year' must be a whole number, got the text 'soon'"
    ]
    assert kb.errors == list(kb.broken_records[0].check.errors)  # still reported
    # Fixed: the record as it is now.
    kb = session.load(text.replace("year: soon", "year: 2017"))
    assert kb.papers["densenet"].title == "Densely (half typed)" and kb.broken_records == []


def test_a_record_that_never_read_without_errors_is_left_out(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.load(GOOD)
    kb = session.load(GOOD + "  - id: vit\n    title: ViT\n    read: someday\n")
    assert list(kb.papers) == ["resnet", "densenet", "unet"]
    assert [(b.check.paper_id, b.shown_as_before) for b in kb.broken_records] == [("vit", False)]
    # A record whose id is not text is named by its line only.
    kb = session.load(GOOD + "  - id: [vit]\n    title: ViT\n")
    assert [(b.check.line, b.check.paper_id, b.shown_as_before) for b in kb.broken_records] == [(12, None, False)]


def test_a_stand_in_never_takes_an_id_or_identifier_a_sound_record_has_now(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.load(GOOD)
    # A second 'densenet' above the first: the first record in the file keeps the id.
    copy = "  - id: densenet\n    title: Dense copy\n"
    kb = session.load(GOOD.replace("  - id: densenet\n", copy + "  - id: densenet\n", 1))
    assert kb.papers["densenet"].title == "Dense copy"
    assert [(b.check.line, b.shown_as_before) for b in kb.broken_records] == [(8, False)]
    # resnet's DOI moved to densenet and resnet broken: its last good version would repeat the DOI.
    session.load(GOOD)
    text = GOOD.replace("year: 2016\n    doi: 10.1109/CVPR.2016.90", "year: soon")
    text = text.replace("year: 2017", "year: 2017\n    doi: 10.1109/cvpr.2016.90")
    kb = session.load(text)
    assert list(kb.papers) == ["densenet", "unet"]
    assert [(b.check.paper_id, b.shown_as_before) for b in kb.broken_records] == [("resnet", False)]


def test_a_note_of_a_paper_shown_as_before_stays_its_page(tmp_path: Path) -> None:
    session = Session(tmp_path)
    (tmp_path / "notes" / "densenet.md").write_text("---\npaper: densenet\n---\nReuse features.\n", encoding="utf-8")
    session.load(GOOD)
    kb = session.load(GOOD.replace("year: 2017", "year: soon"))
    assert kb.note_of_paper["densenet"].src_uri == "densenet.md"
    assert [p.severity for p in kb.problems] == ["error"]  # no "tied to unknown paper" on top


def test_an_unreadable_file_keeps_the_last_good_records(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.load(GOOD)
    kb = session.load(GOOD.replace("title: U-Net", "title: [U-Net"))
    assert kb.fatal is not None and kb.broken_records == []
    kb = session.load(GOOD.replace("year: 2015", "year: soon"))
    assert kb.papers["unet"].title == "U-Net"  # the version before the unreadable save


def test_without_last_good_records_a_load_sets_nothing_aside(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text(GOOD.replace("year: 2017", "year: soon"), encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, TODAY)
    assert kb.broken_records == [] and [check.line for check in kb.records if check.errors] == [6]
    assert "densenet" in kb.papers  # a build refuses the file: what it holds of the record does not matter
