"""A note's `icon` or `template` checked against the theme's folders before the theme sees it."""

from __future__ import annotations

from pathlib import Path

from ..knowledge.knowledge_base import KnowledgeBase, Note
from ..knowledge.problems import Problem, quote
from ..site.escaping import html_text


def theme_problems(kb: KnowledgeBase, theme_dirs: list[str]) -> list[Problem]:
    """A note's `icon` or `template` that the theme does not have, reported and left out of
    its page: Material would stop the build with a traceback (TemplateNotFound)."""

    def in_theme(name: str) -> bool:
        pieces = name.split("/")  # as Jinja's loader reads a name; it refuses '..'
        if ".." in pieces or "\\" in name or name.startswith("/"):
            return False
        return any(Path(folder, *pieces).is_file() for folder in theme_dirs)

    problems: list[Problem] = []

    def refuse(note: Note, key: str, message: str) -> None:
        """Report the key at its line and keep it off the page (the theme would raise on it)."""
        line, column = note.position(key)
        problems.append(Problem(note.file, line, column, "error", message, key))
        del note.page_meta[key]

    for note in kb.notes.values():
        icon = note.page_meta.get("icon")
        # the theme includes the escaped text (see on_page_markdown): no icon name holds <>&"'
        if isinstance(icon, str) and (html_text(icon) != icon or not in_theme(f".icons/{icon}.svg")):
            refuse(note, "icon", f"'icon' {quote(icon)} is not an icon of the theme: write one as Material names them "
                   "(material/home, fontawesome/brands/github) or put its .svg below .icons/ in your theme overrides")
        template = note.page_meta.get("template")
        if isinstance(template, str) and not in_theme(template):
            refuse(note, "template", f"'template' {quote(template)} is not a template of the theme: use 'main.html', "
                   "or add it to your theme overrides (custom_dir)")
    return problems
