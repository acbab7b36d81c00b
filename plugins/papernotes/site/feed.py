"""feed.xml: an Atom feed (RFC 4287) of the latest read papers and dated notes, newest first.

The XML is built as elements with the standard library's ElementTree, which escapes every
text and attribute: no template of XML text. An entry holds the page's title and link, the
read date (a note's `date`), the tags as categories and, as plain text, the reader's remark
followed by the abstract or the note's first paragraph.

Links are absolute when mkdocs.yml sets `site_url`. Without it they are relative to feed.xml,
which lives at the site root, and feed readers resolve them against the address they fetched
the feed from (RFC 4287 section 2 allows such references); the ids, which must be absolute,
are then `urn:uuid:` names made from the site name and the page's path.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markupsafe import Markup

from ..knowledge.knowledge_base import KnowledgeBase, Note
from ..knowledge.markdown_scan import REF_RE
from ..knowledge.model import Paper
from .options import Options
from .pages import SitePlan
from .urls import url_of

FEED_URI = "feed.xml"


def feed_link(site_name: str, href: str) -> Markup:
    """The <link> in a page's head by which browsers and feed readers find the feed."""
    return Markup('<link rel="alternate" type="application/atom+xml" title="{}" href="{}">').format(site_name, href)
ATOM = "http://www.w3.org/2005/Atom"
SUMMARY_LIMIT = 600  # characters of a summary; readers show the page for the rest

# Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`+)")


@dataclass(frozen=True)
class FeedEntry:
    src_uri: str  # the page's source path
    title: str
    date: dt.date
    categories: list[str] = field(default_factory=list)
    summary: str | None = None
    kind: str = "paper"  # paper or note


def plain_summary(markdown: str, kb: KnowledgeBase) -> str:
    """A paragraph's Markdown as text: references by their text or the paper's name, links
    by their text, emphasis and code marks dropped."""

    def ref_text(match: re.Match[str]) -> str:
        paper = kb.papers.get(match.group(1).strip())
        text = match.group(2)
        return text.strip() if text and text.strip() else (paper.name if paper else match.group(1).strip())

    text = REF_RE.sub(ref_text, markdown)
    text = link_texts(text)
    text = _EMPHASIS_RE.sub("", text)
    return shortened(" ".join(text.split()))


def link_texts(text: str) -> str:
    r"""`[text](url)` and `![text](url)` -> `text`: what re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    does. That pattern scans from every `[` to the next `]`, so a run of `[` took quadratic time;
    here every `[` before one `]` shares that `]`'s outcome and the scan goes on after it."""
    out: list[str] = []
    copied = 0  # text[:copied] is in `out`
    at = 0  # where the next `[` is looked for
    while (start := text.find("[", at)) >= 0:
        close = text.find("]", start + 1)
        if close < 0:
            break  # no `[` from here on has a `]`
        if not text.startswith("(", close + 1):
            at = close + 1  # every `[` before `close` meets this `]` and fails the same way
            continue
        end = text.find(")", close + 2)
        if end < 0:
            break  # no later link has a `)` either
        begin = start - 1 if start - 1 >= copied and text[start - 1] == "!" else start
        out.append(text[copied:begin])
        out.append(text[start + 1 : close])
        copied = at = end + 1
    out.append(text[copied:])
    return "".join(out)


def shortened(text: str) -> str:
    if len(text) <= SUMMARY_LIMIT:
        return text
    return text[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def feed_entries(plan: SitePlan) -> list[FeedEntry]:
    """The newest `feed_entries` read papers and dated notes, newest first."""
    kb = plan.kb
    entries: list[FeedEntry] = []
    for paper in kb.papers.values():
        if paper.read is None or paper.reading_status != "read":
            continue
        note = kb.note_of_paper.get(paper.id)
        summary = _paper_summary(paper, note, kb)
        entries.append(FeedEntry(plan.paper_src(paper.id), paper.title, paper.read, list(paper.tags), summary))
    tied = {note.src_uri for note in kb.note_of_paper.values()}
    for note in kb.notes.values():
        if note.meta.date is None or note.src_uri in tied:
            continue  # a paper's note is in its paper's entry
        summary = plain_summary(note.first_paragraph, kb) if note.first_paragraph else None
        title = plan.note_titles.get(note.src_uri, note.src_uri)
        entries.append(FeedEntry(plan.note_src(note.src_uri), title, note.meta.date, list(note.meta.tags), summary, "note"))
    entries.sort(key=lambda entry: (-entry.date.toordinal(), entry.title.lower(), entry.src_uri))
    return entries[: max(0, plan.options.feed_entries)]


def _paper_summary(paper: Paper, note: Note | None, kb: KnowledgeBase) -> str | None:
    text = None
    if paper.abstract:
        text = " ".join(paper.abstract.split())
    elif note is not None and note.first_paragraph:
        text = plain_summary(note.first_paragraph, kb)
    # the reader's own line first: what a colleague following the feed reads for
    parts = [" ".join(paper.remark.split()) if paper.remark else None, text]
    joined = " — ".join(part for part in parts if part)
    return shortened(joined) if joined else None


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _site_root(options: Options) -> str | None:
    if not options.site_url:
        return None
    return options.site_url if options.site_url.endswith("/") else options.site_url + "/"


def _page_link(url: str, root: str | None) -> str:
    """A page's link: absolute below site_url, else relative to feed.xml (the site root)."""
    return root + url if root is not None else (url or "./")


def _page_id(url: str, root: str | None, site_name: str) -> str:
    if root is not None:
        return root + url
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'papernotes:{site_name}/{url}')}"


def atom_feed(plan: SitePlan, now: dt.datetime | None = None) -> bytes:
    """feed.xml's bytes. `now` is the feed's `updated` only when it has no entries: otherwise
    the newest entry's date, so a build of the same input writes the same feed."""
    options = plan.options
    root = _site_root(options)
    use_dirs = options.use_directory_urls
    entries = feed_entries(plan)
    feed = etree.Element("feed", {"xmlns": ATOM})

    def add(parent: etree.Element, tag: str, text: str | None = None, **attributes: str) -> etree.Element:
        element = etree.SubElement(parent, tag, {key: _NOT_XML_RE.sub("", value) for key, value in attributes.items()})
        if text is not None:
            element.text = _NOT_XML_RE.sub("", text)
        return element

    name = options.site_name or "papernotes"
    add(feed, "title", name)
    add(feed, "subtitle", "Papers read and notes written, newest first")
    add(feed, "id", _page_id("", root, name))
    latest = now or dt.datetime.now(dt.UTC)
    updated = _timestamp(entries[0].date) if entries else latest.strftime("%Y-%m-%dT%H:%M:%SZ")
    add(feed, "updated", updated)
    add(feed, "link", rel="alternate", type="text/html", href=_page_link("", root))
    add(feed, "link", rel="self", type="application/atom+xml", href=_page_link(FEED_URI, root))
    author = add(feed, "author")
    add(author, "name", options.site_author or name)
    add(feed, "generator", "papernotes")
    for entry in entries:
        url = url_of(entry.src_uri, use_dirs)
        item = add(feed, "entry")
        add(item, "title", entry.title, type="text")
        add(item, "id", _page_id(url, root, name))
        add(item, "link", rel="alternate", type="text/html", href=_page_link(url, root))
        add(item, "published", _timestamp(entry.date))
        add(item, "updated", _timestamp(entry.date))
        for tag in entry.categories:
            add(item, "category", term=tag)
        if entry.summary:
            add(item, "summary", entry.summary, type="text")
    etree.indent(feed)
    data: bytes = etree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
