"""Key-finding sentences generated from analysis frames, each with its citations and claims.

Pure functions: frames in, ``Finding`` objects out. Every sentence is written from structured
claims (jurisdiction, dimension, level, date, measure) that travel with it, so a test can
rebuild each claim from the data and check the sentence against it. Sentences always name
the level they speak of ("broad controls on advanced equipment"), never just "controls".
The templates turn each finding's source ids into numbered footnotes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.analysis.regime import NOT_AN_ALLY
from toolkit.core.dates import is_missing
from toolkit.core.model import Finding
from toolkit.present.labels import dimension_phrase, join_words, jurisdiction_name, number

if TYPE_CHECKING:
    import pandas as pd

#: China, the target of the controls compared here: its measures are countermeasures.
TARGET = NOT_AN_ALLY[0]


def _ids(series) -> list[str]:
    return [str(s) for s in series if isinstance(s, str) and s]


def _day(value: Any) -> str | None:
    return None if is_missing(value) else f"{value:%Y-%m-%d}"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def reference_findings(state: pd.DataFrame, reference: str = "US",
                       names: dict[str, str] | None = None) -> list[Finding]:
    """What the reference jurisdiction controls on the as-of date, level by level."""
    as_of = state.attrs.get("as_of")
    ref = state[state["jurisdiction"] == reference]
    if ref.empty:
        return []
    who = jurisdiction_name(reference, names)
    active = ref[ref["level"].astype(str) != "none"]
    claims = [{"kind": "state", "jurisdiction": reference, "dimension": r.dimension,
               "level": str(r.level), "as_of": as_of} for r in ref.itertuples(index=False)]
    if active.empty:
        return [Finding(_sentence(f"on {as_of}, {who} had no recorded control on the "
                                  f"{_plural(len(ref), 'dimension')} compared."), [], claims=claims)]
    parts = []
    for level in ("broad", "limited"):
        dims = [dimension_phrase(d) for d in active.loc[active["level"].astype(str) == level,
                                                        "dimension"]]
        if dims:
            parts.append(f"{level} controls on {join_words(dims)}")
    text = (f"On {as_of}, {who} had controls on {len(active)} of the "
            f"{_plural(len(ref), 'regime dimension')} compared: {'; '.join(parts)}.")
    return [Finding(text, _ids(active["source_id"]), claims=claims)]


def countermeasure_findings(state: pd.DataFrame, names: dict[str, str] | None = None,
                            target: str = TARGET) -> list[Finding]:
    """What China, the target of the controls, controls in return on the as-of date."""
    as_of = state.attrs.get("as_of")
    rows = state[(state["jurisdiction"] == target) & (state["level"].astype(str) != "none")]
    if rows.empty:
        return []
    parts = [f"{r.level} on {dimension_phrase(r.dimension)}"
             + (f" (since {_day(r.level_since)})" if _day(r.level_since) else "")
             for r in rows.itertuples(index=False)]
    claims = [{"kind": "state", "jurisdiction": target, "dimension": r.dimension,
               "level": str(r.level), "as_of": as_of, "since": _day(r.level_since)}
              for r in rows.itertuples(index=False)]
    who = jurisdiction_name(target, names)
    text = (f"{who}, the target of these controls, answers with countermeasures; on {as_of} they "
            f"were {join_words(parts)}.")
    return [Finding(_sentence(text), _ids(rows["source_id"]), claims=claims)]


def gap_findings(gap_frame: pd.DataFrame, names: dict[str, str] | None = None,
                 hypothetical: bool = False) -> list[Finding]:
    """One sentence per ally that falls short of the reference, naming both levels."""
    reference = gap_frame.attrs.get("reference", "US")
    as_of = gap_frame.attrs.get("as_of")
    ref = jurisdiction_name(reference, names)
    out = []
    for jur, rows in gap_frame.groupby("jurisdiction", sort=False):
        if jur == TARGET:
            continue
        parts = [f"{dimension_phrase(r.dimension)} ({r.level} against {r.reference_level})"
                 for r in rows.itertuples(index=False)]
        claims = [{"kind": "gap", "jurisdiction": jur, "dimension": r.dimension,
                   "level": str(r.level), "reference": reference,
                   "reference_level": str(r.reference_level), "as_of": as_of}
                  for r in rows.itertuples(index=False)]
        text = (f"On {as_of}, {jurisdiction_name(jur, names)} fell short of {ref} on "
                f"{_plural(len(parts), 'dimension')}: {join_words(parts)}.")
        out.append(Finding(_sentence(text), _ids(rows["reference_source_id"]) + _ids(rows["source_id"]),
                           hypothetical, claims=claims))
    return out


def change_findings(diff_frame: pd.DataFrame, names: dict[str, str] | None = None) -> list[Finding]:
    """Every level change between two dates, one sentence per jurisdiction (restatements,
    which change no level, stay in the change table)."""
    since, until = diff_frame.attrs.get("since"), diff_frame.attrs.get("until")
    moved = diff_frame[diff_frame["change"] != "restated"]
    count = {"kind": "count", "what": "level changes", "since": since, "until": until,
             "count": int(len(moved)),
             "jurisdictions": sorted(diff_frame["jurisdiction"].unique().tolist())}
    if moved.empty:
        return [Finding(f"No control level changed between {since} and {until}.", claims=[count])]
    out = [Finding(f"Between {since} and {until}, {_plural(len(moved), 'control level')} changed "
                   f"in {_plural(moved['jurisdiction'].nunique(), 'jurisdiction')}.",
                   claims=[count])]
    for jur, rows in moved.groupby("jurisdiction", sort=False):
        parts, claims = [], []
        for r in rows.itertuples(index=False):
            parts.append(_change_words(r))
            claims.append({"kind": "change", "jurisdiction": jur, "dimension": r.dimension,
                           "old_level": str(r.old_level), "new_level": str(r.new_level),
                           "change": r.change, "date": _day(r.date_changed),
                           "date_precision": r.date_precision, "measure_id": r.measure_id,
                           "since": since, "until": until})
        text = f"{jurisdiction_name(jur, names)}: {'; '.join(parts)}."
        out.append(Finding(_sentence(text), _ids(rows["source_id"]), claims=claims))
    return out


def _when(day: str | None, precision: str = "day") -> str:
    """"on 2023-07-23", or "in May 2025 (day not verified)" for a month-precision date (G7)."""
    if day is None:
        return "on a date not verified"
    if precision == "month":
        import datetime as dt
        return f"in {dt.date.fromisoformat(day):%B %Y} (day not verified)"
    return f"on {day}"


def _change_words(r) -> str:
    dim = dimension_phrase(r.dimension)
    if r.change != "reversed":
        return (f"{dim} {r.change} from {r.old_level} to {r.new_level} "
                f"{_when(_day(r.date_changed), r.date_precision)}")
    steps = list(r.path)
    never = [s for s in steps if not s["applied"]]
    if never:
        first = never[0]
        return (f"{dim}: {first['level']} controls due on {first['date']} were suspended before "
                f"they applied, so it stayed {r.new_level}")
    moves = " and ".join(f"to {s['level']} on {s['date']}" for s in steps)
    return f"{dim} went {moves}, back where it started ({r.new_level})"


def lag_findings(lag_frame: pd.DataFrame, names: dict[str, str] | None = None) -> list[Finding]:
    """How long each jurisdiction took to reach the reference's level on one dimension."""
    if lag_frame.empty:
        return []
    level, as_of = lag_frame.attrs.get("level"), lag_frame.attrs.get("as_of")
    dim = dimension_phrase(lag_frame["dimension"].iloc[0])
    reference = lag_frame["reference"].iloc[0]
    ref = jurisdiction_name(reference, names)
    ref_date = _day(lag_frame["reference_date"].iloc[0])

    def claim(r) -> dict:
        return {"kind": "lag", "jurisdiction": r.jurisdiction, "dimension": r.dimension,
                "level": level, "date_reached": _day(r.date_reached), "reference": reference,
                "reference_date": ref_date, "current_level": r.current_level, "as_of": as_of}
    if ref_date is None:
        return [Finding(_sentence(f"{ref} had no {level} controls on {dim} by {as_of}."),
                        claims=[claim(r) for r in lag_frame.itertuples(index=False)])]
    out = []
    for r in lag_frame.dropna(subset=["lag_days"]).sort_values("lag_days").itertuples(index=False):
        rel = (f"{number(r.lag_days)} days after" if r.lag_days > 0 else
               f"{number(-r.lag_days)} days before" if r.lag_days < 0 else "on the same day as")
        text = (f"{jurisdiction_name(r.jurisdiction, names)} reached {level} controls on {dim} on "
                f"{_day(r.date_reached)}, {rel} {ref} ({ref_date}).")
        out.append(Finding(_sentence(text), _ids([r.source_id]), claims=[claim(r)]))
    behind = lag_frame[lag_frame["lag_days"].isna()]
    if len(behind):
        parts = [jurisdiction_name(r.jurisdiction, names)
                 + (f" ({r.current_level} since {_day(r.current_since)})"
                    if _day(r.current_since) and r.current_level != "none" else " (none)")
                 for r in behind.itertuples(index=False)]
        out.append(Finding(f"By {as_of}, not at {level} controls on {dim}: {join_words(parts)}.",
                           claims=[claim(r) for r in behind.itertuples(index=False)]))
    return out


def scenario_findings(result, names: dict[str, str] | None = None) -> list[Finding]:
    """What a hypothetical scenario would close; every sentence is marked hypothetical."""
    from toolkit.present.labels import scenario_phrase
    changes = result.changes
    grouped: dict[tuple[str, str], list[str]] = {}
    for r in changes.itertuples(index=False):
        grouped.setdefault((r.dimension, r.level), []).append(r.jurisdiction)
    moves = join_words([scenario_phrase(f"{','.join(jurs)}:{dim}={level}", names)
                        for (dim, level), jurs in grouped.items()]) or "nothing changed"
    closed, baseline = len(result.closed_gaps), len(result.baseline_gaps)
    text = (f"Hypothetical (not measures in force): if {moves}, {closed} of the {baseline} gaps "
            f"against {jurisdiction_name(result.reference, names)} on {result.as_of} would close, "
            f"leaving {len(result.gaps)}.")
    claim = {"kind": "scenario", "as_of": result.as_of, "reference": result.reference,
             "changes": [f"{r.jurisdiction}:{r.dimension}={r.level}"
                         for r in changes.itertuples(index=False)],
             "closed": closed, "baseline": baseline, "remaining": len(result.gaps)}
    return [Finding(text, [], hypothetical=True, claims=[claim])]


#: A sentence names at most this many firms, then says how many others.
NAMES_LIMIT = 8


def listing_findings(status: pd.DataFrame, reference: str = "US",
                     names: dict[str, str] | None = None) -> list[Finding]:
    """Who lists the tracked Chinese firms, and which the reference lists alone."""
    as_of = status.attrs.get("as_of", "")
    total = int(status["entity_id"].nunique())
    listed = status[status["listed"]]
    out = []
    for jur in dict.fromkeys([reference, *status["jurisdiction"]]):
        if jur == TARGET:
            continue
        rows = listed[listed["jurisdiction"] == jur]
        count = int(rows["entity_id"].nunique())
        claim = {"kind": "listing", "jurisdiction": jur, "as_of": as_of, "count": count,
                 "total": total}
        who = jurisdiction_name(jur, names)
        if jur == reference:
            text = (f"On {as_of}, {who} listed {count} of the {total} Chinese chip and AI-compute "
                    "firms tracked here.")
        elif count:
            firms = join_words(list(dict.fromkeys(rows["name"])), limit=NAMES_LIMIT)
            text = f"{who} listed {count} of them: {firms}."
        else:
            text = f"no listing of these firms by {who} is recorded here as of {as_of}."
        out.append(Finding(_sentence(text), _ids(rows["source_id"]), claims=[claim]))
    return out


def supplied_list_findings(compared: pd.DataFrame, supplied: list[str], curated: list[str],
                           countries: list[str] | None = None) -> list[Finding]:
    """How the lists a user supplied compare with each other and with the curated listings.

    ``compared`` is ``compare_lists`` over the supplied lists (keys ``supplied``) and the
    curated ones (``curated``, jurisdiction codes). Counts are of entities, after matching:
    an entity counts as matched only when another list names it too.
    """
    places = list(countries or [])
    where = (f" with an address in {', '.join(places[:-1])}{' or ' if len(places) > 1 else ''}"
             f"{places[-1]}" if places else "")
    out = []
    for key in supplied:
        mine = compared[compared[key]]
        in_curated = mine[mine[curated].any(axis=1)] if curated else mine.iloc[:0]
        claim = {"kind": "count", "what": "supplied list matches", "list": key,
                 "entities": len(mine), "matched_curated": len(in_curated)}
        if not len(mine):
            text = f"{key} holds no entity{where}."
        elif not len(in_curated):
            text = (f"none of the {_entities(len(mine))} in {key}{where} is among the "
                    "firms the curated listings track.")
        else:
            verb = "is a firm" if len(in_curated) == 1 else "are firms"
            text = (f"{len(in_curated)} of the {_entities(len(mine))} in {key}{where} {verb} the "
                    f"curated listings track: {join_words(list(in_curated['entity']))}.")
        out.append(Finding(_sentence(text), [], claims=[claim]))
    if len(supplied) > 1:
        shared = compared[compared[supplied].sum(axis=1) > 1]
        claim = {"kind": "count", "what": "supplied lists shared", "lists": supplied,
                 "count": len(shared)}
        verb = "appears" if len(shared) == 1 else "appear"
        text = (f"{_entities(len(shared))} {verb} in more than one of the lists supplied."
                if len(shared) else "no entity appears in more than one of the lists supplied.")
        out.append(Finding(_sentence(text), [], claims=[claim]))
    return out


def _entities(n: int) -> str:
    return f"{n} {'entity' if n == 1 else 'entities'}"
