"""``toolkit new-notebook``: a new analysis notebook from a template, optionally in a briefing.

The template is a working notebook: a documented ``parameters`` cell, a Recorder that finds
its run folder by itself, an example section (a chart, a table, a Markdown cell tagged
``briefing`` with a ``{{ placeholder }}``). ``reports.toml`` is edited as text, one line or
one table added, so its comments and layout stay as the researcher wrote them; the result is
parsed again before it is written.
"""

from __future__ import annotations

import json
import keyword
import re
import tomllib
from pathlib import Path

from toolkit.build.plan import read_definitions
from toolkit.core.errors import ConfigError
from toolkit.core.files import write_text_atomic

KERNEL = {"display_name": "Python 3 (export-controls toolkit)", "language": "python",
          "name": "export-controls-toolkit"}

PARAMETERS = '''\
# Parameters: `toolkit build -p NAME=VALUE` overrides these; the build checks them before a kernel starts.
# One per line, `name: type = default  # what it means`. The defaults are what Jupyter runs.
as_of: str = "latest"  # date looked at, YYYY-MM-DD, or "latest" for today
jurisdictions: list = []  # jurisdiction codes, e.g. ["US", "JP"]; [] for all
data_dir: str = ""  # another data directory of the same shape; "" for the shipped data'''

SETUP = '''\
import toolkit as tk
from toolkit.present import charts
from toolkit.report import Recorder

jurisdictions = tk.as_list(jurisdictions)  # papermill's command line passes lists as text
data = tk.load_dataset(data_dir or None)
day = tk.to_timestamp(as_of, "as_of").date().isoformat()
# The Recorder finds its run folder: the build's, or reports/_lab/{name} when run in Jupyter.
rec = Recorder(notebook="{name}", title={title!r},
               parameters=dict(as_of=as_of, jurisdictions=jurisdictions))'''

EXAMPLE = '''\
state = tk.regime_state(day, jurisdictions or None, data=data)
rec.section("example", "Example: the regime matrix",
            intro=f"Control levels in force on {day}, from the dated, cited measures in the data.")
rec.chart("example", charts.regime_heatmap(state), caption=f"Export-control regimes in force on {day}")
broad = state[state["level"].astype(str) == "broad"]
rec.table("example", broad, caption=f"Broad controls in force on {day}",
          columns={"jurisdiction": "Jurisdiction", "dimension": "Dimension",
                   "level_measure_title": "Set by", "level_citation": "Citation"},
          citation_column="level_source_id")
rec.value("as_of", day)  # for {{ as_of }} in Markdown cells tagged `briefing`
rec.value("broad_cells", len(broad))'''

NARRATIVE = '''\
The chart shows the level in force in each jurisdiction on each dimension on {{ as_of }}; the
table lists the {{ broad_cells }} cells with broad controls and the measure that set each.

*This paragraph is a Markdown cell tagged `briefing`: the briefing prints it in the section
recorded above, each placeholder filled with the value of `rec.value(name, value)`.*'''

SOURCES = '''\
rec.cite(tk.load_sources(data.path))  # the bibliography: every source cited above'''


def _cell(kind: str, source: str, tags: list[str] | None = None, n: int = 0) -> dict:
    lines = source.split("\n")
    cell: dict = {"cell_type": kind, "id": f"cell-{n}", "metadata": {"tags": tags} if tags else {},
                  "source": [line + "\n" for line in lines[:-1]] + [lines[-1]]}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def notebook_json(name: str, title: str) -> dict:
    """The new notebook's JSON (nbformat 4, no outputs)."""
    cells = [
        _cell("markdown", f"# {title}\n\nWhat this notebook asks, in a sentence or two (replace "
                          "this text; cells without the `briefing` tag stay in the notebook)."),
        _cell("code", PARAMETERS, ["parameters"]),
        _cell("code", SETUP.replace("{name}", name).replace("{title!r}", repr(title))),
        _cell("markdown", "## Example section\n\nReplace this example with your analysis: "
                          "`rec.section`, then `rec.chart`, `rec.table`, `rec.findings`, "
                          "`rec.value` (see docs/editing-a-notebook.md)."),
        _cell("code", EXAMPLE),
        _cell("markdown", NARRATIVE, ["briefing"]),
        _cell("code", SOURCES),
    ]
    for n, cell in enumerate(cells, 1):
        cell["id"] = f"{name[:40]}-{n}"
    return {"cells": cells, "metadata": {"kernelspec": KERNEL, "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def new_notebook(definitions: Path, name: str, title: str | None = None,
                 briefing: str | None = None) -> Path:
    """Create ``notebooks/NAME.ipynb``; with ``briefing``, add it to that briefing (created
    when no briefing of that name or a similar one exists). Returns the notebook's path."""
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ConfigError(f"new-notebook {name!r}: the name must be a Python identifier "
                          "(letters, digits and '_', not starting with a digit), e.g. chip_exports")
    defs = read_definitions(definitions)
    path = defs["notebooks_dir"] / f"{name}.ipynb"
    if path.exists():
        raise ConfigError(f"new-notebook {name!r}: {path} already exists; choose another name")
    title = title or name.replace("_", " ").capitalize()
    text = definitions.read_text(encoding="utf-8")
    edited = _add_to_briefing(text, defs, name, briefing) if briefing else text
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(notebook_json(name, title), indent=1, ensure_ascii=False)
                      + "\n")
    if edited != text:
        write_text_atomic(definitions, edited)
    return path


def _add_to_briefing(text: str, defs: dict, notebook: str, briefing: str) -> str:
    from toolkit.build.parameters import did_you_mean
    from toolkit.build.plan import check_name
    check_name(briefing, "--briefing")
    if briefing in defs["briefings"]:
        edited = _append_notebook(text, briefing, notebook)
    else:
        close = did_you_mean(briefing, list(defs["briefings"]))
        if close:
            raise ConfigError(f"--briefing {briefing!r}: no such briefing{close}; a new "
                              "briefing needs a name unlike the existing ones")
        edited = text.rstrip("\n") + (f'\n\n[briefings.{briefing}]\ntitle = "{briefing}"\n'
                                      f'notebooks = ["{notebook}"]\nformats = ["html", "pdf"]\n')
    try:
        parsed = tomllib.loads(edited)["briefings"][briefing]["notebooks"]
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise ConfigError(f"could not add {notebook!r} to [briefings.{briefing}] ({exc}); "
                          "add it to its notebooks list by hand") from None
    if parsed[-1:] != [notebook]:
        raise ConfigError(f"could not add {notebook!r} to [briefings.{briefing}]; add it to its "
                          "notebooks list by hand")
    return edited


def _append_notebook(text: str, briefing: str, notebook: str) -> str:
    """``notebook`` appended to the ``notebooks = [...]`` list of ``[briefings.BRIEFING]``."""
    header = re.compile(rf"^\[briefings\.(?:{re.escape(briefing)}|\"{re.escape(briefing)}\")\]\s*$",
                        re.M)
    found = header.search(text)
    if not found:
        raise ConfigError(f"[briefings.{briefing}] is not written as a table header in the "
                          f"report definitions; add {notebook!r} to its notebooks by hand")
    following = re.compile(r"^\[", re.M).search(text, found.end())
    end = following.start() if following else len(text)
    table = text[found.end():end]
    listed = re.search(r"^(notebooks\s*=\s*\[)(.*?)(\s*\])", table, re.M | re.S)
    if not listed:
        raise ConfigError(f"[briefings.{briefing}] has no notebooks = [...] line to add "
                          f"{notebook!r} to")
    items = listed.group(2).rstrip()
    separator = ", " if items.strip() and not items.endswith(",") else (" " if items else "")
    table = (table[:listed.end(2)].rstrip() + f'{separator}"{notebook}"'
             + table[listed.end(2):])
    return text[:found.end()] + table + text[end:]
