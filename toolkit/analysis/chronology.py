"""Measures and context events in date order, announced and effective dates both kept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from toolkit.core.dates import to_timestamp

if TYPE_CHECKING:
    import pandas as pd

TIMELINE_COLUMNS = ["date", "kind", "id", "jurisdiction", "title", "category", "instrument",
                    "actor", "date_announced", "date_effective", "legal_citation", "source_id",
                    "source_url", "confidence", "summary"]


def timeline(start: Any = None, end: Any = None, jurisdictions: Iterable[str] | None = None,
             categories: Iterable[str] | None = None, include_events: bool = True, *,
             data: Any = None) -> pd.DataFrame:
    """Measures (and events) between ``start`` and ``end`` inclusive, oldest first.

    ``date`` is when a measure was announced (or, when that is not verified,
    when it took effect); measures with neither date are left out. Events are
    kept when ``include_events``; ``categories`` filters measures only, and
    ``jurisdictions`` filters events that name a jurisdiction (events with none
    are context for all and kept).
    """
    from toolkit.data.loaders import load_dataset

    ds = load_dataset(data)
    jurs = list(jurisdictions) if jurisdictions is not None else None
    cats = list(categories) if categories is not None else None
    checks: list[tuple[str, list[str] | None, list[str]]] = [
        ("jurisdiction", jurs, list(ds.schema.jurisdictions)),
        ("category", cats, list(ds.schema.resources["measures"].field("category").enum or ()))]
    for kind, given, known in checks:
        unknown = [g for g in given or () if g not in known]
        if unknown:
            raise ValueError(f"unknown {kind} {unknown[0]!r}; expected one of {', '.join(known)}")
    out = _base(ds)
    if jurs is not None:
        named = out["jurisdiction"].isin(jurs)
        out = out[named | ((out["kind"] == "event") & out["jurisdiction"].isna())]
    if cats is not None:
        out = out[(out["kind"] == "event") | out["category"].isin(cats)]
    if not include_events:
        out = out[out["kind"] == "measure"]
    if start is not None:
        out = out[out["date"] >= to_timestamp(start, "start")]
    if end is not None:
        out = out[out["date"] <= to_timestamp(end, "end")]
    return out.reset_index(drop=True)


_BASE: dict = {}


def _base(ds) -> pd.DataFrame:
    """Every measure and event of a dataset in date order, built once per data checksum."""
    import pandas as pd

    from toolkit.data.loaders import load_events, load_measures
    key = (str(ds.path), ds.checksum)
    if key in _BASE:
        return _BASE[key]
    measures = load_measures(ds)
    m = pd.DataFrame({
        "date": measures["date_announced"].fillna(measures["date_effective"]),
        "kind": "measure", "id": measures["measure_id"], "jurisdiction": measures["jurisdiction"],
        "title": measures["title"], "category": measures["category"],
        "instrument": measures["instrument"], "actor": measures["authority"],
        "date_announced": measures["date_announced"], "date_effective": measures["date_effective"],
        "legal_citation": measures["legal_citation"], "source_id": measures["source_id"],
        "source_url": measures["source_url"], "confidence": measures["confidence"],
        "summary": measures["summary"],
    })
    events = load_events(ds)
    e = pd.DataFrame({
        "date": events["date"], "kind": "event", "id": events["event_id"],
        "jurisdiction": events["jurisdiction"], "title": events["title"],
        "category": pd.NA, "instrument": pd.NA, "actor": events["actor"],
        "date_announced": pd.NaT, "date_effective": pd.NaT, "legal_citation": pd.NA,
        "source_id": events["source_id"], "source_url": events["source_url"],
        "confidence": events["confidence"], "summary": events["description"],
    })
    parts = [p.astype({"date_announced": "datetime64[ns]", "date_effective": "datetime64[ns]",
                       "date": "datetime64[ns]", "category": "string", "instrument": "string"})
             for p in (m, e)]
    out = pd.concat(parts, ignore_index=True).dropna(subset=["date"])
    out = out.sort_values(["date", "kind", "id"], kind="stable").reset_index(drop=True)
    _BASE.clear()
    _BASE[key] = out[TIMELINE_COLUMNS]
    return _BASE[key]
