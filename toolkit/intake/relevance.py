"""Is a Federal Register document a candidate measure? The rules, each giving its reason.

Set aside first (the reason says why): information-collection (Paperwork Reduction Act)
notices, advisory-committee meetings, and orders denying one party's export privileges
unless they mention the semiconductor regime. Then a candidate needs at least one of: an
Entity List change, a watched EAR part among its CFR references (15 CFR 734, 740, 742, 744,
772, 774), or a semiconductor/computing keyword in its title or abstract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WATCHED_PARTS = (734, 740, 742, 744, 772, 774)
KEYWORDS = {
    "semiconductor": r"semiconductor", "integrated circuit": r"integrated circuits?",
    "advanced computing": r"advanced[- ]computing", "supercomputer": r"supercomputer",
    "chips": r"\bchips?\b", "lithography": r"lithograph", "wafer": r"\bwafers?\b",
    "high-bandwidth memory": r"high[- ]bandwidth memory|\bHBM\b",
    "foreign direct product": r"foreign[- ](produced )?direct product",
    "artificial intelligence": r"artificial intelligence|\bAI\b|model weights",
}
_KEYWORDS = {name: re.compile(rx, re.IGNORECASE) for name, rx in KEYWORDS.items()}
INFORMATION_COLLECTION = re.compile(r"information collection|paperwork reduction act", re.IGNORECASE)
DENIAL_ORDER = re.compile(r"\border\b.*\bdenying\b|denial of export privileges|temporary denial order",
                          re.IGNORECASE)
MEETING = re.compile(r"technical advisory committee|notice of (partially )?(closed|open) meeting",
                     re.IGNORECASE)
ENTITY_LIST = re.compile(r"entity list", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """``candidate`` or ``set aside``, why, and the suggested coding of a candidate."""

    status: str
    reason: str
    instrument: str = ""
    category: str = ""


def cfr_parts(references: list[str]) -> list[int]:
    """Title-15 parts from references like ``15 CFR 744``, in order, without repeats."""
    parts: list[int] = []
    for ref in references:
        m = re.fullmatch(r"\s*15 CFR (\d+)\s*", str(ref))
        if m and int(m.group(1)) not in parts:
            parts.append(int(m.group(1)))
    return parts


def classify(title: str, abstract: str, doc_type: str, action: str, references: list[str]) -> Verdict:
    """The verdict on one document (``references`` as the loader gives them: ``15 CFR 744``)."""
    text = f"{title}\n{abstract}"
    keywords = [name for name, rx in _KEYWORDS.items() if rx.search(text)]
    if INFORMATION_COLLECTION.search(title):
        return Verdict("set aside", "information-collection notice (Paperwork Reduction Act), not a measure")
    if MEETING.search(title):
        return Verdict("set aside", "advisory-committee meeting notice, not a measure")
    if DENIAL_ORDER.search(title) and not keywords:
        return Verdict("set aside", "order denying one party's export privileges, unrelated to the "
                                    "semiconductor regime (no semiconductor or computing keyword)")
    reasons = []
    entity_list = bool(ENTITY_LIST.search(title))
    if entity_list:
        reasons.append("Entity List change")
    watched = [p for p in cfr_parts(references) if p in WATCHED_PARTS]
    if watched:
        reasons.append("amends 15 CFR " + ", ".join(str(p) for p in watched))
    if keywords:
        reasons.append("keywords: " + ", ".join(keywords))
    if not reasons:
        return Verdict("set aside", "no Entity List change, no watched EAR part (15 CFR "
                       + ", ".join(map(str, WATCHED_PARTS)) + ") and no semiconductor or computing keyword")
    return Verdict("candidate", "; ".join(reasons), suggest_instrument(doc_type, action),
                   suggest_category(title, abstract, entity_list))


def suggest_instrument(doc_type: str, action: str) -> str:
    """The measures.instrument a document of this type most likely is (a person confirms)."""
    kind, act = doc_type.lower(), action.lower()
    if "interim final rule" in act:
        return "interim_final_rule"
    if kind == "rule":
        return "final_rule"
    return "announcement"


def suggest_category(title: str, abstract: str, entity_list: bool) -> str:
    """The measures.category suggested from the title (first) and abstract."""
    for text in (title, abstract):
        if re.search(r"semiconductor manufacturing|lithograph|wafer|equipment", text, re.IGNORECASE):
            return "equipment"
        if re.search(r"advanced computing|integrated circuit|supercomputer|\bchips?\b|HBM|high[- ]bandwidth",
                     text, re.IGNORECASE):
            return "chips"
        if re.search(r"foreign[- ](produced )?direct product", text, re.IGNORECASE):
            return "extraterritorial"
    return "entity_listing" if entity_list else "framework"
