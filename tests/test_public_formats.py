"""Loaders for public data: CSL, Federal Register, OpenSanctions, UN Comtrade."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.analysis.trade import hs8486_imports as china_imports
from toolkit.core.errors import FormatError
from toolkit.sources.comtrade import load_comtrade
from toolkit.sources.csl import CSL_COLUMNS, load_csl
from toolkit.sources.federal_register import load_federal_register
from toolkit.sources.opensanctions import load_opensanctions

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CSL = FIXTURES / "csl"
FR = FIXTURES / "federal_register"
OS = FIXTURES / "opensanctions"
COMTRADE = FIXTURES / "comtrade"
EUL_TITLE = "Japan METI End User List"


# ---------------------------------------------------------------- CSL

def test_csl_current_header_with_id():
    frame = load_csl(CSL / "consolidated_2024fmt_sample.csv")
    assert frame.attrs["variant"] == "csv-current"
    assert len(frame) == 13
    assert frame["id"].notna().all()
    rim = frame.set_index("name").loc["RIM, Ryong Nam"]
    assert rim["programs"] == ["NPWMD"]
    assert rim["countries"] == ["CN", "KP"] and rim["country"] == "CN"
    assert rim["addresses"] == ["Shenyang, CN", "Pyongyang, KP"]
    assert rim["ids"][0] == "Passport, 836238033, KP"
    assert rim["dates_of_birth"] == ["1978-12-05"]
    assert rim["nationalities"] == ["KP"]


def test_csl_dates_and_multi_values():
    frame = load_csl(CSL / "consolidated_2024fmt_sample.csv").set_index("name")
    assert str(frame["start_date"].dtype) == "datetime64[us]"
    ash = frame.loc["I. ASH"]
    assert ash["start_date"] == pd.Timestamp("2002-03-04")
    assert ash["end_date"] == pd.Timestamp("2056-06-29")
    assert pd.isna(frame.loc["Atlas Sanatgaran", "start_date"])
    plc = frame.loc["Mohammed ABU JHEISHEH"]
    assert plc["alt_names"] == ["Mohammad Mutlaq ABU JHESHEH", "Mohammed ABU JEHEISHA"]
    tnk = frame.loc["TNK Trading International S.A."]
    assert tnk["programs"] == ["VENEZUELA-EO13850", "UKRAINE-EO13662"]
    # "…, China; and 21 Changsheng Street, …": the joining "and" is not part of the address
    cetc = frame[frame.index.str.startswith("China Electronics Technology Group Corporation 13th")].iloc[0]
    assert len(cetc["addresses"]) >= 2 and not any(a.startswith("and ") for a in cetc["addresses"])
    assert cetc["country"] == "CN"
    assert frame.loc["Atlas Sanatgaran", "programs"] == []


def test_csl_legacy_header_without_id():
    frame = load_csl(CSL / "csl_legacy_2019fmt_first50.csv")
    assert frame.attrs["variant"] == "csv-legacy"
    assert len(frame) == 50
    assert frame["id"].isna().all()
    assert list(frame.columns[:3]) == ["id", "source", "name"]
    assert set(CSL_COLUMNS) <= set(frame.columns)
    row = frame.set_index("name").loc["2904977 CANADA, INC."]
    assert row["alt_names"] == ["CARIBE SOL", "HAVANTUR CANADA INC."]
    assert row["country"] == "CA"
    entity_list = load_csl(CSL / "csl_legacy_2019fmt_entity_list_rows.csv")
    assert len(entity_list) == 22
    assert (entity_list["source"] == "Entity List (EL) - Bureau of Industry and Security").all()
    listed = entity_list.set_index("name").loc["32 Group China Ltd.", "start_date"]
    assert listed == pd.Timestamp("2015-11-12")


def test_csl_json_results_with_address_objects():
    frame = load_csl(CSL / "consolidated_sample.json")
    assert frame.attrs["variant"] == "json"
    assert len(frame) == 5
    rim = frame.set_index("name").loc["RIM, Ryong Nam"]
    assert rim["addresses"] == ["Shenyang, CN", "Pyongyang, KP"]
    assert rim["countries"] == ["CN", "KP"]
    assert rim["ids"] == ["Passport, 836238033, KP", "Gender, Male"]
    aaspt = frame.set_index("name").loc["Academy of Aerospace Solid Propulsion Technology (AASPT)"]
    assert aaspt["start_date"] == pd.Timestamp("2020-12-23")
    assert aaspt["source"].startswith("Military End User (MEU) List")
    same_columns = load_csl(CSL / "consolidated_2024fmt_sample.csv").columns
    assert list(frame.columns) == list(same_columns)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    (b"source,name\nEntity List,ACME\n", "missing column(s): type, programs"),
    (b'{"count": 1, "items": []}', "'results' list"),
    (b'{"results": [{"name": "x",}]}', "invalid JSON"),
    (b'source,type,programs,name,addresses,start_date,end_date,alt_names\nEL,,,Caf\xe9,,,,\n', "UTF-8"),
])
def test_csl_rejects_wrong_files_clearly(tmp_path, content, message):
    path = tmp_path / "consolidated.csv"
    path.write_bytes(content)
    with pytest.raises(FormatError) as info:
        load_csl(path)
    text = str(info.value)
    assert message in text
    assert str(path) in text
    assert "expected" in text


def test_csl_error_names_line_of_latin1_byte(tmp_path):
    good = (CSL / "csl_legacy_2019fmt_entity_list_rows.csv").read_bytes()
    path = tmp_path / "latin1.csv"
    path.write_bytes(good + "Entity List,,,,Soci\u00e9t\u00e9 X,,,,,,,,,,,,,,,,,,,,,,,\n".encode("latin-1"))
    with pytest.raises(FormatError) as info:
        load_csl(path)
    assert info.value.line == 24
    assert "Latin-1" in str(info.value)


def test_csl_missing_file():
    with pytest.raises(FormatError, match="file not found"):
        load_csl(CSL / "nope.csv")


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_cell.filter(lambda s: s.strip() != ""),
                               st.lists(_cell.map(str.strip).filter(lambda s: s and "; " not in s
                                                                    and not s.endswith(";")),
                                        max_size=3),
                               st.one_of(st.none(), st.dates().map(str))),
                     min_size=1, max_size=8))
def test_csl_round_trips_a_generated_csv(tmp_path, rows):
    path = tmp_path / "generated.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["_id"] + CSL_COLUMNS)
        for n, (name, alt_names, start) in enumerate(rows):
            record = dict.fromkeys(CSL_COLUMNS, "")
            record.update(source="Entity List (EL) - Bureau of Industry and Security", name=name,
                          alt_names="; ".join(alt_names), start_date=start or "")
            writer.writerow([f"id-{n}"] + [record[c] for c in CSL_COLUMNS])
    frame = load_csl(path)
    assert len(frame) == len(rows)
    assert frame["name"].tolist() == [name.strip() for name, _, _ in rows]
    assert frame["alt_names"].tolist() == [alt for _, alt, _ in rows]
    expected = [pd.Timestamp(start) if start else pd.NaT for _, _, start in rows]
    assert all((a == b) or (pd.isna(a) and pd.isna(b)) for a, b in zip(frame["start_date"], expected))


# ---------------------------------------------------------------- Federal Register

def test_federal_register_document():
    frame = load_federal_register(FR / "2022-21658.json")
    assert frame.attrs["variant"] == "document"
    assert len(frame) == 1
    doc = frame.iloc[0]
    assert doc["document_number"] == "2022-21658"
    assert doc["citation"] == "87 FR 62186"
    assert doc["title"].startswith("Implementation of Additional Export Controls: Certain Advanced Computing")
    assert doc["publication_date"] == pd.Timestamp("2022-10-13")
    assert doc["effective_on"] == pd.Timestamp("2022-10-07")
    assert doc["agencies"] == ["Commerce Department", "Industry and Security Bureau"]
    assert doc["agency_slugs"] == ["commerce-department", "industry-and-security-bureau"]
    assert "15 CFR 744" in doc["cfr_references"]
    assert doc["docket_ids"] == ["Docket No. 220930-0204"]
    assert doc["regulation_id_numbers"] == ["0694-AI94"]


def test_federal_register_search_results():
    frame = load_federal_register(FR / "search.json")
    assert frame.attrs["variant"] == "search" and frame.attrs["count"] == 2
    assert frame["document_number"].tolist() == ["2022-21658", "2023-23049"]
    first, second = frame.iloc[0], frame.iloc[1]
    assert pd.isna(first["citation"]) and pd.isna(first["effective_on"]) and first["docket_ids"] == []
    assert second["citation"] == "88 FR 73424"
    assert second["effective_on"] == pd.Timestamp("2023-11-17")
    assert second["agencies"] == ["Commerce Department", "Bureau of Industry and Security"]  # raw_name
    assert str(frame["publication_date"].dtype) == "datetime64[us]"


@pytest.mark.parametrize("content, message, line", [
    (b"", "empty", None),
    (b"document_number,title\n", "not JSON", 1),
    (b'[{"document_number": "x"}]', "neither a document nor search results", 1),
    (b'{"count": 1, "results": [{"title": "no number"}]}', "results[0] has no document_number", None),
    (b'{\n "document_number": "2022-21658",\n "title": oops\n}', "invalid JSON", 3),
])
def test_federal_register_rejects_wrong_files(tmp_path, content, message, line):
    path = tmp_path / "fr.json"
    path.write_bytes(content)
    with pytest.raises(FormatError) as info:
        load_federal_register(path)
    assert message in str(info.value)
    assert info.value.line == line


# ---------------------------------------------------------------- OpenSanctions

def test_opensanctions_simple_csv():
    frame = load_opensanctions(OS / "targets.simple.csv")
    assert frame.attrs["variant"] == "simple-csv"
    assert len(frame) == 5
    assert str(frame["schema"].dtype) == "category"
    row = frame.set_index("id").loc["invented-0003"]
    assert row["aliases"] == ["Alpha; the Invented", "A. Person"]  # a ';' inside a quoted value
    assert row["emails"] == ["alpha@example.invalid"]
    assert row["first_seen"] == pd.Timestamp("2021-03-01")
    assert pd.isna(row["last_change"])
    two = frame.set_index("id").loc["invented-0002"]
    assert two["countries"] == ["cn", "hk"]
    assert two["datasets"] == ["US Trade Consolidated Screening List", EUL_TITLE]


def test_opensanctions_filters_while_streaming():
    eul = load_opensanctions(OS / "targets.simple.csv", datasets={EUL_TITLE})
    assert eul["id"].tolist() == ["invented-0001", "invented-0002", "invented-0005"]
    companies = load_opensanctions(OS / "targets.simple.csv", datasets=[EUL_TITLE.upper()], schema="Company")
    assert len(companies) == 3
    nothing = load_opensanctions(OS / "targets.simple.csv", datasets={"jp_meti_eul"})
    assert nothing.empty and "name" in nothing.columns


def test_opensanctions_ftm_json_lines():
    frame = load_opensanctions(OS / "entities.ftm.json", datasets={"jp_meti_eul"})
    assert frame.attrs["variant"] == "ftm-jsonl"
    assert frame["id"].tolist() == ["invented-0001", "invented-0002", "invented-0004"]
    one = frame.set_index("id").loc["invented-0001"]
    assert one["name"] == "Example Photonics Co., Ltd."
    assert one["aliases"] == ["Example Photonics", "例示光电有限公司"]
    assert one["identifiers"] == ["INV-REG-001"]
    assert one["target"]
    assert set(frame.set_index("id").loc["invented-0002", "countries"]) == {"cn", "hk"}
    assert frame["last_seen"].iloc[0] == pd.Timestamp("2024-06-01 10:00:00")
    people = load_opensanctions(OS / "entities.ftm.json", schema={"Person"})
    assert people["name"].tolist() == ["Invented Person Alpha"]
    assert people["birth_date"].iloc[0] == ["1970-01-01"]


def test_opensanctions_bad_json_line_named(tmp_path):
    lines = (OS / "entities.ftm.json").read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"id": "broken", "schema": "Company", ')
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_opensanctions(path, datasets={"jp_meti_eul"})
    assert info.value.line == 3
    assert "invalid JSON" in str(info.value)


@pytest.mark.parametrize("loader, name, content, message, line", [
    (load_opensanctions, "targets.simple.csv", b"", "empty", None),
    (load_opensanctions, "targets.simple.csv", b"\x00\x01\x02binary", "not a text file", None),
    (load_opensanctions, "targets.simple.csv", b"id,name\nx,y\n",
     "missing column(s): schema, aliases", 1),
    (load_opensanctions, "targets.simple.csv", b'{"foo": 1}\n', "not a FollowTheMoney entity", 1),
    (load_comtrade, "comtrade.csv", b"", "empty", None),
    (load_comtrade, "comtrade.csv", b"typeCode,refYear,period\nC,2022,2022\n",
     "missing column(s): reporterISO", 1),
    (load_comtrade, "comtrade.csv", b"Year,Period,Reporter\n2019,2019,China\n",
     "missing column(s): Reporter ISO", 1),
    (load_comtrade, "comtrade.csv", b'{"data": []}', "JSON, not CSV", 1),
], ids=lambda v: getattr(v, "__name__", None))
def test_opensanctions_and_comtrade_reject_wrong_files(tmp_path, loader, name, content, message,
                                                       line):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FormatError) as info:
        loader(path)
    assert message in str(info.value)
    assert info.value.line == line


def test_opensanctions_latin1_and_ragged_rows_named(tmp_path):
    text = (OS / "targets.simple.csv").read_bytes()
    path = tmp_path / "latin1.csv"
    path.write_bytes(text + b'"x","Company","Soci\xe9t\xe9",,,,,,,,,,"T",,,\n')
    with pytest.raises(FormatError) as info:
        load_opensanctions(path)
    assert info.value.line == 7 and "UTF-8" in str(info.value)
    path.write_bytes(text + b'"x","Company"\n')
    with pytest.raises(FormatError, match="row has 2 fields") as info:
        load_opensanctions(path)
    assert info.value.line == 7


# ---------------------------------------------------------------- UN Comtrade

def test_comtrade_api_layout():
    frame = load_comtrade(COMTRADE / "comtrade_api.csv")
    assert frame.attrs["variant"] == "api"
    assert list(frame.columns) == ["year", "period", "reporter_iso", "reporter", "partner_iso", "partner",
                                   "flow", "cmd_code", "cmd_desc", "value_usd"]
    assert len(frame) == 8
    assert frame["year"].tolist()[:2] == [2022, 2022]
    assert frame["value_usd"].iloc[0] == 1000000.5
    assert frame["value_usd"].isna().sum() == 1
    assert set(frame["flow"]) == {"import", "export"}
    assert frame["cmd_code"].iloc[2] == "848620"


def test_comtrade_legacy_layout():
    frame = load_comtrade(COMTRADE / "comtrade_legacy.csv")
    assert frame.attrs["variant"] == "legacy"
    assert len(frame) == 5
    assert frame["period"].iloc[0] == "201901"
    assert frame["partner_iso"].tolist()[:3] == ["NLD", "JPN", "WLD"]
    assert "re-export" in set(frame["flow"])


def test_hs8486_imports_by_partner_and_period():
    out = china_imports(load_comtrade(COMTRADE / "comtrade_api.csv"))
    assert list(out.columns) == ["year", "period", "partner_iso", "partner", "value_usd"]
    rows = {(r.period, r.partner_iso): r.value_usd for r in out.itertuples()}
    assert rows[("2022", "JPN")] == 2_000_000  # the 4-digit row, not 8486 + 848620
    assert rows[("2023", "NLD")] == 1_000_000  # 848620 + 848690 summed when 8486 is absent
    assert ("2022", "W00") not in rows and all(p != "CHN" for _, p in rows)
    monthly = china_imports(load_comtrade(COMTRADE / "comtrade_legacy.csv"), include_world=True)
    assert monthly["period"].tolist() == ["201901", "201901", "201901", "201902"]
    assert monthly["value_usd"].iloc[0] == 900_000


def test_comtrade_bad_number_names_line_and_column(tmp_path):
    lines = (COMTRADE / "comtrade_legacy.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("900000", "n/a")
    path = tmp_path / "legacy.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_comtrade(path)
    assert info.value.line == 4
    assert "Trade Value (US$)" in str(info.value) and "'n/a'" in str(info.value)


def test_loaders_are_reachable_from_the_package():
    import toolkit

    assert toolkit.load_csl is load_csl
    assert json.loads((FR / "search.json").read_text())["count"] == 2
