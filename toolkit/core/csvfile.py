"""Careful CSV reading: every failure names the file and line.

pandas' C parser reports a ragged row or a stray quote as a tokenizer traceback;
a researcher needs ``measures.csv:14: row has 13 fields, the header has 12``.
This module reads with the standard ``csv`` module, keeping the physical line
number of each record, and turns encoding, binary and structure problems into
``FormatError`` messages.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from toolkit.core.errors import FormatError

csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class CsvTable:
    """A CSV file's header and records, each record with its first line number."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    had_bom: bool = False
    ragged: list[tuple[int, int]] | None = None  # (line, field count) of rows dropped


def decode_text(path: Path, data: bytes) -> tuple[str, bool]:
    """Decode UTF-8 (with or without BOM); reject binary and other encodings clearly."""
    if b"\x00" in data[:65536]:
        raise FormatError(str(path), None, "this is not a text file (it contains NUL bytes)",
                          "a UTF-8 encoded CSV file")
    had_bom = data.startswith(b"\xef\xbb\xbf")
    if had_bom:
        data = data[3:]
    try:
        return data.decode("utf-8"), had_bom
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        snippet = data[max(0, exc.start - 20): exc.end + 20]
        raise FormatError(
            str(path), line,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, "
            f"near {snippet.decode('latin-1')!r}); it may have been saved as Latin-1 or Windows-1252",
            "UTF-8 text: re-save the file as 'CSV UTF-8' or convert it with "
            "`iconv -f latin1 -t utf-8`",
        ) from None


def read_csv(path: str | Path, *, required: list[str] | None = None,
             allow_ragged: bool = False) -> CsvTable:
    """Read a whole CSV file strictly; raise ``FormatError`` naming file and line.

    With ``allow_ragged`` a row whose field count differs from the header's is
    dropped and listed in ``CsvTable.ragged`` instead of raising, so a validator
    can report every such row at once.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormatError(str(path), None, "file not found") from None
    except IsADirectoryError:
        raise FormatError(str(path), None, "is a directory, not a CSV file") from None
    text, had_bom = decode_text(path, data)
    if not text.strip():
        raise FormatError(str(path), None, "the file is empty",
                          "a header row" + (f" with columns {', '.join(required)}" if required else ""))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        header = next(reader)
        start = reader.line_num + 1
        for record in reader:
            if record and any(cell.strip() for cell in record):
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        hint = " (an opening quote without its closing quote?)" if "end of data" in str(exc) or \
            "expected" in str(exc) else ""
        raise FormatError(str(path), start,
                          f"malformed CSV in the row starting here: {exc}{hint}",
                          "fields separated by commas, quotes balanced") from None
    header = [h.strip() for h in header]
    width = len(header)
    ragged = [(line, len(rec)) for rec, line in zip(rows, lines) if len(rec) != width]
    if ragged and not allow_ragged:
        line, count = ragged[0]
        raise FormatError(str(path), line, f"row has {count} fields, the header has {width}",
                          "the same number of comma-separated fields on every row")
    if ragged:
        keep = [i for i, rec in enumerate(rows) if len(rec) == width]
        rows, lines = [rows[i] for i in keep], [lines[i] for i in keep]
    if required:
        missing = [c for c in required if c not in header]
        if missing:
            raise FormatError(str(path), 1, f"missing column(s): {', '.join(missing)}",
                              f"a header with {', '.join(required)}; found {', '.join(header)}")
    return CsvTable(path, header, rows, lines, had_bom, ragged)
