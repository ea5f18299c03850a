"""The codebook's consistency rules C1–C18 (docs/codebook.md §6), checked by ``toolkit validate``.

Each problem names its rule and the cell: ``file:row:column: C3: … (value)``. The rules read the
tables already parsed by :mod:`toolkit.data.validation` and the regime vocabulary of
``datapackage.json`` (layers, rule IDs), so a data folder copied elsewhere validates on its own.
Pure Python: no pandas, so validation stays cheap.

Severity: a rule whose breach makes a derived level wrong or unexplained is an error; C16's
per-measure non-official citations, C16's official share below ``regime.official_share_min``
(a SPEC target, measured over non-exempt measures: ``C16_EXEMPT``) and C18 (provisions on
announcements) are warnings.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from toolkit.core.dates import parse_date
from toolkit.core.errors import Problem

LEVELS = ("none", "limited", "broad")
RANK = {lv: i for i, lv in enumerate(LEVELS)}
#: C9/C6 labels for enum problems found by the generic value checks.
ENUM_RULES = {("provisions", "dimension"): "C9", ("provisions", "level"): "C9",
              ("provisions", "jurisdiction"): "C9", ("measures", "jurisdiction"): "C9",
              ("measures", "instrument"): "C9", ("measures", "category"): "C9",
              ("measures", "confidence"): "C9", ("sources", "source_type"): "C9",
              ("sources", "source_quality"): "C9", ("measures", "date_effective_precision"): "C6",
              ("measures", "measure_id"): "C17", ("provisions", "measure_id,dimension"): "C10",
              ("provisions", "rationale"): "C5"}
RATIONALE = re.compile(r"^((?:[A-Z]+-?[0-9]+)(?:, [A-Z]+-?[0-9]+)*): \S")
EU_ACT = re.compile(r"Regulation \(EU\)|Delegated Regulation|Implementing Regulation")
MEASURE_ID = re.compile(r"^(US|JP|NL|KR|EU|TW|CN|UK|WA)-[0-9]{4}-[a-z0-9-]+$")
WA_DIMENSIONS = {"advanced_equipment", "euv_lithography", "duv_immersion", "advanced_chips",
                 "license_policy"}
CN_DIMENSIONS = {"materials", "entity_list", "foreign_direct_product", "persons_support",
                 "license_policy"}
WA_HOSTS = {"www.wassenaar.org", "wassenaar.org"}
NOT_WA = ("TW", "CN")
#: C16 exemptions (codebook C16): no official text exists for these, so a recognised company,
#: law-firm or press source is the best citation. A suspension that rescinds an exempt
#: measure (named in its summary) is exempt too, and so is a measure listed with its reason in
#: ``regime.c16_exempt_measures`` (a statement with no official text at all).
C16_EXEMPT = {"is_informed_letter", "licence_action"}
#: Hosts that can never be sources, whatever hosts.csv says (mirrors, blobs, reposts, staging).
MIRROR_HOST = re.compile(r"(^stage\.|cloudfront\.net$|blob\.core\.windows\.net$|azurewebsites\.net$"
                         r"|(^|\.)yahoo\.com$|amazonaws\.com$|page\.link$|(^|\.)docslib\.org$)")


@dataclass
class Prov:
    """One provision with what the rules need, in layer order (date, suspension last, line)."""

    line: int
    measure_id: str
    layer: str
    dimension: str
    level: str
    date: dt.date
    suspension: bool
    instrument: str

    @property
    def order(self):
        return (self.date, self.suspension, self.line)


class Rules:
    def __init__(self, report):
        self.report = report
        self.schema = report.schema
        t = report.tables
        self.measures, self.provisions = t.get("measures"), t.get("provisions")
        self.sources, self.hosts = t.get("sources"), t.get("hosts")
        self.by_id = {r["measure_id"]: (r, ln) for r, ln in zip(self.measures.rows,
                                                                   self.measures.lines)}
        self.provs: list[Prov] = []
        self.timeline: dict[tuple[str, str], list[Prov]] = defaultdict(list)
        #: per timeline, its dates and orders, for binary search (``layer_level``)
        self._index: dict[tuple[str, str], tuple[list, list]] = {}

    # -- reporting -------------------------------------------------------------------------
    def error(self, table, line, column, rule, message, value=None):
        self.report.errors.append(Problem(table.file, line, column, f"{rule}: {message}", value))

    def warn(self, table, line, column, rule, message, value=None):
        self.report.warnings.append(Problem(table.file, line, column, f"{rule}: {message}", value))

    # -- the layer model (G1, G5) ----------------------------------------------------------
    def layer_level(self, layer: str, dim: str, when: dt.date, before=None) -> tuple[str, Prov | None]:
        """Level of one layer on ``when`` (latest in force wins; ties: suspension last)."""
        line = self.timeline.get((layer, dim))
        if not line:
            return ("none", None)
        dates, orders = self._index[(layer, dim)]
        k = bisect.bisect_right(dates, when)
        if before is not None:
            k = min(k, bisect.bisect_left(orders, before))
        return (line[k - 1].level, line[k - 1]) if k else ("none", None)

    def derived(self, jur: str, dim: str, when: dt.date) -> tuple[str, Prov | None]:
        """G1: the highest of the jurisdiction's layers."""
        out: tuple[str, Prov | None] = ("none", None)
        for layer in (jur, *self.schema.layers.get(jur, ())):
            level, prov = self.layer_level(layer, dim, when)
            if RANK[level] > RANK[out[0]]:
                out = (level, prov)
        return out

    def run(self) -> None:
        if not (self.measures and self.provisions):
            return
        self.check_measures()
        self.check_provisions()
        for key in self.timeline:
            self.timeline[key].sort(key=lambda p: p.order)
            self._index[key] = ([p.date for p in self.timeline[key]],
                                [p.order for p in self.timeline[key]])
        self.check_layers()
        self.check_c3()
        self.check_c7_c11()
        self.check_sources()

    # -- measures: C2 (citation), C4, C6, C16, C17 -----------------------------------------
    def check_measures(self) -> None:
        m = self.measures
        wa_years: dict[str, int] = {}
        for row, line in zip(m.rows, m.lines):
            mid, jur = row["measure_id"], row["jurisdiction"]
            match = MEASURE_ID.match(mid)
            if not match or match.group(1) != jur:
                self.error(m, line, "measure_id", "C17", "measure_id must be <JUR>-<YYYY>-<slug> "
                           f"with the prefix of its jurisdiction {jur}", mid)
            if jur == "NL" and EU_ACT.search(row["legal_citation"]):
                self.error(m, line, "legal_citation", "C2", f"NL measure {mid} cites an EU act: "
                           "code EU acts once under EU (G3)", row["legal_citation"])
            if (row["instrument"] == "multilateral_list") != (jur == "WA"):
                self.error(m, line, "instrument", "C4", "instrument multilateral_list and "
                           f"jurisdiction WA go together ({mid} is {jur})", row["instrument"])
            if jur == "WA":
                self.check_wa_measure(row, line, wa_years)
            if row["date_effective_precision"] == "month":
                day = parse_date(row["date_effective"] or "")
                if day is None:
                    self.error(m, line, "date_effective", "C6", f"{mid} has month precision but "
                               "no date_effective", row["date_effective"])
                elif (day + dt.timedelta(days=1)).month == day.month:
                    self.error(m, line, "date_effective", "C6", f"{mid} has month precision, so "
                               "date_effective must be the last day of its month (G7)",
                               row["date_effective"])

    def check_wa_measure(self, row, line, wa_years) -> None:
        m, mid = self.measures, row["measure_id"]
        if row["authority"] != "Wassenaar Arrangement":
            self.error(m, line, "authority", "C4", f"WA measure {mid} must have authority "
                       "'Wassenaar Arrangement'", row["authority"])
        if row["category"] not in ("framework", "equipment"):
            self.error(m, line, "category", "C4", f"WA measure {mid} must be framework or "
                       "equipment", row["category"])
        url = self.source_url(row["source_id"])
        if url is not None and (urlsplit(url).hostname or "") not in WA_HOSTS:
            self.error(m, line, "source_id", "C4", f"WA measure {mid} must cite a wassenaar.org "
                       "list document", url)
        year = (row["date_effective"] or "")[:4]
        if year:
            first = wa_years.setdefault(year, line)
            if first != line:
                self.error(m, line, "date_effective", "C4", f"a second WA measure for the {year} "
                           f"plenary (first on line {first}): one baseline per list update",
                           row["date_effective"])

    def source_url(self, source_id: str) -> str | None:
        if not self.sources:
            return None
        return next((r["url"] for r in self.sources.rows if r["source_id"] == source_id), None)

    # -- provisions: C1, C2, C4, C5, C8, C12, C13, C14, C15, C18 ---------------------------
    def check_provisions(self) -> None:
        p = self.provisions
        known = set(self.schema.rule_ids)
        cells: dict[tuple, tuple[str, int]] = {}
        for row, line in zip(p.rows, p.lines):
            mid, jur, dim = row["measure_id"], row["jurisdiction"], row["dimension"]
            self.check_rationale(row, line, known)
            found = self.by_id.get(mid)
            if found is None:
                continue  # the foreign-key check reports it
            measure = found[0]
            own = measure["jurisdiction"]
            if jur != own:
                if own == "EU" and jur == "NL":
                    self.error(p, line, "jurisdiction", "C2", f"EU provision duplicated for NL "
                               f"({mid}, {dim}): EU law reaches NL through the EU layer (G3)", jur)
                elif jur == "WA":
                    self.error(p, line, "jurisdiction", "C12", f"WA provision on a {own} measure "
                               f"({mid}, {dim}): WA provisions only on WA measures", jur)
                else:
                    self.error(p, line, "jurisdiction", "C1", f"differs from its measure's "
                               f"jurisdiction {own} ({mid}, {dim})", jur)
            if own == "WA" and (dim not in WA_DIMENSIONS or
                                (dim == "advanced_equipment" and row["level"] != "none")):
                self.error(p, line, "dimension", "C4", f"WA provision {mid} on {dim} = "
                           f"{row['level']}: the baseline sets only EUV, DUV, AC, LP and AE = none",
                           dim)
            if own == "CN" and dim not in CN_DIMENSIONS:
                self.error(p, line, "dimension", "C13", f"CN provision {mid} on {dim}: China's "
                           "countermeasures are coded only on " + ", ".join(sorted(CN_DIMENSIONS)),
                           dim)
            if row["date_effective"] and row["date_effective"] == measure["date_effective"]:
                self.error(p, line, "date_effective", "C8", f"{mid} {dim}: a provision's own date "
                           "must be empty or differ from its measure's", row["date_effective"])
            if measure["instrument"] in ("announcement", "white_paper"):
                self.warn(p, line, "measure_id", "C18", f"provision on {dim} of an "
                          f"{measure['instrument']} ({mid}): announcements set no level (G11)", mid)
            when = parse_date(row["date_effective"] or measure["date_effective"] or "")
            if when is None:
                self.error(p, line, "date_effective", "C14", f"{jur}/{dim}: no effective date "
                           f"(measure {mid} has none): give the provision its own or drop it (G12)",
                           "")
                continue
            susp = measure["instrument"] == "suspension"
            prov = Prov(line, mid, own, dim, row["level"], when, susp, measure["instrument"])
            if row["level"] in RANK:
                self.provs.append(prov)
                self.timeline[(own, dim)].append(prov)
            if not susp:
                first = cells.setdefault((own, dim, when), (row["level"], line))
                if first[0] != row["level"]:
                    self.error(p, line, "level", "C15", f"{own}/{dim} on {when}: conflicts with "
                               f"line {first[1]}, which sets {first[0]!r} on the same date",
                               row["level"])

    def check_rationale(self, row, line, known) -> None:
        match = RATIONALE.match(row["rationale"])
        if not match:
            if row["rationale"]:
                self.error(self.provisions, line, "rationale", "C5", f"{row['measure_id']} "
                           f"{row['dimension']}: must start with codebook rule ID(s) and ': ' "
                           "(e.g. 'AE-3: …', 'G9, EL-4: …')", row["rationale"])
            return
        for rule in match.group(1).split(", "):
            if known and rule not in known:
                self.error(self.provisions, line, "rationale", "C5", f"{row['measure_id']} "
                           f"{row['dimension']}: rule ID {rule} is not defined in the codebook "
                           "(regime.rule_ids)", row["rationale"])

    # -- layers: C12 (configuration) -------------------------------------------------------
    def check_layers(self) -> None:
        for layer, targets in self.schema.applies_in.items():
            for jur in targets:
                if layer == "WA" and jur in NOT_WA:
                    self.report.errors.append(Problem(
                        str(self.report.data_dir / "datapackage.json"), None, "regime.layers",
                        f"C12: {jur} is not a Wassenaar participant: no WA layer", jur))

    # -- C3: NL >= EU on every change date -------------------------------------------------
    def check_c3(self) -> None:
        layers = {"NL", "EU", *self.schema.layers.get("NL", ()), *self.schema.layers.get("EU", ())}
        dates = sorted({p.date for p in self.provs if p.layer in layers})
        for dim in {p.dimension for p in self.provs if p.layer in layers}:
            bad = []
            for when in dates:
                nl, _ = self.derived("NL", dim, when)
                eu, prov = self.derived("EU", dim, when)
                if RANK[nl] < RANK[eu]:
                    bad.append((when, nl, eu, prov))
            if bad:
                when, nl, eu, prov = bad[0]
                more = f" (and {len(bad) - 1} later change date(s))" if len(bad) > 1 else ""
                self.error(self.provisions, prov.line if prov else None, "level", "C3",
                           f"NL/{dim} on {when}: NL {nl} < EU {eu} set by {prov.measure_id if prov else '?'}"
                           f"{more}: NL must be >= EU on every date (G1, G3)", eu)

    # -- C7 (suspensions), C19 (only relaxations lower a layer), C11 (is-informed letters) --
    def check_c7_c11(self) -> None:
        for p in self.provs:
            day_before = p.date - dt.timedelta(days=1)
            before_level, _ = self.layer_level(p.layer, p.dimension, day_before)
            cell = f"{p.layer}/{p.dimension} on {p.date}"
            if p.suspension:
                history = {"none"} | {q.level for q in self.timeline[(p.layer, p.dimension)]
                                      if q.order < p.order}
                revives = p.measure_id.endswith(("-suspension-lapse", "-expiry"))
                if p.level not in history:
                    self.error(self.provisions, p.line, "level", "C7", f"{cell}: suspension "
                               f"{p.measure_id} sets {p.level}, a level the layer never had before",
                               p.level)
                elif not revives and RANK[p.level] > RANK[before_level]:
                    self.error(self.provisions, p.line, "level", "C7", f"{cell}: suspension "
                               f"{p.measure_id} raises the layer from {before_level} to {p.level}",
                               p.level)
            lowers = RANK[p.level] < RANK[before_level]
            relaxes = p.suspension or self.by_id.get(p.measure_id, ({}, 0))[0].get("category") \
                == "relaxation"
            if lowers and not relaxes:
                self.error(self.provisions, p.line, "level", "C19", f"{cell}: {p.measure_id} lowers "
                           f"the layer from {before_level} to {p.level} but is neither a suspension "
                           "nor a relaxation: a provision records the layer's level after the "
                           "measure (G9)", p.level)
            if p.instrument == "is_informed_letter" and p.level not in ("limited", before_level):
                self.error(self.provisions, p.line, "level", "C11", f"{cell}: is-informed letter "
                           f"{p.measure_id} must be limited or restate the layer's {before_level} "
                           "(G6)", p.level)

    # -- C16 and the host allowlist --------------------------------------------------------
    def check_sources(self) -> None:
        if not self.sources:
            return
        s, m = self.sources, self.measures
        quality = {r["source_id"]: r["source_quality"] for r in s.rows}
        allowed = {r["host"]: r["source_quality"] for r in self.hosts.rows} if self.hosts else None
        for row, line in zip(s.rows, s.lines):
            if row["source_quality"] == "official" and row["source_type"] != "primary":
                self.error(s, line, "source_type", "C16", f"{row['source_id']} is official, so it "
                           "must be primary", row["source_type"])
            host = (urlsplit(row["url"]).hostname or "").lower()
            if allowed is None or not host:
                continue
            if host not in allowed:
                self.error(s, line, "url", "C16", f"{row['source_id']}: host {host} is not in "
                           "hosts.csv (the allowlist; a copy read elsewhere goes into verified_via)",
                           row["url"])
            elif row["source_quality"] and allowed[host] != row["source_quality"]:
                self.error(s, line, "source_quality", "C16", f"{row['source_id']}: hosts.csv says "
                           f"{allowed[host]} for {host}", row["source_quality"])
        if self.hosts:
            for row, line in zip(self.hosts.rows, self.hosts.lines):
                if MIRROR_HOST.search(row["host"]):
                    self.error(self.hosts, line, "host", "C16", "a mirror, blob, repost or staging "
                               "host can never be a source", row["host"])
        counted = official = 0
        for row, line in zip(m.rows, m.lines):
            if self.exempt(row):
                continue
            counted += 1
            if quality.get(row["source_id"]) == "official":
                official += 1
            elif row["source_id"] in quality:
                self.warn(m, line, "source_id", "C16", f"{row['measure_id']} ({row['instrument']}) "
                          f"cites a {quality[row['source_id']]} source, not the issuing authority's "
                          "own publication", row["source_id"])
        minimum = float(self.schema.raw.get("regime", {}).get("official_share_min", 0.95))
        if counted and official / counted < minimum:
            self.warn(m, None, "source_id", "C16", f"only {official} of {counted} non-exempt "
                       f"measures ({official / counted:.1%}) cite an official source; the target "
                       f"is {minimum:.0%}")

    def exempt(self, row) -> bool:
        listed = self.schema.raw.get("regime", {}).get("c16_exempt_measures", {})
        if row["instrument"] in C16_EXEMPT or row["measure_id"] in listed:
            return True
        if row["instrument"] == "suspension":
            named = re.findall(r"\b(?:US|JP|NL|KR|EU|TW|CN|UK)-[0-9]{4}-[a-z0-9-]+", row["summary"])
            return any(n in self.by_id and self.by_id[n][0].get("instrument") in C16_EXEMPT
                       for n in named)
        return False


def official_share(report) -> tuple[int, int]:
    """(measures citing an official source, non-exempt measures) of a validated report."""
    rules = Rules(report)
    quality = {r["source_id"]: r["source_quality"] for r in report.tables["sources"].rows}
    rows = [r for r in report.tables["measures"].rows if not rules.exempt(r)]
    return sum(quality.get(r["source_id"]) == "official" for r in rows), len(rows)


def check_rules(report) -> None:
    """Append every C1–C18 problem of a parsed data package to ``report``."""
    needed = ("measures", "provisions", "sources")
    if report.schema is None or any(report.tables.get(name) is None for name in needed):
        return  # a table that could not be read is reported already; its rules wait for a fix
    Rules(report).run()
