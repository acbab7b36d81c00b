"""An authors line: names separated by commas, `and`, `&` or semicolons.

    Kaiming He, Xiangyu Zhang, Shaoqing Ren and Jian Sun
    He, Kaiming and Zhang, Xiangyu          (`Last, First` pairs, as BibTeX writes them)
    Rinon Gal1, Yuval Alaluf2*               (affiliation marks are not part of a name)
"""

from __future__ import annotations

import re

_SEPARATOR_RE = re.compile(r"[,;，、&]|\band\b")  # the pieces are stripped after: no `\s*` around
_MARKS = "0123456789*†‡§¶∗ "
# lower-case words that stand inside names (`Laurens van der Maaten`)
_PARTICLES = {"van", "der", "den", "de", "von", "di", "da", "del", "della", "dos", "du", "la", "le", "bin", "al", "el"}
_MAX_WORDS = 8  # a team's name (`Research Team (FAIR)`) is longer than a person's


def _clean(name: str) -> str:
    return name.strip(" .").rstrip(_MARKS).strip(" .")


def _is_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= _MAX_WORDS or any(char.isdigit() for char in name):
        return False
    if not all(any(char.isalpha() for char in word) or word.startswith("(") for word in words):
        return False
    capitalised = [word for word in words if word[:1].isupper() or word.startswith("(")]
    lower = [word for word in words if word not in capitalised]
    if not capitalised:
        return False
    # `kaiming He` is a name written in haste; `a method for images` is not
    return all(word.lower() in _PARTICLES for word in lower) or len(lower) <= max(1, len(capitalised) // 2)


def read_authors(text: str) -> list[str] | None:
    """The names of an authors line, in order; None when the text is not one.

    Two names at least, or one of two to four capitalised words; a trailing `et al.` is left out.
    """
    text = text.strip(" .")
    if not text:
        return None
    text = re.sub(r"\s*\bet\s+al\b\.?\s*$", "", text)
    pieces = [_clean(piece) for piece in _SEPARATOR_RE.split(text)]
    pieces = [piece for piece in pieces if piece and piece.lower() not in ("others", "et al", "et al.")]
    if not pieces or not all(_is_name(piece) for piece in pieces):
        return None
    if len(pieces) == 1:
        words = pieces[0].split()
        return pieces if 2 <= len(words) <= 4 and all(word[:1].isupper() for word in words) else None
    if all(len(piece.split()) == 1 for piece in pieces) and len(pieces) % 2 == 0:
        # `He, Kaiming, Zhang, Xiangyu`: Last, First pairs
        return [f"{pieces[i + 1]} {pieces[i]}" for i in range(0, len(pieces), 2)]
    if len(pieces) >= 3 and len(pieces[0].split()) == len(pieces[1].split()) == 1 and len(pieces[2].split()) > 1:
        # `Hinton, Geoffrey, Oriol Vinyals, and Jeff Dean`: a citation turns its first name round only
        return [f"{pieces[1]} {pieces[0]}", *pieces[2:]]
    return pieces
