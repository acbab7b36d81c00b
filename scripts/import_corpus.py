"""Measure `papernotes import` on real reading-list READMEs: one table row per README.

    python scripts/import_corpus.py                       # ../shared/import-corpus/* and ../shared/seeds/*
    python scripts/import_corpus.py --no-build some/README.md other/README.md

For each README it imports into a new folder and prints: the entries counted by hand (the
corpus README's table, or --count), the records made and their ratio, the share of titles
that keep Markdown or HTML (`[`, `](`, `**`, a backtick, a tag, an entity), the local note
files the README links to that exist and how many became notes, the exit code of
`papernotes check`, whether `mkdocs build --strict` passed, and whether importing the same
README again changed any file. The READMEs are read, never copied.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from papernotes import cli

HERE = Path(__file__).resolve().parent
SHARED = next((up / "shared" for up in HERE.parents if (up / "shared" / "import-corpus").is_dir()), Path("shared"))
SEED_COUNTS = {"001": 24, "003": 231}  # counted by hand: see ../shared/import-corpus/README.md

_LEFTOVER_RE = re.compile(r"\[|\]|\*\*|__|`|</?[A-Za-z][^<>]*>|&[a-z]+;|&#\d+;")
_LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^()<>\s]+(?:\([^()\s]*\)[^()<>\s]*)*)>?")
_HREF_RE = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.I)


@dataclass
class Row:
    name: str
    counted: int | None
    records: int = 0
    leftovers: int = 0
    notes_linked: int = 0
    notes_made: int = 0
    check: int | None = None
    build: str = "-"
    second: str = "-"

    def cells(self) -> list[str]:
        ratio = f"{100 * self.records / self.counted:.0f}%" if self.counted else "-"
        left = f"{100 * self.leftovers / self.records:.1f}%" if self.records else "-"
        notes = f"{self.notes_made}/{self.notes_linked}" if self.notes_linked else "0/0"
        return [
            self.name, str(self.counted or "-"), str(self.records), ratio, left, notes,
            "-" if self.check is None else str(self.check), self.build, self.second,
        ]


HEADER = ["README", "counted", "records", "ratio", "leftovers", "notes made/linked", "check", "build --strict", "2nd import"]


def corpus_counts(corpus: Path) -> dict[str, int]:
    """folder -> entries counted, from the table of the corpus README."""
    counts: dict[str, int] = {}
    readme = corpus / "README.md"
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) > 2 and cells[1].isdigit():
                counts[cells[0]] = int(cells[1])
    return counts


def own_repository(folder: Path) -> tuple[str, str] | None:
    """(owner, name) of a corpus folder named `owner__name`."""
    owner, _sep, name = folder.name.partition("__")
    return (owner.lower(), name.lower()) if name else None


def linked_note_files(readme: Path) -> set[Path]:
    """The local Markdown files a README links to that exist (own-repository blob links included)."""
    folder = readme.parent.resolve()
    own = own_repository(readme.parent)
    found: set[Path] = set()
    text = readme.read_text(encoding="utf-8")
    for target in [*_LINK_TARGET_RE.findall(text), *_HREF_RE.findall(text)]:
        parts = urlsplit(target)
        path = parts.path
        if parts.scheme or parts.netloc:
            pieces = parts.path.strip("/").split("/")
            if not (own and parts.netloc.lower().endswith("github.com") and len(pieces) > 4 and pieces[2] == "blob"):
                continue
            if (pieces[0].lower(), pieces[1].lower()) != own:
                continue
            path = "/".join(pieces[4:])
        path = unquote(path)
        if not path.lower().endswith((".md", ".markdown")):
            continue
        candidate = (folder / path).resolve()
        if candidate.is_file() and candidate.is_relative_to(folder):
            found.add(candidate)
    return found


def run_cli(arguments: list[str]) -> tuple[int, str, str]:
    """`papernotes ARGUMENTS` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(arguments)
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def measure(readme: Path, counted: int | None, build: bool, work: Path) -> Row:
    row = Row(readme.parent.name if readme.name == "README.md" else readme.stem, counted)
    kb = work / row.name
    code, _out, err = run_cli(["import", str(readme), "--into", str(kb)])
    if code:
        row.build = "import failed: " + (err.splitlines() or [""])[0][:120]
        return row
    data = yaml.safe_load((kb / "papers.yaml").read_text(encoding="utf-8")) or {}
    papers = data.get("papers") or []
    row.records = len(papers)
    row.leftovers = sum(1 for paper in papers if _LEFTOVER_RE.search(str(paper.get("title", ""))))
    row.notes_linked = len(linked_note_files(readme))
    made = [note for folder in ("papers", "topics") for note in (kb / "notes" / folder).glob("*.md")]
    # two papers sharing one notes file make two notes: at most one per linked file is counted
    row.notes_made = min(row.notes_linked, len(made))
    row.check, _out, _err = run_cli(["check", str(kb)])
    before = snapshot(kb)
    code, _out, _err = run_cli(["import", str(readme), "--into", str(kb)])
    row.second = "unchanged" if code == 0 and snapshot(kb) == before else "CHANGED"
    if build:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(work / f"{row.name}-site")],
            cwd=kb, capture_output=True, text=True, env=env,
        )
        row.build = "ok" if done.returncode == 0 else "FAILED"
        if done.returncode:
            problem = next((line for line in done.stderr.splitlines() if "WARNING" in line or "ERROR" in line), "")
            print(f"{row.name}: build failed: {problem[:200]}", file=sys.stderr)
    return row


def default_readmes() -> list[tuple[Path, int | None]]:
    corpus = SHARED / "import-corpus"
    counts = corpus_counts(corpus)
    found: list[tuple[Path, int | None]] = [
        (folder / "README.md", counts.get(folder.name)) for folder in sorted(corpus.iterdir()) if (folder / "README.md").is_file()
    ] if corpus.is_dir() else []
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        found += [(seed, SEED_COUNTS.get(seed.name.split("_", 1)[0])) for seed in sorted(seeds.glob("*.txt"))]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("readmes", nargs="*", type=Path, help="READMEs to measure (default: the corpus and the seeds)")
    parser.add_argument("--count", type=int, action="append", default=[], help="entries counted, one per README given")
    parser.add_argument("--no-build", action="store_true", help="skip mkdocs build --strict (the slow part)")
    args = parser.parse_args(argv)
    readmes = (
        [(path, args.count[i] if i < len(args.count) else None) for i, path in enumerate(args.readmes)]
        if args.readmes else default_readmes()
    )
    if not readmes:
        print(f"no READMEs found (looked in {SHARED})", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory(prefix="import-corpus-") as work:
        for readme, counted in readmes:
            rows.append(measure(readme, counted, not args.no_build, Path(work)))
            print(" | ".join(rows[-1].cells()), file=sys.stderr)
    table = [HEADER, *(row.cells() for row in rows)]
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for cells in table[1:]:
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
