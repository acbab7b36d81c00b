"""An entry read the way a person reads it: a title and the decorations around it, on small READMEs written here."""

from __future__ import annotations

import datetime as dt
import textwrap

from papernotes.importers.plan import ImportedEntry
from papernotes.importers.readme import parse_readme
from papernotes.importers.shapes.authors import read_authors

TODAY = dt.date(2026, 1, 1)


def entries(text: str) -> list[ImportedEntry]:
    return parse_readme(textwrap.dedent(text), today=TODAY).entries


# ---------------------------------------------------------------- authors lines


def test_an_authors_line_in_each_way_it_is_written() -> None:
    assert read_authors("Ada Lovelace, Charles Babbage and Mary Somerville") == [
        "Ada Lovelace", "Charles Babbage", "Mary Somerville"
    ]
    assert read_authors("Ada Lovelace & Charles Babbage") == ["Ada Lovelace", "Charles Babbage"]
    assert read_authors("Lovelace, Ada and Babbage, Charles") == ["Ada Lovelace", "Charles Babbage"]
    assert read_authors("Ada Lovelace1, Charles Babbage2*, et al.") == ["Ada Lovelace", "Charles Babbage"]
    assert read_authors("Jan van den Berg, grace Hopper") == ["Jan van den Berg", "grace Hopper"]


def test_text_that_is_not_an_authors_line() -> None:
    assert read_authors("uses a new loss, then trains it twice") is None
    assert read_authors("Trained on 8 GPUs, ResNet 50") is None
    assert read_authors("") is None


# ---------------------------------------------------------------- decorations of the title


def test_a_heading_mark_inside_a_list_item_and_an_authors_sub_bullet() -> None:
    (first, second) = entries("""\
        - #### Folding Paper Cranes with Robots [[Paper](https://arxiv.org/abs/2301.00001)][[Review](./reviews/cranes.md)]
          - Ada Lovelace, Charles Babbage, **ICRA 2023**

        - #### Counting Sheep at Night [[Paper](https://example.org/sheep.pdf)]

          - Grace Hopper & Jan van den Berg, **Sleep Journal 2021**
        """)
    assert (first.title, first.url, first.note_link) == (
        "Folding Paper Cranes with Robots", "https://arxiv.org/abs/2301.00001", "./reviews/cranes.md"
    )
    assert (first.authors, first.venue, first.year) == (["Ada Lovelace", "Charles Babbage"], "ICRA", 2023)
    assert (second.title, second.authors, second.year) == (
        "Counting Sheep at Night", ["Grace Hopper", "Jan van den Berg"], 2021
    )
    assert second.venue is not None and second.venue.startswith("Sleep")


def test_a_year_in_parentheses_before_the_label_links_is_the_year_not_the_title() -> None:
    (first, second) = entries("""\
        - Folding Paper Cranes (2020): [[Paper]](https://arxiv.org/abs/1901.00001) [[Notes]](notes/cranes.pdf)
        - Counting Sheep (2019) [[Paper]](https://example.org/sheep)
        """)
    assert (first.title, first.year) == ("Folding Paper Cranes", 2020)
    assert (second.title, second.year) == ("Counting Sheep", 2019)
