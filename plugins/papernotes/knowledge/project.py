"""Where a knowledge base keeps its files: mkdocs.yml, the papers file, the notes folder.

Read without MkDocs (the command line and the importers use it), the way MkDocs would read them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .layout import Layout


@dataclass
class Project:
    """Where a knowledge base keeps its papers file and notes."""

    root: Path
    papers: Path
    docs_dir: Path | None
    layout: Layout = field(default_factory=Layout)  # where generated pages go, from mkdocs.yml


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


CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")  # ProperDocs' order of preference


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
    layout = Layout()
    if config_file.is_file():
        config = _read_config(config_file)
        docs_name = str(config.get("docs_dir") or docs_name)
        papers_name = str(_plugin_options(config).get("papers") or papers_name)
        layout = Layout.from_plugin_options(_plugin_options(config), config.get("use_directory_urls", True))
    elif not (root / "docs").is_dir() and (root / "notes").is_dir():
        docs_name = "notes"
    docs_dir = root / docs_name
    return Project(root, given_papers or root / papers_name, docs_dir if docs_dir.is_dir() else None, layout)
