"""The `papernotes` command: check, schema, import."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import counted
from .validation import FatalProblem, KnowledgeBase, load_knowledge_base


@dataclass
class Project:
    """Where a knowledge base keeps its papers file and notes."""

    root: Path
    papers: Path
    docs_dir: Path | None


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold tags like !!python/name, as plain data (unknown tags: None)."""


def _env_value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`, as MkDocs reads it."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        names = [str(item) for item in loader.construct_sequence(node)]
        for name in names[:-1]:
            if name in os.environ:
                return os.environ[name]
        return names[-1] if names else None
    return None


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_constructor("!ENV", _env_value)


CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


def _read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data; an unreadable or odd config counts as empty (MkDocs reports it)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The papernotes plugin's options; `plugins` may be a list or a mapping."""
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [next(iter(item.items())) for item in plugins if isinstance(item, dict) and len(item) == 1]
    else:
        entries = []
    for name, options in entries:
        if name == "papernotes" and isinstance(options, dict):
            return options
    return {}


def find_project(path: Path) -> Project:
    """Resolve PATH (a folder, a mkdocs.yml or a papers file) to the knowledge base files."""
    given_papers: Path | None = None
    if path.is_file() and path.name not in CONFIG_NAMES:
        given_papers = path
        root = path.parent
        config_file = next((root / name for name in CONFIG_NAMES if (root / name).is_file()), root / CONFIG_NAMES[0])
    elif path.is_file():
        config_file, root = path, path.parent
    else:
        root = path
        config_file = next((root / name for name in CONFIG_NAMES if (root / name).is_file()), root / CONFIG_NAMES[0])
    papers_name, docs_name = "papers.yaml", "docs"
    if config_file.is_file():
        config = _read_config(config_file)
        docs_name = str(config.get("docs_dir") or docs_name)
        papers_name = str(_plugin_options(config).get("papers") or papers_name)
    elif not (root / "docs").is_dir() and (root / "notes").is_dir():
        docs_name = "notes"
    docs_dir = root / docs_name
    return Project(root, given_papers or root / papers_name, docs_dir if docs_dir.is_dir() else None)


def check(argv_path: str, output_format: str, strict: bool) -> int:
    """Validate a knowledge base; 0 clean, 1 problems, 2 usage or unreadable input."""
    path = Path(argv_path)
    if not path.exists():
        print(f"papernotes check: no such file or folder: {argv_path}", file=sys.stderr)
        return 2
    project = find_project(path)
    if project.papers.is_dir():
        print(f"papernotes check: the papers file {project.papers} is a folder, not a file", file=sys.stderr)
        return 2
    if not project.papers.is_file():
        print(
            f"papernotes check: no papers file at {project.papers} "
            "(give the folder holding papers.yaml, its mkdocs.yml, or the papers file itself)",
            file=sys.stderr,
        )
        return 2
    try:
        kb = load_knowledge_base(project.papers, project.docs_dir, Path.cwd())
    except FatalProblem as exc:
        print(f"papernotes check: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a defect of papernotes, not of the input: say so without a traceback
        print(
            f"papernotes check: internal error while checking {project.papers}: {type(exc).__name__}: {exc}; "
            "please report it with the file that causes it",
            file=sys.stderr,
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
        print(json.dumps(report, indent=2, ensure_ascii=not utf))
        return
    for problem in kb.problems:
        print(problem.format())
    summary = (
        f"{counted(len(kb.papers), 'paper')}, {counted(len(kb.notes), 'note')}: "
        f"{counted(len(kb.errors), 'error')}, {counted(len(kb.warnings), 'warning')}"
    )
    print(summary, file=sys.stderr)


def write_schema(out_dir: str) -> int:
    """Write papers.schema.json and note.schema.json; 0 done, 2 when the folder cannot be written."""
    from .model import json_schemas

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="papernotes", description="A paper-reading knowledge base for MkDocs.")
    commands = parser.add_subparsers(dest="command", required=True)

    check_cmd = commands.add_parser("check", help="validate papers.yaml and notes without building")
    check_cmd.add_argument("path", nargs="?", default=".", help="project folder, mkdocs.yml or papers file (default: .)")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    check_cmd.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")

    schema_cmd = commands.add_parser("schema", help="write the JSON Schemas of papers.yaml and note front matter")
    schema_cmd.add_argument("--out", default=".", help="folder to write papers.schema.json and note.schema.json to")

    import_cmd = commands.add_parser("import", help="import a handwritten paper-list README")
    import_cmd.add_argument("readme", help="the README (Markdown) to read")
    import_cmd.add_argument("--into", default=".", help="knowledge base folder to create or merge into (default: .)")
    import_cmd.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    return parser


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
    try:
        if args.command == "check":
            return check(args.path, args.output_format, args.strict)
        if args.command == "schema":
            return write_schema(args.out)
        if args.command == "import":
            from .importer import import_command

            return import_command(Path(args.readme), Path(args.into), dry_run=args.dry_run)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `papernotes check | head`: the reader left, nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
