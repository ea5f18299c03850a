"""The foundation: light import, CLI, the default briefing end to end."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True,
                          cwd=ROOT, **kw)


def test_import_toolkit_pulls_in_no_heavy_package():
    code = ("import sys, toolkit; heavy = [m for m in ('altair', 'weasyprint', 'papermill', "
            "'nbconvert', 'vl_convert') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_lazy_exports_resolve_to_functions():
    import toolkit
    assert callable(toolkit.timeline) and callable(toolkit.validate)
    assert callable(toolkit.regime_matrix)


def test_help_names_the_subcommands():
    out = run_cli("--help")
    assert out.returncode == 0
    for word in ("build", "validate", "docs"):
        assert word in out.stdout
    build_help = run_cli("build", "--help").stdout
    for flag in ("--format", "--jobs", "--force", "--dry-run", "--output", "-p"):
        assert flag in build_help


def test_no_command_prints_help_and_fails():
    out = run_cli()
    assert out.returncode == 2 and "usage" in out.stdout


def test_validate_shipped_data_passes():
    out = run_cli("validate", "data")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "valid" in out.stderr


def test_build_writes_html_pdf_and_manifest(built):
    out = built["dir"]
    for name in ("state-of-play", "servicing-gap-2024-04-26"):
        assert (out / f"{name}.html").stat().st_size > 100_000
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        manifest = json.loads((out / f"{name}.manifest.json").read_text())
        assert manifest["briefing"] == name
        formats = {"html", "pdf"} | ({"memo.pdf", "docx", "xlsx", "bib", "csl.json"}
                                    if name == "state-of-play" else set())
        assert set(manifest["outputs"]) == formats
        assert len(manifest["data"]["checksum"]) == 64
    assert (out / "index.html").exists()


def test_html_loads_nothing_from_the_network(built):
    html = (built["dir"] / "state-of-play.html").read_text()
    import re
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=\"https?://", html)
    assert html.count("data-vega-spec=") >= 4
    # the Vega bundle is inlined exactly once
    assert html.count('<script type="module">') == 1
