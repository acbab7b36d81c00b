"""One parsed YAML mapping checked against its pydantic model: every problem reported at
the line of the key, in a message that says what was expected and how to fix it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .loading import LoadedYaml
from .model import (
    LINK_KINDS,
    LINK_SYNONYMS,
    OWN_ERROR_TYPES,
    PAPER_ITSELF_KEYS,
    STATUSES,
    VENUE_KINDS,
    Links,
    Paper,
)
from .problems import Problem, describe, did_you_mean, quote

# ---------------------------------------------------------------- pydantic errors to messages


def text_hint(value: Any) -> str:
    """Why YAML did not read `value` as text, and the fix, for "must be text, got ..."."""
    if isinstance(value, bool):
        return " (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)"
    if isinstance(value, (int, float, dt.date)):
        return " (put it in quotes to make it text)"
    return ""


def key_of(loc: tuple[Any, ...]) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    return ".".join(names) if names else "record"


def error_message(error: Any) -> str:
    """One pydantic error as "'key' must be <what>, got <what it is> (<fix>)"."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    index = f" (item {loc[-1] + 1})" if loc and isinstance(loc[-1], int) else ""
    key = f"'{key_of(loc)}'{index}"
    got = describe(value)
    if kind == "missing":
        return f"missing required key {key}"
    if kind in ("string_type", "string_sub_type"):
        return f"{key} must be text, got {got}{text_hint(value)}"
    if kind in ("string_too_short", "url_empty"):
        return f"{key} is empty: write a value or remove the key"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = ""
        if isinstance(value, str) and value.strip().isdigit():
            hint = " (remove the quotes)"
        elif isinstance(value, bool):
            hint = " (YAML reads yes/no/on/off/true/false as booleans)"
        return f"{key} must be a whole number, got {got}{hint}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{key} must be a date written YYYY-MM-DD, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{key} must be true or false, got {got}"
    if kind == "list_type":
        return f"{key} must be a list, got {got} (write [a, b] or one '- item' per line)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{key} must be a mapping of keys to values, got {got}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = {"status": STATUSES, "kind": VENUE_KINDS}.get(key_of(loc), ())
        hint = did_you_mean(str(value), choices) if choices else ""
        return f"{key} must be one of {expected}, got {got}{hint}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{key} must be at least {ctx.get('ge', ctx.get('gt'))}, got {got}"
    if kind in ("less_than_equal", "less_than"):
        return f"{key} must be at most {ctx.get('le', ctx.get('lt'))}, got {got}"
    if kind == "extra_forbidden":
        return f"unknown key {quote(loc[-1])}"
    if kind in OWN_ERROR_TYPES:  # our own rules (URL, id, tag): "must be ..., got ..."
        return f"{key} {error['msg']}"
    return f"{key}: {error['msg']}"


# ---------------------------------------------------------------- validating one mapping


class YamlSource:
    """A parsed YAML file and the problems found in it, positioned by pydantic locations."""

    def __init__(self, loaded: LoadedYaml):
        self.loaded = loaded
        self.problems: list[Problem] = list(loaded.problems)

    def report(self, path: tuple[Any, ...], severity: str, message: str, key: str = "") -> None:
        line, column = self.loaded.position(path)
        self.problems.append(Problem(self.loaded.file, line, column, severity, message, key))  # type: ignore[arg-type]

    def was_refused(self, raw: dict[Any, Any], path: tuple[Any, ...], loc: tuple[Any, ...]) -> bool:
        """A key that the file has but `raw` lacks: its value was refused by the loader."""
        if len(loc) != 1 or loc[0] in raw:
            return False
        marks = self.loaded.marks.get(id(raw))
        return marks is not None and loc[0] in marks.children

    def strip_unknown_keys(self, raw: dict[Any, Any], model: type[BaseModel], path: tuple[Any, ...]) -> dict[Any, Any]:
        """Report keys the model does not know (typos) and return the mapping without them."""
        known = model.model_fields
        kept: dict[Any, Any] = {}
        for key, value in raw.items():
            if key in known:
                kept[key] = value
                continue
            hint = link_key_hint(key, value) if model is Links else did_you_mean(str(key), known)
            hint = hint or f"; known keys: {', '.join(known)}"
            self.report((*path, key), "error", f"unknown key {quote(key)}{hint}", str(key))
        return kept

    def validate(
        self, raw: Any, model: type[BaseModel], path: tuple[Any, ...], required: set[str], what: str = "",
        placeholders: dict[str, Any] | None = None,
    ) -> tuple[Any, bool]:
        """Validate `raw`, reporting every problem; a bad optional value is dropped, the rest kept.

        Returns (instance, complete). When a required field is missing or wrong, `complete` is
        False and the instance, if any, was built with `placeholders` in the broken required
        fields: good enough to check the other fields, never to be published.
        """
        if not isinstance(raw, dict):
            shown = what or "this"
            self.report(path, "error", f"{shown} must be a mapping of keys to values, got {describe(raw)}")
            return None, False
        data = self.strip_unknown_keys(raw, model, path)
        if model is Paper and isinstance(data.get("links"), dict):
            links = self.strip_unknown_keys(data["links"], Paper.model_fields["links"].annotation, (*path, "links"))  # type: ignore[arg-type]
            data["links"] = links
        complete = True
        for _attempt in range(3):
            try:
                return model.model_validate(data), complete
            except ValidationError as exc:
                errors = exc.errors()
                if _attempt == 0:
                    for error in errors:
                        loc = tuple(error["loc"])
                        if error["type"] == "missing" and self.was_refused(raw, path, loc):
                            continue  # the loader already said why the value was left out
                        self.report(path + loc, "error", error_message(error), key_of(loc))
                broken = {tuple(error["loc"]) for error in errors}
                if any(not loc or loc[0] in required for loc in broken):
                    complete = False
                    if not placeholders:
                        return None, False
                data = _without(data, broken, placeholders or {})
        return None, False


def link_key_hint(key: Any, value: Any) -> str:
    """The fix for an unknown key of `links`: the kind a synonym or a typo stands for."""
    word = str(key).strip().lower()
    candidates = [*LINK_KINDS, *LINK_SYNONYMS, *PAPER_ITSELF_KEYS]
    if word not in candidates:
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
        if not close:
            return ""
        word = close[0]
    if word in PAPER_ITSELF_KEYS and not _looks_like_pdf(value):
        return ": a link to the paper itself goes in the record's 'url', beside 'links'"
    kind = word if word in LINK_KINDS else LINK_SYNONYMS.get(word, "pdf")
    return f" (did you mean {quote(kind)}?)"


def _looks_like_pdf(value: Any) -> bool:
    """arxiv.org/pdf/..., openreview.net/pdf?id=..., paper.pdf."""
    if not isinstance(value, str):
        return False
    path = re.split(r"[?#]", value.strip(), maxsplit=1)[0].lower()
    return path.endswith((".pdf", "/pdf")) or "/pdf/" in path


def _without(data: dict[Any, Any], broken: set[tuple[Any, ...]], placeholders: dict[str, Any]) -> dict[Any, Any]:
    """`data` without the values at the `broken` locations (only the bad item of a list or mapping).

    A broken required field takes its placeholder instead.
    """
    kept = dict(data)
    inner: dict[Any, set[Any]] = {}
    for loc in broken:
        if not loc:
            continue
        top = loc[0]
        if len(loc) >= 2 and isinstance(kept.get(top), (list, dict)):
            inner.setdefault(top, set()).add(loc[1])
        else:
            kept.pop(top, None)
    for top, bad in inner.items():
        value = kept.get(top)
        if isinstance(value, list):
            kept[top] = [item for index, item in enumerate(value) if index not in bad]
        elif isinstance(value, dict):
            kept[top] = {key: item for key, item in value.items() if key not in bad}
    for name, placeholder in placeholders.items():
        if name not in kept or any(loc and loc[0] == name for loc in broken):
            kept[name] = placeholder
    return kept

