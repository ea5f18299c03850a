"""Regime analysis on the shipped data: answers checked by hand against the sources."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit import charts, findings
from toolkit.analysis.compare import parse_changes
from toolkit.analysis.listings import listed_by_reference_only, listing_status

DAY = "2024-04-26"  # reports had the US pressing allies on servicing


@pytest.fixture(scope="module")
def matrix():
    return tk.regime_matrix(DAY)


def test_on_2024_04_26_the_us_restricts_persons_support_and_japan_and_the_netherlands_do_not(matrix):
    assert matrix.loc["US", "persons_support"] != "none"
    assert matrix.loc["JP", "persons_support"] == "none"
    assert matrix.loc["NL", "persons_support"] == "none"


def test_japan_and_the_netherlands_control_advanced_equipment_korea_does_not(matrix):
    assert matrix.loc["JP", "advanced_equipment"] != "none"
    assert matrix.loc["NL", "advanced_equipment"] != "none"
    assert matrix.loc["KR", "advanced_equipment"] == "none"


def test_only_the_us_has_a_foreign_direct_product_rule(matrix):
    fdp = matrix["foreign_direct_product"]
    assert fdp["US"] == "broad"
    assert (fdp.drop("US") == "none").all()


def test_matrix_shape_and_ordered_levels(matrix):
    assert list(matrix.index) == ["US", "JP", "NL", "KR", "EU", "TW", "CN", "UK"]
    assert len(matrix.columns) == 10
    dtype = matrix.dtypes.iloc[0]
    assert dtype.ordered and list(dtype.categories) == ["none", "limited", "broad"]


def test_state_names_the_measure_and_citation_behind_each_level():
    state = tk.regime_state(DAY, ["US"], ["advanced_equipment", "persons_support"])
    rows = state.set_index("dimension")
    assert rows.loc["persons_support", "measure_id"] == "US-2023-sme-rule-update"
    assert rows.loc["persons_support", "legal_citation"] == "88 FR 73424"
    assert rows.loc["persons_support", "date_effective"] == pd.Timestamp("2023-11-17")


def test_before_the_october_2022_rule_the_us_had_no_persons_restriction():
    assert tk.regime_matrix("2022-10-11").loc["US", "persons_support"] == "none"
    assert tk.regime_matrix("2022-10-12").loc["US", "persons_support"] == "broad"


def test_gaps_against_the_us_include_servicing_and_fdp_for_japan():
    gap = tk.gaps(DAY)
    jp = set(gap.loc[gap["jurisdiction"] == "JP", "dimension"])
    assert {"persons_support", "foreign_direct_product", "equipment_servicing"} <= jp
    assert "CN" not in set(gap["jurisdiction"])  # the target is not compared as an ally
    row = gap[(gap["jurisdiction"] == "JP") & (gap["dimension"] == "foreign_direct_product")].iloc[0]
    assert row["reference_level"] == "broad" and row["level"] == "none"
    assert row["reference_citation"]


def test_alignment_scores_follow_the_documented_formula(matrix):
    align = tk.alignment(DAY).set_index("jurisdiction")
    ranks = {"none": 0, "limited": 1, "broad": 2}
    us = {d: ranks[v] for d, v in matrix.loc["US"].items() if ranks[v] > 0}
    jp = {d: ranks[matrix.loc["JP", d]] for d in us}
    expected = sum(min(jp[d], us[d]) / us[d] for d in us) / len(us)
    assert align.loc["JP", "score"] == pytest.approx(expected)
    assert align.loc["JP", "dimensions_compared"] == len(us)


def test_lags_are_exact_between_known_effective_dates():
    lag = tk.lags("advanced_equipment", level="broad").set_index("jurisdiction")
    # US: 2022-10-07 (87 FR 62186); Japan: 2023-07-23 (METI ordinance in force)
    assert lag.loc["JP", "date_reached"] == pd.Timestamp("2023-07-23")
    assert lag.loc["JP", "reference_date"] == pd.Timestamp("2022-10-07")
    assert lag.loc["JP", "lag_days"] == 289
    assert pd.isna(lag.loc["TW", "lag_days"])


def test_diff_shows_the_dutch_immersion_expansion():
    changes = tk.diff("2024-04-26", "2024-12-31")
    nl = changes[(changes["jurisdiction"] == "NL") & (changes["dimension"] == "duv_immersion")].iloc[0]
    assert (nl["old_level"], nl["new_level"], nl["change"]) == ("limited", "broad", "raised")
    assert nl["measure_id"] == "NL-2024-regeling-uitbreiding-duv-1970i-1980i"
    assert tk.diff(DAY, DAY).empty
    with pytest.raises(ValueError, match="before since"):
        tk.diff("2025-01-01", "2024-01-01")


def test_scenario_closes_the_servicing_gaps_and_is_marked_hypothetical():
    result = tk.scenario(DAY, "JP,NL,KR:equipment_servicing")
    closed = result.closed_gaps
    assert {("JP", "equipment_servicing"), ("KR", "equipment_servicing")} <= set(
        zip(closed["jurisdiction"], closed["dimension"]))
    assert closed["hypothetical"].all()
    assert result.matrix.attrs["hypothetical"] and "HYPOTHETICAL" in result.label
    assert result.matrix.loc["JP", "equipment_servicing"] == result.baseline_matrix.loc[
        "US", "equipment_servicing"]
    assert result.baseline_matrix.loc["JP", "equipment_servicing"] == "none"
    assert result.state[result.state["hypothetical"]]["measure_id"].str.startswith("HYPOTHETICAL").all()


def test_scenario_changes_are_parsed_and_checked():
    parsed = parse_changes([{"jurisdictions": ["JP", "NL"], "dimension": "persons_support",
                                           "level": "broad"}, "KR:materials=limited"])
    assert [(c.jurisdiction, c.dimension, c.level) for c in parsed] == [
        ("JP", "persons_support", "broad"), ("NL", "persons_support", "broad"),
        ("KR", "materials", "limited")]
    with pytest.raises(ValueError, match="unknown dimension 'servicing'"):
        tk.scenario(DAY, "JP:servicing")
    with pytest.raises(ValueError, match="expected 'JP,NL:dimension=level'"):
        tk.scenario(DAY, "JP equipment_servicing")


def test_unknown_codes_and_bad_dates_are_clear_errors():
    with pytest.raises(ValueError, match="unknown jurisdiction 'FR'"):
        tk.regime_matrix(DAY, ["FR"])
    with pytest.raises(ValueError, match="not a real calendar date"):
        tk.regime_matrix("2024-02-30")
    with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
        tk.regime_matrix("26/04/2024")


def test_timeline_keeps_both_dates_in_order_and_filters():
    frame = tk.timeline("2023-01-01", "2023-12-31", jurisdictions=["NL"])
    assert frame["date"].is_monotonic_increasing
    reg = frame.set_index("id").loc["NL-2023-regeling-geavanceerde-productieapparatuur"]
    assert reg["date_announced"] == pd.Timestamp("2023-06-30")
    assert reg["date_effective"] == pd.Timestamp("2023-09-01")
    assert set(frame.loc[frame["kind"] == "measure", "jurisdiction"]) == {"NL"}
    only = tk.timeline(categories=["equipment"], include_events=False)
    assert set(only["kind"]) == {"measure"} and set(only["category"]) == {"equipment"}
    assert "event" in set(tk.timeline("2023-08-01", "2023-09-30")["kind"])
    with pytest.raises(ValueError, match="unknown category"):
        tk.timeline(categories=["chipz"])


def test_charts_are_valid_vega_lite_with_text_alternatives():
    state = tk.regime_state(DAY)
    built = [charts.regime_heatmap(state), charts.gaps_chart(tk.gaps(DAY)),
             charts.lag_chart(tk.lags("advanced_equipment")),
             charts.change_chart(tk.diff("2023-01-01", DAY)),
             charts.timeline_chart(tk.timeline("2023-01-01", DAY)),
             charts.alignment_chart(tk.alignment(DAY)),
             charts.listings_chart(listing_status(DAY))]
    for chart in built:
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        assert spec["description"] and spec["title"]
    heat = built[0].to_dict()
    tooltip = heat["layer"][0]["encoding"]["tooltip"]
    assert [t["title"] for t in tooltip] == ["Jurisdiction", "Dimension", "Level", "Set by",
                                             "Measure id", "In force from", "Citation"]


def test_findings_sentences_cite_their_sources():
    state = tk.regime_state(DAY)
    ref = findings.reference_findings(state, "US", {"US": "United States"})
    assert ref[0].text.startswith(f"On {DAY}, the United States had controls on 9 of the 10 "
                                  "regime dimensions compared: broad controls on advanced equipment")
    assert ref[0].citations
    lag = findings.lag_findings(tk.lags("advanced_equipment", level="broad"), {"JP": "Japan"})
    assert any("Japan reached broad controls on advanced equipment on 2023-07-23, 289 days after"
               in f.text for f in lag)
    gap = findings.gap_findings(tk.gaps(DAY), {"JP": "Japan"})
    assert any(f.text.startswith(f"On {DAY}, Japan fell short of") and f.citations for f in gap)
    hypo = findings.scenario_findings(tk.scenario(DAY, "JP,NL,KR:equipment_servicing"))
    assert hypo[0].hypothetical and hypo[0].text.startswith("Hypothetical (not measures in force)")
    changes = findings.change_findings(tk.diff(DAY, "2025-06-30"))
    assert changes[0].text.startswith(f"Between {DAY} and 2025-06-30,")


def test_listing_status_and_who_the_us_lists_alone():
    before = listing_status("2025-06-01").set_index(["entity_id", "jurisdiction"])
    after = listing_status("2025-07-01").set_index(["entity_id", "jurisdiction"])
    assert not before.loc[("huawei", "TW"), "listed"]
    assert after.loc[("huawei", "TW"), "listed"] and after.loc[("smic", "TW"), "listed"]
    assert after.loc[("huawei", "US"), "since"] == pd.Timestamp("2019-05-16")
    alone = set(listed_by_reference_only(listing_status("2025-07-01"))["entity_id"])
    assert {"ymtc", "cambricon"} <= alone and "huawei" not in alone
    text = " ".join(f.text for f in findings.listing_findings(listing_status("2025-07-01")))
    assert "TW listed 2 of them" in text or "Taiwan listed 2 of them" in text
