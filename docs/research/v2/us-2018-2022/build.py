#!/usr/bin/env python3
"""Builds the us-2018-2022 v2 staging CSVs (measures, provisions, sources).

All rows live here so that revisions are diffable; run `python3 build.py` to
rewrite the three CSVs next to this file. Writes only inside this folder.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ACC = "2026-12-02"  # date the sources were (re)checked for v2
BIS = "Bureau of Industry and Security (BIS), US Department of Commerce"
OFR = "Office of the Federal Register (Bureau of Industry and Security, Commerce)"

M_COLS = ["measure_id", "jurisdiction", "authority", "title", "instrument", "category",
          "date_announced", "date_effective", "date_effective_precision", "legal_citation",
          "source_id", "confidence", "summary"]
P_COLS = ["measure_id", "jurisdiction", "dimension", "level", "date_effective", "rationale", "note"]
S_COLS = ["source_id", "publisher", "title", "citation", "url", "date_published", "date_accessed",
          "source_type", "source_quality", "verified_via", "notes"]

MEASURES = []
SOURCES = []
PROVISIONS = []


def m(**kw):
    row = {c: "" for c in M_COLS}
    row["jurisdiction"] = "US"
    row.update(kw)
    MEASURES.append(row)


def s(**kw):
    row = {c: "" for c in S_COLS}
    row["date_accessed"] = ACC
    row.update(kw)
    SOURCES.append(row)


def p(measure_id, dimension, level, rationale, note="", date_effective=""):
    PROVISIONS.append({"measure_id": measure_id, "jurisdiction": "US", "dimension": dimension,
                       "level": level, "date_effective": date_effective,
                       "rationale": rationale, "note": note})


def fr(doc):
    return f"https://www.federalregister.gov/d/{doc}"


exec(open(os.path.join(HERE, "rows.py"), encoding="utf-8").read())


def write(name, cols, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


if __name__ == "__main__":
    write("measures.csv", M_COLS, MEASURES)
    write("provisions.csv", P_COLS, PROVISIONS)
    write("sources.csv", S_COLS, SOURCES)
    print(len(MEASURES), "measures,", len(PROVISIONS), "provisions,", len(SOURCES), "sources")
