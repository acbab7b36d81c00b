"""An indented item under an entry that gives its authors and venue.

    - [Deep Residual Learning](https://arxiv.org/abs/1512.03385)
      - Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun. CVPR 2016
"""

from __future__ import annotations

import re

from ..imported import ImportedEntry
from .entries import Report, apply_facts
from .facts import read_facts
from .markup import strip_markup


def read_sub_bullet(body: str, entry: ImportedEntry, number: int, report: Report) -> bool:
    """Add the authors and venue of a sub-bullet (`body`, without its marker) to `entry`; False when
    the item holds neither (the caller reads it otherwise)."""
    text = strip_markup(body)
    facts = read_facts(text, keyword_tags=False)
    names = " ".join(facts.dropped)
    authors = [name.strip(" .") for name in re.split(r",\s*|(?<!\s)\s+and\s+|;\s*", names) if name.strip(" .")]
    looks_like_names = bool(authors) and all(
        1 <= len(name.split()) <= 4 and all(word[:1].isupper() or word in ("et", "al", "al.") for word in name.split())
        for name in authors
    )
    if not looks_like_names and not (facts.venue and not names):
        return False
    if looks_like_names and not entry.authors:
        entry.authors = [name for name in authors if name not in ("et al", "et al.")]
    apply_facts(entry, facts, number, report, report_dropped=False)
    return True
