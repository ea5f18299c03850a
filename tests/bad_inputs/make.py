"""Regenerate the bad-input corpus from the shipped data: each file is a small excerpt of a
real table with one fault. Run after the data's columns change:
``.venv/bin/python tests/bad_inputs/make.py``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "data"


def rows(table: str, n: int = 4) -> list[list[str]]:
    with open(DATA / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))[: n + 1]


def text(table_rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table_rows)
    return out.getvalue()


def with_cell(table: str, row: int, column: str, value: str) -> str:
    table_rows = rows(table)
    table_rows[row][table_rows[0].index(column)] = value
    return text(table_rows)


def main() -> None:
    m = rows("measures")
    files: dict[str, str | bytes] = {
        "measures_ragged_row.csv": text([m[0], m[1], m[2][:-1], *m[3:]]),
        "measures_renamed_column.csv": text([[("effective_date" if c == "date_effective" else c)
                                              for c in m[0]], *m[1:]]),
        "measures_empty.csv": "",
        "measures_impossible_date.csv": with_cell("measures", 1, "date_announced", "2023-02-30"),
        "measures_unknown_jurisdiction.csv": with_cell("measures", 1, "jurisdiction", "FR"),
        "measures_duplicate_id.csv": with_cell("measures", 2, "measure_id", m[1][0]),
        "measures_dangling_source.csv": with_cell("measures", 1, "source_id", "no-such-source"),
        "measures_html_in_title.csv": with_cell("measures", 1, "title", "<img src=x onerror=alert(1)>"),
        "sources_javascript_url.csv": with_cell("sources", 2, "url", "javascript:alert(document.cookie)"),
        "provisions_unknown_dimension.csv": with_cell("provisions", 1, "dimension", "quantum_computing"),
        "measures_utf8_bom.csv": "\ufeff" + text(m),
        "measures_binary_garbage.csv": bytes(range(256)) * 3,
    }
    quoted = text(m).splitlines(keepends=True)
    quoted[2] = quoted[2].replace(",", ',"', 1)  # a quote that never closes, on line 3
    files["measures_unbalanced_quote.csv"] = "".join(quoted)
    latin = with_cell("measures", 1, "title", "Règlement sur l'équipement")
    files["measures_latin1.csv"] = latin.encode("latin-1", errors="replace")
    for name, content in files.items():
        path = HERE / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


if __name__ == "__main__":
    main()
