"""Name normalisation and cross-list entity matching."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.analysis.entities import compare_lists, match_entities, normalize_name
from toolkit.sources.csl import load_csl

CSL = Path(__file__).resolve().parent / "fixtures" / "csl"


@pytest.mark.parametrize("raw, expected", [
    ("Huawei Technologies Co., Ltd.", "huawei technologies"),
    ("HUAWEI TECHNOLOGIES CO LTD", "huawei technologies"),
    ("Huawei Technologies Company Limited", "huawei technologies"),
    ("Ｈｕａｗｅｉ　Ｔｅｃｈｎｏｌｏｇｉｅｓ　Ｃｏ．，Ｌｔｄ．", "huawei technologies"),
    ("华为技术有限公司", "华为技术"),
    ("华为技术股份有限公司", "华为技术"),
    ("华为技术有限责任公司", "华为技术"),
    ("Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof",
     "sinobright import and export"),
    ("ACTIVEBUSINESSCOLLECTION LIMITED LIABILITY COMPANY", "activebusinesscollection"),
    ("ACHIM DEVELOPMENT, OOO", "achim development"),
    ("PJSC Rosneft", "rosneft"),
    ("Société Générale S.A.", "societe generale"),
    ("A & C International Trade, Inc.", "a and c international trade"),
    ("Fathi Mohammed QAR'AWI", "fathi mohammed qarawi"),
    ("Academy of Aerospace Solid Propulsion Technology (AASPT)",
     "academy of aerospace solid propulsion technology"),
    (None, ""),
    (float("nan"), ""),
])
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


def test_normalize_keeps_group_place_and_a_lone_legal_word():
    assert normalize_name("China Electronics Technology Group Corporation") == \
        "china electronics technology group"
    assert normalize_name("中国电子科技集团有限公司") == "中国电子科技集团"
    assert normalize_name("Semiconductor Manufacturing International (Beijing) Corporation") == \
        "semiconductor manufacturing international beijing"
    assert normalize_name("Company") == "company"
    assert normalize_name("公司") == "公司"


def test_chinese_registered_place_forms_are_equal():
    bracketed = normalize_name("中芯国际集成电路制造（上海）有限公司")
    assert bracketed == normalize_name("中芯国际集成电路制造(上海)有限公司")
    assert bracketed == normalize_name("上海中芯国际集成电路制造有限公司") == "上海中芯国际集成电路制造"
    assert normalize_name("深圳市大疆创新科技有限公司") == normalize_name("大疆创新科技(深圳)有限公司")
    assert normalize_name("中芯国际集成电路制造(北京)有限公司") != bracketed


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalize_is_idempotent_and_never_crashes(text):
    once = normalize_name(text)
    assert isinstance(once, str)
    assert normalize_name(once) == once


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Co.", "Ltd", "有限公司", "(上海)", "Group", "集团", "Ｃｏ．", "and", "&",
                                 "Huawei", "华为", "Inc.", ",", "市", "(AB)", "9"]), max_size=8))
def test_normalize_idempotent_on_legal_form_soup(parts):
    once = normalize_name(" ".join(parts))
    assert normalize_name(once) == once


def frame(names, aliases=None):
    data = {"name": names}
    if aliases is not None:
        data["aliases"] = aliases
    return pd.DataFrame(data)


def test_match_exact_after_normalisation_and_via_aliases():
    left = frame(["Huawei Technologies Co., Ltd.", "Shanghai Micro Electronics Equipment (Group) Co., Ltd."],
                 aliases=[["华为技术有限公司"], ["上海微电子装备(集团)股份有限公司"]])
    right = frame(["HUAWEI TECHNOLOGIES CO LTD", "华为技术有限公司", "上海微电子装备（集团）股份有限公司"])
    pairs = match_entities(left, right)
    found = {(r.left_index, r.right_index): r.method for r in pairs.itertuples()}
    assert found == {(0, 0): "exact", (0, 1): "alias", (1, 2): "alias"}
    assert (pairs["score"] == 100).all()
    assert list(pairs.columns) == ["left_index", "right_index", "left_name", "right_name", "score", "method"]


def test_match_aliases_on_the_right_side_and_as_strings():
    left = frame(["华为技术有限公司"])
    right = frame(["Huawei Technologies Co., Ltd."], aliases=["Huawei; 华为技术有限公司"])
    pairs = match_entities(left, right)
    assert pairs["method"].tolist() == ["alias"]


def test_match_fuzzy_spelling_variants():
    left = frame(["Hefei Core Storage Electronic Limited", "Mohammed ABU JHEISHEH", "ABU JHEISHEH, Mohammed"])
    right = frame(["Hefei Core Storage Electronics Ltd.", "Mohammed ABU JHEISHEH"])
    pairs = match_entities(left, right)
    found = {(r.left_index, r.right_index): (r.method, r.score) for r in pairs.itertuples()}
    assert found[(0, 0)][0] == "fuzzy" and 90 <= found[(0, 0)][1] < 100
    assert found[(1, 1)] == ("exact", 100)
    assert found[(2, 1)] == ("fuzzy", 100)  # word order only


@pytest.mark.parametrize("a, b", [
    ("Shanghai Micro Electronics Equipment", "Shanghai Microelectronics Materials"),
    ("Semiconductor Manufacturing International Corporation",
     "Semiconductor Manufacturing Electronics (Shaoxing)"),
    ("Semiconductor Manufacturing International (Beijing) Corporation",
     "Semiconductor Manufacturing International (Tianjin) Corporation"),
    ("Semiconductor Manufacturing International Corporation",
     "Semiconductor Manufacturing International (Beijing) Corporation"),
    ("China Electronics Technology Group Corporation 13th Research Institute",
     "China Electronics Technology Group Corporation 14th Research Institute"),
    ("中芯国际集成电路制造(北京)有限公司", "中芯国际集成电路制造(上海)有限公司"),
    ("Beijing Institute of Technology", "Beijing Institute of Electronics Technology"),
])
def test_near_misses_do_not_match(a, b):
    assert match_entities(frame([a]), frame([b])).empty
    assert match_entities(frame([b]), frame([a])).empty


def test_match_on_other_columns_keeps_index_labels():
    left = pd.DataFrame({"entity": ["ACTeam Logistics Ltd."]}, index=["el-7"])
    right = pd.DataFrame({"title": ["ACTeam Logistics Limited"]}, index=[42])
    pairs = match_entities(left, right, left_on="entity", right_on="title", aliases=None)
    assert pairs[["left_index", "right_index", "method"]].values.tolist() == [["el-7", 42, "exact"]]
    with pytest.raises(KeyError, match="column 'name' not found"):
        match_entities(left, right)


def test_match_real_csl_rows_against_their_own_variants():
    csl = load_csl(CSL / "csl_legacy_2019fmt_first50.csv")
    variants = frame(["32 GROUP CHINA LIMITED", "3K Aviation Consulting & Logistics", "ADP SC",
                      "Unrelated Name Holding"])
    pairs = match_entities(variants, csl)
    matched = dict(zip(pairs["left_index"], pairs["right_name"]))
    assert matched[0] == "32 Group China Ltd."
    assert matched[1] == "3K Aviation Consulting and Logistics"
    assert matched[2] == "ADP, S.C."
    assert 3 not in matched


def test_compare_lists_clusters_across_jurisdictions():
    us = pd.DataFrame({"name": ["Huawei Technologies Co., Ltd.",
                                "Semiconductor Manufacturing International Corp.",
                                "Example Photonics Co., Ltd."],
                       "date_listed": ["2019-05-16", "2020-12-18", None]})
    jp = pd.DataFrame({"name": ["HUAWEI TECHNOLOGIES CO LTD", "Placeholder Research Centre"],
                       "date_listed": ["2020-01-01", "2021-06-30"]})
    cn = pd.DataFrame({"name": ["Invented Defence Contractor Inc."], "aliases": [[]],
                       "start_date": ["2023-02-16"]})
    tw = pd.DataFrame({"name": ["华为技术有限公司", "Huawei Technologies Company Limited"],
                       "aliases": [["Huawei Technologies Co., Ltd."], []]})
    out = compare_lists({"US": us, "JP": jp, "CN": cn, "TW": tw})
    assert list(out.columns) == ["entity", "names", "US", "US_since", "JP", "JP_since", "CN", "CN_since",
                                 "TW", "TW_since", "listed_by", "n_lists"]
    assert len(out) == 5
    huawei = out.iloc[0]
    assert huawei["entity"] == "Huawei Technologies Co., Ltd."
    assert huawei["listed_by"] == ["US", "JP", "TW"] and huawei["n_lists"] == 3
    assert huawei["US_since"] == pd.Timestamp("2019-05-16")
    assert huawei["JP_since"] == pd.Timestamp("2020-01-01")
    assert pd.isna(huawei["TW_since"]) and not huawei["CN"]
    assert set(huawei["names"]) == {"Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD",
                                    "华为技术有限公司", "Huawei Technologies Company Limited"}
    contractor = out.set_index("entity").loc["Invented Defence Contractor Inc."]
    assert contractor["listed_by"] == ["CN"] and contractor["CN_since"] == pd.Timestamp("2023-02-16")
    assert out["US"].dtype == bool
