"""Files users bring: CSL and OpenSanctions entries compared with the curated listings, honest
counts, Hong Kong and Macau kept, ``listed_only_by`` and ``compare_snapshots``."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import DATA, FIXTURES, ROOT

import toolkit as tk
from toolkit.present.findings import supplied_list_findings

CSL_EL_ROWS = FIXTURES / "csl" / "csl_legacy_2019fmt_entity_list_rows.csv"


def screening(rows):
    return pd.DataFrame(rows, columns=["source", "name", "alt_names", "countries", "start_date"])


def test_hong_kong_and_macau_entries_and_their_aliases_are_kept():
    frame = screening([
        ("EL", "Mainland Fab Co., Ltd.", ["MF"], ["CN"], "2020-01-01"),
        ("EL", "Harbour Front Trading Ltd.", ["HFT Hong Kong"], ["HK"], "2021-01-01"),
        ("EL", "Macau Relay Ltd.", [], ["MO"], "2022-01-01"),
        ("EL", "Elsewhere LLC", [], ["RU"], "2022-01-01"),
        ("Other list", "Other Hong Kong Ltd.", [], ["HK"], "2022-01-01"),
    ])
    kept = tk.screening_entries(frame, lists=["EL"])
    assert list(kept["name"]) == ["Mainland Fab Co., Ltd.", "Harbour Front Trading Ltd.",
                                  "Macau Relay Ltd."]
    assert kept.loc[1, "aliases"] == ["HFT Hong Kong"]
    # the filter is a parameter: mainland China alone, or no filter at all
    assert list(tk.screening_entries(frame, ["EL"], countries=["CN"])["name"]) == ["Mainland Fab Co., Ltd."]
    assert len(tk.screening_entries(frame, None, countries=None)) == 5


def test_real_csl_rows_keep_hong_kong_addresses():
    csl = tk.load_csl(CSL_EL_ROWS)
    kept = tk.screening_entries(csl, ["Entity List (EL) - Bureau of Industry and Security"])
    assert "32 Group China Ltd." in set(kept["name"])  # a Hong Kong address only
    only_cn = tk.screening_entries(csl, None, countries=["CN"])
    assert "32 Group China Ltd." not in set(only_cn["name"])


def test_counts_are_honest_when_nothing_matches_and_when_something_does():
    curated = {"US": pd.DataFrame({"name": ["Semiconductor Manufacturing International Corporation"],
                                   "aliases": [["中芯国际集成电路制造有限公司"]],
                                   "date_listed": [pd.Timestamp("2020-12-18")]})}
    nothing = {"your CSL file": pd.DataFrame({"name": ["Unrelated Trading Ltd.", "Other Co."],
                                              "aliases": [[], []], "date_listed": [pd.NaT] * 2})}
    compared = tk.compare_lists({**nothing, **curated})
    [finding] = supplied_list_findings(compared, list(nothing), list(curated), ["CN", "HK", "MO"])
    assert finding.text.startswith("None of the 2 entities in your CSL file with an address in "
                                   "CN, HK or MO is among")
    assert finding.claims[0]["matched_curated"] == 0
    some = {"your CSL file": pd.DataFrame({"name": ["SEMICONDUCTOR MANUFACTURING INTERNATIONAL "
                                                    "CORPORATION", "Other Co."],
                                           "aliases": [[], []], "date_listed": [pd.NaT] * 2}),
            "your OpenSanctions file (JP)": pd.DataFrame({"name": ["Nobody Ltd."], "aliases": [[]],
                                                          "date_listed": [pd.NaT]})}
    compared = tk.compare_lists({**some, **curated})
    csl, eul, shared = supplied_list_findings(compared, list(some), list(curated))
    assert csl.text == ("1 of the 2 entities in your CSL file is a firm the curated listings "
                        "track: SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION.")
    assert eul.claims[0]["matched_curated"] == 0 and "None of the 1 entity" in eul.text
    assert shared.text == "No entity appears in more than one of the lists supplied."


def test_listed_only_by_works_on_compared_lists_and_on_listing_status():
    lists = {"US": pd.DataFrame({"name": ["Alpha Micro Ltd.", "Beta Fab Co."]}),
             "JP": pd.DataFrame({"name": ["Beta Fab Co., Ltd.", "Gamma Tools"]})}
    compared = tk.compare_lists(lists, aliases=None)
    assert list(tk.listed_only_by(compared, "US")["entity"]) == ["Alpha Micro Ltd."]
    assert list(tk.listed_only_by(compared, "JP")["entity"]) == ["Gamma Tools"]
    with pytest.raises(ValueError, match="no list 'NL'"):
        tk.listed_only_by(compared, "NL")
    status = tk.listing_status("2024-04-26", ["US", "JP", "NL"])
    alone = tk.listed_only_by(status, "US")
    listed = status[status["listed"]]
    for entity in alone["entity_id"]:
        assert set(listed[listed["entity_id"] == entity]["jurisdiction"]) == {"US"}


def test_compare_snapshots_names_added_removed_and_changed_entries():
    old = tk.load_csl(CSL_EL_ROWS)
    new = old.iloc[1:].copy()  # the first entry removed
    new.loc[new.index[0], "addresses"] = ["Room 1, Somewhere, Kowloon, HK"]  # one changed
    added = new.iloc[:1].assign(name="Newly Listed Optics Co., Ltd.", addresses=[["Shenzhen, CN"]])
    diff = tk.compare_snapshots(old, pd.concat([new, added], ignore_index=True))
    assert list(diff["change"]) == ["added", "removed", "changed"]
    assert list(diff["name"]) == ["Newly Listed Optics Co., Ltd.", old.loc[0, "name"],
                                  old.loc[1, "name"]]
    assert diff.loc[2, "fields"] == ["addresses"]
    assert diff.loc[2, "new"]["addresses"] == ("Room 1, Somewhere, Kowloon, HK",)
    assert tk.compare_snapshots(old, old).empty


@pytest.mark.slow
def test_one_supplied_csl_in_the_current_folder_gets_its_section(tmp_path):
    """`toolkit build --name byo -p csl_path=my_list.csv --format html` from the root of a
    copy of the project, with the CSL file in that folder."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(ROOT / "reports.toml", tmp_path)
    shutil.copy(CSL_EL_ROWS, tmp_path / "my_list.csv")
    out = subprocess.run([sys.executable, "-m", "toolkit", "build", "--name", "byo", "-p",
                          "csl_path=my_list.csv", "--format", "html"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert not (tmp_path / "reports" / "state-of-play.html").exists()  # a one-off of its own
    html = (tmp_path / "reports" / "byo.html").read_text(encoding="utf-8")
    assert ">Lists you supplied</h2>" in html
    assert "entities in your CSL file with an address in CN, HK or MO" in html
    assert "32 Group China Ltd." in html  # a Hong Kong front, kept
