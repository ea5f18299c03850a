"""Altair charts for the analyses: frames in, chart objects out, no I/O.

Palettes are colour-blind safe: an ordered blue ramp for levels (lightness
alone carries the order, so it survives greyscale printing) and Okabe–Ito for
categories. Every chart has a title, axis titles a reader understands and a
``description`` that the HTML uses as the chart's text alternative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.core.dates import is_missing
from toolkit.present.labels import dimension_label, number, percent
from toolkit.present.style import (  # noqa: F401 (re-exported: charts.canonical_order, …)
    _DAYS,
    CHANGE_COLOURS,
    CHANGE_SHAPES,
    DIMENSION_LABEL_LIMIT,
    FONT,
    LEVEL_COLOURS,
    NAME_LABEL_LIMIT,
    OKABE_ITO,
    TIME_TICKS,
    _alt,
    _configure,
    _date_str,
    _dimension_labels,
    _package_vocabulary,
    _unique_short,
    canonical_order,
    time_axis,
)

if TYPE_CHECKING:
    import pandas as pd

def regime_heatmap(state: pd.DataFrame, title: str | None = None, hypothetical: bool = False):
    """Jurisdictions × dimensions coloured by level; tooltips name the measure and citation.

    ``state`` is ``regime_state()``'s frame.
    """
    alt = _alt()
    levels = list(state["level"].cat.categories)
    dim_codes = canonical_order(state["dimension"], "dimensions", state.attrs)
    short = _dimension_labels(dim_codes)
    frame = state.assign(
        dimension_label=state["dimension"].map(short),
        dimension_name=state["dimension"].map(dimension_label),
        level=state["level"].astype(str),
        measure=state["measure_title"].fillna("no measure recorded"),
        measure_id=state["measure_id"].fillna("—"),
        citation=state["legal_citation"].fillna("—"),
        effective=_date_str(state["date_effective"]).where(state["measure_id"].notna(), "—"),
        text_colour=state["level"].astype(str).map(lambda lv: "white" if lv == "broad" else "black"),
    )[["jurisdiction", "dimension_label", "dimension_name", "level", "measure", "measure_id",
       "citation", "effective", "text_colour"]]
    as_of = state.attrs.get("as_of", "")
    dims = [short[d] for d in dim_codes]
    jurs = canonical_order(frame["jurisdiction"], "jurisdictions", state.attrs)
    base = alt.Chart(frame).encode(
        x=alt.X("dimension_label:N", sort=dims, title="Regime dimension",
                axis=alt.Axis(labelAngle=-35, labelLimit=0)),
        y=alt.Y("jurisdiction:N", sort=jurs, title="Jurisdiction"),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=1.5).encode(
        color=alt.Color("level:O", title="Level", scale=alt.Scale(
            domain=levels, range=[LEVEL_COLOURS.get(lv, "#999") for lv in levels])),
        tooltip=[alt.Tooltip("jurisdiction:N", title="Jurisdiction"),
                 alt.Tooltip("dimension_name:N", title="Dimension"),
                 alt.Tooltip("level:N", title="Level"),
                 alt.Tooltip("measure:N", title="Set by"),
                 alt.Tooltip("measure_id:N", title="Measure id"),
                 alt.Tooltip("effective:N", title="In force from"),
                 alt.Tooltip("citation:N", title="Citation")],
    )
    text = base.mark_text(fontSize=10).encode(text="level:N", color=alt.Color(
        "text_colour:N", scale=None, legend=None))
    prefix = "HYPOTHETICAL — " if hypothetical else ""
    chart = (rect + text).properties(
        title=title or f"{prefix}Export-control regimes in force on {as_of}",
        width=alt.Step(62), height=alt.Step(28))
    broad = frame.loc[frame["level"] == "broad", ["jurisdiction", "dimension_name"]]
    desc = (f"{prefix}Heatmap of control levels (none, limited, broad) for {len(jurs)} "
            f"jurisdictions on {len(dims)} dimensions as of {as_of}. Broad controls: "
            + ("; ".join(f"{j} {d}" for j, d in broad.itertuples(index=False)) or "none") + ".")
    return _configure(chart, desc)


def gaps_chart(gap_frame: pd.DataFrame, title: str | None = None):
    """Cells where a jurisdiction is below the reference, shaded by how many levels."""
    alt = _alt()
    reference = gap_frame.attrs.get("reference", "reference")
    dim_codes = canonical_order(gap_frame["dimension"], "dimensions", gap_frame.attrs)
    short = _dimension_labels(dim_codes)
    frame = gap_frame.assign(
        dimension_label=gap_frame["dimension"].map(short),
        dimension_name=gap_frame["dimension"].map(dimension_label),
        level=gap_frame["level"].astype(str),
        reference_level=gap_frame["reference_level"].astype(str),
        shortfall=(gap_frame["reference_level"].cat.codes - gap_frame["level"].cat.codes)
        .map({1: "one level below", 2: "two levels below"}).fillna("below"),
        citation=gap_frame["reference_citation"].fillna("—"),
    )[["jurisdiction", "dimension_label", "dimension_name", "level", "reference_level",
       "shortfall", "citation"]]
    jurs = canonical_order(frame["jurisdiction"], "jurisdictions", gap_frame.attrs)
    chart = alt.Chart(frame).mark_rect(stroke="white", strokeWidth=1.5).encode(
        x=alt.X("dimension_label:N", title="Regime dimension", sort=[short[d] for d in dim_codes],
                axis=alt.Axis(labelAngle=-35, labelLimit=0)),
        y=alt.Y("jurisdiction:N", title="Jurisdiction", sort=jurs),
        color=alt.Color("shortfall:N", title=f"Gap against {reference}", scale=alt.Scale(
            domain=["one level below", "two levels below"], range=["#E69F00", "#D55E00"])),
        tooltip=[alt.Tooltip("jurisdiction:N", title="Jurisdiction"),
                 alt.Tooltip("dimension_name:N", title="Dimension"),
                 alt.Tooltip("level:N", title="Own level"),
                 alt.Tooltip("reference_level:N", title=f"{reference} level"),
                 alt.Tooltip("citation:N", title=f"{reference} measure")],
    ).properties(title=title or f"Where jurisdictions fall short of the {reference}",
                 width=alt.Step(62), height=alt.Step(28))
    counts = frame.groupby("jurisdiction").size().reindex(jurs)
    desc = (f"Gaps against {reference}: " + "; ".join(f"{j}: {n} dimension(s)" for j, n in
                                                      counts.items()) + "." if len(counts)
            else f"No gaps against {reference}.")
    return _configure(chart, desc)


def lag_chart(lag_frame: pd.DataFrame, title: str | None = None):
    """Days each jurisdiction took to reach the reference's level on one dimension."""
    level = lag_frame.attrs.get("level") or (lag_frame["level"].iloc[0] if len(lag_frame) else "")
    alt = _alt()
    dim = lag_frame["dimension"].iloc[0] if len(lag_frame) else ""
    reference = lag_frame["reference"].iloc[0] if len(lag_frame) else ""
    frame = lag_frame.assign(
        lag=lag_frame["lag_days"].astype("float"),
        reached=_date_str(lag_frame["date_reached"]).replace("not verified", "not reached"),
        label=["not reached" if is_missing(d) else f"{number(d)} day{'' if abs(int(d)) == 1 else 's'}"
               for d in lag_frame["lag_days"]],
    )[["jurisdiction", "lag", "reached", "label"]]
    frame["lag_plot"] = frame["lag"].fillna(0)
    jurs = canonical_order(frame["jurisdiction"], "jurisdictions", lag_frame.attrs)
    base = alt.Chart(frame).encode(
        y=alt.Y("jurisdiction:N", title="Jurisdiction", sort=jurs),
        tooltip=[alt.Tooltip("jurisdiction:N", title="Jurisdiction"),
                 alt.Tooltip("reached:N", title="First reached"),
                 alt.Tooltip("label:N", title=f"Lag after {reference}")],
    )
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("lag_plot:Q", title=f"Days after the {reference} (negative: earlier)"))
    text = base.mark_text(align="left", dx=4, fontSize=10).encode(
        x="lag_plot:Q", text="label:N")
    chart = (bars + text).properties(
        title=title or f"Days to reach the {reference}'s {level} controls on "
        f"{dimension_label(dim).lower()}", width=420, height=alt.Step(24))
    labels = dict(zip(frame["jurisdiction"], frame["label"]))
    desc = f"Lag in days behind {reference} on {dimension_label(dim)}: " + "; ".join(
        f"{j}: {labels[j]}" for j in jurs) + "."
    return _configure(chart, desc)


def change_chart(diff_frame: pd.DataFrame, title: str | None = None):
    """Cells that changed between two dates: raised, lowered or restated."""
    alt = _alt()
    since, until = diff_frame.attrs.get("since", ""), diff_frame.attrs.get("until", "")
    dim_codes = canonical_order(diff_frame["dimension"], "dimensions", diff_frame.attrs)
    short = _dimension_labels(dim_codes)
    frame = diff_frame.assign(
        dimension_label=diff_frame["dimension"].map(short),
        dimension_name=diff_frame["dimension"].map(dimension_label),
        old_level=diff_frame["old_level"].astype(str),
        new_level=diff_frame["new_level"].astype(str),
        transition=diff_frame["old_level"].astype(str) + " → " + diff_frame["new_level"].astype(str),
        # when the level changed (``date_changed``; older frames: the measure's entry into force)
        effective=_date_str(diff_frame["date_changed" if "date_changed" in diff_frame
                                       else "date_effective"]).replace("not verified", "—"),
        citation=diff_frame["legal_citation"].fillna("—"),
        measure_id=diff_frame["measure_id"].fillna("—"),
    )[["jurisdiction", "dimension_label", "dimension_name", "change", "transition", "effective",
       "citation", "measure_id"]]
    kinds = list(CHANGE_COLOURS)
    jurs = canonical_order(frame["jurisdiction"], "jurisdictions", diff_frame.attrs)
    chart = alt.Chart(frame).mark_point(filled=True, size=220).encode(
        x=alt.X("dimension_label:N", title="Regime dimension", sort=[short[d] for d in dim_codes],
                axis=alt.Axis(labelAngle=-35, labelLimit=0)),
        y=alt.Y("jurisdiction:N", title="Jurisdiction", sort=jurs),
        color=alt.Color("change:N", title="Change", scale=alt.Scale(
            domain=kinds, range=[CHANGE_COLOURS[k] for k in kinds])),
        shape=alt.Shape("change:N", title="Change", scale=alt.Scale(
            domain=kinds, range=[CHANGE_SHAPES[k] for k in kinds])),
        tooltip=[alt.Tooltip("jurisdiction:N", title="Jurisdiction"),
                 alt.Tooltip("dimension_name:N", title="Dimension"),
                 alt.Tooltip("transition:N", title="Level"),
                 alt.Tooltip("measure_id:N", title="Measure"),
                 alt.Tooltip("effective:N", title="Level changed on"),
                 alt.Tooltip("citation:N", title="Citation")],
    ).properties(title=title or f"What changed between {since} and {until}",
                 width=alt.Step(62), height=alt.Step(28))
    desc = (f"{len(frame)} cell(s) changed between {since} and {until}: " + "; ".join(
        f"{j} {d} {t}" for j, d, t in frame[["jurisdiction", "dimension_name", "transition"]]
        .itertuples(index=False)) + ".") if len(frame) else f"No changes between {since} and {until}."
    return _configure(chart, desc)


#: Beyond this many measures the timeline draws counts per quarter instead of one line each
#: (a lane of thousands of overlapping lines says nothing, and Vega-Lite's inline data limit is
#: 5,000 rows); beyond this many firms the listings grid shows those listed most widely.
TIMELINE_MEASURES_LIMIT = 2000
LISTED_FIRMS_LIMIT = 60


def timeline_chart(frame: pd.DataFrame, title: str | None = None):
    """Jurisdictions as lanes; each measure a span from announced to effective; events overlaid.

    With more than ``TIMELINE_MEASURES_LIMIT`` measures: the number of measures entering into
    force per quarter in each lane (and the events per quarter), said in the title."""
    alt = _alt()
    measures = frame[frame["kind"] == "measure"]
    events = frame[frame["kind"] == "event"]
    if len(measures) > TIMELINE_MEASURES_LIMIT:
        return _timeline_by_quarter(frame, measures, events, title)
    m = measures.assign(
        start=measures["date_announced"].fillna(measures["date_effective"]).dt.strftime("%Y-%m-%d"),
        end=measures["date_effective"].fillna(measures["date_announced"]).dt.strftime("%Y-%m-%d"),
        announced=_date_str(measures["date_announced"]),
        effective=_date_str(measures["date_effective"]),
        citation=measures["legal_citation"].fillna("—"),
        lane=measures["jurisdiction"],
    )[["lane", "start", "end", "title", "category", "announced", "effective", "citation", "id"]]
    e = events.assign(day=events["date"].dt.strftime("%Y-%m-%d"), lane="Events",
                      actor=events["actor"].fillna(""))[["lane", "day", "title", "actor", "id"]]
    lanes = canonical_order(m["lane"], "jurisdictions", frame.attrs) + (["Events"] if len(e) else [])
    y = alt.Y("lane:N", sort=lanes, title=None)
    width = 620
    x_axis = time_axis([*m["start"], *m["end"], *e["day"]], width,
                       "Date (announcement → entry into force)")
    tooltip = [alt.Tooltip("title:N", title="Measure"), alt.Tooltip("lane:N", title="Jurisdiction"),
               alt.Tooltip("category:N", title="Category"),
               alt.Tooltip("announced:N", title="Announced"),
               alt.Tooltip("effective:N", title="In force"),
               alt.Tooltip("citation:N", title="Citation")]
    span = alt.Chart(m).mark_rule(strokeWidth=4, color=OKABE_ITO[0], opacity=0.6).encode(
        x=alt.X("start:T", axis=x_axis), x2="end:T", y=y,
        tooltip=tooltip)
    start = alt.Chart(m).mark_point(filled=True, size=45, color=OKABE_ITO[0]).encode(
        x="start:T", y=y, tooltip=tooltip)
    effective = alt.Chart(m).mark_tick(thickness=2, size=14, color="#000000").encode(
        x="end:T", y=y, tooltip=tooltip)
    layers = [span, start, effective]
    if len(e):
        layers.append(alt.Chart(e).mark_point(shape="diamond", filled=True, size=70,
                                              color=OKABE_ITO[5]).encode(
            x="day:T", y=y, tooltip=[alt.Tooltip("title:N", title="Event"),
                                     alt.Tooltip("actor:N", title="Actor"),
                                     alt.Tooltip("day:N", title="Date")]))
    first = frame["date"].min()
    last = frame["date"].max()
    chart = alt.layer(*layers).properties(
        title=title or "Timeline of measures and events", width=width, height=alt.Step(26))
    span_text = (f" from {first:%Y-%m-%d} to {last:%Y-%m-%d}" if len(frame) else "")
    desc = (f"Timeline of {len(m)} measures in {len(set(m['lane']))} jurisdictions and "
            f"{len(e)} context events{span_text}; each measure is a line from its announcement "
            "to its entry into force.")
    return _configure(chart, desc)


def _timeline_by_quarter(frame: pd.DataFrame, measures: pd.DataFrame, events: pd.DataFrame,
                         title: str | None):
    """The timeline as counts: lanes × quarters, darker for more measures in force that quarter."""
    import pandas as pd
    alt = _alt()
    day = measures["date_effective"].fillna(measures["date_announced"])
    m = measures.assign(lane=measures["jurisdiction"], quarter=day.dt.to_period("Q"))
    e = events.assign(lane="Events", quarter=events["date"].dt.to_period("Q"))
    counts = (pd.concat([m[["lane", "quarter"]], e[["lane", "quarter"]]], ignore_index=True)
              .dropna().groupby(["lane", "quarter"]).size().reset_index(name="count"))
    q = counts["quarter"].dt
    counts = counts.assign(start=q.start_time.dt.strftime("%Y-%m-%d"), label=q.strftime("%YQ%q"),
                           end=q.end_time.dt.strftime("%Y-%m-%d")).drop(columns="quarter")
    lanes = canonical_order(m["lane"], "jurisdictions", frame.attrs) + (["Events"] if len(e) else [])
    x_axis = time_axis([*counts["start"], *counts["end"]], 620, "Quarter (entry into force)")
    chart = alt.Chart(counts).mark_rect().encode(
        x=alt.X("start:T", axis=x_axis), x2="end:T",
        y=alt.Y("lane:N", sort=lanes, title=None),
        color=alt.Color("count:Q", title="Count", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("lane:N", title="Jurisdiction"), alt.Tooltip("label:N", title="Quarter"),
                 alt.Tooltip("count:Q", title="Measures or events")],
    ).properties(title=title or f"Measures per quarter ({number(len(measures))} measures)",
                 width=620, height=alt.Step(26))
    desc = (f"Number of measures entering into force per quarter in {len(set(m['lane']))} "
            f"jurisdictions ({number(len(measures))} measures, {number(len(e))} events): too many "
            "to draw one by one; the timeline table lists each.")
    return _configure(chart, desc)


def alignment_chart(align: pd.DataFrame, title: str | None = None):
    """One bar per jurisdiction: share of the reference's controls matched."""
    alt = _alt()
    reference = align.attrs.get("reference", "reference")
    frame = align.assign(share=align["score"].astype(float).fillna(0),
                         pct=align["score"].map(percent))[
        ["jurisdiction", "share", "pct", "matched", "partial", "missing"]]
    jurs = canonical_order(frame["jurisdiction"], "jurisdictions", align.attrs)
    base = alt.Chart(frame).encode(y=alt.Y("jurisdiction:N", sort=jurs, title="Jurisdiction"))
    bars = base.mark_bar(color=OKABE_ITO[2]).encode(
        x=alt.X("share:Q", title=f"Alignment with the {reference}",
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
        tooltip=[alt.Tooltip("jurisdiction:N", title="Jurisdiction"),
                 alt.Tooltip("pct:N", title="Alignment"),
                 alt.Tooltip("matched:Q", title="Matched"),
                 alt.Tooltip("partial:Q", title="Partly matched"),
                 alt.Tooltip("missing:Q", title="Missing")])
    text = base.mark_text(align="left", dx=4, fontSize=10).encode(x="share:Q", text="pct:N")
    chart = (bars + text).properties(title=title or f"Alignment with the {reference} regime",
                                     width=420, height=alt.Step(24))
    pcts = dict(zip(frame["jurisdiction"], frame["pct"]))
    desc = f"Alignment with {reference}: " + "; ".join(f"{j} {pcts[j]}" for j in jurs) + "."
    return _configure(chart, desc)


def listings_chart(status: pd.DataFrame, title: str | None = None):
    """Entities × jurisdictions: listed (with since-date) or not, as of a date.

    With more than ``LISTED_FIRMS_LIMIT`` firms, the grid shows those listed by the most
    jurisdictions (ties by name), and its title says how many of how many."""
    alt = _alt()
    as_of = status.attrs.get("as_of", "")
    firms = status["entity_id"].nunique()
    if firms > LISTED_FIRMS_LIMIT:
        widest = (status.groupby(["entity_id", "name"])["listed"].sum().reset_index()
                  .sort_values(["listed", "name"], ascending=[False, True])
                  .head(LISTED_FIRMS_LIMIT)["entity_id"])
        status = status[status["entity_id"].isin(set(widest))]
        title = title or (f"Who lists Chinese chip firms, as of {as_of}: the {LISTED_FIRMS_LIMIT} "
                          f"listed most widely of {number(firms)}")
    frame = status.assign(
        state=status["listed"].map({True: "listed", False: "not listed"}),
        since_text=[("listed, date not verified" if not verified else f"{d:%Y-%m-%d}") if listed
                    else "—" for listed, d, verified in zip(status["listed"], status["since"],
                                                           status["date_verified"])],
        label=status["entity_id"].map(_unique_short(
            dict(zip(status["entity_id"], status["name"])), NAME_LABEL_LIMIT)),
    )[["label", "name", "jurisdiction", "state", "since_text", "lists"]]
    entities = list(dict.fromkeys(frame["label"]))
    chart = alt.Chart(frame).mark_rect(stroke="white", strokeWidth=1.5).encode(
        x=alt.X("jurisdiction:N", title="Listing jurisdiction", sort=canonical_order(
            frame["jurisdiction"], "jurisdictions", status.attrs), axis=alt.Axis(labelAngle=0)),
        # Names are already cut at a word to NAME_LABEL_LIMIT characters; Vega's own
        # truncation cuts mid-word and would measure each label again and again (0.3 s of
        # drawing this chart as SVG, measured).
        y=alt.Y("label:N", title=None, sort=entities, axis=alt.Axis(labelLimit=0)),
        color=alt.Color("state:N", title="Status", scale=alt.Scale(
            domain=["listed", "not listed"], range=[OKABE_ITO[5], "#f2f2f2"])),
        tooltip=[alt.Tooltip("name:N", title="Entity"),
                 alt.Tooltip("jurisdiction:N", title="Jurisdiction"),
                 alt.Tooltip("state:N", title="Status"), alt.Tooltip("since_text:N", title="Since"),
                 alt.Tooltip("lists:N", title="List(s)")],
    ).properties(title=title or f"Who lists key Chinese chip firms, as of {as_of}",
                 width=alt.Step(48), height=alt.Step(18))
    listed = frame[frame["state"] == "listed"].groupby("jurisdiction").size()
    order = [j for j in canonical_order(frame["jurisdiction"], "jurisdictions", status.attrs)
             if j in listed.index]
    desc = (f"Grid of {len(entities)} firms by jurisdiction as of {as_of}; firms listed per "
            "jurisdiction: " + "; ".join(f"{j} {listed[j]}" for j in order) + ".")
    return _configure(chart, desc)


def trade_chart(imports: pd.DataFrame, controls: pd.DataFrame, title: str | None = None):
    """China's HS 8486 imports by partner over time, with control dates as vertical rules.

    ``imports`` is ``hs8486_imports()``'s frame; ``controls`` has ``date`` and
    ``label`` (e.g. the effective dates of the Dutch and Japanese SME rules).
    """
    import pandas as pd
    alt = _alt()
    frame = imports.dropna(subset=["value_usd"]).assign(
        when=lambda f: pd.to_datetime(f["period"].astype(str).str.slice(0, 4) + "-"
                                      + f["period"].astype(str).str.slice(4, 6).replace("", "07")
                                      + "-01", errors="coerce"),
        value_bn=lambda f: f["value_usd"] / 1e9)
    frame = frame.dropna(subset=["when"]).assign(when=lambda f: f["when"].dt.strftime("%Y-%m-%d"))
    top = frame.groupby("partner")["value_usd"].sum().nlargest(6).index.tolist()
    frame = frame[frame["partner"].isin(top)][["when", "partner", "value_bn", "period"]]
    partner_labels = _unique_short({p: p for p in top}, NAME_LABEL_LIMIT)
    frame = frame.assign(partner_label=frame["partner"].map(partner_labels))
    rules = controls.assign(day=pd.to_datetime(controls["date"]).dt.strftime("%Y-%m-%d"))[["day", "label"]]
    width = 560
    lines = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("when:T", axis=time_axis([*frame["when"], *rules["day"]], width, "Period")),
        y=alt.Y("value_bn:Q", title="Imports (US$ billion)"),
        color=alt.Color("partner_label:N", title="Partner", sort=[partner_labels[p] for p in top],
                        scale=alt.Scale(range=OKABE_ITO), legend=alt.Legend(labelLimit=0)),
        tooltip=[alt.Tooltip("partner:N", title="Partner"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("value_bn:Q", title="US$ bn", format=",.2~f")])
    marks = alt.Chart(rules).mark_rule(strokeDash=[4, 3], color="#555").encode(
        x="day:T", tooltip=[alt.Tooltip("label:N", title="Control"), alt.Tooltip("day:N", title="In force")])
    chart = alt.layer(lines, marks).properties(
        title=title or "China's imports of chipmaking equipment (HS 8486) by partner", width=width,
        height=260)
    desc = (f"Line chart of China's HS 8486 imports from {', '.join(top)} with {len(rules)} control "
            "dates marked.")
    return _configure(chart, desc)
