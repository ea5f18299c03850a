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


#: Where the firms these lists matter for are registered: mainland China, Hong Kong, Macau
#: (fronts and procurement companies are often in Hong Kong).
TARGET_COUNTRIES = ("CN", "HK", "MO")


def curated_lists(status: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The curated listings (``listing_status``) as one list per jurisdiction, for
    ``compare_lists``: ``name``, ``aliases`` (the Chinese name) and ``date_listed``."""
    import pandas as pd
    out = {}
    for jur, rows in status[status["listed"]].groupby("jurisdiction", sort=False):
        out[str(jur)] = pd.DataFrame({
            "name": rows["name"].to_numpy(),
            "aliases": [[n] if isinstance(n, str) and n else [] for n in rows["name_zh"]],
            "date_listed": rows["since"].to_numpy()})
    return out


def screening_entries(frame: pd.DataFrame, lists: Iterable[str] | None = None,
                      countries: Iterable[str] | None = TARGET_COUNTRIES) -> pd.DataFrame:
    """Entries of a loaded CSL (``load_csl``) or OpenSanctions file (``load_opensanctions``)
    for ``compare_lists``: ``name``, ``aliases``, ``date_listed``.

    ``lists``: the CSL ``source`` lists to keep (None: all). ``countries``: keep entries with
    an address (CSL) or country (OpenSanctions) in one of these ISO codes (None: all); entries
    naming none are dropped, since nothing ties them to the countries compared.
    """
    import pandas as pd
    keep = pd.Series(True, index=frame.index)
    if lists is not None and "source" in frame:
        keep &= frame["source"].isin(list(lists))
    if countries is not None:
        wanted = {c.upper() for c in countries}
        keep &= frame["countries"].map(lambda cs: bool(wanted & {str(c).upper() for c in cs or []}))
    rows = frame[keep]
    aliases = rows["alt_names"] if "alt_names" in rows else rows["aliases"]
    dates = rows["start_date"] if "start_date" in rows else rows["first_seen"]
    return pd.DataFrame({"name": rows["name"].to_numpy(), "aliases": aliases.to_numpy(),
                         "date_listed": dates.to_numpy()})


def listed_only_by(frame: pd.DataFrame, jurisdiction: str,
                   others: Iterable[str] | None = None) -> pd.DataFrame:
    """The entities ``jurisdiction`` lists and none of ``others`` (default: every other) lists.

    ``frame`` is either ``compare_lists``' result (a ``listed_by`` column) or
    ``listing_status``' (one row per entity and jurisdiction).

    >>> listed_only_by(compare_lists({"US": csl, "JP": eul}), "US")   # doctest: +SKIP
    """
    if "listed_by" not in frame:
        return listed_by_reference_only(frame, jurisdiction, others)
    if jurisdiction not in frame:
        raise ValueError(f"no list {jurisdiction!r} in the frame; lists: "
                         + ", ".join(c for c in frame.columns if f"{c}_since" in frame))
    rivals = set(others) if others is not None else None

    def alone(listed_by: list[str]) -> bool:
        rest = {j for j in listed_by if j != jurisdiction}
        return jurisdiction in listed_by and not (rest & rivals if rivals is not None else rest)
    return frame[frame["listed_by"].map(alone)].reset_index(drop=True)


#: CSL fields whose change makes an entry "changed" between two snapshots.
SNAPSHOT_FIELDS = ("type", "programs", "alt_names", "addresses", "federal_register_notice",
                   "start_date", "end_date", "license_requirement", "license_policy", "remarks")


def compare_snapshots(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """What changed between two CSL snapshots (``load_csl``): entries added, removed, changed.

    Entries are matched on the CSL's ``id`` when both files have ids, else on the list
    (``source``) and the normalised name. Returns one row per difference: ``change``
    ("added", "removed", "changed"), ``source``, ``name``, ``fields`` (the fields that
    changed, for "changed"), ``old`` and ``new`` (those fields' values), sorted by change,
    list and name.

    >>> compare_snapshots(load_csl("csl-2024-01.csv"), load_csl("csl-2024-06.csv"))  # doctest: +SKIP
    """
    import pandas as pd

    from toolkit.analysis.entities import normalize_name
    by_id = all(_has_ids(f) for f in (old, new))

    def keyed(frame: pd.DataFrame) -> dict:
        keys = (frame["id"] if by_id else
                frame["source"].astype(str) + "\0" + frame["name"].map(normalize_name))
        return dict(zip(keys, frame.to_dict("records")))
    before, after = keyed(old), keyed(new)
    rows = []
    for key in after.keys() - before.keys():
        rows.append({"change": "added", **_who(after[key]), "fields": [], "old": {}, "new": {}})
    for key in before.keys() - after.keys():
        rows.append({"change": "removed", **_who(before[key]), "fields": [], "old": {}, "new": {}})
    for key in before.keys() & after.keys():
        was, now = before[key], after[key]
        fields = [f for f in SNAPSHOT_FIELDS if f in was and _plain(was[f]) != _plain(now.get(f))]
        if fields:
            rows.append({"change": "changed", **_who(now), "fields": fields,
                         "old": {f: _plain(was[f]) for f in fields},
                         "new": {f: _plain(now.get(f)) for f in fields}})
    out = pd.DataFrame(rows, columns=["change", "source", "name", "fields", "old", "new"])
    order = {"added": 0, "removed": 1, "changed": 2}
    return out.sort_values(["change", "source", "name"], key=lambda s: s.map(order)
                           if s.name == "change" else s).reset_index(drop=True)


def _has_ids(frame: pd.DataFrame) -> bool:
    return "id" in frame and bool(len(frame)) and frame["id"].map(
        lambda v: isinstance(v, str) and v not in ("", "None")).all()


def _who(record: dict) -> dict:
    return {"source": record.get("source"), "name": record.get("name")}


def _plain(value: Any) -> Any:
    """A cell comparable across files: lists as tuples, missing as None, dates as YYYY-MM-DD."""
    from toolkit.core.dates import is_missing
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    if is_missing(value) or value in ("", "None"):
        return None
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else value
