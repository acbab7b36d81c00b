"""`papernotes import --resolve`: entries with an arXiv id or DOI take their facts from the services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from metadata_services import (
    ACCENTED_CROSSREF,
    EMPTY_ATOM,
    RESNET_ATOM,
    RESNET_CROSSREF,
    RESNET_S2,
    Services,
    atom_answer,
    json_answer,
    serving,
    use_services,
)
from papernotes import cli

README = """\
# Papers

## Vision

- [ResNet](https://arxiv.org/abs/1512.03385) (skip connections)
- [Études](https://doi.org/10.5555/ecole.2021.7)
- [Unknown preprint](https://arxiv.org/abs/2512.99999)
- [No identifier](https://example.org/paper)
"""


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Services]:
    with serving() as running:
        use_services(monkeypatch, running, tmp_path / "cache")
        yield running


def test_resolve_fills_entries_from_the_services_and_keeps_the_readme_s_words(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    services.answer(
        "/arxiv/query",
        lambda query: atom_answer(RESNET_ATOM if query["id_list"] == ["1512.03385"] else EMPTY_ATOM),
    )
    services.answer("/s2/graph/v1/paper/arXiv:1512.03385", json_answer(RESNET_S2))
    services.answer("/crossref/works/10.1109/cvpr.2016.90", json_answer(RESNET_CROSSREF))
    services.answer("/crossref/works/10.5555/ecole.2021.7", json_answer(ACCENTED_CROSSREF))
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    code = cli.main(["import", "README.md", "--into", "kb", "--resolve"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines()[:3] == [
        "README.md:5: resolved: title 'ResNet' -> 'Deep Residual Learning for Image Recognition'; short 'ResNet' kept from the source; "
        "authors unset -> Kaiming He; Xiangyu Zhang; Shaoqing Ren; Jian Sun; venue unset -> 'CVPR'; year unset -> 2016; "
        "doi 10.1109/CVPR.2016.90; arxiv 1512.03385",
        "README.md:6: resolved: title 'Études' -> 'Études d’apprentissage: réseaux à mémoire'; short 'Études' kept from the source; "
        "authors unset -> Jörg Müller; Łukasz Kaiser; 陈明; venue unset -> 'JMLR'; year unset -> 2021; doi 10.5555/ecole.2021.7",
        "README.md:7: not resolved, imported as written: arXiv knows no paper 2512.99999",
    ]
    papers = {p["id"]: p for p in yaml.safe_load((tmp_path / "kb" / "papers.yaml").read_text(encoding="utf-8"))["papers"]}
    resnet = papers["resnet"]
    assert (resnet["title"], resnet["short"], resnet["venue"], resnet["year"], resnet["remark"]) == (
        "Deep Residual Learning for Image Recognition", "ResNet", "CVPR", 2016, "skip connections")
    assert papers["unknown-preprint"]["title"] == "Unknown preprint"
    assert papers["no-identifier"]["title"] == "No identifier"
    assert not any("example.org" in path for path in services.asked())  # only entries with an identifier are looked up
    assert cli.main(["check", "kb"]) == 0


def test_without_resolve_nothing_is_asked(services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    assert cli.main(["import", str(tmp_path / "README.md"), "--into", str(tmp_path / "kb"), "--dry-run"]) == 0
    assert services.requests == []
