"""Where generated pages go, checked: a paper, tag or venue whose page would land on another
page's output path."""

from __future__ import annotations

from .knowledge_base import KnowledgeBase
from .layout import FOLDER_PAGE_NAMES, INDEX_TITLES, Layout, venue_slugs
from .problems import Problem, quote


class _OutputPaths:
    """The output paths taken so far, lowercased, and what is at each (for the message)."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.taken: dict[str, str] = {}

    def claim(self, src_uri: str | None, owner: str) -> str | None:
        """None when the path was free (now `owner`'s), else what is there already."""
        if src_uri is None:
            return None
        path = self.layout.output_path(src_uri).lower()
        if path in self.taken:
            return self.taken[path]
        self.taken[path] = owner
        return None


def check_page_collisions(kb: KnowledgeBase, layout: Layout) -> None:
    """Report papers, tags and venues whose page would land where another page is.

    MkDocs writes one file per output path, so two pages there means one is lost: the user's
    notes and the fixed index pages come first, then papers, tags and venues in that order.
    Paths are compared ignoring case (case-insensitive file systems). A colliding paper is left
    out, like a record with a duplicate id; a colliding tag or venue keeps its papers but gets
    no page of its own. Year and week pages (numbers and dates) are not checked: they can only
    meet another page when two URL prefixes are alike.
    """
    paths = _OutputPaths(layout)
    tied = {note.src_uri for note in kb.note_of_paper.values()}
    for note in kb.notes.values():
        if note.src_uri not in tied:
            paths.claim(note.src_uri, note.file)
    paths.claim("index.md", "the home page")
    for index in layout.indexes:
        if index == "missing" and not kb.references:
            continue  # the Missing page is made only from references.yaml
        if index in INDEX_TITLES:
            paths.claim(layout.index_src(index), f"the {INDEX_TITLES[index]} page")
    _check_papers(kb, paths)
    if layout.enabled("tags"):
        _check_tags(kb, paths)
    if layout.enabled("venues"):
        _check_venues(kb, paths)


def _at(kb: KnowledgeBase, kind: str, key: str) -> tuple[int, int]:
    return kb.positions.get((kind, key), (1, 1))


def _check_papers(kb: KnowledgeBase, paths: _OutputPaths) -> None:
    """Leave out, reported, each paper whose page is taken or whose id names a folder's own page."""
    layout = paths.layout
    notes_by_file = {note.file for note in kb.notes.values()}
    left_out: set[str] = set()
    for paper_id in kb.papers:
        src = layout.paper_src(paper_id)
        where = f"{layout.prefix_papers}/{paper_id}.md" if layout.prefix_papers else f"{paper_id}.md"
        if paper_id.lower() in (name.lower() for name in FOLDER_PAGE_NAMES):
            message = (
                f"paper id {quote(paper_id)} is reserved: MkDocs builds {where} as the page of its folder "
                "(index and README, in any case, name a folder's own page); give this paper another id"
            )
        else:
            other = paths.claim(src, f"paper {quote(paper_id)}")
            if other is None:
                continue
            message = f"paper id {quote(paper_id)} would put its page at {where}, where {other} is; give this paper another id"
            if other in notes_by_file:
                message += f" or make that note the paper's page with 'paper: {paper_id}'"
        kb.problems.append(Problem(kb.papers_file, *_at(kb, "paper", paper_id), "error", message, "id"))
        paper_note = kb.note_of_paper.pop(paper_id, None)
        if paper_note is not None:
            paths.claim(paper_note.src_uri, paper_note.file)  # the note stays a page of its own
        left_out.add(paper_id)
    if left_out:  # a new mapping: the one of papers.yaml may be reused by the next build (serve)
        kb.papers = {paper_id: paper for paper_id, paper in kb.papers.items() if paper_id not in left_out}


def _check_tags(kb: KnowledgeBase, paths: _OutputPaths) -> None:
    """Report each tag (or parent of a tag) whose page is taken; its papers keep it."""
    layout = paths.layout
    keys = set(kb.tags) | {tag for paper in kb.papers.values() for tag in paper.tags}
    tag_at = {key: _at(kb, "tag", key) for key in keys}
    for child in list(keys):  # a child tag's parents have pages too, reported where the child is
        key = child
        while "/" in key:
            key = key.rsplit("/", 1)[0]
            keys.add(key)
            tag_at.setdefault(key, tag_at[child])
    for key in sorted(keys):
        other = paths.claim(layout.tag_src(key), f"the page of tag {quote(key)}")
        if other is not None:
            kb.problems.append(
                Problem(
                    kb.papers_file, *tag_at[key], "error",
                    f"tag {quote(key)} would put its page at {layout.tag_src(key)}, where {other} is; rename the tag",
                    "tags",
                )
            )


def _check_venues(kb: KnowledgeBase, paths: _OutputPaths) -> None:
    """Report each venue whose page is taken; its papers keep it."""
    layout = paths.layout
    names = {paper.venue for paper in kb.papers.values() if paper.venue} | set(kb.venues)
    for name, slug in venue_slugs(names).items():
        other = paths.claim(layout.venue_src(slug), f"the page of venue {quote(name)}")
        if other is not None:
            kb.problems.append(
                Problem(
                    kb.papers_file, *_at(kb, "venue", name), "error",
                    f"venue {quote(name)} would put its page at {layout.venue_src(slug)}, where {other} is; "
                    "rename the venue (its page is named by the name's letters and digits)",
                    "venue",
                )
            )
