"""The source's own files an import copies: each entry's notes file (with `paper:` in its
front matter), a section's topic note, and the images and files they link to, relinked so the
copies still work."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..knowledge.file_names import MARKDOWN_SUFFIXES, name_trouble, portable_name, refused_copy
from ..knowledge.loading import clean_text, parse_yaml
from ..knowledge.markdown_scan import REF_RE, split_front_matter
from ..knowledge.notes import repeats_title
from .imported import ImportAbort, ImportedEntry, NoteCopy, Plan, TopicNote
from .matching import normalise_url
from .printable import shown
from .shapes.notes import is_local_note, local_path, own_file

_NOTE_LINK_RE = re.compile(r"(!?)\[([^\[\]\n]{0,500})\]\(\s*<?([^()<>\s]{1,2000})>?(\s+\"[^\"\n]*\")?\s*\)")
_DEFINITION_RE = re.compile(r"^ {0,3}\[([^\[\]\n]{1,200})\]:[ \t]*<?([^\s<>]{1,2000})>?", re.M)
_NESTED_TARGET_RE = re.compile(r"\]\(\s*\[")


def relink_notes(plan: Plan, source_dir: Path, notes_dir: Path, ids: set[str]) -> None:
    """Copied notes keep working: links between them point at the copies, the images and files
    they link to are copied beside them, and a link to what is not there is kept as its text
    (reported), so the site builds with --strict. `[[x]]` that names no paper is escaped."""
    copies = {note.source: note for note in plan.notes}
    root = source_dir.resolve()

    def relink(note: NoteCopy, match: re.Match[str]) -> str:
        bang, text, target = match.group(1), match.group(2), match.group(3)
        path = local_path(target)
        if path is None or target.startswith("#"):
            return match.group(0)
        fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
        try:
            resolved = (note.source.parent / path).resolve() if not path.startswith("/") else (root / path.lstrip("/")).resolve()
            inside = resolved.is_relative_to(root)
            exists = inside and resolved.is_file()
        except (OSError, ValueError):
            inside = exists = False
        if exists and resolved in copies:
            return f"{bang}[{text}]({copies[resolved].target.name}{fragment})"
        why = ":"
        if exists and not resolved.name.lower().endswith(MARKDOWN_SUFFIXES):
            copy = _plan_file(plan, resolved, root, notes_dir, note.line)
            if isinstance(copy, Path):
                relative = os.path.relpath(copy, note.target.parent).replace(os.sep, "/")
                return f"{bang}[{text}]({quote(relative)}{fragment})"
            why = f": {copy};"
        what = "image" if bang else "link"
        plan.report.append((note.line, f"note {note.source.name}: {what} to '{target}' is not imported{why} kept as its text"))
        return text

    def redefine(note: NoteCopy, match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        fake = _NOTE_LINK_RE.match(f"[{label}]({target})")
        if fake is None:
            return match.group(0)
        relinked = relink(note, fake)
        if relinked == label:  # not there: the definition goes, `[text][label]` shows as text
            return ""
        new_target = relinked[len(label) + 3 : -1] if relinked.startswith(f"[{label}](") else target
        return f"[{label}]: {new_target}"

    for note in plan.notes:
        text = note.text
        if _NESTED_TARGET_RE.search(text):  # `[a]([b](u))`: Markdown reads `[b](u)` as a file name
            text = _NESTED_TARGET_RE.sub("] ([", text)
            plan.report.append((note.line, f"note {note.source.name}: a link whose target is a link, `]([`, is kept as text"))
        text = _NOTE_LINK_RE.sub(lambda match, note=note: relink(note, match), text)  # type: ignore[misc]
        text = _DEFINITION_RE.sub(lambda match, note=note: redefine(note, match), text)  # type: ignore[misc]
        note.text = REF_RE.sub(
            lambda match: match.group(0) if match.group(1).strip().lower() in ids else "[\\[" + match.group(0)[2:-2] + "\\]]",
            text,
        )


_DOI_RE = re.compile(r"^(?:doi:\s*)?(10\.\d{4,9}/\S+)$", re.I)


def localise_links(entry: ImportedEntry, source_dir: Path, notes_dir: Path, source_name: str, plan: Plan) -> None:
    """Links to the source's own files. A Markdown file (relative, or a GitHub link to a file of
    the source's folder) is the paper's note, not its URL. Another relative link names a file
    beside the source: it is copied into the site (`papers/files/...`), or dropped and reported
    when it is not there; a bare DOI (`10.1109/...`) becomes its doi.org link."""
    for kind, url in [("url", entry.url), *list(entry.links.items())]:
        if not url:
            continue
        own = own_file(url, source_dir)
        if not entry.note_link and ((own or "").lower().endswith(MARKDOWN_SUFFIXES) or is_local_note(url)):
            entry.note_link = quote(own) if own else url  # a relative link, as the README would write it
            _set_link(entry, kind, None)
            entry.status = entry.status or "read"
            continue
        path = local_path(url)
        if path is None:
            continue
        doi = _DOI_RE.match(url.strip())
        if doi:
            entry.ids.setdefault("doi", doi.group(1))
            _set_link(entry, kind, "https://doi.org/" + doi.group(1))
            continue
        try:
            resolved = (source_dir / path).resolve()
            exists = resolved.is_relative_to(source_dir.resolve()) and resolved.is_file()
        except (OSError, ValueError):
            exists = False
        why = f"no such file beside {source_name}"
        if exists and not resolved.name.lower().endswith(MARKDOWN_SUFFIXES):
            copy = _plan_file(plan, resolved, source_dir.resolve(), notes_dir, entry.line)
            if isinstance(copy, Path):
                _set_link(entry, kind, quote(copy.relative_to(notes_dir).as_posix()))
                continue
            why = f"not copied: {copy}"
        _set_link(entry, kind, None)
        what = "URL" if kind == "url" else f"{kind} link"
        plan.report.append((entry.line, f"dropped {what} '{url}': {why}"))


def _plan_file(plan: Plan, source: Path, root: Path, notes_dir: Path, line: int) -> Path | str:
    """Where the file `source` (below `root`) is copied, once, below `papers/files/`; or why it is not.

    Only images and documents are copied (`refused_copy`), and each part of the path that is
    not a plain, portable name is renamed (reported): the copy's name is in the site's links.
    """
    if source in plan.copy_of:
        return plan.copy_of[source]
    refused = refused_copy(source.name)
    if refused is not None:
        return refused
    parts = source.relative_to(root).parts
    plain = [part if name_trouble(part) is None else portable_name(part, "folder") for part in parts[:-1]]
    name = parts[-1]
    new_name = name if name_trouble(name) is None else portable_name(name)
    copy = notes_dir.joinpath("papers", "files", *plain, new_name)
    stem, dot, suffix = new_name.rpartition(".")
    number = 1
    while copy in plan.copies:  # another file's name was made the same
        number += 1
        copy = copy.with_name(f"{stem}-{number}{dot}{suffix}")
    for part, new in zip(parts, [*plain, copy.name], strict=True):
        if new != part:
            trouble = name_trouble(part)
            why = f"not a plain, portable file name ({trouble})" if trouble else "another copied file has its name"
            plan.report.append((line, f"renamed '{part}' to '{new}' in the copy: {why}"))
    plan.files.append((source, copy))
    plan.copy_of[source] = copy
    plan.copies.add(copy)
    return copy


def _set_link(entry: ImportedEntry, kind: str, url: str | None) -> None:
    if kind == "url":
        entry.url = url
    elif url is None:
        entry.links.pop(kind, None)
    else:
        entry.links[kind] = url


def _note_source(
    link: str, line: int, source_dir: Path, source_name: str, plan: Plan, without: str = "paper imported without its note"
) -> tuple[Path, str] | None:
    """The file a notes link names and its text; None (reported) when it cannot be copied."""
    relative = local_path(link) or link.split("#", 1)[0]
    if not relative.lower().endswith(MARKDOWN_SUFFIXES):
        plan.report.append((line, f"notes link '{link}' is not a Markdown file: not copied"))
        return None
    try:
        source = (source_dir / relative).resolve()
        inside = source.is_relative_to(source_dir.resolve())
        exists = inside and source.is_file()
    except (OSError, ValueError):  # a name the file system refuses (a NUL byte, too long)
        inside, exists = True, False
    if not inside:  # a README from elsewhere must not copy ~/private.md into a site to publish
        plan.report.append((line, f"notes link '{link}' points outside the folder of {source_name}: not copied"))
        return None
    if not exists:
        plan.report.append((line, f"notes file '{link}' does not exist beside {source_name}: {without}"))
        return None
    try:
        return source, clean_text(source.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        plan.report.append((line, f"notes file '{link}' cannot be read ({exc}): not copied"))
        return None


def _with_references(text: str, refs: dict[str, str]) -> str:
    """The text with each Markdown link to a paper of `refs` (normalised URL -> id) made a
    reference to its record: `[[id]]`, or `[[id|text]]` keeping the link's own words."""

    def reference(match: re.Match[str]) -> str:
        paper_id = refs.get(normalise_url(match.group(3))) if not match.group(1) else None
        if not paper_id:
            return match.group(0)
        words = " ".join(match.group(2).replace("|", " ").split())
        return f"[[{paper_id}|{words}]]" if words and "]" not in words else f"[[{paper_id}]]"

    return _NOTE_LINK_RE.sub(reference, text)


def plan_topic_note(
    topic: TopicNote, source_dir: Path, notes_dir: Path, source_name: str, plan: Plan, refs: dict[str, str]
) -> NoteCopy | None:
    """A section's own note (`### [Post-filter](summary.md)` above its papers), or a section of the
    README kept as a note: a topic note tagged with the section (a section that is no topic, untagged)."""
    if topic.text is not None:
        source, text = source_dir / Path(source_name).name, _with_references(topic.text, refs)
    else:
        found = _note_source(topic.link, topic.line, source_dir, source_name, plan, without="section imported without it")
        if found is None:
            return None
        source, text = found
    target = notes_dir / "topics" / f"{topic.tag.replace('/', '-')}.md"
    if not topic.tagged:  # a leading `---` of the section is a rule, not front matter
        return NoteCopy(source, target, "\n" + text if text.startswith("---") else text, topic.line)
    try:
        note = with_front_matter_line(text, "tags", topic.tag, f"tags: [{topic.tag}]")
    except ImportAbort as exc:
        plan.report.append((topic.line, f"notes file '{topic.link}': {exc}: not copied; copy it to {shown(target)} by hand"))
        return None
    return NoteCopy(source, target, note, topic.line)


def plan_note(
    entry: ImportedEntry, paper_id: str, source_dir: Path, notes_dir: Path, source_name: str, plan: Plan
) -> NoteCopy | None:
    if not entry.note_link:
        return None
    found = _note_source(entry.note_link, entry.line, source_dir, source_name, plan)
    if found is None:
        return None
    source, text = found
    target = notes_dir / "papers" / f"{paper_id}.md"
    text, dropped = without_title_heading(text, entry.title, entry.short)
    try:
        note = note_with_front_matter(text, paper_id)
    except ImportAbort as exc:
        plan.report.append(
            (entry.line, f"notes file '{entry.note_link}': {exc}: not copied; copy it to {shown(target)} by hand")
        )
        return None
    note, timed = _date_without_time(note)
    if timed:
        plan.report.append((entry.line, f"notes file '{entry.note_link}': its date '{timed}' is kept as the day alone "
                                        "(a note's date has no time)"))
    if dropped:
        plan.report.append((
            entry.line,
            f"notes file '{entry.note_link}': its opening heading {dropped!r} repeats the title, which the paper's page shows; "
            "left out of the copy",
        ))
    return NoteCopy(source, target, note, entry.line)


def without_title_heading(text: str, title: str, short: str | None) -> tuple[str, str]:
    """The note without an opening '# ' heading that repeats the paper's title, and that heading
    ('' when kept): the paper's page shows the title above the note, so the copy would show it
    twice (and `check` warns)."""
    _front, body, _line = split_front_matter(text)
    rest = body.lstrip("\n")
    first, _newline, after = rest.partition("\n")
    heading = first.strip()
    if heading[:1] != "#" or heading[1:2] not in (" ", "\t"):
        return text, ""
    name = heading[2:].strip().rstrip("#").strip()  # '# Title #' closes with hashes in ATX style
    name = re.sub(r"\[([^\[\]]*)\]\([^()\s]*\)", r"\1", name)  # '# [Title](url)' says the title too
    if not repeats_title(name, title, short):
        return text, ""
    return text[: len(text) - len(body)] + after.lstrip("\n"), heading


# `date: 2018-07-21 19:00:00 +0800`, as Jekyll posts write it; a comment after the value is kept
_TIMED_DATE_RE = re.compile(
    r"^date:[ \t]*['\"]?(\d{4})-(\d\d?)-(\d\d?)[ tT]\d\d?:\d\d[^\s#'\"]*(?:[ \t]+[+-]?\d{2}:?\d{2})?['\"]?", re.M
)


def _date_without_time(note: str) -> tuple[str, str]:
    """The note with a front matter `date:` holding a time cut to its day, and the value cut ('' when none is)."""
    front, body, _line = split_front_matter(note)
    if front is None:
        return note, ""
    found = _TIMED_DATE_RE.search(front)
    if found is None:
        return note, ""
    head = note[: len(note) - len(body)]
    at = head.index(front)
    start, end = at + found.start(), at + found.end()
    day = f"{found.group(1)}-{int(found.group(2)):02d}-{int(found.group(3)):02d}"
    return note[:start] + f"date: {day}" + note[end:], found.group(0)[5:].strip()


def note_with_front_matter(text: str, paper_id: str) -> str:
    """The note's text with `paper: <id>` in its front matter (see with_front_matter_line)."""
    return with_front_matter_line(text, "paper", paper_id, f"paper: {paper_id}")


def with_front_matter_line(text: str, key: str, value: Any, line: str) -> str:
    """The note's text with `line` (`paper: resnet`, `tags: [seg]`, which reads as `key: value`)
    first in its front matter; the rest is kept byte for byte.

    The front matter is found and read as `papernotes check` does (split_front_matter,
    parse_yaml), and the result is read back: ImportAbort when the note's front matter does not
    read, or could not take the key (a flow mapping `{...}`). A note that has the key already keeps it.
    """
    front, _body, _line = split_front_matter(text)
    if front is None:
        return f"---\n{line}\n---\n\n" + text
    loaded = parse_yaml(front, "note", line_offset=1)
    if loaded.problems:
        raise ImportAbort(f"its front matter does not read (line {loaded.problems[0].line}: {loaded.problems[0].message})")
    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        raise ImportAbort("its front matter is not a mapping of keys to values")
    if key in data:
        return text  # set already, by the author's own hand
    with_line = f"---\n{line}\n" + text[4:]
    new_front, _body, _line = split_front_matter(with_line)
    again = parse_yaml(new_front, "note") if new_front is not None else None
    expected = value if key == "paper" else [value]
    if again is None or again.problems or again.data != {key: expected, **data}:
        raise ImportAbort(f"its front matter cannot take a '{key}:' line (write it one key per line)")
    return with_line


