"""The regime in force on a date: each jurisdiction's level on each dimension, and what set it.

The state of a jurisdiction on a dimension is set by the latest provision in
force (``date_effective <= as_of``); before any provision it is ``none``.
Nobody types a matrix: every cell traces back to a measure and its citation.

Every function takes ``data=``: a data directory path, a loaded ``Dataset``, or
a provisions DataFrame (columns ``measure_id, jurisdiction, dimension, level,
date_effective``) such as tests and benchmarks generate. The default is the
shipped ``data/``.

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
                 "legal_citation", "source_id", "measure_title", "note"]
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
    provisions: pd.DataFrame  # in force order: by date, then file order
    vocab: Vocabulary
    dates: Any = field(default=None)  # numpy datetime64 array of provisions.date_effective
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
    """Resolve ``data=`` into provisions sorted by effective date, plus the vocabulary."""
    import pandas as pd

    from toolkit.data.loaders import Dataset, load_dataset, load_provisions
    from toolkit.data.schema import default_schema

    if isinstance(data, pd.DataFrame):
        schema = default_schema()
        frame = data.copy()
        key = None
    else:
        ds = data if isinstance(data, Dataset) else load_dataset(data)
        key = (str(ds.path), ds.checksum)
        if key in _CACHE:
            return _CACHE[key]
        schema = ds.schema
        frame = load_provisions(ds.path)
    vocab = Vocabulary(tuple(schema.jurisdictions), tuple(schema.dimensions), tuple(schema.levels))
    for col in ("legal_citation", "source_id", "measure_title", "note"):
        if col not in frame:
            frame[col] = pd.NA
    frame["date_effective"] = pd.to_datetime(frame["date_effective"])
    frame = frame.dropna(subset=["date_effective"])
    frame = frame.sort_values("date_effective", kind="stable").reset_index(drop=True)
    dates = frame["date_effective"].to_numpy()
    groups = frame.groupby(["jurisdiction", "dimension"], sort=False).indices
    cells = {key: (rows, dates[rows]) for key, rows in groups.items()}
    prepared = _Prepared(frame, vocab, dates, cells)
    if key is not None:
        _CACHE.clear()
        _CACHE[key] = prepared
    return prepared


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
