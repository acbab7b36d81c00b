"""The venues every parser knows: their full names and other spellings."""

from __future__ import annotations

from typing import Any

# canonical name -> (full name, other spellings)
KNOWN_VENUES: dict[str, tuple[str, list[str]]] = {
    "NeurIPS": ("Conference on Neural Information Processing Systems", ["NIPS"]),
    "CVPR": ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", []),
    "ICCV": ("IEEE/CVF International Conference on Computer Vision", []),
    "ECCV": ("European Conference on Computer Vision", []),
    "ICML": ("International Conference on Machine Learning", []),
    "ICLR": ("International Conference on Learning Representations", []),
    "MICCAI": ("Medical Image Computing and Computer Assisted Intervention", []),
    "AAAI": ("AAAI Conference on Artificial Intelligence", []),
    "IJCAI": ("International Joint Conference on Artificial Intelligence", []),
    "BMVC": ("British Machine Vision Conference", []),
    "WACV": ("IEEE/CVF Winter Conference on Applications of Computer Vision", []),
    "TPAMI": ("IEEE Transactions on Pattern Analysis and Machine Intelligence", ["PAMI"]),
    "JMLR": ("Journal of Machine Learning Research", []),
    "ACL": ("Annual Meeting of the Association for Computational Linguistics", []),
    "EMNLP": ("Conference on Empirical Methods in Natural Language Processing", []),
    "KDD": ("ACM SIGKDD Conference on Knowledge Discovery and Data Mining", []),
}
VENUE_SPELLINGS = {
    spelling.lower(): canonical
    for canonical, (_name, aliases) in KNOWN_VENUES.items()
    for spelling in [canonical, *aliases]
}


def spellings(venue: str) -> list[str]:
    canonical = VENUE_SPELLINGS.get(venue.lower(), venue)
    aliases = KNOWN_VENUES[canonical][1] if canonical in KNOWN_VENUES else []
    return [venue, canonical, *aliases]


def venue_details(canonical: str) -> dict[str, Any] | None:
    if canonical not in KNOWN_VENUES:
        return None
    name, aliases = KNOWN_VENUES[canonical]
    details: dict[str, Any] = {"name": name}
    if aliases:
        details["aliases"] = list(aliases)
    return details


