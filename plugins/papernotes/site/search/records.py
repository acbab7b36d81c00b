"""The search records of a site, made from the plan: a paper's record from papers.yaml and the
text of its note, a note's record from its Markdown. No page's HTML is read back.

Each record becomes a small HTML document for Pagefind (`record_html`): the heading it ranks
by, the names a reader types to find the page itself, weighted above the rest, the text, the
tags as a filter (a tag and each tag above it, so `tags:loc` finds `loc/seg` too).
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...knowledge.knowledge_base import KnowledgeBase, Note
from ...knowledge.model import Paper
from ..escaping import html_text

# A paper's own page ranks above notes that mention it.
PAPER = "paper"
NOTE = "note"
NAMES_WEIGHT = 10  # the short name, the id: what a reader types to find the page itself
TITLE_WEIGHT = 7  # Pagefind's weight of an h1

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})", re.MULTILINE)
_REF = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*\)")
_TAG = re.compile(r"<[^<>\n]*>")
_MARKS = re.compile(r"[*_`#>|~=]+|^\s*[-+]\s+|^\s*\d+\.\s+|\{[:#.][^{}\n]*\}", re.MULTILINE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchRecord:
    url: str  # relative to the site's root, as Material's search links it ("papers/resnet/")
    kind: str  # PAPER or NOTE
    title: str  # shown as the result's heading
    names: tuple[str, ...]  # a query equal to one of them finds this page first
    text: str
    tags: tuple[str, ...]


def tag_scopes(tags: tuple[str, ...] | list[str]) -> list[str]:
    """Each tag and the tags above it, once: `loc/seg` is in the scopes `loc/seg` and `loc`."""
    scopes: dict[str, None] = {}
    for tag in tags:
        parts = tag.split("/")
        for end in range(len(parts), 0, -1):
            scopes["/".join(parts[:end])] = None
    return list(scopes)


def markdown_text(markdown: str, name_of: Callable[[str], str | None]) -> str:
    """The words of a note's Markdown: link texts without their targets, `[[id]]` as the paper's
    name, HTML tags and formatting marks left out. Each pattern is a single pass over the text."""
    text = _FENCE.sub(" ", markdown)
    text = _REF.sub(lambda found: found.group(2) or name_of(found.group(1).strip()) or found.group(1), text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _MARKS.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def segmented(text: str) -> str:
    """Chinese runs split into words with spaces (jieba, as Material's search does), so the
    words of a Chinese note are indexed one by one; other text as it is."""
    if not _HAN.search(text):
        return text
    import jieba  # loaded only for a site with Chinese text: its dictionary takes a second

    return _HAN.sub(lambda found: " " + " ".join(jieba.cut(found.group(0))) + " ", text)


def paper_record(paper: Paper, url: str, note_text: str, note_tags: list[str]) -> SearchRecord:
    """A paper's page: its names and title, the facts a reader searches by (authors, venue and
    year, remark, abstract, highlights), its note's text."""
    heading = f"{paper.title} · {paper.short}" if paper.short and paper.short != paper.title else paper.title
    names = tuple(dict.fromkeys(name for name in (paper.short, paper.title, paper.id) if name))
    venue = " ".join(part for part in (paper.venue, paper.venue_qualifier, str(paper.year or "")) if part)
    facts = [", ".join(paper.authors), venue, paper.remark or "", paper.abstract or "", *paper.highlights, note_text]
    text = " ".join(part for part in facts if part)
    return SearchRecord(url, PAPER, heading, names, text, tuple(dict.fromkeys([*paper.tags, *note_tags])))


def note_record(note: Note, url: str, title: str, text: str) -> SearchRecord:
    return SearchRecord(url, NOTE, title, (title,), text, tuple(dict.fromkeys(note.meta.tags)))


def site_records(
    kb: KnowledgeBase,
    url_of_page: Callable[[str], str | None],
    paper_src: Callable[[str], str],
    note_titles: dict[str, str],
    read_body: Callable[[Note], str],
    excluded: list[str],
) -> Iterator[SearchRecord]:
    """Every page search finds, papers first: each paper (with its note's text), then the notes
    that are no paper's page. `url_of_page` gives a source page's URL, None for a page that is
    not built; `excluded` holds the plugin's `search_exclude` patterns."""

    def left_out(note: Note) -> bool:
        search = note.page_meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):
            return True
        return "location" in note.page_meta or any(fnmatch.fnmatchcase(note.src_uri, pattern) for pattern in excluded)

    def name_of(paper_id: str) -> str | None:
        paper = kb.papers.get(paper_id)
        return paper.name if paper is not None else None

    for paper_id, paper in kb.papers.items():
        note = kb.note_of_paper.get(paper_id)
        # a paper with a note is the note's page, served at the paper's URL wherever the note lives
        url = url_of_page(note.src_uri if note is not None else paper_src(paper_id))
        if url is None or (note is not None and left_out(note)):
            continue
        text = markdown_text(read_body(note), name_of) if note is not None else ""
        yield paper_record(paper, url, text, list(note.meta.tags) if note is not None else [])
    papers_notes = {note.src_uri for note in kb.note_of_paper.values()}
    for src_uri, note in kb.notes.items():
        url = url_of_page(src_uri)
        if src_uri in papers_notes or url is None or left_out(note):
            continue
        title = note_titles.get(src_uri) or note.heading or src_uri
        yield note_record(note, url, title, markdown_text(read_body(note), name_of))


def joined(name: str) -> str:
    """A name as one word, its letters and digits only: "U-Net: Convolutional Networks" is
    "unetconvolutionalnetworks". The browser's worker looks a query up so too (search-worker.js),
    which finds the page of a title whose words are each on many other pages. Lower case, not
    casefold: "ß" stays as JavaScript's toLowerCase leaves it."""
    return "".join(char for char in unicodedata.normalize("NFKC", name).lower() if char.isalnum())


TEASER_WORDS = 32


def teaser(text: str) -> str:
    """The beginning of a record's text, shown under its title in the results (as Material's
    search shows the beginning of a page's text)."""
    words = text.split(maxsplit=TEASER_WORDS)
    return " ".join(words[:TEASER_WORDS]) + (" …" if len(words) > TEASER_WORDS else "")


_WORD = re.compile(r"\w+")
_KANA = re.compile(r"[\u3040-\u30ff]")  # a mark on kana changes the word (か, が): never taken off


def with_unaccented(text: str) -> str:
    """`text`, then each of its words written with accents once more without them ("Dollár",
    then "Dollar"), so that "dollar" and "Dollár" both find the page: the Pagefind the index is
    written with (1.4; 1.5 needs about three times the memory) matches a word only as written."""
    if text.isascii():
        return text  # most records: nothing to take off, and no word to look at
    bare: dict[str, None] = {}
    for word in _WORD.findall(text):
        if word.isascii() or _KANA.search(word):
            continue
        plain = unicodedata.normalize("NFC", "".join(
            char for char in unicodedata.normalize("NFD", word) if not unicodedata.combining(char)
        ))
        if plain != word:
            bare[plain] = None
    return f"{text} {' '.join(bare)}" if bare else text


def record_html(record: SearchRecord, language: str) -> str:
    """The document Pagefind indexes for a record: the title as the h1 it weighs, the names
    weighted above it, then the text. The tags are filters and shown with the result; the
    kind and the names are meta data the browser's ranking reads."""
    e = html_text
    scopes = "".join(f'<span data-pagefind-filter="tags:{e(scope)}"></span>' for scope in tag_scopes(record.tags))
    # the title is the h1; the short name is in it too: the id and the names as one word each
    names = " ".join(name for name in record.names if name not in record.title)
    whole = " ".join(dict.fromkeys(joined(name) for name in record.names if joined(name)))
    meta = f'<span data-pagefind-meta="kind:{record.kind}"></span>'
    if record.tags:
        meta += f'<span data-pagefind-meta="tags:{e(" ".join(record.tags))}"></span>'
    return (
        f'<html lang="{e(language)}"><body>'
        f"<h1>{e(with_unaccented(segmented(record.title)))}</h1>"
        f'<p data-pagefind-weight="{NAMES_WEIGHT}">{e(with_unaccented(f"{segmented(names)} {whole}"))}</p>'
        f'<div data-pagefind-ignore><p data-pagefind-meta="title">{e(record.title)}</p>'
        f'<p data-pagefind-meta="names">{e(" | ".join(record.names))}</p>'
        f'<p data-pagefind-meta="teaser">{e(teaser(record.text))}</p></div>'
        f"{meta}{scopes}<p>{e(with_unaccented(segmented(record.text)))}</p>"
        "</body></html>"
    )
