"""YAML loading that keeps line numbers and refuses to drop data.

PyYAML keeps the last of two equal mapping keys and forgets where anything came from. The
loader here records the position of every mapping key and sequence item (so validation can
point at file:line:col) and reports duplicate keys instead of merging them.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from yaml.composer import Composer

try:  # libyaml parses several times faster than the pure-Python parser
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from .problems import Problem, quote

Position = tuple[int, int]  # 1-based line, column

# Levels of lists and mappings a document may nest (its top mapping is level 1). PyYAML's
# composer recurses, and libyaml's parser has a limit of its own since PyYAML 6.0.4 (1000
# levels); stopping far below both gives the same message with every PyYAML and either parser.
MAX_NESTING = 100


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
    anchored: bool = False  # it defines an anchor (`&name`), which the file's other parts may repeat or alias

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


def _marks_of(event: yaml.Event | None) -> tuple[yaml.Mark, yaml.Mark]:
    """The start and end mark of a parser event.

    PyYAML's stubs type each event the parser hands out as optional, and its marks as optional
    and either PyYAML's or libyaml's class; before the stream ends there is always an event,
    both its marks are set, and libyaml's marks have the same `line` and `column`.
    """
    known = cast(yaml.Event, event)
    return cast(yaml.Mark, known.start_mark), cast(yaml.Mark, known.end_mark)


def _describe_key(key: Any) -> str:
    return quote(key) if isinstance(key, str) else quote(repr(key))


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
# Scalars papernotes reads: text, numbers, booleans, null and dates (a date with a time is
# refused by the schema). Everything else (!!binary, !!set, !!omap, !!pairs, local tags like
# !foo, !!python/...) is refused where it stands: it is not plain data, and a set's order
# would depend on the hash seed.
_PLAIN_SCALARS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "merge")
)


class _Refused:
    """Stands for a node that was reported and left out; its key or list item is dropped."""

    def __repr__(self) -> str:
        return "<refused>"


REFUSED: Any = _Refused()


def _tag_name(tag: str) -> str:
    return str(tag).replace("tag:yaml.org,2002:", "!!")


def _refusal(tag: str) -> str:
    shown = _tag_name(tag)
    if shown in ("!!set", "!!omap", "!!pairs"):
        fix = "write a plain list ('- item' per line) or mapping instead"
    elif shown == "!!value":  # PyYAML reads a lone '=' as this tag
        fix = "put the value in quotes"
    else:
        fix = "remove the tag"
    return (
        f"YAML tag {quote(shown)} is not supported: papernotes reads plain data (text, numbers, dates, lists and mappings); {fix}"
    )


def _implicit_table() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    """PyYAML's implicit resolvers by first character, with the any-character ones appended."""
    table = _BaseLoader.yaml_implicit_resolvers
    anywhere = list(table.get(None, []))
    return {first: tuple(list(resolvers) + anywhere) for first, resolvers in table.items() if first is not None}


class _MarkedLoader(_BaseLoader):
    """A safe loader that records positions and reports duplicate keys.

    libyaml parses and composes the node graph; `build` turns it into plain data and marks in
    one pass with an explicit stack (no recursion, so deep nesting cannot overflow), which is
    also faster than PyYAML's generic constructor. Tags other than str/seq/map/merge go
    through PyYAML's safe constructors, so `!!python/...` stays refused.
    """

    _IMPLICIT = _implicit_table()

    def __init__(self, stream: str, file: str, marks: dict[int, Marks], problems: list[Problem], stream_records: bool = True):
        super().__init__(stream)
        self.stream_records = stream_records
        # names of their own: the pure-Python parser keeps its state in an attribute `marks`
        self.source_file = file
        self.line_offset = 0  # lines before the text in its file (front matter): for lines named in messages
        self.container_marks = marks
        self.load_problems = problems
        self.refused_nodes: dict[int, yaml.Node] = {}  # kept alive, so their ids stay theirs
        self.composing_under: Any = None  # the key node or index of the node being composed
        self.open_collections: list[Any] = []  # the same for each list or mapping being composed
        self.anchored = False  # the document defined an anchor

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:  # called by libyaml per node
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self._IMPLICIT.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def build(self, root: yaml.Node, prebuilt: dict[int, Any] | None = None, item: bool = False) -> Any:
        """Plain data of `root`; REFUSED for a refused list `item`, None for a refused document."""
        # id(node) -> object: an alias is the same node, so the same object
        built: dict[int, Any] = dict(prebuilt) if prebuilt else {}
        pending: list[tuple[yaml.Node, Any]] = []  # containers created but not filled yet
        marks = self.container_marks

        def value_of(node: yaml.Node) -> Any:
            known = built.get(id(node), built)
            if known is not built:
                return known
            kind = node.__class__
            if kind is yaml.ScalarNode and node.tag in _PLAIN_SCALARS:
                value = node.value if node.tag == _STR else self.scalar(cast(yaml.ScalarNode, node))
            elif kind is yaml.SequenceNode and node.tag == _SEQ:
                value = []
                pending.append((node, value))
            elif kind is yaml.MappingNode and node.tag == _MAP:
                value = {}
                pending.append((node, value))
            else:  # never handed to PyYAML's constructors: reported once, also where aliased
                if id(node) not in self.refused_nodes:  # records are built one by one: aliases cross builds
                    self.refused_nodes[id(node)] = node
                    self.load_problems.append(Problem(self.source_file, *_position(node.start_mark), "error", _refusal(node.tag)))
                value = REFUSED
            built[id(node)] = value
            return value

        data = value_of(root)
        if data is REFUSED and not item:
            data = None
        while pending:
            node, container = pending.pop()
            mark = node.start_mark
            children: dict[Any, Position] = {}
            if isinstance(container, list):
                for child in node.value:
                    child_value = value_of(child)
                    if child_value is REFUSED:
                        continue
                    child_mark = child.start_mark
                    children[len(container)] = (child_mark.line + 1, child_mark.column + 1)
                    container.append(child_value)
            else:  # a dict is made only for a mapping node
                self.fill_mapping(cast(yaml.MappingNode, node), container, children, value_of)
            marks[id(container)] = Marks((mark.line + 1, mark.column + 1), children)
        return data

    def fill_mapping(self, node: yaml.MappingNode, data: dict[Any, Any], children: dict[Any, Position], value_of: Any) -> None:
        pairs = node.value
        merged_keys: set[Any] = set()
        if any(key_node.tag == _MERGE for key_node, _ in pairs):
            own = sum(1 for key_node, _ in pairs if key_node.tag != _MERGE)
            self.flatten_mapping(node)  # merged pairs first, then the mapping's own
            pairs = node.value
            for key_node, value_node in pairs[: len(pairs) - own]:
                key, value = value_of(key_node), value_of(value_node)
                if key is REFUSED or value is REFUSED:
                    continue
                data[key] = value
                children[key] = _position(key_node.start_mark)
                merged_keys.add(key)
            pairs = pairs[len(pairs) - own :]
        for key_node, value_node in pairs:
            key = key_node.value if key_node.tag == _STR and key_node.__class__ is yaml.ScalarNode else value_of(key_node)
            key_mark = key_node.start_mark
            where = (key_mark.line + 1, key_mark.column + 1)
            if key is REFUSED:
                continue
            try:
                seen = key in data
            except TypeError:
                self.load_problems.append(
                    Problem(self.source_file, *where, "error", "a mapping key must be a plain value, not a list or mapping")
                )
                continue
            if seen and key not in merged_keys:
                first = children[key]
                self.load_problems.append(
                    Problem(
                        self.source_file, *where, "error",
                        f"duplicate key {_describe_key(key)}: already set on line {first[0] + self.line_offset}; "
                        "YAML would keep only one of the two values, remove or rename one",
                        key=str(key),
                    )
                )
                continue
            merged_keys.discard(key)  # a key of the mapping itself overrides a merged one, once
            value = value_of(value_node)
            children[key] = where  # kept for a refused value too: validation then knows the key was there
            if value is REFUSED:
                continue
            data[key] = value

    def scalar(self, node: yaml.ScalarNode) -> Any:
        constructor = self.yaml_constructors.get(node.tag) or self.yaml_constructors[None]
        try:
            return constructor(self, node)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError):
            # an explicit tag on a value it cannot read, e.g. `!!timestamp soon`, `!!float abc`
            tag = _tag_name(node.tag)
            self.load_problems.append(
                Problem(
                    self.source_file, *_position(node.start_mark), "error",
                    f"{quote(node.value)} cannot be read as {tag}: fix the value or remove the tag",
                )
            )
            return None

    def construct_checked_int(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.construct_yaml_int(node)
        except ValueError as exc:
            if "digits" not in str(exc):  # not the limit of int(): a bad `!!int` value
                raise
            value = None
        if value is not None and value.bit_length() <= 10_000:  # str() of a longer int raises
            return value
        self.load_problems.append(
            Problem(self.source_file, *_position(node.start_mark), "error", "number has too many digits to read")
        )
        return None

    def load_marked(self) -> Any:
        """The data of the stream's single document (None when empty), as get_single_node reads it."""
        if not self.stream_records:
            node = self.get_single_node()
            return None if node is None else self.build(node)
        self.anchors: dict[str, yaml.Node] = {}
        self.get_event()  # stream start
        data, document_mark = None, None
        if not self.check_event(yaml.StreamEndEvent):
            document_mark, _ = _marks_of(self.peek_event())
            data = self.compose_document()
        if not self.check_event(yaml.StreamEndEvent):
            found_mark, _ = _marks_of(self.get_event())
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", document_mark, "but found another document", found_mark
            )
        self.get_event()
        return data

    # A papers.yaml of 10,000 records composed at once is a graph of millions of nodes, several
    # times the memory of its data. Items of the lists at the top of a mapping document (the
    # records) are composed and built one at a time instead; everything else as a whole.
    # PyYAML's own composer passes compose_node a key node or an index, and it returns a node
    # (the stubs say an int, and a node or None).
    compose_node = cast("Callable[[_MarkedLoader, yaml.Node | None, Any], yaml.Node]", Composer.compose_node)
    compose_scalar_node = Composer.compose_scalar_node
    _COMPOSER: Any = Composer  # its methods run on this loader, which typeshed does not count as a Composer

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        # Composer.compose_node calls this for every node, just before composing it; the safe
        # loader has no path resolvers, so this only notes where the node stands.
        self.composing_under = current_index

    def compose_sequence_node(self, anchor: str | None) -> yaml.SequenceNode:
        open_collections = self.open_collections
        if len(open_collections) >= MAX_NESTING:
            raise self._too_deep()
        open_collections.append(self.composing_under)
        node: yaml.SequenceNode = self._COMPOSER.compose_sequence_node(self, anchor)
        open_collections.pop()
        return node

    def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:
        open_collections = self.open_collections
        if len(open_collections) >= MAX_NESTING:
            raise self._too_deep()
        open_collections.append(self.composing_under)
        node: yaml.MappingNode = self._COMPOSER.compose_mapping_node(self, anchor)
        open_collections.pop()
        return node

    def _too_deep(self) -> NestedTooDeep:
        start: Any = self.peek_event()  # the event that opens the list or mapping one level too deep
        return NestedTooDeep(start.start_mark, [*self.open_collections, self.composing_under])

    def compose_document(self) -> Any:
        if not self.stream_records:  # the pure-Python parser's get_single_node comes here
            return self._COMPOSER.compose_document(self)
        self.get_event()  # document start
        if self._plain_start(yaml.MappingStartEvent, _MAP):
            data = self._build_streamed_mapping()
        else:
            data = self.build(self.compose_node(None, None))
        self.get_event()  # document end
        self.anchored = bool(self.anchors)
        self.anchors = {}
        return data

    def _plain_start(self, kind: type, tag: str) -> bool:
        """The next event starts a collection without anchor or explicit tag (nothing can alias it)."""
        if not self.check_event(kind):
            return False
        event = cast(yaml.CollectionStartEvent, self.peek_event())  # checked just above
        return event.anchor is None and event.tag in (None, "!", tag)

    def _build_streamed_mapping(self) -> Any:
        self.open_collections.append(None)  # the document's top mapping: level 1
        start = cast(yaml.MappingStartEvent, self.get_event())  # checked by _plain_start
        node = yaml.MappingNode(_MAP, [], _marks_of(start)[0], None, flow_style=start.flow_style)
        streamed: dict[int, Any] = {}
        while not self.check_event(yaml.MappingEndEvent):
            key = self.compose_node(node, None)
            if key.tag != _MERGE and self._plain_start(yaml.SequenceStartEvent, _SEQ):
                self.open_collections.append(key)  # level 2
                value = self._build_streamed_sequence()
                self.open_collections.pop()
                streamed[id(value[0])] = value[1]
                node.value.append((key, value[0]))
            else:
                node.value.append((key, self.compose_node(node, key)))
        node.end_mark = _marks_of(self.get_event())[1]
        self.open_collections.pop()
        return self.build(node, streamed)

    def _build_streamed_sequence(self) -> tuple[yaml.SequenceNode, list[Any]]:
        """An empty stand-in node for the mapping, and the list built item by item."""
        start = cast(yaml.SequenceStartEvent, self.get_event())  # checked by _plain_start
        start_mark = _marks_of(start)[0]
        stand_in = yaml.SequenceNode(_SEQ, [], start_mark, None, flow_style=start.flow_style)
        items: list[Any] = []
        children: dict[Any, Position] = {}
        while not self.check_event(yaml.SequenceEndEvent):
            item = self.compose_node(stand_in, len(items))
            value = self.build(item, item=True)
            if value is REFUSED:
                continue
            children[len(items)] = _position(item.start_mark)
            items.append(value)
        stand_in.end_mark = _marks_of(self.get_event())[1]
        self.container_marks[id(items)] = Marks(_position(start_mark), children)
        return stand_in, items


_MarkedLoader.add_constructor("tag:yaml.org,2002:int", _MarkedLoader.construct_checked_int)


class _PythonEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser alone: text in, events out."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class _PythonMarkedLoader(_MarkedLoader):
    """The same loader, constructors and limits over PyYAML's pure-Python parser.

    libyaml's scanner reads up to 1024 characters ahead and stops at 1000 levels of flow
    nesting (PyYAML 6.0.4), so `[[[[...` on one line fails there before the composer reaches
    MAX_NESTING; read again with this loader, such a file stops at MAX_NESTING like any other.
    """

    def __init__(self, stream: str, file: str, marks: dict[int, Marks], problems: list[Problem], stream_records: bool = True):
        super().__init__("", file, marks, problems, stream_records)
        events = _PythonEvents(stream)
        self.check_event, self.peek_event, self.get_event = events.check_event, events.peek_event, events.get_event  # type: ignore[method-assign]
        self.anchors: dict[str, yaml.Node] = {}

    get_single_node = Composer.get_single_node


LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def _field_of(path: list[Any]) -> yaml.ScalarNode | None:
    """The key whose value holds the deep nesting: the outermost one, but in a list of
    mappings (papers.yaml's records) the key inside the item, as 'highlights' rather than 'papers'.

    `path` holds the key node or list index each open collection stands under (None at the top).
    """
    steps = [step for step in path if step is not None]
    for index, step in enumerate(steps):
        if not isinstance(step, yaml.ScalarNode):
            continue
        following = steps[index + 1 : index + 3]
        if len(following) == 2 and isinstance(following[0], int) and isinstance(following[1], yaml.ScalarNode):
            continue
        return step
    return None


class NestedTooDeep(Exception):
    """A list or mapping opens more than MAX_NESTING levels deep (at `mark`)."""

    def __init__(self, mark: yaml.Mark, path: list[Any]) -> None:
        super().__init__(f"nesting deeper than {MAX_NESTING} levels")
        self.mark = mark
        self.key_node = _field_of(path)

    def problem(self, file: str, line_offset: int) -> Problem:
        line, column = _position(self.mark)
        what, key = "the document", ""
        if self.key_node is not None:
            key = str(self.key_node.value)
            what = f"the value of {_describe_key(key)} (line {self.key_node.start_mark.line + 1 + line_offset})"
        return Problem(  # parse_yaml shifts the problem's own line by line_offset
            file, line, column, "error",
            f"nesting deeper than {MAX_NESTING} levels of lists and mappings in {what}: papernotes reads no deeper; "
            "remove the extra brackets or indentation, or quote the value if it is meant as text",
            key=key,
        )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading.

    Loading creates millions of small objects and no garbage cycles worth collecting; with the
    collector on, more than half the load time goes to scans that free nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


class _Parse:
    """One document parsed into `marks` and `problems`, the loader swapped for another when
    libyaml or PyYAML's recursive composer gives up on deep nesting."""

    def __init__(self, text: str, file: str, line_offset: int, depth: int):
        self.text, self.file, self.line_offset, self.depth = text, file, line_offset, depth
        self.marks: dict[int, Marks] = {}
        self.problems: list[Problem] = []
        self.loader = self._loader(_MarkedLoader)

    def _loader(self, kind: type[_MarkedLoader], stream_records: bool = True) -> _MarkedLoader:
        loader = kind(self.text, self.file, self.marks, self.problems, stream_records)
        loader.line_offset = self.line_offset
        loader.open_collections = [None] * self.depth
        return loader

    def _again_with(self, kind: type[_MarkedLoader], stream_records: bool = True) -> Any:
        self.loader.dispose()
        self.marks.clear()
        self.problems.clear()
        self.loader = self._loader(kind, stream_records)
        return self.loader.load_marked()

    def load(self) -> Any:
        with paused_gc():
            try:
                return self.loader.load_marked()
            except RecursionError:  # too deep for PyYAML's recursive composer; libyaml's goes deeper
                return self._again_with(_MarkedLoader, stream_records=False)
            except yaml.MarkedYAMLError as exc:
                if exc.problem != LIBYAML_TOO_DEEP:
                    raise
                return self._again_with(_PythonMarkedLoader)


def _load_problem(exc: Exception, text: str, file: str, line_offset: int) -> Problem:
    """The problem a failed parse reports (for the exceptions `parse_yaml` catches)."""
    if isinstance(exc, NestedTooDeep):
        return exc.problem(file, line_offset)
    if isinstance(exc, yaml.MarkedYAMLError):
        return _syntax_problem(exc, text, file, line_offset)
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _line_column(text, exc.position)
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return Problem(
            file, line, column, "error",
            f"character U+{ord(character):04X} is not allowed in YAML, even in quotes: remove it",
        )
    if isinstance(exc, yaml.YAMLError):
        return Problem(file, 1, 1, "error", f"YAML error: {exc}")
    return Problem(file, 1, 1, "error", "the YAML is nested too deeply to read")  # RecursionError


def parse_yaml(text: str, file: str, line_offset: int = 0, depth: int = 0) -> LoadedYaml:
    """Parse one YAML document; syntax errors become a problem and `data` None.

    `depth` is how many levels of nesting stand above the document in its file (a record cut
    out of papers.yaml has two), so that MAX_NESTING stops it where it would stop the file.
    """
    text = clean_text(text)
    counted_by_editor: set[int] = set()  # problems positioned by the editor's lines already
    parse = _Parse(text, file, line_offset, depth)
    marks, problems = parse.marks, parse.problems
    try:
        data = parse.load()
    except (NestedTooDeep, yaml.YAMLError, RecursionError) as exc:
        problems.append(_load_problem(exc, text, file, line_offset))
        if isinstance(exc, yaml.reader.ReaderError):
            counted_by_editor.add(id(problems[-1]))
        data = None
    finally:
        parse.loader.dispose()
    if any(mark in text for mark in _YAML_ONLY_BREAKS):
        _to_editor_lines(text, marks, problems, counted_by_editor)
    shifted = [
        Problem(p.file, p.line + line_offset, p.column, p.severity, p.message, p.key) for p in problems
    ]
    # whether the document defines an anchor: unknown (so assumed) after the fallbacks above
    loader = parse.loader
    anchored = loader.anchored if loader.stream_records and data is not None else True
    return LoadedYaml(file, data, marks, shifted, line_offset, anchored)


# YAML 1.1 (PyYAML, libyaml) ends a line at these too; editors show them inside a line.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def _to_editor_lines(text: str, marks: dict[int, Marks], problems: list[Problem], keep: set[int]) -> None:
    """Positions counted by the parser's lines, moved to the lines an editor shows (only '\\n'
    ends one there), in place. Both count columns in characters, so a position is an index."""
    yaml_starts = [0]
    editor_starts = [0]
    for index, char in enumerate(text):
        if char == "\n" or char in _YAML_ONLY_BREAKS:
            yaml_starts.append(index + 1)
            if char == "\n":
                editor_starts.append(index + 1)

    def moved(position: Position) -> Position:
        line, column = position
        if not 1 <= line <= len(yaml_starts):
            return position
        index = yaml_starts[line - 1] + column - 1
        editor_line = bisect.bisect_right(editor_starts, index)
        return editor_line, index - editor_starts[editor_line - 1] + 1

    for key, container in marks.items():
        marks[key] = Marks(moved(container.start), {child: moved(at) for child, at in container.children.items()})
    for at, problem in enumerate(problems):
        if id(problem) in keep:
            continue
        line, column = moved((problem.line, problem.column))
        problems[at] = Problem(problem.file, line, column, problem.severity, problem.message, problem.key)


# ---------------------------------------------------------------- a list of records, one at a time


@dataclass(frozen=True)
class SplitRecords:
    """A YAML file cut into the items of its top-level list `key` and the rest."""

    skeleton: str  # the file with the list written `key: []` and the items' lines left empty
    records: list[tuple[int, str]]  # each item: the number of lines above it, and its lines


_TOP_KEY_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*+)[ \t]*+:(?=[ \t]|$)")


def split_records(text: str, key: str) -> SplitRecords | None:
    """Cut `text` where its top-level list `key` has an item, so each item can be parsed alone.

    Only for a file of the plain shape papers.yaml has (block mappings and lists, each item of
    the list starting with '- ' at one indentation): None for anything else (documents,
    directives, a flow list, leading tabs, line breaks only YAML sees), which is then parsed
    whole. An item that does not read alone as exactly one item (an alias to an anchor
    elsewhere, a quoted text whose lines were cut) shows as a problem of its parse, and the
    caller parses the whole file instead.
    """
    if any(mark in text for mark in _YAML_ONLY_BREAKS):
        return None
    lines = clean_text(text).split("\n")
    list_at: int | None = None
    for at, line in enumerate(lines):
        if not line or line[0] in " #":
            continue
        found = _TOP_KEY_RE.match(line)
        if found is None:
            return None  # '---', '%YAML', a flow mapping, a tab...
        if found.group(1) == key:
            rest = line[found.end() :].strip()
            if list_at is not None or (rest and not rest.startswith("#")):
                return None
            list_at = at
    if list_at is None:
        return None
    end = next((at for at in range(list_at + 1, len(lines)) if lines[at] and lines[at][0] not in " #"), len(lines))
    indent: int | None = None
    starts: list[int] = []
    for at in range(list_at + 1, end):
        line = lines[at]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped[0] == "\t":
            return None
        depth = len(line) - len(stripped)
        item = stripped == "-" or stripped.startswith("- ")
        if indent is None:
            if not item:
                return None
            indent = depth
        if depth < indent or (depth == indent and not item):
            return None
        if depth == indent:
            starts.append(at)
    if not starts:
        return None
    records = [(at, "\n".join(lines[at:following])) for at, following in zip(starts, [*starts[1:], end], strict=True)]
    skeleton = [*lines[:list_at], f"{key}: []", *([""] * (end - list_at - 1)), *lines[end:]]
    return SplitRecords("\n".join(skeleton), records)


@dataclass
class RecordsYaml(LoadedYaml):
    """A file parsed as its skeleton and its records, each record parsed alone: positions inside
    a record are its own parse's, moved down by the lines above it."""

    key: str = ""
    records: list[tuple[int, LoadedYaml]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each record's lines, as in the file

    def position(self, path: tuple[Any, ...]) -> Position:
        if len(path) >= 2 and path[0] == self.key and isinstance(path[1], int) and 0 <= path[1] < len(self.records):
            above, loaded = self.records[path[1]]
            line, column = loaded.position((0, *path[2:]))
            return line + above, column
        return super().position(path)


def combined_records(
    skeleton: LoadedYaml, key: str, records: list[tuple[int, LoadedYaml]], texts: list[str]
) -> RecordsYaml | None:
    """The whole file from its skeleton's parse and its records' parses (see split_records);
    None when a part had a problem or a record did not read as one item."""
    if not isinstance(skeleton.data, dict) or skeleton.data.get(key) != []:
        return None
    # An anchor another part may define again, or alias: only the whole file's parse can tell.
    if skeleton.anchored or any(loaded.anchored for _, loaded in records):
        return None
    if any(loaded.problems or not (isinstance(loaded.data, list) and len(loaded.data) == 1) for _, loaded in records):
        return None
    items = [loaded.data[0] for _, loaded in records]
    data = skeleton.data
    data[key] = items  # in place: the skeleton's marks are by the ids of its containers
    marks = dict(skeleton.marks)
    for _, loaded in records:
        marks.update(loaded.marks)
    children = {}
    for at, (above, loaded) in enumerate(records):
        line, column = loaded.position((0,))
        children[at] = (line + above, column)
    marks[id(items)] = Marks(children[0], children)
    return RecordsYaml(
        skeleton.file, data, marks, list(skeleton.problems), skeleton.line_offset, False, key, records, texts
    )
