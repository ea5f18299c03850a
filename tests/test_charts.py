"""The chart specs and the words and numbers they share with the tables: date axes that name
their year, the regime's order on every axis, names cut at words, one format per number."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import toolkit as tk
from toolkit.analysis.listings import listing_status
from toolkit.data.schema import default_schema
from toolkit.present import charts, labels
from toolkit.report.render import cell_text

DAY = "2025-01-01"
SCHEMA = default_schema()
JURISDICTIONS = list(SCHEMA.jurisdictions)
DIMENSIONS = list(SCHEMA.dimensions)


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _rows(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def _encodings(spec: dict, channel: str) -> list[dict]:
    return [layer["encoding"][channel] for layer in _layers(spec)
            if channel in layer.get("encoding", {}) and isinstance(layer["encoding"][channel], dict)]


def _canonical(values, order) -> list[str]:
    present = set(values)
    return [v for v in order if v in present]


def _dimension_axis(spec: dict) -> list[str]:
    return next(e["sort"] for e in _encodings(spec, "x") if e["field"] == "dimension_label")


def _jurisdiction_axis(spec: dict, channel: str = "y") -> list[str]:
    return next(e["sort"] for e in _encodings(spec, channel) if e["field"] == "jurisdiction")


def _temporal_axes(spec: dict) -> list[dict]:
    return [e for layer in _layers(spec) for e in layer.get("encoding", {}).values()
            if isinstance(e, dict) and e.get("type") == "temporal" and "axis" in e]


@pytest.fixture(scope="module")
def state():
    return tk.regime_state(DAY)


# Date axes -------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end", [("2018-01-01", DAY), ("2022-01-01", None),
                                        ("2023-01-01", "2024-06-30"),
                                        ("2023-08-01", "2023-10-31")])
def test_every_timeline_label_names_its_year(start, end):
    frame = tk.timeline(start, end)
    spec = charts.timeline_chart(frame).to_dict()
    axes = _temporal_axes(spec)
    assert len(axes) == 1, "one date axis, on the first layer"
    axis = axes[0]["axis"]
    assert "%Y" in axis["format"] and "%y" not in axis["format"]
    assert axis["tickCount"]["interval"] in ("day", "month", "year")
    # the chosen ticks fit: as many labels as the span needs, each with room to spare
    unit, step = axis["tickCount"]["interval"], axis["tickCount"]["step"]
    room = next(t[3] for t in charts.TIME_TICKS if t[:2] == (unit, step))
    span = (frame["date"].max() - frame["date"].min()).days
    assert (span / (charts._DAYS[unit] * step) + 1) * room <= spec["width"]


def test_time_axis_picks_the_finest_ticks_that_fit():
    def pick(first, last, width=620):
        axis = charts.time_axis([first, last], width, "Date").to_dict()
        return axis["tickCount"]["interval"], axis["tickCount"]["step"], axis["format"]
    assert pick("2018-01-01", "2025-12-31") == ("year", 1, "%Y")
    assert pick("2022-05-20", "2026-06-29") == ("month", 6, "%b %Y")
    assert pick("2024-01-01", "2024-06-30") == ("month", 1, "%b %Y")
    assert pick("2024-03-01", "2024-03-10") == ("day", 7, "%-d %b %Y")
    assert pick("1900-01-01", "2025-01-01", 200)[2] == "%Y"


def test_trade_chart_dates_name_their_year():
    from toolkit.analysis.trade import hs8486_imports
    imports = hs8486_imports(tk.load_comtrade("tests/fixtures/comtrade/comtrade_api.csv"))
    controls = pd.DataFrame({"date": pd.to_datetime(["2023-07-23", "2023-09-01"]),
                             "label": ["JP: equipment", "NL: equipment"]})
    spec = charts.trade_chart(imports, controls).to_dict()
    axes = _temporal_axes(spec)
    assert axes and all("%Y" in a["axis"]["format"] for a in axes)
    colour = _encodings(spec, "color")[0]
    assert colour["legend"]["labelLimit"] == 0
    assert all(len(p) <= charts.NAME_LABEL_LIMIT for p in colour["sort"])


# Canonical order -------------------------------------------------------------------------

def test_the_matrix_follows_the_data_package_order(state):
    spec = charts.regime_heatmap(state.iloc[::-1]).to_dict()
    assert _jurisdiction_axis(spec) == JURISDICTIONS
    assert _dimension_axis(spec) == [labels.dimension_label(d) for d in DIMENSIONS]


def test_gap_and_change_charts_use_the_matrix_order_not_the_alphabet():
    gap_frame = tk.gaps(DAY)
    spec = charts.gaps_chart(gap_frame.sample(frac=1, random_state=1)).to_dict()
    assert _dimension_axis(spec) == [labels.dimension_label(d) for d in
                                     _canonical(gap_frame["dimension"], DIMENSIONS)]
    assert _dimension_axis(spec) != sorted(_dimension_axis(spec))
    assert _jurisdiction_axis(spec) == _canonical(gap_frame["jurisdiction"], JURISDICTIONS)
    changes = tk.diff("2023-01-01", DAY)
    spec = charts.change_chart(changes.sample(frac=1, random_state=2)).to_dict()
    assert _dimension_axis(spec) == [labels.dimension_label(d) for d in
                                     _canonical(changes["dimension"], DIMENSIONS)]
    assert _jurisdiction_axis(spec) == _canonical(changes["jurisdiction"], JURISDICTIONS)


def test_bar_timeline_and_listing_charts_use_the_jurisdiction_order():
    lag_frame = tk.lags("advanced_equipment")
    lag = charts.lag_chart(lag_frame.iloc[::-1]).to_dict()
    assert _jurisdiction_axis(lag) == _canonical(lag_frame["jurisdiction"], JURISDICTIONS)
    align = tk.alignment(DAY)
    spec = charts.alignment_chart(align).to_dict()
    assert _jurisdiction_axis(spec) == _canonical(align["jurisdiction"], JURISDICTIONS)
    timeline = charts.timeline_chart(tk.timeline("2022-01-01", DAY)).to_dict()
    lanes = _encodings(timeline, "y")[0]["sort"]
    assert lanes[-1] == "Events" and lanes[:-1] == _canonical(lanes, JURISDICTIONS)
    listed = charts.listings_chart(listing_status(DAY, JURISDICTIONS[::-1])).to_dict()
    assert _jurisdiction_axis(listed, "x") == JURISDICTIONS


def test_order_from_the_frame_comes_first_and_unknown_codes_follow():
    attrs = {"jurisdictions": ["NL", "US"]}
    assert charts.canonical_order(["US", "XX", "NL"], "jurisdictions", attrs) == ["NL", "US", "XX"]
    assert charts.canonical_order(["CN", "US", None, "US"], "jurisdictions") == ["US", "CN"]


# Names cut at words ------------------------------------------------------------------------

def _cut_at_a_word(label: str, full: str) -> bool:
    if label == full:
        return True
    if not label.endswith("…"):
        return False
    kept = label[:-1]
    return full.startswith(kept) and (len(kept) == len(full) or not full[len(kept)].isalnum())


def test_listing_labels_are_cut_at_words_and_tooltips_keep_the_name():
    status = listing_status(DAY)
    spec = charts.listings_chart(status).to_dict()
    rows = _rows(spec, spec)
    assert {r["name"] for r in rows} == set(status["name"])
    for row in rows:
        assert len(row["label"]) <= charts.NAME_LABEL_LIMIT
        assert _cut_at_a_word(row["label"], row["name"]), row
    assert len({r["label"] for r in rows}) == status["entity_id"].nunique()
    tooltip = spec["encoding"]["tooltip"][0]
    assert tooltip == {"field": "name", "title": "Entity", "type": "nominal"}
    assert "Moore Threads Intelligent Technology…" in {r["label"] for r in rows}


@pytest.mark.parametrize("full, limit, short", [
    ("Moore Threads Intelligent Technology (Beijing) Co., Ltd.", 42,
     "Moore Threads Intelligent Technology…"),
    ("Shanghai Micro Electronics Equipment (Group) Co., Ltd.", 42,
     "Shanghai Micro Electronics Equipment…"),
    ("Advanced Micro-Fabrication Equipment Inc. China", 42, "Advanced Micro-Fabrication Equipment…"),
    ("Huawei Technologies Co., Ltd.", 42, "Huawei Technologies Co., Ltd."),
    ("Foreign direct product", 12, "Foreign…"),
])
def test_short_name(full, limit, short):
    assert labels.short_name(full, limit) == short


@given(st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=9), min_size=1, max_size=12),
       st.integers(min_value=10, max_value=60))
def test_short_names_end_at_a_word_within_the_limit(words, limit):
    full = " ".join(words)
    short = labels.short_name(full, limit)
    assert len(short) <= limit
    if len(words[0]) < limit:
        assert _cut_at_a_word(short, full)


def test_dimension_axes_have_no_vega_truncation(state):
    for spec in (charts.regime_heatmap(state).to_dict(), charts.gaps_chart(tk.gaps(DAY)).to_dict(),
                 charts.change_chart(tk.diff("2023-01-01", DAY)).to_dict()):
        x = next(e for e in _encodings(spec, "x") if e["field"] == "dimension_label")
        assert x["axis"]["labelLimit"] == 0
        assert all(len(label) <= charts.DIMENSION_LABEL_LIMIT for label in x["sort"])


# Numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, text", [
    (34.0, "34"), (34, "34"), (0.5, "0.5"), (0.25, "0.25"), (2.346, "2.35"), (-3.0, "-3"),
    (1064, "1,064"), (12345.5, "12,345.5"), (0.0012, "0.0012"), (0.0, "0"),
    (float("nan"), "—"), (None, "—"), (pd.NA, "—")])
def test_numbers_print_the_same_everywhere(value, text):
    assert labels.number(value) == text
    assert cell_text(value) == text


def test_cells_that_are_not_numbers_are_unchanged():
    assert cell_text("2024-04-26") == "2024-04-26" and cell_text(True) == "True"


@pytest.mark.parametrize("share, text", [(0.5, "50%"), (1 / 3, "33%"), (1.0, "100%"), (0, "0%"),
                                         (None, "—"), (float("nan"), "—")])
def test_percent(share, text):
    assert labels.percent(share) == text


def test_alignment_chart_prints_shares_as_the_table_should():
    align = tk.alignment(DAY)
    spec = charts.alignment_chart(align).to_dict()
    rows = {r["jurisdiction"]: r for r in _rows(spec, spec)}
    for jur, score in zip(align["jurisdiction"], align["score"]):
        assert rows[jur]["pct"] == labels.percent(score)
        assert re.fullmatch(r"\d{1,3}%", rows[jur]["pct"])
    bars, text = spec["layer"]
    assert bars["encoding"]["x"]["axis"]["format"] == ".0%"
    assert text["encoding"]["text"]["field"] == "pct"
    assert all(f"{j} {rows[j]['pct']}" in spec["description"] for j in rows)


def test_lag_labels_group_thousands_like_the_axis():
    spec = charts.lag_chart(tk.lags("advanced_equipment")).to_dict()
    texts = [r["label"] for r in _rows(spec, spec)]
    assert all(re.fullmatch(r"-?\d{1,3}(,\d{3})* days?|not reached", t) for t in texts), texts


# Scenario phrases ------------------------------------------------------------------------

@pytest.mark.parametrize("change, levels, phrase", [
    ("JP,NL,KR:equipment_servicing", {"equipment_servicing": "broad"},
     "Japan, the Netherlands and South Korea adopt broad controls on equipment servicing"),
    ("JP,NL,KR:equipment_servicing", None,
     "Japan, the Netherlands and South Korea match the United States' controls on equipment "
     "servicing"),
    ("NL:euv_lithography=limited", None, "the Netherlands adopts limited controls on EUV lithography"),
    ("KR, TW : persons_support = none", None,
     "South Korea and Taiwan lift their controls on persons support"),
])
def test_scenario_phrase(change, levels, phrase):
    assert labels.scenario_phrase(change, reference_levels=levels) == phrase
    assert ":" not in phrase and "_" not in phrase


def test_scenario_phrase_uses_the_names_given():
    assert labels.scenario_phrase("JP:materials=broad", {"JP": "Nippon"}) == (
        "Nippon adopts broad controls on materials")
    with pytest.raises(ValueError, match="expected"):
        labels.scenario_phrase("JP equipment_servicing")


def test_scenario_phrase_takes_the_reference_levels_as_a_series(state):
    ref = state[state["jurisdiction"] == "US"].set_index("dimension")["level"].astype(str)
    assert labels.scenario_phrase("JP:equipment_servicing", reference_levels=ref) == (
        f"Japan adopts {ref['equipment_servicing']} controls on equipment servicing")
