"""Every validation rule: bad input in, the exact `file:line:col: severity: message` out."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from papernotes.knowledge.knowledge_base import KnowledgeBase
from papernotes.knowledge.markdown_scan import find_refs, split_front_matter
from papernotes.knowledge.model import web_address_without_scheme
from papernotes.knowledge.problems import Problem, describe, did_you_mean, quote, sort_problems
from papernotes.knowledge.validation import load_knowledge_base

TODAY = dt.date(2024, 6, 1)

# Eight lines of vocabularies: the first record of a test starts on line 9.
VOCABULARY = """\
tags:
  net: Network architectures
  loc/seg: Semantic segmentation
venues:
  NeurIPS:
    aliases: [NIPS]
  CVPR:
papers:
"""


def load(tmp_path: Path, papers: str, notes: dict[str, str] | None = None, vocabulary: bool = True) -> KnowledgeBase:
    """Write papers.yaml (after the vocabularies unless told not to) and notes/, then load them."""
    records = textwrap.indent(textwrap.dedent(papers), "  ")  # items of `papers:`, at column 3
    text = (VOCABULARY if vocabulary else "papers:\n") + records
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    docs = tmp_path / "notes"
    docs.mkdir(exist_ok=True)
    for name, body in (notes or {}).items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body), encoding="utf-8")
    return load_knowledge_base(tmp_path / "papers.yaml", docs, tmp_path, today=TODAY)


def lines(kb: KnowledgeBase) -> list[str]:
    return [problem.format() for problem in kb.problems]


RESNET = """\
  - id: resnet
    title: Deep Residual Learning for Image Recognition
"""


# ---------------------------------------------------------------- a clean record


def test_full_record_loads_without_problems(tmp_path: Path) -> None:
    for name in ("papers/resnet.pdf", "images/resnet.png"):  # relative links name files of the notes folder
        (tmp_path / "notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "notes" / name).write_bytes(b"")
    kb = load(
        tmp_path,
        """\
          - id: resnet
            title: Deep Residual Learning for Image Recognition
            short: ResNet
            authors: [Kaiming He, Xiangyu Zhang]
            year: 2016
            venue: CVPR
            url: https://arxiv.org/abs/1512.03385
            links:
              code: https://github.com/KaimingHe/deep-residual-networks
              pdf: papers/resnet.pdf
            tags: [net, loc/seg]
            read: 2020-06-22
            status: read
            group: "Breadth: Classics"
            rating: 5
            abstract: Deeper networks are harder to train.
            image: images/resnet.png
            highlights: ["Identity shortcuts."]
        """,
    )
    assert lines(kb) == []
    paper = kb.papers["resnet"]
    assert paper.read == dt.date(2020, 6, 22)
    assert paper.links.items() == [
        ("pdf", "papers/resnet.pdf"),
        ("code", "https://github.com/KaimingHe/deep-residual-networks"),
    ]
    assert paper.tags == ["net", "loc/seg"]
    assert kb.paper_lines == {"resnet": 9}
    assert kb.tags["loc"].declared is False  # a child tag implies its parent
    assert kb.tags["loc/seg"].parent == "loc"


# ---------------------------------------------------------------- YAML syntax


def test_yaml_syntax_error_is_fatal_and_positioned(tmp_path: Path) -> None:
    kb = load(tmp_path, "  - id: resnet\n    title: [unclosed\n  - id: vgg\n")
    assert lines(kb) == [
        "papers.yaml:11:7: error: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 10)"
    ]
    assert kb.fatal == kb.problems[0]
    assert kb.papers == {}


def test_tab_indentation_says_to_use_spaces(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text("papers:\n\t- id: resnet\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [
        "papers.yaml:2:1: error: YAML syntax error: found character that cannot start any token; "
        "YAML indentation must use spaces, not tabs"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- id: a\n", "papers.yaml:1:1: error: papers file must be a mapping with a 'papers:' list, got a list"),
        ("just text\n", "papers.yaml:1:1: error: papers file must be a mapping with a 'papers:' list, got the text 'just text'"),
        ("papers: {id: a}\n", "papers.yaml:1:1: error: 'papers' must be a list of records ('- id: ...'), got a mapping"),
        ("tags: [a]\n", "papers.yaml:1:1: error: 'tags' must be a mapping of tag key to description, got a list"),
        ("venues: CVPR\n", "papers.yaml:1:1: error: 'venues' must be a mapping of venue name to details, got the text 'CVPR'"),
    ],
)
def test_wrong_shape_of_the_file(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [expected]
    assert kb.errors == kb.problems


START = "add a 'papers:' list with one '- id: ...' record per paper, or write 'papers: []' to start with none"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f"papers.yaml is empty: {START}"),
        ("\n  \n\n", f"papers.yaml is empty: {START}"),
        ("# papers go here\n\n# later\n", f"papers.yaml is empty (it holds only comments): {START}"),
        ("---\n# none\n", f"papers.yaml is empty: {START}"),
        ("\ufeff# with a byte order mark\n", f"papers.yaml is empty (it holds only comments): {START}"),
    ],
)
def test_empty_file_is_an_error_that_stops_the_build(tmp_path: Path, text: str, message: str) -> None:
    # a file emptied by mistake must not publish an empty site, so it is fatal like a syntax error
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [f"papers.yaml:1:1: error: {message}"]
    assert kb.fatal == kb.problems[0]


def test_papers_key_without_records_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text("tags:\n  net: Networks\npapers:\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [
        "papers.yaml:3:1: warning: 'papers' holds no records: add one '- id: ...' record per paper below it, "
        "or write 'papers: []' to start with none"
    ]
    assert kb.fatal is None


@pytest.mark.parametrize("text", ["papers: []\n", "# none yet\npapers: []\n", "tags:\n  net: Networks\n"])
def test_an_empty_list_of_papers_is_fine(tmp_path: Path, text: str) -> None:
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert (kb.problems, kb.papers, kb.fatal) == ([], {}, None)


# ---------------------------------------------------------------- required fields and types


def test_missing_id_points_at_the_record(tmp_path: Path) -> None:
    kb = load(tmp_path, "  - title: No id here\n")
    assert lines(kb) == ["papers.yaml:9:5: error: missing required key 'id'"]
    assert kb.papers == {}


def test_missing_title(tmp_path: Path) -> None:
    kb = load(tmp_path, "  - id: resnet\n    year: 2016\n")
    assert lines(kb) == ["papers.yaml:9:5: error: missing required key 'title'"]


def test_record_that_is_not_a_mapping(tmp_path: Path) -> None:
    kb = load(tmp_path, "  - resnet\n")
    assert lines(kb) == ["papers.yaml:9:5: error: a paper record must be a mapping of keys to values, got the text 'resnet'"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("short: no", "'short' must be text, got the boolean false (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)"),
        ("short: yes", "'short' must be text, got the boolean true (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)"),
        ("group: on", "'group' must be text, got the boolean true (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)"),
        ("short: 1984", "'short' must be text, got the number 1984 (put it in quotes to make it text)"),
        ("abstract: 3.14", "'abstract' must be text, got the number 3.14 (put it in quotes to make it text)"),
        ("short: 2016-01-01", "'short' must be text, got the date 2016-01-01 (put it in quotes to make it text)"),
        ('short: ""', "'short' is empty: write a value or remove the key"),
        ("year: twenty", "'year' must be a whole number, got the text 'twenty'"),
        ('year: "2016"', "'year' must be a whole number, got the text '2016' (remove the quotes)"),
        ("year: 2016.5", "'year' must be a whole number, got the number 2016.5"),
        ("rating: yes", "'rating' must be a whole number, got the boolean true (YAML reads yes/no/on/off/true/false as booleans)"),
        ("rating: 7", "'rating' must be at most 5, got the number 7"),
        ("rating: 0", "'rating' must be at least 1, got the number 0"),
        ("read: last week", "'read' must be a date written YYYY-MM-DD, got the text 'last week'"),
        ("read: 1600000000", "'read' must be a date written YYYY-MM-DD, got the number 1600000000"),
        ("read: 2020-01-01 10:30:00", "'read' must be a date written YYYY-MM-DD, got the date and time 2020-01-01 10:30:00"),
        ("authors: Kaiming He", "'authors' must be a list, got the text 'Kaiming He' (write [a, b] or one '- item' per line)"),
        ("tags: net", "'tags' must be a list, got the text 'net' (write [a, b] or one '- item' per line)"),
        ("links: https://x.org", "'links' must be a mapping of keys to values, got the text 'https://x.org'"),
    ],
)
def test_wrong_type_of_an_optional_field(tmp_path: Path, line: str, message: str) -> None:
    kb = load(tmp_path, RESNET + f"    {line}\n")
    assert lines(kb) == [f"papers.yaml:11:5: error: {message}"]
    # a bad optional value is reported and left out; the paper itself stays
    assert kb.papers["resnet"].title == "Deep Residual Learning for Image Recognition"


def test_wrong_type_of_a_list_item_names_the_item(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    authors:\n      - Kaiming He\n      - 42\n      - Jian Sun\n")
    assert lines(kb) == ["papers.yaml:13:9: error: 'authors' (item 2) must be text, got the number 42 (put it in quotes to make it text)"]
    assert kb.papers["resnet"].authors == ["Kaiming He", "Jian Sun"]  # only the bad item is left out


def test_wrong_type_of_a_required_field_drops_the_record(tmp_path: Path) -> None:
    kb = load(tmp_path, "  - id: 1984\n    title: Nineteen\n  - id: vgg\n    title: no\n")
    assert lines(kb) == [
        "papers.yaml:9:5: error: 'id' must be text, got the number 1984 (put it in quotes to make it text)",
        "papers.yaml:12:5: error: 'title' must be text, got the boolean false "
        "(YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)",
    ]
    assert kb.papers == {}


def test_a_broken_record_still_has_its_other_fields_checked(tmp_path: Path) -> None:
    kb = load(tmp_path, "  - title: Orphan\n    venue: ICMLL\n    read: 2030-01-01\n    tags: [nte]\n")
    assert lines(kb) == [
        "papers.yaml:9:5: error: missing required key 'id'",
        "papers.yaml:10:5: warning: unknown venue 'ICMLL'; add it under 'venues:' in papers.yaml",
        "papers.yaml:11:5: error: 'read' date 2030-01-01 is in the future (today is 2024-06-01)",
        "papers.yaml:12:12: warning: unknown tag 'nte' (did you mean 'net'?)",
    ]
    assert kb.papers == {}


# ---------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("raw_id", "shown", "suggestion"),
    [
        ('"Deep Residual!"', "Deep Residual!", "did you mean 'deep-residual'?"),
        ("-resnet", "-resnet", "did you mean 'resnet'?"),
        ("res/net", "res/net", "did you mean 'res-net'?"),
        ('"残差网络"', "残差网络", "e.g. 'resnet'"),
        ('"{suggestion}"', "{suggestion}", "did you mean 'suggestion'?"),  # never filled in as a template
    ],
)
def test_id_must_be_a_slug(tmp_path: Path, raw_id: str, shown: str, suggestion: str) -> None:
    kb = load(tmp_path, f"  - id: {raw_id}\n    title: T\n")
    assert lines(kb) == [
        f"papers.yaml:9:5: error: 'id' must be a slug (letters, digits, '-', '_' and '.', starting with a letter "
        f"or digit), got the text '{shown}' ({suggestion})"
    ]


def test_duplicate_id_keeps_the_first_record(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "  - id: resnet\n    title: Second\n")
    assert lines(kb) == [
        "papers.yaml:11:5: error: duplicate id 'resnet': already used on line 9; give this paper another id"
    ]
    assert kb.papers["resnet"].title == "Deep Residual Learning for Image Recognition"
    assert list(kb.papers) == ["resnet"]


def test_duplicate_id_ignoring_case(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "  - id: ResNet\n    title: Second\n")
    assert lines(kb) == [
        "papers.yaml:11:5: error: duplicate id 'ResNet': already used on line 9 as 'resnet' (ids must differ "
        "also ignoring case, since URLs collide on case-insensitive file systems); give this paper another id"
    ]
    assert list(kb.papers) == ["resnet"]
    assert kb.papers["resnet"].title == "Deep Residual Learning for Image Recognition"


def test_duplicate_key_in_a_record_is_reported_and_the_first_value_stays(tmp_path: Path) -> None:
    kb = load(tmp_path, "  - id: resnet\n    title: First title\n    year: 2016\n    title: Second title\n")
    assert lines(kb) == [
        "papers.yaml:12:5: error: duplicate key 'title': already set on line 10; "
        "YAML would keep only one of the two values, remove or rename one"
    ]
    assert kb.papers["resnet"].title == "First title"


def test_duplicate_top_level_key_does_not_merge_the_lists(tmp_path: Path) -> None:
    text = "papers:\n  - id: a\n    title: A\npapers:\n  - id: b\n    title: B\n"
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [
        "papers.yaml:4:1: error: duplicate key 'papers': already set on line 1; "
        "YAML would keep only one of the two values, remove or rename one"
    ]
    assert list(kb.papers) == ["a"]


# ---------------------------------------------------------------- vocabularies


def test_unknown_tag_with_did_you_mean(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    tags: [net, loc/segm, physics]\n")
    assert lines(kb) == [
        "papers.yaml:11:17: warning: unknown tag 'loc/segm' (did you mean 'loc/seg'?)",
        "papers.yaml:11:27: warning: unknown tag 'physics'; add it under 'tags:' in papers.yaml",
    ]
    assert kb.errors == []
    assert [p.severity for p in kb.warnings] == ["warning", "warning"]
    assert kb.papers["resnet"].tags == ["net", "loc/segm", "physics"]  # warnings keep the data


def test_tags_are_free_without_a_vocabulary(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    tags: [anything]\n    venue: Anywhere\n", vocabulary=False)
    assert lines(kb) == []


def test_tag_that_is_not_a_tag_key(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    tags: [Deep Learning]\n")
    assert lines(kb) == [
        "papers.yaml:11:12: error: 'tags' (item 1) must be a tag key (lowercase letters, digits and '-', with '/' "
        "between parent and child), got the text 'Deep Learning' (did you mean 'deep-learning'?)"
    ]


def test_tag_vocabulary_rules(tmp_path: Path) -> None:
    text = "tags:\n  net: Networks\n  Net: Again\n  Bad Key: x\n  gen: [not, text]\n  Loc/Seg:\n  2020: y\n  ai: no\npapers: []\n"
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    rule = "must be a tag key (lowercase letters, digits and '-', with '/' between parent and child)"
    assert lines(kb) == [
        f"papers.yaml:3:3: error: a key of 'tags' {rule}, got the text 'Net' (did you mean 'net'?)",
        f"papers.yaml:4:3: error: a key of 'tags' {rule}, got the text 'Bad Key' (did you mean 'bad-key'?)",
        "papers.yaml:5:3: error: the description of tag 'gen' must be text, got a list",
        f"papers.yaml:6:3: error: a key of 'tags' {rule}, got the text 'Loc/Seg' (did you mean 'loc/seg'?)",
        "papers.yaml:7:3: error: a key of 'tags' must be text, got the number 2020 (put it in quotes to make it text)",
        "papers.yaml:8:3: error: the description of tag 'ai' must be text, got the boolean false "
        "(YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)",
    ]
    assert set(kb.tags) == {"net", "gen", "ai"}


def test_unknown_status_with_did_you_mean(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    status: raed\n  - id: vgg\n    title: VGG\n    status: done\n")
    assert lines(kb) == [
        "papers.yaml:11:5: error: 'status' must be one of 'to-read', 'reading' or 'read', got the text 'raed' (did you mean 'read'?)",
        "papers.yaml:14:5: error: 'status' must be one of 'to-read', 'reading' or 'read', got the text 'done'",
    ]


def test_to_read_with_a_read_date_is_a_warning(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    read: 2020-01-01\n    status: to-read\n")
    assert lines(kb) == [
        "papers.yaml:12:5: warning: 'status' is 'to-read' but a 'read' date is set: use 'read' or 'reading', or remove the date"
    ]


def test_reading_status_defaults_from_the_read_date(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    read: 2020-01-01\n  - id: vgg\n    title: VGG\n")
    assert kb.papers["resnet"].reading_status == "read"
    assert kb.papers["vgg"].reading_status == "to-read"


def test_venue_aliases_resolve_to_the_canonical_name(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    venue: NIPS\n  - id: vgg\n    title: VGG\n    venue: cvpr\n")
    assert lines(kb) == []
    assert kb.papers["resnet"].venue == "NeurIPS"
    assert kb.papers["vgg"].venue == "CVPR"


def test_unknown_venue_is_reported_when_a_vocabulary_exists(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    venue: NeurlPS\n  - id: vgg\n    title: VGG\n    venue: SIGGRAPH\n")
    assert lines(kb) == [
        "papers.yaml:11:5: warning: unknown venue 'NeurlPS' (did you mean 'NeurIPS'?)",
        "papers.yaml:14:5: warning: unknown venue 'SIGGRAPH'; add it under 'venues:' in papers.yaml",
    ]
    assert kb.papers["resnet"].venue == "NeurlPS"  # kept as written


def test_spaces_around_venue_names_are_dropped(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text(
        "venues:\n  ' CVPR ':\n    aliases: [' CVPR2016 ']\n  'ICCV ':\n  ICCV:\n"
        "papers:\n  - id: a\n    title: A\n    venue: ' cvpr'\n  - id: b\n    title: B\n    venue: 'CVPR2016 '\n",
        encoding="utf-8",
    )
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == ["papers.yaml:5:3: error: venue spelling 'ICCV' is used by both 'ICCV' and 'ICCV'"]
    assert list(kb.venues) == ["CVPR", "ICCV"]
    assert kb.venues["CVPR"].aliases == ["CVPR2016"]
    assert [kb.papers["a"].venue, kb.papers["b"].venue] == ["CVPR", "CVPR"]


def test_venue_vocabulary_rules(tmp_path: Path) -> None:
    text = (
        "venues:\n  NeurIPS:\n    aliases: [NIPS]\n  NIPS:\n  ICLR:\n    alias: [iclr]\n"
        "  ECCV:\n    aliases: ECCV'18\npapers: []\n"
    )
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [
        "papers.yaml:4:3: error: venue spelling 'NIPS' is used by both 'NeurIPS' and 'NIPS'",
        "papers.yaml:6:5: error: unknown key 'alias' (did you mean 'aliases'?)",
        "papers.yaml:8:5: error: 'aliases' must be a list, got the text 'ECCV'18' (write [a, b] or one '- item' per line)",
    ]


# ---------------------------------------------------------------- dates


def test_read_date_in_the_future(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    read: 2024-06-02\n")
    assert lines(kb) == ["papers.yaml:11:5: error: 'read' date 2024-06-02 is in the future (today is 2024-06-01)"]


@pytest.mark.parametrize("date", ["0001-01-01", "1020-06-01", "1899-12-31"])
def test_read_date_before_1900(tmp_path: Path, date: str) -> None:
    kb = load(tmp_path, RESNET + f"    read: {date}\n")
    assert lines(kb) == [f"papers.yaml:11:5: error: 'read' date {date} is before 1900: write the date the paper was read"]
    assert lines(load(tmp_path, RESNET + "    read: 1900-01-01\n")) == []


def test_a_note_dated_before_1900_or_after_today(tmp_path: Path) -> None:
    notes = {
        "old.md": "---\ntitle: Old\ndate: 0001-01-01\n---\n\nText.\n",
        "ahead.md": "---\ndate: 2024-06-02\n---\n\nText.\n",
        "fine.md": "---\ndate: 2024-06-01\n---\n\nText.\n",
        "first.md": "---\ndate: 1900-01-01\n---\n\nText.\n",
    }
    kb = load(tmp_path, RESNET, notes)
    assert lines(kb) == [
        "notes/ahead.md:2:1: error: 'date' 2024-06-02 is in the future (today is 2024-06-01)",
        "notes/old.md:3:1: error: 'date' 0001-01-01 is before 1900: write the date the note was written",
    ]


def test_read_today_is_fine(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    read: 2024-06-01\n    year: 2025\n")
    assert lines(kb) == []  # next year's papers exist (proceedings dated ahead)


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2026", "'year' 2026 is in the future (this is 2024)"),
        ("1700", "'year' must be at least 1800, got the number 1700"),
        ("-5", "'year' must be at least 1800, got the number -5"),
    ],
)
def test_year_out_of_range(tmp_path: Path, year: str, message: str) -> None:
    kb = load(tmp_path, RESNET + f"    year: {year}\n")
    assert lines(kb) == [f"papers.yaml:11:5: error: {message}"]


def test_read_long_before_publication_is_a_warning(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    year: 2016\n    read: 2010-03-01\n")
    assert lines(kb) == ["papers.yaml:12:5: warning: 'read' date 2010-03-01 is before the paper's year 2016: check both"]


# ---------------------------------------------------------------- URLs


URL_RULE = "'url' must be an http(s) or a relative URL"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", f"{URL_RULE}, got a 'javascript:' URL"),
        ("JavaScript:alert(1)", f"{URL_RULE}, got a 'JavaScript:' URL"),
        ('"java\\tscript:alert(1)"', f"{URL_RULE}, got a 'javascript:' URL"),
        ('"\\x01javascript:alert(1)"', f"{URL_RULE}, got a 'javascript:' URL"),
        ('" javascript:alert(1)"', f"{URL_RULE}, got a 'javascript:' URL"),
        ('"data:text/html,<script>alert(1)</script>"', f"{URL_RULE}, got a 'data:' URL"),
        ("vbscript:msgbox", f"{URL_RULE}, got a 'vbscript:' URL"),
        ("file:///etc/passwd", f"{URL_RULE}, got a 'file:' URL"),
        ("ftp://example.org/paper.pdf", f"{URL_RULE}, got a 'ftp:' URL"),
        ("mailto:a@example.org", f"{URL_RULE}, got a 'mailto:' URL"),
        ("//evil.example/x", f"{URL_RULE}, got a protocol-relative URL (did you mean 'https://evil.example/x'?)"),
        ('"\\\\/evil.example/x"', None),  # a backslash path is relative: allowed (browsers differ; the site escapes it)
        ('" "', "'url' is empty: write a value or remove the key"),
    ],
)
def test_url_must_be_http_or_relative(tmp_path: Path, url: str, message: str | None) -> None:
    kb = load(tmp_path, RESNET + f"    url: {url}\n")
    expected = [] if message is None else [f"papers.yaml:11:5: error: {message}"]
    assert [problem.format() for problem in kb.errors] == expected
    if message is not None:
        assert kb.papers["resnet"].url is None  # the bad URL is never kept


@pytest.mark.parametrize(
    "url",
    ["https://arxiv.org/abs/1512.03385", "http://x.org", "HTTPS://X.ORG", "images/a.png", "notes/a.pdf", "/a/b", "#top",
     "a.pdf?x=1:2", "./images/a.png#fig", "images/a%20b.png", "a.ai", "resnet.io.md"],
)
def test_good_urls(tmp_path: Path, url: str) -> None:
    for name in ("images/a.png", "notes/a.pdf", "a/b", "a.pdf", "images/a b.png", "a.ai", "resnet.io.md"):
        (tmp_path / "notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "notes" / name).write_text("x", encoding="utf-8")
    kb = load(tmp_path, RESNET + f"    url: '{url}'\n    image: '{url}'\n    links: {{pdf: '{url}'}}\n")
    assert lines(kb) == []
    assert kb.papers["resnet"].url == url


NO_SCHEME = "got a web address without 'https://', which would link to a missing file of this site"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("url: arxiv.org/abs/1608.06993", f"5: error: {URL_RULE}, {NO_SCHEME} (did you mean 'https://arxiv.org/abs/1608.06993'?)"),
        ("url: www.example.org", f"5: error: {URL_RULE}, {NO_SCHEME} (did you mean 'https://www.example.org'?)"),
        ("url: www.cs.toronto.edu/~kriz/cifar.html", f"5: error: {URL_RULE}, {NO_SCHEME} (did you mean 'https://www.cs.toronto.edu/~kriz/cifar.html'?)"),
        ("url: openai.com", f"5: error: {URL_RULE}, {NO_SCHEME} (did you mean 'https://openai.com'?)"),
        ("url: 'paperswithcode.com:443/sota'", f"5: error: {URL_RULE}, {NO_SCHEME} (did you mean 'https://paperswithcode.com:443/sota'?)"),
        ("url: Arxiv.Org/abs/1", f"5: error: {URL_RULE}, {NO_SCHEME} (did you mean 'https://Arxiv.Org/abs/1'?)"),
        ("links: {code: github.com/x/y}", f"13: error: 'links.code' must be an http(s) or a relative URL, {NO_SCHEME} (did you mean 'https://github.com/x/y'?)"),
        ("image: i.imgur.com/abc.png", f"5: error: 'image' must be an http(s) or a relative URL, {NO_SCHEME} (did you mean 'https://i.imgur.com/abc.png'?)"),
    ],
)
def test_web_address_without_scheme_is_an_error(tmp_path: Path, line: str, message: str) -> None:
    kb = load(tmp_path, RESNET + f"    {line}\n")
    assert lines(kb) == [f"papers.yaml:11:{message}"]  # message starts with its column
    paper = kb.papers["resnet"]
    assert (paper.url, paper.image, paper.links.code) == (None, None, None)


@pytest.mark.parametrize("url", ["img/x.png", "../notes/a.md", "resnet.pdf", "paper.v2.pdf", "figure.ai", "build.cc", "model.pt", "a.b/c", "v1.0/notes.md", "x.md"])
def test_relative_file_links_are_not_web_addresses(url: str) -> None:
    assert web_address_without_scheme(url) is None


def test_bad_link_is_dropped_and_the_other_links_kept(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    links:\n      pdf: javascript:alert(1)\n      code: https://github.com/x/y\n    image: data:x\n")
    assert lines(kb) == [
        "papers.yaml:12:7: error: 'links.pdf' must be an http(s) or a relative URL, got a 'javascript:' URL",
        "papers.yaml:14:5: error: 'image' must be an http(s) or a relative URL, got a 'data:' URL",
    ]
    paper = kb.papers["resnet"]
    assert paper.links.items() == [("code", "https://github.com/x/y")]
    assert paper.image is None


# ---------------------------------------------------------------- relative links name files of the notes folder


def files(tmp_path: Path, *names: str) -> None:
    for name in names:
        (tmp_path / "notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "notes" / name).write_bytes(b"")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("image: img/resnet.png", "11:5: warning: 'image' names no file: 'notes/img/resnet.png' does not exist (did you mean 'img/resnet.svg'?)"),
        ("image: Img/ResNet-Block.SVG", "11:5: warning: 'image' names no file: 'notes/Img/ResNet-Block.SVG' does not exist (did you mean 'img/resnet-block.svg'?)"),
        ("url: resnet-block.svg", "11:5: warning: 'url' names no file: 'notes/resnet-block.svg' does not exist (did you mean 'img/resnet-block.svg'?)"),
        ("url: /pdfs/resnet.pdf", "11:5: warning: 'url' names no file: 'notes/pdfs/resnet.pdf' does not exist (did you mean 'papers/resnet.pdf'?)"),
        ("links: {slides: talks/resnet.pdf}", "11:13: warning: 'links.slides' names no file: 'notes/talks/resnet.pdf' does not exist (did you mean 'papers/resnet.pdf'?)"),
        ("links: {pdf: 'papers/resnet%202.pdf#page=3'}", "11:13: warning: 'links.pdf' names no file: 'notes/papers/resnet 2.pdf' does not exist (did you mean 'papers/resnet.pdf'?)"),
        ("links: {pdf: ../papers/resnet.pdf}",
         "11:13: warning: 'links.pdf' links to '../papers/resnet.pdf', outside notes/: the site holds only the files of notes/, so move the file there"),
    ],
)
def test_relative_link_that_names_no_file(tmp_path: Path, line: str, message: str) -> None:
    files(tmp_path, "img/resnet.svg", "img/resnet-block.svg", "papers/resnet.pdf")
    kb = load(tmp_path, RESNET + f"    {line}\n")
    assert lines(kb) == [f"papers.yaml:{message}"]
    assert kb.errors == []  # the link stays: the file may come later


@pytest.mark.parametrize("href", ["img/resnet.svg", "./img/../img/resnet.svg", "/img/resnet.svg", "img/", "img", "/", "papers/resnet.pdf?v=2#page=3"])
def test_relative_link_to_a_file_or_folder_that_exists(tmp_path: Path, href: str) -> None:
    files(tmp_path, "img/resnet.svg", "papers/resnet.pdf")
    kb = load(tmp_path, RESNET + f"    image: '{href}'\n    links: {{pdf: '{href}'}}\n")
    assert lines(kb) == []


def test_a_file_used_as_a_folder_names_no_file(tmp_path: Path) -> None:
    files(tmp_path, "img")
    kb = load(tmp_path, RESNET + "    image: img/a.png\n")
    assert lines(kb) == ["papers.yaml:11:5: warning: 'image' names no file: 'notes/img/a.png' does not exist"]


def test_relative_links_are_looked_up_again_on_every_load(tmp_path: Path) -> None:
    from papernotes.knowledge.validation import LoadMemo

    memo = LoadMemo()
    (tmp_path / "papers.yaml").write_text("papers:\n" + RESNET + "    image: img/a.png\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    first = load_knowledge_base(tmp_path / "papers.yaml", tmp_path / "notes", tmp_path, TODAY, memo)
    files(tmp_path, "img/a.png")
    second = load_knowledge_base(tmp_path / "papers.yaml", tmp_path / "notes", tmp_path, TODAY, memo)
    assert [p.message for p in first.problems] == ["'image' names no file: 'notes/img/a.png' does not exist"]
    assert second.problems == []


def test_relative_links_are_not_checked_without_a_notes_folder(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text("papers:\n" + RESNET + "    image: img/a.png\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert kb.problems == []


def test_many_missing_files_in_a_big_folder_are_not_quadratic(tmp_path: Path) -> None:
    # 10,000 records whose images are missing from a folder of 10,000 files, none of the same
    # stem. A suggestion by spelling for each would compare 10,000 x 10,000 names: difflib took
    # 0.09 s per miss over 10,000 names here, so about 15 minutes; this test took 7 s.
    count = 10_000
    folder = tmp_path / "notes" / "img"
    folder.mkdir(parents=True)
    for index in range(count):
        (folder / f"figure-{index}.svg").write_bytes(b"")
    records = "".join(f"  - id: p{index}\n    title: P{index}\n    image: img/fig-{index}.png\n" for index in range(count))
    records += "  - id: last\n    title: Last\n    image: img/figure-7.png\n"  # the same stem is still found
    (tmp_path / "papers.yaml").write_text("papers:\n" + records, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", tmp_path / "notes", tmp_path, today=TODAY)
    assert len(kb.warnings) == count + 1
    assert kb.warnings[0].message == "'image' names no file: 'notes/img/fig-0.png' does not exist"
    assert kb.warnings[-1].message == "'image' names no file: 'notes/img/figure-7.png' does not exist (did you mean 'img/figure-7.svg'?)"


def test_spelling_suggestions_for_a_small_folder(tmp_path: Path) -> None:
    files(tmp_path, "img/resnet-block.svg", "img/unet.svg")
    kb = load(tmp_path, RESNET + "    image: img/resnet-blok.png\n")
    assert lines(kb) == [
        "papers.yaml:11:5: warning: 'image' names no file: 'notes/img/resnet-blok.png' does not exist (did you mean 'img/resnet-block.svg'?)"
    ]


# ---------------------------------------------------------------- unknown keys


def test_unknown_top_level_key(tmp_path: Path) -> None:
    text = "paper:\n  - id: a\n    title: A\nvenue: {}\nextra: 1\n"
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [
        "papers.yaml:1:1: error: unknown top-level key 'paper' (did you mean 'papers'?)",
        "papers.yaml:4:1: error: unknown top-level key 'venue' (did you mean 'venues'?)",
        "papers.yaml:5:1: error: unknown top-level key 'extra'; known keys: papers, tags, venues",
    ]


def test_unknown_key_in_a_record(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    titel: typo\n    wibble: 1\n")
    assert lines(kb) == [
        "papers.yaml:11:5: error: unknown key 'titel' (did you mean 'title'?)",
        "papers.yaml:12:5: error: unknown key 'wibble'; known keys: id, title, short, authors, year, venue, venue_qualifier, url, "
        "doi, arxiv, cite_key, synced_from, links, tags, read, status, group, rating, remark, abstract, image, highlights",
    ]
    assert kb.papers["resnet"].title == "Deep Residual Learning for Image Recognition"


def test_unknown_key_in_links(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    links:\n      cod: https://github.com/x/y\n      wibble: https://x.org\n")
    assert lines(kb) == [
        "papers.yaml:12:7: error: unknown key 'cod' (did you mean 'code'?)",
        "papers.yaml:13:7: error: unknown key 'wibble'; known keys: pdf, code, project, notes, video, slides, blog, data",
    ]


PAPER_ITSELF = ": a link to the paper itself goes in the record's 'url', beside 'links'"


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("github", "https://github.com/x/y", " (did you mean 'code'?)"),
        ("GitHub", "https://github.com/x/y", " (did you mean 'code'?)"),
        ("gitlab", "https://gitlab.com/x/y", " (did you mean 'code'?)"),
        ("repo", "https://github.com/x/y", " (did you mean 'code'?)"),
        ("source", "https://github.com/x/y", " (did you mean 'code'?)"),
        ("cdoe", "https://github.com/x/y", " (did you mean 'code'?)"),
        ("githb", "https://github.com/x/y", " (did you mean 'code'?)"),
        ("website", "https://x.org", " (did you mean 'project'?)"),
        ("homepage", "https://x.org", " (did you mean 'project'?)"),
        ("page", "https://x.org", " (did you mean 'project'?)"),
        ("youtube", "https://youtube.com/watch?v=x", " (did you mean 'video'?)"),
        ("dataset", "https://x.org/data", " (did you mean 'data'?)"),
        ("slide", "slides.pdf", " (did you mean 'slides'?)"),
        ("paper", "https://arxiv.org/pdf/1512.03385", " (did you mean 'pdf'?)"),
        ("paper", "https://openreview.net/pdf?id=abc", " (did you mean 'pdf'?)"),
        ("arxiv", "papers/resnet.PDF", " (did you mean 'pdf'?)"),
        ("arxiv", "https://arxiv.org/abs/1512.03385", PAPER_ITSELF),
        ("paper", "https://openreview.net/forum?id=abc", PAPER_ITSELF),
        ("url", "https://x.org/paper", PAPER_ITSELF),
    ],
)
def test_unknown_link_key_suggests_the_kind(tmp_path: Path, key: str, value: str, hint: str) -> None:
    kb = load(tmp_path, RESNET + f"    links:\n      {key}: '{value}'\n")
    assert lines(kb) == [f"papers.yaml:12:7: error: unknown key '{key}'{hint}"]
    assert kb.papers["resnet"].links.items() == []


def test_a_key_that_is_not_plain(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    ? [a, b]\n    : 1\n")
    assert lines(kb) == ["papers.yaml:11:7: error: a mapping key must be a plain value, not a list or mapping"]


# ---------------------------------------------------------------- notes


def test_note_front_matter_that_does_not_parse(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"resnet.md": "---\ntitle: ok\ntags: [unclosed\n---\n# ResNet\n"})
    assert lines(kb) == [
        "notes/resnet.md:4:1: error: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 3)"
    ]


def test_note_front_matter_with_wrong_types(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": "---\npaper: [resnet, vgg]\ntags: net\ntitle: 5\nhide: [toc]\n---\nBody\n"})
    assert lines(kb) == [
        "notes/a.md:2:1: error: 'paper' must be text, got a list",
        "notes/a.md:3:1: error: 'tags' must be a list, got the text 'net' (write [a, b] or one '- item' per line)",
        "notes/a.md:4:1: error: 'title' must be text, got the number 5 (put it in quotes to make it text)",
    ]
    note = kb.notes["a.md"]
    assert note.meta.paper is None
    assert note.meta.model_extra == {"hide": ["toc"]}  # keys for MkDocs and Material pass through


def test_note_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": "---\n- resnet\n---\n"})
    assert lines(kb) == ["notes/a.md:2:1: error: front matter must be a mapping of keys to values, got a list"]


def test_front_matter_keys_must_be_text(tmp_path: Path) -> None:
    note = "---\n3: three\n2020-01-01: day\ntrue: yes\n? [a, b]\n: list\nnull: x\ntitle: Kept\n---\n"
    kb = load(tmp_path, RESNET, {"a.md": note})
    assert lines(kb) == [
        "notes/a.md:2:1: error: a front matter key must be text, got the number 3 (put it in quotes)",
        "notes/a.md:3:1: error: a front matter key must be text, got the date 2020-01-01 (put it in quotes)",
        "notes/a.md:4:1: error: a front matter key must be text, got the boolean true (put it in quotes)",
        "notes/a.md:5:3: error: a mapping key must be a plain value, not a list or mapping",
        "notes/a.md:7:1: error: a front matter key must be text, got nothing (put it in quotes)",
    ]
    assert kb.notes["a.md"].page_meta == {"title": "Kept"}


def test_front_matter_values_for_the_theme_are_text_lists_of_text_or_booleans(tmp_path: Path) -> None:
    note = (
        "---\ndescription: 3\nsubtitle: 2020-06-15\nicon: {a: b}\nhide: [toc, 7]\nauthor: 1.5\n"
        "comments: true\nstatus: new\nsearch: {boost: 2, exclude: false}\n---\n"
    )
    kb = load(tmp_path, RESNET, {"a.md": note})
    assert lines(kb) == [
        "notes/a.md:2:1: error: 'description' must be text or a list of text, got the number 3 (put it in quotes to make it text)",
        "notes/a.md:3:1: error: 'subtitle' must be text or a list of text, got the date 2020-06-15 (put it in quotes to make it text)",
        "notes/a.md:4:1: error: 'icon' must be text, got a mapping",
        "notes/a.md:5:13: error: 'hide' (item 2) must be text, got the number 7 (put it in quotes to make it text)",
        "notes/a.md:6:1: error: 'author' must be text or a list of text, got the number 1.5 (put it in quotes to make it text)",
    ]
    assert kb.notes["a.md"].page_meta == {"comments": True, "status": "new", "search": {"boost": 2.0, "exclude": False}}


def test_front_matter_search_options_are_checked(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": "---\nsearch: {exclude: <b>, rank: 1}\n---\n"})
    assert lines(kb) == [
        "notes/a.md:2:10: error: 'search.exclude' must be true or false, got the text '<b>'",
        "notes/a.md:2:24: error: unknown key 'rank'",
    ]
    assert kb.notes["a.md"].page_meta == {}
    kb = load(tmp_path, RESNET, {"a.md": "---\nsearch: {1: x, boost: .nan}\n---\n"})
    assert lines(kb) == [
        "notes/a.md:2:10: error: a key of 'search' must be text, got the number 1 (put it in quotes)",
        "notes/a.md:2:16: error: 'search.boost': Input should be a finite number",
    ]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("template: redirect.html\nlocation: javascript:alert(1)", "notes/a.md:3:1: error: 'location' must be an http(s) or a relative URL, got a 'javascript:' URL"),
        ("template: redirect.html\nlocation: ' JaVa\tScript:alert(1)'", "notes/a.md:3:1: error: 'location' must be an http(s) or a relative URL, got a 'JaVaScript:' URL"),
        ("template: redirect.html\nlocation: '//evil.example'", "notes/a.md:3:1: error: 'location' must be an http(s) or a relative URL, got a protocol-relative URL (did you mean 'https://evil.example'?)"),
        ('template: redirect.html\nlocation: \'https://x.org/"+alert(1)+"\'', "notes/a.md:3:1: error: 'location': location may not hold '\"': write the URL percent-encoded (e.g. %20 for a space)"),
        ("template: redirect.html\nlocation: 'https://x.org/\\\\'", "notes/a.md:3:1: error: 'location': location may not hold '\\': write the URL percent-encoded (e.g. %20 for a space)"),
        ("template: redirect.html", "notes/a.md:2:1: error: 'template' redirect.html needs 'location': the http(s) or relative URL to send the reader to"),
        ("template: base.html", "notes/a.md:2:1: error: 'template': template 'base.html' is not a page template: use 'main.html' or 'redirect.html', or a template of your theme overrides"),
        ("template: 404.html", "notes/a.md:2:1: error: 'template': template '404.html' is not a page template: use 'main.html' or 'redirect.html', or a template of your theme overrides"),
        ("template: partials/header.html", "notes/a.md:2:1: error: 'template': template 'partials/header.html' is not a page template: use 'main.html' or 'redirect.html', or a template of your theme overrides"),
        ("template: [main.html]", "notes/a.md:2:1: error: 'template' must be text, got a list"),
    ],
)
def test_front_matter_template_and_redirect_location(tmp_path: Path, front: str, message: str) -> None:
    kb = load(tmp_path, RESNET, {"a.md": f"---\n{front}\n---\nBody\n"})
    assert lines(kb) == [message]
    assert "template" not in kb.notes["a.md"].page_meta and "location" not in kb.notes["a.md"].page_meta


def test_front_matter_redirect_to_a_safe_location_is_kept(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": "---\ntemplate: redirect.html\nlocation: https://x.org/a?b=1&c=2\n---\n"})
    assert lines(kb) == []
    assert kb.notes["a.md"].page_meta == {"template": "redirect.html", "location": "https://x.org/a?b=1&c=2"}
    kb = load(tmp_path, RESNET, {"a.md": "---\ntemplate: home.html\n---\n"})
    assert lines(kb) == [] and kb.notes["a.md"].page_meta == {"template": "home.html"}


def _front_matter_bomb(levels: int) -> str:
    """A billion laughs in `hide:`: 9**levels strings if the aliases were expanded."""
    rows = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "---\n" + "\n".join(rows) + f"\nhide: *l{levels - 1}\ntags: *l{levels - 1}\n---\nBody\n"


def test_alias_bomb_in_front_matter_is_refused_not_expanded(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": _front_matter_bomb(3)}, vocabulary=False)
    # an alias stands where its anchor is: items of `hide` are reported at the list l2 aliases
    assert lines(kb) == [
        "notes/a.md:2:5: error: 'l1' (item 1) must be text, got a list",
        "notes/a.md:3:5: error: 'hide' (item 1) must be text, got a list",
        "notes/a.md:3:5: error: 'l2' (item 1) must be text, got a list",
        *[f"notes/a.md:3:5: error: 'tags' (item {n}) must be text, got a list" for n in range(1, 10)],
    ]
    assert set(kb.notes["a.md"].page_meta) == {"l0"}  # nine plain strings, the only list of text


def test_full_size_alias_bomb_in_front_matter_finishes(tmp_path: Path) -> None:
    # nine levels: 387 million strings, gigabytes if anything walked it; loads in milliseconds here
    kb = load(tmp_path, RESNET, {"a.md": _front_matter_bomb(9)}, vocabulary=False)
    assert "notes/a.md:9:5: error: 'hide' (item 1) must be text, got a list" in lines(kb)
    assert set(kb.notes["a.md"].page_meta) == {"l0"}


def test_self_holding_list_in_front_matter_is_refused(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": "---\nhide: &h [toc, *h]\ntags: &t [*t]\ntitle: &x [*x]\n---\n"}, vocabulary=False)
    assert lines(kb) == [
        "notes/a.md:2:7: error: 'hide' (item 2) must be text, got a list",
        "notes/a.md:3:7: error: 'tags' (item 1) must be text, got a list",
        "notes/a.md:4:1: error: 'title' must be text, got a list",
    ]
    assert kb.notes["a.md"].page_meta == {}


def test_note_with_a_bad_paper_id(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": "---\npaper: no\n---\n", "b.md": "---\ntitle: B\npaper: Res Net\n---\n"})
    assert lines(kb) == [
        "notes/a.md:2:1: error: 'paper' must be text, got the boolean false "
        "(YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)",
        "notes/b.md:3:1: error: 'paper' must be a slug (letters, digits, '-', '_' and '.', starting with a letter "
        "or digit), got the text 'Res Net' (did you mean 'res-net'?)",
    ]


def test_note_tied_to_an_unknown_paper(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"sub/a.md": "---\ntitle: A\npaper: resnt\n---\n", "b.md": "---\npaper: gpt\n---\n"})
    assert lines(kb) == [
        "notes/b.md:2:1: warning: note is tied to unknown paper 'gpt'; add a record with this id to papers.yaml",
        "notes/sub/a.md:3:1: warning: note is tied to unknown paper 'resnt' (did you mean 'resnet'?)",
    ]
    assert kb.note_of_paper == {}


def test_two_notes_tied_to_one_paper(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": "---\npaper: resnet\n---\nFirst\n", "b.md": "---\npaper: resnet\n---\nSecond\n"})
    assert lines(kb) == [
        "notes/b.md:2:1: error: paper 'resnet' already has a note (notes/a.md): merge the two or tie this one to another paper"
    ]
    assert kb.note_of_paper["resnet"].src_uri == "a.md"


TITLE_TWICE = "repeats the paper's title, which its page already shows above the note: remove the heading, or the page shows the title twice"
UNET = '  - id: unet\n    title: "U-Net: Convolutional Networks for Biomedical Image Segmentation"\n    short: U-Net\n'


@pytest.mark.parametrize(
    ("body", "line", "heading"),
    [
        ("---\npaper: resnet\n---\n# Deep Residual Learning for Image Recognition\n\nText\n", 4, "Deep Residual Learning for Image Recognition"),
        ("---\npaper: resnet\n---\n\n# ResNet\n", 5, "ResNet"),
        ("---\npaper: resnet\n---\n#   deep residual learning, for image-recognition #\n", 4, "deep residual learning, for image-recognition"),
        ("---\npaper: resnet\n---\n# **ResNet**\n", 4, "**ResNet**"),
        ("---\npaper: resnet\n---\n# ResNet: Deep Residual Learning for Image Recognition\n", 4, "ResNet: Deep Residual Learning for Image Recognition"),
        ("---\npaper: resnet\ntitle: x\n---\n\n\n# RESNET\n", 7, "RESNET"),
        ("---\npaper: unet\n---\n# U-Net\n", 4, "U-Net"),
        ("---\npaper: unet\n---\n# U Net: convolutional networks for biomedical image segmentation\n", 4,
         "U Net: convolutional networks for biomedical image segmentation"),  # shown shortened
    ],
)
def test_paper_note_heading_that_repeats_the_title(tmp_path: Path, body: str, line: int, heading: str) -> None:
    kb = load(tmp_path, RESNET + "    short: ResNet\n" + UNET, {"papers/note.md": body})
    assert lines(kb) == [f"notes/papers/note.md:{line}:1: warning: heading {quote('# ' + heading)} {TITLE_TWICE}"]


def test_a_heading_spelled_with_other_punctuation_repeats_the_title(tmp_path: Path) -> None:
    """'# U-Net' on a paper titled 'UNet': the page leaves the heading out, so check says so."""
    kb = load(tmp_path, "  - id: unet\n    title: UNet\n", {"papers/unet.md": "---\npaper: unet\n---\n# U-Net\n\nText\n"})
    assert lines(kb) == [f"notes/papers/unet.md:4:1: warning: heading '# U-Net' {TITLE_TWICE}"]


@pytest.mark.parametrize(
    "body",
    [
        "---\npaper: resnet\n---\n# Why residuals help\n",
        "---\npaper: resnet\n---\n## ResNet\n",  # a section, not the page's title
        "---\npaper: resnet\n---\nNo heading.\n",
        "---\npaper: resnet\n---\nThe code:\n\n```python\n# ResNet\nmodel = resnet50()\n```\n",  # a comment, not a heading
        "---\ntitle: ResNet\n---\n# ResNet\n",  # a topic note: its heading is its title
    ],
)
def test_paper_note_headings_that_are_fine(tmp_path: Path, body: str) -> None:
    kb = load(tmp_path, RESNET + "    short: ResNet\n", {"note.md": body})
    assert lines(kb) == []


def test_unknown_tag_in_a_note(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"a.md": "---\ntitle: A\ntags: [net, nett]\n---\n"})
    assert lines(kb) == ["notes/a.md:3:13: warning: unknown tag 'nett' (did you mean 'net'?)"]


def test_reference_to_an_unknown_paper(tmp_path: Path) -> None:
    body = "---\ntitle: Topic\n---\n# Topic\n\nSee [[resnet]], [[resnet|the ResNet paper]] and [[resnte]].\nAlso [[gpt-9]].\n"
    kb = load(tmp_path, RESNET, {"topic.md": body})
    assert lines(kb) == [
        "notes/topic.md:6:49: warning: reference [[resnte]] names no paper (did you mean 'resnet'?)",
        "notes/topic.md:7:6: warning: reference [[gpt-9]] names no paper",
    ]
    assert [(r.paper_id, r.text, r.line) for r in kb.notes["topic.md"].refs] == [
        ("resnet", None, 6),
        ("resnet", "the ResNet paper", 6),
        ("resnte", None, 6),
        ("gpt-9", None, 7),
    ]


def test_references_in_code_are_ignored(tmp_path: Path) -> None:
    body = (
        "Text `[[inline]]` and ``[[double `tick`]]``.\n\n"
        "```markdown\n[[fenced]]\n```\n\n"
        "~~~~\n[[tilde]]\n```\n[[still-fenced]]\n~~~~\n\n"
        "    ```\n"
        "After [[gone]].\n"
    )
    kb = load(tmp_path, RESNET, {"a.md": body})
    assert lines(kb) == ["notes/a.md:14:7: warning: reference [[gone]] names no paper"]


def test_references_without_front_matter_count_lines_from_one(tmp_path: Path) -> None:
    refs = list(find_refs("line one\n[[a]] and [[b|B]]\n", 1))
    assert [(r.paper_id, r.text, r.line, r.column) for r in refs] == [("a", None, 2, 1), ("b", "B", 2, 11)]


# ---------------------------------------------------------------- pages that would collide


_RESERVED = (
    "is reserved: MkDocs builds papers/{id}.md as the page of its folder (index and README, in any case, "
    "name a folder's own page); give this paper another id"
)


def test_layout_follows_the_mkdocs_url_rules() -> None:
    from papernotes.knowledge.layout import Layout, output_path

    assert [output_path(src, True) for src in ("README.md", "a/index.md", "a/b.md", "a/readme.md")] == [
        "index.html", "a/index.html", "a/b/index.html", "a/readme/index.html"
    ]
    assert [output_path(src, False) for src in ("a/README.md", "a/b.md")] == ["a/index.html", "a/b.html"]
    layout = Layout.from_plugin_options({"prefix_tags": "/topics/", "indexes": ["tags"], "prefix_papers": 3}, use_directory_urls=False)
    assert (layout.tag_src("net"), layout.paper_src("a"), layout.venue_src("cvpr")) == ("topics/net.md", "papers/a.md", None)
    assert layout.output_path("topics/index.md") == "topics/index.html"


def test_paper_ids_that_name_a_folder_page_are_refused(tmp_path: Path) -> None:
    papers = "".join(f"- id: {paper_id}\n  title: T\n" for paper_id in ("index", "README", "Readme-notes", "vgg"))
    kb = load(tmp_path, papers, {"i.md": "---\npaper: index\n---\n"})
    assert lines(kb) == [
        f"papers.yaml:9:5: error: paper id 'index' {_RESERVED.format(id='index')}",
        f"papers.yaml:11:5: error: paper id 'README' {_RESERVED.format(id='README')}",
    ]
    assert list(kb.papers) == ["Readme-notes", "vgg"]
    assert kb.note_of_paper == {}  # the note tied to `index` stays a page of its own


@pytest.mark.parametrize("paper_id", ["INDEX", "Index", "readme", "ReadMe"])
def test_folder_page_names_are_reserved_in_any_case(tmp_path: Path, paper_id: str) -> None:
    kb = load(tmp_path, f"- id: {paper_id}\n  title: T\n")
    assert lines(kb) == [f"papers.yaml:9:5: error: paper id {quote(paper_id)} {_RESERVED.format(id=paper_id)}"]
    assert kb.papers == {}


def test_a_left_out_paper_stays_in_the_memo_of_papers_yaml(tmp_path: Path) -> None:
    from papernotes.knowledge.validation import LoadMemo

    (tmp_path / "papers.yaml").write_text("papers:\n  - id: index\n    title: T\n  - id: b\n    title: B\n", encoding="utf-8")
    memo = LoadMemo()
    for _build in range(2):  # serve: the second build reuses the parsed file
        kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY, memo=memo)
        assert [p.message.split(":")[0] for p in kb.problems] == ["paper id 'index' is reserved"]
        assert list(kb.papers) == ["b"]
    assert memo.kb is not None and list(memo.kb.papers) == ["index", "b"]


def test_tag_and_venue_pages_that_would_replace_an_index_page(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text(
        "tags:\n  index: Index structures\n  net: Networks\nvenues:\n  Index:\n  CVPR:\n"
        "papers:\n  - id: a\n    title: A\n    tags: [net/index, net]\n    venue: CVPR\n",
        encoding="utf-8",
    )
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [
        "papers.yaml:2:3: error: tag 'index' would put its page at tags/index.md, where the Topics page is; rename the tag",
        "papers.yaml:5:3: error: venue 'Index' would put its page at venues/index.md, where the Conferences page is; "
        "rename the venue (its page is named by the name's letters and digits)",
        "papers.yaml:10:12: error: tag 'net/index' would put its page at tags/net/index.md, where the page of tag 'net' is; rename the tag",
        "papers.yaml:10:12: warning: unknown tag 'net/index' (did you mean 'index'?)",
    ]
    assert list(kb.papers) == ["a"]  # the paper stays; the tag and the venue get no page of their own


def test_parent_of_a_used_tag_is_reported_where_the_child_is(tmp_path: Path) -> None:
    kb = load(tmp_path, "- id: a\n  title: A\n  tags: [net, index/btree]\n", vocabulary=False)
    assert lines(kb) == ["papers.yaml:4:17: error: tag 'index' would put its page at tags/index.md, where the Topics page is; rename the tag"]


def test_venue_named_by_punctuation_around_index(tmp_path: Path) -> None:
    kb = load(tmp_path, "- id: a\n  title: A\n  venue: '#Index!'\n", vocabulary=False)
    assert lines(kb) == [
        "papers.yaml:4:5: error: venue '#Index!' would put its page at venues/index.md, where the Conferences page is; "
        "rename the venue (its page is named by the name's letters and digits)"
    ]


def test_paper_page_where_a_note_already_is(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {"papers/resnet.md": "# My ResNet page\n"})
    assert lines(kb) == [
        "papers.yaml:9:5: error: paper id 'resnet' would put its page at papers/resnet.md, where notes/papers/resnet.md is; "
        "give this paper another id or make that note the paper's page with 'paper: resnet'"
    ]
    assert kb.papers == {}


def test_pages_collide_across_prefixes_and_case(tmp_path: Path) -> None:
    from papernotes.knowledge.layout import Layout

    (tmp_path / "papers.yaml").write_text(
        "papers:\n  - id: net\n    title: N\n    tags: [net, loc]\n  - id: Loc2\n    title: L\n", encoding="utf-8"
    )
    docs = tmp_path / "notes"
    (docs / "topics").mkdir(parents=True)
    (docs / "topics" / "Loc.md").write_text("# Loc by hand\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", docs, tmp_path, today=TODAY, layout=Layout(prefix_papers="topics", prefix_tags="topics"))
    assert lines(kb) == [
        "papers.yaml:4:12: error: tag 'net' would put its page at topics/net.md, where paper 'net' is; rename the tag",
        "papers.yaml:4:17: error: tag 'loc' would put its page at topics/loc.md, where notes/topics/Loc.md is; rename the tag",
    ]


def test_no_collisions_in_the_default_layout_of_a_plain_base(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "  - id: index-net\n    title: I\n    tags: [net]\n    venue: CVPR\n", {"resnet.md": "---\npaper: resnet\n---\n"})
    assert lines(kb) == []


# ---------------------------------------------------------------- folder links


def test_notes_below_a_folder_link_are_loaded_and_checked(tmp_path: Path) -> None:
    shared = tmp_path / "elsewhere"
    shared.mkdir()
    (shared / "resnet.md").write_text("---\npaper: resnet\ntags: [Net]\n---\n[[vgg]]\n", encoding="utf-8")
    (shared / "draft.mdown").write_text("---\ntitle: 7\n---\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "shared").symlink_to("../elsewhere", target_is_directory=True)
    kb = load(tmp_path, RESNET)
    assert lines(kb) == [
        "notes/shared/draft.mdown:2:1: error: 'title' must be text, got the number 7 (put it in quotes to make it text)",
        "notes/shared/resnet.md:3:8: error: 'tags' (item 1) must be a tag key (lowercase letters, digits and '-', "
        "with '/' between parent and child), got the text 'Net' (did you mean 'net'?)",
        "notes/shared/resnet.md:5:1: warning: reference [[vgg]] names no paper",
    ]
    assert sorted(kb.notes) == ["shared/draft.mdown", "shared/resnet.md"]
    assert kb.note_of_paper["resnet"].src_uri == "shared/resnet.md"


def test_folder_link_loop_is_reported_not_followed(tmp_path: Path) -> None:
    docs = tmp_path / "notes"
    (docs / "a").mkdir(parents=True)
    (docs / "a" / "n.md").write_text("# N\n", encoding="utf-8")
    (docs / "a" / "up").symlink_to("..", target_is_directory=True)
    (docs / "self").symlink_to(".", target_is_directory=True)
    kb = load(tmp_path, RESNET)
    message = (
        "error: folder link points to 'notes', which holds it: MkDocs would read the notes below it again at every level; "
        "remove the link or point it elsewhere"
    )
    assert lines(kb) == [f"notes/a/up:1:1: {message}", f"notes/self:1:1: {message}"]
    assert sorted(kb.notes) == ["a/n.md"]
    assert kb.folder_loops == ["self", "a/up"]  # in the order MkDocs walks the folders


def test_hidden_and_template_folders_are_left_out_like_mkdocs(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET, {".drafts/a.md": "---\ntitle: 1\n---\n", "templates/t.md": "---\ntitle: 2\n---\n", "sub/templates/k.md": "# K\n"})
    assert lines(kb) == []
    assert sorted(kb.notes) == ["sub/templates/k.md"]


def test_split_front_matter() -> None:
    assert split_front_matter("---\npaper: a\n---\n# T\n") == ("paper: a\n", "# T\n", 4)
    assert split_front_matter("# No front matter\n---\n") == (None, "# No front matter\n---\n", 1)
    assert split_front_matter("---\nnever closed\n") == (None, "---\nnever closed\n", 1)


# ---------------------------------------------------------------- all together


def test_errors_and_warnings_are_distinct_and_sorted(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        RESNET + "    tags: [nett]\n    status: raed\n",
        {"b.md": "---\npaper: resnet\n---\n[[vgg]]\n", "a.md": "---\npaper: resnet\n---\n"},
    )
    assert [(p.file, p.line, p.severity) for p in kb.problems] == [
        ("notes/b.md", 2, "error"),
        ("notes/b.md", 4, "warning"),
        ("papers.yaml", 11, "warning"),
        ("papers.yaml", 12, "error"),
    ]
    assert [p.line for p in kb.errors] == [2, 12]
    assert [p.line for p in kb.warnings] == [4, 11]


def test_every_problem_of_a_file_in_one_run(tmp_path: Path) -> None:
    kb = load(
        tmp_path,
        "  - id: a\n    title: A\n    year: 1500\n  - id: A\n    title: B\n  - id: c\n    title: C\n    url: javascript:x\n",
    )
    assert [(p.line, p.key) for p in kb.problems] == [(11, "year"), (12, "id"), (16, "url")]


# ---------------------------------------------------------------- small functions


def test_did_you_mean() -> None:
    assert did_you_mean("raed", ["to-read", "reading", "read"]) == " (did you mean 'read'?)"
    assert did_you_mean("NEURIPS", ["NeurIPS", "CVPR"]) == " (did you mean 'NeurIPS'?)"
    assert did_you_mean("zzz", ["net", "loc"]) == ""


def test_quote_shortens_and_escapes() -> None:
    assert quote("resnet") == "'resnet'"
    assert quote("x" * 100) == "'" + "x" * 57 + "...'"
    assert quote("a\x1b[2Jb\nc") == "'a\\x1b[2Jb\\nc'"
    assert quote("残差 😀 שלום") == "'残差 😀 שלום'"


def test_sort_problems_by_file_line_column() -> None:
    b = Problem("b.md", 1, 1, "error", "x")
    a2 = Problem("a.md", 2, 1, "warning", "y")
    a1 = Problem("a.md", 1, 9, "error", "z")
    assert sort_problems([b, a2, a1]) == [a1, a2, b]
    assert a1.format() == "a.md:1:9: error: z"


def test_describe_names_what_a_value_is() -> None:
    assert describe("net") == "the text 'net'"
    assert describe("x" * 50) == "the text '" + "x" * 37 + "...'"
    assert describe(1984) == "the number 1984"
    assert describe(3.5) == "the number 3.5"
    assert describe(True) == "the boolean true"
    assert describe(None) == "nothing"
    assert describe([1]) == "a list"
    assert describe({"a": 1}) == "a mapping"
    assert describe(dt.date(2020, 1, 2)) == "the date 2020-01-02"
    assert describe(dt.datetime(2020, 1, 2, 3, 4)) == "the date and time 2020-01-02 03:04:00"
