"""Importing a reference manager's export again: the records it made follow it, the reader's fields stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cli_runs import run
from papernotes import cli

BIB_BEFORE = r"""
@inproceedings{he2016resnet,
  title = {Deep Residual Learning},
  author = {He, Kaiming and Zhang, Xiangyu},
  booktitle = {arXiv preprint arXiv:1512.03385},
  year = {2015},
  keywords = {vision},
}

@article{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish},
  journal = {Advances in Neural Information Processing Systems (NeurIPS)},
  year = {2017},
}
"""

BIB_AFTER = r"""
@inproceedings{he2016resnet,
  title = {Deep Residual Learning for Image Recognition},
  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)},
  year = {2016},
  doi = {10.1109/CVPR.2016.90},
  url = {https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html},
  abstract = {Deeper neural networks are more difficult to train.},
  keywords = {vision, residual},
}

@article{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish},
  journal = {Advances in Neural Information Processing Systems (NeurIPS)},
  year = {2017},
}

@inproceedings{devlin2019bert,
  title = {BERT: Pre-training of Deep Bidirectional Transformers},
  author = {Devlin, Jacob},
  booktitle = {NAACL},
  year = {2019},
}
"""


def by_id(root: Path) -> dict[str, dict[str, object]]:
    return {record["id"]: record for record in yaml.safe_load((root / "papers.yaml").read_text(encoding="utf-8"))["papers"]}


def test_a_bib_edited_between_two_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    kb = tmp_path / "kb"
    library = tmp_path / "library.bib"
    library.write_text(BIB_BEFORE, encoding="utf-8")
    code, _out, err = run(["import", "library.bib", "--into", "kb"], capsys)
    assert code == 0, err
    papers = kb / "papers.yaml"
    text = papers.read_text(encoding="utf-8")
    assert "    cite_key: he2016resnet\n    synced_from: library.bib\n" in text  # how the next import knows its records
    # the reader's own: a tag, the read date, a remark, a rating, a group, a comment, a note
    text = text.replace("    tags:\n      - vision\n", "    tags:\n      - vision\n      - my-favourite  # mine\n")
    text = text.replace("  - id: deep-residual-learning\n", "  - id: deep-residual-learning\n    read: 2026-11-30\n    status: read\n"
                        "    rating: 5\n    remark: skip connections\n    group: 'Depth: ResNets'\n")
    text = text.replace("tags:\n  vision:", "tags:\n  my-favourite:\n  vision:")
    papers.write_text(text, encoding="utf-8")
    (kb / "notes" / "papers").mkdir(parents=True)
    (kb / "notes" / "papers" / "deep-residual-learning.md").write_text("---\npaper: deep-residual-learning\n---\n\nMine.\n", encoding="utf-8")
    assert cli.main(["check", "kb"]) == 0
    capsys.readouterr()
    before = papers.read_text(encoding="utf-8")

    library.write_text(BIB_AFTER, encoding="utf-8")
    code, out, _ = run(["import", "library.bib", "--into", "kb", "--dry-run"], capsys)
    assert code == 0
    assert papers.read_text(encoding="utf-8") == before
    dry = out.splitlines()
    assert dry[-1] == "dry run: nothing was written"
    # the line the record is on once the new records and their tags are in: the same as the real run's
    assert "library.bib:2: would update 'deep-residual-learning' (kb/papers.yaml:13): title 'Deep Residual Learning' -> " in out

    code, out, _ = run(["import", "library.bib", "--into", "kb"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "library.bib:2: updated 'deep-residual-learning' (kb/papers.yaml:13): "
        "title 'Deep Residual Learning' -> 'Deep Residual Learning for Image Recognition'; "
        "authors Kaiming He; Xiangyu Zhang -> Kaiming He; Xiangyu Zhang; Shaoqing Ren; Jian Sun; year 2015 -> 2016; "
        "venue unset -> 'CVPR'; doi unset -> '10.1109/CVPR.2016.90'; abstract unset -> 'Deeper neural networks are more difficult to train.'; "
        "url unset -> 'https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html'"
    )
    assert lines[1] == "imported 1 paper, copied 0 notes, skipped 0 duplicates, 0 non-paper sections and 0 unread lines"
    assert lines[2].startswith("updated 1 of the 2 records this export made (1 unchanged); their tags, read date")
    assert lines[3] == "wrote kb/papers.yaml"
    resnet = by_id(kb)["deep-residual-learning"]
    assert resnet["title"] == "Deep Residual Learning for Image Recognition"
    assert (resnet["year"], resnet["venue"], resnet["doi"]) == (2016, "CVPR", "10.1109/CVPR.2016.90")
    assert resnet["authors"] == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    # the reader's fields, as the reader left them (the manager's new keyword is not forced on the record)
    assert resnet["tags"] == ["vision", "my-favourite"]
    assert (resnet["read"].isoformat(), resnet["status"], resnet["rating"], resnet["remark"], resnet["group"]) == (
        "2026-11-30", "read", 5, "skip connections", "Depth: ResNets")
    assert "      - my-favourite  # mine\n" in papers.read_text(encoding="utf-8")
    assert (kb / "notes" / "papers" / "deep-residual-learning.md").read_text(encoding="utf-8").endswith("Mine.\n")
    assert "bert" in by_id(kb)
    assert cli.main(["check", "kb"]) == 0
    capsys.readouterr()

    code, out, _ = run(["import", "library.bib", "--into", "kb"], capsys)  # a third time: nothing left to do
    assert "updated 0 of the 3 records this export made (3 unchanged)" in out


def test_a_record_with_the_key_but_not_from_the_export_is_the_reader_s(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    own = "papers:\n  - id: mine\n    title: Mine\n    cite_key: he2016resnet\n  - id: other\n    title: Other\n    cite_key: devlin2019bert\n    synced_from: zotero.bib\n"
    (kb / "papers.yaml").write_text(own, encoding="utf-8")
    library = tmp_path / "library.bib"
    library.write_text(BIB_AFTER, encoding="utf-8")
    code, out, _ = run(["import", str(library), "--into", str(kb)], capsys)
    assert code == 0
    assert ":2: cite key 'he2016resnet' is taken in the knowledge base: imported without it" in out
    assert "updated" not in out
    assert (kb / "papers.yaml").read_text(encoding="utf-8").startswith(own)


def test_a_record_without_the_export_s_key_is_the_reader_s(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    own = "papers:\n  - id: resnet\n    title: ResNet, my way\n    doi: 10.1109/CVPR.2016.90\n"
    (kb / "papers.yaml").write_text(own, encoding="utf-8")
    library = tmp_path / "library.bib"
    library.write_text(BIB_AFTER, encoding="utf-8")
    code, out, _ = run(["import", str(library), "--into", str(kb)], capsys)
    assert code == 0
    assert "duplicate: already in the knowledge base as 'resnet' (same DOI): skipped" in out
    assert (kb / "papers.yaml").read_text(encoding="utf-8").startswith(own)


def test_csl_json_syncs_by_citation_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    library = tmp_path / "library.json"
    item = {"id": "http://zotero.org/users/local/abc/items/ONE", "citation-key": "he2020moco", "type": "paper-conference",
            "title": "Momentum Contrast", "author": [{"family": "He", "given": "Kaiming"}], "issued": {"date-parts": [[2019]]}}
    library.write_text(json.dumps([item]), encoding="utf-8")
    assert run(["import", str(library), "--into", str(kb)], capsys)[0] == 0
    item.update({"title": "Momentum Contrast for Unsupervised Visual Representation Learning", "issued": {"date-parts": [[2020]]},
                 "container-title": "IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"})
    library.write_text(json.dumps([item]), encoding="utf-8")
    code, out, _ = run(["import", str(library), "--into", str(kb)], capsys)
    assert code == 0
    assert "title 'Momentum Contrast' -> 'Momentum Contrast for Unsupervised Visual Representation Learning'; year 2019 -> 2020; venue unset -> 'CVPR'" in out
    record = next(iter(by_id(kb).values()))
    assert (record["title"], record["year"], record["venue"]) == ("Momentum Contrast for Unsupervised Visual Representation Learning", 2020, "CVPR")


def test_an_update_that_cannot_be_made_writes_nothing_not_even_the_new_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    # the title is an anchor the remark repeats: changing it in place would change the remark too
    own = (
        "papers:\n  - id: resnet\n    title: &t Deep Residual Learning\n    remark: *t\n"
        "    cite_key: he2016resnet\n    synced_from: library.bib\n"
    )
    (kb / "papers.yaml").write_text(own, encoding="utf-8")
    library = tmp_path / "library.bib"
    library.write_text(BIB_AFTER, encoding="utf-8")
    code, out, err = run(["import", str(library), "--into", str(kb)], capsys)
    assert code == 1
    assert out == ""
    assert err.startswith("papernotes import: ")
    assert "nothing was written; change it by hand" in err
    assert (kb / "papers.yaml").read_text(encoding="utf-8") == own
    assert sorted(path.name for path in kb.iterdir()) == ["papers.yaml"]
