"""The `papernotes` command: check, schema, import."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .validation import FatalProblem, KnowledgeBase, load_knowledge_base


@dataclass
class Project:
    """Where a knowledge base keeps its papers file and notes."""

    root: Path
    papers: Path
    docs_dir: Path | None


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold tags like !!python/name or !ENV, as plain data."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def find_project(path: Path) -> Project:
    """Resolve PATH (a folder, a mkdocs.yml or a papers file) to the knowledge base files."""
    if path.is_file() and path.suffix in (".yaml", ".yml") and path.name != "mkdocs.yml":
        root = path.parent
        notes = root / "notes"
        return Project(root, path, notes if notes.is_dir() else None)
    config_file = path if path.is_file() else path / "mkdocs.yml"
    root = config_file.parent
    papers_name, docs_name = "papers.yaml", "docs"
    if config_file.is_file():
        try:
            config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
        except yaml.YAMLError:
            config = {}
        if isinstance(config, dict):
            docs_name = str(config.get("docs_dir") or docs_name)
            for plugin in config.get("plugins") or []:
                if isinstance(plugin, dict) and isinstance(plugin.get("papernotes"), dict):
                    papers_name = str(plugin["papernotes"].get("papers") or papers_name)
    elif not (root / "docs").is_dir() and (root / "notes").is_dir():
        docs_name = "notes"
    docs_dir = root / docs_name
    return Project(root, root / papers_name, docs_dir if docs_dir.is_dir() else None)


def check(argv_path: str, output_format: str, strict: bool) -> int:
    path = Path(argv_path)
    if not path.exists():
        print(f"papernotes check: no such file or folder: {argv_path}", file=sys.stderr)
        return 2
    project = find_project(path)
    if not project.papers.is_file():
        print(f"papernotes check: no papers file at {project.papers}", file=sys.stderr)
        return 2
    try:
        kb = load_knowledge_base(project.papers, project.docs_dir, Path.cwd())
    except FatalProblem as exc:
        print(f"papernotes check: {exc}", file=sys.stderr)
        return 2
    print_problems(kb, output_format)
    failed = bool(kb.errors) or (strict and bool(kb.warnings))
    return 1 if failed else 0


def print_problems(kb: KnowledgeBase, output_format: str) -> None:
    if output_format == "json":
        report: dict[str, Any] = {
            "papers": len(kb.papers),
            "notes": len(kb.notes),
            "errors": len(kb.errors),
            "warnings": len(kb.warnings),
            "problems": [p.as_dict() for p in kb.problems],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for problem in kb.problems:
        print(problem.format())
    summary = f"{len(kb.papers)} papers, {len(kb.notes)} notes: {len(kb.errors)} errors, {len(kb.warnings)} warnings"
    print(summary, file=sys.stderr)


def write_schema(out_dir: str) -> int:
    from .model import json_schemas

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        target = folder / name
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        print(f"wrote {target}")
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


def main(argv: list[str] | None = None) -> int:
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
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
