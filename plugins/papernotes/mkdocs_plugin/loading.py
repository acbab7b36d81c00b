"""The knowledge base loaded for a build, its problems reported to the engine."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import NoReturn

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..knowledge.knowledge_base import FatalProblem, KnowledgeBase
from ..knowledge.layout import Layout
from ..knowledge.problems import Problem, counted
from ..knowledge.validation import load_knowledge_base
from ..site.options import Options
from . import internals
from .serve_session import ServeSession
from .theme_check import theme_problems

log = internals.engine_logger("plugins.papernotes")


def load_for_build(
    papers_path: Path, shown: str, config: MkDocsConfig, options: Options, session: ServeSession | None
) -> KnowledgeBase:
    """The knowledge base, its problems logged; PluginError when it cannot be built. `shown`
    is the papers file as problems name it (the plugin's option)."""
    if not papers_path.is_file():
        message = (f"no papers file at {papers_path} "
                   "(create papers.yaml beside mkdocs.yml, or set the plugin option 'papers')")
        # while serving, e.g. between an editor's delete and write of papers.yaml
        stop(session, [Problem(shown, 1, 1, "error", message)], f"papernotes: {message}")
    try:
        memo, last_good = (session.cache.loaded, session.last_good) if session is not None else (None, None)
        root = Path(config.config_file_path or ".").resolve().parent
        kb = load_knowledge_base(
            papers_path, Path(config.docs_dir), root, dt.date.today(), memo, Layout.of(options), last_good
        )
    except FatalProblem as exc:
        stop(session, [Problem(shown, 1, 1, "error", str(exc))], f"papernotes: {exc}")
    if kb.fatal is not None:
        stop(session, [kb.fatal], f"papernotes: {kb.fatal.format()}")
    problems = [*kb.problems, *theme_problems(kb, config.theme.dirs)]
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)(problem.format())
    if session is not None:
        session.report(problems, kb.broken_records)
    warnings = [problem for problem in kb.problems if problem.severity == "warning"]
    if warnings and config.strict and not log.isEnabledFor(logging.WARNING):
        # `build --strict -q`: the engine drops warnings before its strict count sees them
        for problem in warnings:
            log.error(problem.format())
        raise PluginError(f"papernotes: {counted(len(warnings), 'warning')} in strict mode")
    return kb


def stop(session: ServeSession | None, problems: list[Problem], message: str) -> NoReturn:
    """Stop the build; while serving, after a good one, the last good site stays served."""
    if session is not None:
        session.stop_on(problems, logged=False)
    raise PluginError(message) from None
