"""Topics: the index of every tag ('tags') and a page per tag ('tag'), its papers grouped by sub-topic.

Its tokens: ("tag", key), the tag's description, papers, sub-topics, notes and the chips of its
parent and sub-topics; ("tags", ""), every tag's description, count and children.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...knowledge.model import Paper
from ..escaping import html_text
from ..pages import PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from .base import Heading, PageKind, ids, index_page

# A tag's page lists this many papers of each sub-topic, then links the sub-topic's own page,
# which lists them all: a top-level tag's page listed thousands at 10,000 papers.
SUBTOPIC_PAPERS = 50


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("tags"):
        yield index_page(plan, "tags")
        for key, tag in plan.tags.items():
            # titled by what the tag names, where papers.yaml says it; the key is beside it
            yield PlannedPage(plan.tag_src(key) or "", html_text(tag.description or key), "tag", key)


def render_index(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    roots = [key for key in plan.tags if "/" not in key]
    tagged = sum(1 for paper in plan.kb.papers.values() if paper.tags)
    return plan.render(
        "tags_index.html", page_url, tags=plan.tags, roots=roots, paper_count=len(plan.kb.papers), tagged_count=tagged
    )


def render_tag(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    tag = plan.tags[page.key]
    parent = page.key.rsplit("/", 1)[0] if "/" in page.key else None
    notes = [
        (plan.note_src(note.src_uri), plan.note_titles.get(note.src_uri, note.src_uri))
        for note in plan.notes_of_tag.get(page.key, [])
    ]
    return plan.render(
        "tag.html", page_url, tag=tag, parent=parent, notes=notes, groups=tag_groups(plan, page.key), tags=plan.tags,
        subtopic_papers=SUBTOPIC_PAPERS,
    )


def tag_groups(plan: SitePlan, key: str) -> list[tuple[str | None, str, list[Paper]]]:
    """A tag's papers by sub-topic: (child tag or None for the tag itself, anchor, papers).
    A tag without children has one group; a paper of two sub-topics is in both."""
    tag = plan.tags[key]
    if not tag.children:
        return [(None, "papers", tag.papers)]
    direct = [paper for paper in tag.papers if key in paper.tags]
    groups: list[tuple[str | None, str, list[Paper]]] = [(None, "papers", direct)] if direct else []
    for child in tag.children:
        groups.append((child, "topic-" + child.replace("/", "-"), plan.tags[child].papers))
    return groups


def tag_toc(plan: SitePlan, page: PlannedPage) -> list[Heading]:
    if not plan.tags[page.key].children:
        return []
    return [
        (2, anchor, f"{page.key} itself" if child is None else plan.tags[child].description or child)
        for child, anchor, _ in tag_groups(plan, page.key)
    ]


def tag_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    tag = plan.tags.get(key)
    if tag is None:
        return ABSENT
    notes = [(plan.note_src(n.src_uri), plan.note_titles.get(n.src_uri)) for n in plan.notes_of_tag.get(key, [])]
    # the chips of its parent and sub-topics, and the sub-topics' headings
    parent = key.rsplit("/", 1)[0] if "/" in key else None
    chips = [(plan.tag_label(other), getattr(plan.tags.get(other), "description", None))
             for other in [*tag.children, *([parent] if parent else [])]]
    return digest(tag.description, ids(tag.papers), tag.direct, tag.children, notes, chips)


def tags_digest(plan: SitePlan, key: str, _dependencies: Dependencies) -> str:
    rows = [(t.key, t.description, len(t.papers), t.children) for t in plan.tags.values()]
    return digest(rows, len(plan.kb.papers))


KIND = PageKind(
    "tag",
    pages=pages,
    render={"tags": render_index, "tag": render_tag},
    toc={"tag": tag_toc},
    digests={"tag": tag_digest, "tags": tags_digest},
    listing=frozenset({"tags", "tag"}),
    tabs={"tag": "tags"},
)
