"""What a notebook records for the briefing: sections of text, findings, tables and charts.

Notebooks never hand HTML to the templates. They record structured artifacts
through a ``Recorder``; the build renders them. The recorder writes
``artifacts.json`` in its run folder after every call, so a notebook needs no
final "save" and a failed notebook leaves what it had recorded for inspection.

Where it writes: the run folder the build gives the notebook (the ``artifacts_dir``
parameter it injects, or ``$TOOLKIT_RUN_DIR``), else, in Jupyter, ``reports/_lab/<notebook>``.
So a notebook just says ``rec = Recorder(notebook="demo")``.

>>> rec = Recorder(notebook="regime_comparison")                                    # doctest: +SKIP
>>> rec.section("matrix", "Regime matrix")                                          # doctest: +SKIP
>>> rec.chart("matrix", charts.regime_heatmap(state), caption="…")                 # doctest: +SKIP
>>> rec.value("gaps", len(gap_frame))  # for {{ gaps }} in a Markdown cell tagged briefing
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.core.config import reports_dir
from toolkit.core.dates import is_missing
from toolkit.core.errors import ConfigError
from toolkit.core.files import write_json_atomic
from toolkit.core.model import Finding

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ARTIFACTS_FILE", "Finding", "Recorder", "read_artifacts"]

ARTIFACTS_FILE = "artifacts.json"
#: The output a recording call leaves in its cell under the build (see ``Recorder._mark``).
RECORDED_MIME = "application/vnd.export-controls-toolkit.recorded+json"
SCHEMA_VERSION = 1


def default_run_dir(notebook: str) -> Path:
    """Where a notebook run interactively (not by the build) records its artifacts."""
    return reports_dir() / "_lab" / notebook


def _jsonable(value: Any) -> Any:
    """Cell values as JSON: dates as ISO strings, missing as None, numpy scalars unwrapped."""
    if is_missing(value):
        return None
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return _jsonable(value.item())
    return str(value)


def build_run_dir() -> Path | None:
    """The run folder the build gave this kernel: ``$TOOLKIT_RUN_DIR``, or the ``artifacts_dir``
    parameter papermill injected into the notebook's namespace; None when run by hand."""
    given = os.environ.get("TOOLKIT_RUN_DIR") or _user_namespace().get("artifacts_dir")
    return Path(given) if isinstance(given, (str, Path)) and str(given) else None


class Recorder:
    """Collects a notebook's results and writes them to ``<run_dir>/artifacts.json``."""

    def __init__(self, run_dir: str | Path | None = None, notebook: str = "",
                 parameters: dict | None = None, title: str | None = None,
                 show: bool | None = None):
        """``run_dir``: leave it out; the build's run folder is found (``build_run_dir``), and
        a notebook run by hand in Jupyter records into ``reports/_lab/<notebook>``.

        ``show``: also display each result in the notebook (the chart, the table, the
        finding sentences), so a researcher sees in Jupyter what the briefing will show. By
        default on when run by hand in IPython, off under the build."""
        if not notebook or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", notebook):
            raise ConfigError(f"Recorder(notebook={notebook!r}): give the notebook's name, e.g. "
                              'Recorder(notebook="demo") in notebooks/demo.ipynb')
        found = Path(run_dir) if run_dir else build_run_dir()
        self.show = (found is None and _in_ipython()) if show is None else show
        self.run_dir = found or default_run_dir(notebook)
        self.doc: dict = {"schema_version": SCHEMA_VERSION, "notebook": notebook,
                          "title": title or notebook.replace("_", " ").capitalize(),
                          "parameters": {k: _jsonable(v) if not isinstance(v, (list, dict))
                                         else v for k, v in (parameters or {}).items()},
                          "meta": {}, "findings": [], "sections": [], "sources": {},
                          "values": {}}
        self._seq = 0
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._write()

    @property
    def path(self) -> Path:
        return self.run_dir / ARTIFACTS_FILE

    def _write(self) -> None:
        # after every recording call, so the file is never behind the notebook: compact JSON,
        # which json's C encoder writes (1.3 ms against 4.3 ms indented for a 290 KB file)
        write_json_atomic(self.path, self.doc, indent=None)

    def _section(self, section_id: str) -> dict:
        for sec in self.doc["sections"]:
            if sec["id"] == section_id:
                return sec
        raise KeyError(f"no section {section_id!r}; call section({section_id!r}, title) first")

    def _add(self, section_id: str, block: dict) -> None:
        """Append a block, numbered and marked in its cell's outputs (``_mark``)."""
        section = self._section(section_id)
        section["blocks"].append(dict(block, seq=self._mark()))

    def _mark(self) -> int:
        """The next sequence number; under the build, also left as an invisible output of the
        cell recording it, so the build knows which cell recorded what and places each Markdown
        cell tagged ``briefing`` after what the cells above it recorded (``report.narrative``)."""
        self._seq += 1
        if not self.show and _in_ipython():
            from IPython.display import display
            display({RECORDED_MIME: {"seq": self._seq}}, raw=True)
        return self._seq

    def value(self, name: str, value: Any) -> None:
        """A value for ``{{ name }}`` in the notebook's Markdown cells tagged ``briefing``."""
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"rec.value({name!r}, ...): the name must be a Python identifier, "
                             "as {{ name }} writes it")
        self.doc.setdefault("values", {})[name] = (
            [_jsonable(v) for v in value] if isinstance(value, (list, tuple)) else _jsonable(value))
        self._write()

    def meta(self, **values: Any) -> None:
        """Facts about the run the templates show (as-of date, scope, data version…)."""
        self.doc["meta"].update({k: _jsonable(v) if not isinstance(v, (list, dict)) else v
                                 for k, v in values.items()})
        self._write()

    def section(self, section_id: str, title: str, intro: str = "",
                hypothetical: bool = False) -> None:
        """Start a section; ``intro`` is plain text (never markup)."""
        self.doc["sections"].append({"id": section_id, "title": title, "intro": intro,
                                     "hypothetical": hypothetical, "blocks": [],
                                     "seq": self._mark()})
        self._write()
        self._markdown(f"### {'Hypothetical: ' if hypothetical else ''}{title}\n\n{intro}")

    def text(self, section_id: str, text: str, citations: Iterable[str] = ()) -> None:
        self._add(section_id, {"type": "text", "text": text,
                               "citations": list(dict.fromkeys(c for c in citations if c))})
        self._write()
        self._markdown(text)

    def findings(self, findings: Iterable[Finding], section_id: str | None = None) -> None:
        """Key findings: at the top of the briefing, or in a section when given."""
        items = [f.to_dict() for f in findings]
        if section_id is None:
            self.doc["findings"].extend(items)
        else:
            self._add(section_id, {"type": "findings", "items": items})
        self._write()
        self._markdown("\n".join(f"- {'**Hypothetical:** ' if f['hypothetical'] else ''}{f['text']}"
                                  for f in items))

    def table(self, section_id: str, frame: pd.DataFrame, caption: str,
              columns: dict[str, str] | None = None, citation_column: str | None = "source_id",
              print_rows: int | None = None, print_columns: list[str] | None = None) -> None:
        """A table: ``columns`` maps frame columns to header labels, in order.

        When the frame has ``citation_column``, each row's source is cited.
        ``print_rows`` caps the rows the PDF prints (the HTML keeps them all), for
        long reference tables a printed briefing should not spend pages on;
        ``print_columns`` (frame column names) are the columns the PDF prints, so a
        wide table stays legible on A4 (the HTML keeps every column).
        """
        columns = columns or {c: c.replace("_", " ").capitalize() for c in frame.columns}
        rows = [[_jsonable(v) for v in rec] for rec in frame[list(columns)].itertuples(index=False)]
        cites = ([_jsonable(v) for v in frame[citation_column]]
                 if citation_column and citation_column in frame else [])
        self._add(section_id, {
            "type": "table", "caption": caption,
            "columns": list(columns.values()), "rows": rows, "row_citations": cites,
            "print_rows": print_rows,
            "print_columns": [list(columns).index(c) for c in print_columns] if print_columns else None})
        self._write()
        if self.show:
            from IPython.display import display
            self._markdown(f"**{caption}**")
            display(frame[list(columns)].rename(columns=columns))

    def chart(self, section_id: str, chart: Any, caption: str, alt: str | None = None) -> None:
        """An Altair chart, stored as its Vega-Lite spec; ``alt`` defaults to its description."""
        spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
        n = sum(1 for s in self.doc["sections"] for b in s["blocks"] if b["type"] == "chart")
        self._add(section_id, {
            "type": "chart", "id": f"{self.doc['notebook']}-chart-{n + 1}", "caption": caption,
            "alt": alt or spec.get("description", caption), "spec": spec})
        self._write()
        if self.show:
            # A Vega-Lite MIME bundle: JupyterLab draws it itself, nothing loads from a CDN.
            # (Altair's own key for Vega-Lite 6, "…v6.json", is not valid in nbformat.)
            from IPython.display import display
            display({"application/vnd.vegalite.v5+json": spec,
                     "text/plain": f"<chart: {caption}>"}, raw=True)

    def matrix(self, state: pd.DataFrame, measures: pd.DataFrame | None = None,
               names: dict[str, str] | None = None) -> None:
        """The regime matrix on the as-of date (``analysis.regime.regime_state``), cell by cell:
        level, since when, the measure and source that set it and, from ``measures``, that
        measure's ``confidence``; ``names``: the jurisdictions' names (the schema's). The memo
        prints it as a table; the exports carry it."""
        confidence = (dict(zip(measures["measure_id"], measures["confidence"]))
                      if measures is not None else {})
        cells = [{"jurisdiction": r.jurisdiction, "dimension": r.dimension, "level": str(r.level),
                  "since": _jsonable(r.level_since), "measure_id": _jsonable(r.level_measure_id),
                  "source_id": _jsonable(r.level_source_id),
                  "confidence": _jsonable(confidence.get(r.level_measure_id))}
                 for r in state.itertuples(index=False)]
        self.doc["matrix"] = {"as_of": state.attrs.get("as_of"),
                              "jurisdictions": list(dict.fromkeys(state["jurisdiction"])),
                              "dimensions": list(dict.fromkeys(state["dimension"])),
                              "names": dict(names or {}),
                              "levels": [str(c) for c in getattr(state["level"].dtype, "categories",
                                                                 ["none", "limited", "broad"])],
                              "cells": cells}
        self._write()

    def _markdown(self, text: str) -> None:
        if self.show and text.strip():
            from IPython.display import Markdown, display
            display(Markdown(text))

    def cite(self, sources: pd.DataFrame, source_ids: Iterable[str] | None = None) -> None:
        """Record full source records (for the bibliography) of the ids this notebook cites.

        With ``source_ids`` omitted, every id cited so far in findings, text and tables.
        """
        wanted = set(source_ids) if source_ids is not None else self.cited_ids()
        rows = sources[sources["source_id"].isin(wanted)]
        for rec in rows.to_dict("records"):
            self.doc["sources"][rec["source_id"]] = {k: _jsonable(v) for k, v in rec.items()}
        self._write()

    def cited_ids(self) -> set[str]:
        ids = {c for f in self.doc["findings"] for c in f["citations"]}
        for sec in self.doc["sections"]:
            for block in sec["blocks"]:
                ids.update(block.get("citations", []))
                ids.update(c for c in block.get("row_citations", []) if c)
                for item in block.get("items", []):
                    ids.update(item["citations"])
        return ids


def _ipython() -> Any:
    """The running IPython shell (a notebook's kernel), or None; never imports IPython."""
    import sys
    ipython = sys.modules.get("IPython")
    return getattr(ipython, "get_ipython", lambda: None)() if ipython else None


def _in_ipython() -> bool:
    return _ipython() is not None


def _user_namespace() -> dict:
    shell = _ipython()
    return getattr(shell, "user_ns", None) or {}


def read_artifacts(run_dir: str | Path) -> dict:
    """Load a run folder's ``artifacts.json``."""
    path = Path(run_dir) / ARTIFACTS_FILE
    return json.loads(path.read_text(encoding="utf-8"))
