"""The marked YAML loader: positions, duplicate keys, encodings, hostile input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import build_site, write_project
from papernotes.knowledge import loading
from papernotes.knowledge.loading import decode_text, parse_yaml
from papernotes.knowledge.validation import load_knowledge_base

TODAY = dt.date(2024, 6, 1)


def test_positions_of_keys_and_items() -> None:
    loaded = parse_yaml("papers:\n  - id: a\n    tags: [x, y]\n  - id: b\n", "p.yaml")
    assert loaded.problems == []
    assert loaded.data == {"papers": [{"id": "a", "tags": ["x", "y"]}, {"id": "b"}]}
    assert loaded.position(("papers",)) == (1, 1)
    assert loaded.position(("papers", 0)) == (2, 5)
    assert loaded.position(("papers", 0, "tags")) == (3, 5)
    assert loaded.position(("papers", 0, "tags", 1)) == (3, 15)
    assert loaded.position(("papers", 1, "id")) == (4, 5)
    # a key the document lacks points at the deepest node that exists
    assert loaded.position(("papers", 1, "title")) == (4, 5)
    assert loaded.position(("papers", 7)) == (1, 1)


def test_line_offset_shifts_positions_and_problems() -> None:
    loaded = parse_yaml("paper: a\npaper: b\n", "n.md", line_offset=1)
    assert loaded.position(("paper",)) == (2, 1)
    assert [p.format() for p in loaded.problems] == [
        "n.md:3:1: error: duplicate key 'paper': already set on line 2; "
        "YAML would keep only one of the two values, remove or rename one"
    ]


def test_duplicate_key_is_reported_never_merged() -> None:
    loaded = parse_yaml("a:\n  x: 1\n  y: 2\n  x: 3\n", "p.yaml")
    assert loaded.data == {"a": {"x": 1, "y": 2}}  # the first value stays
    assert [(p.line, p.column, p.severity, p.key) for p in loaded.problems] == [(4, 3, "error", "x")]


def test_duplicate_non_text_key() -> None:
    loaded = parse_yaml("1: a\n1: b\n", "p.yaml")
    assert loaded.data == {1: "a"}
    assert loaded.problems[0].message.startswith("duplicate key '1': already set on line 1")


CJK_RTL_EMOJI = (
    "papers:\n"
    "  - id: attention\n"
    "    title: 注意力就是你所需要的一切\n"
    "    short: 变换器 🤖\n"
    "    authors: [Ashish Vaswani, 佐藤 太郎, محمد عبدالله, אבי כהן]\n"
    "    abstract: \"RTL: שלום עולם — مرحبا بالعالم, with a \\u200f mark\"\n"
    "    highlights: ['🎉🎉 emoji first', '한국어 텍스트']\n"
    "    group: 'Breadth: 分割'\n"
    "    rating: nine\n"
)


@pytest.mark.parametrize(
    ("encode", "label"),
    [
        (lambda text: text.encode("utf-8"), "LF"),
        (lambda text: text.replace("\n", "\r\n").encode("utf-8"), "CRLF"),
        (lambda text: text.replace("\n", "\r").encode("utf-8"), "CR"),
        (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), "BOM"),
        (lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), "BOM+CRLF"),
    ],
)
def test_unicode_and_line_endings_load_the_same(tmp_path: Path, encode, label: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "papers.yaml").write_bytes(encode(CJK_RTL_EMOJI))
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    paper = kb.papers["attention"]
    assert paper.title == "注意力就是你所需要的一切"
    assert paper.short == "变换器 🤖"
    assert paper.authors == ["Ashish Vaswani", "佐藤 太郎", "محمد عبدالله", "אבי כהן"]
    assert paper.abstract == "RTL: שלום עולם — مرحبا بالعالم, with a \u200f mark"
    assert paper.highlights == ["🎉🎉 emoji first", "한국어 텍스트"]
    assert paper.group == "Breadth: 分割"
    # the problem after all that text is on the right line, and the line numbers are the editor's
    assert [p.format() for p in kb.problems] == [
        "papers.yaml:9:5: error: 'rating' must be a whole number, got the text 'nine'"
    ]
    assert kb.paper_lines == {"attention": 2}


def test_columns_count_characters_not_bytes() -> None:
    loaded = parse_yaml("a: {名前: 1, 😀: 2, x: 3}\n", "p.yaml")
    assert loaded.position(("a", "名前")) == (1, 5)
    assert loaded.position(("a", "😀")) == (1, 12)
    assert loaded.position(("a", "x")) == (1, 18)


def test_crlf_and_bom_in_a_note(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text("papers:\n  - id: a\n    title: A\n", encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "n.md").write_bytes(b"\xef\xbb\xbf---\r\npaper: a\r\ntitle: \xe6\xb3\xa8\r\n---\r\n# H\r\n\r\n[[zz]] \xf0\x9f\x98\x80 [[a]]\r\n")
    kb = load_knowledge_base(tmp_path / "papers.yaml", notes, tmp_path, today=TODAY)
    note = kb.notes["n.md"]
    assert (note.meta.paper, note.meta.title, note.heading) == ("a", "注", "H")
    assert [p.format() for p in kb.problems] == ["notes/n.md:7:1: warning: reference [[zz]] names no paper"]
    assert [(r.paper_id, r.line, r.column) for r in note.refs] == [("zz", 7, 1), ("a", 7, 10)]


def test_invalid_utf8_is_reported_where_it_is_and_the_rest_loads() -> None:
    text, problems = decode_text(b"papers:\n  - id: a\n    title: caf\xe9 au lait\n", "p.yaml")
    assert [p.format() for p in problems] == [
        "p.yaml:3:15: error: the file is not valid UTF-8 (byte e9): save it with UTF-8 encoding"
    ]
    assert "caf\ufffd au lait" in text


def test_invalid_utf8_in_papers_file(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_bytes(b"papers:\n  - id: a\n    title: \xff\xfe bad\n")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert [p.format() for p in kb.problems] == [
        "papers.yaml:3:12: error: the file is not valid UTF-8 (byte ff): save it with UTF-8 encoding"
    ]
    assert kb.papers["a"].title == "\ufffd\ufffd bad"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a: "x\x00y"\n', "p.yaml:1:6: error: character U+0000 is not allowed in YAML, even in quotes: remove it"),
        ("a: b\nc: d\x07\n", "p.yaml:2:5: error: character U+0007 is not allowed in YAML, even in quotes: remove it"),
        ("a: !!python/object/apply:os.system [echo]\n",
         "p.yaml:1:4: error: YAML tag '!!python/object/apply:os.system' is not supported: papernotes reads plain "
         "data (text, numbers, dates, lists and mappings); remove the tag"),
        ("a: !include other.yaml\n",
         "p.yaml:1:4: error: YAML tag '!include' is not supported: papernotes reads plain data "
         "(text, numbers, dates, lists and mappings); remove the tag"),
        ("a: 1\n---\nb: 2\n", "p.yaml:2:1: error: YAML syntax error: expected a single document in the stream but found another document"),
        ("a: *nowhere\n", "p.yaml:1:4: error: YAML syntax error: found undefined alias 'nowhere'"),
        ("a: 1\n\tb: 2\n", "p.yaml:2:1: error: YAML syntax error: found a tab character that violates indentation; "
         "YAML indentation must use spaces, not tabs"),
        ("a: " + "9" * 5000 + "\n", "p.yaml:1:4: error: number has too many digits to read"),
        ("a: !!timestamp soon\n", "p.yaml:1:4: error: 'soon' cannot be read as !!timestamp: fix the value or remove the tag"),
        ("a: !!float abc\n", "p.yaml:1:4: error: 'abc' cannot be read as !!float: fix the value or remove the tag"),
        ("a: !!int 0b\n", "p.yaml:1:4: error: '0b' cannot be read as !!int: fix the value or remove the tag"),
        ("a: !!bool maybe\n", "p.yaml:1:4: error: 'maybe' cannot be read as !!bool: fix the value or remove the tag"),
        ("a: 0x" + "f" * 5000 + "\n", "p.yaml:1:4: error: number has too many digits to read"),
    ],
)
def test_unreadable_yaml_gives_one_clean_problem(text: str, expected: str) -> None:
    loaded = parse_yaml(text, "p.yaml")
    assert [p.format() for p in loaded.problems] == [expected]


def test_anchors_aliases_and_merge_keys() -> None:
    loaded = parse_yaml("base: &b {venue: CVPR, year: 2016}\nx:\n  <<: *b\n  id: a\nauthors: &au [A, B]\ny: *au\n", "p.yaml")
    assert loaded.problems == []
    assert loaded.data["x"] == {"venue": "CVPR", "year": 2016, "id": "a"}
    assert loaded.data["y"] == ["A", "B"]


def test_own_keys_override_merged_keys_but_not_each_other() -> None:
    text = "base: &b {venue: CVPR, year: 2016}\nx:\n  <<: *b\n  year: 2017\ny:\n  <<: *b\n  year: 2017\n  year: 2018\n"
    loaded = parse_yaml(text, "p.yaml")
    assert loaded.data["x"] == {"venue": "CVPR", "year": 2017}
    assert loaded.data["y"] == {"venue": "CVPR", "year": 2017}
    assert [p.format() for p in loaded.problems] == [
        "p.yaml:8:3: error: duplicate key 'year': already set on line 7; "
        "YAML would keep only one of the two values, remove or rename one"
    ]


def test_loading_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    parse_yaml("a: [1, 2]\n", "p.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        parse_yaml("a: [1, 2]\n", "p.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_alias_bomb_is_not_expanded(tmp_path: Path) -> None:
    """A billion laughs: nine levels of nine aliases, 387 million strings if expanded."""
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    text = "\n".join(levels) + "\npapers:\n  - id: a\n    title: t\n    highlights: *a8\n    authors: *a8\n"
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    messages = [p.message for p in kb.problems]
    assert messages.count("'highlights' (item 1) must be text, got a list") == 1
    assert len(messages) == 9 + 9 + 9  # nine unknown keys, nine bad items in each list
    assert kb.papers["a"].highlights == []


def test_recursive_alias_is_reported_not_looped(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text("papers:\n  - &r\n    id: a\n    title: t\n    highlights: [*r]\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    # an alias stands where its anchor is: the item is reported at the anchored record
    assert [p.format() for p in kb.problems] == ["papers.yaml:2:5: error: 'highlights' (item 1) must be text, got a mapping"]


_REFUSED_TAG = "YAML tag {tag} is not supported: papernotes reads plain data (text, numbers, dates, lists and mappings); {fix}"
_PLAIN_LIST = "write a plain list ('- item' per line) or mapping instead"


@pytest.mark.parametrize(
    ("text", "data", "problems"),
    [
        ("a: !!set {y, x}\nb: 1\n", {"b": 1}, ["p.yaml:1:4: error: " + _REFUSED_TAG.format(tag="'!!set'", fix=_PLAIN_LIST)]),
        ("a: !!omap [x: 1]\n", {}, ["p.yaml:1:4: error: " + _REFUSED_TAG.format(tag="'!!omap'", fix=_PLAIN_LIST)]),
        ("a: !!pairs [x: 1]\n", {}, ["p.yaml:1:4: error: " + _REFUSED_TAG.format(tag="'!!pairs'", fix=_PLAIN_LIST)]),
        ("a: [1, !!binary aGVsbG8=, 3]\n", {"a": [1, 3]}, ["p.yaml:1:8: error: " + _REFUSED_TAG.format(tag="'!!binary'", fix="remove the tag")]),
        ("a: !local x\nb: !local {c: 1}\n", {}, [
            "p.yaml:1:4: error: " + _REFUSED_TAG.format(tag="'!local'", fix="remove the tag"),
            "p.yaml:2:4: error: " + _REFUSED_TAG.format(tag="'!local'", fix="remove the tag"),
        ]),
        ("? !!binary aGVsbG8=\n: x\n", {}, ["p.yaml:1:3: error: " + _REFUSED_TAG.format(tag="'!!binary'", fix="remove the tag")]),
        ("a: =\n", {}, ["p.yaml:1:4: error: " + _REFUSED_TAG.format(tag="'!!value'", fix="put the value in quotes")]),
        ("!!set {x}\n", None, ["p.yaml:1:1: error: " + _REFUSED_TAG.format(tag="'!!set'", fix=_PLAIN_LIST)]),
        # reported once at the anchor, and every alias of it left out too
        ("a: &s !!set {x}\nb: [*s, *s]\n", {"b": []}, ["p.yaml:1:4: error: " + _REFUSED_TAG.format(tag="'!!set'", fix=_PLAIN_LIST)]),
    ],
)
def test_non_plain_yaml_kinds_are_refused_where_they_stand(text: str, data: object, problems: list[str]) -> None:
    loaded = parse_yaml(text, "p.yaml")
    assert [p.format() for p in loaded.problems] == problems
    assert loaded.data == data


def test_refused_record_is_left_out_of_a_streamed_list() -> None:
    loaded = parse_yaml("papers:\n  - !!set {a}\n  - id: x\n", "p.yaml")
    assert [p.format() for p in loaded.problems] == ["p.yaml:2:5: error: " + _REFUSED_TAG.format(tag="'!!set'", fix=_PLAIN_LIST)]
    assert loaded.data == {"papers": [{"id": "x"}]}
    assert loaded.position(("papers", 0)) == (3, 5)


def test_set_authors_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text("papers:\n  - id: a\n    title: t\n    authors: !!set {Zhang, Li, Wang}\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert [p.format() for p in kb.problems] == ["papers.yaml:4:14: error: " + _REFUSED_TAG.format(tag="'!!set'", fix=_PLAIN_LIST)]
    assert kb.papers["a"].authors == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2020-06-15 00:00:00", "2020-06-15 00:00:00"), ("2020-06-15T10:30:00Z", "2020-06-15 10:30:00+00:00"), ("2020-06-15 10:30:00+02:00", "2020-06-15 10:30:00+02:00")],
)
def test_date_with_a_time_is_not_made_a_date(tmp_path: Path, value: str, shown: str) -> None:
    (tmp_path / "papers.yaml").write_text(f"papers:\n  - id: a\n    title: t\n    read: {value}\n", encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert [p.format() for p in kb.problems] == [f"papers.yaml:4:5: error: 'read' must be a date written YYYY-MM-DD, got the date and time {shown}"]
    assert kb.papers["a"].read is None


TOO_DEEP = (
    "nesting deeper than 100 levels of lists and mappings in {what}: papernotes reads no deeper; "
    "remove the extra brackets or indentation, or quote the value if it is meant as text"
)


@pytest.fixture(params=["default", "pure-python"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with libyaml (when PyYAML has it) and with PyYAML's pure-Python parser."""
    if request.param == "pure-python":
        monkeypatch.setattr(loading, "_MarkedLoader", loading._PythonMarkedLoader)
    return str(request.param)


def test_deep_nesting_is_reported_not_crashed(tmp_path: Path, yaml_parser: str) -> None:
    # libyaml of PyYAML 6.0.4 stops at 1000 levels, 6.0.3 read on, the pure-Python composer
    # recurses: papernotes' own limit gives one answer for all of them
    depth = 5000
    text = "papers:\n  - id: a\n    title: t\n    highlights: " + "[" * depth + "]" * depth + "\n"
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    # level 1 is the top mapping, 2 the papers list, 3 the record: the 98th '[' opens level 101
    assert [p.format() for p in kb.problems] == [
        "papers.yaml:4:114: error: " + TOO_DEEP.format(what="the value of 'highlights' (line 4)")
    ]
    assert kb.fatal is not None and kb.papers == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one line of brackets: libyaml's scanner reads ahead to its own limit before the composer
        # reaches ours, so the file is read again with the pure-Python parser (100,000 levels: ~1 s)
        ("tags: " + "[" * 100_000 + "]" * 100_000, "1:106: error: " + TOO_DEEP.format(what="the value of 'tags' (line 1)")),
        ("a: " + "[ " * 150 + "]" * 150, "1:202: error: " + TOO_DEEP.format(what="the value of 'a' (line 1)")),
        ("a: " + "{b: " * 300 + "1" + "}" * 300, "1:400: error: " + TOO_DEEP.format(what="the value of 'a' (line 1)")),
        (
            "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(150)),
            "101:201: error: " + TOO_DEEP.format(what="the value of 'a' (line 1)"),
        ),
        ("papers:\n  - " + "- " * 200 + "x\n", "2:201: error: " + TOO_DEEP.format(what="the value of 'papers' (line 1)")),
        ("[" * 3000 + "]" * 3000, "1:101: error: " + TOO_DEEP.format(what="the document")),
    ],
    ids=["flow-lists-one-line", "flow-lists-spaced", "flow-mappings", "block-mappings", "block-lists", "top-level"],
)
def test_nesting_limit_is_the_same_with_either_parser(text: str, expected: str, yaml_parser: str) -> None:
    loaded = parse_yaml(text, "f.yaml")
    assert [p.format() for p in loaded.problems] == ["f.yaml:" + expected]
    assert loaded.data is None


def test_nesting_up_to_the_limit_loads(yaml_parser: str) -> None:
    deepest = parse_yaml("a: " + "[" * 99 + "1" + "]" * 99, "f.yaml")  # the top mapping and 99 lists
    assert deepest.problems == []
    value = deepest.data["a"]
    for _level in range(98):
        value = value[0]
    assert value == [1]
    one_more = parse_yaml("a: " + "[" * 100 + "1" + "]" * 100, "f.yaml")
    too_deep = "f.yaml:1:103: error: " + TOO_DEEP.format(what="the value of 'a' (line 1)")
    assert [p.format() for p in one_more.problems] == [too_deep]


def test_deep_nesting_in_front_matter_is_reported_where_it_is(tmp_path: Path, yaml_parser: str) -> None:
    (tmp_path / "papers.yaml").write_text("papers:\n  - id: a\n    title: t\n", encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    depth = 5000
    (notes / "deep.md").write_text(
        "---\ntitle: Deep\ntags: " + "[" * depth + "]" * depth + "\n---\n\n# Deep\n\nText.\n", encoding="utf-8"
    )
    kb = load_knowledge_base(tmp_path / "papers.yaml", notes, tmp_path, today=TODAY)
    # line 3 of the file: the front matter starts after the opening '---'
    too_deep = "notes/deep.md:3:106: error: " + TOO_DEEP.format(what="the value of 'tags' (line 3)")
    assert [p.format() for p in kb.problems] == [too_deep]
    assert kb.fatal is None and list(kb.papers) == ["a"]  # one note's front matter, not the whole base


def test_deep_front_matter_is_reported_by_a_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # 1,200 levels: past libyaml's own limit too, so MkDocs' reading of the front matter fails as well
    depth = 1200
    root = write_project(
        tmp_path / "kb", "papers:\n  - id: a\n    title: t\n",
        {"deep.md": "---\ntitle: Deep\ntags: " + "[" * depth + "]" * depth + "\n---\n\n# Deep\n\nText.\n"},
    )
    site = build_site(root)
    assert (site / "deep" / "index.html").exists()
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert logged == ["docs/deep.md:3:106: error: " + TOO_DEEP.format(what="the value of 'tags' (line 3)")]


REPO = Path(__file__).resolve().parent.parent

SCALARS = """\
plain: text
quoted: "yes"
single: 'no'
empty:
tilde: ~
null_word: null
bools: [yes, No, on, OFF, true, False]
ints: [0, -12, +7, 0o17, 0x1F, 1_000, 012]
floats: [1.5, -2e3, .inf, -.Inf, 6.8523015e+5]
nan: .nan
dates: [2020-06-22, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10]
block: |
  line one
  line two
folded: >
  one
  two
explicit: !!str 2016
empty_key_value: {"": x}
"""


@pytest.mark.parametrize("source", ["scalars", "sample"])
def test_data_equals_what_pyyaml_reads(source: str) -> None:
    import math

    import yaml

    text = SCALARS if source == "scalars" else (REPO / "papers.yaml").read_text(encoding="utf-8")
    loaded = parse_yaml(text, "p.yaml")
    expected = yaml.load(text, Loader=yaml.SafeLoader)
    assert loaded.problems == []
    if source == "scalars":
        assert math.isnan(loaded.data.pop("nan")) and math.isnan(expected.pop("nan"))
    assert loaded.data == expected


def test_positions_are_the_lines_an_editor_shows_after_yaml_only_line_breaks(tmp_path: Path) -> None:
    # PyYAML ends a line at U+0085, U+2028 and U+2029 as well; an editor does not.
    text = 'papers:\n  - id: a\n    title: "x\u2028y\u2029z\x85w"\n    year: soon\n    titel: t\n'
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert [(p.line, p.column, p.key) for p in kb.problems] == [(4, 5, "year"), (5, 5, "titel")]
    loaded = parse_yaml('a: "x\u2028y"\nb: [1, 2]\n', "p.yaml", line_offset=3)
    assert loaded.position(("b", 1)) == (5, 8)
