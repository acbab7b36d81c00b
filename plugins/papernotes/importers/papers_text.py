"""papers.yaml written as text: new records, tags and venues appended after the user's own
lines, whose bytes are kept, and the result read back as check reads it."""

from __future__ import annotations

from typing import Any

import yaml

from ..knowledge.loading import parse_yaml
from .existing import Existing
from .imported import ImportAbort, Plan
from .printable import printable

try:  # the parser `papernotes check` reads papers.yaml with (libyaml), so both read the same text
    from yaml import CSafeLoader as _ComposeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _ComposeLoader  # type: ignore[assignment]

class _BlockDumper(yaml.SafeDumper):
    """Block style, indented lists, `|` for multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# YAML 1.1 line breaks besides \n: PyYAML writes them as they are in plain, quoted and block
# styles, and reads them back as \n or a space. Only escapes ("\N") keep them.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(mark in value for mark in _OTHER_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BlockDumper.add_representer(str, _represent_text)
_BlockDumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]  # no &id001 anchors for shared dates


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)


def _indent(block: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))


def _last_end(node: yaml.Node) -> int:
    """Where the text of a node's last descendant ends."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark.index


def append_to_papers_text(text: str, additions: dict[str, Any]) -> str:
    """`text` with new items appended under the top-level keys of `additions`; the rest untouched.

    `additions` maps 'tags'/'venues' to mappings and 'papers' to a list. Existing bytes are never
    changed: new lines are inserted after each block's last item, or a new block at the end.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    try:
        root = yaml.compose(body, Loader=_ComposeLoader)
    except yaml.YAMLError as exc:
        raise ImportAbort(f"papers file cannot be read: {exc}") from exc
    keys = _top_level_keys(root)
    inserts: list[tuple[int, int, str]] = []  # (start, end of replaced text, new text)
    tail: list[str] = []
    for name, items in additions.items():
        if not items:
            continue
        if name not in keys:
            tail.append(f"{name}:{newline}" + _lines_of(items, newline, 2))
            continue
        inserts.extend(_inserts_under(name, items, *keys[name], body, newline))
    for start, end, new in sorted(inserts, key=lambda item: (item[0], item[1]), reverse=True):
        body = body[:start] + new + body[end:]
    if tail:
        if body and not body.endswith("\n"):
            body += newline
        body += "".join(tail)
    return bom + body


def _top_level_keys(root: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The top-level keys of the papers file: name -> (key node, value node)."""
    keys: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value in keys:  # appending to one of the two would hide the records in the other
                first = keys[key_node.value][0].start_mark.line + 1
                raise ImportAbort(
                    f"'{key_node.value}:' is set twice in the papers file (lines {first} and "
                    f"{key_node.start_mark.line + 1}): merge the two into one and import again"
                )
            keys[key_node.value] = (key_node, value_node)
    elif root is not None and not (isinstance(root, yaml.ScalarNode) and root.value == ""):
        raise ImportAbort("papers file is not a mapping with a 'papers:' list")
    return keys


def _lines_of(items: Any, newline: str, indent: int) -> str:
    return _indent(dump_yaml(items), indent).replace("\n", newline)


def _inserts_under(
    name: str, items: Any, key_node: yaml.Node, value: yaml.Node, body: str, newline: str
) -> list[tuple[int, int, str]]:
    """(start, end of replaced text, new text) that put `items` under the existing key `name`."""
    inserts: list[tuple[int, int, str]] = []
    is_empty = (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")) or (
        isinstance(value, (yaml.MappingNode, yaml.SequenceNode)) and value.flow_style and not value.value
    )
    if is_empty:
        line_end = body.find("\n", value.end_mark.index)
        line_end = len(body) if line_end < 0 else line_end
        inserts.append((value.start_mark.index, value.end_mark.index, ""))
        line_end -= 1 if body[line_end - 1 : line_end] == "\r" else 0
        inserts.append((line_end, line_end, newline + _lines_of(items, newline, key_node.start_mark.column + 2).rstrip("\r\n")))
        return inserts
    if isinstance(value, yaml.ScalarNode) or getattr(value, "flow_style", False):
        raise ImportAbort(
            f"'{name}:' on line {key_node.start_mark.line + 1} of the papers file is written on one line "
            "([...] or {...}): write it as a block (one item per line) so the import can append to it"
        )
    if isinstance(value, yaml.SequenceNode) != isinstance(items, list):
        raise ImportAbort(f"'{name}:' in the papers file is not a {'list' if isinstance(items, list) else 'mapping'}")
    end = _last_end(value)
    if end > 0 and body[end - 1] == "\n":
        position = end
        block = _lines_of(items, newline, value.start_mark.column)
    else:
        line_end = body.find("\n", end)
        position = len(body) if line_end < 0 else line_end
        position -= 1 if body[position - 1 : position] == "\r" else 0
        block = newline + _lines_of(items, newline, value.start_mark.column).rstrip("\r\n")
    inserts.append((position, position, block))
    return inserts


def new_papers_text(additions: dict[str, Any], source_name: str) -> str:
    header = (
        f"# Imported from {printable(source_name)} by `papernotes import`; edit freely.\n"
        "# yaml-language-server: $schema=./papers.schema.json\n"
    )
    return header + append_to_papers_text("", additions)


def check_appended(existing: Existing, new_text: str, plan: Plan, file: str) -> None:
    """The appended file, read as check reads it, must hold the old data unchanged plus exactly the new records."""
    old = (parse_yaml(existing.text, file).data if existing.text else None) or {}
    loaded = parse_yaml(new_text, file)
    if loaded.problems:
        raise ImportAbort(f"the appended papers file would not read back ({loaded.problems[0].format()}); nothing was written")
    new = loaded.data or {}
    expected = {
        "papers": list(old.get("papers") or []) + plan.records,
        "tags": {**(old.get("tags") or {}), **plan.new_tags},
        "venues": {**(old.get("venues") or {}), **plan.new_venues},
    }
    for key, value in expected.items():
        if (new.get(key) or type(value)()) != value:
            raise ImportAbort(f"appending to '{key}:' would change existing data; nothing was written")


