"""Every validation rule: bad input in, the exact `file:line:col: severity: message` out."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from papernotes.knowledge.problems import Problem, did_you_mean, quote, sort_problems
from papernotes.knowledge.validation import KnowledgeBase, find_refs, load_knowledge_base, split_front_matter

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


def test_empty_file_is_an_empty_knowledge_base(tmp_path: Path) -> None:
    (tmp_path / "papers.yaml").write_text("# nothing yet\n", encoding="utf-8")
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
        ("short: 1984", "'short' must be text, got int 1984 (put it in quotes to make it text)"),
        ("abstract: 3.14", "'abstract' must be text, got float 3.14 (put it in quotes to make it text)"),
        ("short: 2016-01-01", "'short' must be text, got the date 2016-01-01 (put it in quotes to make it text)"),
        ('short: ""', "'short' is empty: write a value or remove the key"),
        ("year: twenty", "'year' must be a whole number, got the text 'twenty'"),
        ('year: "2016"', "'year' must be a whole number, got the text '2016' (remove the quotes)"),
        ("year: 2016.5", "'year' must be a whole number, got float 2016.5"),
        ("rating: yes", "'rating' must be a whole number, got the boolean true (YAML reads yes/no/on/off/true/false as booleans)"),
        ("rating: 7", "'rating' must be at most 5, got int 7"),
        ("rating: 0", "'rating' must be at least 1, got int 0"),
        ("read: last week", "'read' must be a date written YYYY-MM-DD, got the text 'last week'"),
        ("read: 1600000000", "'read' must be a date written YYYY-MM-DD, got int 1600000000"),
        ("read: 2020-01-01 10:30:00", "'read' must be a date written YYYY-MM-DD, got the date and time 2020-01-01 10:30:00"),
        ("authors: Kaiming He", "'authors' must be a list, got the text 'Kaiming He': write [a, b] or one '- item' per line"),
        ("tags: net", "'tags' must be a list, got the text 'net': write [a, b] or one '- item' per line"),
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
    assert lines(kb) == ["papers.yaml:13:9: error: 'authors' (item 2) must be text, got int 42 (put it in quotes to make it text)"]
    assert kb.papers["resnet"].authors == ["Kaiming He", "Jian Sun"]  # only the bad item is left out


def test_wrong_type_of_a_required_field_drops_the_record(tmp_path: Path) -> None:
    kb = load(tmp_path, "  - id: 1984\n    title: Nineteen\n  - id: vgg\n    title: no\n")
    assert lines(kb) == [
        "papers.yaml:9:5: error: 'id' must be text, got int 1984 (put it in quotes to make it text)",
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
        ('"Deep Residual!"', "Deep Residual!", "deep-residual"),
        ("-resnet", "-resnet", "resnet"),
        ("res/net", "res/net", "res-net"),
        ('"残差网络"', "残差网络", "resnet"),
    ],
)
def test_id_must_be_a_slug(tmp_path: Path, raw_id: str, shown: str, suggestion: str) -> None:
    kb = load(tmp_path, f"  - id: {raw_id}\n    title: T\n")
    assert lines(kb) == [
        f"papers.yaml:9:5: error: 'id': id '{shown}' is not a slug: use letters, digits, '-', '_' and '.', "
        f"starting with a letter or digit (e.g. '{suggestion}')"
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
        "papers.yaml:11:12: error: 'tags' (item 1): tag 'Deep Learning' is not a tag key: use lowercase letters, "
        "digits and '-', with '/' between parent and child (e.g. 'deep-learning')"
    ]


def test_tag_vocabulary_rules(tmp_path: Path) -> None:
    text = "tags:\n  net: Networks\n  Net: Again\n  Bad Key: x\n  gen: [not, text]\npapers: []\n"
    (tmp_path / "papers.yaml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "papers.yaml", None, tmp_path, today=TODAY)
    assert lines(kb) == [
        "papers.yaml:3:3: error: 'tags': tag 'Net' is not a tag key: use lowercase letters, digits and '-', "
        "with '/' between parent and child (e.g. 'net')",
        "papers.yaml:4:3: error: 'tags': tag 'Bad Key' is not a tag key: use lowercase letters, digits and '-', "
        "with '/' between parent and child (e.g. 'bad-key')",
        "papers.yaml:5:3: error: description of tag 'gen' must be text, got a list",
    ]
    assert set(kb.tags) == {"net", "gen"}


def test_unknown_status_with_did_you_mean(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    status: raed\n  - id: vgg\n    title: VGG\n    status: done\n")
    assert lines(kb) == [
        "papers.yaml:11:5: error: 'status' must be one of 'to-read', 'reading' or 'read', got the text 'raed' (did you mean 'read'?)",
        "papers.yaml:14:5: error: 'status' must be one of 'to-read', 'reading' or 'read', got the text 'done'",
    ]


def test_to_read_with_a_read_date_is_a_warning(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    read: 2020-01-01\n    status: to-read\n")
    assert lines(kb) == [
        "papers.yaml:12:5: warning: status is 'to-read' but a 'read' date is set: use 'read' or 'reading', or remove the date"
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
        "papers.yaml:8:5: error: 'aliases' must be a list, got the text \"ECCV'18\": write [a, b] or one '- item' per line",
    ]


# ---------------------------------------------------------------- dates


def test_read_date_in_the_future(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    read: 2024-06-02\n")
    assert lines(kb) == ["papers.yaml:11:5: error: 'read' date 2024-06-02 is in the future (today is 2024-06-01)"]


def test_read_today_is_fine(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    read: 2024-06-01\n    year: 2025\n")
    assert lines(kb) == []  # next year's papers exist (proceedings dated ahead)


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2026", "'year' 2026 is in the future (this is 2024)"),
        ("1700", "'year' must be at least 1800, got int 1700"),
        ("-5", "'year' must be at least 1800, got int -5"),
    ],
)
def test_year_out_of_range(tmp_path: Path, year: str, message: str) -> None:
    kb = load(tmp_path, RESNET + f"    year: {year}\n")
    assert lines(kb) == [f"papers.yaml:11:5: error: {message}"]


def test_read_long_before_publication_is_a_warning(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    year: 2016\n    read: 2010-03-01\n")
    assert lines(kb) == ["papers.yaml:12:5: warning: 'read' date 2010-03-01 is before the paper's year 2016: check both"]


# ---------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "URL scheme 'javascript:' is not allowed: use an http(s) or a relative URL"),
        ("JavaScript:alert(1)", "URL scheme 'JavaScript:' is not allowed: use an http(s) or a relative URL"),
        ('"java\\tscript:alert(1)"', "URL scheme 'javascript:' is not allowed: use an http(s) or a relative URL"),
        ('"\\x01javascript:alert(1)"', "URL scheme 'javascript:' is not allowed: use an http(s) or a relative URL"),
        ('" javascript:alert(1)"', "URL scheme 'javascript:' is not allowed: use an http(s) or a relative URL"),
        ('"data:text/html,<script>alert(1)</script>"', "URL scheme 'data:' is not allowed: use an http(s) or a relative URL"),
        ("vbscript:msgbox", "URL scheme 'vbscript:' is not allowed: use an http(s) or a relative URL"),
        ("file:///etc/passwd", "URL scheme 'file:' is not allowed: use an http(s) or a relative URL"),
        ("ftp://example.org/paper.pdf", "URL scheme 'ftp:' is not allowed: use an http(s) or a relative URL"),
        ("//evil.example/x", "protocol-relative URL is not allowed: write it with https://"),
        ('"\\\\/evil.example/x"', None),  # a backslash path is relative: allowed (browsers differ; the site escapes it)
        ('" "', "URL is empty"),
    ],
)
def test_url_must_be_http_or_relative(tmp_path: Path, url: str, message: str | None) -> None:
    kb = load(tmp_path, RESNET + f"    url: {url}\n")
    expected = [] if message is None else [f"papers.yaml:11:5: error: 'url': {message}"]
    assert lines(kb) == expected
    if message is not None:
        assert kb.papers["resnet"].url is None  # the bad URL is never kept


@pytest.mark.parametrize("url", ["https://arxiv.org/abs/1512.03385", "http://x.org", "HTTPS://X.ORG", "images/a.png", "../a.pdf", "/a/b", "#top", "a.pdf?x=1:2"])
def test_good_urls(tmp_path: Path, url: str) -> None:
    kb = load(tmp_path, RESNET + f"    url: '{url}'\n    image: '{url}'\n    links: {{pdf: '{url}'}}\n")
    assert lines(kb) == []
    assert kb.papers["resnet"].url == url


def test_bad_link_is_dropped_and_the_other_links_kept(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    links:\n      pdf: javascript:alert(1)\n      code: https://github.com/x/y\n    image: data:x\n")
    assert lines(kb) == [
        "papers.yaml:12:7: error: 'links.pdf': URL scheme 'javascript:' is not allowed: use an http(s) or a relative URL",
        "papers.yaml:14:5: error: 'image': URL scheme 'data:' is not allowed: use an http(s) or a relative URL",
    ]
    paper = kb.papers["resnet"]
    assert paper.links.items() == [("code", "https://github.com/x/y")]
    assert paper.image is None


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
        "papers.yaml:12:5: error: unknown key 'wibble'; known keys: id, title, short, authors, year, venue, url, "
        "links, tags, read, status, group, rating, abstract, image, highlights",
    ]
    assert kb.papers["resnet"].title == "Deep Residual Learning for Image Recognition"


def test_unknown_key_in_links(tmp_path: Path) -> None:
    kb = load(tmp_path, RESNET + "    links:\n      cod: https://github.com/x/y\n      paper: https://x.org\n")
    assert lines(kb) == [
        "papers.yaml:12:7: error: unknown key 'cod' (did you mean 'code'?)",
        "papers.yaml:13:7: error: unknown key 'paper'; known keys: pdf, code, project, notes, video, slides, blog, data",
    ]


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
        "notes/a.md:3:1: error: 'tags' must be a list, got the text 'net': write [a, b] or one '- item' per line",
        "notes/a.md:4:1: error: 'title' must be text, got int 5 (put it in quotes to make it text)",
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
        "notes/a.md:2:1: error: front matter key int 3 must be text: put it in quotes",
        "notes/a.md:3:1: error: front matter key the date 2020-01-01 must be text: put it in quotes",
        "notes/a.md:4:1: error: front matter key the boolean true must be text: put it in quotes",
        "notes/a.md:5:3: error: a mapping key must be a plain value, not a list or mapping",
        "notes/a.md:7:1: error: front matter key nothing must be text: put it in quotes",
    ]
    assert kb.notes["a.md"].page_meta == {"title": "Kept"}


def test_front_matter_values_for_the_theme_are_text_lists_of_text_or_booleans(tmp_path: Path) -> None:
    note = (
        "---\ndescription: 3\nsubtitle: 2020-06-15\nicon: {a: b}\nhide: [toc, 7]\nauthor: 1.5\n"
        "comments: true\nstatus: new\nsearch: {boost: 2, exclude: false}\n---\n"
    )
    kb = load(tmp_path, RESNET, {"a.md": note})
    assert lines(kb) == [
        "notes/a.md:2:1: error: 'description' must be text or a list of text, got int 3 (put it in quotes to make it text)",
        "notes/a.md:3:1: error: 'subtitle' must be text or a list of text, got the date 2020-06-15 (put it in quotes to make it text)",
        "notes/a.md:4:1: error: 'icon' must be text or a list of text, got a mapping",
        "notes/a.md:5:13: error: 'hide' (item 2) must be text, got int 7 (put it in quotes to make it text)",
        "notes/a.md:6:1: error: 'author' must be text or a list of text, got float 1.5 (put it in quotes to make it text)",
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
        "notes/a.md:2:10: error: key int 1 in 'search' must be text: put it in quotes",
        "notes/a.md:2:16: error: 'search.boost': Input should be a finite number",
    ]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("template: redirect.html\nlocation: javascript:alert(1)", "notes/a.md:3:1: error: 'location': URL scheme 'javascript:' is not allowed: use an http(s) or a relative URL"),
        ("template: redirect.html\nlocation: ' JaVa\tScript:alert(1)'", "notes/a.md:3:1: error: 'location': URL scheme 'JaVaScript:' is not allowed: use an http(s) or a relative URL"),
        ("template: redirect.html\nlocation: '//evil.example'", "notes/a.md:3:1: error: 'location': protocol-relative URL is not allowed: write it with https://"),
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
        "notes/b.md:3:1: error: 'paper': id 'Res Net' is not a slug: use letters, digits, '-', '_' and '.', "
        "starting with a letter or digit (e.g. 'res-net')",
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
    from papernotes.knowledge.validation import PapersMemo

    (tmp_path / "papers.yaml").write_text("papers:\n  - id: index\n    title: T\n  - id: b\n    title: B\n", encoding="utf-8")
    memo = PapersMemo()
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
        "notes/shared/draft.mdown:2:1: error: 'title' must be text, got int 7 (put it in quotes to make it text)",
        "notes/shared/resnet.md:3:8: error: 'tags' (item 1): tag 'Net' is not a tag key: use lowercase letters, digits and '-', "
        "with '/' between parent and child (e.g. 'net')",
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
