"""Stream OpenSanctions exports: ``targets.simple.csv`` and FollowTheMoney JSON lines.

The full exports run to millions of rows, so rows are read one at a time and
filtered by dataset and schema before any DataFrame is built; memory stays
bounded by what is kept. Errors are ``FormatError`` naming the file and line.

>>> from toolkit import load_opensanctions
>>> eul = load_opensanctions("targets.simple.csv",
...                          datasets={"Japan METI End User List"})     # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from toolkit.core.errors import FormatError
from toolkit.sources import common

OPENSANCTIONS_COLUMNS = ["id", "schema", "name", "aliases", "birth_date", "countries", "addresses",
                         "identifiers", "sanctions", "phones", "emails", "program_ids", "dataset",
                         "first_seen", "last_seen", "last_change"]
OPENSANCTIONS_REQUIRED = ["id", "schema", "name", "aliases", "countries", "dataset", "first_seen",
                          "last_seen"]
_OS_LISTS = ("aliases", "birth_date", "countries", "addresses", "identifiers", "sanctions", "phones",
             "emails", "program_ids", "datasets")
# FollowTheMoney properties gathered into the simple-CSV columns.
_FTM_PROPS = {
    "birth_date": ("birthDate",), "addresses": ("address",), "phones": ("phone",),
    "emails": ("email",), "program_ids": ("programId",),
    "countries": ("country", "jurisdiction", "nationality", "citizenship", "mainCountry"),
    "identifiers": ("registrationNumber", "idNumber", "taxNumber", "innCode", "ogrnCode", "leiCode",
                    "swiftBic", "imoNumber", "passportNumber", "vatCode"),
}
_FTM_NAMES = ("name", "alias", "weakAlias", "previousName")


def load_opensanctions(path: str | Path, datasets: Iterable[str] | None = None,
                       schema: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Stream an OpenSanctions export, keeping only the wanted datasets and schemata.

    Reads ``targets.simple.csv`` row by row, or FollowTheMoney JSON lines
    (``entities.ftm.json``) line by line, so memory grows with the rows kept, not
    the file. ``datasets`` is compared (case-insensitively) with what the file
    holds: dataset *names* such as ``jp_meti_eul`` in FtM lines, but dataset
    *titles* in the ``dataset`` column of the simple CSV, so pass titles there.
    ``schema`` keeps only these FtM schemata (e.g. ``"Company"``).

    Columns: ``id``, ``schema`` (category), ``name``, lists ``aliases``, ``birth_date``,
    ``countries``, ``addresses``, ``identifiers``, ``sanctions``, ``phones``, ``emails``,
    ``program_ids``, ``datasets``, and ``first_seen``, ``last_seen``, ``last_change``
    (datetime64). FtM lines also give ``target`` (bool); their ``sanctions`` are
    empty, because sanctions are separate entities in FtM.
    """
    path = Path(path)
    expected = "an OpenSanctions targets.simple.csv or FollowTheMoney JSON lines (one entity per line)"
    head = common.head(path, expected)
    wanted = {d.casefold() for d in datasets} if datasets is not None else None
    schemata = {schema} if isinstance(schema, str) else set(schema) if schema is not None else None
    columns: dict[str, list] = {c: [] for c in ("id", "schema", "name", *_OS_LISTS,
                                                "first_seen", "last_seen", "last_change")}
    if common.is_json(head):
        columns["target"] = []
        variant = "ftm-jsonl"
        _stream_ftm(path, expected, wanted, schemata, columns)
    else:
        variant = "simple-csv"
        _stream_simple(path, wanted, schemata, columns)
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
    frame["schema"] = frame["schema"].astype("category")
    frame["id"] = frame["id"].astype("str")
    frame["name"] = frame["name"].astype("str")
    for col in ("first_seen", "last_seen", "last_change"):
        frame[col] = common.dates(frame[col])
    if "target" in frame:
        frame["target"] = frame["target"].astype(bool)
    frame.attrs.update(variant=variant, source_file=str(path))
    return frame


def _lines(path: Path, expected: str) -> Iterator[tuple[int, str]]:
    """Decoded lines with their numbers; a non-UTF-8 line raises naming its number.

    Decoding is left to the C text reader; only when it fails is the file scanned
    again, line by line, to find the line to name.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            yield from enumerate(fh, start=1)
    except UnicodeDecodeError:
        pass
    else:
        return
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FormatError(
                    str(path), number,
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); the file may have been saved as "
                    "Latin-1 or Windows-1252", expected + ", UTF-8 encoded") from None
    raise FormatError(str(path), None, "not valid UTF-8", expected + ", UTF-8 encoded")


def _multi(cell: str) -> list[str]:
    """Split a simple-CSV multi-value cell: ';'-separated, quoted when a value holds ';'."""
    if not cell:
        return []
    if '"' not in cell:
        return [sys.intern(v) if len(v) < 40 else v for v in cell.split(";") if v]
    return [v for v in next(csv.reader([cell], delimiter=";")) if v]


def _stream_simple(path: Path, wanted: set[str] | None, schemata: set[str] | None,
                   columns: dict[str, list]) -> None:
    expected = "an OpenSanctions targets.simple.csv header: " + ",".join(OPENSANCTIONS_COLUMNS)
    current = [0]  # the physical line the csv reader has reached, for error messages

    def text() -> Iterator[str]:
        for number, line in _lines(path, expected):
            current[0] = number
            yield line

    reader = csv.reader(text(), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        common.check_columns(path, header, OPENSANCTIONS_REQUIRED, expected)
        at = {name: i for i, name in enumerate(header)}
        i_schema, i_dataset, width = at["schema"], at["dataset"], len(header)
        list_at = {c: at.get("dataset" if c == "datasets" else c) for c in _OS_LISTS}
        date_at = {c: at.get(c) for c in ("first_seen", "last_seen", "last_change")}
        for row in reader:
            if len(row) != width:
                if not any(cell.strip() for cell in row):
                    continue
                raise FormatError(str(path), current[0], f"row has {len(row)} fields, the header has {width}",
                                  "the same number of comma-separated fields on every row")
            if schemata is not None and row[i_schema] not in schemata:
                continue
            if wanted is not None:  # cheap test first: most rows of a full export are dropped here
                folded = row[i_dataset].casefold()
                if not any(w in folded for w in wanted):
                    continue
            kept_datasets = _multi(row[i_dataset])
            if wanted is not None and not any(d.casefold() in wanted for d in kept_datasets):
                continue
            columns["id"].append(row[at["id"]])
            columns["schema"].append(sys.intern(row[i_schema]))
            columns["name"].append(row[at["name"]])
            for col, i in list_at.items():
                if col == "datasets":
                    columns[col].append(kept_datasets)
                else:
                    columns[col].append(_multi(row[i]) if i is not None else [])
            for col, i in date_at.items():
                columns[col].append(row[i] or None if i is not None else None)
    except StopIteration:
        raise FormatError(str(path), None, "the file is empty", expected) from None
    except csv.Error as exc:
        raise FormatError(str(path), current[0], f"malformed CSV: {exc}", "fields separated by commas, "
                          "quotes balanced") from None


def _stream_ftm(path: Path, expected: str, wanted: set[str] | None, schemata: set[str] | None,
                columns: dict[str, list]) -> None:
    for number, line in _lines(path, expected):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(str(path), number, f"invalid JSON: {exc.msg} (column {exc.colno})",
                              "one JSON object per line") from None
        if not isinstance(entity, dict) or "id" not in entity or "schema" not in entity:
            raise FormatError(str(path), number, "not a FollowTheMoney entity (no 'id' or 'schema')",
                              expected)
        if schemata is not None and entity["schema"] not in schemata:
            continue
        entity_datasets = [sys.intern(d) for d in entity.get("datasets") or []]
        if wanted is not None and not any(d.casefold() in wanted for d in entity_datasets):
            continue
        props = entity.get("properties") or {}
        names = common.unique(v for p in _FTM_NAMES for v in props.get(p, []))
        caption = entity.get("caption") or (names[0] if names else "")
        columns["id"].append(entity["id"])
        columns["schema"].append(sys.intern(entity["schema"]))
        columns["name"].append(caption)
        columns["aliases"].append([n for n in names if n != caption])
        for col, keys in _FTM_PROPS.items():
            values = common.unique(v for k in keys for v in props.get(k, []))
            columns[col].append([sys.intern(v) for v in values] if col == "countries" else values)
        columns["sanctions"].append([])
        columns["datasets"].append(entity_datasets)
        for col in ("first_seen", "last_seen", "last_change"):
            columns[col].append(entity.get(col))
        columns["target"].append(bool(entity.get("target", False)))
