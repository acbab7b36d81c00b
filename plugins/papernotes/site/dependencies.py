"""What each page read of the knowledge base while it was rendered, and digests to tell whether
that changed since, so that `mkdocs serve` renders again only the pages an edit shows on.

The plan (`pages.SitePlan`) notes a token each time it reads part of the knowledge base for the
page being rendered: ("paper", id) for a record it shows, ("week", slug), ("tag", key),
("venue", slug), ("year", year) for the membership and labels of a list, ("mentions", id),
("related", id), ("cites", id) and ("cited-by", id) for a paper's footer, ("byline", id) for
the author pages its authors line links, ("cite", id) for its Cite block (its cite key, which a
record that takes the same default key changes, and its venue), and ("weeks", ""), ("tags", ""),
("venues", ""), ("years", ""), ("reading", ""), ("explore", ""), ("stats", ""), ("missing", "")
for the pages that sum up the whole base, ("author", slug) for an author's page.
A token's digest covers what a page can show of it: a record's digest is of the validated
record plus what is derived for it alone (its week, whether it has notes, its URL); a list's
digest is of its members in order and its labels, so a page that lists papers reads the list's
token and each member's record token.

A page that read nothing that the plan knows of (a page kind that records nothing, or a note
with a ```papers block, which may list any paper) depends on `EVERYTHING`, whose digest changes
with any change of papers.yaml or of the notes' front matter and references; so does a page
whose token is of a kind this module has no digest for (a new page kind: its index page
records (kind, key)), and the home page (its counts and latest-read list).
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any

from .explorer import explore_json

if TYPE_CHECKING:
    from .pages import SitePlan

Token = tuple[str, str]
EVERYTHING: Token = ("everything", "")
ABSENT = "absent"  # the digest of a record, list or note that no longer exists

# A fenced block of papers (```papers): its page shows whatever its query selects.
PAPERS_FENCE_RE = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?papers\b", re.MULTILINE)


KNOWN_KINDS = frozenset({
    "paper", "week", "tag", "venue", "year", "mentions", "related", "cite",
    "weeks", "tags", "venues", "years", "reading", "explore", "stats",
    "cites", "cited-by", "byline", "missing", "author",
})


def digest(*parts: Any) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def reads_papers_blocks(markdown: str) -> bool:
    """Whether a note holds a ```papers block, whose dependencies the plan cannot know."""
    return PAPERS_FENCE_RE.search(markdown) is not None


class Dependencies:
    """Digests of the tokens of one build's plan, each computed once.

    Every digest is made of papers.yaml, the notes' front matter, titles and references, and
    the plan's options; when all of those are as in the `previous` build (a note's text was
    edited), its digests are this build's too.
    """

    def __init__(self, plan: SitePlan, papers_source: bytes, previous: Dependencies | None = None):
        self.plan = plan
        self.papers_source = papers_source
        self.inputs = digest(papers_source, plan.kb.references_source, self._fronts(), plan.options)
        same = previous is not None and previous.inputs == self.inputs
        self.memo: dict[Token, str] = previous.memo if previous is not None and same else {}
        # Each record's JSON, by id with the record it was made of: a record unchanged in
        # papers.yaml is the same (frozen) object in the next load, so its JSON is too.
        self._json_before = previous.record_json if previous is not None else {}
        self.record_json: dict[str, tuple[Any, str]] = self._json_before if same else {}

    def _fronts(self) -> list[Any]:
        plan = self.plan
        return [
            (n.src_uri, n.meta.paper, n.meta.tags, plan.note_titles.get(n.src_uri), [(r.paper_id, r.text) for r in n.refs])
            for n in plan.kb.notes.values()
        ]

    def digests(self, tokens: set[Token]) -> dict[Token, str]:
        return {token: self.digest(token) for token in sorted(tokens)}

    def unchanged(self, recorded: dict[Token, str]) -> bool:
        """Whether every token a page read has the digest it had when the page was rendered."""
        return all(self.digest(token) == value for token, value in recorded.items())

    def digest(self, token: Token) -> str:
        found = self.memo.get(token)
        if found is None:
            found = self.memo[token] = self._compute(*token)
        return found

    def _compute(self, kind: str, key: str) -> str:
        plan, kb = self.plan, self.plan.kb
        if kind == "paper":
            paper = kb.papers.get(key)
            if paper is None:
                return ABSENT
            week = plan.week_of.get(key)
            kept = self._json_before.get(key)
            record = kept[1] if kept is not None and kept[0] is paper else paper.model_dump_json()
            self.record_json[key] = (paper, record)
            return digest(
                record, week.slug if week else None, week.label if week else None,
                paper.id in kb.note_of_paper, paper.links.notes is not None, plan.paper_src(key),
                [plan.tag_label(tag) for tag in paper.tags],  # its chips: a made key shows its description
            )
        if kind == "week":
            at = plan.week_at.get(key)
            if at is None:
                return ABSENT
            around = [plan.weeks[i] for i in (at - 1, at + 1) if 0 <= i < len(plan.weeks)]
            week = plan.weeks[at]
            return digest(week.label, _ids(week.papers), [(w.slug, w.number) for w in around], at == 0)
        if kind == "tag":
            tag = plan.tags.get(key)
            if tag is None:
                return ABSENT
            notes = [(plan.note_src(n.src_uri), plan.note_titles.get(n.src_uri)) for n in plan.notes_of_tag.get(key, [])]
            # the chips of its parent and sub-topics, and the sub-topics' headings
            parent = key.rsplit("/", 1)[0] if "/" in key else None
            chips = [(plan.tag_label(other), getattr(plan.tags.get(other), "description", None))
                     for other in [*tag.children, *([parent] if parent else [])]]
            return digest(tag.description, _ids(tag.papers), tag.direct, tag.children, notes, chips)
        if kind == "venue":
            venue = plan.venue_by_slug.get(key)
            if venue is None:
                return ABSENT
            entry = kb.venues.get(venue.key)
            return digest(venue.key, venue.name, entry.aliases if entry else None, _ids(venue.papers))
        if kind == "year":
            papers = plan.papers_of_year.get(key)
            return ABSENT if papers is None else digest(_ids(papers))
        if kind == "mentions":
            return digest([(plan.note_src(src), plan.note_titles.get(src)) for src in plan.mentions.get(key, [])])
        if kind == "cite":
            paper = kb.papers.get(key)
            if paper is None:
                return ABSENT
            return digest(plan.citations.keys.get(key), plan.citations.venue_of(paper))
        if kind == "related":
            return digest(_ids(plan.related.get(key, [])))
        if kind == "cites":
            return digest(plan.graph.cites.get(key, []))
        if kind == "cited-by":
            return digest(plan.graph.cited_by.get(key, []))
        if kind == "byline":  # which of the paper's authors have a page, and where
            paper = kb.papers.get(key)
            return ABSENT if paper is None else digest([plan.author_src(name) for name in paper.authors])
        if kind == "missing":
            works = [(w.doi, w.arxiv, w.title, w.year, w.cited_by) for w in plan.graph.missing]
            return digest(works, len(kb.references))
        if kind == "author":
            author = plan.author_by_slug.get(key)
            return ABSENT if author is None else digest(author.name, _ids(author.papers))
        if kind == "weeks":
            return digest([(w.slug, w.label, len(w.papers), w.read_count) for w in plan.weeks])
        if kind == "tags":
            rows = [(t.key, t.description, len(t.papers), t.children) for t in plan.tags.values()]
            return digest(rows, len(kb.papers))
        if kind == "venues":
            return digest([(v.key, v.slug, v.name, len(v.papers), [y for y, _ in v.by_year()]) for v in plan.venues])
        if kind == "years":
            undated = sum(1 for paper in kb.papers.values() if paper.year is None)
            return digest([(year, len(papers)) for year, papers in plan.years], undated)
        if kind == "reading":
            return digest({section: _ids(papers) for section, papers in plan.reading.items()})
        if kind == "stats":  # figures of the whole base, drawn with links to week, venue and year pages
            stats = plan.stats
            return digest(repr(stats), [w.slug for w in plan.weeks], [(v.key, v.slug) for v in plan.venues])
        if kind == "explore":
            return digest(explore_json(plan), [self.digest(("paper", paper_id)) for paper_id in kb.papers])
        if kind == "everything" or kind not in KNOWN_KINDS:
            # and a page kind whose reads are not described here (one added later): anything
            return self.inputs
        raise AssertionError(f"{kind!r} is in KNOWN_KINDS without a digest")


def _ids(papers: list[Any]) -> list[str]:
    return [paper.id for paper in papers]
