"""Site-relative URLs of pages and links between them, by the rules MkDocs uses for Markdown files."""

from __future__ import annotations

import posixpath

from ..knowledge.layout import output_path


def url_of(src_uri: str, use_directory_urls: bool) -> str:
    """The site-relative URL MkDocs gives a Markdown file: where it writes it (layout.output_path),
    a folder's index.html named by the folder with directory URLs."""
    path = output_path(src_uri, use_directory_urls)
    if use_directory_urls and posixpath.basename(path) == "index.html":
        return path[: -len("index.html")]
    return path


def relative_url(target: str, page_url: str) -> str:
    """`target` (site-relative URL) as seen from the page at `page_url`."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    if not base:
        return target or "./"
    path, sep, fragment = target.partition("#")
    rel = _relpath(path, base)
    if (path.endswith("/") or not path) and not rel.endswith("/"):
        rel += "/"
    if rel == "./" or rel == "." + "/":
        rel = "./"
    return rel + (sep + fragment if sep else "")


def root_prefix(page_url: str) -> str:
    """The relative path from the page at `page_url` up to the site root ('', '../', ...)."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    return "../" * folder.strip("/").count("/") + ("../" if folder.strip("/") else "")


def _relpath(path: str, base: str) -> str:
    """posixpath.relpath('/' + path, '/' + base), without its normalising work for clean URLs.

    Every link of every generated page goes through here, so it is worth the shortcut.
    """
    start_parts = [part for part in base.split("/") if part]
    path_parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") for part in start_parts) or any(part in (".", "..") for part in path_parts):
        return posixpath.relpath("/" + path, "/" + base)
    common = 0
    for here, there in zip(start_parts, path_parts, strict=False):
        if here != there:
            break
        common += 1
    rel_parts = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(rel_parts) if rel_parts else "."


def is_remote(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))
