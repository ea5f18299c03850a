"""Normalise entity names and match them across lists (CSL, OpenSanctions, national lists).

Matching is deliberately conservative: a false match says one government listed
a company it did not list, which is worse for a briefing than a missed match.
So names are compared after removing only what never distinguishes two legal
persons (case, width, accents, punctuation, legal-form suffixes), and a fuzzy
match must also agree on every number and place name in the two names.

Decisions worth knowing:

- Legal forms are removed ("Co., Ltd.", "Limited", "Inc.", "Corporation", "LLC",
  "JSC", 有限公司, 股份有限公司, 有限责任公司, 公司 …) and so is the CSL phrase "and any
  successor, sub-unit, or subsidiary thereof".
- "Group" and 集团 are kept: a group and an operating company of the same name are
  different legal persons, and lists name them separately (CETC vs its institutes).
- Place qualifiers are kept: "SMIC (Beijing)" and "SMIC (Tianjin)" are distinct
  listed subsidiaries. Only the two Chinese ways of writing the registered place
  are made equal: 中芯国际集成电路制造(上海)有限公司 and 上海中芯国际集成电路制造有限公司
  both become 上海中芯国际集成电路制造 (a bracketed place moves to the front, "市" after a
  leading place is dropped).
- Parenthesised acronyms such as "(AASPT)" are dropped: lists add or omit them.

>>> normalize_name("HUAWEI TECHNOLOGIES CO., LTD.")
'huawei technologies'
>>> normalize_name("华为技术有限公司")
'华为技术'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from toolkit.core.dates import is_missing

_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(sorted((tuple(s.split()) for s in (
    "co ltd", "co limited", "company limited", "limited", "ltd", "inc", "incorporated", "corporation",
    "corp", "company", "co", "llc", "l l c", "plc", "limited liability company",
    "limited liability partnership",
    "joint stock company", "public joint stock company", "private limited", "pte", "pvt", "gmbh", "jsc",
    "ojsc", "pjsc", "cjsc", "oao", "ooo", "zao", "pao", "llp", "bv", "nv", "srl", "spa", "sarl", "bhd",
    "sdn bhd", "sa", "ag", "kk", "kabushiki kaisha",
    "and any successor sub unit or subsidiary thereof", "any successor sub unit or subsidiary thereof",
)), key=len, reverse=True))
_PREFIXES = {"ooo", "oao", "zao", "pao", "pjsc", "ojsc", "jsc", "cjsc"}
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ZH_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司|公司)$")
_ZH_PLACE_IN_BRACKETS = re.compile(rf"^(.+?)\(\s*((?!集团|控股)[{_CJK}]{{2,4}}?)[市省]?\s*\)(.*)$")
_ZH_CITY_PREFIX = re.compile(rf"^([{_CJK}]{{2,3}})市(?=[{_CJK}])")
_ACRONYM = re.compile(r"\(\s*(?=[^)]*[A-Z][^)]*[A-Z])[A-Z0-9&\-]{2,12}\s*\)")
_DROP = re.compile(r"['’`.]")
_NON_WORD = re.compile(r"[\W_]+")
# Places that qualify subsidiaries in semiconductor-relevant lists; a fuzzy match must agree on them.
_PLACES = frozenset("""beijing shanghai shenzhen tianjin wuhan chengdu xian xi an hefei nanjing hangzhou
suzhou guangzhou dongguan hong kong macau macao shaoxing ningbo xiamen qingdao dalian shenyang harbin changsha
zhuhai wuxi chongqing jinan zhengzhou kunming fuzhou taiyuan changchun shijiazhuang mianyang guiyang
nanchang lanzhou urumqi huizhou foshan jiangsu zhejiang guangdong sichuan shaanxi hubei hunan anhui
fujian shandong hebei henan liaoning jilin heilongjiang yunnan guizhou taiwan taipei hsinchu singapore
moscow tehran pyongyang""".split())
_ZH_PLACES = tuple("""北京 上海 深圳 天津 武汉 成都 西安 合肥 南京 杭州 苏州 广州 东莞 香港
澳门 绍兴 宁波 厦门 青岛 大连 沈阳 哈尔滨 长沙 珠海 无锡 重庆 济南 郑州 绵阳 贵阳
江苏 浙江 广东 四川 陕西 湖北""".split())


def _fold(text: str) -> str:
    """Compatibility forms (full width), accents and case folded away."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").casefold()
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFKC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


def _strip_legal_forms(tokens: list[str]) -> list[str]:
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for suffix in _SUFFIXES:
            if len(suffix) < len(tokens) and tuple(tokens[-len(suffix):]) == suffix:
                tokens, changed = tokens[:-len(suffix)], True
                break
        if len(tokens) > 1 and tokens[0] in _PREFIXES:
            tokens, changed = tokens[1:], True
        last = _ZH_SUFFIX.sub("", tokens[-1])
        if last != tokens[-1]:
            tokens, changed = (tokens[:-1] + [last]) if last else tokens[:-1], True
    if len(tokens) == 1:
        single = _ZH_SUFFIX.sub("", tokens[0])
        tokens = [single or tokens[0]]
    return tokens


def _normalize_once(text: str) -> str:
    text = _ACRONYM.sub(" ", unicodedata.normalize("NFKC", text))
    text = _fold(text).replace("&", " and ")
    match = _ZH_PLACE_IN_BRACKETS.match(text)
    if match:  # 中芯国际(上海)有限公司 -> 上海中芯国际有限公司
        text = match.group(2) + match.group(1) + match.group(3)
    text = _NON_WORD.sub(" ", _DROP.sub("", text))
    tokens = _strip_legal_forms(text.split())
    if tokens:
        tokens[0] = _ZH_CITY_PREFIX.sub(r"\1", tokens[0])
    return " ".join(tokens)


def normalize_name(name: Any) -> str:
    """A name reduced to what distinguishes one legal person from another ("" for missing).

    Folds full-width forms, accents and case; drops punctuation, parenthesised
    acronyms and legal-form suffixes in English, Russian transliteration and
    Chinese; keeps "group"/集团 and place qualifiers (see the module docstring).

    >>> normalize_name("Ｈｕａｗｅｉ　Ｔｅｃｈｎｏｌｏｇｉｅｓ　Ｃｏ．，Ｌｔｄ．")
    'huawei technologies'
    """
    if name is None or (isinstance(name, float) and name != name):
        return ""
    text = str(name)
    for _ in range(4):  # reaches its fixed point in one step for ordinary names
        again = _normalize_once(text)
        if again == text:
            break
        text = again
    return text


def _aliases(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        return [v for v in value.split("; ") if v.strip()]
    return [str(v) for v in value if v is not None and str(v).strip()]


class _Side:
    """One frame's names: the normalised primary name and all variants of every row."""

    def __init__(self, frame: pd.DataFrame, on: str, aliases: str | None, cache: dict[str, str]):
        if on not in frame.columns:
            raise KeyError(f"column {on!r} not found; columns are {', '.join(map(str, frame.columns))}")

        def norm(text: Any) -> str:
            key = "" if text is None or (isinstance(text, float) and text != text) else str(text)
            if key not in cache:
                cache[key] = normalize_name(key)
            return cache[key]

        self.labels = list(frame.index)
        self.names = ["" if n is None or (isinstance(n, float) and n != n) else str(n) for n in frame[on]]
        self.primary = [norm(n) for n in self.names]
        alias_cells = frame[aliases] if aliases and aliases in frame.columns else [None] * len(frame)
        self.variants = [list(dict.fromkeys(v for v in [p] + [norm(a) for a in _aliases(cell)] if v))
                         for p, cell in zip(self.primary, alias_cells)]


def _index(values: Iterable[tuple[int, str]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for row, text in values:
        if text:
            out.setdefault(text, []).append(row)
    return out


def _compatible(a: str, b: str) -> bool:
    """Whether two fuzzily similar normalised names agree on numbers, places and words."""
    ta, tb = a.split(), b.split()
    if {t for t in ta if any(c.isdigit() for c in t)} != {t for t in tb if any(c.isdigit() for c in t)}:
        return False
    if _PLACES.intersection(ta) != _PLACES.intersection(tb):
        return False
    if [p for p in _ZH_PLACES if p in a] != [p for p in _ZH_PLACES if p in b]:
        return False
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return all(any(fuzz.ratio(s, t) >= 80 for t in long) for s in short)


def match_entities(left: pd.DataFrame, right: pd.DataFrame, threshold: float = 90, left_on: str = "name",
                   right_on: str = "name", aliases: str | None = "aliases") -> pd.DataFrame:
    """Pairs of rows of ``left`` and ``right`` that name the same entity.

    Normalised names are compared exactly first (``method`` "exact", score 100),
    then every name and alias of a row against every name and alias of the other
    side ("alias", score 100), then -- for left rows still unmatched -- fuzzily
    ("fuzzy"): the token-sorted Indel ratio (rapidfuzz's ``token_sort_ratio``) must
    reach ``threshold`` and the names must agree on numbers, place names and
    every word of the shorter name (each within a ratio of 80).

    ``aliases`` names a column (present in either frame or both) holding a list
    of other names, or a "; "-separated string; it is ignored where missing.

    Returns columns ``left_index``, ``right_index`` (index labels), ``left_name``,
    ``right_name``, ``score``, ``method``; one row per matched pair, best method first.

    >>> match_entities(csl, eul, threshold=92)   # doctest: +SKIP
    """
    cache: dict[str, str] = {}
    lhs = _Side(left, left_on, aliases, cache)
    rhs = _Side(right, right_on, aliases, cache)
    exact = _index(enumerate(rhs.primary))
    any_name = _index((row, v) for row, variants in enumerate(rhs.variants) for v in variants)
    pairs: dict[tuple[int, int], tuple[float, str]] = {}
    unmatched: list[int] = []
    for i, (primary, variants) in enumerate(zip(lhs.primary, lhs.variants)):
        same = set(exact.get(primary, ())) if primary else set()
        pairs.update(((i, j), (100.0, "exact")) for j in same)
        hits = {j for v in variants for j in any_name.get(v, ())} - same
        pairs.update(((i, j), (100.0, "alias")) for j in hits)
        if variants and not same and not hits:
            unmatched.append(i)
    _fuzzy(lhs, rhs, unmatched, any_name, threshold, pairs)
    order = {"exact": 0, "alias": 1, "fuzzy": 2}
    rows = sorted(pairs.items(), key=lambda kv: (kv[0][0], order[kv[1][1]], -kv[1][0], kv[0][1]))
    return pd.DataFrame({
        "left_index": [lhs.labels[i] for (i, _), _ in rows],
        "right_index": [rhs.labels[j] for (_, j), _ in rows],
        "left_name": pd.Series([lhs.names[i] for (i, _), _ in rows], dtype="str"),
        "right_name": pd.Series([rhs.names[j] for (_, j), _ in rows], dtype="str"),
        "score": pd.Series([score for _, (score, _) in rows], dtype=float),
        "method": pd.Series([method for _, (_, method) in rows], dtype="str"),
    })


def _fuzzy(lhs: _Side, rhs: _Side, unmatched: list[int], any_name: dict[str, list[int]], threshold: float,
           pairs: dict[tuple[int, int], tuple[float, str]], chunk: int = 4096) -> None:
    left_index = _index((i, v) for i in unmatched for v in lhs.variants[i])
    if not left_index or not any_name:
        return
    queries, choices = list(left_index), list(any_name)
    sort = {text: " ".join(sorted(text.split())) for text in queries + choices}
    sorted_choices = [sort[c] for c in choices]
    for start in range(0, len(queries), chunk):
        block = queries[start:start + chunk]
        scores = process.cdist([sort[q] for q in block], sorted_choices, scorer=fuzz.ratio,
                               score_cutoff=threshold, dtype=np.uint8, workers=-1)
        for qi, ci in zip(*np.nonzero(scores)):
            query, choice = block[qi], choices[ci]
            if not _compatible(query, choice):
                continue
            score = fuzz.ratio(sort[query], sort[choice])
            for i in left_index[query]:
                for j in any_name[choice]:
                    if score > pairs.get((i, j), (-1.0, ""))[0]:
                        pairs[(i, j)] = (score, "fuzzy")


def compare_lists(lists: Mapping[str, pd.DataFrame], threshold: float = 90, on: str = "name",
                  aliases: str | None = "aliases") -> pd.DataFrame:
    """Which jurisdictions list each entity, and since when.

    ``lists`` maps a jurisdiction (e.g. "US", "JP") to a frame with a ``name``
    column, optionally ``aliases`` and a listing date in ``date_listed`` (or
    ``start_date``, as the CSL has). Every pair of lists is matched with
    ``match_entities``; matched rows, and rows of one list with the same
    normalised name, are joined into one entity (transitively).

    Returns one row per entity: ``entity`` (the name as the first list that has
    it spells it), ``names`` (every spelling), one boolean column per
    jurisdiction, ``<jurisdiction>_since`` (earliest listing date there, NaT when
    unknown), ``listed_by`` (jurisdictions, in the order given) and ``n_lists``;
    sorted by ``n_lists`` (descending) and ``entity``.
    """
    keys = list(lists)
    offsets: dict[str, int] = {}
    names: list[str] = []
    dates: list = []
    owner: list[str] = []
    norms: list[str] = []
    for key in keys:
        frame = lists[key]
        offsets[key] = len(names)
        date_col = "date_listed" if "date_listed" in frame.columns else \
            "start_date" if "start_date" in frame.columns else None
        names += ["" if is_missing(n) else str(n) for n in frame[on]]
        norms += [normalize_name(n) for n in frame[on]]
        dates += list(pd.to_datetime(frame[date_col], errors="coerce")) if date_col else [pd.NaT] * len(frame)
        owner += [key] * len(frame)
    parent = list(range(len(names)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for key in keys:  # the same normalised name twice in one list is one entity
        first: dict[str, int] = {}
        for pos in range(offsets[key], offsets[key] + len(lists[key])):
            if norms[pos]:
                union(first.setdefault((norms[pos]), pos), pos)
    for a, ka in enumerate(keys):
        for kb in keys[a + 1:]:
            fa, fb = lists[ka].reset_index(drop=True), lists[kb].reset_index(drop=True)
            matched = match_entities(fa, fb, threshold=threshold, left_on=on, right_on=on, aliases=aliases)
            for i, j in zip(matched["left_index"], matched["right_index"]):
                union(offsets[ka] + int(i), offsets[kb] + int(j))
    clusters: dict[int, list[int]] = {}
    for pos in range(len(names)):
        if norms[pos]:
            clusters.setdefault(find(pos), []).append(pos)
    rows = []
    for members in clusters.values():
        row: dict[str, Any] = {"entity": names[members[0]],
                               "names": list(dict.fromkeys(names[m] for m in members))}
        for key in keys:
            mine = [m for m in members if owner[m] == key]
            row[key] = bool(mine)
            known = [dates[m] for m in mine if not is_missing(dates[m])]
            row[f"{key}_since"] = min(known) if known else pd.NaT
        row["listed_by"] = [key for key in keys if row[key]]
        row["n_lists"] = len(row["listed_by"])
        rows.append(row)
    per_list = [c for key in keys for c in (key, f"{key}_since")]
    columns = ["entity", "names", *per_list, "listed_by", "n_lists"]
    out = pd.DataFrame(rows, columns=columns)
    for key in keys:
        out[f"{key}_since"] = pd.to_datetime(out[f"{key}_since"]).astype("datetime64[us]")
        out[key] = out[key].astype(bool)
    return out.sort_values(["n_lists", "entity"], ascending=[False, True], ignore_index=True)
