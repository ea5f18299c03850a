"""Who lists whom: the curated listings of key Chinese firms, as of a date.

>>> listing_status("2025-07-01").query("entity_id == 'smic'")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from toolkit.core.dates import to_timestamp

if TYPE_CHECKING:
    import pandas as pd


def listing_status(as_of: Any = "latest", jurisdictions: Iterable[str] | None = None, *,
                   data: Any = None) -> pd.DataFrame:
    """One row per tracked entity and jurisdiction: listed on ``as_of`` or not, since when, where.

    A listing counts from ``date_listed`` until ``date_removed``; a listing whose
    date was not verified counts as listed but shows no date (``date_verified``
    is False). Several lists of one jurisdiction (e.g. the US Entity List and the
    DoD 1260H list) are combined: the earliest date and every list name.
    """
    import pandas as pd

    from toolkit.data.loaders import load_dataset, load_listings
    ds = load_dataset(data)
    when = to_timestamp(as_of, "as_of")
    jurs = list(jurisdictions) if jurisdictions is not None else list(ds.schema.jurisdictions)
    listings = load_listings(ds.path)
    active = listings[(listings["date_listed"].isna() | (listings["date_listed"] <= when))
                      & (listings["date_removed"].isna() | (listings["date_removed"] > when))]
    entities = ds.frames["entities"]
    rows = []
    for ent in entities.itertuples(index=False):
        mine = active[active["entity_id"] == ent.entity_id]
        for jur in jurs:
            hits = mine[mine["jurisdiction"] == jur].sort_values("date_listed", na_position="last")
            rows.append({
                "entity_id": ent.entity_id, "name": ent.name, "name_zh": ent.name_zh,
                "jurisdiction": jur, "listed": len(hits) > 0,
                "since": hits["date_listed"].min() if len(hits) else pd.NaT,
                "date_verified": bool(hits["date_listed"].notna().all()) if len(hits) else False,
                "lists": "; ".join(dict.fromkeys(hits["list_name"])) if len(hits) else "",
                "source_id": hits["source_id"].iloc[0] if len(hits) else pd.NA,
            })
    out = pd.DataFrame(rows, columns=["entity_id", "name", "name_zh", "jurisdiction", "listed",
                                      "since", "date_verified", "lists", "source_id"])
    out["since"] = pd.to_datetime(out["since"])
    out.attrs["as_of"] = when.date().isoformat()
    return out


def listed_by_reference_only(status: pd.DataFrame, reference: str = "US",
                             others: Iterable[str] | None = None) -> pd.DataFrame:
    """Entities the reference lists that none of ``others`` (default: every other) lists."""
    others = [j for j in (others or status["jurisdiction"].unique()) if j != reference]
    wide = status.pivot_table(index=["entity_id", "name"], columns="jurisdiction", values="listed",
                              aggfunc="any", fill_value=False)
    mask = wide.get(reference, False) & ~wide[[j for j in others if j in wide]].any(axis=1)
    return wide[mask].reset_index()[["entity_id", "name"]]


def countermeasure_listings(as_of: Any = "latest", target: str = "CN", *,
                            data: Any = None) -> pd.DataFrame:
    """China's own listings of foreign firms (its Unreliable Entity List and export-control list):
    the measures of ``target`` in force on ``as_of`` that set its ``entity_list`` level, other
    than suspensions and relaxations. Columns are those of ``load_measures``; newest first."""
    from toolkit.data.loaders import load_dataset, load_measures, load_provisions
    ds = load_dataset(data)
    when = to_timestamp(as_of, "as_of")
    provisions = load_provisions(ds.path)
    ids = set(provisions[(provisions["jurisdiction"] == target)
                         & (provisions["dimension"] == "entity_list")]["measure_id"])
    m = load_measures(ds.path)
    start = m["date_effective"].fillna(m["date_announced"])
    own = m[m["measure_id"].isin(ids) & (m["category"] != "relaxation")
            & (m["instrument"] != "suspension") & (start <= when)]
    return own.assign(_start=start[own.index]).sort_values("_start", ascending=False) \
        .drop(columns="_start").reset_index(drop=True)
