"""Write the shipped data package scaled N times, for the scale benchmark (bench_scale.py).

Copy k of every row gets ``-xk`` appended to its identifiers (measure, source, event,
entity), a ``#copy-k`` fragment on its source URL and `` (copy k)`` after entity names, so
copies are distinct rows with the shipped data's real shape: the same jurisdictions, levels,
dates, citations and text lengths, N times as many measures, sources, events and listings.
Copy 0 is the shipped data unchanged; the Wassenaar baselines are not copied (one per list
update, rule C4). The result is valid (``toolkit validate``) but not true:
it exists only to measure the build.

    python benchmarks/scaled.py 10 /tmp/data-10x
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDS = ("measure_id", "source_id", "event_id", "entity_id")


def write_scaled_package(target: Path, factor: int, source: Path = ROOT / "data") -> Path:
    """``source`` (the shipped data) with every resource but ``hosts`` repeated ``factor`` times."""
    if factor < 1:
        raise ValueError(f"factor must be at least 1, got {factor}")
    target.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads((source / "datapackage.json").read_text())
    descriptor["version"] = f"{descriptor['version']}-scaled-{factor}x"
    (target / "datapackage.json").write_text(json.dumps(descriptor, indent=1))
    for extra in ("hosts.csv", "CHANGELOG.md"):
        if (source / extra).exists():
            shutil.copy(source / extra, target / extra)
    for resource in descriptor["resources"]:
        if resource["path"] == "hosts.csv":
            continue
        with open(source / resource["path"], newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            fields, rows = list(reader.fieldnames or []), list(reader)
        with open(target / resource["path"], "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for k in range(factor):
                for row in rows:
                    if k and row.get("measure_id", "").startswith("WA-"):
                        continue  # one Wassenaar baseline per list update (codebook rule C4)
                    writer.writerow(_copy(row, k) if k else row)
    return target


def _copy(row: dict[str, str], k: int) -> dict[str, str]:
    out = dict(row)
    for key in IDS:
        if out.get(key):
            out[key] = f"{out[key]}-x{k}"
    if out.get("url"):
        out["url"] = f"{out['url'].split('#')[0]}#copy-{k}"
    if "entity_id" in out and out.get("name"):
        out["name"] = f"{out['name']} (copy {k})"
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/scaled.py FACTOR TARGET_DIR")
    print(write_scaled_package(Path(sys.argv[2]), int(sys.argv[1])))
