"""Charts drawn for print: a Vega-Lite spec as a vector SVG (vl-convert, no browser), and as
PNG for Word. A build draws them in its print worker (``report.worker``) as each notebook
finishes, while the others still run.
"""

from __future__ import annotations


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
