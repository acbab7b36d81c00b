"""The notes of docs_dir read and checked: front matter against the note schema, each note
tied to its paper, its tags, references and ```papers blocks checked against papers.yaml."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .file_names import MARKDOWN_SUFFIXES, name_trouble, portable_name
from .knowledge_base import KnowledgeBase, Note, venue_lookup
from .loading import decode_text, parse_yaml
from .markdown_scan import find_refs, first_paragraph, locate_first_heading, split_front_matter
from .model import (
    MIN_DATE,
    NoteMeta,
    Paper,
)
from .papers_blocks import check_block, known_vocabulary, read_blocks
from .problems import Problem, describe, did_you_mean, display_path, quote
from .schema_check import YamlSource, error_message, key_of, text_hint


def load_note(path: Path, src_uri: str, file: str, content: bytes | None = None) -> tuple[Note, list[Problem]]:
    """A note and the problems of its own file; `content` is its bytes when read already."""
    problems: list[Problem] = []
    try:
        text, problems = decode_text(path.read_bytes() if content is None else content, file)
    except OSError as exc:
        problems.append(Problem(file, 1, 1, "error", f"cannot read note: {exc.strerror or exc}"))
        return Note(src_uri, file, NoteMeta(), []), problems
    front, body, body_line = split_front_matter(text)
    meta = NoteMeta()
    positions: dict[Any, tuple[int, int]] = {}
    if front is not None:
        loaded = parse_yaml(front, file, line_offset=1)
        source = YamlSource(loaded)
        if loaded.data is not None and not isinstance(loaded.data, dict):
            source.report((), "error", f"front matter must be a mapping of keys to values, got {describe(loaded.data)}")
        elif isinstance(loaded.data, dict):
            data = _plain_front_matter(source, loaded.data)
            positions = {key: loaded.position((key,)) for key in data}
            for key, value in data.items():  # list items too, so a bad tag is pointed at
                if isinstance(value, list):
                    positions.update({(key, index): loaded.position((key, index)) for index in range(len(value))})
            for _attempt in range(3):
                try:
                    meta = NoteMeta.model_validate(data)
                    break
                except ValidationError as exc:
                    for error in exc.errors():
                        loc = tuple(error["loc"])
                        source.report(loc, "error", error_message(error), key_of(loc))
                        if isinstance(loc[0], str):  # a key of the front matter (its keys are text)
                            data.pop(loc[0], None)
            if meta.template == "redirect.html" and meta.location is None:  # a normal page instead
                if "location" not in positions:  # a bad one is reported already
                    source.report(
                        ("template",), "error",
                        "'template' redirect.html needs 'location': the http(s) or relative URL to send the reader to",
                        "template",
                    )
                meta = meta.model_copy(update={"template": None})
        problems.extend(source.problems)
    heading = locate_first_heading(body)
    note = Note(src_uri, file, meta, list(find_refs(body, body_line)), positions, heading[0] if heading else None)
    note.page_meta = meta.model_dump(exclude_none=True, exclude={"paper", "tags", "date"})
    note.first_paragraph = first_paragraph(body)
    note.papers_blocks = read_blocks(body, body_line, file)
    for block in note.papers_blocks:
        problems.extend(block.problems)
    if heading and heading[2]:
        note.opening_heading_line = body_line + heading[1]
    return note, problems


# Material includes `.icons/<icon>.svg` and looks `status` up in extra.status: anything but
# text there stops the build with a traceback.
MATERIAL_TEXT_KEYS = frozenset({"icon", "status"})


def _plain_front_matter(source: YamlSource, raw: dict[Any, Any]) -> dict[str, Any]:
    """The front matter keys that are text, with values of the kinds the note schema allows.

    Keys papernotes and Material read are checked by NoteMeta; any other key reaches the
    theme's templates, so only text, a list of text or a boolean is kept. Checking one level
    down and no further also means an alias bomb or a list that holds itself is refused at
    its first item, never walked.
    """
    known = NoteMeta.model_fields
    kept: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            source.report((key,), "error", f"a front matter key must be text, got {describe(key)} (put it in quotes)", str(key))
            continue
        if key in known and isinstance(value, dict):  # `search: {...}`: its keys must be text too
            for inner in [inner for inner in value if not isinstance(inner, str)]:
                source.report(
                    (key, inner), "error", f"a key of '{key}' must be text, got {describe(inner)} (put it in quotes)", key
                )
                value = {k: v for k, v in value.items() if k is not inner}
        if key in MATERIAL_TEXT_KEYS and not isinstance(value, str):
            source.report((key,), "error", f"'{key}' must be text, got {describe(value)}{text_hint(value)}", key)
            continue
        if key == "hide" and isinstance(value, bool):  # Material asks `"toc" in hide`
            hint = "(write what to hide as a list: [navigation, toc])"
            source.report((key,), "error", f"'hide' must be a list of text, got {describe(value)} {hint}", key)
            continue
        if key in known or isinstance(value, (str, bool)):
            kept[key] = value
            continue
        if isinstance(value, list):
            bad = next(((index, item) for index, item in enumerate(value) if not isinstance(item, str)), None)
            if bad is None:
                kept[key] = value
                continue
            index, item = bad
            hint = " (put it in quotes to make it text)" if isinstance(item, (int, float, dt.date)) else ""
            source.report((key, index), "error", f"'{key}' (item {index + 1}) must be text, got {describe(item)}{hint}", key)
            continue
        hint = " (put it in quotes to make it text)" if isinstance(value, (int, float, dt.date)) else ""
        source.report((key,), "error", f"'{key}' must be text or a list of text, got {describe(value)}{hint}", key)
    return kept


MARKDOWN_EXTENSIONS = MARKDOWN_SUFFIXES


def iter_markdown(docs_dir: Path, loops: list[Path] | None = None) -> Iterator[Path]:
    """The Markdown files MkDocs builds from docs_dir, in a stable order.

    Like MkDocs: folder links are followed (`notes/shared -> ../elsewhere`), hidden files and
    folders and the top-level `templates/` are left out. A link to a folder that holds it
    would make MkDocs read the same notes again at every level (and fail copying them): it
    is not followed, and added to `loops`.
    """
    chains: dict[str, tuple[str, ...]] = {str(docs_dir): (os.path.realpath(docs_dir),)}  # folder -> real paths down to it
    for folder, dirs, files in os.walk(docs_dir, followlinks=True):
        chain = chains.pop(folder, ())
        kept = []
        for name in sorted(dirs):
            if name.startswith(".") or (folder == str(docs_dir) and name == "templates"):
                continue
            path = os.path.join(folder, name)
            real = os.path.realpath(path)
            if real in chain:
                if loops is not None:
                    loops.append(Path(path))
                continue
            chains[path] = (*chain, real)
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.endswith(MARKDOWN_EXTENSIONS) and not name.startswith("."):
                yield Path(folder, name)


def _name_problems(src_uri: str, file: str, named: set[str]) -> list[Problem]:
    """A warning for each part of a note's path that is not a plain, portable name: it becomes
    the page's address and, without a heading, its title (a folder's, the nav section's)."""
    problems = []
    parts = src_uri.split("/")
    for depth, part in enumerate(parts):
        folder = "/".join(parts[: depth + 1])
        trouble = name_trouble(part)
        if trouble is None or folder in named:
            continue
        named.add(folder)
        what = "file" if depth == len(parts) - 1 else "folder"
        problems.append(Problem(
            file, 1, 1, "warning",
            f"{what} name {quote(part)} is not a plain, portable name ({trouble}): the site shows it as a title "
            f"and in addresses; rename it, e.g. to {quote(portable_name(part, 'note'))}",
        ))
    return problems


# How a note is read: `load_note`, or a memo that reuses the notes whose bytes did not change.
NoteReader = Callable[[Path, str, str], tuple[Note, list[Problem]]]


def load_notes(docs_dir: Path, root: Path, kb: KnowledgeBase, read_note: NoteReader = load_note) -> None:
    """Read every note (with `read_note`), tie notes to papers and check their references."""
    loops: list[Path] = []
    named: set[str] = set()  # folders whose names were reported
    for path in iter_markdown(docs_dir, loops):
        src_uri = path.relative_to(docs_dir).as_posix()
        note, problems = read_note(path, src_uri, display_path(path, root))
        kb.problems.extend(problems)
        kb.problems.extend(_name_problems(src_uri, note.file, named))
        kb.notes[src_uri] = note
    for link in loops:
        kb.folder_loops.append(link.relative_to(docs_dir).as_posix())
        target = display_path(Path(os.path.realpath(link)), root)
        kb.problems.append(
            Problem(
                display_path(link, root), 1, 1, "error",
                f"folder link points to {quote(target)}, which holds it: MkDocs would read the notes below it "
                "again at every level; remove the link or point it elsewhere",
            )
        )
    vocabulary: tuple[set[str], dict[str, str]] | None = None  # for papers blocks, made on the first one
    for note in kb.notes.values():
        _tie_to_paper(note, kb)
        if kb.tags:
            for index, tag in enumerate(note.meta.tags):
                if tag not in kb.tags:
                    hint = did_you_mean(tag, kb.tags) or f"; add it under 'tags:' in {kb.papers_file}"
                    where = note.position("tags", index)
                    kb.problems.append(Problem(note.file, *where, "warning", f"unknown tag {quote(tag)}{hint}", "tags"))
        if note.papers_blocks:
            if vocabulary is None:
                vocabulary = known_vocabulary(kb.papers.values(), kb.tags, venue_lookup(kb))
            checked = [check_block(block, *vocabulary, kb.papers_file) for block in note.papers_blocks]
            note.papers_blocks = [block for block, _ in checked]
            kb.problems.extend(problem for _, new in checked for problem in new)
        _check_refs(note, kb)


def _tie_to_paper(note: Note, kb: KnowledgeBase) -> None:
    """Make the note its paper's page (`paper: <id>`), one note per paper, a known paper."""
    paper_id = note.meta.paper
    if paper_id is None:
        return
    if paper_id not in kb.papers:
        hint = did_you_mean(paper_id, kb.papers) or f"; add a record with this id to {kb.papers_file}"
        message = f"note is tied to unknown paper {quote(paper_id)}{hint}"
        kb.problems.append(Problem(note.file, *note.position("paper"), "warning", message, "paper"))
    elif paper_id in kb.note_of_paper:
        first = kb.note_of_paper[paper_id]
        kb.problems.append(
            Problem(
                note.file, *note.position("paper"), "error",
                f"paper {quote(paper_id)} already has a note ({first.file}): merge the two or tie this one to another paper",
                "paper",
            )
        )
    else:
        kb.note_of_paper[paper_id] = note
        kb.problems.extend(_title_heading(note, kb.papers[paper_id]))


def _check_refs(note: Note, kb: KnowledgeBase) -> None:
    """A warning for each `[[id]]` of the note that names no paper."""
    for ref in note.refs:
        if ref.paper_id not in kb.papers:
            hint = did_you_mean(ref.paper_id, kb.papers) or ""
            kb.problems.append(
                Problem(
                    note.file, ref.line, ref.column, "warning",
                    f"reference [[{quote(ref.paper_id)[1:-1]}]] names no paper{hint}", "[[ref]]",
                )
            )


def check_note_dates(notes: Iterable[Note], today: dt.date) -> list[Problem]:
    """An error for a note's `date` before 1900 or after today, as for a paper's `read` date:
    the feed lists notes by date, and one from the far future would stay on top of it."""
    problems: list[Problem] = []
    for note in notes:
        date = note.meta.date
        if date is None:
            continue
        if date < MIN_DATE:
            message = f"'date' {date.isoformat()} is before {MIN_DATE.year}: write the date the note was written"
        elif date > today:
            message = f"'date' {date.isoformat()} is in the future (today is {today.isoformat()})"
        else:
            continue
        problems.append(Problem(note.file, *note.position("date"), "error", message, "date"))
    return problems


def _letters(text: str) -> str:
    """Casefolded letters and digits only: 'U-Net: Convolutional' -> 'unetconvolutional'."""
    return "".join(char for char in text.casefold() if char.isalnum())


def repeats_title(heading: str | None, title: str, short: str | None) -> bool:
    """Whether a note's first heading only says the paper's title or short name (or both) again,
    up to case, spaces and punctuation ('# ResNet', '# resnet: deep ...', '# U-Net' for 'UNet').

    One rule for the paper's page, which leaves such a heading out under its own title, for
    `papernotes check`, which warns about it, and for the import, which leaves it out of a copy.
    """
    if not heading:
        return False
    names = {title, short or "", f"{short or ''} {title}", f"{title} {short or ''}"}
    return _letters(heading) in {_letters(name) for name in names if name}


def opens_with_title(note: Note, paper: Paper) -> bool:
    """Whether the note opens with a heading that repeats its paper's title (see repeats_title)."""
    return note.opening_heading_line is not None and repeats_title(note.heading, paper.title, paper.short)


def _title_heading(note: Note, paper: Paper) -> list[Problem]:
    """A warning when the note opens with a heading that repeats the title (or short name) its page shows."""
    if note.heading is None or note.opening_heading_line is None or not opens_with_title(note, paper):
        return []
    message = (
        f"heading {quote('# ' + note.heading)} repeats the paper's title, which its page already shows above "
        "the note: remove the heading, or the page shows the title twice"
    )
    return [Problem(note.file, note.opening_heading_line, 1, "warning", message, "heading")]

