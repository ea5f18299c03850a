"""Narrative paragraphs: Markdown cells tagged ``briefing`` become prose of the section they sit in.

After a notebook has run, the build reads the executed notebook and places each tagged
Markdown cell in the recorded artifacts (``attach_narrative``). The rule, deterministic:

- a cell joins the section most recently started (``rec.section``) by the code cells above
  it, after everything those cells recorded in that section; a cell above every
  ``rec.section`` call opens the first section. (Under the build, each recording call leaves
  an invisible output numbering what it recorded, so "above" is read from the executed
  notebook itself, whatever the kernel's execution counts);
- ``{{ name }}`` is replaced by the value the notebook recorded with ``rec.value(name, v)``:
  plain substitution from a dict, nothing is evaluated. An unknown name is an error naming
  the notebook, the cell and the placeholder.

The Markdown is rendered by markdown-it-py (CommonMark) with raw HTML off: ``<script>`` and
every other tag stay visible text, never markup; links other than http(s) stay text; images
show their description (a briefing loads nothing from the network).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from toolkit.core.errors import ToolkitError

#: The tag that sends a Markdown cell to the briefing.
TAG = "briefing"
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.S)
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Characters that can start Markdown markup, backslash-escaped in values (CommonMark allows it).
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


class NarrativeError(ToolkitError):
    """A ``briefing`` cell that cannot become a paragraph (an unknown placeholder …)."""

    def __init__(self, cell: int, message: str):
        self.cell = cell
        super().__init__(message)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _numbered(cells: list[dict]) -> list[tuple[int, dict]]:
    """Cells with their 1-based number in the notebook as written (papermill's injected
    parameters cell is not counted)."""
    mine = [c for c in cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    return list(enumerate(mine, 1))


def briefing_cells(cells: list[dict]) -> list[tuple[int, dict]]:
    """(1-based cell number, cell) of the Markdown cells tagged ``briefing``."""
    return [(n, c) for n, c in _numbered(cells) if c.get("cell_type") == "markdown"
            and TAG in c.get("metadata", {}).get("tags", [])]


def attach_narrative(doc: dict, cells: list[dict]) -> dict:
    """``doc`` (a run's artifacts) with each ``briefing`` cell of the executed notebook
    ``cells`` inserted as a ``narrative`` block; raises ``NarrativeError``."""
    tagged = briefing_cells(cells)
    if not tagged:
        return doc
    sections = doc.get("sections", [])
    if not sections:
        raise NarrativeError(tagged[0][0], "a Markdown cell tagged 'briefing' needs a section to "
                             "join, and the notebook recorded none (call rec.section(id, title) "
                             "in a code cell above it)")
    values = doc.get("values", {})
    last = 0  # sequence number of the last thing recorded by the code cells above
    for number, cell in _numbered(cells):
        if cell.get("cell_type") == "code":
            last = max([last, *_recorded(cell)])
        if (number, cell) not in tagged:
            continue
        text = fill(_source(cell), values, number).strip()
        if not text:
            continue
        started = [s for s in sections if s.get("seq", 0) <= last]
        section = started[-1] if started else sections[0]
        at = sum(1 for b in section["blocks"] if b.get("seq", 0) <= last) if started else 0
        section["blocks"].insert(at, {"type": "narrative", "markdown": text,
                                      "text": plain_text(text), "seq": last, "cell": number})
    return doc


def _recorded(cell: dict) -> list[int]:
    """Sequence numbers of what a code cell recorded (the Recorder's marks in its outputs)."""
    from toolkit.report.recorder import RECORDED_MIME
    return [int(o["data"][RECORDED_MIME]["seq"]) for o in cell.get("outputs", [])
            if isinstance(o.get("data"), dict) and RECORDED_MIME in o["data"]]


def fill(markdown: str, values: dict[str, Any], cell: int) -> str:
    """``{{ name }}`` replaced by ``values[name]`` (as text, Markdown-escaped)."""
    def one(match: re.Match) -> str:
        name = match.group(1).strip()
        if not NAME.fullmatch(name):
            raise NarrativeError(cell, f"placeholder {match.group(0)!r} is not a name: write "
                                 "{{ name }} with a value recorded by rec.value(name, value)")
        if name not in values:
            known = ", ".join(sorted(values)) or "none"
            raise NarrativeError(cell, f"unknown placeholder {{{{ {name} }}}}; record it with "
                                 f"rec.value({name!r}, ...) (values recorded: {known})")
        return _PUNCTUATION.sub(r"\\\1", format_value(values[name]).replace("\n", " "))
    return PLACEHOLDER.sub(one, markdown)


def format_value(value: Any) -> str:
    """A recorded value as a sentence shows it: ``1,234``, ``0.5``, ``US, JP``."""
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "—"}[value]
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def _http_only(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://"))


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = _http_only  # type: ignore[method-assign]  # markdown-it's documented hook
    md.add_render_rule("image", lambda self, tokens, idx, options, env:
                       str(escape(tokens[idx].content)))
    return md


def markdown_html(markdown: str) -> Markup:
    """Markdown as safe HTML: raw HTML escaped, only http(s) links, headings below the section's."""
    tokens = _parser().parse(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
    return Markup(_parser().renderer.render(tokens, _parser().options, {}))


def plain_text(markdown: str) -> str:
    """The words of the Markdown, without markup (for formats that print plain paragraphs)."""
    paragraphs, words = [], []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            words.append("".join(child.content if child.type != "softbreak" else " "
                                 for child in token.children or []
                                 if child.type in ("text", "code_inline", "softbreak")))
        elif token.type.endswith("_close") and token.block and words:
            paragraphs.append(" ".join(words))
            words = []
    return "\n\n".join(p for p in paragraphs if p)


def attach_to_run(run_dir: Path, executed: Path) -> None:
    """Attach the executed notebook's ``briefing`` cells to the run's ``artifacts.json``."""
    from toolkit.core.files import write_json_atomic
    from toolkit.report.recorder import ARTIFACTS_FILE
    cells = json.loads(executed.read_text(encoding="utf-8")).get("cells", [])
    if not briefing_cells(cells):
        return
    path = run_dir / ARTIFACTS_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    write_json_atomic(path, attach_narrative(doc, cells))
