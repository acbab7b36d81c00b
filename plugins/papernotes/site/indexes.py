"""Indexes over a validated knowledge base: weeks, tags, venues, years, links between papers.

Plain functions over `KnowledgeBase`; nothing here knows MkDocs. Every index is computed in
one pass over the papers (plus the notes' references), so it grows linearly with the base.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from ..knowledge.knowledge_base import KnowledgeBase
from ..knowledge.layout import SlugAllocator, venue_order, venue_slug_base
from ..knowledge.model import Paper

OTHER_VENUE = "Preprints and other"
NO_GROUP = "Other"


@dataclass
class Week:
    monday: dt.date
    number: int
    papers: list[Paper] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.monday.isoformat()

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def dates(self) -> str:
        return date_range(self.monday, self.sunday)

    @property
    def label(self) -> str:
        return f"Week {self.number} · {self.dates}"

    @property
    def read_count(self) -> int:
        """Papers of the week that are read (a paper being read is logged, not yet counted)."""
        return sum(1 for paper in self.papers if paper.reading_status == "read")

    def groups(self) -> list[tuple[str, list[Paper]]]:
        """Papers by their group, groups in order of first appearance, 'Other' last."""
        grouped: dict[str, list[Paper]] = {}
        for paper in self.papers:
            grouped.setdefault(paper.group or NO_GROUP, []).append(paper)
        if NO_GROUP in grouped:
            grouped[NO_GROUP] = grouped.pop(NO_GROUP)
        return list(grouped.items())

    @property
    def grouped(self) -> bool:
        """Whether any paper of the week has a group: a week without any shows no group heading."""
        return any(paper.group for paper in self.papers)


def date_range(first: dt.date, last: dt.date) -> str:
    """'6–12 Jul 2020', '29 Jun – 5 Jul 2020', '28 Dec 2020 – 3 Jan 2021'."""
    if first.year != last.year:
        return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day}–{last.day} {last:%b %Y}"


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weeks_of(papers: list[Paper], week_start: dt.date | None) -> list[Week]:
    """Reading weeks, newest first. With `week_start` its week is week 0, else the first logged week is week 1."""
    by_monday: dict[dt.date, list[Paper]] = defaultdict(list)
    for paper in papers:
        if paper.read is not None:
            by_monday[monday_of(paper.read)].append(paper)
    if not by_monday:
        return []
    origin, first_number = (monday_of(week_start), 0) if week_start else (min(by_monday), 1)
    weeks = []
    for monday in sorted(by_monday, reverse=True):
        # a stable sort: papers read on one day keep the order of papers.yaml (an imported README's order)
        entries = sorted(by_monday[monday], key=lambda p: p.read or monday)  # every paper here has a read date
        weeks.append(Week(monday, (monday - origin).days // 7 + first_number, entries))
    return weeks


@dataclass
class TagIndex:
    key: str
    description: str | None
    papers: list[Paper]  # tagged with this tag or one below it
    direct: int  # tagged with exactly this tag
    children: list[str]

    @property
    def label(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def depth(self) -> int:
        return self.key.count("/")


def tags_of(kb: KnowledgeBase) -> dict[str, TagIndex]:
    """Every tag (declared or used), with its papers including those of child tags; sorted by key."""
    direct: dict[str, list[Paper]] = defaultdict(list)
    for paper in kb.papers.values():
        for tag in dict.fromkeys(paper.tags):
            direct[tag].append(paper)
    keys = set(kb.tags) | set(direct)
    for key in list(keys):  # parents of used-but-undeclared child tags
        while "/" in key:
            key = key.rsplit("/", 1)[0]
            keys.add(key)
    index: dict[str, TagIndex] = {}
    for key in sorted(keys):
        declared = kb.tags.get(key)
        index[key] = TagIndex(key, declared.description if declared else None, [], len(direct.get(key, [])), [])
    for key in sorted(keys):
        if "/" in key:
            index[key.rsplit("/", 1)[0]].children.append(key)
    for key, papers in direct.items():
        seen_in: set[str] = set()
        node: str | None = key
        while node is not None and node not in seen_in:
            seen_in.add(node)
            index[node].papers.extend(papers)
            node = node.rsplit("/", 1)[0] if "/" in node else None
    for entry in index.values():
        unique = {p.id: p for p in entry.papers}
        entry.papers = sorted(unique.values(), key=by_year_then_title)
    return index


def by_year_then_title(paper: Paper) -> tuple[int, str]:
    return (-(paper.year or 0), paper.title.lower())


@dataclass
class VenueIndex:
    key: str
    slug: str
    name: str | None
    papers: list[Paper]

    def by_year(self) -> list[tuple[int | None, list[Paper]]]:
        years: dict[int | None, list[Paper]] = defaultdict(list)
        for paper in self.papers:
            years[paper.year].append(paper)
        order = sorted(years, key=lambda y: -(y or 0))
        return [(year, sorted(years[year], key=lambda p: p.title.lower())) for year in order]


def venues_of(kb: KnowledgeBase) -> list[VenueIndex]:
    """Venues with papers (and declared ones), by name; papers without venue last."""
    papers_at: dict[str, list[Paper]] = defaultdict(list)
    without: list[Paper] = []
    for paper in kb.papers.values():
        if paper.venue:
            papers_at[paper.venue].append(paper)
        else:
            without.append(paper)
    names = sorted(set(papers_at) | set(kb.venues), key=venue_order)  # the order venue_slugs numbers them in
    slugs = SlugAllocator()
    result = []
    for key in names:
        slug = slugs.allocate(venue_slug_base(key))
        entry = kb.venues.get(key)
        result.append(VenueIndex(key, slug, entry.name if entry else None, papers_at.get(key, [])))
    if without:
        result.append(VenueIndex(OTHER_VENUE, slugs.allocate("other"), None, without))
    return result


def years_of(papers: list[Paper]) -> list[tuple[int, list[Paper]]]:
    """Years with their papers, newest first; papers without a year are left out."""
    years: dict[int, list[Paper]] = defaultdict(list)
    for paper in papers:
        if paper.year is not None:
            years[paper.year].append(paper)
    return [(year, sorted(years[year], key=lambda p: p.title.lower())) for year in sorted(years, reverse=True)]


def mentions_of(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Paper id -> src_uri of the notes that reference it, in note order, each once."""
    mentions: dict[str, dict[str, None]] = defaultdict(dict)
    for note in kb.notes.values():
        for ref in note.refs:
            if ref.paper_id in kb.papers and note.meta.paper != ref.paper_id:
                mentions[ref.paper_id][note.src_uri] = None
    return {paper_id: list(uris) for paper_id, uris in mentions.items()}


@dataclass
class RelatedMemo:
    """The related papers of the previous build, with what each ranking read, so that a rebuild
    ranks again only the papers whose candidates or whose candidates' tags, year or title changed."""

    settings: tuple[int, int] = (0, 0)  # (limit, window) they were ranked with
    facts: dict[str, tuple[tuple[str, ...], int | None, str]] = field(default_factory=dict)  # id -> tags, year, title
    ranked: dict[str, tuple[tuple[str, ...], list[str]]] = field(default_factory=dict)  # id -> (candidates, related)


def related_papers(kb: KnowledgeBase, limit: int, window: int = 12, memo: RelatedMemo | None = None) -> dict[str, list[Paper]]:
    """Papers sharing the most tags with each paper.

    Comparing every pair is quadratic; instead each paper looks at its `window` neighbours in
    each of its tags' lists (ordered by year), which keeps the cost linear in the base.
    """
    lists: dict[str, list[Paper]] = defaultdict(list)
    for paper in kb.papers.values():
        for tag in dict.fromkeys(paper.tags):
            lists[tag].append(paper)
    position: dict[tuple[str, str], int] = {}
    for tag, papers in lists.items():
        papers.sort(key=by_year_then_title)
        for index, paper in enumerate(papers):
            position[(tag, paper.id)] = index
    # Per-paper values the ranking compares, computed once rather than once per comparison.
    tag_sets = {paper.id: frozenset(paper.tags) for paper in kb.papers.values()}
    titles = {paper.id: paper.title.lower() for paper in kb.papers.values()}
    # A ranking reads the paper's and its candidates' tags, years and titles, and the
    # candidates' order: one whose inputs are all as they were is the same ranking.
    facts = {paper.id: (tuple(paper.tags), paper.year, paper.title) for paper in kb.papers.values()}
    changed: set[str] = set()
    previous: dict[str, tuple[tuple[str, ...], list[str]]] = {}
    if memo is not None and memo.settings == (limit, window):
        changed = {paper_id for paper_id, known in facts.items() if memo.facts.get(paper_id) != known}
        previous = memo.ranked
    ranked: dict[str, tuple[tuple[str, ...], list[str]]] = {}
    related: dict[str, list[Paper]] = {}
    for paper in kb.papers.values():
        candidates: dict[str, Paper] = {}
        for tag in dict.fromkeys(paper.tags):
            papers = lists[tag]
            at = position[(tag, paper.id)]
            for other in papers[max(0, at - window) : at + window + 1]:
                if other.id != paper.id:
                    candidates[other.id] = other
        order = tuple(candidates)
        before = previous.get(paper.id)
        if before is not None and before[0] == order and paper.id not in changed and changed.isdisjoint(order):
            related[paper.id] = [candidates[other_id] for other_id in before[1]]
            ranked[paper.id] = before
            continue
        own_tags, year = tag_sets[paper.id], paper.year or 0
        # nsmallest(n, ...) is sorted(...)[:n], ties kept in order, without sorting everything.
        related[paper.id] = heapq.nsmallest(
            limit,
            candidates.values(),
            key=lambda o: (-len(own_tags & tag_sets[o.id]), abs((o.year or 0) - year), titles[o.id]),
        )
        if memo is not None:
            ranked[paper.id] = (order, [other.id for other in related[paper.id]])
    if memo is not None:
        memo.settings, memo.facts, memo.ranked = (limit, window), facts, ranked
    return related


def has_notes(paper: Paper, kb: KnowledgeBase) -> bool:
    """A note in the knowledge base, or notes kept elsewhere (`links.notes`)."""
    return paper.id in kb.note_of_paper or paper.links.notes is not None


def reading_list(kb: KnowledgeBase) -> dict[str, list[Paper]]:
    """Reading, to read, and read without notes (the handwritten logs' TBP)."""
    sections: dict[str, list[Paper]] = {"reading": [], "to-read": [], "read-without-notes": []}
    for paper in kb.papers.values():
        status = paper.reading_status
        if status in ("reading", "to-read"):
            sections[status].append(paper)
        elif not has_notes(paper, kb):
            sections["read-without-notes"].append(paper)
    sections["read-without-notes"].sort(key=lambda p: (p.read or dt.date.min), reverse=True)
    return sections
