"""While serving: the records of papers.yaml with errors set aside, so the other records' edits show.

While serving, an error after a good build stops the rebuild and keeps the last good site. While
a person writes, though, one record is often half-typed; stopping the whole site for it would
hide every other edit. A record with errors is instead shown as it last read without errors
(same id), so its page, its entries in the lists and every `[[id]]` to it stay as they were
until the save that fixes it; a record that never read without errors (a new one, or one whose
id was changed) is left out. Its errors stay in the knowledge base's problems, for the serve
banner and the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .knowledge_base import BrokenRecord, KnowledgeBase
from .model import Paper

# What names one paper: a stand-in must not take one a record of the file has now.
_IDENTIFIERS = ("doi", "arxiv", "cite_key")


@dataclass
class LastGoodRecords:
    """Each paper as its record last read without an error, by id."""

    papers: dict[str, Paper] = field(default_factory=dict)

    def set_aside(self, kb: KnowledgeBase) -> None:
        """Take the records with errors out of `kb` (`kb.broken_records` says what became of
        each), then remember the papers of `kb` as the last good ones."""
        if kb.fatal is not None:
            return
        if any(check.errors for check in kb.records):
            _replace_broken(kb, self.papers)
        self.papers = dict(kb.papers)


def _names(paper: Paper) -> set[tuple[str, str]]:
    """The id and identifiers of a paper, folded as validation compares them."""
    named = {("id", paper.id.lower())}
    for key in _IDENTIFIERS:
        value: str | None = getattr(paper, key)
        if value is not None:
            named.add((key, value if key == "arxiv" else value.lower()))
    return named


def _replace_broken(kb: KnowledgeBase, last_good: dict[str, Paper]) -> None:
    """`kb.papers` in file order without the broken records' papers, each replaced by its last
    good version unless a sound record of the file now has its id or one of its identifiers.

    The dicts are new: the loading memo keeps the ones `kb` was made with."""
    sound = {
        check.paper_id: kb.papers[check.paper_id] for check in kb.records
        if not check.errors and check.paper_id is not None and kb.paper_lines.get(check.paper_id) == check.line
    }
    taken = {name for paper in sound.values() for name in _names(paper)}
    papers: dict[str, Paper] = {}
    lines: dict[str, int] = {}
    positions = dict(kb.positions)
    broken: list[BrokenRecord] = []
    for check in kb.records:
        paper_id = check.paper_id
        if not check.errors:
            if paper_id is not None and paper_id in sound:
                papers[paper_id], lines[paper_id] = sound[paper_id], check.line
            continue
        good = last_good.get(paper_id) if paper_id is not None else None
        if good is None or _names(good) & taken:
            broken.append(BrokenRecord(check, shown_as_before=False))
            continue
        taken |= _names(good)
        papers[good.id], lines[good.id] = good, check.line
        positions[("paper", good.id)] = (check.line, 1)
        broken.append(BrokenRecord(check, shown_as_before=True))
    kb.papers, kb.paper_lines, kb.positions, kb.broken_records = papers, lines, positions, broken
