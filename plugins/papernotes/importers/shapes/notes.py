"""Links from an entry to its notes: local Markdown files, own-repository GitHub links, PDFs.

    [[note]](./Speech%20Separation/Conformer.md)        percent-encoded: the file `Speech Separation/Conformer.md`
    [Title](https://github.com/me/notes/blob/master/rl/dqn.md)   the local `rl/dqn.md`, when it exists
    [[notes]](notes/dqn.pdf)                             a PDF: copied, and linked as `links.notes`
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ...knowledge.file_names import MARKDOWN_SUFFIXES

_GITHUB_FILE_RE = re.compile(r"^https?://(?:www\.)?github\.com/[^/]+/[^/]+/(?:blob|tree|raw)/[^/]+/(.+)$", re.I)


def local_path(url: str) -> str | None:
    """The decoded path of a relative link (`a%20b.md#x` -> `a b.md`); None for a URL with a scheme or host."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def is_local_note(url: str) -> bool:
    """A relative link to a Markdown file (any name MkDocs reads as Markdown: .mkd too)."""
    path = local_path(url)
    return path is not None and path.lower().endswith(MARKDOWN_SUFFIXES)


def own_file(url: str, folder: Path) -> str | None:
    """The local path a GitHub file link names, when that file exists under `folder` (the README's own repository)."""
    match = _GITHUB_FILE_RE.match(url.strip())
    if match is None:
        return None
    path = unquote(match.group(1).split("#", 1)[0].split("?", 1)[0])
    try:
        candidate = (folder / path).resolve()
        if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
            return path
    except (OSError, ValueError):
        return None
    return None
