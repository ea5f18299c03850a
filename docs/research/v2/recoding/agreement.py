"""Agreement between the blind recoding (cells.csv) and the shipped data: percent agreement and
Cohen's kappa over none < limited < broad, and the list of disagreements.
Run: .venv/bin/python docs/research/v2/recoding/agreement.py"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import toolkit as tk

HERE = Path(__file__).resolve().parent
LEVELS = ("none", "limited", "broad")


def main() -> None:
    with open(HERE / "cells.csv", newline="", encoding="utf-8") as fh:
        cells = list(csv.DictReader(fh))
    pairs = []
    for c in cells:
        state = tk.regime_state(c["date"], [c["jurisdiction"]], [c["dimension"]])
        row = state.iloc[0]
        data_level = str(row["level"])
        pairs.append((c, data_level, row["measure_id"] if isinstance(row["measure_id"], str) else ""))
    n = len(pairs)
    agree = sum(c["level"] == d for c, d, _ in pairs)
    coder, data = Counter(c["level"] for c, _, _ in pairs), Counter(d for _, d, _ in pairs)
    expected = sum(coder[lv] * data[lv] for lv in LEVELS) / n / n
    observed = agree / n
    kappa = (observed - expected) / (1 - expected)
    print(f"cells: {n}; agreement: {agree}/{n} = {observed:.1%}; chance: {expected:.1%}; "
          f"Cohen's kappa: {kappa:.2f}")
    print("disagreements (cell, jurisdiction, dimension, date, blind, data, data's measure):")
    for c, d, m in pairs:
        if c["level"] != d:
            print(f"  {c['cell']:>2} {c['jurisdiction']} {c['dimension']} {c['date']}: blind "
                  f"{c['level']} ({c['measures']}); data {d} ({m})")


if __name__ == "__main__":
    main()
