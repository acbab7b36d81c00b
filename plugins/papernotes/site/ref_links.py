"""`[[id]]` and `[[id|text]]` references as links, made inside Python-Markdown.

A reference becomes an `<a>` element whose attributes and text are set on the element: the
serializer escapes them and no other Markdown pattern reads them, so a paper's title or short
name can never turn into markup. (Replacing references by HTML text before Markdown ran let
`[x](...)`, `![x](...)` and backticks in a title break out of the link's title attribute.)

Which paper a reference names and where its page lives is the business of `SitePlan`; the
extension asks the resolver it is given for each page and leaves unknown ids as written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor, InlineProcessor
from markdown.util import ETX, STX, AtomicString

from ..knowledge.markdown_scan import REF_RE


@dataclass(frozen=True)
class RefLink:
    """What a reference shows: the page it links to, its tooltip and its text (all plain text).

    With `broken` (the problem, said to the author) the reference names no paper: it shows its
    text marked, and the problem beside it, with no link.
    """

    href: str
    title: str
    label: str
    broken: str | None = None


# (paper id, text after '|' or None) -> the link, or None to leave the reference as written
Resolver = Callable[[str, str | None], RefLink | None]

# After code spans (190) and backslash escapes (180): `[[id]]` in code and `\[[id]]` stay text.
# Before reference and inline links (170, 160), which would read `[[id]] [x]` as a link.
REF_PRIORITY = 175
# Just before references: inline HTML tags that hold `[[` (see _TagsWithRefs).
TAG_PRIORITY = 176

# Python-Markdown marks its placeholders with these; in data they could pull stashed HTML in.
_PLACEHOLDER_MARKS = re.compile(f"[{STX}{ETX}]")


def _plain(text: str) -> str:
    """`text` for an element's attribute or text, to be shown as written.

    Python-Markdown's serializer escapes '&' only where it does not start an entity, so
    '&lt;' in a title would show as '<': every '&' is made '&amp;' first, which it leaves.
    """
    return _PLACEHOLDER_MARKS.sub("", text).replace("&", "&amp;")


class _RefProcessor(InlineProcessor):
    def __init__(self, extension: RefLinksExtension, md: Markdown):
        super().__init__(REF_RE.pattern, md)
        self.extension = extension

    def handleMatch(  # type: ignore[override]  # InlineProcessor's signature, not Pattern's (Python-Markdown's design)
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        resolve = self.extension.resolve
        if resolve is None:
            return None, None, None
        text = m.group(2)
        # Code spans inside `|text` are placeholders by now: show their text.
        link = resolve(m.group(1).strip(), self.unescape(text).strip() if text else None)
        if link is None:
            return None, None, None
        if link.broken is not None:
            return _broken(link), m.start(0), m.end(0)
        element = etree.Element("a", {"class": "pn-ref", "href": _plain(link.href), "title": _plain(link.title)})
        element.text = AtomicString(_plain(link.label))
        return element, m.start(0), m.end(0)


def _broken(link: RefLink) -> etree.Element:
    """A reference to no paper, as a served page shows it to the author: its text marked, then the problem."""
    element = etree.Element("span", {"class": "pn-ref pn-ref--broken", "title": _plain(link.title)})
    element.text = AtomicString(_plain(link.label))
    hint = etree.SubElement(element, "span", {"class": "pn-hint", "data-search-exclude": ""})
    hint.text = AtomicString(_plain(link.broken or ""))
    return element


class _TagsWithRefs(HtmlInlineProcessor):
    """Inline HTML tags that hold `[[`, taken as raw HTML before references are looked for.

    Python-Markdown takes inline tags later (priority 90) and writes the HTML of elements found
    inside them into the tag: a link made from `<span title='[[id]]'>` would put the paper's
    title, whose quotes the serializer does not escape, inside the author's attribute. Taken
    first, such a reference stays as written, as it would in any other attribute.
    """

    def handleMatch(  # type: ignore[override]  # InlineProcessor's signature, not Pattern's (Python-Markdown's design)
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        if "[[" not in m.group(0):
            return None, None, None
        return super().handleMatch(m, data)


class RefLinksExtension(Extension):
    """Renders `[[id]]` references through `resolve`, which the caller sets for each page.

    With no resolver set, references are left as written.
    """

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)
        self.resolve: Resolver | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(_TagsWithRefs(HTML_RE, md), "papernotes_ref_tags", TAG_PRIORITY)
        md.inlinePatterns.register(_RefProcessor(self, md), "papernotes_ref", REF_PRIORITY)
