#!/usr/bin/env python3
"""Checks the us-2018-2022 staging CSVs against SPEC.md and the codebook's mechanical rules."""
import csv
import calendar
import datetime
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
M_COLS = "measure_id,jurisdiction,authority,title,instrument,category,date_announced,date_effective,date_effective_precision,legal_citation,source_id,confidence,summary".split(",")
P_COLS = "measure_id,jurisdiction,dimension,level,date_effective,rationale,note".split(",")
S_COLS = "source_id,publisher,title,citation,url,date_published,date_accessed,source_type,source_quality,verified_via,notes".split(",")
JUR = {"US", "JP", "NL", "KR", "EU", "TW", "CN", "UK", "WA"}
INSTR = set("law regulation interim_final_rule final_rule ministerial_order cabinet_order delegated_regulation implementing_regulation announcement policy_letter licence_action list_designation white_paper guidance suspension is_informed_letter multilateral_list".split())
CAT = set("equipment chips entity_listing extraterritorial persons materials framework licensing countermeasure relaxation policy".split())
DIM = set("advanced_equipment euv_lithography duv_immersion equipment_servicing persons_support advanced_chips foreign_direct_product entity_list materials license_policy".split())
LEV = {"none", "limited", "broad"}
CONF = {"high", "medium", "low"}
STYPE = {"primary", "secondary"}
SQ = {"official", "company", "law_firm", "press"}
RID = re.compile(r"^((G[0-9]+|(AE|EUV|DUV|SV|PS|AC|FDP|EL|MAT|LP)-[0-9]+)(, )?)+: ")

errors = []


def err(msg):
    errors.append(msg)


def read(name, cols):
    with open(os.path.join(HERE, name), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        if header != cols:
            err(f"{name}: header {header} != {cols}")
        rows = [dict(zip(header, row)) for row in r]
        for i, row in enumerate(rows):
            if len(row) != len(cols):
                err(f"{name} row {i+2}: wrong field count")
        return rows


def iso(d):
    try:
        datetime.date.fromisoformat(d)
        return True
    except ValueError:
        return False


# codebook rule IDs present
codebook = open(os.path.join(HERE, "..", "..", "..", "codebook.md"), encoding="utf-8").read()
valid_ids = set(re.findall(r"^- \*\*((?:AE|EUV|DUV|SV|PS|AC|FDP|EL|MAT|LP)-[0-9]+)\*\*", codebook, re.M))
valid_ids |= {f"G{i}" for i in range(1, 13)}

M = read("measures.csv", M_COLS)
P = read("provisions.csv", P_COLS)
S = read("sources.csv", S_COLS)

mids = [r["measure_id"] for r in M]
sids = [r["source_id"] for r in S]
for name, ids in (("measures", mids), ("sources", sids)):
    dup = {x for x in ids if ids.count(x) > 1}
    if dup:
        err(f"duplicate {name} ids: {dup}")
srcmap = {r["source_id"]: r for r in S}
mmap = {r["measure_id"]: r for r in M}

for r in M:
    mid = r["measure_id"]
    if not re.match(r"^(US|JP|NL|KR|EU|TW|CN|UK|WA)-[0-9]{4}-[a-z0-9-]+$", mid) or mid[:2] != r["jurisdiction"]:
        err(f"{mid}: bad id/jurisdiction")
    if r["jurisdiction"] != "US":
        err(f"{mid}: not US")
    y = mid[3:7]
    if not ("2018" <= y <= "2022"):
        err(f"{mid}: year outside batch")
    if r["date_announced"] and r["date_announced"][:4] != y:
        err(f"{mid}: date_announced year differs from id year")
    if r["instrument"] not in INSTR:
        err(f"{mid}: instrument {r['instrument']}")
    if r["category"] not in CAT:
        err(f"{mid}: category {r['category']}")
    if r["confidence"] not in CONF:
        err(f"{mid}: confidence")
    for c in ("date_announced", "date_effective"):
        if r[c] and not iso(r[c]):
            err(f"{mid}: {c} not ISO")
    prec = r["date_effective_precision"]
    if prec not in ("", "day", "month"):
        err(f"{mid}: precision")
    if prec == "month":
        d = datetime.date.fromisoformat(r["date_effective"])
        if d.day != calendar.monthrange(d.year, d.month)[1]:
            err(f"{mid}: month precision but not last day")
    if r["source_id"] not in srcmap:
        err(f"{mid}: source {r['source_id']} missing")
    else:
        sq = srcmap[r["source_id"]]["source_quality"]
        if r["instrument"] not in ("is_informed_letter", "announcement") and sq != "official":
            err(f"{mid}: C16 needs an official source")
    if r["instrument"] == "is_informed_letter" and r["confidence"] == "high":
        err(f"{mid}: G6 letters at most medium")

seen = set()
for r in P:
    mid = r["measure_id"]
    if mid not in mmap:
        err(f"provision for unknown measure {mid}")
        continue
    if r["jurisdiction"] != mmap[mid]["jurisdiction"]:
        err(f"{mid}: C1 jurisdiction mismatch")
    if r["dimension"] not in DIM:
        err(f"{mid}: dimension {r['dimension']}")
    if r["level"] not in LEV:
        err(f"{mid}: level {r['level']}")
    key = (mid, r["dimension"])
    if key in seen:
        err(f"{mid}: C10 duplicate dimension {r['dimension']}")
    seen.add(key)
    if r["date_effective"]:
        if not iso(r["date_effective"]):
            err(f"{mid}: provision date not ISO")
        if r["date_effective"] == mmap[mid]["date_effective"]:
            err(f"{mid}: C8 provision date equals measure date")
    if not (r["date_effective"] or mmap[mid]["date_effective"]):
        err(f"{mid}: C14 provision without effective date")
    if not RID.match(r["rationale"]):
        err(f"{mid}/{r['dimension']}: C5 rationale does not start with rule IDs")
    else:
        ids = [x.strip() for x in r["rationale"].split(":", 1)[0].split(",")]
        bad = [x for x in ids if x not in valid_ids]
        if bad:
            err(f"{mid}/{r['dimension']}: rule IDs not in codebook: {bad}")
    if mmap[mid]["instrument"] in ("announcement", "white_paper"):
        err(f"{mid}: C18 provision on announcement")
    if mmap[mid]["instrument"] == "is_informed_letter" and r["level"] != "limited":
        err(f"{mid}: C11 letter provision not limited")

for r in S:
    sid = r["source_id"]
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", sid):
        err(f"{sid}: bad source id")
    if r["source_type"] not in STYPE:
        err(f"{sid}: source_type")
    if r["source_quality"] not in SQ:
        err(f"{sid}: source_quality")
    if r["source_quality"] == "official" and r["source_type"] != "primary":
        err(f"{sid}: official must be primary")
    for c in ("date_published", "date_accessed"):
        if r[c] and not iso(r[c]):
            err(f"{sid}: {c} not ISO")
    if not r["date_accessed"]:
        err(f"{sid}: date_accessed empty")
    if not r["url"].startswith("http"):
        err(f"{sid}: url")
    for c in ("publisher", "title", "citation"):
        if not r[c]:
            err(f"{sid}: {c} empty")

# C15: within the US layer, no two provisions on one dimension on one date with different levels
bydate = {}
for r in P:
    d = r["date_effective"] or mmap[r["measure_id"]]["date_effective"]
    bydate.setdefault((r["dimension"], d), set()).add(r["level"])
for k, v in bydate.items():
    if len(v) > 1:
        err(f"C15 conflict {k}: {v}")

# derived US national layer over time (for a visual check)
timeline = {}
for r in sorted(P, key=lambda r: r["date_effective"] or mmap[r["measure_id"]]["date_effective"]):
    d = r["date_effective"] or mmap[r["measure_id"]]["date_effective"]
    timeline.setdefault(r["dimension"], []).append((d, r["level"], r["measure_id"]))

official = sum(1 for r in M if srcmap.get(r["source_id"], {}).get("source_quality") == "official")
print(f"{len(M)} measures ({official} with an official source, {official/len(M):.0%}), {len(P)} provisions, {len(S)} sources")
for dim, ev in sorted(timeline.items()):
    print(f"  {dim}: " + " -> ".join(f"{d} {lvl}" for d, lvl, _ in ev))
if errors:
    print("ERRORS:")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("OK")
