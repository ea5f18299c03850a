"""Intake: the Federal Register queue (from a saved search and over recorded HTTP), accepting
rows into the data (flagged for review), and the OpenSanctions listings queue."""

from __future__ import annotations

import csv
import json

import pytest
import requests
import responses
from conftest import DATA, FIXTURES
from responses import matchers

from toolkit import cli
from toolkit.data.validation import validate
from toolkit.intake import fetch
from toolkit.intake.federal_register import Cited

SEARCH = FIXTURES / "intake" / "federal-register-search.json"
OPENSANCTIONS = FIXTURES / "intake" / "opensanctions-targets.simple.csv"
CITED = {"2022-21658", "2024-28267", "2025-00704", "2025-05427"}
NEW_ENTITY_LIST_RULES = {"2024-03674", "2024-25411"}
EPOCH = "1764720000"  # 2025-12-03T00:00:00Z: the queue's date


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return "2025-12-03"


def test_a_saved_search_gives_the_new_entity_list_rules_and_none_already_cited(tmp_path, clock, capsys):
    assert cli.main(["intake", "federal-register", "--from", str(SEARCH), "--out", str(tmp_path),
                     "--data", str(DATA)]) == 0
    queue = tmp_path / f"federal-register-{clock}.csv"
    assert capsys.readouterr().out.strip() == str(queue)
    rows = read_rows(queue)
    numbers = {r["document_number"] for r in rows}
    assert not numbers & CITED
    candidates = {r["document_number"]: r for r in rows if r["status"] == "candidate"}
    assert set(candidates) == NEW_ENTITY_LIST_RULES
    for row in candidates.values():
        assert "Entity List change" in row["reason"] and "744" in row["cfr_parts"]
        assert (row["suggested_jurisdiction"], row["suggested_instrument"], row["suggested_category"]) == \
            ("US", "final_rule", "entity_listing")
    aside = {r["document_number"]: r["reason"] for r in rows if r["status"] == "set aside"}
    assert "information-collection" in aside["2023-07018"]
    assert "denying" in aside["2024-25471"]
    assert "no Entity List change" in aside["2015-12298"]
    assert [r["row"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    assert [r["status"] for r in rows] == ["candidate"] * 2 + ["set aside"] * 3  # candidates first


def test_a_document_cited_only_by_citation_or_url_is_recognised():
    cited = Cited()
    cited.add_text("87 FR 76924 (16 Dec. 2022)")
    cited.add_text("https://www.federalregister.gov/citation/88-FR-1")
    cited.urls.add("federalregister.gov/documents/2099/01/01/2099-00001/x")
    assert cited.match("2022-99999", "87 FR 76924", []) == "citation 87 FR 76924"
    assert cited.match("2023-99999", "88 FR 1", []).startswith("citation")
    assert cited.match("2099-00001", "", ["http://federalregister.gov/documents/2099/01/01/2099-00001/x/"])
    assert cited.match("2024-03674", "89 FR 14403", ["https://www.federalregister.gov/d/2024-03674"]) == ""


def _pages():
    """The fixture's results served as two pages, the first pointing at the second."""
    results = json.loads(SEARCH.read_text(encoding="utf-8"))["results"]
    second = f"{fetch.API}?page=2&per_page=5"
    first = {"count": len(results), "total_pages": 2, "next_page_url": second, "results": results[:5]}
    last = {"count": len(results), "total_pages": 2, "next_page_url": None, "results": results[5:]}
    return first, last


@responses.activate
def test_the_api_is_paged_through_and_gives_the_same_queue(tmp_path, clock):
    first, last = _pages()
    responses.get(fetch.API, json=last, match=[matchers.query_param_matcher({"page": "2"},
                                                                            strict_match=False)])
    responses.get(fetch.API, json=first, match=[matchers.query_param_matcher(
        {"conditions[agencies][]": "industry-and-security-bureau",
         "conditions[publication_date][gte]": "2015-01-01"}, strict_match=False)])
    assert cli.main(["intake", "federal-register", "--since", "2015-01-01", "--out", str(tmp_path),
                     "--data", str(DATA)]) == 0
    assert len(responses.calls) == 2
    assert "page=2" in responses.calls[1].request.url
    saved = json.loads((tmp_path / f"federal-register-{clock}.json").read_text(encoding="utf-8"))
    assert len(saved["results"]) == 9 and saved["count"] == 9
    over_http = read_rows(tmp_path / f"federal-register-{clock}.csv")
    from_file = tmp_path / "from-file"
    assert cli.main(["intake", "federal-register", "--from", str(SEARCH), "--out", str(from_file),
                     "--data", str(DATA)]) == 0
    assert over_http == read_rows(from_file / f"federal-register-{clock}.csv")


@pytest.fixture
def waits(monkeypatch):
    """The backoff delays asked for, instead of sleeping."""
    asked: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", asked.append)
    return asked


@responses.activate
def test_http_500_is_retried_with_backoff_then_one_line_error(tmp_path, clock, waits, capsys):
    responses.get(fetch.API, status=500)
    assert cli.main(["intake", "federal-register", "--out", str(tmp_path), "--data", str(DATA)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: Federal Register API (") and "HTTP 500" in err[-1]
    assert "after 4 attempts" in err[-1] and "Traceback" not in "".join(err)
    assert len(responses.calls) == 4 and waits == [2.0, 4.0, 8.0]
    assert not list(tmp_path.iterdir())  # no queue, no half file


@responses.activate
def test_a_timeout_is_retried_and_a_later_answer_used(tmp_path, clock, waits):
    first, last = _pages()
    first = dict(first, next_page_url=None, total_pages=1)
    responses.get(fetch.API, body=requests.exceptions.ConnectTimeout("timed out"))
    responses.get(fetch.API, json=first)
    assert cli.main(["intake", "federal-register", "--out", str(tmp_path), "--data", str(DATA)]) == 0
    assert waits == [2.0]
    assert len(read_rows(tmp_path / f"federal-register-{clock}.csv")) == 4  # 5 results, 1 cited


@responses.activate
def test_offline_is_one_line(tmp_path, clock, waits, capsys):
    responses.get(fetch.API, body=requests.exceptions.ConnectionError("no route to host"))
    assert cli.main(["intake", "federal-register", "--out", str(tmp_path), "--data", str(DATA)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: Federal Register API") and "could not connect" in err[-1]
    assert "--from" in err[-1]


@responses.activate
def test_a_client_error_is_not_retried(tmp_path, clock, waits, capsys):
    responses.get(fetch.API, status=400)
    assert cli.main(["intake", "federal-register", "--out", str(tmp_path), "--data", str(DATA)]) == 1
    assert len(responses.calls) == 1 and waits == []
    assert "HTTP 400" in capsys.readouterr().err


@pytest.fixture
def queue(tmp_path, clock):
    assert cli.main(["intake", "federal-register", "--from", str(SEARCH), "--out", str(tmp_path),
                     "--data", str(DATA)]) == 0
    return tmp_path / f"federal-register-{clock}.csv"


def test_accepted_rows_become_measures_that_validate_flags_until_reviewed(queue, data_copy, clock, capsys):
    assert cli.main(["intake", "accept", str(queue), "1", "2", "--data", str(data_copy)]) == 0
    ids = ["US-2024-fr-2024-03674", "US-2024-fr-2024-25411"]
    assert capsys.readouterr().out.strip().endswith(", ".join(ids))
    report = validate(data_copy)
    assert [p.value for p in report.errors] == ids  # the review flags, and nothing else
    for problem in report.errors:
        assert "added by intake" in problem.message
        assert "provisions and dates not yet checked by a person" in problem.message
    measures = {r["measure_id"]: r for r in read_rows(data_copy / "measures.csv")}
    new = measures["US-2024-fr-2024-03674"]
    assert (new["legal_citation"], new["date_announced"], new["date_effective"], new["confidence"]) == \
        ("89 FR 14403", "2024-02-27", "2024-02-27", "low")
    sources = {r["source_id"]: r for r in read_rows(data_copy / "sources.csv")}
    assert sources[new["source_id"]]["url"] == "https://www.federalregister.gov/d/2024-03674"
    assert sources[new["source_id"]]["source_quality"] == "official"
    decisions = [r["decision"] for r in read_rows(queue)]
    assert decisions[:2] == [f"accepted as {i} on {clock}" for i in ids] and not any(decisions[2:])
    # the old rows are kept byte for byte
    assert (data_copy / "measures.csv").read_bytes().startswith((DATA / "measures.csv").read_bytes())
    # a person checks them and deletes the review rows: clean again
    (data_copy / "review.csv").write_text("measure_id,added_by,date_added,to_check\n", encoding="utf-8")
    assert validate(data_copy).ok
    # accepting again is refused: the queue says it was decided, and the data cites it now
    assert cli.main(["intake", "accept", str(queue), "1", "--data", str(data_copy)]) == 2
    assert "already decided" in capsys.readouterr().err


def test_shipped_data_has_nothing_to_review():
    assert read_rows(DATA / "review.csv") == []
    assert validate(DATA).ok


@pytest.mark.parametrize("rows, message", [
    (["99"], "there is no row 99 (the queue has rows 1-5)"),
    (["one"], "row 'one' is not a row number"),
    (["0"], "there is no row 0"),
])
def test_a_queue_row_that_does_not_exist_is_one_line_exit_2(queue, data_copy, rows, message, capsys):
    before = (data_copy / "measures.csv").read_bytes()
    assert cli.main(["intake", "accept", str(queue), *rows, "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {queue}: ") and message in err
    assert (data_copy / "measures.csv").read_bytes() == before


def test_malformed_json_and_a_file_that_is_not_a_queue_are_one_line_exit_2(tmp_path, clock, capsys):
    bad = tmp_path / "search.json"
    bad.write_text('{"count": 2, "results": [{"document_number": "2024-03674",}]}', encoding="utf-8")
    assert cli.main(["intake", "federal-register", "--from", str(bad), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {bad}:1: invalid JSON")
    not_a_queue = tmp_path / "queue.csv"
    not_a_queue.write_text("a,b\n1,2\n", encoding="utf-8")
    assert cli.main(["intake", "accept", str(not_a_queue), "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a review queue" in err and str(not_a_queue) in err
    assert cli.main(["intake", "federal-register", "--since", "2025-02-30", "--out", str(tmp_path)]) == 2
    assert "--since '2025-02-30': not a date" in capsys.readouterr().err


def test_opensanctions_export_gives_listing_changes(tmp_path, clock, capsys):
    assert cli.main(["intake", "opensanctions", str(OPENSANCTIONS), "--since", "2025-11-01",
                     "--out", str(tmp_path), "--data", str(DATA)]) == 0
    rows = read_rows(tmp_path / f"opensanctions-{clock}.csv")
    got = {(r["change"], r["entity_id"] or r["name"], r["jurisdiction"]) for r in rows}
    assert got == {("added", "smic", "JP"), ("removed?", "ymtc", "US"),
                   ("untracked", "Example Lithography Works Co., Ltd.", "US")}
    removed = next(r for r in rows if r["change"] == "removed?")
    assert removed["list_name"] == "Entity List (EAR Supp. 4 to Part 744)"
    # an OpenSanctions queue proposes; it is never accepted into the data
    assert cli.main(["intake", "accept", str(tmp_path / f"opensanctions-{clock}.csv"), "1"]) == 2
    assert "edit listings.csv by hand" in capsys.readouterr().err


def test_every_new_command_has_helpful_help(capsys):
    for argv in (["intake"], ["intake", "federal-register"], ["intake", "accept"],
                 ["intake", "opensanctions"], ["data"], ["data", "diff"], ["data", "release"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main([*argv, "--help"])
        assert exit_.value.code == 0
        text = capsys.readouterr().out
        assert "usage: toolkit " + " ".join(argv) in text and len(text) > 300, argv


def test_the_fixture_is_a_real_search_response_shape():
    search = json.loads(SEARCH.read_text(encoding="utf-8"))
    assert {"count", "total_pages", "results"} <= set(search)
    for doc in search["results"]:
        assert {"document_number", "citation", "title", "type", "abstract", "publication_date",
                "effective_on", "html_url", "pdf_url", "cfr_references", "agencies"} <= set(doc)
        assert "industry-and-security-bureau" in {a["slug"] for a in doc["agencies"]}


@responses.activate
def test_retry_after_is_honoured_on_429(tmp_path, clock, waits):
    first, _ = _pages()
    responses.get(fetch.API, status=429, headers={"Retry-After": "30"})
    responses.get(fetch.API, json=dict(first, next_page_url=None))
    assert cli.main(["intake", "federal-register", "--out", str(tmp_path), "--data", str(DATA)]) == 0
    assert waits == [30.0]


def test_a_queue_with_decisions_is_never_overwritten(queue, data_copy, capsys):
    assert cli.main(["intake", "accept", str(queue), "2", "--data", str(data_copy)]) == 0
    decided = queue.read_bytes()
    assert cli.main(["intake", "federal-register", "--from", str(SEARCH), "--out", str(queue.parent),
                     "--data", str(DATA)]) == 2
    assert "rows 2 already carry decisions" in capsys.readouterr().err
    assert queue.read_bytes() == decided
