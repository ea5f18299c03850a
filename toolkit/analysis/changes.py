"""How cells change over time: a cell's history, what changed between two dates, and how long
each jurisdiction took to follow a reference.

All three read the layered provisions of ``regime.prepare`` (codebook G1), so a level a
member state inherits from the EU, or a participant from the Wassenaar baseline, moves when
that layer moves. A provision that restates a level (G9) is a "restated" step: it changes
the governing measure, not the level.

>>> cell_history("JP", "advanced_equipment")                    # doctest: +SKIP
>>> diff("2023-01-01", "2025-12-31", jurisdictions=["JP"])      # doctest: +SKIP
>>> lags("advanced_equipment", followers={"NL": "NL-2023-regeling-…"})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from toolkit.analysis.regime import _Prepared, _select, prepare, regime_state
from toolkit.core.dates import is_missing, to_timestamp

if TYPE_CHECKING:
    import pandas as pd

HISTORY_COLUMNS = ["jurisdiction", "dimension", "date", "old_level", "new_level", "change",
                   "measure_id", "measure_title", "legal_citation", "source_id", "layer",
                   "date_precision", "applied"]
DIFF_COLUMNS = ["jurisdiction", "dimension", "old_level", "new_level", "change", "date_changed",
                "date_precision", "measure_id", "measure_title", "legal_citation", "source_id",
                "steps", "path", "measures"]


def _steps(p: _Prepared, jurisdiction: str, dimension: str) -> list[dict]:
    """Every provision that governed the cell, in force order, with the level before it."""
    if (jurisdiction, dimension) not in p.cells:
        return []
    rows, _ = p.cells[(jurisdiction, dimension)]
    frame = p.provisions.iloc[rows]
    levels = list(p.vocab.levels)
    out: list[dict] = []
    old = levels[0]
    for rec in frame.to_dict("records"):
        new = str(rec["level"])
        delta = levels.index(new) - levels.index(old)
        out.append({"jurisdiction": jurisdiction, "dimension": dimension,
                    "date": rec["_at"], "old_level": old, "new_level": new,
                    "change": "raised" if delta > 0 else "lowered" if delta < 0 else "restated",
                    **{k: (None if is_missing(rec.get(k)) else rec.get(k))
                       for k in ("measure_id", "measure_title", "legal_citation", "source_id",
                                 "layer", "date_precision")}})
        old = new
    for step, nxt in zip(out, out[1:] + [None]):
        # a step followed by another on the same date never governed a day (e.g. a rule
        # suspended before it took effect, codebook G5)
        step["applied"] = nxt is None or nxt["date"] > step["date"]
    return out


def cell_history(jurisdiction: str, dimension: str, *, data: Any = None) -> pd.DataFrame:
    """Every change of one cell: date, old and new level, and the measure that caused it.

    ``change`` is ``raised``, ``lowered`` or ``restated`` (a measure set the level it already
    had). ``applied`` is False for a step that was overtaken on its own date, such as a rule
    suspended before it took effect (its provision and the suspension share the date, G5).
    """
    import pandas as pd
    p = prepare(data)
    p.vocab.check(jurisdictions=[jurisdiction], dimensions=[dimension])
    frame = pd.DataFrame(_steps(p, jurisdiction, dimension), columns=HISTORY_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def diff(since: Any, until: Any = "latest", jurisdictions: Iterable[str] | None = None,
         dimensions: Iterable[str] | None = None, *, data: Any = None) -> pd.DataFrame:
    """One row per cell whose level or governing measure changed after ``since``, up to ``until``.

    ``old_level`` is the level on ``since``, ``new_level`` on ``until``. ``change`` is
    ``raised`` or ``lowered`` (net), ``reversed`` (the level moved inside the window and came
    back, e.g. a rule later suspended) or ``restated`` (same level, another measure governs).
    ``date_changed`` is when the level last changed inside the window (not when it was last
    restated); ``measure_id`` and its citation are the measure that made that change (for
    ``restated``, the measure governing on ``until``). ``steps`` lists every level change in
    the window in words ("none → broad on 2023-07-23 (JP-2023-…)"), ``path`` the same as a list
    of ``{date, level, measure_id, applied}``; ``measures``, every measure that governed the cell
    in between; ``date_precision`` is ``month`` when the change's date is known only to the
    month (codebook G7). ``diff(d, d)`` is empty.
    """
    import numpy as np
    import pandas as pd
    p = prepare(data)
    start, end = to_timestamp(since, "since"), to_timestamp(until, "until")
    if end < start:
        raise ValueError(f"until ({end.date()}) is before since ({start.date()})")
    jurs, dims = _select(p, jurisdictions, dimensions)
    levels = list(p.vocab.levels)
    prov = p.provisions
    codes, ids, days = _arrays(p)
    lo_stamp, hi_stamp = start.to_datetime64(), end.to_datetime64()
    rows = []
    for jur in jurs:
        for dim in dims:
            if (jur, dim) not in p.cells:
                continue
            cell, dates = p.cells[(jur, dim)]
            k0 = dates.searchsorted(lo_stamp, side="right")
            k1 = dates.searchsorted(hi_stamp, side="right")
            if k1 <= k0:
                continue
            seg = cell[k0:k1]
            old_code = int(codes[cell[k0 - 1]]) if k0 else 0
            seg_codes = codes[seg]
            prev = np.concatenate([[old_code], seg_codes[:-1]])
            moved = np.nonzero(seg_codes != prev)[0]
            new_code = int(seg_codes[-1])
            old_measure = ids[cell[k0 - 1]] if k0 else None
            if new_code == old_code and not len(moved) and ids[seg[-1]] == old_measure:
                continue
            delta = new_code - old_code
            change = ("raised" if delta > 0 else "lowered" if delta < 0
                      else "reversed" if len(moved) else "restated")
            cause = prov.iloc[seg[moved[-1]] if len(moved) else seg[-1]]
            seg_dates = dates[k0:k1]
            nxt = np.append(dates[k0 + 1:], np.datetime64("NaT"))[:k1 - k0]
            applied = np.isnat(nxt) | (nxt > seg_dates)
            path = [{"date": days[seg[i]], "level": levels[seg_codes[i]], "from": levels[prev[i]],
                     "measure_id": ids[seg[i]], "applied": bool(applied[i])} for i in moved]
            rows.append({
                "jurisdiction": jur, "dimension": dim, "old_level": levels[old_code],
                "new_level": levels[new_code], "change": change,
                "date_changed": pd.Timestamp(seg_dates[moved[-1]]) if len(moved) else pd.NaT,
                "date_precision": cause.get("date_precision") or "day",
                "measure_id": cause["measure_id"],
                **{k: (None if is_missing(cause.get(k)) else cause.get(k))
                   for k in ("measure_title", "legal_citation", "source_id")},
                "steps": _steps_text(path),
                "path": path,
                "measures": "; ".join(dict.fromkeys(ids[seg])),
            })
    result = pd.DataFrame(rows, columns=DIFF_COLUMNS)
    cat = pd.CategoricalDtype(levels, ordered=True)
    result["old_level"] = result["old_level"].astype(cat)
    result["new_level"] = result["new_level"].astype(cat)
    result["date_changed"] = pd.to_datetime(result["date_changed"])
    result.attrs.update(since=start.date().isoformat(), until=end.date().isoformat())
    return result


def _steps_text(path: list[dict], shown: int = 10) -> str:
    """The level changes in words; a cell that moved more than ``shown`` times says how many more."""
    text = "; ".join(f"{s['from']} → {s['level']} on {s['date']} ({s['measure_id']})"
                     for s in path[:shown])
    return text + (f"; … and {len(path) - shown} more" if len(path) > shown else "")


def _arrays(p: _Prepared) -> tuple:
    """Level codes, measure ids and ISO dates of the layered provisions, computed once per data."""
    cached = getattr(p, "_change_arrays", None)
    if cached is None:
        codes = p.provisions["level"].map({lv: i for i, lv in enumerate(p.vocab.levels)}).to_numpy()
        ids = p.provisions["measure_id"].to_numpy(dtype=object)
        days = p.provisions["_at"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        cached = p._change_arrays = (codes, ids, days)  # type: ignore[attr-defined]
    return cached


def lags(dimension: str, reference: str = "US", level: str | None = None,
         jurisdictions: Iterable[str] | None = None, *, as_of: Any = "latest",
         followers: Mapping[str, str] | None = None, data: Any = None) -> pd.DataFrame:
    """When each jurisdiction reached ``level`` on ``dimension``, and how long after the reference.

    The one definition of "follow" the toolkit uses. ``level`` defaults to the level the
    reference holds on ``as_of`` (so "follow" means matching the reference), or the lowest
    level above ``none`` when the reference has none. ``reference`` is a jurisdiction code or
    a measure id (then its jurisdiction, and its effective date on ``dimension``, are the
    reference's). ``followers`` maps a jurisdiction to a measure id whose effective date
    counts as that jurisdiction's, e.g. ``{"NL": "NL-2023-regeling-…"}`` for a national
    measure. China, the target of the controls, is never a follower.

    Columns: ``jurisdiction``, ``dimension``, ``level`` (the level measured), ``date_reached``,
    ``measure_id``, ``source_id``, ``reference``, ``reference_measure_id``, ``reference_date``,
    ``lag_days`` (negative when a jurisdiction moved first; missing when it never reached the
    level by ``as_of``), and where it stands on ``as_of``: ``current_level``,
    ``current_since`` (when it reached that level), ``current_measure_id``.
    """
    import pandas as pd

    from toolkit.analysis.regime import NOT_AN_ALLY
    p = prepare(data)
    when = to_timestamp(as_of, "as_of")
    ref_jur, ref_measure = _reference(p, reference, dimension)
    p.vocab.check(dimensions=[dimension], jurisdictions=[ref_jur])
    state = regime_state(when, dimensions=[dimension], data=p.provisions)
    current = state.set_index("jurisdiction")["level"].astype(str)
    if level is None:
        level = current.get(ref_jur, "none")
        if level == p.vocab.levels[0]:
            level = p.vocab.levels[1]
    p.vocab.check(levels=[level])
    rank = p.vocab.rank(level)
    others = [j for j in (jurisdictions if jurisdictions is not None else p.vocab.jurisdictions)
              if j != ref_jur and j not in NOT_AN_ALLY]
    p.vocab.check(jurisdictions=others)
    named = dict(followers or {})

    def reached(jur: str, measure: str | None) -> dict:
        steps = [s for s in _steps(p, jur, dimension) if s["date"] <= when and s["applied"]]
        if measure:
            hits = [s for s in steps if s["measure_id"] == measure]
            if not hits:
                raise ValueError(f"measure {measure!r} sets no level of {jur} on {dimension} "
                                 f"by {when.date()}")
            return hits[0]
        hits = [s for s in steps if p.vocab.rank(s["new_level"]) >= rank]
        return hits[0] if hits else {}

    ref = reached(ref_jur, ref_measure)
    rows = []
    for jur in others:
        got = reached(jur, named.get(jur))
        steps = [s for s in _steps(p, jur, dimension) if s["date"] <= when and s["applied"]]
        moves = [s for s in steps if s["change"] != "restated"]
        rows.append({"jurisdiction": jur, "dimension": dimension, "level": level,
                     "date_reached": got.get("date"), "measure_id": got.get("measure_id"),
                     "source_id": got.get("source_id"), "reference": ref_jur,
                     "reference_measure_id": ref.get("measure_id"),
                     "reference_date": ref.get("date"),
                     "current_level": current.get(jur, "none"),
                     "current_since": moves[-1]["date"] if moves else None,
                     "current_measure_id": moves[-1]["measure_id"] if moves else None})
    out = pd.DataFrame(rows, columns=["jurisdiction", "dimension", "level", "date_reached",
                                      "measure_id", "source_id", "reference",
                                      "reference_measure_id", "reference_date", "current_level",
                                      "current_since", "current_measure_id"])
    for col in ("date_reached", "reference_date", "current_since"):
        out[col] = pd.to_datetime(out[col])
    out["lag_days"] = (out["date_reached"] - out["reference_date"]).dt.days.astype("Int64")
    out.attrs.update(level=level, reference=ref_jur, dimension=dimension,
                     as_of=when.date().isoformat())
    return out


def _reference(p: _Prepared, reference: str, dimension: str) -> tuple[str, str | None]:
    """A jurisdiction code, or a measure id (its jurisdiction and the measure)."""
    if reference in p.vocab.jurisdictions:
        return reference, None
    rows = p.provisions[(p.provisions["measure_id"] == reference)
                        & (p.provisions["dimension"] == dimension)]
    if rows.empty:
        raise ValueError(f"reference {reference!r} is neither a jurisdiction "
                         f"({', '.join(p.vocab.jurisdictions)}) nor a measure setting {dimension}")
    return str(rows["jurisdiction"].iloc[0]), reference
