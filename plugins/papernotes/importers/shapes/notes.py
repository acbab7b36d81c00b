"""Links from an entry to its notes: local Markdown files, own-repository GitHub links, PDFs.

    [[note]](./Speech%20Separation/Conformer.md)        percent-encoded: the file `Speech Separation/Conformer.md`
    [Title](https://github.com/me/notes/blob/master/rl/dqn.md)   the local `rl/dqn.md`, when it exists
    [[notes]](notes/dqn.pdf)                             a PDF: copied, and linked as `links.notes`
    [DQN](https://me.github.io/notes/rl/2018/07/21/DQN.html)  the Jekyll post `_posts/.../2018-07-21-DQN.md`
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ...knowledge.file_names import MARKDOWN_SUFFIXES

_GITHUB_FILE_RE = re.compile(r"^https?://(?:www\.)?github\.com/[^/]+/[^/]+/(?:blob|tree|raw)/[^/]+/(.+)$", re.I)
# a page of a blog Jekyll builds from the repository's `_posts/`: `.../2018/07/21/DQN.html`
_POST_PAGE_RE = re.compile(r"^https?://[^/]+/(?:[^/?#]+/)*((?:19|20)\d\d)/(\d\d)/(\d\d)/([^/?#]+)\.html?$", re.I)
_POST_FILE_RE = re.compile(r"^(?:19|20)\d\d-\d\d-\d\d-(.+)$")


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


@lru_cache(maxsize=8)
def _posts_by_slug(folder: Path) -> dict[str, list[Path]]:
    """The Markdown files of `folder/_posts` by their slug (the name after the date)."""
    found: dict[str, list[Path]] = {}
    posts = folder / "_posts"
    if not posts.is_dir():
        return found
    for path in sorted(posts.rglob("*")):
        name = _POST_FILE_RE.match(path.stem)
        if name and path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
            found.setdefault(name.group(1).lower(), []).append(path)
    return found


def own_post(url: str, folder: Path) -> str | None:
    """The Jekyll post under `folder/_posts` a blog page link names (by its slug; among several,
    the one whose front matter gives the page's date); None when there is none or no one."""
    match = _POST_PAGE_RE.match(url.strip())
    if match is None:
        return None
    year, month, day, slug = match.groups()
    candidates = _posts_by_slug(folder.resolve()).get(unquote(slug).lower(), [])
    if len(candidates) > 1:
        dated = f"date: {year}-{month}-{day}"
        candidates = [path for path in candidates if dated in path.read_text(encoding="utf-8", errors="replace")[:500]]
    if len(candidates) != 1:
        return None
    return candidates[0].relative_to(folder.resolve()).as_posix()


def own_file(url: str, folder: Path) -> str | None:
    """The local path a GitHub file link (or a page of the blog built from its `_posts/`) names,
    when that file exists under `folder` (the README's own repository)."""
    match = _GITHUB_FILE_RE.match(url.strip())
    if match is None:
        return own_post(url, folder)
    path = unquote(match.group(1).split("#", 1)[0].split("?", 1)[0])
    try:
        candidate = (folder / path).resolve()
        if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
            return path
    except (OSError, ValueError):
        return None
    return None
