"""Citations a reader takes away: every source a briefing cites as BibTeX (``.bib``) and
CSL-JSON (``.csl.json``), and "Cite this briefing" for the briefing itself.

Both files are written from the source records notebooks recorded (``data/sources.csv``):
nothing is typed twice. BibTeX gets one ``@misc`` entry per cited source, keyed by its
``source_id``, with every special character escaped, so ``bibtex``/``biber`` and
``bibtexparser`` read it; CSL-JSON gets one item per source (Zotero, Pandoc, citeproc).
"""

from __future__ import annotations

import json
import re

#: A source's quality (``source_quality``) → its CSL item type.
CSL_TYPES = {"official": "legislation", "press": "article-newspaper", "law_firm": "report",
             "company": "webpage"}
#: Characters BibTeX treats specially, and how a field writes them.
_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
        "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_TEX_RE = re.compile("|".join(re.escape(k) for k in _TEX))
#: A briefing's address is not known when it is built: the reader fills it in.
URL_PLACEHOLDER = "<URL where you read this briefing>"


def tex_escape(text: str) -> str:
    r"""Text as a BibTeX field value: ``R&D 15% {x}`` → ``R\&D 15\% \{x\}``; whitespace folded."""
    return _TEX_RE.sub(lambda m: _TEX[m.group()], " ".join(str(text).split()))


def _url(url: str) -> str:
    """A URL for a BibTeX ``url`` field (read verbatim): only braces and spaces are encoded."""
    return str(url).replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bib_key(source_id: str) -> str:
    """A citation key BibTeX accepts: the source id, other characters as ``-``."""
    return re.sub(r"[^A-Za-z0-9_.:-]", "-", source_id) or "source"


def _date_parts(day: str | None) -> list[int] | None:
    if not day or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(day)):
        return None
    return [int(p) for p in str(day).split("-")]


def bibtex(sources: list[dict]) -> str:
    """One ``@misc`` entry per source, in the order given (the briefing's footnote order)."""
    entries = []
    for s in sources:
        fields = [("author", "{" + tex_escape(s.get("publisher") or "") + "}"),
                  ("title", "{" + tex_escape(s.get("title") or "") + "}"),
                  ("howpublished", tex_escape(s.get("citation") or "")),
                  ("url", _url(s.get("url") or ""))]
        parts = _date_parts(s.get("date_published"))
        if parts:
            fields += [("year", str(parts[0])), ("month", str(parts[1])),
                       ("date", s["date_published"])]
        if s.get("date_accessed"):
            fields.append(("urldate", str(s["date_accessed"])))
        note = {"official": "Official publication", "press": "Press report",
                "law_firm": "Law-firm alert", "company": "Company statement"}.get(
            s.get("source_quality") or "")
        if note:
            fields.append(("note", note))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@misc{{{bib_key(s['source_id'])},\n{body}\n}}\n")
    return "\n".join(entries)


def csl_items(sources: list[dict]) -> list[dict]:
    """One CSL-JSON item per source: ``id``, ``type``, ``title``, ``URL``, ``issued``,
    ``accessed``, ``publisher`` (and ``authority`` for an official publication)."""
    items = []
    for s in sources:
        item: dict = {"id": s["source_id"], "type": CSL_TYPES.get(s.get("source_quality") or "",
                                                                    "document"),
                      "title": s.get("title") or "", "URL": s.get("url") or "",
                      "publisher": s.get("publisher") or ""}
        if s.get("source_quality") == "official":
            item["authority"] = s.get("publisher") or ""
        if s.get("citation"):
            item["number" if s.get("source_quality") == "official" else "note"] = s["citation"]
        for field, key in (("issued", "date_published"), ("accessed", "date_accessed")):
            parts = _date_parts(s.get(key))
            if parts:
                item[field] = {"date-parts": [parts]}
        items.append(item)
    return items


def csl_json(sources: list[dict]) -> str:
    return json.dumps(csl_items(sources), ensure_ascii=False, indent=1) + "\n"


def cite_this(title: str, meta: dict, provenance: dict) -> dict:
    """How to cite the briefing itself: its title, as-of date, data version, build date and a
    placeholder for the address it is published at."""
    built = str(provenance.get("build_time", ""))[:10]
    as_of = meta.get("as_of", "")
    version = provenance.get("data_version", "")
    text = (f"{title}. Export-control briefing" + (f", as of {as_of}" if as_of else "")
            + (f"; data version {version}" if version else "")
            + (f"; built {built}" if built else "") + f". {URL_PLACEHOLDER}")
    return {"title": title, "as_of": as_of, "data_version": version, "built": built,
            "url": URL_PLACEHOLDER, "text": text}
