"""Benchmark the public-format loaders and entity matching on generated files.

Prints the median of several runs of
- loading a 30,000-row CSL CSV (the real fixture rows repeated with varied names; goal < 1 s),
- normalising and matching 30,000 x 3,000 names (goal < 5 s),
- streaming a 1,000,000-row OpenSanctions targets.simple.csv with a datasets filter, in a fresh
  subprocess, with its peak memory (VmHWM, the resident peak of the whole process, and the
  tracemalloc peak of the load; goal < 500 MB).
Run: .venv/bin/python benchmarks/bench_loaders.py [--repeat R] [--rows N]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CSL_FIXTURE = ROOT / "tests" / "fixtures" / "csl" / "consolidated_2024fmt_sample.csv"
WORDS = ("shanghai beijing shenzhen wuhan hefei xian micro electronics semiconductor technology research "
         "institute equipment materials optical photonics precision instruments trading import export "
         "integrated circuit systems devices aerospace software vision quantum laser nano crystal").split()
SUFFIXES = ["Co., Ltd.", "Limited", "Corporation", "Inc.", "", "Group Co., Ltd.", "有限公司"]
OS_HEADER = ["id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
             "sanctions", "phones", "emails", "program_ids", "dataset", "first_seen", "last_seen",
             "last_change"]

CHILD = """
import json, sys, time, tracemalloc
sys.path.insert(0, sys.argv[2])
from toolkit.sources.opensanctions import load_opensanctions
if sys.argv[3] == "trace":
    tracemalloc.start()
t0 = time.perf_counter()
frame = load_opensanctions(sys.argv[1], datasets={"Japan METI End User List"})
seconds = time.perf_counter() - t0
peak = tracemalloc.get_traced_memory()[1]
# VmHWM, not ru_maxrss: ru_maxrss survives exec, so it would report the parent's peak.
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"rows": len(frame), "seconds": seconds, "tracemalloc_peak_mb": peak / 2**20,
                  "maxrss_mb": hwm / 1024}))
"""


def company(rng: random.Random, n: int) -> str:
    return f"{' '.join(rng.sample(WORDS, 3)).title()} {n} {rng.choice(SUFFIXES)}".strip()


def write_csl(path: Path, rows: int) -> None:
    with CSL_FIXTURE.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header, sample = next(reader), list(reader)
    name_at = header.index("name")
    rng = random.Random(1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for n in range(rows):
            row = list(sample[n % len(sample)])
            row[name_at] = company(rng, n)
            writer.writerow(row)


def write_opensanctions(path: Path, rows: int) -> None:
    rng = random.Random(2)
    titles = ["US Trade Consolidated Screening List", "Japan METI End User List", "OFAC SDN", "EU FSF",
              "UK HMT", "Taiwan SHTC Entity List"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, dialect=csv.unix_dialect)
        writer.writerow(OS_HEADER)
        for n in range(rows):
            # about 1 in 100 rows belongs to the filtered dataset, as jp_meti_eul does in the full export
            dataset = titles[1] if n % 100 == 0 else ";".join(rng.sample(titles[2:], rng.randint(1, 2)))
            writer.writerow([f"gen-{n}", "Company", company(rng, n), f"Alias {n};Other {n}", "", "cn;hk",
                             f"{n} Generated Road, City", f"REG-{n}", "", "", "", "", dataset,
                             "2023-01-05T10:00:00", "2024-06-01T10:00:00", "2024-01-01T00:00:00"])


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the OpenSanctions file")
    args = parser.parse_args()
    import pandas as pd

    from toolkit.analysis.entities import match_entities
    from toolkit.sources.csl import load_csl

    with tempfile.TemporaryDirectory() as tmp:
        csl_path = Path(tmp) / "consolidated.csv"
        write_csl(csl_path, 30_000)
        seconds = median_seconds(lambda: load_csl(csl_path), args.repeat)
        csl = load_csl(csl_path)
        print(f"load_csl, {len(csl):,} rows ({csl_path.stat().st_size / 2**20:.1f} MB): "
              f"median {seconds:.3f} s over {args.repeat} runs (goal < 1 s)")

        rng = random.Random(3)
        picks = rng.sample(range(len(csl)), 1_500)
        # exact after normalisation (case, legal form) and, for a third, one letter dropped (fuzzy)
        variants = [csl["name"].iloc[i].upper().replace("CO., LTD.", "CO LTD") for i in picks[:1_000]]
        variants += [name[:4] + name[5:] for name in csl["name"].iloc[picks[1_000:]]]
        right = pd.DataFrame({"name": variants + [company(rng, 10**6 + n) for n in range(1_500)]})
        left = csl[["name", "alt_names"]].rename(columns={"alt_names": "aliases"})
        seconds = median_seconds(lambda: match_entities(left, right), max(3, args.repeat // 2))
        pairs = match_entities(left, right)
        print(f"normalise + match {len(left):,} x {len(right):,} names: median {seconds:.3f} s "
              f"over {max(3, args.repeat // 2)} runs, {len(pairs):,} pairs "
              f"({pairs['method'].value_counts().to_dict()}) (goal < 5 s)")

        os_path = Path(tmp) / "targets.simple.csv"
        t0 = time.perf_counter()
        write_opensanctions(os_path, args.rows)
        print(f"generated {args.rows:,}-row targets.simple.csv ({os_path.stat().st_size / 2**20:.0f} MB) "
              f"in {time.perf_counter() - t0:.1f} s")
        def child(mode: str) -> dict:
            out = subprocess.run([sys.executable, "-c", CHILD, str(os_path), str(ROOT), mode], check=True,
                                 capture_output=True, text=True)
            return json.loads(out.stdout)

        runs = [child("plain") for _ in range(3)]
        traced = child("trace")  # tracemalloc slows the load several-fold: memory only
        print(f"load_opensanctions with datasets filter: {runs[0]['rows']:,} rows kept, "
              f"median {statistics.median(r['seconds'] for r in runs):.2f} s over {len(runs)} runs; "
              f"peak memory: VmHWM {max(r['maxrss_mb'] for r in runs):.0f} MB (whole process, "
              f"pandas included), tracemalloc peak {traced['tracemalloc_peak_mb']:.1f} MB (goal < 500 MB)")


if __name__ == "__main__":
    main()
