"""While serving, the problems of the latest build, shown at the top of every page served.

When a save breaks papers.yaml or a note, `mkdocs serve` keeps the site of the last good build
(the plugin stops the rebuild before MkDocs empties the site folder) and the pages it serves
carry a banner with each problem at its file:line. A record of papers.yaml with errors does not
stop the rebuild: the site shows the other records' changes, and the banner says what became
of that record (see knowledge.broken_records). Warnings are listed too. The banner goes in as
the pages are served, by a WSGI wrapper around the development server's app, so no page is
written again for it; the next build without problems clears it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..knowledge.knowledge_base import BrokenRecord
from ..knowledge.problems import Problem, counted, quote
from ..site.escaping import html_text

SHOWN = 10  # lines listed in the banner; the terminal has every problem
_BODY_RE = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

# Inline styles: the banner must show whatever the theme's stylesheets are doing. Red for
# errors, dark amber for warnings alone; white text on either.
_STYLE = (
    "position:sticky;top:0;z-index:10000;margin:0;padding:.6rem 1rem;background:{background};color:#fff;"
    "font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 6px rgba(0,0,0,.3);max-height:45vh;overflow:auto"
)
_ERRORS, _WARNINGS = "#b71c1c", "#7a4a00"
_CODE = 'style="color:inherit;background:none;white-space:pre-wrap"'


def broken_record_line(broken: BrokenRecord) -> str:
    """What the site shows of a record set aside for its errors (see knowledge.broken_records)."""
    check = broken.check
    where = f"{check.errors[0].file}:{check.line}"
    named = f"the record {quote(check.paper_id)}" if check.paper_id is not None else "the record"
    if broken.shown_as_before:
        return f"{where}: {named} has errors: the site shows it as it last read without errors"
    return f"{where}: {named} has errors: it is left out of the site until they are fixed"


def banner_html(problems: list[Problem], stopped_by: int = 0, broken_records: Sequence[BrokenRecord] = ()) -> str:
    """The banner for `problems`, errors first. When the first `stopped_by` of them stopped the
    rebuild, the site shown is the last good build's; else it is this build's, and
    `broken_records` are the records of papers.yaml it shows as before or leaves out."""
    errors = sum(1 for problem in problems if problem.severity == "error")
    entries = [(broken_record_line(broken), "") for broken in broken_records]
    entries += [(problem.format(), "code") for problem in problems]
    lines = "".join(
        f"<li><code {_CODE}>{html_text(text)}</code></li>" if kind else f"<li>{html_text(text)}</li>"
        for text, kind in entries[:SHOWN]
    )
    hidden = len(entries) - SHOWN
    more = f"<li>and {counted(hidden, 'more problem')} (see the terminal)</li>" if hidden > 0 else ""
    if stopped_by:
        lead = (f"papernotes: {counted(stopped_by, 'problem')} stopped the rebuild. This is the site as last built; "
                f"it is rebuilt on the save that fixes {'it' if stopped_by == 1 else 'them'}.")
    else:
        counts = [counted(count, noun) for count, noun in ((errors, "error"), (len(problems) - errors, "warning")) if count]
        lead = f"papernotes: {' and '.join(counts)} in this build."
        if broken_records:
            lead += " The site shows every other record's changes."
    style = _STYLE.format(background=_ERRORS if errors else _WARNINGS)
    return (
        f'<div class="pn-serve-problems" role="alert" data-search-exclude style="{style}">'
        f"<strong>{html_text(lead)}</strong>"
        f'<ul style="margin:.3rem 0 0 1.2rem;padding:0">{lines}{more}</ul></div>'
    )


def with_banner(app: Callable[..., Iterable[bytes]], banner: Callable[[], str | None]) -> Callable[..., Iterable[bytes]]:
    """A WSGI app that serves what `app` serves, with `banner()` (when not None) at the start of
    the body of each HTML page."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        html = banner()
        if html is None:
            return app(environ, start_response)
        answer: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer[:] = [status, headers, exc_info]
            return lambda data: None  # the development server answers with an iterable, never through write()

        chunks = app(environ, keep)  # the server calls start_response before it returns
        status, headers, exc_info = answer
        content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
        if not content_type.startswith("text/html"):
            start_response(status, headers, exc_info)
            return chunks
        body = insert_after_body(b"".join(chunks), html.encode("utf-8"))
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(body)))], exc_info)
        return [body]

    return serve


def insert_after_body(page: bytes, banner: bytes) -> bytes:
    match = _BODY_RE.search(page)
    at = match.end() if match else 0
    return page[:at] + banner + page[at:]
