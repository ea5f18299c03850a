"""The types shared across stages: a finding (analysis wording to report), a notebook run and a
briefing unit (the build's plan, read by publishing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Finding:
    """One sentence of the briefing's key findings, the sources that support it, and the
    structured claims it was generated from (each a dict with a ``kind``: ``state``, ``gap``,
    ``change``, ``lag``, ``count``, ``scenario``, ``listing``), which a test checks against the
    data."""

    text: str
    citations: list[str] = field(default_factory=list)
    hypothetical: bool = False
    claims: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "citations": list(dict.fromkeys(c for c in self.citations if c)),
                "hypothetical": self.hypothetical, "claims": self.claims}


@dataclass
class NotebookRun:
    """One notebook executed with one set of parameters."""

    notebook: str
    path: Path
    parameters: dict[str, Any]
    key: str = ""
    cached: bool = False
    seconds: float = 0.0
    timeout: float = 600.0  # seconds the notebook may run


@dataclass
class Unit:
    """One briefing to produce: its notebooks and outputs."""

    name: str           # e.g. "state-of-play" or "by-jurisdiction/JP"
    definition: str     # the reports.toml entry it comes from
    title: str
    stem: Path          # output path without suffix, relative to the output directory
    formats: list[str]
    runs: list[NotebookRun]
    group: str | None = None
    official_sources_only: bool = False  # cite only the issuing authorities' own publications
    one_off: bool = False  # built under a name of its own (--name, or -p overrides)
    overrides: dict[str, str] = field(default_factory=dict)  # the -p values of this build
    status: str = "pending"
    timings: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
