"""Load and check a whole knowledge base: papers.yaml, the notes of docs_dir, where their pages
go and the files their links name.

Everything here is plain Python: MkDocs calls `load_knowledge_base` once per build and the
`papernotes check` command calls it without building. Each job has its module: papers_file
(papers.yaml), references (references.yaml), notes (the notes), page_collisions (output paths), file_links (relative links).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .broken_records import LastGoodRecords
from .file_links import check_file_links
from .knowledge_base import KnowledgeBase, Note
from .layout import Layout
from .loading import paused_gc
from .notes import check_note_dates, load_note, load_notes
from .page_collisions import check_page_collisions
from .papers_file import RecordMemo, load_papers
from .problems import Problem, display_path, sort_problems
from .references import ReferencesFile, references_from_bytes, references_path, stray_lists


@dataclass
class LoadMemo(RecordMemo):
    """papers.yaml as validated last time, reused while its bytes stay the same, and each note
    as read last time, reused while its file's bytes do (the records of a changed papers.yaml
    are reused one by one, by RecordMemo).

    `mkdocs serve` rebuilds on every saved file; parsing and validating thousands of records
    and notes again for it would be most of the rebuild.
    """

    key: str = ""
    kb: KnowledgeBase | None = None  # papers.yaml alone: records, vocabularies, their problems
    notes: dict[tuple[str, str], tuple[bytes, Note, list[Problem]]] = field(default_factory=dict)  # (src_uri, file) ->
    references: tuple[bytes, ReferencesFile] | None = None  # references.yaml's bytes and what they hold

    def load(self, papers_path: Path, file: str, today: dt.date) -> KnowledgeBase:
        try:
            source = papers_path.read_bytes()
        except OSError:
            return load_papers(papers_path, file, today)  # which reports it as fatal
        inputs = [source, str(papers_path).encode(), file.encode(), today.isoformat().encode()]
        key = hashlib.blake2b(b"\0".join(inputs), digest_size=16).hexdigest()
        if self.kb is None or self.key != key:
            self.kb, self.key = load_papers(papers_path, file, today, self), key
        return dataclasses.replace(self.kb, notes={}, note_of_paper={}, folder_loops=[], problems=list(self.kb.problems))

    def note(self, path: Path, src_uri: str, file: str) -> tuple[Note, list[Problem]]:
        """The note at `path` as `load_note` reads it; a copy, since a build may change its page_meta."""
        try:
            data = path.read_bytes()
        except OSError:
            return load_note(path, src_uri, file)  # which reports it
        found = self.notes.get((src_uri, file))
        if found is None or found[0] != data:
            note, problems = load_note(path, src_uri, file, data)
            found = self.notes[(src_uri, file)] = (data, note, problems)
        _data, note, problems = found
        return dataclasses.replace(note, page_meta=dict(note.page_meta), papers_blocks=list(note.papers_blocks)), list(problems)

    def forget_notes_except(self, kept: dict[str, Note]) -> None:
        """Drop the notes that are gone, so a long serve session does not hold every file it saw."""
        self.notes = {key: found for key, found in self.notes.items() if key[0] in kept and kept[key[0]].file == key[1]}


def load_references_into(kb: KnowledgeBase, papers_path: Path, root: Path, memo: LoadMemo | None = None) -> None:
    """references.yaml beside papers.yaml, when there is one, into `kb` (through `memo`: parsed again
    only when its bytes change)."""
    path = references_path(papers_path)
    file = display_path(path, root)
    try:
        source = path.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:
        kb.problems.append(Problem(file, 1, 1, "error", f"cannot read the references file: {exc.strerror or exc}"))
        return
    if memo is not None and memo.references is not None and memo.references[0] == source and memo.references[1].file == file:
        found = memo.references[1]
    else:
        found = references_from_bytes(source, file)
        if memo is not None:
            memo.references = (source, found)
    kb.references = found.lists
    kb.references_source = source
    kb.problems.extend(found.problems)
    kb.problems.extend(stray_lists(found, kb.papers))


def load_knowledge_base(
    papers_path: Path, docs_dir: Path | None, root: Path, today: dt.date | None = None, memo: LoadMemo | None = None,
    layout: Layout | None = None, last_good: LastGoodRecords | None = None,
) -> KnowledgeBase:
    """Load papers.yaml (through `memo` when given) and the notes, and check where their pages
    go (`layout`, the default one when not given); every problem found is in `kb.problems`, sorted.

    With `last_good` (while serving), the records with errors are set aside before the notes
    are tied to the papers: see broken_records."""
    today = today or dt.date.today()
    file = display_path(papers_path, root)
    with paused_gc():
        kb = memo.load(papers_path, file, today) if memo is not None else load_papers(papers_path, file, today)
        if last_good is not None:
            last_good.set_aside(kb)
        if docs_dir is not None and docs_dir.is_dir():
            load_notes(docs_dir, root, kb, memo.note if memo is not None else load_note)
            kb.problems.extend(check_note_dates(kb.notes.values(), today))
            if memo is not None:
                memo.forget_notes_except(kb.notes)
        load_references_into(kb, papers_path, root, memo)
        if kb.fatal is None:
            check_page_collisions(kb, layout or Layout())
        if docs_dir is not None and docs_dir.is_dir():
            kb.problems.extend(check_file_links(kb, docs_dir, root))
    kb.problems = sort_problems(kb.problems)
    return kb
