"""The two-page memo: ``reports/<name>.memo.pdf``, and the "In brief" section at the top of the
HTML briefing. Both are drawn from the same ``Briefing`` as the full briefing: the findings
``present.memo`` selects, its bottom line (written from their claims), the regime matrix the
notebook recorded and the level changes the findings claim. Nothing is typed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.present.labels import dimension_label
from toolkit.present.memo import bottom_line, change_rows, memo_findings
from toolkit.report.citations import cite_this

if TYPE_CHECKING:
    from toolkit.report.render import Briefing

#: Confidence of a coded measure, lowest first.
CONFIDENCE = ("low", "medium", "high")
QUALITY = {"official": "official publication", "company": "company's own statement",
           "law_firm": "law-firm alert", "press": "press report"}


def quality_label(source: dict) -> str:
    """A source's quality in words ("official publication", "press report" …)."""
    return QUALITY.get(source.get("source_quality") or "", "secondary source"
                       if source.get("source_type") == "secondary" else "")


def finding_confidence(finding: dict, matrix: dict | None) -> str:
    """The lowest confidence of the coded measures behind the levels a finding states (its
    ``state`` and ``gap`` claims, on the matrix's date); "" when it states none."""
    if not matrix:
        return ""
    cells = {(c["jurisdiction"], c["dimension"]): c for c in matrix["cells"]}
    found = []
    for claim in finding.get("claims", []):
        if claim.get("kind") not in ("state", "gap") or claim.get("as_of") != matrix.get("as_of"):
            continue
        keys = [(claim["jurisdiction"], claim["dimension"])]
        if claim["kind"] == "gap":
            keys.append((claim["reference"], claim["dimension"]))
        found += [cells[k]["confidence"] for k in keys
                  if k in cells and cells[k]["level"] != "none" and cells[k].get("confidence")]
    known = [c for c in found if c in CONFIDENCE]
    return min(known, key=CONFIDENCE.index) if known else ""


def memo_context(b: Briefing, own_numbers: bool) -> dict:
    """What the memo template needs. ``own_numbers``: the memo PDF numbers its few sources
    1, 2, …; the HTML's "In brief" uses the briefing's footnote numbers (links into its
    bibliography)."""
    reference = b.meta.get("reference", "US")
    names = (b.matrix or {}).get("names") or {}
    cited = [dict(f, citations=[r["id"] for r in f.get("refs", [])]) for f in b.findings]
    by_id = {s["source_id"]: s for s in b.sources}
    numbers: dict[str, int] = {}
    findings = []
    for f in memo_findings(cited, reference):
        sid = f["citations"][0]
        n = numbers.setdefault(sid, len(numbers) + 1) if own_numbers else b.footnotes[sid]
        findings.append({"text": f["text"], "hypothetical": f.get("hypothetical", False),
                         "ref": {"id": sid, "n": n}, "quality": quality_label(by_id.get(sid, {})),
                         "confidence": finding_confidence(f, b.matrix)})
    counts = [c for f in b.findings for c in f.get("claims", [])
              if c.get("kind") == "count" and c.get("what") == "level changes"]
    changes = change_rows(b.findings)
    return {"bottom_line": [s["text"] for s in bottom_line(b.findings, reference, names)],
            "findings": findings, "matrix": matrix_table(b.matrix),
            "since": counts[0]["since"] if counts else None,
            "changes": changes,
            "changes_block": {"caption": "What changed", "columns": [
                "Jurisdiction", "Dimension", "Level", "Date"], "rows": [
                [c["jurisdiction"], c["dimension"], level_move(c), c["date"]] for c in changes]},
            "sources": [dict(by_id[sid], n=n, quality=quality_label(by_id[sid]))
                        for sid, n in numbers.items()],
            "cite": cite_this(b.title, b.meta, b.provenance)}


def level_move(change: dict) -> str:
    """"none → limited", or for a level that moved and came back, "moved and came back to none"."""
    if change["change"] == "reversed":
        return f"moved and came back to {change['new_level']}"
    return f"{change['old_level']} → {change['new_level']}"


def matrix_table(matrix: dict | None) -> dict | None:
    """The regime matrix as a table: a row per dimension, a column per jurisdiction, each cell
    its level and the confidence of the measure that set it."""
    if not matrix:
        return None
    cells = {(c["jurisdiction"], c["dimension"]): c for c in matrix["cells"]}
    rows = [{"dimension": dimension_label(d),
             "cells": [cells.get((j, d), {"level": "none"}) for j in matrix["jurisdictions"]]}
            for d in matrix["dimensions"]]
    low = [f"{c['jurisdiction']} {dimension_label(c['dimension'])}" for c in matrix["cells"]
           if c["level"] != "none" and c.get("confidence") == "low"]
    block = {"caption": f"Regime matrix on {matrix.get('as_of')}",
             "columns": ["Dimension", *matrix["jurisdictions"]],
             "rows": [[r["dimension"], *(c["level"] for c in r["cells"])] for r in rows]}
    return {"as_of": matrix.get("as_of"), "jurisdictions": matrix["jurisdictions"],
            "names": matrix.get("names") or {}, "rows": rows, "low": low, "block": block}


def render_memo_html(b: Briefing) -> str:
    """The memo as the HTML WeasyPrint prints (A4, two pages at most)."""
    from toolkit.report.render import _css, _environment
    return _environment().get_template("memo.html.j2").render(
        b=b, m=memo_context(b, own_numbers=True), mode="memo", css=_css())


def render_memo_pdf(b: Briefing) -> bytes:
    from toolkit.report.render import print_pdf
    return print_pdf(render_memo_html(b), b.title)


def evidence_note(finding: dict, b: Briefing) -> str:
    """What stands behind a finding, for the reader to weigh it: the quality of the sources it
    cites and the confidence of the coded levels it states ("2 official publications, 1 press
    report; confidence medium")."""
    by_id = {s["source_id"]: s for s in b.sources}
    counts: dict[str, int] = {}
    for r in finding.get("refs", []):
        label = quality_label(by_id.get(r["id"], {})) or "source"
        counts[label] = counts.get(label, 0) + 1
    parts = [", ".join(f"{n} {label}" + ("s" if n > 1 and not label.endswith("s") else "")
                       for label, n in counts.items())]
    confidence = finding_confidence(finding, b.matrix)
    if confidence:
        parts.append(f"confidence {confidence}")
    return "; ".join(p for p in parts if p)
