"""File names a site can carry as they are, and the kinds of file it may serve from its own origin.

A note's file name becomes the page's address and, when the note has no leading heading, its
title in the nav, the tabs and the browser's title bar; a copied file's name becomes a link.
A plain, portable name (letters and digits of any script, space and `._-+,()`) reads the same
on every system and in every URL, and can hold no markup.
"""

from __future__ import annotations

import re
import unicodedata

# The file names MkDocs builds as pages (mkdocs.utils.markdown_extensions).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")

_PLAIN_PUNCTUATION = frozenset(" ._-+,()")
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)
MAX_NAME_BYTES = 255  # ext4, APFS and NTFS alike

# Files an import copies into the site: images a browser only draws, and documents it shows
# in a viewer of its own or downloads. Anything it runs from the site's origin (HTML, XHTML,
# XML, SVG, which holds script and event handlers as HTML does) is left out. SVG is refused
# whole rather than cleaned: telling a safe one from another takes parsing XML the way a
# browser does (entities, namespaces, <foreignObject>, animated hrefs), and a PNG of the
# figure shows the same.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico"})
DOCUMENT_SUFFIXES = frozenset(
    {".pdf", ".txt", ".csv", ".tsv", ".bib", ".tex", ".zip", ".gz", ".tgz",
     ".pptx", ".ppt", ".key", ".odp", ".docx", ".doc", ".odt", ".xlsx", ".xls", ".ods", ".ipynb"}
)
COPIED_SUFFIXES = IMAGE_SUFFIXES | DOCUMENT_SUFFIXES
_RUNS_RE = re.compile(r"-{2,}")


def _plain(char: str) -> bool:
    # letters, digits and the combining marks of any script (a decomposed 'é' is 'e' + U+0301)
    return char in _PLAIN_PUNCTUATION or unicodedata.category(char)[0] in "LNM"


def name_trouble(name: str) -> str | None:
    """Why `name` (one part of a path) is not a plain, portable file name; None when it is."""
    odd = "".join(dict.fromkeys(char for char in name if not _plain(char)))
    if odd:
        shown = "".join(char if char.isprintable() and char != " " else repr(char)[1:-1] for char in odd[:12])
        return f"it holds '{shown}'"
    if not name or name[0] in " .-":
        return "it starts with a space, a dot or a dash" if name else "it is empty"
    if name[-1] in " .":
        return "it ends with a space or a dot"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"it is longer than {MAX_NAME_BYTES} bytes"
    if name.split(".", 1)[0].lower() in _WINDOWS_DEVICES:
        return "Windows reserves it for a device"
    return None


def portable_name(name: str, fallback: str = "file") -> str:
    """`name` made plain: each character that is not becomes '-', and the suffix is kept.

    `<img src=x onerror=alert(1)>.png` -> `img src-x onerror-alert(1).png`; a name with
    nothing plain in it becomes `fallback`.
    """
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or not suffix or any(not char.isalnum() for char in suffix):
        stem, suffix = name, ""
    stem = _RUNS_RE.sub("-", "".join(char if _plain(char) else "-" for char in stem))
    stem = stem.strip(" .-")
    stem = stem[:120]  # at most 120 characters first, so the loop below runs a bounded number of times
    while len(stem.encode("utf-8")) > 120:
        stem = stem[:-1].rstrip(" .-")
    if not stem:
        stem = fallback
    if stem.split(".", 1)[0].lower() in _WINDOWS_DEVICES:
        stem += "-" + fallback
    return f"{stem}.{suffix}" if suffix else stem


_ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".mht", ".mhtml"})
_DRAWING_SUFFIXES = frozenset({".svg", ".svgz"})


def refused_copy(name: str) -> str | None:
    """Why an import does not copy the file `name` into the site; None when it does."""
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    if suffix in COPIED_SUFFIXES:
        return None
    if suffix in _ACTIVE_SUFFIXES:
        return "an HTML or XML file can hold script, which a browser runs from the site's own address"
    if suffix in _DRAWING_SUFFIXES:
        return "an SVG file can hold script, which a browser runs from the site's own address; link a PNG of it instead"
    kinds = ", ".join(sorted(suffix[1:] for suffix in COPIED_SUFFIXES))
    return f"the site copies only images and documents ({kinds})"
