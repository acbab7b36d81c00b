"""Running the `papernotes` command in-process, as the command-line tests do."""

from __future__ import annotations

import pytest

from papernotes import cli


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`papernotes <argv>`: its exit code, standard output and standard error."""
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err
