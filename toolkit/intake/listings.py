"""OpenSanctions intake: a fresh export against the curated listings, as a review queue.

Watched lists are OpenSanctions datasets mapped to a listing jurisdiction (``WATCHED``). A
tracked entity (``entities.csv``, matched on its name or any alias after
``normalize_name``) found on a watched list of a jurisdiction where the data records no
current listing is proposed as ``added``; a current curated listing (no ``date_removed``) of
a jurisdiction whose dataset is in the export but no longer names the entity is proposed as
``removed?`` (removed, or renamed: the official list decides). With ``since``, entities not
tracked yet that a watched list added on or after that date (OpenSanctions ``first_seen``)
and located in China or Hong Kong are proposed as ``untracked``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from toolkit.core.dates import is_missing
from toolkit.intake.queue import LISTING_COLUMNS, refuse_overwriting_decisions, write_queue

#: OpenSanctions dataset -> (listing jurisdiction, names the dataset has in exports: the FtM
#: ``datasets`` name first, then the title the simple CSV's ``dataset`` column gives; the
#: curated ``list_name`` prefixes the dataset covers: the CSL holds BIS's Entity List and
#: Unverified List, not the DoD 1260H list, so a 1260H listing is never proposed for removal).
WATCHED: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "us_trade_csl": ("US", ("us_trade_csl", "US Trade Consolidated Screening List"),
                     ("Entity List", "Unverified List")),
    "jp_meti_eul": ("JP", ("jp_meti_eul", "Japan METI End User List"), ("End User List",)),
    "tw_shtc": ("TW", ("tw_shtc", "Taiwan SHTC Entity List"), ("Entity List",)),
}
TARGET_COUNTRIES = {"cn", "hk"}


def _day(value) -> str:
    return "" if is_missing(value) else value.strftime("%Y-%m-%d")


def listing_rows(export, entities, listings, since: dt.date | None = None) -> list[dict]:
    """Queue rows from an OpenSanctions frame (``load_opensanctions``) and the curated frames."""
    from toolkit.analysis.entities import normalize_name
    jurisdiction_of = {alias.casefold(): jur for jur, names, _ in WATCHED.values() for alias in names}
    covers = {jur: prefixes for jur, _, prefixes in WATCHED.values()}
    names: dict[str, str] = {}
    for ent in entities.to_dict("records"):
        for name in [ent["name"], *_split(ent.get("aliases"))]:
            key = normalize_name(name)
            if key:
                names.setdefault(key, ent["entity_id"])
    title = {e["entity_id"]: e["name"] for e in entities.to_dict("records")}
    current = [r for r in listings.to_dict("records") if is_missing(r["date_removed"])
               and str(r["list_name"]).startswith(covers.get(r["jurisdiction"], ("\0",)))]
    listed = {(r["entity_id"], r["jurisdiction"]) for r in current}
    seen_in: set[tuple[str, str]] = set()
    present: set[str] = set()
    rows: list[dict] = []
    untracked: list[dict] = []
    for rec in export.to_dict("records"):
        jurs = {jurisdiction_of[d.casefold()]: d for d in rec["datasets"] if d.casefold() in jurisdiction_of}
        present.update(jurs)
        entity = next((names[k] for k in (normalize_name(n) for n in [rec["name"], *rec["aliases"]])
                       if k in names), None)
        for jur, dataset in sorted(jurs.items()):
            base = {"jurisdiction": jur, "opensanctions_id": rec["id"], "opensanctions_dataset": dataset,
                    "first_seen": _day(rec["first_seen"]), "last_seen": _day(rec["last_seen"])}
            if entity is not None:
                seen_in.add((entity, jur))
                if (entity, jur) not in listed and (entity, jur) not in {(r["entity_id"], r["jurisdiction"])
                                                                      for r in rows}:
                    rows.append({**base, "status": "candidate", "change": "added", "entity_id": entity,
                                 "name": title[entity],
                                 "reason": f"on {dataset} in the export; the data records no current {jur} "
                                           "listing of this tracked entity"})
            elif since is not None and not is_missing(rec["first_seen"]) \
                    and rec["first_seen"].date() >= since and TARGET_COUNTRIES & set(rec["countries"]):
                untracked.append({**base, "status": "candidate", "change": "untracked", "name": rec["name"],
                                  "reason": f"added to {dataset} on or after {since.isoformat()} (first seen "
                                            f"{_day(rec['first_seen'])}); not a tracked entity"})
    for listing in sorted(current, key=lambda r: (r["jurisdiction"], r["entity_id"], r["list_name"])):
        entity, jur = listing["entity_id"], listing["jurisdiction"]
        if jur in present and (entity, jur) not in seen_in:
            rows.append({"status": "candidate", "change": "removed?", "entity_id": entity,
                         "name": title.get(entity, entity), "jurisdiction": jur,
                         "list_name": listing["list_name"],
                         "curated_date_listed": _day(listing["date_listed"]),
                         "reason": f"listed by {jur} in the data ({listing['list_name']}) but not on the "
                                   "export's list: removed, or renamed? Check the official list"})
    return rows + sorted(untracked, key=lambda r: (r["first_seen"], r["name"]))


def _split(value) -> list[str]:
    return [] if is_missing(value) else [a.strip() for a in str(value).split(";") if a.strip()]


def run_listings_intake(export_path: Path, data_dir: Path, out_dir: Path, day: str,
                        since: dt.date | None = None, datasets: Iterable[str] | None = None) -> Path:
    """Write ``out_dir/opensanctions-<day>.csv`` from an export; return its path."""
    from toolkit.data.loaders import load_dataset
    from toolkit.sources.opensanctions import load_opensanctions
    wanted = (list(datasets) if datasets is not None
              else [n for _, names, _ in WATCHED.values() for n in names])
    path = out_dir / f"opensanctions-{day}.csv"
    refuse_overwriting_decisions(path)
    export = load_opensanctions(export_path, datasets=wanted)
    ds = load_dataset(data_dir)
    rows = listing_rows(export, ds.frame("entities"), ds.frame("listings"), since)
    write_queue(path, LISTING_COLUMNS, rows)
    return path
