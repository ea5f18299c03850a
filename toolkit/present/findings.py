"""Key-finding sentences generated from analysis frames, each with its citations.

Pure functions: frames in, ``Finding`` objects out. The sentences are plain
text; the templates turn each finding's source ids into numbered footnotes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.core.model import Finding
from toolkit.present.labels import dimension_phrase, join_words, jurisdiction_name

if TYPE_CHECKING:
    import pandas as pd


def _ids(series) -> list[str]:
    return [str(s) for s in series if isinstance(s, str) and s]


def reference_findings(state: pd.DataFrame, reference: str = "US",
                       names: dict[str, str] | None = None) -> list[Finding]:
    """What the reference jurisdiction controls on the as-of date."""
    ref = state[state["jurisdiction"] == reference]
    active = ref[ref["level"].astype(str) != "none"]
    who = jurisdiction_name(reference, names)
    if active.empty:
        return [Finding(f"On {state.attrs.get('as_of')}, {who} had no recorded control on any of "
                        f"the {len(ref)} dimensions compared.")]
    broad = [dimension_phrase(d) for d in active.loc[
        active["level"].astype(str) == "broad", "dimension"]]
    text = (f"On {state.attrs.get('as_of')}, {who} controlled {len(active)} of the {len(ref)} "
            f"regime dimensions compared" + (f", broadly on {join_words(broad)}" if broad else "") + ".")
    return [Finding(text[0].upper() + text[1:], _ids(active["source_id"]))]


def gap_findings(gap_frame: pd.DataFrame, names: dict[str, str] | None = None,
                 hypothetical: bool = False) -> list[Finding]:
    """One sentence per jurisdiction that falls short of the reference."""
    reference = gap_frame.attrs.get("reference", "US")
    out = []
    for jur, rows in gap_frame.groupby("jurisdiction", sort=False):
        dims = [dimension_phrase(d) for d in rows["dimension"]]
        text = (f"{jurisdiction_name(jur, names)} fell short of "
                f"{jurisdiction_name(reference, names)} on {len(dims)} dimension(s): {join_words(dims)}.")
        out.append(Finding(text[0].upper() + text[1:],
                           _ids(rows["reference_source_id"]) + _ids(rows["source_id"]),
                           hypothetical))
    return out


def change_findings(diff_frame: pd.DataFrame, names: dict[str, str] | None = None,
                    limit: int = 6) -> list[Finding]:
    """What changed between two dates, most significant (raised/lowered) first."""
    since, until = diff_frame.attrs.get("since"), diff_frame.attrs.get("until")
    real = diff_frame[diff_frame["change"] != "restated"]
    if real.empty:
        return [Finding(f"No control level changed between {since} and {until}.")]
    out = [Finding(f"Between {since} and {until}, {len(real)} control level(s) changed across "
                   f"{real['jurisdiction'].nunique()} jurisdiction(s).")]
    for row in real.head(limit).itertuples(index=False):
        verb = "raised" if row.change == "raised" else "lowered"
        when = f" from {row.date_effective:%Y-%m-%d}" if row.date_effective == row.date_effective \
            and row.date_effective is not None else ""
        cite = f" ({row.legal_citation})" if isinstance(row.legal_citation, str) else ""
        text = (f"{jurisdiction_name(row.jurisdiction, names)} {verb} {dimension_phrase(row.dimension)} "
                f"from {row.old_level} to {row.new_level}{when}{cite}.")
        out.append(Finding(text[0].upper() + text[1:], _ids([row.source_id])))
    if len(real) > limit:
        out.append(Finding(f"{len(real) - limit} further change(s) are listed in the change table."))
    return out


def lag_findings(lag_frame: pd.DataFrame, names: dict[str, str] | None = None) -> list[Finding]:
    """How long each jurisdiction took to follow the reference on one dimension."""
    if lag_frame.empty:
        return []
    dim = dimension_phrase(lag_frame["dimension"].iloc[0])
    reference = lag_frame["reference"].iloc[0]
    ref_date = lag_frame["reference_date"].iloc[0]
    if ref_date != ref_date or ref_date is None:
        who = jurisdiction_name(reference, names)
        return [Finding(f"{who[0].upper() + who[1:]} has no recorded control on {dim}.")]
    followed = lag_frame.dropna(subset=["lag_days"]).sort_values("lag_days")
    out = []
    for row in followed.itertuples(index=False):
        rel = (f"{row.lag_days} days after" if row.lag_days > 0 else
               f"{-row.lag_days} days before" if row.lag_days < 0 else "on the same day as")
        text = (f"{jurisdiction_name(row.jurisdiction, names)} first controlled {dim} on "
                f"{row.date_reached:%Y-%m-%d}, {rel} {jurisdiction_name(reference, names)} "
                f"({ref_date:%Y-%m-%d}).")
        out.append(Finding(text[0].upper() + text[1:], _ids([row.source_id])))
    never = lag_frame[lag_frame["lag_days"].isna()]["jurisdiction"].tolist()
    if never:
        out.append(Finding(f"Not yet recorded as controlling {dim}: "
                           f"{join_words([jurisdiction_name(j, names) for j in never])}."))
    return out


def scenario_findings(result, names: dict[str, str] | None = None) -> list[Finding]:
    """What a hypothetical scenario would close; every sentence is marked hypothetical."""
    changes = result.changes
    moves = "; ".join(f"{jurisdiction_name(r.jurisdiction, names)} sets {dimension_phrase(r.dimension)} "
                      f"to {r.level}" for r in changes.itertuples(index=False)) or "no change"
    closed = result.closed_gaps
    text = (f"Hypothetical scenario (not measures in force): if {moves}, {len(closed)} of "
            f"{len(result.baseline_gaps)} gaps against {jurisdiction_name(result.reference, names)} on "
            f"{result.as_of} would close, leaving {len(result.gaps)}.")
    return [Finding(text, [], hypothetical=True)]


def listing_findings(status: pd.DataFrame, reference: str = "US",
                     names: dict[str, str] | None = None) -> list[Finding]:
    """Who lists the tracked firms, and which the reference lists alone."""
    as_of = status.attrs.get("as_of", "")
    listed = status[status["listed"]]
    ref = listed[listed["jurisdiction"] == reference]
    total = status["entity_id"].nunique()
    out = [Finding(f"On {as_of}, {jurisdiction_name(reference, names)} listed "
                   f"{ref['entity_id'].nunique()} of the {total} Chinese chip and AI-compute "
                   "firms tracked here.",
                   _ids(ref["source_id"]))]
    for jur, rows in listed[listed["jurisdiction"] != reference].groupby("jurisdiction", sort=False):
        firms = join_words(list(dict.fromkeys(rows["name"])))
        who = jurisdiction_name(jur, names)
        out.append(Finding(f"{who[0].upper()}{who[1:]} listed {rows['entity_id'].nunique()} of them: "
                           f"{firms}.", _ids(rows["source_id"])))
    silent = [j for j in status["jurisdiction"].unique() if j != reference
              and j not in set(listed["jurisdiction"])]
    if silent:
        out.append(Finding(f"No listing of these firms is recorded for "
                           f"{join_words([jurisdiction_name(j, names) for j in silent])}."))
    return out
