"""YAML loading that keeps line numbers and refuses to drop data.

PyYAML keeps the last of two equal mapping keys and forgets where anything came from. The
loader here records the position of every mapping key and sequence item (so validation can
point at file:line:col) and reports duplicate keys instead of merging them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml parses several times faster than the pure-Python parser
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from .problems import Problem, quote

Position = tuple[int, int]  # 1-based line, column


@dataclass
class Marks:
    """Where a mapping or sequence starts, and where each of its keys or items starts."""

    start: Position
    children: dict[Any, Position] = field(default_factory=dict)


@dataclass
class LoadedYaml:
    """A parsed YAML document, the positions of its containers, and the problems met."""

    file: str
    data: Any
    marks: dict[int, Marks]
    problems: list[Problem]
    line_offset: int = 0

    def position(self, path: tuple[Any, ...]) -> Position:
        """The position of the deepest node along `path` that the document has.

        `path` is a sequence of mapping keys and list indexes from the root, as in pydantic's
        error locations; a missing key points at its parent mapping.
        """
        node = self.data
        marks = self.marks.get(id(node))
        best = marks.start if marks else (1, 1)
        for step in path:
            if marks is None:
                break
            here = marks.children.get(step)
            if here is None:
                break
            best = here
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
            marks = self.marks.get(id(node))
        return best[0] + self.line_offset, best[1]


def _position(mark: yaml.Mark) -> Position:
    return mark.line + 1, mark.column + 1


def _describe_key(key: Any) -> str:
    return quote(key) if isinstance(key, str) else quote(repr(key))


class _MarkedLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that records positions and reports duplicate keys."""

    def __init__(self, stream: str, file: str, marks: dict[int, Marks], problems: list[Problem]):
        super().__init__(stream)
        self.file = file
        self.marks = marks
        self.problems = problems

    def construct_marked_mapping(self, node: yaml.MappingNode):  # type: ignore[no-untyped-def]
        data: dict[Any, Any] = {}
        yield data
        self.flatten_mapping(node)
        marks = Marks(_position(node.start_mark))
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            where = _position(key_node.start_mark)
            try:
                hash(key)
            except TypeError:
                self.problems.append(
                    Problem(self.file, *where, "error", "a mapping key must be a plain value, not a list or mapping")
                )
                continue
            if key in data:
                first = marks.children[key]
                self.problems.append(
                    Problem(
                        self.file,
                        *where,
                        "error",
                        f"duplicate key {_describe_key(key)}: already set on line {first[0]}; "
                        "YAML would keep only one of the two values, remove or rename one",
                        key=str(key),
                    )
                )
                continue
            data[key] = self.construct_object(value_node, deep=False)
            marks.children[key] = where
        self.marks[id(data)] = marks

    def construct_marked_sequence(self, node: yaml.SequenceNode):  # type: ignore[no-untyped-def]
        data: list[Any] = []
        yield data
        marks = Marks(_position(node.start_mark))
        for index, child in enumerate(node.value):
            data.append(self.construct_object(child, deep=False))
            marks.children[index] = _position(child.start_mark)
        self.marks[id(data)] = marks


    def construct_checked_int(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.construct_yaml_int(node)
            if value.bit_length() <= 10_000:  # later str() of a longer int raises
                return value
        except ValueError:  # Python refuses int() of more than 4300 digits
            pass
        self.problems.append(
            Problem(self.file, *_position(node.start_mark), "error", "number has too many digits to read")
        )
        return None


_MarkedLoader.add_constructor("tag:yaml.org,2002:int", _MarkedLoader.construct_checked_int)
_MarkedLoader.add_constructor("tag:yaml.org,2002:map", _MarkedLoader.construct_marked_mapping)
_MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _MarkedLoader.construct_marked_sequence)


def clean_text(text: str) -> str:
    """Drop a UTF-8 byte order mark and normalise CRLF/CR line endings."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_text(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """UTF-8 text of `data` with clean line endings, and a problem if bytes were not UTF-8.

    Undecodable bytes become U+FFFD so the rest still loads, but the user hears about it:
    replacing them silently would change their data.
    """
    try:
        return clean_text(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        before = clean_text(data[: exc.start].decode("utf-8", errors="replace"))
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        bad = data[exc.start : exc.end].hex(" ")
        problem = Problem(
            file, line, column, "error",
            f"the file is not valid UTF-8 (byte {bad}): save it with UTF-8 encoding",
        )
        return clean_text(data.decode("utf-8", errors="replace")), [problem]


def _line_column(text: str, index: int) -> Position:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


_ALIAS_END_RE = re.compile(r"[\s,\]}]")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str, line_offset: int) -> Problem:
    """A YAML syntax error as one sentence at the place the parser stopped."""
    mark = exc.problem_mark or exc.context_mark
    line, column = _position(mark) if mark else (1, 1)
    if isinstance(exc, yaml.constructor.ConstructorError) and exc.problem and "constructor for the tag" in exc.problem:
        tag = exc.problem.split("tag", 1)[1].strip().strip("'")
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return Problem(
            file, line, column, "error",
            f"YAML tag {quote(tag)} is not supported: papernotes reads plain data "
            "(text, numbers, dates, lists and mappings); remove the tag",
        )
    problem = exc.problem or "invalid YAML"
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if problem == "found undefined alias":  # libyaml leaves out the name
        problem += " " + quote(_ALIAS_END_RE.split(here[column:], maxsplit=1)[0])
    context_mark = exc.context_mark
    if "\t" in here[:column]:
        return Problem(file, line, column, "error", f"YAML syntax error: {problem}; YAML indentation must use spaces, not tabs")
    if exc.context and problem.startswith("but "):
        message = f"YAML syntax error: {exc.context} {problem}"
    elif exc.context and context_mark is not None and context_mark.line + 1 != line:
        message = f"YAML syntax error: {problem} ({exc.context} that starts on line {context_mark.line + 1 + line_offset})"
    else:
        message = f"YAML syntax error: {problem}"
    return Problem(file, line, column, "error", message)


def parse_yaml(text: str, file: str, line_offset: int = 0) -> LoadedYaml:
    """Parse one YAML document; syntax errors become a problem and `data` None."""
    text = clean_text(text)
    marks: dict[int, Marks] = {}
    problems: list[Problem] = []
    loader = _MarkedLoader(text, file, marks, problems)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(exc, text, file, line_offset))
        data = None
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        problems.append(
            Problem(
                file, line, column, "error",
                f"character U+{ord(character):04X} is not allowed in YAML, even in quotes: remove it",
            )
        )
        data = None
    except yaml.YAMLError as exc:
        problems.append(Problem(file, 1, 1, "error", f"YAML error: {exc}"))
        data = None
    except RecursionError:
        problems.append(Problem(file, 1, 1, "error", "the YAML is nested too deeply to read"))
        data = None
    finally:
        loader.dispose()
    shifted = [
        Problem(p.file, p.line + line_offset, p.column, p.severity, p.message, p.key) for p in problems
    ]
    return LoadedYaml(file, data, marks, shifted, line_offset)
