"""Check the codebook batch CSVs: headers per SPEC v2, unique IDs, sources exist, enums, rule IDs in rationales."""
import csv, re, sys, calendar, pathlib
HERE = pathlib.Path(__file__).parent
CODEBOOK = HERE.parents[3] / "docs" / "codebook.md"
M = "measure_id,jurisdiction,authority,title,instrument,category,date_announced,date_effective,date_effective_precision,legal_citation,source_id,confidence,summary".split(",")
P = "measure_id,jurisdiction,dimension,level,date_effective,rationale,note".split(",")
S = "source_id,publisher,title,citation,url,date_published,date_accessed,source_type,source_quality,verified_via,notes".split(",")
JUR = set("US JP NL KR EU TW CN UK WA".split())
INSTR = set("law regulation interim_final_rule final_rule ministerial_order cabinet_order delegated_regulation implementing_regulation announcement policy_letter licence_action list_designation white_paper guidance suspension is_informed_letter multilateral_list".split())
CAT = set("equipment chips entity_listing extraterritorial persons materials framework licensing countermeasure relaxation policy".split())
DIM = set("advanced_equipment euv_lithography duv_immersion equipment_servicing persons_support advanced_chips foreign_direct_product entity_list materials license_policy".split())
LEV = {"none", "limited", "broad"}
err = []
def load(name, cols):
    with open(HERE / name, encoding="utf-8") as f:
        r = csv.DictReader(f)
        if r.fieldnames != cols: err.append(f"{name}: header {r.fieldnames} != {cols}")
        return list(r)
m, p, s = load("measures.csv", M), load("provisions.csv", P), load("sources.csv", S)
ids = set(re.findall(r"\*\*((?:AE|EUV|DUV|SV|PS|AC|FDP|EL|MAT|LP)-\d+)\*\*", CODEBOOK.read_text()))
ids |= set(re.findall(r"^### (G\d+) ", CODEBOOK.read_text(), re.M))
date = re.compile(r"^\d{4}-\d{2}-\d{2}$")
sid = {r["source_id"] for r in s}
if len(sid) != len(s): err.append("duplicate source_id")
for r in s:
    if r["source_type"] not in ("primary", "secondary"): err.append(f"{r['source_id']}: source_type")
    if r["source_quality"] not in ("official", "company", "law_firm", "press"): err.append(f"{r['source_id']}: source_quality")
    if not r["url"].startswith(("http://", "https://")): err.append(f"{r['source_id']}: url")
    for c in ("date_published", "date_accessed"):
        if r[c] and not date.match(r[c]): err.append(f"{r['source_id']}: {c}")
mid = {r["measure_id"]: r for r in m}
if len(mid) != len(m): err.append("duplicate measure_id")
for r in m:
    i = r["measure_id"]
    if not re.match(r"^(US|JP|NL|KR|EU|TW|CN|UK|WA)-\d{4}-[a-z0-9-]+$", i) or i.split("-")[0] != r["jurisdiction"]: err.append(f"{i}: id (C17)")
    if r["jurisdiction"] not in JUR: err.append(f"{i}: jurisdiction")
    if r["instrument"] not in INSTR: err.append(f"{i}: instrument")
    if r["category"] not in CAT: err.append(f"{i}: category")
    if r["confidence"] not in ("high", "medium", "low"): err.append(f"{i}: confidence")
    if r["source_id"] not in sid: err.append(f"{i}: source missing")
    if (r["instrument"] == "multilateral_list") != (r["jurisdiction"] == "WA"): err.append(f"{i}: C4 instrument/jurisdiction")
    if r["jurisdiction"] == "WA":
        if r["authority"] != "Wassenaar Arrangement" or r["category"] not in ("framework", "equipment"): err.append(f"{i}: C4 authority/category")
        src = next(x for x in s if x["source_id"] == r["source_id"])
        if "wassenaar.org" not in src["url"]: err.append(f"{i}: C4 not wassenaar.org")
    for c in ("date_announced", "date_effective"):
        if r[c] and not date.match(r[c]): err.append(f"{i}: {c}")
    pr = r["date_effective_precision"]
    if pr not in ("", "day", "month"): err.append(f"{i}: precision (C6)")
    if pr == "month":
        y, mo, d = map(int, r["date_effective"].split("-"))
        if d != calendar.monthrange(y, mo)[1]: err.append(f"{i}: month precision not last day (C6)")
keys = set()
for r in p:
    i = r["measure_id"]
    if i not in mid: err.append(f"provision of unknown measure {i}"); continue
    if r["jurisdiction"] != mid[i]["jurisdiction"]: err.append(f"{i}: C1")
    if r["dimension"] not in DIM: err.append(f"{i}: dimension (C9)")
    if r["level"] not in LEV: err.append(f"{i}: level (C9)")
    if (i, r["dimension"]) in keys: err.append(f"{i}/{r['dimension']}: C10 duplicate")
    keys.add((i, r["dimension"]))
    if r["date_effective"] and r["date_effective"] == mid[i]["date_effective"]: err.append(f"{i}: C8")
    if not (r["date_effective"] or mid[i]["date_effective"]): err.append(f"{i}: C14 no date")
    if r["jurisdiction"] == "WA":
        if r["dimension"] not in ("advanced_equipment", "euv_lithography", "duv_immersion", "advanced_chips", "license_policy"): err.append(f"{i}: C4 dimension")
        if r["dimension"] == "advanced_equipment" and r["level"] != "none": err.append(f"{i}: C4 AE-1")
    mm = re.match(r"^((?:G\d+|(?:AE|EUV|DUV|SV|PS|AC|FDP|EL|MAT|LP)-\d+)(?:, (?:G\d+|(?:AE|EUV|DUV|SV|PS|AC|FDP|EL|MAT|LP)-\d+))*): \S", r["rationale"])
    if not mm: err.append(f"{i}: rationale format (C5)")
    else:
        for rid in mm.group(1).split(", "):
            if rid not in ids: err.append(f"{i}: unknown rule {rid} (C5)")
print(f"{len(m)} measures, {len(p)} provisions, {len(s)} sources; {len(ids)} rule IDs in codebook")
print("\n".join(err) if err else "OK")
sys.exit(1 if err else 0)
