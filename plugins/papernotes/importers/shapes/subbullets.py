"""An indented item under an entry that gives its authors and venue.

    - [Deep Residual Learning](https://arxiv.org/abs/1512.03385)
      - Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun. CVPR 2016
"""

from __future__ import annotations

from ..imported import ImportedEntry
from .authors import read_authors
from .entries import Report, apply_facts
from .facts import read_facts
from .markup import strip_markup


def read_sub_bullet(body: str, entry: ImportedEntry, number: int, report: Report) -> bool:
    """Add the authors and venue of a sub-bullet (`body`, without its marker) to `entry`; False when
    the item holds neither (the caller reads it otherwise)."""
    text = strip_markup(body)
    facts = read_facts(text, keyword_tags=False)
    names = ", ".join(facts.dropped)
    authors = read_authors(names)
    if authors is None and not (facts.venue and not names):
        return False
    if authors is not None and not entry.authors:
        entry.authors = authors
    apply_facts(entry, facts, number, report, report_dropped=False)
    return True
