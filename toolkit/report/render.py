"""Render recorded artifacts into one self-contained HTML file and a print-quality PDF.

The templates receive data (findings, sections, tables, chart specs, sources),
never notebook HTML. In HTML the Vega-Lite specs are drawn in the browser by
the Vega JavaScript, inlined once per file; in the PDF each chart is a vector
SVG drawn by vl-convert, so the PDF needs no JavaScript and no network.
Jinja2 autoescaping is on for everything: text from the data is always text.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from markupsafe import Markup

from toolkit.core.config import user_cache_dir
from toolkit.core.dates import is_missing
from toolkit.core.errors import RenderError
from toolkit.core.files import write_text_atomic
from toolkit.present.labels import MISSING, number
from toolkit.report.citations import cite_this
from toolkit.report.narrative import markdown_html

#: A table with more rows than this moves to an appendix at the end (the section says where).
ANNEX_ROWS = 20
#: The templates ship inside the package (``toolkit.templates``; in a checkout, ``templates/``).
TEMPLATES = "toolkit.templates"

EMBED_SNIPPET = """
const renderCharts = async () => {
  const nodes = document.querySelectorAll("[data-vega-spec]");
  let failed = 0;
  for (const node of nodes) {
    const spec = JSON.parse(document.getElementById(node.dataset.vegaSpec).textContent);
    try {
      await vegaEmbed(node, spec, {actions: false, renderer: "svg"});
      node.dataset.rendered = "true";
    } catch (err) {
      failed += 1;
      node.dataset.rendered = "error";
      node.textContent = "This chart could not be drawn: " + err;
      console.error(err);
    }
  }
  document.documentElement.dataset.chartsRendered = String(nodes.length - failed);
};
renderCharts();
"""


@dataclass
class Briefing:
    """Everything a briefing template needs, assembled from notebooks' artifacts."""

    title: str
    subtitle: str
    meta: dict
    findings: list[dict]
    sections: list[dict]
    sources: list[dict]
    provenance: dict
    footnotes: dict[str, int] = field(default_factory=dict)
    matrix: dict | None = None  # the regime matrix a notebook recorded (``Recorder.matrix``)
    appendices: list[dict] = field(default_factory=list)  # long tables, moved to the end
    name: str = ""              # the output files' name (``<name>.pdf``), for links between them
    formats: list[str] = field(default_factory=list)  # the formats built beside it (links)


#: The PDF prints at most this many rows of a table and footnotes of a key finding; the HTML
#: has them all (and says so on the printed page).
PRINT_ROWS_LIMIT = 40
PRINT_REFS_LIMIT = 8
#: The HTML opens a table with this many rows shown; a button shows the rest.
HTML_ROWS_OPEN = 100


def assemble(title: str, artifacts: list[dict], provenance: dict,
             official_only: bool = False, for_print: bool = False) -> Briefing:
    """Merge notebooks' artifacts in order and number every cited source once.

    Footnote numbers follow the order of first citation in the document:
    key findings first, then the sections, then the appendices (tables longer than
    ``ANNEX_ROWS``, moved to the end). Uncited sources are left out. With
    ``official_only``, only the issuing authorities' own publications are cited
    (``source_quality`` "official"); other citations are dropped, not renumbered.
    With ``for_print``, tables are first cut to what the PDF prints (``print_rows``,
    ``print_columns``), so the bibliography lists only the sources the printed pages cite.
    """
    meta: dict = {}
    findings: list[dict] = []
    sections: list[dict] = []
    sources: dict[str, dict] = {}
    matrix = next((a["matrix"] for a in artifacts if a.get("matrix")), None)
    appendices: list[dict] = []
    for art in artifacts:
        for key, value in art.get("meta", {}).items():
            meta.setdefault(key, value)
        findings.extend(art.get("findings", []))
        for sec in art.get("sections", []):
            blocks = []
            for block in sec["blocks"]:
                shown = _printed(block) if for_print else block
                if block["type"] == "table" and len(block["rows"]) > ANNEX_ROWS:
                    letter = chr(ord("A") + len(appendices))
                    appendices.append({"id": f"appendix-{letter.lower()}", "letter": letter,
                                       "title": block["caption"], "section": sec["title"],
                                       "blocks": [shown]})
                    shown = {"type": "annex", "appendix": appendices[-1]["id"], "letter": letter,
                             "caption": block["caption"], "rows": len(block["rows"])}
                blocks.append(shown)
            sections.append(dict(sec, id=f"{art['notebook']}-{sec['id']}", blocks=blocks))
        sources.update(art.get("sources", {}))
    numbers: dict[str, int] = {}

    def citable(ids) -> list[str]:
        return [sid for sid in dict.fromkeys(ids or []) if sid and sid in sources and not (
            official_only and sources[sid].get("source_quality") != "official")]

    def cite(ids) -> list[dict]:
        refs: list[dict] = []
        for sid in citable(ids):
            numbers.setdefault(sid, len(numbers) + 1)
            refs.append({"id": sid, "n": numbers[sid]})
        return refs

    for f in findings:
        wanted = citable(f.get("citations"))
        limit = PRINT_REFS_LIMIT if for_print else len(wanted)
        f["refs"], f["more_refs"] = cite(wanted[:limit]), len(wanted[limit:])
    for sec in sections + appendices:
        for block in sec["blocks"]:
            block["refs"] = cite(block.get("citations"))
            for item in block.get("items", []):
                item["refs"] = cite(item.get("citations"))
            if block["type"] == "table":
                block["row_refs"] = [cite([c]) for c in block.get("row_citations", [])]
    bibliography = [dict(sources[sid], n=n) for sid, n in sorted(numbers.items(), key=lambda kv: kv[1])]
    scope = meta.get("scope", "")
    subtitle = (f"As of {meta['as_of']}" if meta.get("as_of") else "") + (f" · {scope}" if scope else "")
    return Briefing(title, subtitle, meta, findings, sections, bibliography, provenance, numbers,
                    matrix, appendices)


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FunctionLoader, StrictUndefined, select_autoescape
    env = Environment(loader=FunctionLoader(_template_source),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["spec_json"] = spec_json
    env.filters["svg"] = chart_svg
    env.filters["label"] = lambda s: str(s).replace("_", " ")
    env.filters["cell"] = cell_text
    env.filters["column_widths"] = column_widths
    env.filters["markdown"] = markdown_html  # narrative from Markdown cells, raw HTML escaped
    env.globals["rows_open"] = HTML_ROWS_OPEN
    from toolkit.report.memo import evidence_note
    env.filters["evidence"] = evidence_note
    env.filters["parameter_rows"] = parameter_rows
    from toolkit.present.memo import finding_groups
    env.filters["finding_groups"] = lambda findings, b: finding_groups(
        findings, b.meta.get("reference", "US"), (b.matrix or {}).get("names"))
    env.filters["parameter_block"] = lambda params: {
        "caption": "Parameters of this build", "columns": ["Parameter", "Value", "Notebooks"],
        "rows": [[p["name"], json.dumps(p["value"]), ", ".join(p["notebooks"])]
                 for p in parameter_rows(params)]}
    env.filters["slug"] = lambda text: re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:60]
    return env


def _template_source(name: str) -> tuple[str, None, Any] | None:
    resource = files(TEMPLATES) / name
    if not resource.is_file():
        return None
    return resource.read_text(encoding="utf-8"), None, lambda: True


def template_files() -> dict[str, bytes]:
    """Every template and stylesheet by name (what a rendered briefing's looks depend on)."""
    return {r.name: r.read_bytes() for r in sorted(files(TEMPLATES).iterdir(), key=lambda r: r.name)
            if r.is_file() and r.name.endswith((".j2", ".css"))}


def cell_text(value: Any) -> str:
    """A table cell as text; numbers as the charts print them (``34.0`` → ``34``, ``0.5``)."""
    if is_missing(value):
        return MISSING
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    return str(value)


def column_widths(block: dict, limit: int | None = None, line: float = 100) -> list[float]:
    """Print widths (percent) for a table's columns, from what they hold.

    The PDF lays tables out with fixed widths: cheaper than the automatic
    layout, which measures every cell twice, and better, since long titles get
    the room and codes and dates do not. Widths are in characters (``line`` fit
    across the page at the table's size): every column gets its longest word (up
    to 16 characters; longer ones may break) plus padding, and what is left goes
    to the columns whose text is longer than that, in proportion.
    """
    rows = block["rows"][:limit] if limit else block["rows"]
    columns = [[header, *(cell_text(row[i]) for row in rows if i < len(row))]
               for i, header in enumerate(block["columns"])]
    if block.get("row_refs"):
        refs = block["row_refs"][:limit] if limit else block["row_refs"]
        columns.append(["Source", *(" ".join(f"[{r['n']}]" for r in cited) for cited in refs)])
    pad = 1.5  # cell padding, in characters
    floors, wants = [], []
    for n, texts in enumerate(columns):
        bold = 1.15 if n == 0 else 1.0  # headers are bold, and so is each row's first cell (th)
        longest = max([len(word) * 1.15 for word in texts[0].split()]
                      + [len(word) * bold for text in texts[1:] for word in text.split()] + [1])
        mean = sum(map(len, texts[1:])) / max(len(texts) - 1, 1)
        floors.append(min(longest, 16) + pad)
        wants.append(min(max(mean, longest), 0.6 * line) + pad)
    spare = line - sum(floors)
    extra = sum(w - f for w, f in zip(wants, floors))
    if spare > 0 and extra > spare:
        widths = [f + (w - f) * spare / extra for w, f in zip(wants, floors)]
    else:
        widths = wants if spare > 0 else floors
    total = sum(widths)
    return [round(100 * w / total, 2) for w in widths]


def spec_json(spec: dict) -> Markup:
    """A Vega-Lite spec as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def chart_svg(block: dict) -> str:
    """A chart block as an SVG image (a ``data:`` URI) for the PDF: vector, self-contained.

    Notebooks record the SVG with the spec; older artifacts without it are drawn
    here. An image rather than inline ``<svg>`` markup keeps the chart's hundreds
    of elements out of the HTML document WeasyPrint styles (0.3 s of a PDF, measured).
    """
    svg = block.get("svg")
    if not svg:
        from toolkit.report.svg import draw_svg
        svg = draw_svg(block["spec"])
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def vega_bundle(cache_dir: Path | None = None, refresh: bool = False) -> str:
    """Vega, Vega-Lite and Vega-Embed plus our embed snippet, as one script.

    Bundling takes about a second and depends only on the vl-convert version
    and the snippet, so the result is cached per user (``user_cache_dir()``)
    unless ``cache_dir`` is given. The cached copy is used only when its SHA-256
    matches the one recorded beside it; otherwise (or with ``refresh``) it is
    bundled again.
    """
    import vl_convert as vlc
    version = getattr(vlc, "__version__", "unknown")
    key = hashlib.sha256(f"{version}\0{EMBED_SNIPPET}".encode()).hexdigest()[:16]
    path = (cache_dir or user_cache_dir()) / f"vega-bundle-{key}.js"
    digest_path = path.with_suffix(".js.sha256")
    if not refresh:
        try:
            cached = path.read_bytes()
            if hashlib.sha256(cached).hexdigest() == digest_path.read_text().strip():
                return cached.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    bundle = vlc.javascript_bundle(EMBED_SNIPPET).replace("</script", "<\\/script")
    try:
        write_text_atomic(path, bundle)
        write_text_atomic(digest_path, hashlib.sha256(bundle.encode("utf-8")).hexdigest() + "\n")
    except OSError:  # a read-only home: work without the cache
        pass
    return bundle


def render_html(briefing: Briefing, bundle: str) -> str:
    """The briefing as one self-contained HTML document, "In brief" (the memo) at the top."""
    from toolkit.report.memo import memo_context
    return _environment().get_template("briefing.html.j2").render(
        b=briefing, mode="html", bundle=Markup(f"<script type=\"module\">{bundle}</script>"),
        css=_css(), m=memo_context(briefing, own_numbers=False), csv=csv_data_uri,
        cite=cite_this(briefing.title, briefing.meta, briefing.provenance))


def render_pdf_html(briefing: Briefing) -> str:
    return _environment().get_template("briefing.html.j2").render(
        b=briefing, mode="pdf", bundle="", css=_css(), m=None, csv=csv_data_uri,
        cite=cite_this(briefing.title, briefing.meta, briefing.provenance))


def parameter_rows(parameters: dict[str, dict]) -> list[dict]:
    """The build's parameters, one row per name and value, with the notebooks that took it
    (most notebooks share ``as_of``, ``reference`` …: one row, not three)."""
    rows: dict[str, dict] = {}
    for notebook, values in parameters.items():
        for name, value in values.items():
            key = f"{name}\0{json.dumps(value, sort_keys=True)}"
            rows.setdefault(key, {"name": name, "value": value, "notebooks": []})
            rows[key]["notebooks"].append(notebook.replace("_", " "))
    return list(rows.values())


def csv_data_uri(block: dict) -> str:
    """A table block as a CSV file in a ``data:`` URI, for its download link (works offline):
    the columns shown, plus the source id of each row when the table cites one."""
    import csv
    import io
    from urllib.parse import quote
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    cites = block.get("row_citations") or []
    writer.writerow(list(block["columns"]) + (["Source"] if cites else []))  # its source_id
    for i, row in enumerate(block["rows"]):
        values = ["" if is_missing(v) else ", ".join(map(str, v)) if isinstance(v, list) else v
                  for v in row]
        writer.writerow(values + ([cites[i] or ""] if cites else []))
    return "data:text/csv;charset=utf-8," + quote(out.getvalue(), safe="")


def _printed(block: dict) -> dict:
    """A table block as the PDF prints it: its ``print_rows`` (at most ``PRINT_ROWS_LIMIT``)
    and ``print_columns`` only."""
    if block.get("type") != "table":
        return block
    rows, cites = block["rows"], block.get("row_citations", [])
    limit = min(block.get("print_rows") or PRINT_ROWS_LIMIT, PRINT_ROWS_LIMIT)
    if limit and len(rows) > limit:
        block = dict(block, rows=rows[:limit], row_citations=cites[:limit],
                     more_rows=len(rows) - limit)
    keep = block.get("print_columns")
    if keep:
        block = dict(block, columns=[block["columns"][i] for i in keep],
                     rows=[[row[i] for i in keep] for row in block["rows"]])
    return dict(block, print_rows=None, print_columns=None)


def render_pdf(briefing: Briefing) -> bytes:
    """The PDF (A4, page numbers, running header, vector charts, embedded fonts) as bytes."""
    return print_pdf(render_pdf_html(briefing), briefing.title)


def print_pdf(html: str, title: str, collect: bool = True) -> bytes:
    """HTML printed by WeasyPrint as a tagged PDF (structure tags for screen readers, the
    document's language from ``<html lang>``, images with their alt text).

    WeasyPrint makes millions of short-lived objects, and the collector's passes over them
    cost about a second of a 3 s PDF (docs/benchmarks.md), so the collector is paused while it
    prints; with ``collect`` it runs again afterwards, else the caller (the print worker, once
    its reply is sent) turns it back on.
    """
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint loads pango and friends when imported
        raise RenderError(title, "pdf", f"a system library WeasyPrint needs is missing "
                          f"({exc}); install pango: scripts/system-deps.sh briefing") from None
    collecting = gc.isenabled()
    gc.disable()
    try:
        pdf = HTML(string=html).write_pdf(pdf_tags=True)
    finally:
        if collecting and collect:
            gc.enable()
    assert pdf is not None  # write_pdf() with no target returns the bytes
    return pdf


def render_index(title: str, entries: list[dict], provenance: dict) -> str:
    """An index page linking briefings (a fan-out's members, or every built briefing)."""
    entries = [{"pdf": None, "memo": None, "one_off": False, **e} for e in entries]
    return _environment().get_template("index.html.j2").render(
        title=title, entries=entries, provenance=provenance, css=_css())


def _css() -> Markup:
    return Markup((files(TEMPLATES) / "briefing.css").read_text(encoding="utf-8"))
