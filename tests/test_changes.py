"""The change model: a cell's history, what changed between two dates, and how long allies
took to follow — on the shipped data, with the dates the sources give."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk
from toolkit.present import findings

NAMES = {"US": "United States", "JP": "Japan", "NL": "Netherlands", "KR": "South Korea",
         "EU": "European Union", "TW": "Taiwan", "CN": "China", "UK": "United Kingdom"}


def test_japan_advanced_equipment_changed_when_the_level_rose_not_when_restated():
    changes = tk.diff("2023-01-01", "2025-12-31", jurisdictions=["JP"]).set_index("dimension")
    row = changes.loc["advanced_equipment"]
    assert (row["old_level"], row["new_level"], row["change"]) == ("none", "broad", "raised")
    assert row["date_changed"] == pd.Timestamp("2023-07-23")  # METI's 23 items in force
    assert row["measure_id"] == "JP-2023-advanced-sme-23-items"
    assert "JP-2024-quantum-sem-gaa-list-controls" in row["measures"]  # the later restatement


def test_china_october_2025_persons_rule_and_its_suspension_are_in_the_history():
    history = tk.cell_history("CN", "persons_support")
    steps = list(zip(history["date"].dt.strftime("%Y-%m-%d"), history["old_level"],
                     history["new_level"], history["measure_id"]))
    assert ("2025-10-09", "none", "limited", "CN-2025-rare-earth-technology-controls") in steps
    assert ("2025-11-07", "limited", "none", "CN-2025-suspension-october-2025-controls") in steps


def test_a_rule_suspended_before_it_applied_is_shown_so():
    history = tk.cell_history("CN", "foreign_direct_product")
    due = history[history["measure_id"] == "CN-2025-extraterritorial-rare-earth-rule"].iloc[0]
    assert due["date"] == pd.Timestamp("2025-12-01") and not due["applied"]
    changes = tk.diff("2025-09-01", "2025-12-31", jurisdictions=["CN"]).set_index("dimension")
    assert changes.loc["foreign_direct_product", "change"] == "reversed"
    assert changes.loc["persons_support", "change"] == "reversed"
    text = " ".join(f.text for f in findings.change_findings(
        tk.diff("2025-09-01", "2025-12-31", jurisdictions=["CN"]), NAMES))
    assert "broad controls due on 2025-12-01 were suspended before they applied" in text
    assert "restated none" not in text and "none to none" not in text


def test_every_level_change_is_in_the_findings_none_hidden():
    changes = tk.diff("2024-04-26", "2026-11-30")
    moved = changes[changes["change"] != "restated"]
    found = findings.change_findings(changes, NAMES)
    claimed = {(c["jurisdiction"], c["dimension"]) for f in found for c in f.claims
               if c["kind"] == "change"}
    assert claimed == set(zip(moved["jurisdiction"], moved["dimension"]))
    assert not any("further change" in f.text for f in found)


def test_month_precision_dates_are_worded_as_months():
    changes = tk.diff("2024-04-26", "2026-11-30", jurisdictions=["JP"])
    text = " ".join(f.text for f in findings.change_findings(changes, NAMES))
    assert "advanced chips raised from none to limited in May 2025 (day not verified)" in text


def test_lags_name_the_level_and_default_to_the_reference_level():
    lag = tk.lags("advanced_equipment", as_of="2024-04-26")
    assert lag.attrs["level"] == "broad"  # the US level on that date
    frame = lag.set_index("jurisdiction")
    assert frame.loc["JP", "date_reached"] == pd.Timestamp("2023-07-23")
    assert frame.loc["JP", "lag_days"] == 289
    assert pd.isna(frame.loc["NL", "date_reached"])
    assert frame.loc["NL", "current_level"] == "limited"
    assert frame.loc["NL", "current_since"] == pd.Timestamp("2023-09-01")
    assert "CN" not in frame.index  # the target never "follows"
    text = " ".join(f.text for f in findings.lag_findings(lag, NAMES))
    assert "the Netherlands (limited since 2023-09-01)" in text
    assert "not at broad controls on advanced equipment" in text


def test_lags_take_named_measures_as_reference_or_follower():
    lag = tk.lags("advanced_equipment", reference="US-2022-advanced-computing-sme-rule",
                  followers={"NL": "NL-2023-regeling-geavanceerde-productieapparatuur"},
                  as_of="2024-04-26").set_index("jurisdiction")
    assert lag.loc["NL", "date_reached"] == pd.Timestamp("2023-09-01")
    assert lag.loc["NL", "lag_days"] == (pd.Timestamp("2023-09-01") - pd.Timestamp("2022-10-07")).days
    with pytest.raises(ValueError, match="neither a jurisdiction"):
        tk.lags("advanced_equipment", reference="XX-nonsense")


def test_china_is_never_a_gap_or_an_ally():
    gaps = tk.gaps("2025-06-30", "US", ["CN", "JP"])
    assert set(gaps["jurisdiction"]) == {"JP"}
    assert "CN" not in set(tk.alignment("2025-06-30", "US", ["CN", "JP"])["jurisdiction"])
    state = tk.regime_state("2025-06-30", ["US", "CN"])
    text = " ".join(f.text for f in findings.countermeasure_findings(state, NAMES))
    assert text.startswith("China, the target of these controls, answers with countermeasures")
    assert "broad on materials (since 2024-12-03)" in text


def test_state_says_since_when_a_level_holds():
    state = tk.regime_state("2026-11-30", ["NL"]).set_index("dimension")
    assert state.loc["equipment_servicing", "level"] == "limited"
    assert state.loc["equipment_servicing", "level_since"] == pd.Timestamp("2023-09-01")
