"""Charts drawn for print: a Vega-Lite spec as a vector SVG (vl-convert, no browser).

``ChartDrawer`` draws in one background thread, so a build can draw each notebook's
charts as soon as that notebook finishes, while the others still run, and have the
print libraries imported by the time it renders the PDF (together 1–2 s of a cold
default build, measured in docs/benchmarks.md).
"""

from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor


def print_spec(spec: dict) -> dict:
    """The spec to draw for print: without ARIA attributes, which a PDF cannot use (the
    HTML keeps them) and which are most of an SVG's bytes (a mark's tooltip text, again)."""
    return {**spec, "config": {**spec.get("config", {}), "aria": False}}


def draw_svg(spec: dict) -> str:
    """A Vega-Lite spec drawn as SVG for print (see ``print_spec``)."""
    import vl_convert as vlc
    return vlc.vegalite_to_svg(print_spec(spec))


def draw_png(svg: str, scale: float = 2.0) -> bytes:
    """An SVG chart as PNG (for Word, which cannot show SVG everywhere)."""
    import vl_convert as vlc
    return bytes(vlc.svg_to_png(svg, scale=scale))


def chart_specs(artifacts: dict) -> list[dict]:
    """The Vega-Lite specs of every chart a notebook recorded."""
    return [b["spec"] for sec in artifacts.get("sections", []) for b in sec.get("blocks", [])
            if b.get("type") == "chart"]


class ChartDrawer:
    """Draws charts as SVG in one background thread; each distinct spec is drawn once."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart-drawer")
        self._drawn: dict[str, Future] = {}
        self._rasterised: dict[str, Future] = {}
        self._pool.submit(_warm)

    def draw(self, spec: dict) -> Future:
        key = json.dumps(spec, sort_keys=True)
        if key not in self._drawn:
            self._drawn[key] = self._pool.submit(draw_svg, spec)
        return self._drawn[key]

    def draw_png(self, spec: dict) -> Future:
        """The chart as PNG, rasterised from its SVG (in the same thread, after the SVG)."""
        key = json.dumps(spec, sort_keys=True)
        if key not in self._rasterised:
            svg = self.draw(spec)  # queued first: done before the PNG's turn in the one thread
            self._rasterised[key] = self._pool.submit(lambda: draw_png(svg.result()))
        return self._rasterised[key]

    def add_svgs(self, artifacts: list[dict], png: bool = False) -> None:
        """Set each chart block's ``svg`` (and with ``png`` its ``png``), waiting for the
        drawings still in progress."""
        for doc in artifacts:
            for sec in doc.get("sections", []):
                for block in sec.get("blocks", []):
                    if block.get("type") == "chart" and not block.get("svg"):
                        block["svg"] = self.draw(block["spec"]).result()
                    if png and block.get("type") == "chart" and not block.get("png"):
                        block["png"] = self.draw_png(block["spec"]).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _warm() -> None:
    """Import what the PDF needs (about 0.6 s) while notebooks still run."""
    import vl_convert  # noqa: F401
    import weasyprint  # noqa: F401
