"""The shipped dataset: landmarks present, every row sourced, keys resolve, known facts hold."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk

LANDMARKS = {
    # DOMAIN.md's landmark measures -> measure ids in data/measures.csv
    "US Fujian Jinhua listing (2018)": "US-2018-fujian-jinhua-entity-list",
    "US Huawei Entity List listing (May 2019)": "US-2019-huawei-entity-list",
    "US Huawei FDP rule (May 2020)": "US-2020-huawei-fdpr-may",
    "US Huawei FDP rule (Aug 2020)": "US-2020-huawei-fdpr-august",
    "US SMIC listing (Dec 2020)": "US-2020-smic-entity-list",
    "US October 2022 rule": "US-2022-advanced-computing-sme-rule",
    "US YMTC listing (Dec 2022)": "US-2022-ymtc-cambricon-entity-list",
    "US October 2023 equipment rule": "US-2023-sme-rule-update",
    "US October 2023 advanced computing rule": "US-2023-advanced-computing-rule-update",
    "US revocation of Intel/Qualcomm licences to Huawei (May 2024)":
        "US-2024-huawei-intel-qualcomm-licence-revocation",
    "US December 2024 rule (HBM, tools, FDPRs)": "US-2024-fdpr-hbm-sme-rule",
    "US December 2024 Entity List (~140)": "US-2024-entity-list-140-entities",
    "US January 2025 AI diffusion rule": "US-2025-ai-diffusion-framework",
    "US January 2025 foundry due-diligence rule": "US-2025-foundry-due-diligence-rule",
    "US May 2025 rescission": "US-2025-ai-diffusion-rescission",
    "US 2025 affiliates rule": "US-2025-affiliates-rule",
    "US suspension of the affiliates rule": "US-2025-affiliates-rule-suspension",
    "US licensing changes for Nvidia chips (H20)": "US-2025-h20-licence-requirement",
    "US licensing changes for Nvidia chips (H200)": "US-2026-h200-licence-review-policy",
    "JP 23 equipment items": "JP-2023-advanced-sme-23-items",
    "JP later list expansion": "JP-2024-quantum-sem-gaa-list-controls",
    "JP End User List update": "JP-2025-end-user-list-revision-sep",
    "NL March 2023 letter to parliament": "NL-2023-kamerbrief-aanvullende-exportcontrole",
    "NL national regulation on advanced SME": "NL-2023-regeling-geavanceerde-productieapparatuur",
    "NL partial revocation of ASML DUV licences (Jan 2024)": "NL-2024-asml-licence-partial-revocation",
    "NL September 2024 expansion": "NL-2024-regeling-uitbreiding-duv-1970i-1980i",
    "NL January 2025 expansion": "NL-2025-regeling-uitbreiding-metrologie",
    "NL spare parts and software updates": "NL-2024-servicing-licence-clarification",
    "KR core-technology protection law": "KR-2019-ita-amendment-nct-leak-penalties",
    "KR catch-all": "KR-2020-foreign-trade-act-catch-all-conventional",
    "EU dual-use recast 2021/821": "EU-2021-dual-use-regulation-recast",
    "EU January 2024 white paper": "EU-2024-white-paper-export-controls",
    "EU 2025 Annex I update (chipmaking tools)": "EU-2025-annex-i-update-2025-2003",
    "TW core key technologies list (2023)": "TW-2023-national-core-key-technologies-list",
    "TW June 2025 entity list adding Huawei and SMIC": "TW-2025-shtc-entity-list-huawei-smic",
    "CN Unreliable Entity List provisions (2020)": "CN-2020-unreliable-entity-list-provisions",
    "CN Export Control Law (2020)": "CN-2020-export-control-law",
    "CN gallium and germanium (2023)": "CN-2023-gallium-germanium-export-controls",
    "CN graphite (2023)": "CN-2023-graphite-export-controls",
    "CN antimony (2024)": "CN-2024-antimony-superhard-export-controls",
    "CN December 2024 ban on exports to the US": "CN-2024-us-dual-use-export-ban",
    "CN 2025 rare-earth controls (April)": "CN-2025-medium-heavy-rare-earth-controls",
    "CN 2025 rare-earth controls (October, extraterritorial)": "CN-2025-extraterritorial-rare-earth-rule",
    "CN suspension of the October 2025 controls": "CN-2025-suspension-october-2025-controls",
    "CN suspension of the ban on exports to the US": "CN-2025-suspension-us-dual-use-ban-para2",
}


@pytest.fixture(scope="module")
def measures():
    return tk.load_measures().set_index("measure_id")


@pytest.mark.parametrize("landmark, measure_id", LANDMARKS.items(), ids=list(LANDMARKS))
def test_every_landmark_is_present_with_a_source(measures, landmark, measure_id):
    assert measure_id in measures.index, landmark
    row = measures.loc[measure_id]
    assert row["source_url"].startswith(("https://", "http://"))
    assert pd.notna(row["date_announced"]) or pd.notna(row["date_effective"])


SHIPPED = {"measures": 159, "provisions": 144, "sources": 279, "events": 40, "listings": 27,
           "entities": 17, "hosts": 141, "review": 0}  # a release has nothing left to review


def test_coverage_goals(measures):
    ds = tk.load_dataset()
    assert ds.version == "0.3.0"
    assert {name: len(frame) for name, frame in ds.frames.items()} == SHIPPED
    assert set(measures["jurisdiction"]) == {"US", "JP", "NL", "KR", "EU", "TW", "CN", "UK", "WA"}
    assert (measures["jurisdiction"] == "WA").sum() == 3
    assert measures["date_announced"].min() < pd.Timestamp("2019-01-01")
    assert measures["date_announced"].max() >= pd.Timestamp("2026-01-01")
    assert len(tk.load_events()) >= 25


def test_every_row_has_a_resolvable_source():
    sources = set(tk.load_sources()["source_id"])
    for frame in (tk.load_measures(), tk.load_events(), tk.load_listings()):
        assert frame["source_id"].notna().all()
        assert set(frame["source_id"]) <= sources
        assert frame["source_url"].str.match(r"https?://").all()


def test_loader_contract_columns_and_types():
    m = tk.load_measures()
    for col in ("measure_id", "jurisdiction", "authority", "title", "instrument", "category",
                "date_announced", "date_effective", "legal_citation", "source_url", "confidence"):
        assert col in m
    assert str(m["date_announced"].dtype).startswith("datetime64")
    e = tk.load_events()
    assert list(e.columns[:4]) == ["event_id", "date", "actor", "jurisdiction"]
    assert {"title", "description", "source_url"} <= set(e.columns)
    assert str(e["date"].dtype).startswith("datetime64")
    assert m["measure_id"].is_unique and e["event_id"].is_unique


def test_loaders_accept_another_data_directory(data_copy):
    assert len(tk.load_measures(data_copy)) == len(tk.load_measures())


def test_unverified_dates_are_missing_not_guessed(measures):
    # v2 verified the 2020 military end-use rule's announcement (Commerce release of 2020-04-27)
    assert measures.loc["US-2020-military-end-use-user-rule", "date_announced"] == pd.Timestamp("2020-04-27")
    assert measures.loc["US-2020-military-end-use-user-rule", "date_effective"] == pd.Timestamp("2020-06-29")
    # the MEU List's announcement and the IC-designer extension's dates were not verified: empty
    assert pd.isna(measures.loc["US-2020-military-end-user-list", "date_announced"])
    assert pd.isna(measures.loc["US-2026-ic-designer-deadline-extension", "date_effective"])


KNOWN = [
    # measure id, announced, effective, citation (all checked against the Federal Register or gazette)
    ("US-2019-huawei-entity-list", "2019-05-15", "2019-05-16", "84 FR 22961"),
    ("US-2020-huawei-fdpr-may", "2020-05-15", "2020-05-15", "85 FR 29849"),
    ("US-2020-smic-entity-list", "2020-12-18", "2020-12-18", "85 FR 83416"),
    ("US-2022-advanced-computing-sme-rule", "2022-10-07", "2022-10-07", "87 FR 62186"),
    ("US-2022-ymtc-cambricon-entity-list", "2022-12-15", "2022-12-16", "87 FR 77505"),
    ("US-2023-sme-rule-update", "2023-10-17", "2023-11-17", "88 FR 73424"),
    ("US-2023-advanced-computing-rule-update", "2023-10-17", "2023-11-17", "88 FR 73458"),
    ("US-2024-fdpr-hbm-sme-rule", "2024-12-02", "2024-12-02", "89 FR 96790"),
    ("US-2025-ai-diffusion-framework", "2025-01-13", "2025-01-13", "90 FR 4544"),
    ("US-2025-foundry-due-diligence-rule", "2025-01-15", "2025-01-16", "90 FR 5298"),
    ("US-2025-affiliates-rule", "2025-09-29", "2025-09-29", "90 FR 47201"),
    ("JP-2023-advanced-sme-23-items", "2023-03-31", "2023-07-23", None),
    ("NL-2023-regeling-geavanceerde-productieapparatuur", "2023-06-30", "2023-09-01",
     "Stcrt. 2023, 18212"),
    ("EU-2021-dual-use-regulation-recast", "2021-05-20", "2021-09-09", "Regulation (EU) 2021/821"),
    ("CN-2020-export-control-law", "2020-10-17", "2020-12-01", None),
    ("CN-2023-gallium-germanium-export-controls", "2023-07-03", "2023-08-01", "No. 23"),
    ("CN-2023-graphite-export-controls", "2023-10-20", "2023-12-01", "No. 39"),
    ("CN-2024-antimony-superhard-export-controls", "2024-08-15", "2024-09-15", "No. 33"),
    ("CN-2025-medium-heavy-rare-earth-controls", "2025-04-04", "2025-04-04", "No. 18"),
]


@pytest.mark.parametrize("measure_id, announced, effective, citation", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_dates_and_citations(measures, measure_id, announced, effective, citation):
    row = measures.loc[measure_id]
    assert row["date_announced"] == pd.Timestamp(announced)
    assert row["date_effective"] == pd.Timestamp(effective)
    if citation:
        assert citation in row["legal_citation"]


def test_known_listings():
    listings = tk.load_listings()
    us = listings[(listings["jurisdiction"] == "US")
                  & (listings["list_name"] == "Entity List (EAR Supp. 4 to Part 744)")].set_index("entity_id")
    assert us.loc["huawei", "date_listed"] == pd.Timestamp("2019-05-16")
    assert us.loc["smic", "date_listed"] == pd.Timestamp("2020-12-18")
    tw = listings[listings["jurisdiction"] == "TW"]
    assert set(tw["entity_id"]) == {"huawei", "smic"}
    assert (tw["date_listed"] == pd.Timestamp("2025-06-10")).all()


def test_suspended_chinese_rules_never_set_a_level():
    # No. 61 (extraterritorial rare-earth rule) was due on 2025-12-01 but suspended on 2025-11-07
    matrix = tk.regime_matrix("2026-01-31")
    assert matrix.loc["CN", "foreign_direct_product"] == "none"
    assert matrix.loc["CN", "materials"] == "broad"
    state = tk.regime_state("2026-01-31", ["CN"], ["foreign_direct_product"])
    assert state["measure_id"].iloc[0] == "CN-2025-suspension-october-2025-controls"
    assert tk.regime_matrix("2023-07-31").loc["CN", "materials"] == "none"
    assert tk.regime_matrix("2023-08-01").loc["CN", "materials"] == "limited"


def test_data_checksum_is_stable_and_content_based(data_copy):
    assert tk.data_checksum() == tk.data_checksum(data_copy)
    (data_copy / "events.csv").write_text((data_copy / "events.csv").read_text() + "\n")
    assert tk.data_checksum() != tk.data_checksum(data_copy)
