"""`papernotes read ID` and `papernotes status ID STATUS`: one record's keys changed in place.

The record is found through the YAML parser's marks, so the change touches only the bytes of
the value it replaces, or adds one line (`key: value` under the record's other keys, or
`, key: value` inside a `{...}` record). The new text is read back and must hold the same data
but for the keys changed; it is written as the importer writes (writing.FileSet).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..importers.writing import FileSet, WriteRefused
from ..knowledge.loading import parse_yaml
from ..knowledge.problems import display_path

try:  # the parser `papernotes check` reads papers.yaml with
    from yaml import CSafeLoader as _ComposeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _ComposeLoader  # type: ignore[assignment]

STATUSES = ("to-read", "reading", "read")


class EditRefused(Exception):
    """The edit cannot be made; nothing was written. The message names the file and line."""


@dataclass
class Record:
    """A record of papers.yaml as the parser saw it."""

    index: int  # in the papers list
    node: yaml.MappingNode
    line: int  # 1-based, where the record starts
    values: dict[str, yaml.Node] = field(default_factory=dict)  # key -> value node
    keys: dict[str, yaml.Node] = field(default_factory=dict)


def _records(text: str, file: str) -> list[Record]:
    try:
        root = yaml.compose(text.removeprefix("\ufeff"), Loader=_ComposeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc
        raise EditRefused(f"{file}{where}: the file does not read as YAML ({problem}): fix it first") from None
    papers = None
    if isinstance(root, yaml.MappingNode):
        papers = next((value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "papers"), None)
    if not isinstance(papers, yaml.SequenceNode):
        raise EditRefused(f"{file}: no 'papers:' list")
    records = []
    for index, node in enumerate(papers.value):
        if not isinstance(node, yaml.MappingNode):
            continue
        record = Record(index, node, node.start_mark.line + 1)
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                record.keys[key.value] = key
                record.values[key.value] = value
        records.append(record)
    return records


def _id_of(record: Record) -> str | None:
    node = record.values.get("id")
    return node.value if isinstance(node, yaml.ScalarNode) else None


def find_record(text: str, paper_id: str, file: str) -> Record:
    """The record whose id is `paper_id` (or, when no id is exactly it, the one id equal up to case)."""
    records = _records(text, file)
    exact = [record for record in records if _id_of(record) == paper_id]
    if not exact:
        exact = [record for record in records if (_id_of(record) or "").casefold() == paper_id.casefold()]
    if len(exact) > 1:
        lines = " and ".join(str(record.line) for record in exact)
        raise EditRefused(f"{file}: id '{paper_id}' is on lines {lines}: give one of them another id first")
    if not exact:
        ids = [paper for paper in (_id_of(record) for record in records) if paper]
        close = difflib.get_close_matches(paper_id, ids, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise EditRefused(f"{file}: no paper with the id '{paper_id}'{hint}")
    return exact[0]


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    end = len(text) if end < 0 else end
    return end - 1 if text[end - 1 : end] == "\r" else end


def _last_end(node: yaml.Node) -> int:
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark.index


def render(value: Any) -> str:
    """A value as YAML text on one line: a date, a number, a status, text (quoted only when YAML
    would read it as something else), or a list of those in flow style."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise TypeError(f"no YAML text for {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(render(item) for item in value) + "]"
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")
    if "\n" in dumped or (not dumped.startswith(("'", '"')) and re.search(r"[,\[\]{}]", dumped)):
        # in a [...] list or a {...} record a plain ',' or bracket would end the value; a JSON string
        # is a YAML double-quoted one, on one line
        return json.dumps(value, ensure_ascii=False)
    return dumped


def record_edits(body: str, record: Record, changes: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The edits (start, end, new text) of `body` that set the record's keys to `changes`."""
    newline = "\r\n" if "\r\n" in body else "\n"
    edits: list[tuple[int, int, str]] = []
    added: list[str] = []
    for key, value in changes.items():
        node = record.values.get(key)
        if node is None:
            added.append(f"{key}: {render(value)}")
            continue
        start, end = node.start_mark.index, node.end_mark.index
        if isinstance(node, yaml.SequenceNode) and isinstance(value, list) and not node.flow_style and node.value:
            end = _last_end(node)
            pad = newline + " " * node.start_mark.column
            new = pad.join(f"- {render(item)}" for item in value)
        elif isinstance(node, yaml.ScalarNode) or (isinstance(node, yaml.SequenceNode) and isinstance(value, list)):
            new = render(value) if end > start else " " + render(value)
        else:
            raise EditRefused(f"'{key}:' of the record on line {record.line} is not a single value: change it by hand")
        if end > start and body[end - 1] == "\n" and not new.endswith("\n"):  # a block scalar owns its line break
            end -= 2 if body[end - 2 : end] == "\r\n" else 1
        edits.append((start, end, new))
    if added:
        node = record.node
        if node.flow_style:
            close = node.end_mark.index - 1
            if body[close : close + 1] != "}":
                raise EditRefused(f"the record on line {record.line} does not end with '}}': change it by hand")
            separator = ", " if node.value else ""
            edits.append((close, close, separator + ", ".join(added)))
        else:
            column = node.value[0][0].start_mark.column
            end = _last_end(node)
            position = end if end > 0 and body[end - 1] == "\n" else _line_end(body, end)
            lines = "".join(" " * column + line + newline for line in added)
            if body[position - 1 : position] != "\n":  # after the last value, on its line
                lines = newline + lines.removesuffix(newline)
            edits.append((position, position, lines))
    return edits


def with_values(text: str, record: Record, changes: dict[str, Any]) -> str:
    """`text` with the record's keys set to `changes`; every other byte kept."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom + applied(text[len(bom) :], record_edits(text[len(bom) :], record, changes))


def applied(body: str, edits: list[tuple[int, int, str]]) -> str:
    """`body` with the edits made, from the last one back, so each position still holds."""
    pieces = []
    at = len(body)
    for start, end, new in sorted(edits, reverse=True):
        pieces.append(body[end:at])
        pieces.append(new)
        at = start
    pieces.append(body[:at])
    return "".join(reversed(pieces))


def _checked(old_text: str, new_text: str, expected: dict[int, dict[str, Any]], file: str) -> None:
    """The new text must read as the old one with only the records' keys of `expected` changed."""
    old = parse_yaml(old_text, file).data
    loaded = parse_yaml(new_text, file)
    if loaded.problems or not isinstance(old, dict) or not isinstance(loaded.data, dict):
        raise EditRefused(f"{file}: the changed file would not read back: nothing was written; change it by hand")
    want = dict(old)
    papers = list(want["papers"])
    for index, changes in expected.items():
        papers[index] = {**papers[index], **changes}
    want["papers"] = papers
    if loaded.data != want:
        raise EditRefused(f"{file}: the change would touch more than the record's keys: nothing was written; change it by hand")


def shown_value(value: Any) -> str:
    """A field's value as the reports of add, read, status and import name it: unset, a date, a
    list joined by '; ', text quoted and cut at 120 characters (an abstract is named, not shown)."""
    if value is None or value == []:
        return "unset"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value if len(value) <= 120 else value[:117] + "...")
    return str(value)


@dataclass
class Change:
    key: str
    old: Any
    new: Any


def _read(papers: Path) -> tuple[bytes, str, str]:
    file = display_path(papers, Path.cwd())
    try:
        raw = papers.read_bytes()
        return raw, raw.decode("utf-8"), file
    except FileNotFoundError:
        raise EditRefused(f"no papers file at {file}") from None
    except UnicodeDecodeError as exc:
        raise EditRefused(f"{file} is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise EditRefused(f"cannot read {file}: {exc.strerror or exc}") from None


def edited_text(text: str, file: str, changes: dict[str, dict[str, Any]]) -> tuple[str | None, list[tuple[Record, list[Change]]]]:
    """`text` with each record's keys set (paper id -> key -> value), checked to read back so, and
    what changed; None for the text when nothing does."""
    records = [find_record(text, paper_id, file) for paper_id in changes]
    data = parse_yaml(text, file).data
    listed = data.get("papers") if isinstance(data, dict) else None
    results: list[tuple[Record, list[Change]]] = []
    edits: list[tuple[int, int, str]] = []
    expected: dict[int, dict[str, Any]] = {}
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    for record, wanted in zip(records, changes.values(), strict=True):
        current = listed[record.index] if isinstance(listed, list) and isinstance(listed[record.index], dict) else {}
        done = [Change(key, current.get(key), value) for key, value in wanted.items() if current.get(key) != value]
        results.append((record, done))
        if done:
            edits.extend(record_edits(body, record, {change.key: change.new for change in done}))
            expected[record.index] = {change.key: change.new for change in done}
    if not edits:
        return None, results
    new_text = bom + applied(body, edits)
    _checked(text, new_text, expected, file)
    return new_text, results


def edit_records(papers: Path, changes: dict[str, dict[str, Any]], dry_run: bool = False) -> list[tuple[Record, list[Change]]]:
    """Set each record's keys (paper id -> key -> value) in the file at `papers`, in one write; what changed."""
    raw, text, file = _read(papers)
    new_text, results = edited_text(text, file, changes)
    if new_text is not None and not dry_run:
        files = FileSet()
        files.add_update(papers, new_text, raw)
        try:
            files.write()
        except WriteRefused as exc:
            raise EditRefused(f"{display_path(exc.path, Path.cwd())} {exc.reason}") from None
        except OSError as exc:
            raise EditRefused(f"cannot write {file}: {exc.strerror or exc}; nothing was written") from None
    return results


def edit_record(papers: Path, paper_id: str, changes: dict[str, Any], dry_run: bool = False) -> tuple[Record, list[Change]]:
    """Set one record's keys to `changes` (dates and text); what changed."""
    return edit_records(papers, {paper_id: changes}, dry_run)[0]


def read_changes(current_status: str | None, date: dt.date) -> dict[str, Any]:
    """What `papernotes read` sets: the date, and the status when the record says another one."""
    changes: dict[str, Any] = {"read": date}
    if current_status is not None and current_status != "read":
        changes["status"] = "read"
    return changes


def current_value(papers: Path, paper_id: str, key: str) -> Any:
    """The value of one key of a record, as the loader reads it (None when unset or unreadable)."""
    try:
        text = papers.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    data = parse_yaml(text, str(papers)).data
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
        return None
    try:
        record = find_record(text, paper_id, str(papers))
    except EditRefused:
        return None
    found = data["papers"][record.index]
    return found.get(key) if isinstance(found, dict) else None
