"""The claims audit: every key-finding sentence of every briefing in reports.toml is generated from
structured claims, and each claim is rebuilt here from the matrix, diff and lags and must agree —
as must the sentence, which has to say the level and the date it claims."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

import toolkit as tk
from toolkit.analysis.listings import listing_status
from toolkit.build import Options, build

pytestmark = pytest.mark.slow


def _build(out: Path, names: list[str], **overrides) -> list:
    return build(Options(names=names, output=out, cache_dir=out / ".cache", failed_dir=out / ".failed",
                         formats=["html"], overrides=overrides))


@pytest.fixture(scope="module")
def briefings(tmp_path_factory):
    """Every briefing defined in reports.toml (HTML only), plus the two the issue names."""
    out = tmp_path_factory.mktemp("claims")
    from toolkit.build.plan import read_definitions
    defined = list(read_definitions(ROOT / "reports.toml")["briefings"])
    units = _build(out, defined)
    narrow = _build(out / "narrow", ["state-of-play"], jurisdictions="JP,NL,KR")
    early = _build(out / "early", ["state-of-play"], as_of="2024-06-30")
    return {"out": out, "units": units, "narrow": narrow[0], "early": early[0]}


def artifacts(unit, out: Path) -> list[dict]:
    return [json.loads((out / ".cache" / "runs" / run.key / "artifacts.json").read_text())
            for run in unit.runs]


def _state(jur: str, dim: str, as_of: str) -> pd.Series:
    return tk.regime_state(as_of, [jur], [dim]).iloc[0]


def check(claim: dict, text: str) -> None:
    kind = claim["kind"]
    if kind == "state":
        row = _state(claim["jurisdiction"], claim["dimension"], claim["as_of"])
        assert str(row["level"]) == claim["level"], claim
        if claim.get("since"):
            assert f"{row['level_since']:%Y-%m-%d}" == claim["since"], claim
            assert claim["since"] in text
        if claim["level"] != "none":
            assert claim["level"] in text, (claim, text)
    elif kind == "gap":
        own = _state(claim["jurisdiction"], claim["dimension"], claim["as_of"])
        ref = _state(claim["reference"], claim["dimension"], claim["as_of"])
        assert (str(own["level"]), str(ref["level"])) == (claim["level"], claim["reference_level"])
        order = ["none", "limited", "broad"]
        assert order.index(str(own["level"])) < order.index(str(ref["level"])), claim
        assert claim["jurisdiction"] != "CN"
        assert f"{claim['level']} against {claim['reference_level']}" in text
    elif kind == "change":
        diff = tk.diff(claim["since"], claim["until"], [claim["jurisdiction"]], [claim["dimension"]])
        row = diff.iloc[0]
        assert (str(row["old_level"]), str(row["new_level"]), row["change"]) == (
            claim["old_level"], claim["new_level"], claim["change"]), claim
        day = None if pd.isna(row["date_changed"]) else f"{row['date_changed']:%Y-%m-%d}"
        assert day == claim["date"], claim
        if claim["change"] in ("raised", "lowered"):
            assert f"from {claim['old_level']} to {claim['new_level']}" in text
            month = pd.Timestamp(day).strftime("%B %Y")
            assert day in text or (claim["date_precision"] == "month" and month in text), text
    elif kind == "lag":
        lag = tk.lags(claim["dimension"], claim["reference"], claim["level"], [claim["jurisdiction"]],
                      as_of=claim["as_of"]).iloc[0]
        reached = None if pd.isna(lag["date_reached"]) else f"{lag['date_reached']:%Y-%m-%d}"
        assert reached == claim["date_reached"] and lag["current_level"] == claim["current_level"]
        assert f"{claim['level']} controls" in text
        if reached:
            assert reached in text
        else:
            assert claim["current_level"] in text  # never "not controlling" when it has limited
    elif kind == "count" and claim["what"] == "level changes":
        diff = tk.diff(claim["since"], claim["until"], claim["jurisdictions"] or None)
        assert int((diff["change"] != "restated").sum()) == claim["count"]
        assert (f"{claim['count']} control level" in text) or claim["count"] == 0
    elif kind == "count" and claim["what"] == "timeline measures":
        frame = tk.timeline(claim["start"], claim["end"], claim["jurisdictions"], include_events=False)
        assert int((frame["kind"] == "measure").sum()) == claim["count"]
        assert frame["date"].max() <= pd.Timestamp(claim["end"])
        assert f"{claim['count']} measures" in text
    elif kind == "count" and claim["what"] == "CN entity listings":
        from toolkit.analysis.listings import countermeasure_listings
        own = countermeasure_listings(claim["as_of"])
        assert len(own) == claim["count"] and f"{claim['count']} listing decisions" in text
        assert (own["jurisdiction"] == "CN").all() and not own["category"].eq("relaxation").any()
    elif kind == "listing":
        status = listing_status(claim["as_of"], [claim["jurisdiction"]])
        assert int(status[status["listed"]]["entity_id"].nunique()) == claim["count"]
    elif kind == "scenario":
        result = tk.scenario(claim["as_of"], claim["changes"], claim["reference"])
        assert len(result.closed_gaps) == claim["closed"] and len(result.gaps) == claim["remaining"]
    else:
        raise AssertionError(f"unknown claim {claim}")


def test_every_finding_of_every_briefing_is_a_checked_claim(briefings):
    checked = 0
    for unit in [*briefings["units"], briefings["narrow"], briefings["early"]]:
        out = briefings["out"] / ("narrow" if unit is briefings["narrow"] else
                                  "early" if unit is briefings["early"] else "")
        for doc in artifacts(unit, out):
            for finding in doc["findings"]:
                assert finding["claims"], (unit.name, finding["text"])
                for claim in finding["claims"]:
                    check(claim, finding["text"])
                    checked += 1
    assert checked > 200


def test_the_china_briefing_never_says_china_fell_short(briefings):
    cn = next(u for u in briefings["units"] if u.name == "by-jurisdiction/CN")
    texts = [f["text"] for doc in artifacts(cn, briefings["out"]) for f in doc["findings"]]
    assert not any("China fell short" in t for t in texts)
    assert any(t.startswith("China, the target of these controls") for t in texts)
    html = (briefings["out"] / "by-jurisdiction" / "CN.html").read_text()
    assert "China fell short" not in html and "China&#39;s own lists" in html


def test_a_narrow_briefing_keeps_the_reference_and_never_says_zero_dimensions(briefings):
    # a build with -p overrides is a one-off, written under a name made from them
    html = (briefings["out"] / "narrow" / f"{briefings['narrow'].name}.html").read_text()
    assert briefings["narrow"].name == "state-of-play--jurisdictions-JP_NL_KR"
    assert not re.search(r"\b0 (regime )?dimensions|\b0 of the", html)
    texts = [f["text"] for doc in artifacts(briefings["narrow"], briefings["out"] / "narrow")
             for f in doc["findings"]]
    assert any(t.startswith("On ") and "the United States had controls on" in t for t in texts)


def test_a_briefing_as_of_a_past_date_stops_there(briefings):
    docs = artifacts(briefings["early"], briefings["out"] / "early")
    timeline = next(d for d in docs if d["notebook"] == "timeline")
    table = next(b for s in timeline["sections"] for b in s["blocks"] if b["type"] == "table")
    dates = [row[0] for row in table["rows"] if row[0]]
    assert dates and max(dates) <= "2024-06-30"
    meta = next(d for d in docs if d["notebook"] == "regime_comparison")["meta"]
    m = tk.load_measures()
    stamps = pd.concat([m["date_announced"], m["date_effective"]]).dropna()
    assert meta["data_through"] == f"{stamps[stamps <= pd.Timestamp('2024-06-30')].max():%Y-%m-%d}"
