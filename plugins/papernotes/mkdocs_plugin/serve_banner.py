"""While serving, the problems that stop a rebuild, shown at the top of every page served.

When a save breaks papers.yaml or a note, `mkdocs serve` keeps the site of the last good build
(the plugin stops the rebuild before MkDocs empties the site folder) and the pages it serves
carry a banner with each problem at its file:line. The banner goes in as the pages are served,
by a WSGI wrapper around the development server's app, so no page is written again for it;
the next good build clears it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ..knowledge.problems import Problem, counted
from ..site.escaping import html_text

SHOWN = 10  # problems listed in the banner; the terminal has them all
_BODY_RE = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

# Inline styles: the banner must show whatever the theme's stylesheets are doing.
_STYLE = (
    "position:sticky;top:0;z-index:10000;margin:0;padding:.6rem 1rem;background:#b71c1c;color:#fff;"
    "font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 6px rgba(0,0,0,.3)"
)


def banner_html(problems: list[Problem], kept: bool) -> str:
    """The banner for `problems`; `kept` when the site shown is the last good build's."""
    lines = "".join(
        f'<li><code style="color:inherit;background:none;white-space:pre-wrap">{html_text(problem.format())}</code></li>'
        for problem in problems[:SHOWN]
    )
    more = f"<li>and {counted(len(problems) - SHOWN, 'more problem')} (see the terminal)</li>" if len(problems) > SHOWN else ""
    if kept:
        lead = (f"papernotes: {counted(len(problems), 'problem')} stopped the rebuild. This is the site as last built "
                f"without errors; it is rebuilt on the save that fixes {'it' if len(problems) == 1 else 'them'}.")
    else:
        lead = f"papernotes: {counted(len(problems), 'problem')} in this build."
    return (
        f'<div class="pn-serve-problems" role="alert" data-search-exclude style="{_STYLE}">'
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
