"""references.yaml: the works each paper of the knowledge base cites, kept beside papers.yaml.

`papernotes refs` and `papernotes add` write it from what OpenAlex and Semantic Scholar say;
a build only reads it, so the site never needs the network and two builds of the same files
are the same. It is meant to be committed. A paper listed with `[]` was looked up and cites
nothing the services know; a paper not listed was not looked up yet.

    references:
      resnet:
        - doi: 10.1109/5.726791
          title: Gradient-based learning applied to document recognition
          year: 1998
        - arxiv: 1409.1556
          title: Very Deep Convolutional Networks for Large-Scale Image Recognition
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator

from .loading import clean_text, parse_yaml
from .model import MIN_YEAR, ArxivId, Doi, Text, _Strict, check_id
from .problems import Problem, describe, did_you_mean, quote

REFERENCES_FILE = "references.yaml"
HEADER = (
    "# The works each paper cites, as `papernotes refs` found them (OpenAlex, Semantic Scholar).\n"
    "# Kept with papers.yaml and meant to be committed: the site is built from it without the network.\n"
    "# A paper with [] was looked up and cites nothing the services know.\n"
)


class Reference(_Strict):
    """One work a paper cites: a DOI, an arXiv id or a title, at least one of them."""

    doi: Doi | None = Field(None, description="DOI of the cited work")
    arxiv: ArxivId | None = Field(None, description="arXiv id of the cited work, without its version")
    title: Text | None = Field(None, description="Its title")
    year: int | None = Field(None, ge=MIN_YEAR, strict=True, description="Its publication year")

    @model_validator(mode="after")
    def _named(self) -> Reference:
        if not (self.doi or self.arxiv or self.title):
            raise ValueError("a reference needs a doi, an arxiv id or a title")
        return self

    def sort_key(self) -> tuple[str, str, str]:
        """Its place in a paper's list (by title, as a reader looks for one) and, with the same
        key, the one entry kept of two."""
        return (normalise_title(self.title or ""), (self.doi or "").lower(), self.arxiv or "")


def normalise_title(title: str) -> str:
    """A title reduced for matching: case, punctuation and spacing ignored (linear: one regex pass)."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold()))


@dataclass
class ReferencesFile:
    """What references.yaml holds: paper id -> the works it cites, and where each paper's list starts."""

    file: str
    lists: dict[str, list[Reference]] = field(default_factory=dict)
    lines: dict[str, tuple[int, int]] = field(default_factory=dict)  # line and column
    problems: list[Problem] = field(default_factory=list)


def references_path(papers_path: Path) -> Path:
    return papers_path.with_name(REFERENCES_FILE)


_ENTRY_KEYS = tuple(Reference.model_fields)


def read_references(text: str, file: str) -> ReferencesFile:
    """Parse and check references.yaml; every problem names the file, line and key. A bad entry is
    left out and the rest kept.

    A library's file runs to megabytes and is read on every build, so the layout papernotes
    writes is read line by line first; a file laid out otherwise, or with anything to report,
    is read by the YAML loader that keeps positions.
    """
    return _read_as_written(text, file) or _read_yaml(text, file)


_PAPER_LINE = re.compile(r"  ([a-z0-9][a-z0-9_-]*):( \[\])?")
_FIELD_LINE = re.compile(r"  ([- ] )([a-z]+): (.*)")
# a scalar on one line as yaml.safe_dump writes it: plain (no indicator first, no ': ' or ' #'
# inside, no space last) or single-quoted; only YAML's printable characters, tabs aside
_PRINTABLE = "\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_PLAIN = re.compile(rf"(?![-?:,\[\]{{}}#&*!|>'\"%@`])(?:(?!: | #)[{_PRINTABLE}])+(?<![ :])")
_QUOTABLE = _PRINTABLE.replace("\x20-", "\x20-\x26\x28-")  # a quote only doubled
_QUOTED = re.compile(rf"'((?:[{_QUOTABLE}]|'')*)'")
_YEAR = re.compile(r"[1-9][0-9]*")
_RESOLVERS = {first: [*resolvers, *yaml.SafeLoader.yaml_implicit_resolvers.get(None, [])]
              for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items() if first is not None}


def _text_scalar(value: str) -> str | None:
    """The text a scalar of one line stands for; None for anything else (a number, a date, null ...)."""
    quoted = _QUOTED.fullmatch(value)
    if quoted:
        return quoted.group(1).replace("''", "'")
    if not _PLAIN.fullmatch(value) or any(pattern.match(value) for _tag, pattern in _RESOLVERS.get(value[:1], ())):
        return None
    return value


def _read_as_written(text: str, file: str) -> ReferencesFile | None:
    """The file as `dump_references` lays it out, checked; None when it is laid out otherwise or
    anything in it would be reported (the positioned reading then names it)."""
    text = clean_text(text)
    if any(mark in text for mark in ("\x85", "\u2028", "\u2029")):
        return None
    found = ReferencesFile(file)
    raw: dict[str, list[dict[str, Any]]] = {}
    entries: list[dict[str, Any]] | None = None
    entry: dict[str, Any] = {}
    started = False
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        if not started:
            if line != "references:":
                return None
            started = True
            continue
        if line.startswith("  ") and not line.startswith("   ") and not line.startswith("  - "):
            paper = _PAPER_LINE.fullmatch(line)
            if paper is None or paper.group(1) in raw:
                return None
            entries = raw[paper.group(1)] = []
            found.lines[paper.group(1)] = (number, 3)
            if paper.group(2) is not None:  # `[]`: looked up, cites nothing
                entries = None
            continue
        field_line = _FIELD_LINE.fullmatch(line)
        if field_line is None or entries is None:
            return None
        if field_line.group(1) == "- ":
            entry = {}
            entries.append(entry)
        elif not entries:
            return None
        key, value = field_line.group(2), field_line.group(3)
        if key in entry or key not in _ENTRY_KEYS:
            return None
        if key == "year":
            if not _YEAR.fullmatch(value):
                return None
            entry[key] = int(value)
        else:
            scalar = _text_scalar(value)
            if scalar is None:
                return None
            entry[key] = scalar
    return found if _checked_lists(raw, found) else None


def _checked_lists(raw: dict[str, list[dict[str, Any]]], found: ReferencesFile) -> bool:
    """Each paper's entries checked into `found.lists`; False when any would be reported.

    A work is cited by many papers of a library: each one is checked once and its Reference
    (frozen) shared by every list naming it, which holds a tenth of the objects."""
    shared: dict[tuple[Any, ...], Reference] = {}
    try:
        for paper_id, listed in raw.items():
            check_id(paper_id)
            kept: list[Reference] = []
            for entry in listed:
                key = tuple(entry.get(name) for name in _ENTRY_KEYS)
                reference = shared.get(key)
                if reference is None:
                    reference = shared[key] = Reference.model_validate(entry)
                kept.append(reference)
            found.lists[paper_id] = kept
    except (ValueError, ValidationError):  # ValidationError is a ValueError: named here for the reader
        return False
    return True


def _read_yaml(text: str, file: str) -> ReferencesFile:
    loaded = parse_yaml(text, file)
    found = ReferencesFile(file, problems=list(loaded.problems))

    def report(path: tuple[Any, ...], severity: str, message: str, key: str = "") -> None:
        line, column = loaded.position(path)
        found.problems.append(Problem(file, line, column, severity, message, key))  # type: ignore[arg-type]

    data = loaded.data
    if data is None:
        return found
    if not isinstance(data, dict):
        report((), "error", f"references file must be a mapping with a 'references:' mapping, got {describe(data)}")
        return found
    for key in data:
        if key != "references":
            report((key,), "error", f"unknown top-level key {quote(key)}{did_you_mean(str(key), ['references'])}; "
                   "the only key is references", str(key))
    lists = data.get("references")
    if lists is None:
        return found
    if not isinstance(lists, dict):
        report(("references",), "error", f"'references' must be a mapping of paper ids to lists, got {describe(lists)}",
               "references")
        return found
    shared: dict[Reference, Reference] = {}
    for paper_id, entries in lists.items():
        path: tuple[Any, ...] = ("references", paper_id)
        if not isinstance(paper_id, str):
            report(path, "error", f"{describe(paper_id)} is not a paper id: write the id of a paper of papers.yaml")
            continue
        try:
            check_id(paper_id)
        except ValueError as exc:
            report(path, "error", f"{quote(paper_id)} is not a paper id: {exc}", paper_id)
            continue
        found.lines[paper_id] = loaded.position(path)
        if entries is None:
            entries = []
        if not isinstance(entries, list):
            report(path, "error", f"the references of {quote(paper_id)} must be a list, got {describe(entries)}", paper_id)
            continue
        kept: list[Reference] = []
        for at, entry in enumerate(entries):
            reference = _entry(entry, (*path, at), report)
            if reference is not None:
                kept.append(shared.setdefault(reference, reference))  # one object per work, as above
        found.lists[paper_id] = kept
    return found


def _entry(entry: Any, path: tuple[Any, ...], report: Any) -> Reference | None:
    if not isinstance(entry, dict):
        report(path, "error", f"a reference must be a mapping (doi, arxiv, title, year), got {describe(entry)}")
        return None
    ok = True
    for key in entry:
        if key not in _ENTRY_KEYS:
            hint = did_you_mean(str(key), _ENTRY_KEYS) or f"; known keys: {', '.join(_ENTRY_KEYS)}"
            report((*path, key), "error", f"unknown key {quote(key)}{hint}", str(key))
            ok = False
    if not ok:
        return None
    try:
        return Reference.model_validate(entry)
    except ValidationError as exc:
        from .schema_check import error_message  # which loads the knowledge base's modules: imported when first needed

        for error in exc.errors():
            loc = tuple(error["loc"])
            message = error_message(error) if loc else str(error["msg"]).removeprefix("Value error, ")
            report((*path, *loc), "error", message, str(loc[0]) if loc else "")
        return None


def stray_lists(found: ReferencesFile, paper_ids: Collection[str]) -> list[Problem]:
    """A warning for each list of a paper papers.yaml does not hold (renamed or removed)."""
    return [
        Problem(found.file, *found.lines[paper_id], "warning", f"references of {quote(paper_id)}, which papers.yaml does not "
                f"hold{did_you_mean(paper_id, paper_ids)}: fix the id or remove its list", paper_id)
        for paper_id in found.lists
        if paper_id not in paper_ids
    ]


def load_references(path: Path, file: str) -> ReferencesFile:
    """references.yaml at `path`; an absent file holds no lists."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ReferencesFile(file)
    except OSError as exc:
        reason = f"cannot read the references file: {exc.strerror or exc}"
        return ReferencesFile(file, problems=[Problem(file, 1, 1, "error", reason)])
    return references_from_bytes(data, file)


def references_from_bytes(data: bytes, file: str) -> ReferencesFile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return ReferencesFile(file, problems=[Problem(file, line, 1, "error", "the references file is not UTF-8 text")])
    return read_references(text, file)


def dump_references(lists: dict[str, list[Reference]]) -> str:
    """The text of references.yaml: papers by id, each paper's works sorted, so that the same
    lists always give the same bytes whatever order the services answered in."""
    document: dict[str, Any] = {}
    for paper_id in sorted(lists):
        unique = {reference.sort_key(): reference for reference in lists[paper_id]}
        document[paper_id] = [reference.model_dump(exclude_none=True) for _key, reference in sorted(unique.items())]
    body = yaml.safe_dump({"references": document}, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    return HEADER + body


def write_references(path: Path, lists: dict[str, list[Reference]]) -> None:
    """Write references.yaml whole and at once (a temporary file moved over it): an interrupt
    leaves the file as it was before or after, never half written. A symlink keeps pointing at the file."""
    target = Path(os.path.realpath(path))
    text = dump_references(lists)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:  # a new file gets the mode any file the user writes gets
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(prefix=".references.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
