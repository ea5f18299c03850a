"""What a two-page memo keeps of a briefing: a few of its recorded findings, a bottom line
written from the claims those findings carry, and the level changes as rows.

Pure functions over the finding dicts notebooks record (``Finding.to_dict()``): nothing is
typed here that the findings' claims do not say, so the memo cannot disagree with the full
briefing or with the data (``tests/test_claims.py`` checks every claim against the data).
"""

from __future__ import annotations

from toolkit.present.labels import dimension_label, join_words, jurisdiction_name

#: At most this many findings in a memo.
MEMO_FINDINGS = 5
#: The kinds of finding a memo keeps, most important first, one finding of each: what the
#: reference controls, an ally's gap, a change, a lag, a listing, the target's countermeasures,
#: a hypothetical scenario.
PRIORITY = ("reference", "gap", "change", "lag", "listing", "target", "scenario")


def _kind(finding: dict, reference: str) -> str:
    claims = finding.get("claims") or [{}]
    kind = claims[0].get("kind", "")
    if kind == "state":
        return "reference" if claims[0].get("jurisdiction") == reference else "target"
    return kind


def memo_findings(findings: list[dict], reference: str = "US",
                  limit: int = MEMO_FINDINGS) -> list[dict]:
    """Up to ``limit`` findings, the first recorded of each kind in ``PRIORITY`` order, each
    with one citation (its first). Findings that cite nothing are left to the full briefing.

    >>> f = [{"text": "a", "citations": ["s1", "s2"], "claims": [{"kind": "gap"}]},
    ...      {"text": "b", "citations": [], "claims": [{"kind": "count"}]}]
    >>> [(m["text"], m["citations"]) for m in memo_findings(f)]
    [('a', ['s1'])]
    """
    first: dict[str, dict] = {}
    for finding in findings:
        kind = _kind(finding, reference)
        if finding.get("citations") and kind in PRIORITY:
            first.setdefault(kind, finding)
    chosen = [first[k] for k in PRIORITY if k in first][:limit]
    return [dict(f, citations=f["citations"][:1]) for f in chosen]


def bottom_line(findings: list[dict], reference: str = "US",
                names: dict[str, str] | None = None) -> list[dict]:
    """Two or three sentences, each with the claims it summarises: what the reference controls,
    how far the allies fall short of it, how many levels changed. Written from the recorded
    findings' claims only; a kind of claim that was not recorded gives no sentence."""
    claims = [c for f in findings if not f.get("hypothetical") for c in f.get("claims", [])]
    out = []
    ref = jurisdiction_name(reference, names)
    state = [c for c in claims if c["kind"] == "state" and c["jurisdiction"] == reference]
    if state:
        active = [c for c in state if c["level"] != "none"]
        broad = [c for c in active if c["level"] == "broad"]
        out.append({"text": f"On {state[0]['as_of']}, {ref} had controls on {len(active)} of the "
                            f"{len(state)} regime dimensions compared, {len(broad)} of them broad.",
                    "claims": state})
    gaps = [c for c in claims if c["kind"] == "gap" and c["reference"] == reference]
    if gaps:
        per: dict[str, int] = {}
        for c in gaps:
            per[c["jurisdiction"]] = per.get(c["jurisdiction"], 0) + 1
        low, high = min(per.values()), max(per.values())

        def who(n: int) -> str:
            return join_words([jurisdiction_name(j, names) for j, k in per.items() if k == n])
        spread = (f"on {low} dimensions each" if low == high else
                  f"on {low} to {high} dimensions each: {who(low)} on {low}, {who(high)} on {high}")
        allies = f"{len(per)} {'ally' if len(per) == 1 else 'allies'} compared"
        if len(per) == 1:
            spread = f"on {low} {'dimension' if low == 1 else 'dimensions'}"
        out.append({"text": f"On {gaps[0]['as_of']}, {allies} fell short of {ref} {spread}.",
                    "claims": gaps})
    counts = [f for f in findings if any(c["kind"] == "count" and c.get("what") == "level changes"
                                         for c in f.get("claims", []))]
    if counts:
        out.append({"text": counts[0]["text"], "claims": counts[0]["claims"]})
    return out


def change_rows(findings: list[dict]) -> list[dict]:
    """Every level change the findings claim, as table rows (jurisdiction, dimension, from, to,
    how, when), in the order recorded."""
    rows = []
    for f in findings:
        for c in f.get("claims", []):
            if c["kind"] != "change":
                continue
            when = c.get("date") or "date not verified"
            if c.get("date_precision") == "month" and c.get("date"):
                when = c["date"][:7] + " (day not verified)"
            rows.append({"jurisdiction": c["jurisdiction"], "dimension": dimension_label(c["dimension"]),
                         "old_level": c["old_level"], "new_level": c["new_level"],
                         "change": c["change"], "date": when})
    return rows


def finding_groups(findings: list[dict], reference: str = "US",
                   names: dict[str, str] | None = None) -> list[tuple[str, list[dict]]]:
    """The key findings under short headings by what they are about, in the order recorded:
    the reference's controls, gaps, changes, lags, listings, the target's countermeasures …"""
    ref = jurisdiction_name(reference, names)
    labels = {"reference": f"What {ref} controls", "gap": f"Gaps against {ref}",
              "change": "What changed", "lag": "How long allies took to follow",
              "listing": "Who lists whom", "target": "Countermeasures",
              "scenario": "Hypothetical scenario", "timeline": "The timeline"}
    groups: dict[str, list[dict]] = {}
    for f in findings:
        kind = _kind(f, reference)
        what = (f.get("claims") or [{}])[0].get("what", "")
        if kind == "count":
            kind = {"level changes": "change", "timeline measures": "timeline"}.get(
                what, "target" if "listings" in what else "timeline")
        groups.setdefault(labels.get(kind, "Other findings"), []).append(f)
    return list(groups.items())
