"""Merge the v2 staging batches into the shipped data package (data/*.csv).

Run from the project root:  .venv/bin/python docs/research/v2/merge.py  [--check]

What it does, in order (every step is deterministic, so re-running gives the same bytes):
1. Reads each batch folder's CSVs (BATCHES below, plus docs/research/v2/additions/ when that
   folder exists). The batches hold the COMPLETE rows of their scope: a v1 row absent from every
   batch is deleted (listed in MERGE.md's generated section).
2. Unions the rows by key. The same key written by two batches must have the same content; a
   conflicting duplicate is reported and the row of the batch that owns the scope wins.
3. Finds the same document cited under different source_ids by different batches (same Federal
   Register document number, same FR citation, or the same URL), keeps one source_id (the one
   of the batch that owns the measure, else by BATCH PRIORITY) and rewrites every reference.
4. Applies the maintainer's recorded decisions (DECISIONS below; each is explained in MERGE.md).
5. Writes data/measures.csv, provisions.csv, sources.csv, events.csv, listings.csv,
   entities.csv, then checks every source URL host against data/hosts.csv (the allowlist; it is
   curated by hand and never generated here) and rewrites the generated section of MERGE.md.

With --check nothing is written; the exit status says whether data/ is up to date.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DATA = ROOT / "data"
MERGE_MD = HERE / "MERGE.md"
#: The commit whose data/ is v1 (the staging commit); used only to list deleted v1 rows.
V1_COMMIT = "322e62e"

#: Batch folders in priority order: on a conflicting duplicate the earlier batch wins, and a
#: document cited under several source_ids keeps the earliest batch's id (measure owners first).
BATCHES = ["us-2018-2022", "us-2023-2026", "cn-tw", "jp-kr", "nl-eu-uk", "codebook",
           "events-listings"]
OPTIONAL = ["additions"]  # included when present (another helper researches extra measures)

TABLES = {
    "measures": ["measure_id", "jurisdiction", "authority", "title", "instrument", "category",
                 "date_announced", "date_effective", "date_effective_precision", "legal_citation",
                 "source_id", "confidence", "summary"],
    "provisions": ["measure_id", "jurisdiction", "dimension", "level", "date_effective",
                   "rationale", "note"],
    "sources": ["source_id", "publisher", "title", "citation", "url", "date_published",
                "date_accessed", "source_type", "source_quality", "verified_via", "notes"],
    "events": ["event_id", "date", "actor", "jurisdiction", "title", "description", "source_id",
               "confidence"],
    "listings": ["entity_id", "jurisdiction", "list_name", "date_listed", "date_removed",
                 "measure_id", "source_id", "note"],
    "entities": ["entity_id", "name", "name_zh", "country", "aliases"],
}
KEYS = {"measures": ("measure_id",), "provisions": ("measure_id", "dimension"),
        "sources": ("source_id",), "events": ("event_id",),
        "listings": ("entity_id", "jurisdiction", "list_name"), "entities": ("entity_id",)}
#: v1 keys (provisions were keyed by jurisdiction too in v1).
V1_KEYS = {**KEYS, "provisions": ("measure_id", "jurisdiction", "dimension")}

# --- Maintainer decisions (see MERGE.md, "Decisions") -------------------------------------------
#: D4: MOFCOM / MOFCOM-GAC "Announcements" (公告) are binding legal instruments issued by a
#: ministry, not announcements of intent (G11): instrument announcement -> ministerial_order.
BINDING_ANNOUNCEMENT = re.compile(r"MOFCOM(/GAC|/MOST)? Announcement No\.", re.IGNORECASE)
#: D4 (TW): the Executive Yuan's designation of national core key technologies (NSA art. 3(3))
#: is a binding list designation, not an announcement of intent.
RECODE_INSTRUMENT = {"TW-2023-national-core-key-technologies-list": "list_designation"}
#: D7: official publications found by the maintainer (URL from independent third-party
#: references; not opened), replacing a law-firm citation. Same practice as the batches'.
MAINTAINER_SOURCES = [{
    "source_id": "usb-bis-gp10-guidance-2025-05-13", "publisher": "Bureau of Industry and Security, "
    "US Department of Commerce", "title": "Guidance on Application of General Prohibition 10 (GP10) "
    "to People's Republic of China (PRC) Advanced-Computing Integrated Circuits (ICs)",
    "citation": "BIS guidance, May 13, 2025",
    "url": "https://www.bis.gov/media/documents/general-prohibition-10-guidance-may-13-2025.pdf",
    "date_published": "2025-05-13", "date_accessed": "2026-12-02", "source_type": "primary",
    "source_quality": "official", "verified_via": "",
    "notes": "NOT OPENED: the URL appears in two independent public GitHub files citing the BIS "
    "guidance PDF (found with find_string, 2026-12-02); content as summarised by usb-alston-2025-05-gp10 "
    "(Alston & Bird), which stays as corroboration. Added at merge (MERGE.md D7)."}]
MEASURE_SOURCE = {"US-2025-huawei-ascend-gp10-guidance": "usb-bis-gp10-guidance-2025-05-13"}
#: D8: G5 wants a suspension's summary to name the suspended measure_id.
SUMMARY_APPEND = {"US-2025-eda-is-informed-letters-rescission":
                  " Suspends (rescinds) US-2025-eda-is-informed-letters (G5)."}
#: D6: sources whose URL is a wire repost on a host outside the allowlist, replaced for the
#: measures citing them by a recognised source for the same fact already in the data.
SOURCE_REPLACEMENTS = {
    # KESQ (CNN wire repost) -> Republic World's own report of Nvidia's 14-15 July 2025 statement
    "usb-cnn-2025-07-15-h20": "ev-republicworld-2025-nvidia-h20-resume",
}


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def batch_dirs() -> list[Path]:
    dirs = [HERE / b for b in BATCHES]
    dirs += [HERE / b for b in OPTIONAL if (HERE / b).is_dir()]
    return dirs


def collect(report: list[str]) -> tuple[dict, dict]:
    """Union of every batch's rows per table; conflicting duplicates reported."""
    tables: dict[str, dict[tuple, dict]] = {name: {} for name in TABLES}
    origin: dict[str, dict[tuple, str]] = {name: {} for name in TABLES}
    for folder in batch_dirs():
        for name, columns in TABLES.items():
            path = folder / f"{name}.csv"
            if not path.exists():
                continue
            for row in read_rows(path):
                missing = [c for c in columns if c not in row]
                if missing:
                    raise SystemExit(f"{path}: missing columns {missing}")
                row = {c: (row[c] or "").strip() for c in columns}
                key = tuple(row[k] for k in KEYS[name])
                if key in tables[name]:
                    first = tables[name][key]
                    diff = [c for c in columns if first[c] != row[c]]
                    if diff:
                        report.append(f"- conflicting duplicate {name} {'/'.join(key)}: "
                                      f"{origin[name][key]} vs {folder.name} differ in "
                                      f"{', '.join(diff)}; kept {origin[name][key]}")
                    continue
                tables[name][key] = row
                origin[name][key] = folder.name
    return tables, origin


FR_DOC = re.compile(r"(?:federalregister\.gov/(?:d|documents/\d{4}/\d\d/\d\d)/|FR Doc\.? |"
                    r"/pdf/|/html/)(\d{4}-\d{4,6})")
FR_CITE = re.compile(r"\b(\d{2,3}) FR (\d{3,6})\b")


def doc_keys(row: dict[str, str]) -> set[str]:
    """Identity keys of the document a source row describes."""
    keys = set()
    for text in (row["url"], row["citation"]):
        for m in FR_DOC.finditer(text):
            keys.add("frdoc:" + m.group(1))
    m = FR_CITE.search(row["citation"])
    if m:
        keys.add(f"frcite:{m.group(1)}-{m.group(2)}")
    parts = urlsplit(row["url"])
    host = (parts.hostname or "").removeprefix("www.")
    keys.add(f"url:{host}{parts.path.rstrip('/')}?{parts.query}")
    return keys


def unify_sources(tables: dict, origin: dict, report: list[str]) -> dict[str, str]:
    """Map each duplicate source_id to the one kept (documents cited by several batches)."""
    sources = tables["sources"]
    order = {b: i for i, b in enumerate(BATCHES + OPTIONAL)}
    by_key: dict[str, set[str]] = defaultdict(set)
    for (sid,), row in sources.items():
        for key in doc_keys(row):
            by_key[key].add(sid)
    parent = {sid: sid for (sid,) in sources}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, ids in by_key.items():
        ids = sorted(ids)
        batches = {origin["sources"][(i,)] for i in ids}
        if len(ids) < 2 or len(batches) < 2:
            continue  # several ids of one batch on one URL are deliberate (e.g. an index page)
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for sid in parent:
        groups[find(sid)].append(sid)
    cited_by_measure = {r["source_id"] for r in tables["measures"].values()}
    rename: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda s: (s not in cited_by_measure,
                                    order[origin["sources"][(s,)]], s))
        keep = members[0]
        for other in members[1:]:
            rename[other] = keep
            a, b = sources[(keep,)], sources[(other,)]
            diff = [c for c in ("publisher", "title", "citation", "url", "date_published",
                                "source_type", "source_quality") if a[c] != b[c]]
            report.append(f"- source `{other}` ({origin['sources'][(other,)]}) is the same document "
                          f"as `{keep}` ({origin['sources'][(keep,)]}): references rewritten"
                          + (f"; differing fields kept from `{keep}`: {', '.join(diff)}"
                             if diff else ""))
            for col in ("verified_via", "notes", "date_published"):
                if not a[col] and b[col]:
                    a[col] = b[col]
            del sources[(other,)]
    return rename


def apply_decisions(tables: dict, rename: dict[str, str], report: list[str]) -> None:
    for row in MAINTAINER_SOURCES:
        if (row["source_id"],) not in tables["sources"]:
            tables["sources"][(row["source_id"],)] = dict(row)
            report.append(f"- source `{row['source_id']}` added by the maintainer (D7)")
    for mid, sid in MEASURE_SOURCE.items():
        measure = tables["measures"].get((mid,))
        if measure and measure["source_id"] != sid:
            report.append(f"- measure `{mid}`: source_id {measure['source_id']} -> {sid} (D7)")
            measure["source_id"] = sid
    for mid, text in SUMMARY_APPEND.items():
        measure = tables["measures"].get((mid,))
        if measure and not measure["summary"].endswith(text):
            measure["summary"] += text
            report.append(f"- measure `{mid}`: summary names the suspended measure (D8)")
    for mid, instrument in RECODE_INSTRUMENT.items():
        measure = tables["measures"].get((mid,))
        if measure and measure["instrument"] != instrument:
            report.append(f"- measure `{mid}`: instrument {measure['instrument']} -> {instrument} (D4)")
            measure["instrument"] = instrument
    rename = {**rename, **SOURCE_REPLACEMENTS}
    for name in ("measures", "events", "listings"):
        for row in tables[name].values():
            new = rename.get(row["source_id"])
            if new:
                row["source_id"] = new
    cited = {r["source_id"] for n in ("measures", "events", "listings") for r in tables[n].values()}
    for sid in SOURCE_REPLACEMENTS:
        if (sid,) in tables["sources"] and sid not in cited:
            del tables["sources"][(sid,)]
            report.append(f"- source `{sid}` dropped (D6): its measures now cite "
                          f"`{SOURCE_REPLACEMENTS[sid]}`")
    for row in tables["measures"].values():
        if (row["jurisdiction"] == "CN" and row["instrument"] == "announcement"
                and BINDING_ANNOUNCEMENT.search(row["legal_citation"])):
            row["instrument"] = "ministerial_order"
            report.append(f"- measure `{row['measure_id']}`: instrument announcement -> "
                          "ministerial_order (D4)")
        if row["date_effective"] and not row["date_effective_precision"]:
            row["date_effective_precision"] = "day"


def sort_key_date(row: dict[str, str]) -> str:
    return row.get("date_announced") or row.get("date_effective") or "9999"


def ordered(tables: dict) -> dict[str, list[dict]]:
    out = {}
    measures = sorted(tables["measures"].values(),
                      key=lambda r: (r["jurisdiction"], sort_key_date(r), r["measure_id"]))
    position = {r["measure_id"]: i for i, r in enumerate(measures)}
    dims = ["advanced_equipment", "euv_lithography", "duv_immersion", "equipment_servicing",
            "persons_support", "advanced_chips", "foreign_direct_product", "entity_list",
            "materials", "license_policy"]
    out["measures"] = measures
    out["provisions"] = sorted(tables["provisions"].values(), key=lambda r: (
        position.get(r["measure_id"], 10**6), dims.index(r["dimension"])
        if r["dimension"] in dims else 99))
    out["sources"] = sorted(tables["sources"].values(), key=lambda r: r["source_id"])
    out["events"] = sorted(tables["events"].values(), key=lambda r: (r["date"], r["event_id"]))
    out["listings"] = sorted(tables["listings"].values(),
                             key=lambda r: (r["entity_id"], r["jurisdiction"], r["list_name"]))
    out["entities"] = sorted(tables["entities"].values(), key=lambda r: r["entity_id"])
    return out


def to_csv(columns: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def v1_rows(name: str) -> list[dict[str, str]] | None:
    try:
        text = subprocess.run(["git", "show", f"{V1_COMMIT}:data/{name}.csv"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return list(csv.DictReader(io.StringIO(text)))


def deleted_v1(rows: dict[str, list[dict]]) -> list[str]:
    lines = []
    for name in TABLES:
        old = v1_rows(name)
        if old is None:
            return ["(git history not available: deleted v1 rows not listed)"]
        if name == "provisions":
            # v2 provisions are keyed (measure_id, dimension); NL copies of EU rows are gone (G3)
            new = {(r["measure_id"], r["jurisdiction"], r["dimension"]) for r in rows[name]}
        else:
            new = {tuple(r[k] for k in KEYS[name]) for r in rows[name]}
        gone = [tuple(r.get(k, "") for k in V1_KEYS[name]) for r in old]
        gone = [k for k in gone if k not in new]
        if gone:
            lines.append(f"- {name} ({len(gone)}): " + "; ".join("/".join(k) for k in gone))
    return lines


def host_problems(sources: list[dict]) -> list[str]:
    hosts_file = DATA / "hosts.csv"
    if not hosts_file.exists():
        return ["data/hosts.csv is missing"]
    allowed = {r["host"]: r["source_quality"] for r in read_rows(hosts_file)}
    out = []
    for row in sources:
        host = (urlsplit(row["url"]).hostname or "").lower()
        if host not in allowed:
            out.append(f"- source `{row['source_id']}`: host {host} is not in data/hosts.csv")
        elif allowed[host] != row["source_quality"]:
            out.append(f"- source `{row['source_id']}`: source_quality {row['source_quality']} but "
                       f"hosts.csv says {allowed[host]} for {host}")
    return out


BEGIN, END = "<!-- merge.py: begin generated -->", "<!-- merge.py: end generated -->"


def update_merge_md(generated: str) -> None:
    text = MERGE_MD.read_text(encoding="utf-8") if MERGE_MD.exists() else f"{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    MERGE_MD.write_text(f"{head}{BEGIN}\n{generated}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    report: list[str] = []
    tables, origin = collect(report)
    rename = unify_sources(tables, origin, report)
    apply_decisions(tables, rename, report)
    rows = ordered(tables)
    stale = []
    for name, columns in TABLES.items():
        text = to_csv(columns, rows[name])
        path = DATA / f"{name}.csv"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not check:
                path.write_text(text, encoding="utf-8")
    hosts = host_problems(rows["sources"])
    counts = ", ".join(f"{name} {len(rows[name])}" for name in TABLES)
    used = [f.name for f in batch_dirs()]
    generated = "\n".join([
        "## Generated by merge.py (do not edit this section by hand)", "",
        f"Batches merged: {', '.join(used)}.", "", f"Rows written: {counts}.", "",
        "### Duplicates resolved and decisions applied", "", *(report or ["- none"]), "",
        f"### v1 rows deleted (absent from every batch; v1 = commit {V1_COMMIT})", "",
        *(deleted_v1(rows) or ["- none"]), "",
        "### Source hosts outside data/hosts.csv", "", *(hosts or ["- none"]),
    ])
    if check:
        print("stale: " + ", ".join(stale) if stale else "data/ is up to date")
        return 1 if stale or hosts else 0
    update_merge_md(generated)
    print(f"wrote {counts}")
    for line in hosts:
        print(line, file=sys.stderr)
    return 1 if hosts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
