"""Ids and slugs of what an import adds (paper ids, tag keys), and the URLs it keeps."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pydantic_core import PydanticCustomError

from ..knowledge.model import TITLE_STOP_WORDS, check_url, slugify
from .imported import ImportedEntry

# Greek letters name models (π₀, α-Fold, μP): spelled out, they keep an id readable
_GREEK = str.maketrans({
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta", "θ": "theta",
    "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho",
    "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
})
_GREEK_CAPITALS = str.maketrans("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ", "αβγδεζηθικλμνξοπρστυφχψω")


def _ascii_slug(text: str) -> str:
    """slugify after folding accents (é -> e) and spelling out Greek letters (π -> pi), so
    non-ASCII Latin text keeps its words."""
    folded = unicodedata.normalize("NFKD", text.translate(_GREEK_CAPITALS).translate(_GREEK))
    folded = folded.encode("ascii", "ignore").decode("ascii")
    return slugify(folded)


def tag_description(key: str, name: str | None) -> str | None:
    """The text a new tag keeps as its description: the name it was written with, when its key
    does not spell it up to case, spaces and '-_/.' ('Deep Learning' is deep-learning; '通义万象'
    is tag-fa9823c2 and 'C++' is c, which would lose what the reader wrote)."""
    if not name:
        return None
    return None if _spelled(name) == _spelled(key) else name


def _spelled(text: str) -> str:
    return re.sub(r"[\s\-_/.]+", "", text.casefold())


def stable_slug(text: str, fallback: str) -> str:
    """A slug of `text`; text with no Latin letters (CJK) gets `fallback-<hash>`, stable across runs."""
    slug = _ascii_slug(text)
    if slug:
        return slug
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{fallback}-{digest}"  # for tags, what model.MADE_TAG_KEY_RE knows


def is_safe_url(url: str) -> bool:
    """http(s) and relative URLs are kept; every other scheme, `//host` and '' are not (the
    schema's own rule, so what is imported validates)."""
    try:
        check_url(url)
    except PydanticCustomError:
        return False
    return True


def unique_id(entry: ImportedEntry, taken: set[str], next_number: dict[str, int]) -> str:
    """The entry's id, not in `taken` (lowercased); `next_number` remembers where each base's
    `-2`, `-3` ... count stands, so 10,000 entries named alike do not count up from 2 each time."""
    candidates = [stable_slug(entry.short, "paper") if entry.short else "", _short_title_slug(entry.title)]
    # an id that reads as a number (`2012`, from a title of digits alone) is named as a paper's
    candidates = [f"paper-{candidate}" if candidate.isdigit() else candidate for candidate in candidates]
    for candidate in candidates:
        if candidate and candidate.lower() not in taken:
            return candidate
    base = next(candidate for candidate in candidates if candidate)
    number = next_number.get(base.lower(), 2)
    while f"{base}-{number}".lower() in taken:
        number += 1
    next_number[base.lower()] = number + 1
    return f"{base}-{number}"


def _short_title_slug(title: str) -> str:
    """A short readable id from a title: the name before a colon (`CornerNet: ...` -> cornernet)
    when it is at most three words, else the whole slug up to 30 characters, else its first four
    words that are not stop words (`multi-scale-context-aggregation`, not eight words)."""
    head, colon, _rest = title.partition(":")
    if colon and 1 <= len(head.split()) <= 3:
        slug = stable_slug(head, "paper")
        if len(slug) <= 30:
            return slug
    slug = stable_slug(title, "paper")
    if len(slug) <= 30:
        return slug
    words = [word for word in slug.split("-") if word not in TITLE_STOP_WORDS] or slug.split("-")
    words = words[:4]
    while len(words) > 1 and len("-".join(words)) > 40:  # whole words only
        words.pop()
    return "-".join(words)[:40]


