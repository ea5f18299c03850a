"""Property-based tests of the regime analysis on generated provisions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit.data.schema import default_schema

SCHEMA = default_schema()
JURS, DIMS, LEVELS = list(SCHEMA.jurisdictions), list(SCHEMA.dimensions), list(SCHEMA.levels)
START = dt.date(2018, 1, 1)

provision = st.tuples(st.sampled_from(JURS), st.sampled_from(DIMS), st.sampled_from(LEVELS),
                      st.integers(0, 3000))
days = st.integers(-30, 3100)


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [{"measure_id": f"{j}-2020-m{i}", "jurisdiction": j, "dimension": d, "level": lv,
          "date_effective": pd.Timestamp(START + dt.timedelta(days=n))}
         for i, (j, d, lv, n) in enumerate(rows)],
        columns=["measure_id", "jurisdiction", "dimension", "level", "date_effective"])


def day(n: int) -> str:
    return (START + dt.timedelta(days=n)).isoformat()


#: Local to these tests (a global profile would change every other module's Hypothesis tests).
LOCAL = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@LOCAL
@given(st.lists(provision, min_size=1, max_size=40))
def test_before_the_first_measure_everything_is_none(rows):
    data = frame(rows)
    first = data["date_effective"].min() - pd.Timedelta(days=1)
    matrix = tk.regime_matrix(first, data=data)
    assert (matrix == "none").all().all()
    assert list(matrix.index) == JURS and list(matrix.columns) == DIMS


@LOCAL
@given(st.lists(provision, max_size=40), days)
def test_diff_of_a_date_with_itself_is_empty(rows, n):
    assert tk.diff(day(n), day(n), data=frame(rows)).empty


@LOCAL
@given(st.lists(provision, max_size=40), days, days)
def test_applying_diff_to_the_earlier_state_gives_the_later_state(rows, a, b):
    a, b = min(a, b), max(a, b)
    data = frame(rows)
    before = tk.regime_matrix(day(a), data=data).astype(str)
    after = tk.regime_matrix(day(b), data=data).astype(str)
    for row in tk.diff(day(a), day(b), data=data).itertuples():
        assert before.loc[row.jurisdiction, row.dimension] == str(row.old_level)
        before.loc[row.jurisdiction, row.dimension] = str(row.new_level)
    pd.testing.assert_frame_equal(before, after)


@LOCAL
@given(st.lists(provision, max_size=40), days)
def test_a_scenario_without_changes_equals_the_baseline(rows, n):
    data = frame(rows)
    result = tk.scenario(day(n), [], data=data)
    pd.testing.assert_frame_equal(result.matrix, tk.regime_matrix(day(n), data=data),
                                  check_flags=False)
    assert result.matrix.attrs["hypothetical"] is True
    assert result.closed_gaps.empty
    assert len(result.gaps) == len(tk.gaps(day(n), data=data))


@LOCAL
@given(st.lists(provision, max_size=40), days)
def test_gaps_are_exactly_the_cells_below_the_reference(rows, n):
    data = frame(rows)
    matrix = tk.regime_matrix(day(n), data=data)
    found = {(r.jurisdiction, r.dimension) for r in tk.gaps(day(n), "US", data=data).itertuples()}
    expected = {(j, d) for j in JURS if j not in ("US", "CN") for d in DIMS
                if LEVELS.index(matrix.loc[j, d]) < LEVELS.index(matrix.loc["US", d])}
    assert found == expected


@LOCAL
@given(st.lists(provision, max_size=40), days)
def test_alignment_is_between_zero_and_one(rows, n):
    scores = tk.alignment(day(n), data=frame(rows))["score"].dropna()
    assert ((scores >= 0) & (scores <= 1)).all()


@LOCAL
@given(st.lists(provision, min_size=1, max_size=40), st.sampled_from(DIMS))
def test_lags_are_differences_of_first_dates(rows, dim):
    """Following means the level in force at the end of a day reaching ``limited`` or more (a
    provision overtaken on its own day never applied)."""
    data = frame(rows)
    lag = tk.lags(dim, "US", "limited", data=data, as_of="2100-01-01")
    firsts = {}
    cell = data[data["dimension"] == dim].sort_values("date_effective", kind="stable")
    for jur, rows_j in cell.groupby("jurisdiction"):
        end_of_day = rows_j.groupby("date_effective")["level"].last()
        reached = end_of_day[end_of_day != "none"]
        if len(reached):
            firsts[jur] = reached.index[0]
    for row in lag.itertuples():
        if row.jurisdiction in firsts and "US" in firsts:
            assert row.lag_days == (firsts[row.jurisdiction] - firsts["US"]).days
        else:
            assert pd.isna(row.lag_days)
