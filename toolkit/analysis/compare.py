"""Compare regimes: gaps against a reference, alignment, changes between dates, lags, scenarios.

Every function takes ``data=`` like ``regime_state`` (a data directory, a ``Dataset`` or a
provisions frame) and reads the state from it; see ``toolkit.analysis.regime``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.analysis.regime import (
    NOT_AN_ALLY,
    _Prepared,
    prepare,
    regime_matrix,
    regime_state,
)
from toolkit.core.dates import to_timestamp

if TYPE_CHECKING:
    import pandas as pd


def _allies(p: _Prepared, reference: str, jurisdictions) -> list[str]:
    """The jurisdictions compared with the reference: never the reference itself, and never
    China, the target of the controls (its measures are countermeasures, not a shortfall)."""
    p.vocab.check(jurisdictions=[reference])
    candidates = list(jurisdictions) if jurisdictions is not None else list(p.vocab.jurisdictions)
    return [j for j in candidates if j != reference and j not in NOT_AN_ALLY]


def gaps(as_of: Any = "latest", reference: str = "US", jurisdictions: Iterable[str] | None = None,
         dimensions: Iterable[str] | None = None, *, data: Any = None) -> pd.DataFrame:
    """Each cell where a jurisdiction's level is below the reference's, with both levels.

    Compares every ally (by default all jurisdictions but the reference), never China.
    """
    p = prepare(data)
    allies = _allies(p, reference, jurisdictions)
    state = regime_state(as_of, [reference, *allies], dimensions, data=data)
    return _gaps_from_state(state, reference)


def _gaps_from_state(state: pd.DataFrame, reference: str) -> pd.DataFrame:
    ref = state[state["jurisdiction"] == reference].set_index("dimension")
    others = state[state["jurisdiction"] != reference].copy()
    ref_cols = {"level": "reference_level", "measure_id": "reference_measure_id",
                "date_effective": "reference_date", "legal_citation": "reference_citation",
                "source_id": "reference_source_id"}
    for src, dst in ref_cols.items():
        others[dst] = others["dimension"].map(ref[src])
    others["reference"] = reference
    below = others["level"].cat.codes < others["dimension"].map(ref["level"].cat.codes)
    result = others[below.to_numpy()]
    cols = ["jurisdiction", "dimension", "level", "reference", "reference_level",
            "reference_measure_id", "reference_date", "reference_citation", "reference_source_id",
            "measure_id", "source_id"]
    result = result[cols].reset_index(drop=True)
    result["reference_level"] = result["reference_level"].astype(state["level"].dtype)
    result.attrs.update(state.attrs, reference=reference)
    return result


def alignment(as_of: Any = "latest", reference: str = "US",
              jurisdictions: Iterable[str] | None = None, *, data: Any = None) -> pd.DataFrame:
    """How much of the reference's regime each jurisdiction matches, from 0 to 1.

    Formula: over the dimensions where the reference's level is above ``none``,
    the mean of ``min(rank(j), rank(ref)) / rank(ref)``, with ranks none=0,
    limited=1, broad=2. A jurisdiction matching every reference control scores
    1; going further than the reference earns nothing extra; ``limited``
    against a ``broad`` reference counts one half. Also returned: how many of
    those dimensions are fully matched, partly matched and missing.
    """
    import pandas as pd
    p = prepare(data)
    allies = _allies(p, reference, jurisdictions)
    state = regime_state(as_of, [reference, *allies], data=data)
    codes = state.assign(rank=state["level"].cat.codes)
    ref = codes[codes["jurisdiction"] == reference].set_index("dimension")["rank"]
    active = ref[ref > 0]
    rows = []
    for jur in allies:
        mine = codes[codes["jurisdiction"] == jur].set_index("dimension")["rank"].reindex(active.index)
        ratio = (mine.clip(upper=active) / active) if len(active) else mine
        rows.append({
            "jurisdiction": jur,
            "score": float(ratio.mean()) if len(active) else float("nan"),
            "dimensions_compared": int(len(active)),
            "matched": int((mine >= active).sum()),
            "partial": int(((mine > 0) & (mine < active)).sum()),
            "missing": int((mine == 0).sum()),
        })
    result = pd.DataFrame(rows, columns=["jurisdiction", "score", "dimensions_compared",
                                         "matched", "partial", "missing"])
    result.attrs.update(as_of=state.attrs["as_of"], reference=reference)
    return result.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


@dataclass
class Change:
    """A hypothetical provision: ``jurisdiction`` sets ``dimension`` to ``level``.

    ``level="reference"`` means "match the reference's level on that date".
    """

    jurisdiction: str
    dimension: str
    level: str = "reference"


def parse_changes(changes: Any) -> list[Change]:
    """Accept ``Change`` objects, dicts, or strings like ``"JP,NL,KR:equipment_servicing=broad"``.

    A dict may name several jurisdictions: ``{"jurisdictions": ["JP", "NL"],
    "dimension": "equipment_servicing", "level": "broad"}``.
    """
    if changes is None:
        return []
    if isinstance(changes, (str, dict, Change)):
        changes = [changes]
    out: list[Change] = []
    for item in changes:
        if isinstance(item, Change):
            out.append(item)
        elif isinstance(item, dict):
            jurs = item.get("jurisdictions") or [item.get("jurisdiction")]
            if isinstance(jurs, str):
                jurs = [j.strip() for j in jurs.split(",")]
            for jur in jurs:
                out.append(Change(jur, item["dimension"], item.get("level", "reference")))
        elif isinstance(item, str):
            match = re.fullmatch(r"\s*([A-Za-z, ]+):\s*([a-z_]+)\s*(?:=\s*([a-z]+))?\s*", item)
            if not match:
                raise ValueError(f"scenario change {item!r}: expected 'JP,NL:dimension=level' "
                                 "(level optional: defaults to the reference's)")
            for jur in match.group(1).split(","):
                out.append(Change(jur.strip().upper(), match.group(2), match.group(3) or "reference"))
        else:
            raise ValueError(f"scenario change {item!r}: expected a string, dict or Change")
    return out


@dataclass
class ScenarioResult:
    """Baseline and hypothetical matrix and gaps; everything here is marked hypothetical."""

    as_of: str
    reference: str
    changes: pd.DataFrame
    matrix: pd.DataFrame
    gaps: pd.DataFrame
    baseline_matrix: pd.DataFrame
    baseline_gaps: pd.DataFrame
    state: pd.DataFrame
    label: str = "HYPOTHETICAL SCENARIO: not measures in force"

    @property
    def closed_gaps(self) -> pd.DataFrame:
        keys = ["jurisdiction", "dimension"]
        merged = self.baseline_gaps.merge(self.gaps[keys], on=keys, how="left", indicator=True)
        closed = merged[merged["_merge"] == "left_only"].drop(columns="_merge")
        return closed.assign(hypothetical=True).reset_index(drop=True)


def scenario(as_of: Any, changes: Any, reference: str = "US",
             jurisdictions: Iterable[str] | None = None, *, data: Any = None) -> ScenarioResult:
    """The matrix and gaps if hypothetical provisions took effect on ``as_of``.

    >>> scenario("2024-04-26", "JP,NL,KR:equipment_servicing")  # doctest: +SKIP
    """
    import pandas as pd
    p = prepare(data)
    when = to_timestamp(as_of, "as_of")
    parsed = parse_changes(changes)
    base_state = regime_state(when, data=p.provisions)
    ref_levels = base_state[base_state["jurisdiction"] == reference].set_index("dimension")["level"]
    rows = []
    for i, ch in enumerate(parsed, 1):
        p.vocab.check(jurisdictions=[ch.jurisdiction], dimensions=[ch.dimension])
        lvl = str(ref_levels[ch.dimension]) if ch.level == "reference" else ch.level
        p.vocab.check(levels=[lvl])
        rows.append({"measure_id": f"HYPOTHETICAL-{i}", "jurisdiction": ch.jurisdiction,
                     "dimension": ch.dimension, "level": lvl, "date_effective": when,
                     "legal_citation": pd.NA, "source_id": pd.NA,
                     "measure_title": "Hypothetical provision (scenario)",
                     "note": "hypothetical: not a measure in force"})
    hypo = pd.DataFrame(rows, columns=["measure_id", "jurisdiction", "dimension", "level",
                                       "date_effective", "legal_citation", "source_id",
                                       "measure_title", "note"])
    combined = pd.concat([p.provisions, hypo], ignore_index=True) if len(hypo) else p.provisions
    jurs = list(jurisdictions) if jurisdictions is not None else None
    base_matrix = regime_matrix(when, jurs, data=p.provisions)
    new_matrix = regime_matrix(when, jurs, data=combined)
    base_gaps = gaps(when, reference, jurisdictions, data=p.provisions)
    new_gaps = gaps(when, reference, jurisdictions, data=combined)
    new_gaps["hypothetical"] = new_gaps["measure_id"].fillna("").str.startswith("HYPOTHETICAL")
    new_state = regime_state(when, jurs, data=combined)
    new_state["hypothetical"] = new_state["measure_id"].fillna("").str.startswith("HYPOTHETICAL")
    for frame in (new_matrix, new_gaps, hypo, new_state):
        frame.attrs["hypothetical"] = True
        frame.attrs["label"] = ScenarioResult.label
    hypo["hypothetical"] = True
    return ScenarioResult(when.date().isoformat(), reference, hypo, new_matrix, new_gaps,
                          base_matrix, base_gaps, new_state)
