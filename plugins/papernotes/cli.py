"""The `papernotes` command: check, schema, init, import, export, add, refs, read, status."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .importers.printable import is_unsafe, printable
from .knowledge.knowledge_base import FatalProblem, KnowledgeBase
from .knowledge.problems import counted
from .knowledge.project import find_project
from .knowledge.validation import load_knowledge_base

if TYPE_CHECKING:
    from .importers.run import FileParser


def _json_for_terminal(document: str) -> str:
    """JSON text with the characters `printable` escapes, but json.dumps leaves raw (C1, BIDI,
    separators), as \\u escapes.

    json.dumps already escapes C0 controls inside strings; the newlines of its indentation are
    structure and stay.
    """
    return "".join(
        char if char < " " or not is_unsafe(char) else json.dumps(char)[1:-1] for char in document
    )


def say(text: str, error: bool = False) -> None:
    """Print a line of the text format, to stdout or stderr, with terminal controls escaped."""
    print(printable(text), file=sys.stderr if error else sys.stdout)


class _TerminalStream:
    """A text stream that writes terminal controls as escapes but keeps line breaks: for the
    output of other modules, like the importer's report, which quotes README lines."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write("\n".join(printable(part) for part in text.split("\n")))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def check(argv_path: str, output_format: str, strict: bool) -> int:
    """Validate a knowledge base; 0 clean, 1 problems, 2 usage or unreadable input."""
    path = Path(argv_path)
    if not path.exists():
        say(f"papernotes check: no such file or folder: {argv_path}", error=True)
        return 2
    project = find_project(path)
    if project.papers.is_dir():
        say(f"papernotes check: the papers file {project.papers} is a folder, not a file", error=True)
        return 2
    if not project.papers.is_file():
        say(
            f"papernotes check: no papers file at {project.papers} "
            "(give the folder holding papers.yaml, its mkdocs.yml, or the papers file itself)",
            error=True,
        )
        return 2
    try:
        kb = load_knowledge_base(project.papers, project.docs_dir, Path.cwd(), layout=project.layout)
    except FatalProblem as exc:
        say(f"papernotes check: {exc}", error=True)
        return 2
    except Exception as exc:  # a defect of papernotes, not of the input: say so without a traceback
        say(
            f"papernotes check: internal error while checking {project.papers}: {type(exc).__name__}: {exc}; "
            "please report it with the file that causes it",
            error=True,
        )
        return 2
    failed = bool(kb.errors) or (strict and bool(kb.warnings))
    print_problems(kb, output_format, failed)
    return 1 if failed else 0


def print_problems(kb: KnowledgeBase, output_format: str, failed: bool = False) -> None:
    """Every problem, one per line (text) or as one JSON document; the summary goes to stderr."""
    if output_format == "json":
        report: dict[str, Any] = {
            "ok": not failed,
            "papers": len(kb.papers),
            "notes": len(kb.notes),
            "errors": len(kb.errors),
            "warnings": len(kb.warnings),
            "problems": [p.as_dict() for p in kb.problems],
        }
        # JSON escapes, not the terminal's, when the output cannot carry every character
        utf = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").startswith("utf")
        print(_json_for_terminal(json.dumps(report, indent=2, ensure_ascii=not utf)))
        return
    for problem in kb.problems:  # the Problem keeps the user's text; only what is printed is escaped
        say(problem.format())
    summary = (
        f"{counted(len(kb.papers), 'paper')}, {counted(len(kb.notes), 'note')}: "
        f"{counted(len(kb.errors), 'error')}, {counted(len(kb.warnings), 'warning')}"
    )
    say(summary, error=True)


def write_schema(out_dir: str) -> int:
    """Write papers.schema.json and note.schema.json; 0 done, 2 when the folder cannot be written."""
    from .knowledge.model import json_schemas

    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, schema in json_schemas().items():
            target = folder / name
            text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            partial = folder / f".{name}.partial"  # written whole, then renamed: never half a schema
            try:
                partial.write_text(text, encoding="utf-8")
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
            print(f"wrote {target}")
    except OSError as exc:
        print(f"papernotes schema: cannot write to {out_dir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def init(dir_arg: str) -> int:
    """Write the starter knowledge base into DIR, keeping every file that exists; 0 done, 2 cannot write."""
    from .knowledge.problems import display_path
    from .starter import Written, write_starter

    root = Path(dir_arg)
    if root.exists() and not root.is_dir():
        print(f"papernotes init: {dir_arg} is a file, not a folder", file=sys.stderr)
        return 2
    here = Path.cwd()
    results: list[Written] = []
    try:
        for result in write_starter(root):  # each file is reported as soon as it is written
            results.append(result)
            # the folder resolved, not the file: a kept symlink is shown where it is, not where it points
            folder = display_path(result.path.parent, here)
            shown = result.path.name if folder == "." else f"{folder}/{result.path.name}"
            print(f"wrote {shown}" if result.written else f"kept {shown} (exists)")
    except OSError as exc:
        where = exc.filename or dir_arg
        # mkdir of a folder that is a file raises FileExistsError: say which it is
        reason = "it is a file, not a folder" if isinstance(exc, FileExistsError) else exc.strerror or exc
        print(f"papernotes init: cannot write {where}: {reason}", file=sys.stderr)
        return 2
    written = {result.path.relative_to(root).as_posix() for result in results if result.written}
    if not written:
        print("nothing written: every starter file exists")
        return 0
    project = find_project(root)
    reads_starter = project.papers == root / "papers.yaml" and project.docs_dir == root / "notes"
    if "mkdocs.yml" not in written and not reads_starter:
        # a kept config of another layout would build without the starter's files
        print("note: the kept config does not read papers.yaml and notes/: point it at them, or move them")
    if ".github/workflows/publish.yml" in written:
        print("next: set PAPERNOTES in .github/workflows/publish.yml to the git URL of papernotes, then push to publish")
    serve = "mkdocs serve" if root.resolve() == here.resolve() else f"cd {dir_arg} && mkdocs serve"
    print(f"then: {serve} (http://127.0.0.1:8000); papernotes check validates without building")
    return 0


# What `papernotes` alone says: where to begin, rather than argparse's "command is required".
FIRST_STEPS = """\
papernotes: a paper-reading knowledge base for MkDocs.

Start one:          papernotes init kb     (then: cd kb && mkdocs serve)
From a paper list:  papernotes import README.md --into kb   (or a .bib, or CSL-JSON .json)
In a base:          papernotes check       (validates papers.yaml and the notes)
Add a paper:        papernotes add 1512.03385   (an arXiv id, a DOI, a URL or a title)

Commands: check, schema, init, import, export, add, read, status; papernotes <command> -h tells more.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="papernotes", description="A paper-reading knowledge base for MkDocs.")
    parser.add_argument("--version", action="version", version=f"papernotes {__version__}")
    commands = parser.add_subparsers(dest="command")

    check_cmd = commands.add_parser("check", help="validate papers.yaml and notes without building")
    check_cmd.add_argument("path", nargs="?", default=".", help="project folder, mkdocs.yml or papers file (default: .)")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    check_cmd.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")

    schema_cmd = commands.add_parser("schema", help="write the JSON Schemas of papers.yaml and note front matter")
    schema_cmd.add_argument("--out", default=".", help="folder to write papers.schema.json and note.schema.json to")

    init_cmd = commands.add_parser("init", help="write a starter knowledge base; never overwrites a file")
    init_cmd.add_argument("dir", nargs="?", default=".", help="folder to write it to, created if missing (default: .)")

    import_cmd = commands.add_parser(
        "import", help="import a handwritten paper-list README, a .bib or a CSL-JSON library",
        description="The format follows the file's extension: .md (a README paper list), .bib (BibTeX), "
        ".json (CSL-JSON, as Zotero exports it).",
    )
    import_cmd.add_argument("source", help="the README (.md), BibTeX (.bib) or CSL-JSON (.json) file to read")
    import_cmd.add_argument("--into", default=".", help="knowledge base folder to create or merge into (default: .)")
    import_cmd.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    import_cmd.add_argument(
        "--resolve", action="store_true",
        help="entries with an arXiv id or DOI take title, authors, venue and year from arXiv, Crossref and Semantic Scholar",
    )

    export_cmd = commands.add_parser(
        "export", help="write the papers of a filtered view as BibTeX or CSL-JSON",
        description="Filters combine as in the explorer: a tag includes its child tags, several values of one "
        "option match any of them, different options must all match.",
    )
    export_cmd.add_argument("path", nargs="?", default=".", help="project folder, mkdocs.yml or papers file (default: .)")
    export_cmd.add_argument("--format", choices=("bibtex", "csljson"), default="bibtex", dest="output_format")
    export_cmd.add_argument("--tag", action="append", default=[], help="papers with this tag or a child tag (repeatable)")
    export_cmd.add_argument("--status", action="append", default=[], help="to-read, reading or read (repeatable)")
    export_cmd.add_argument("--venue", action="append", default=[], help="a venue, by any spelling (repeatable)")
    export_cmd.add_argument("--year", action="append", default=[], type=int, help="publication year (repeatable)")
    export_cmd.add_argument("--out", help="file to write (default: standard output)")
    _add_editing_commands(commands)
    return parser


def _add_editing_commands(commands: Any) -> None:
    add_cmd = commands.add_parser(
        "add", help="add papers by arXiv id or URL, DOI, paper page or title",
        description="Asks arXiv, Crossref, OpenAlex and Semantic Scholar what each paper is (the published "
        "version over the preprint) and appends its record to papers.yaml; a paper already there is reported.",
    )
    add_cmd.add_argument(
        "papers", nargs="+", metavar="ARG", help="arXiv id or URL, DOI or doi.org URL, a paper's page, or a quoted title"
    )
    add_cmd.add_argument("--tags", default="", help="comma-separated tag keys: --tags detection,vision")
    add_cmd.add_argument("--status", choices=("to-read", "reading", "read"))
    add_cmd.add_argument("--read", nargs="?", const="today", metavar="DATE", help="mark it read, on DATE (default today)")
    add_cmd.add_argument("--group", help="its theme inside the week, e.g. 'Breadth: Segmentation'")
    add_cmd.add_argument("--short", help="its short name, e.g. ResNet (one paper only)")
    add_cmd.add_argument("--note", action="store_true", help="write notes/papers/<id>.md for it too")
    add_cmd.add_argument("--into", default=".", help="knowledge base folder (default: .)")
    add_cmd.add_argument("--dry-run", action="store_true", help="show the records, write nothing")
    add_cmd.add_argument("--no-refs", action="store_true", help="do not look up what the papers cite (see `papernotes refs`)")

    refs_cmd = commands.add_parser(
        "refs", help="look up the works each paper cites (OpenAlex, Semantic Scholar) and keep them in references.yaml",
    )
    refs_cmd.add_argument("ids", nargs="*", metavar="ID", help="papers to look up (default: every paper)")
    refs_cmd.add_argument("--missing", action="store_true", help="only the papers references.yaml has no list for yet")
    refs_cmd.add_argument("--project", default=".", help="project folder, mkdocs.yml or papers file (default: .)")

    read_cmd = commands.add_parser("read", help="mark a paper read, today or on --date")
    read_cmd.add_argument("id", help="the paper's id")
    read_cmd.add_argument("--date", default="today", help="YYYY-MM-DD, today or yesterday (default today)")
    read_cmd.add_argument("--project", default=".", help="project folder, mkdocs.yml or papers file (default: .)")
    read_cmd.add_argument("--dry-run", action="store_true", help="show the change, write nothing")

    status_cmd = commands.add_parser("status", help="set a paper's status: to-read, reading or read")
    status_cmd.add_argument("id", help="the paper's id")
    status_cmd.add_argument("status", choices=("to-read", "reading", "read"))
    status_cmd.add_argument("--project", default=".", help="project folder, mkdocs.yml or papers file (default: .)")
    status_cmd.add_argument("--dry-run", action="store_true", help="show the change, write nothing")


def _editing(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """add, read and status: the knowledge base edited from the command line."""
    from .editing.commands import add_command, parse_date, read_command, status_command

    if args.command == "add":
        from .editing.add import AddOptions

        if args.short and len(args.papers) > 1:
            parser.error("--short names one paper: give one ARG with it")
        try:
            read = parse_date(args.read) if args.read else None
        except ValueError as exc:
            parser.error(f"--read: {exc}")
        if read is not None and args.status not in (None, "read"):
            parser.error(f"--read marks the paper read: leave out --status {args.status}")
        tags = [tag.strip() for tag in args.tags.split(",") if tag.strip()]
        options = AddOptions(tags, args.status, read, args.group, args.short, args.note, args.dry_run, not args.no_refs)
        return add_command(args.papers, args.into, options)
    if args.command == "refs":
        from .editing.commands import refs_command

        return refs_command(args.ids, args.project, args.missing)
    if args.command == "read":
        try:
            date = parse_date(args.date)
        except ValueError as exc:
            parser.error(f"--date: {exc}")
        return read_command(args.id, args.project, date, args.dry_run)
    return status_command(args.id, args.project, args.status, args.dry_run)


def parser_for(source: Path) -> FileParser | None:
    """The parser of `papernotes import SOURCE`, by the file's extension; None for one it does not know."""
    suffix = source.suffix.lower()
    if suffix in (".md", ".markdown", ".txt", ""):
        from .importers.readme import parse_readme

        return parse_readme
    if suffix in (".bib", ".bibtex"):
        from .importers.bibtex import parse_bibtex

        return parse_bibtex
    if suffix == ".json":
        from .importers.csljson import parse_csljson

        return parse_csljson
    return None


def _printable_streams() -> None:
    """A terminal that cannot show a character gets an escape, not a crash (e.g. cp1252 consoles)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _printable_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        print(FIRST_STEPS, end="")
        return 0
    try:
        if args.command == "check":
            return check(args.path, args.output_format, args.strict)
        if args.command == "schema":
            return write_schema(args.out)
        if args.command == "init":
            return init(args.dir)
        if args.command == "import":
            from .importers.run import import_file, print_report

            parse_file = parser_for(Path(args.source))
            if parse_file is None:
                say(
                    f"papernotes import: cannot tell what {args.source} holds from its extension: give a README (.md), "
                    "a BibTeX file (.bib) or a CSL-JSON file (.json)",
                    error=True,
                )
                return 2
            if args.resolve:
                from .editing.resolve_import import resolving
                from .services.http import Client, ServiceError, Settings

                try:
                    parse_file = resolving(parse_file, Client(Settings.from_environment()))
                except ServiceError as exc:
                    say(f"papernotes import: {exc}", error=True)
                    return 2
            with contextlib.redirect_stdout(_TerminalStream(sys.stdout)), contextlib.redirect_stderr(_TerminalStream(sys.stderr)):
                if Path(args.source).suffix.lower() in (".bib", ".bibtex", ".json"):  # a manager's export: synced
                    from .editing.sync import sync_import

                    return sync_import(Path(args.source), Path(args.into), args.dry_run, parse_file)
                return print_report(import_file(Path(args.source), Path(args.into), args.dry_run, parse_file))
        if args.command == "export":
            from .export import export_command
            from .knowledge.cite import View

            view = View(tuple(args.tag), tuple(args.status), tuple(args.venue), tuple(args.year))
            return export_command(args.path, args.output_format, view, args.out)
        if args.command in ("add", "refs", "read", "status"):
            return _editing(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `papernotes check | head`: the reader left, nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    parser.error(f"unknown command {args.command}")


if __name__ == "__main__":
    raise SystemExit(main())
