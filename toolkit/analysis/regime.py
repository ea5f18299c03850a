"""The regime in force on a date: each jurisdiction's level on each dimension, and what set it.

Codebook G1 (layers): a jurisdiction's level on a dimension is the highest of
its layers — its own national provisions, the EU layer for NL, the Wassenaar
(``WA``) baseline for participants (``regime.layers`` in ``datapackage.json``).
Within one layer the latest provision in force wins (``date_effective <=
as_of``); on equal dates a provision of a ``suspension`` measure wins (G5).
Before any provision a cell is ``none``. EU and WA provisions are stored once
and reach NL and the participants only here; ``WA`` is never a compared
jurisdiction. Every cell traces back to a measure and its citation: the state
row names the winning layer's provision (``layer`` says which layer) and its
``date_precision`` (``month`` for month-only dates, G7).

Every function takes ``data=``: a data directory path, a loaded ``Dataset``, or
a provisions DataFrame (columns ``measure_id, jurisdiction, dimension, level,
date_effective``; optional ``instrument``, ``date_precision``) such as tests and
benchmarks generate. A frame is layered only when ``frame.attrs["layers"]``
maps jurisdictions to their extra layers (e.g. ``{"NL": ("EU", "WA")}``).
The default is the shipped ``data/``.

>>> regime_matrix("2024-04-26").loc["JP", "advanced_equipment"]  # doctest: +SKIP
'broad'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.core.dates import to_timestamp

if TYPE_CHECKING:
    import pandas as pd

STATE_COLUMNS = ["jurisdiction", "dimension", "level", "measure_id", "date_effective",
                 "legal_citation", "source_id", "measure_title", "note", "layer", "date_precision",
                 "level_since", "level_measure_id", "level_measure_title", "level_citation",
                 "level_source_id", "level_since_precision"]
#: Jurisdictions left out of ally comparisons by default: China is the target of
#: the controls, and its measures are countermeasures, not alignment.
NOT_AN_ALLY = ("CN",)


@dataclass(frozen=True)
class Vocabulary:
    """The regime's jurisdictions, dimensions and ordered levels."""

    jurisdictions: tuple[str, ...]
    dimensions: tuple[str, ...]
    levels: tuple[str, ...]

    def rank(self, level: str) -> int:
        return self.levels.index(level)

    def check(self, jurisdictions=None, dimensions=None, levels=None) -> None:
        for kind, given, known in (("jurisdiction", jurisdictions, self.jurisdictions),
                                   ("dimension", dimensions, self.dimensions),
                                   ("level", levels, self.levels)):
            for item in given or ():
                if item not in known:
                    raise ValueError(f"unknown {kind} {item!r}; expected one of {', '.join(known)}")


@dataclass
class _Prepared:
    #: per compared jurisdiction, the provision in force from ``_at`` on (layers resolved, G1),
    #: in force order: by ``_at``, then suspensions last, then file order
    provisions: pd.DataFrame
    vocab: Vocabulary
    dates: Any = field(default=None)  # numpy datetime64 array of provisions._at
    #: (jurisdiction, dimension) -> (row positions, their dates), both in force order, so the
    #: provision in force on a date is one binary search per cell, not a scan of every row.
    cells: dict = field(default_factory=dict)

    def in_force_rows(self, keys: list[tuple[str, str]], when) -> list[int]:
        """Row position of the provision in force on ``when`` for each cell, -1 when none."""
        stamp = when.to_datetime64()
        out = []
        for key in keys:
            if key not in self.cells:
                out.append(-1)
                continue
            rows, dates = self.cells[key]
            k = dates.searchsorted(stamp, side="right")
            out.append(int(rows[k - 1]) if k else -1)
        return out


_CACHE: dict[Any, _Prepared] = {}


def prepare(data: Any = None) -> _Prepared:
    """Resolve ``data=`` into layered provisions sorted by the date they govern, plus the vocabulary."""
    import pandas as pd

    from toolkit.data.loaders import Dataset, load_dataset, load_provisions
    from toolkit.data.schema import default_schema

    if isinstance(data, pd.DataFrame):
        schema = default_schema()
        frame = data.copy()
        layers = {j: tuple(v) for j, v in (data.attrs.get("layers") or {}).items()}
        key = None
    else:
        ds = data if isinstance(data, Dataset) else load_dataset(data)
        key = (str(ds.path), ds.checksum)
        if key in _CACHE:
            return _CACHE[key]
        schema = ds.schema
        frame = load_provisions(ds.path)
        layers = schema.layers
    vocab = Vocabulary(tuple(schema.jurisdictions), tuple(schema.dimensions), tuple(schema.levels))
    for col in ("legal_citation", "source_id", "measure_title", "note", "layer", "instrument"):
        if col not in frame:
            frame[col] = pd.NA
    if "date_precision" not in frame:
        frame["date_precision"] = "day"
    frame["date_effective"] = pd.to_datetime(frame["date_effective"])
    at = pd.to_datetime(frame["_at"]) if "_at" in frame else frame["date_effective"]
    frame["_at"] = at.fillna(frame["date_effective"])
    frame = frame.dropna(subset=["_at"])
    frame["layer"] = frame["layer"].fillna(frame["jurisdiction"])
    frame["_susp"] = frame["instrument"].eq("suspension").fillna(False).astype(bool)
    frame = frame.sort_values(["_at", "_susp"], kind="stable").reset_index(drop=True)
    frame = _apply_layers(frame, vocab, layers)
    frame = _level_since(frame)
    dates = frame["_at"].to_numpy()
    groups = frame.groupby(["jurisdiction", "dimension"], sort=False).indices
    cells = {key: (rows, dates[rows]) for key, rows in groups.items()}
    prepared = _Prepared(frame, vocab, dates, cells)
    if key is not None:
        _CACHE.clear()
        _CACHE[key] = prepared
    return prepared


def _apply_layers(frame: pd.DataFrame, vocab: Vocabulary, layers: dict) -> pd.DataFrame:
    """G1: per compared jurisdiction and dimension, the provision in force after each change.

    ``frame`` is in force order. A jurisdiction without extra layers keeps its own rows as
    they are (fast path). With layers, the change points of every layer are merged; after
    each date the cell's provision is the highest layer's (ties: the one applied last), and a
    row is emitted when that provision changes. Rows of non-compared layers (``WA``) go.
    """
    import numpy as np

    rank = {lv: i for i, lv in enumerate(vocab.levels)}
    ranks = frame["level"].map(rank).fillna(0).to_numpy(dtype=int)
    at = frame["_at"].to_numpy()
    jur = frame["jurisdiction"].to_numpy()
    groups = frame.groupby(["jurisdiction", "dimension"], sort=False).indices
    dims_of: dict[str, list[str]] = {}
    for j, d in groups:
        dims_of.setdefault(j, []).append(d)
    keep = np.isin(jur, list(vocab.jurisdictions))
    if not any(layers.get(j) for j in vocab.jurisdictions):
        return frame[keep].reset_index(drop=True)
    positions, owners, stamps = [], [], []
    for j in vocab.jurisdictions:
        extra = [layer for layer in layers.get(j, ()) if layer != j]
        dims = dict.fromkeys(dims_of.get(j, []) + [d for layer in extra for d in dims_of.get(layer, [])])
        for d in dims:
            parts = [groups[(layer, d)] for layer in (j, *extra) if (layer, d) in groups]
            if len(parts) == 1 and (j, d) in groups:
                own = parts[0]
                positions.append(own)
                owners.append([j] * len(own))
                stamps.append(at[own])
                continue
            merged = np.sort(np.concatenate(parts))
            current: dict[str, int] = {}
            shown = -1
            for k, pos in enumerate(merged):
                current[jur[pos]] = pos
                if k + 1 < len(merged) and at[merged[k + 1]] == at[pos]:
                    continue  # emit once per date, after all of that date's provisions
                winner = max(current.values(), key=lambda q: (ranks[q], q))
                if winner != shown:
                    positions.append([winner])
                    owners.append([j])
                    stamps.append([at[pos]])
                    shown = winner
    if not positions:
        return frame.iloc[0:0].reset_index(drop=True)
    pos = np.concatenate([np.asarray(p, dtype=int) for p in positions])
    out = frame.iloc[pos].copy()
    out["jurisdiction"] = np.concatenate([np.asarray(o, dtype=object) for o in owners])
    out["_at"] = np.concatenate([np.asarray(s, dtype="datetime64[ns]") for s in stamps])
    out["_seq"] = pos
    out = out.sort_values(["_at", "_seq"], kind="stable").drop(columns="_seq")
    out["jurisdiction"] = out["jurisdiction"].astype(frame["jurisdiction"].dtype)
    return out.reset_index(drop=True)


def _level_since(frame: pd.DataFrame) -> pd.DataFrame:
    """For each governing provision, when its cell reached the level it holds and which measure
    brought it there (a restatement keeps both): "broad since 2022-10-07 (87 FR 62186)", not
    since the latest measure that confirmed it."""
    import pandas as pd
    keys = [frame["jurisdiction"], frame["dimension"]]
    previous = frame.groupby(keys, sort=False)["level"].shift()
    changed = previous.isna() | (previous != frame["level"])
    reached = pd.Series(range(len(frame)), index=frame.index).where(changed)
    reached = reached.groupby(keys, sort=False).ffill() if len(frame) else reached
    pos = reached.fillna(0).astype(int).to_numpy()
    frame = frame.copy()
    frame["level_since"] = frame["_at"].to_numpy()[pos] if len(frame) else frame["_at"]
    for target, source in (("level_measure_id", "measure_id"), ("level_measure_title", "measure_title"),
                           ("level_citation", "legal_citation"), ("level_source_id", "source_id"),
                           ("level_since_precision", "date_precision")):
        frame[target] = frame[source].to_numpy()[pos] if len(frame) else frame[source]
    frame["level_since"] = pd.to_datetime(frame["level_since"])
    return frame


def _select(p: _Prepared, jurisdictions, dimensions):
    jurs = list(jurisdictions) if jurisdictions is not None else list(p.vocab.jurisdictions)
    dims = list(dimensions) if dimensions is not None else list(p.vocab.dimensions)
    p.vocab.check(jurisdictions=jurs, dimensions=dims)
    return jurs, dims


def regime_state(as_of: Any = "latest", jurisdictions: Iterable[str] | None = None,
                 dimensions: Iterable[str] | None = None, *, data: Any = None) -> pd.DataFrame:
    """One row per jurisdiction and dimension: the level in force on ``as_of`` and what set it.

    Cells no measure has touched are ``none`` with empty measure columns.
    """
    import pandas as pd
    p = prepare(data)
    when = to_timestamp(as_of, "as_of")
    jurs, dims = _select(p, jurisdictions, dimensions)
    keys = [(j, d) for j in jurs for d in dims]
    rows = p.in_force_rows(keys, when)
    found = [i for i, r in enumerate(rows) if r >= 0]
    picked = p.provisions[STATE_COLUMNS[2:]].iloc[[rows[i] for i in found]]
    picked.index = found
    state = picked.reindex(range(len(keys)))
    state.insert(0, "dimension", [d for _, d in keys])
    state.insert(0, "jurisdiction", [j for j, _ in keys])
    state["level"] = state["level"].fillna("none")
    state["level"] = pd.Categorical(state["level"], categories=list(p.vocab.levels), ordered=True)
    state.attrs["as_of"] = when.date().isoformat()
    return state[STATE_COLUMNS]


def regime_matrix(as_of: Any = "latest", jurisdictions: Iterable[str] | None = None,
                  dimensions: Iterable[str] | None = None, *, data: Any = None) -> pd.DataFrame:
    """Jurisdictions × dimensions of ordered-categorical levels (lowest ``none``)."""
    import pandas as pd
    state = regime_state(as_of, jurisdictions, dimensions, data=data)
    jurs = list(dict.fromkeys(state["jurisdiction"]))
    dims = list(dict.fromkeys(state["dimension"]))
    levels = state["level"].cat.categories
    matrix = state.pivot(index="jurisdiction", columns="dimension", values="level")
    matrix = matrix.reindex(index=jurs, columns=dims)
    dtype = pd.CategoricalDtype(levels, ordered=True)
    matrix = matrix.astype(dtype)
    matrix.columns.name = None
    matrix.attrs["as_of"] = state.attrs["as_of"]
    return matrix
