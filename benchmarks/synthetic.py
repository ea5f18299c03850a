"""Write a synthetic data package of the shipped shape, for benchmarks and property tests."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_synthetic_package(target: Path, provisions: int = 100_000, per_measure: int = 5,
                            events: int = 2_000, seed: int = 7) -> Path:
    """A valid package with ``provisions`` provisions spread over 2015–2026 (invented data).

    Levels are random, so every measure is a ``relaxation`` (the codebook lets only those lower
    a level, C19), the EU and China are left out (NL ≥ EU, C3; China's dimensions, C13) and no
    layers apply: the package is valid without being realistic.
    """
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text())
    descriptor["version"] = "0.0.0-synthetic"
    descriptor["regime"]["layers"] = {}
    (target / "datapackage.json").write_text(json.dumps(descriptor))
    regime = descriptor["regime"]
    jurs = [j for j in regime["jurisdictions"] if j not in ("EU", "CN")]
    dims = [d for d in regime["dimensions"] if d != "euv_lithography"]  # a Wassenaar item (C4)
    levels = list(regime["levels"])
    start = dt.date(2015, 1, 1)
    n_measures = provisions // per_measure
    with open(target / "sources.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["source_id", "publisher", "title", "citation", "url", "date_published",
                    "date_accessed", "source_type", "source_quality", "verified_via", "notes"])
        w.writerow(["synthetic", "Synthetic", "Synthetic source", "n/a", "https://example.org/",
                    "2020-01-01", "2026-01-01", "primary", "official", "", "invented for benchmarks"])
    with open(target / "hosts.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["host", "source_quality", "publisher", "note"])
        w.writerow(["example.org", "official", "Synthetic", "invented for benchmarks"])
    with open(target / "measures.csv", "w", newline="") as mf, \
            open(target / "provisions.csv", "w", newline="") as pf:
        mw, pw = csv.writer(mf), csv.writer(pf)
        mw.writerow(["measure_id", "jurisdiction", "authority", "title", "instrument", "category",
                     "date_announced", "date_effective", "date_effective_precision", "legal_citation",
                     "source_id", "confidence", "summary"])
        pw.writerow(["measure_id", "jurisdiction", "dimension", "level", "date_effective",
                     "rationale", "note"])
        used: set[tuple[str, dt.date]] = set()
        for i in range(n_measures):
            jur = rng.choice(jurs)
            announced = start + dt.timedelta(days=rng.randrange(0, 4300))
            effective = announced + dt.timedelta(days=rng.randrange(0, 120))
            while (jur, effective) in used:  # one measure per jurisdiction and day: no conflicts
                effective += dt.timedelta(days=1)
            used.add((jur, effective))
            mid = f"{jur}-{announced.year}-m{i}"
            mw.writerow([mid, jur, "Authority", f"Measure {i}", "regulation", "relaxation",
                         announced, effective, "day", f"cit {i}", "synthetic", "high", "synthetic"])
            for dim in rng.sample(dims, per_measure):
                pw.writerow([mid, jur, dim, rng.choice(levels), "", "G1: synthetic.", "synthetic"])
    with open(target / "events.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id", "date", "actor", "jurisdiction", "title", "description", "source_id",
                    "confidence"])
        for i in range(events):
            day = start + dt.timedelta(days=rng.randrange(0, 4300))
            w.writerow([f"EV-{day.year}-e{i}", day, "Actor", rng.choice(jurs), f"Event {i}", "synthetic",
                        "synthetic", "high"])
    for name in ("entities.csv", "listings.csv"):
        with open(ROOT / "data" / name, newline="") as fh:
            header = next(csv.reader(fh))
        with open(target / name, "w", newline="") as fh:
            csv.writer(fh).writerow(header)
    return target


def fresh(target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    return target
