"""Careful CSV reading: every failure names the file and line.

pandas' C parser reports a ragged row or a stray quote as a tokenizer traceback;
a researcher needs ``measures.csv:14: row has 13 fields, the header has 12``.
This module reads with the standard ``csv`` module, keeping the physical line
number of each record, and turns encoding, binary and structure problems into
``FormatError`` messages.

Control characters are refused anywhere in a file, not only where a sniff looks:
C0 controls other than TAB, LF and CR, and DEL (U+007F), such as a NUL byte
after the first 64 KiB or a BEL pasted from a terminal. They are invisible in a
spreadsheet and reach the HTML and PDF verbatim.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.core.errors import FormatError

csv.field_size_limit(16 * 1024 * 1024)

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What ``escape`` writes as an escape rather than as itself: every C0 and C1 control, DEL,
# bidi controls and marks, zero-width and line/paragraph separators, the BOM.
INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
SNIPPET = 24  # characters shown each side of an offending one


@dataclass
class CsvTable:
    """A CSV file's header and records, each record with its first line number."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    had_bom: bool = False
    ragged: list[tuple[int, int]] | None = None  # (line, field count) of rows dropped
    controls: list[Control] | None = None  # control characters found (with allow_controls)


@dataclass(frozen=True)
class Control:
    """A control character in a field: the record's line, the field's column and an excerpt."""

    line: int
    column: str
    char: str
    excerpt: str
    more: int = 0  # further control characters in the same field

    @property
    def message(self) -> str:
        return (f"control character {escape(self.char)}"
                + (f" (and {self.more} more)" if self.more else "")
                + "; remove it (of the control characters only TAB, LF and CR are allowed)")


def escape(text: str) -> str:
    r"""``text`` with invisible characters written as Python writes them (``\x07``, ``\u202e``).

    A message then shows what a spreadsheet or a terminal hides or acts on.
    """
    return INVISIBLE.sub(lambda m: repr(m.group())[1:-1], text)


def excerpt(text: str, index: int, width: int = SNIPPET) -> str:
    """``text`` around ``index``, escaped, with ``…`` where it was cut."""
    start, end = max(0, index - width), index + width + 1
    return (("…" if start else "") + escape(text[start:end]) + ("…" if end < len(text) else ""))


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
             allow_ragged: bool = False, allow_controls: bool = False) -> CsvTable:
    """Read a whole CSV file strictly; raise ``FormatError`` naming file and line.

    With ``allow_ragged`` a row whose field count differs from the header's is
    dropped and listed in ``CsvTable.ragged`` instead of raising; with
    ``allow_controls`` each control character (see ``CONTROL``) is listed in
    ``CsvTable.controls`` instead of raising: a validator reports every one at once.
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
    controls: list[Control] = []
    start = 1
    try:
        header = next(reader)
        controls += _controls(header, header, 1)
        start = reader.line_num + 1
        for record in reader:
            # before a blank or ragged record is dropped: str.strip() treats \x1c-\x1f as space
            controls += _controls(record, header, start)
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
    if controls and not allow_controls:
        first = controls[0]
        raise FormatError(str(path), first.line, f"{first.column}: {first.message} ({first.excerpt})",
                          "text without control characters")
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
    return CsvTable(path, header, rows, lines, had_bom, ragged, controls)


def _controls(record: list[str], header: list[str], line: int) -> list[Control]:
    found = []
    for i, cell in enumerate(record):
        match = CONTROL.search(cell)
        if match:
            column = header[i].strip() if i < len(header) and not CONTROL.search(header[i]) \
                else f"field {i + 1}"
            found.append(Control(line, column, match.group(), excerpt(cell, match.start()),
                                 len(CONTROL.findall(cell)) - 1))
    return found
