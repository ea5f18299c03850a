"""Load the curated data package as typed pandas DataFrames.

Every loader validates the whole package first (cached by file size and mtime,
so repeated calls cost nothing) and raises ``DataError`` listing every problem
rather than returning half-typed data. Dates are ``datetime64[ns]`` with ``NaT``
where a date was not verified.

>>> from toolkit import load_measures
>>> load_measures().query("jurisdiction == 'JP'")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.config import data_dir as default_data_dir
from toolkit.data.schema import DESCRIPTOR, PackageSchema

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Dataset:
    """A validated data package: its schema, checksum and one frame per resource."""

    path: Path
    schema: PackageSchema
    checksum: str
    frames: dict

    @property
    def version(self) -> str:
        return self.schema.version

    def frame(self, name: str) -> pd.DataFrame:
        return self.frames[name].copy()


def package_files(path: Path) -> list[Path]:
    """The files whose content defines the data: the descriptor and its resources."""
    from toolkit.data.schema import read_schema
    schema = read_schema(path)
    return [path / DESCRIPTOR] + [path / r.path for r in schema.resources.values()]


def data_checksum(path: str | Path | None = None) -> str:
    """SHA-256 over the package's files (names and bytes), independent of mtimes.

    The version in ``datapackage.json`` says what a human meant to release; the
    checksum says exactly which bytes a briefing was built from.
    """
    path = Path(path or default_data_dir())
    digest = hashlib.sha256()
    for file in package_files(path):
        digest.update(file.name.encode() + b"\0")
        try:
            digest.update(file.read_bytes())
        except FileNotFoundError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def load_dataset(path: str | Path | Dataset | None = None) -> Dataset:
    """Validate and load the data package at ``path`` (default: the shipped ``data/``).

    ``path`` may also be a loaded ``Dataset``, returned as it is, so every loader
    and analysis function accepts either.
    """
    if isinstance(path, Dataset):
        return path
    path = Path(path or default_data_dir()).resolve()
    signature = []
    for file in package_files(path):
        try:
            st = file.stat()
            signature.append((str(file), st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            signature.append((str(file), 0, -1))
    return _load_cached(str(path), tuple(signature))


@lru_cache(maxsize=4)
def _load_cached(path: str, _signature: tuple) -> Dataset:
    import pandas as pd

    from toolkit.data.validation import validate

    report = validate(path)
    report.raise_for_errors()
    frames = {}
    for name, table in report.tables.items():
        res = table.resource
        frame = pd.DataFrame(table.rows, columns=res.field_names)
        for f in res.fields:
            if f.type == "date":
                frame[f.name] = pd.to_datetime(frame[f.name].replace("", None), format="%Y-%m-%d")
            else:
                frame[f.name] = frame[f.name].astype("string").replace("", pd.NA)
        frames[name] = frame
    assert report.schema is not None  # validated without errors: the descriptor was read
    return Dataset(Path(path), report.schema, data_checksum(path), frames)


def _with_source_url(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    urls = sources.set_index("source_id")["url"]
    frame["source_url"] = frame["source_id"].map(urls).astype("string")
    return frame


def load_sources(path: str | Path | None = None) -> pd.DataFrame:
    """Cited sources: ``source_id, publisher, title, citation, url, date_published, ...``."""
    return load_dataset(path).frame("sources")


def load_measures(path: str | Path | None = None) -> pd.DataFrame:
    """Measures with ``source_url`` from their source, ordered by announcement date.

    Columns: ``measure_id, jurisdiction, authority, title, instrument, category,
    date_announced, date_effective, legal_citation, source_id, confidence,
    summary, source_url``.
    """
    ds = load_dataset(path)
    frame = _with_source_url(ds.frame("measures"), ds.frames["sources"])
    return frame.sort_values(["date_announced", "measure_id"], kind="stable",
                             na_position="last").reset_index(drop=True)


def load_events(path: str | Path | None = None) -> pd.DataFrame:
    """Context events: ``event_id, date, actor, jurisdiction, title, description, source_url, ...``."""
    ds = load_dataset(path)
    frame = _with_source_url(ds.frame("events"), ds.frames["sources"])
    return frame.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def load_provisions(path: str | Path | None = None) -> pd.DataFrame:
    """Provisions with the date each takes effect resolved and their measure's citation.

    ``date_effective`` is the provision's own date when given, else its
    measure's. Added columns: ``measure_title, legal_citation, source_id,
    source_url, date_announced, date_precision`` (``day`` or ``month``, G7) and
    ``instrument`` (the measure's; suspensions win ties, G5).
    """
    ds = load_dataset(path)
    prov = ds.frame("provisions")
    measures = ds.frames["measures"].set_index("measure_id")
    own_date = prov["date_effective"].notna()
    prov["date_effective"] = prov["date_effective"].fillna(
        prov["measure_id"].map(measures["date_effective"]))
    # G7: a provision dated by its measure inherits the measure's precision (empty = day)
    precision = prov["measure_id"].map(measures["date_effective_precision"]).fillna("day")
    prov["date_precision"] = precision.where(~own_date, "day").astype("string")
    prov["instrument"] = prov["measure_id"].map(measures["instrument"]).astype("string")
    prov["measure_title"] = prov["measure_id"].map(measures["title"]).astype("string")
    prov["legal_citation"] = prov["measure_id"].map(measures["legal_citation"]).astype("string")
    prov["source_id"] = prov["measure_id"].map(measures["source_id"]).astype("string")
    prov["date_announced"] = prov["measure_id"].map(measures["date_announced"])
    return _with_source_url(prov, ds.frames["sources"])


def load_entities(path: str | Path | None = None) -> pd.DataFrame:
    """Tracked firms: ``entity_id, name, name_zh, country, aliases``."""
    return load_dataset(path).frame("entities")


def load_listings(path: str | Path | None = None) -> pd.DataFrame:
    """Listings joined with the entity's names: who lists whom, since when, under what."""
    ds = load_dataset(path)
    frame = ds.frame("listings")
    names = ds.frames["entities"].set_index("entity_id")
    frame["name"] = frame["entity_id"].map(names["name"]).astype("string")
    frame["name_zh"] = frame["entity_id"].map(names["name_zh"]).astype("string")
    return _with_source_url(frame, ds.frames["sources"])
