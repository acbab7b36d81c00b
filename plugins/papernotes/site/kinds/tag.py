"""Topics: the index of every tag ('tags') and a page per tag ('tag'), its papers grouped by
sub-topic, over as many pages as it takes to keep each light (keyed by tag, `key@2` for its second page ...).

Its tokens: ("tag", key), the tag's description, papers, sub-topics, notes and the chips of its
parent and sub-topics; ("tags", ""), every tag's description, count and children.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...knowledge.model import Paper
from ..escaping import html_text
from ..pages import PlannedPage, SitePlan
from ..tracking import ABSENT, Dependencies, digest
from . import paging
from .base import Heading, PageKind, ids, index_page
from .paging import Part, cut_pages, page_key, paged_title, pages_of_sections, part_src, split_page_key

# A tag's page lists this many papers of each sub-topic, then links the sub-topic's own page,
# which lists them all: a top-level tag's page listed thousands at 10,000 papers.
SUBTOPIC_PAPERS = 50


def pages(plan: SitePlan) -> Iterator[PlannedPage]:
    if plan.enabled("tags"):
        yield index_page(plan, "tags")
        for key, tag in plan.tags.items():
            # titled by what the tag names, where papers.yaml says it; the key is beside it
            src, title = plan.tag_src(key) or "", html_text(tag.description or key)
            count = len(tag_parts(plan, key))
            for number in range(1, count + 1):
                yield PlannedPage(part_src(src, number), paged_title(title, number, count), "tag", page_key(key, number))


def render_index(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    roots = [key for key in plan.tags if "/" not in key]
    tagged = sum(1 for paper in plan.kb.papers.values() if paper.tags)
    return plan.render(
        "tags_index.html", page_url, tags=plan.tags, roots=roots, paper_count=len(plan.kb.papers), tagged_count=tagged
    )


def listed_groups(plan: SitePlan, key: str) -> dict[str, list[Paper]]:
    """What the tag's pages list of each group, by anchor: all of its own papers, a sub-topic's first."""
    return {anchor: papers if child is None else papers[:SUBTOPIC_PAPERS] for child, anchor, papers in tag_groups(plan, key)}


def tag_parts(plan: SitePlan, key: str) -> list[Part]:
    return cut_pages(listed_groups(plan, key), paging.PAGE_PAPERS)


def render_tag(plan: SitePlan, page: PlannedPage, page_url: str) -> str:
    key, number = split_page_key(page.key)
    tag = plan.tags[key]
    parent = key.rsplit("/", 1)[0] if "/" in key else None
    notes = [
        (plan.note_src(note.src_uri), plan.note_titles.get(note.src_uri, note.src_uri))
        for note in plan.notes_of_tag.get(key, [])
    ]
    parts = tag_parts(plan, key)
    src = plan.tag_src(key) or ""
    return plan.render(
        "tag.html", page_url, tag=tag, parent=parent, notes=notes, tags=plan.tags,
        group_of={anchor: (child, papers) for child, anchor, papers in tag_groups(plan, key)},
        sections=listed_groups(plan, key), part=parts[number - 1], number=number,
        pages=[part_src(src, at) for at in range(1, len(parts) + 1)], page_of=pages_of_sections(parts),
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
    key, number = split_page_key(page.key)
    if not plan.tags[key].children:
        return []
    on_page = {anchor for anchor, _start, _papers in tag_parts(plan, key)[number - 1]}
    return [
        (2, anchor, f"{key} itself" if child is None else plan.tags[child].description or child)
        for child, anchor, _ in tag_groups(plan, key) if anchor in on_page
    ]


def tag_digest(plan: SitePlan, token_key: str, _dependencies: Dependencies) -> str:
    key = split_page_key(token_key)[0]
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
