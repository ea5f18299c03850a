"""Data releases: the diff of two data packages (folders and git revisions), the release
(version, date, changelog, release notes) and the Atom feeds."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import DATA, ROOT

from toolkit import cli
from toolkit.analysis.regime import regime_state
from toolkit.data.validation import validate
from toolkit.releases.diff import diff_packages
from toolkit.releases.feed import ATOM, write_feeds

REMOVED = "TW-2023-national-core-key-technologies-list"  # sets TW persons_support on the latest date
DATED = "US-2023-entity-list-biren-moore-threads"  # its effective date moves by a day
ADDED = "TW-2026-test-advanced-chips-rule"          # invented for the test, never shipped
AS_OF = "2026-12-01"
A = f"{{{ATOM}}}"
SHIPPED = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["version"]
_major, _minor, _ = map(int, SHIPPED.split("."))
NEXT = f"{_major}.{_minor + 1}.0"    # the release these tests make
LATER = f"{_major}.{_minor + 2}.0"   # a version no notes describe
UNRELEASED = """## Unreleased

- Schema: a change described by hand before the release.

"""


def without_notes(folder):
    """A data folder as it was before its first release: no release.json."""
    (folder / "release.json").unlink(missing_ok=True)
    return folder


def with_unreleased(folder):
    """The changelog with prose under "## Unreleased", as a curator leaves it between releases."""
    path = folder / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    first = text.index("\n## ") + 1
    path.write_text(text[:first] + UNRELEASED + text[first:], encoding="utf-8")


def _rewrite(path, change):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit(folder):
    """One measure removed (with its provisions), one added (with a provision), one date changed."""
    def measures(rows):
        rows = [r for r in rows if r["measure_id"] != REMOVED]
        for r in rows:
            if r["measure_id"] == DATED:
                assert r["date_effective"] == "2023-10-17"
                r["date_effective"] = "2023-10-18"
        template = next(r for r in rows if r["jurisdiction"] == "TW")
        rows.append(dict(template, measure_id=ADDED, title="Test rule on advanced chips",
                         date_announced="2026-03-01", date_effective="2026-03-02",
                         date_effective_precision=""))
        return rows

    def provisions(rows):
        rows = [r for r in rows if r["measure_id"] != REMOVED]
        rows.append({"measure_id": ADDED, "jurisdiction": "TW", "dimension": "advanced_chips",
                     "level": "limited", "date_effective": "",
                     "rationale": "AC-2: a test provision naming a narrow list of products.", "note": ""})
        return rows

    _rewrite(folder / "measures.csv", measures)
    _rewrite(folder / "provisions.csv", provisions)


@pytest.fixture
def edited(data_copy):
    edit(data_copy)
    report = validate(data_copy)
    assert report.ok, report.errors[:3]
    return data_copy


def expected_flips(old, new):
    a = {(r.jurisdiction, r.dimension): str(r.level) for r in regime_state(AS_OF, data=old).itertuples()}
    b = {(r.jurisdiction, r.dimension): str(r.level) for r in regime_state(AS_OF, data=new).itertuples()}
    return {(j, d, a[(j, d)], b[(j, d)]) for (j, d) in b if a[(j, d)] != b[(j, d)]}


def test_diff_reports_exactly_the_three_changes_and_the_flipped_cells(edited):
    result = diff_packages(DATA, edited, as_of=AS_OF)
    assert [(m.status, m.measure_id) for m in result.measures] == \
        [("added", ADDED), ("removed", REMOVED), ("changed", DATED)]
    changed = result.of("changed")[0]
    assert [(c.field, c.old, c.new) for c in changed.fields] == \
        [("date_effective", "2023-10-17", "2023-10-18")]
    assert result.of("added")[0].dimensions == ["advanced_chips"]
    assert result.of("removed")[0].dimensions == ["persons_support"]
    flips = {(c.jurisdiction, c.dimension, c.old_level, c.new_level) for c in result.cells}
    assert flips == expected_flips(DATA, edited)
    assert ("TW", "persons_support", "limited", "none") in flips
    assert ("TW", "advanced_chips", "none", "limited") in flips


def test_diff_text_and_json_on_the_command_line(edited, capsys):
    assert cli.main(["data", "diff", str(DATA), str(edited), "--as-of", AS_OF]) == 0
    text = capsys.readouterr().out
    assert "measures: 1 added, 1 removed, 1 changed" in text
    assert f"  + {ADDED}:" in text and f"  - {REMOVED}:" in text and f"  ~ {DATED}:" in text
    assert "date_effective: 2023-10-17 -> 2023-10-18" in text
    assert "  TW persons_support: limited -> none" in text
    assert cli.main(["data", "diff", str(DATA), str(edited), "--as-of", AS_OF, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [m["measure_id"] for m in payload["measures"]["removed"]] == [REMOVED]
    assert {"jurisdiction": "TW", "dimension": "advanced_chips", "old_level": "none",
            "new_level": "limited"} in payload["cells"]


def test_a_provision_change_is_reported_field_by_field(data_copy):
    def provisions(rows):
        for r in rows:
            if r["measure_id"] == REMOVED:
                r["level"] = "none"
        return rows
    _rewrite(data_copy / "provisions.csv", provisions)
    result = diff_packages(DATA, data_copy, as_of=AS_OF)
    assert [(c.field, c.old, c.new) for m in result.measures for c in m.fields] == \
        [("provisions[persons_support].level", "limited", "none")]


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """A git repository holding the shipped data (its version: SHIPPED), as one commit."""
    root = tmp_path / "project"
    shutil.copytree(DATA, root / "data")
    with_unreleased(root / "data")
    git(root, "init", "-q")
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", f"data {SHIPPED}")
    return root


def test_diff_between_a_git_revision_and_the_working_tree(repo, capsys):
    edit(repo / "data")
    assert cli.main(["data", "diff", "HEAD", "--data", str(repo / "data"), "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"data diff: HEAD (data) (version {SHIPPED}) ->")
    assert "measures: 1 added, 1 removed, 1 changed" in out
    assert cli.main(["data", "diff", "no-such-revision", "--data", str(repo / "data")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'no-such-revision' is neither a data package folder" in err


def test_release_bumps_stamps_and_writes_the_changelog_and_feeds(repo, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764720000")  # 2025-12-03
    data = repo / "data"
    edit(data)
    assert cli.main(["data", "release", NEXT, "--data", str(data)]) == 0
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert (descriptor["version"], descriptor["created"]) == (NEXT, "2025-12-03T00:00:00Z")
    changelog = (data / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = changelog[changelog.index(f"## {NEXT} — 2025-12-03"):changelog.index(f"## {SHIPPED}")]
    assert "- Measures: 1 added, 1 removed, 1 changed." in entry
    assert f"- Changed `{DATED}`: date_effective 2023-10-17 → 2023-10-18." in entry
    assert f"- Removed `{REMOVED}`" in entry and f"- Added `{ADDED}`" in entry
    assert "TW persons_support limited → none" in entry
    # the "## Unreleased" prose opens the entry; the heading is gone
    assert entry.index("- Schema: a change described by hand") < entry.index(f"Changes since {SHIPPED}")
    assert "\n## Unreleased" not in changelog
    notes = json.loads((data / "release.json").read_text(encoding="utf-8"))
    assert notes["previous"]["version"] == SHIPPED and len(notes["previous"]["revision"]) == 40
    # not greater than the current version: refused, nothing written
    before = (data / "datapackage.json").read_bytes()
    for version, message in ((NEXT, f"not greater than the current data version {NEXT}"),
                             (SHIPPED, "not greater"), ("1.0", "expected X.Y.Z"),
                             ("v1.0.0", "expected X.Y.Z"), ("01.0.0", "expected X.Y.Z")):
        capsys.readouterr()
        assert cli.main(["data", "release", version, "--data", str(data)]) == 2, version
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"version {version!r}: " in err and message in err, err
    assert (data / "datapackage.json").read_bytes() == before

    out = repo / "reports"
    import weasyprint.pdf.metadata  # noqa: F401 (registers XML namespaces of its own, globally)
    write_feeds(data, out)
    first = (out / "feed.xml").read_bytes()
    assert b'<feed xmlns="http://www.w3.org/2005/Atom">' in first  # Atom as the default namespace
    root = ET.fromstring(first)
    assert root.tag == f"{A}feed"
    assert root.find(f"{A}id").text.startswith("urn:uuid:")
    assert root.find(f"{A}updated").text == "2025-12-03T00:00:00Z"
    entries = root.findall(f"{A}entry")
    assert {e.find(f"{A}title").text for e in entries} == {
        "New (TW): Test rule on advanced chips",
        f"Changed (US): {notes['changes']['measures']['changed'][0]['title']}"}
    for e in entries:
        assert e.find(f"{A}id").text and e.find(f"{A}updated").text
        assert e.find(f"{A}link").get("href").startswith("https://")
        terms = {c.get("term") for c in e.findall(f"{A}category")}
        assert terms & {"US", "TW"} and terms & {"advanced_chips", "entity_list"}
    feeds = sorted(p.name for p in (out / "feeds").iterdir())
    assert feeds == sorted(f"{j}.xml" for j in ("US", "JP", "NL", "KR", "EU", "TW", "CN", "UK"))
    tw = ET.parse(out / "feeds" / "TW.xml").getroot()
    assert [e.find(f"{A}title").text for e in tw.findall(f"{A}entry")] == \
        ["New (TW): Test rule on advanced chips"]
    assert ET.parse(out / "feeds" / "JP.xml").getroot().findall(f"{A}entry") == []
    write_feeds(data, out)
    assert (out / "feed.xml").read_bytes() == first  # same inputs, same clock: same bytes


def test_without_release_notes_the_feed_is_valid_empty_and_dated_by_the_data(tmp_path, monkeypatch,
                                                                              data_copy):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    data = without_notes(data_copy)
    write_feeds(data, tmp_path)
    root = ET.parse(tmp_path / "feed.xml").getroot()
    created = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))["created"]
    assert root.tag == f"{A}feed" and root.find(f"{A}updated").text == created
    assert root.findall(f"{A}entry") == []
    # unchanged content is not rewritten (a failed build leaves reports/ as it was)
    before = (tmp_path / "feed.xml").stat().st_mtime_ns
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764720000")
    write_feeds(data, tmp_path)
    assert (tmp_path / "feed.xml").stat().st_mtime_ns == before


@pytest.mark.slow
def test_a_build_records_the_data_version_shows_what_is_new_and_writes_the_feeds(tmp_path, monkeypatch):
    from toolkit.build import Options, build
    from toolkit.releases.release import release
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764720000")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "timeline.ipynb", tmp_path / "notebooks")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    edit(data)
    release(data, NEXT, dt.date(2025, 12, 3), against=str(DATA))
    (tmp_path / "reports.toml").write_text('default = "small"\n[briefings.small]\ntitle = "Small"\n'
                                           'notebooks = ["timeline"]\nformats = ["html"]\n')
    out = tmp_path / "reports"
    build(Options(definitions=tmp_path / "reports.toml", output=out, cache_dir=out / ".cache",
                  failed_dir=out / ".failed", data_dir=data))
    manifest = json.loads((out / "small.manifest.json").read_text(encoding="utf-8"))
    assert manifest["data"]["version"] == NEXT
    html = (out / "small.html").read_text(encoding="utf-8")
    assert "New since the last release" in html
    assert (f"Data release {NEXT} (2025-12-03) against {SHIPPED}: 1 measure(s) added, 1 changed, "
            "1 removed") in html
    assert "Test rule on advanced chips" in html
    assert f"<dt>Data version</dt><dd>{NEXT}</dd>" in html
    root = ET.parse(out / "feed.xml").getroot()
    assert root.tag == f"{A}feed" and root.find(f"{A}id").text and root.find(f"{A}updated").text
    links = [e.find(f"{A}link").get("href") for e in root.findall(f"{A}entry")]
    assert len(links) == 2 and all(link.startswith("https://") for link in links)
    assert (out / "feeds" / "TW.xml").exists() and (out / "feeds" / "US.xml").exists()


def test_release_outside_git_needs_against(data_copy, capsys):
    assert cli.main(["data", "release", NEXT, "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot find the release of version {SHIPPED} in git" in err
    assert "--against" in err
    assert json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))["version"] == SHIPPED


def test_new_since_release_rows_and_sentences(edited):
    from toolkit.releases.notes import new_since_release, read_release_notes
    from toolkit.releases.release import release
    intro, table = new_since_release(read_release_notes(without_notes(edited)), SHIPPED)
    assert "carries no machine-readable release notes" in intro and table.empty
    release(edited, NEXT, dt.date(2025, 12, 3), against=str(DATA))
    notes = read_release_notes(edited)
    intro, table = new_since_release(notes, NEXT)
    assert intro.startswith(f"Data release {NEXT} (2025-12-03) against {SHIPPED}: 1 measure(s) "
                            "added, 1 changed, 1 removed; regime cells that changed level on "
                            "2025-12-03: ")
    assert list(zip(table["change"], table["measure_id"])) == [("new", ADDED), ("changed", DATED),
                                                                ("removed", REMOVED)]
    assert table.loc[table["change"] == "changed", "what_changed"].item() == "date_effective"
    assert table.loc[table["change"] == "removed", "source_id"].isna().all()
    intro, table = new_since_release(notes, LATER)
    assert f"describe data {NEXT}, not the data version {LATER}" in intro and table.empty
