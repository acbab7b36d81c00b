"""Each page kind says what it uses (site/kinds/): after a one-field edit of a record, a page
whose HTML changed used a token whose digest changed, so `mkdocs serve` renders it again.

Without MkDocs: the plan renders every page of a kind before and after the edit, recording
what each page uses, and the digests of both builds are compared.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from papernotes.knowledge.knowledge_base import KnowledgeBase, Note, Ref, Tag
from papernotes.knowledge.model import NoteMeta, Paper
from papernotes.knowledge.references import Reference
from papernotes.site.kinds import KINDS, dependencies_of, render_page
from papernotes.site.kinds import paper as paper_kind
from papernotes.site.kinds.home import summary
from papernotes.site.pages import Options, SitePlan, note_title
from papernotes.site.tracking import Dependencies, Token, Tracker
from papernotes.site.urls import url_of

TAGS = {"net": "Networks", "net/cnn": None, "seg": "Segmentation", "gen": None}
RECORDS: list[dict[str, Any]] = [
    {"id": "resnet", "title": "Deep Residual Learning", "short": "ResNet", "authors": ["Kaiming He"], "year": 2016,
     "venue": "CVPR", "tags": ["net", "net/cnn"], "read": dt.date(2024, 1, 2), "group": "Backbones", "rating": 5},
    {"id": "unet", "title": "U-Net", "authors": ["Olaf Ronneberger"], "year": 2015, "venue": "MICCAI",
     "tags": ["seg", "net/cnn"], "read": dt.date(2024, 1, 3), "remark": "skip connections"},
    {"id": "gan", "title": "Generative Adversarial Nets", "short": "GAN", "year": 2014, "venue": "NeurIPS",
     "tags": ["gen"], "status": "reading"},
    {"id": "vit", "title": "An Image is Worth 16x16 Words", "short": "ViT", "authors": ["Kaiming He"], "year": 2021, "tags": ["net"],
     "read": dt.date(2024, 1, 10), "abstract": "Transformers for images."},
]
NOTE = Note("topics/nets.md", "docs/topics/nets.md", NoteMeta(title="Nets", tags=["net"]), [Ref("resnet", None, 3, 1)])
EDITS: dict[str, st.SearchStrategy[Any]] = {
    "title": st.sampled_from(["Deep Residual Learning", "Residual Nets", "U-Net", "Attention"]),
    "short": st.sampled_from([None, "ResNet", "RN", "GAN"]),
    "authors": st.sampled_from([[], ["Kaiming He"], ["Ian Goodfellow", "Yoshua Bengio"]]),
    "year": st.sampled_from([None, 2014, 2016, 2021]),
    "venue": st.sampled_from([None, "CVPR", "NeurIPS", "ICCV"]),
    "tags": st.lists(st.sampled_from(sorted(TAGS)), max_size=3, unique=True),
    "read": st.sampled_from([None, dt.date(2024, 1, 2), dt.date(2024, 1, 9), dt.date(2024, 2, 20)]),
    "status": st.sampled_from([None, "to-read", "reading", "read"]),
    "group": st.sampled_from([None, "Backbones", "Segmentation"]),
    "rating": st.sampled_from([None, 1, 5]),
    "remark": st.sampled_from([None, "skip connections", "a classic"]),
    "abstract": st.sampled_from([None, "Transformers for images.", "Residual blocks."]),
    "url": st.sampled_from([None, "https://arxiv.org/abs/1512.03385", "https://example.org/paper"]),
}
_ENV: dict[str, Any] = {}


def kb_of(records: list[dict[str, Any]]) -> KnowledgeBase:
    kb = KnowledgeBase("papers.yaml")
    kb.papers = {record["id"]: Paper.model_validate(record) for record in records}
    kb.tags = {key: Tag(key, description) for key, description in TAGS.items()}
    kb.notes = {NOTE.src_uri: NOTE}
    # by title, so that an edit of a title changes who cites whom and what is missing
    kb.references = {
        "resnet": [Reference(title="U-Net"), Reference(title="Dropout")],
        "unet": [Reference(title="Dropout"), Reference(title="Attention")],
        "vit": [Reference(title="Deep Residual Learning"), Reference(title="Attention")],
    }
    return kb


def built(records: list[dict[str, Any]], kind: str) -> tuple[dict[str, str], dict[str, set[Token]], Dependencies]:
    """The HTML of every page of `kind`, what each used, and the build's digests."""
    kb = kb_of(records)
    plan = SitePlan(kb, Options(week_start=dt.date(2024, 1, 1), weekly_goal=2), {NOTE.src_uri: note_title(NOTE)},
                    tracker=Tracker(recording=True))
    plan._env = _ENV.setdefault("env", plan._env)  # compiled once for the module
    pages: dict[str, str] = {}
    for page_kind in KINDS:
        if page_kind.name != kind:
            continue
        if kind == "home":
            with plan.tracker.page("index.md"):
                pages["index.md"] = summary(plan, "")
        for page in page_kind.pages(plan):
            page_url = url_of(page.src_uri, True)
            with plan.tracker.page(page.src_uri):
                if page.kind == "paper":
                    pages[page.src_uri] = "".join(paper_kind.around_note(plan, kb.papers[page.key], "", page_url))
                else:
                    pages[page.src_uri] = render_page(plan, page, page_url)
    source = repr([kb.papers[key].model_dump_json() for key in kb.papers]).encode()
    return pages, dict(plan.tracker.uses_of), dependencies_of(plan, source, None)


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_page_whose_html_changed_used_a_token_whose_digest_changed(kind: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(RECORDS) - 1), label="record")
    field = data.draw(st.sampled_from(sorted(EDITS)), label="field")
    value = data.draw(EDITS[field], label="value")
    edited = [dict(record) for record in RECORDS]
    if value is None:
        edited[at].pop(field, None)
    else:
        edited[at][field] = value
    assume(edited[at] != RECORDS[at])
    try:
        Paper.model_validate(edited[at])
    except ValueError:
        assume(False)
    before, used, digests_before = built(RECORDS, kind)
    after, _, digests_after = built(edited, kind)
    assert before, f"no {kind} page was rendered"
    for src_uri, html in before.items():
        if src_uri not in after or after[src_uri] == html:
            continue  # gone (the serve session sees that in the files), or unchanged
        changed = [token for token in used.get(src_uri, ()) if digests_before.digest(token) != digests_after.digest(token)]
        note(f"{src_uri} used {sorted(used.get(src_uri, ()))}")
        assert changed, f"{src_uri} changed but no token it used changed its digest"
