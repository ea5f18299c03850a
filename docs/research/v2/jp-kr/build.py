#!/usr/bin/env python3
"""Builds the jp-kr v2 staging CSVs from the v1 data plus the revisions recorded here.
Run: python3 build.py  (writes measures.csv, provisions.csv, sources.csv beside it)."""
import csv, os
HERE = os.path.dirname(os.path.abspath(__file__))
V1 = os.path.join(HERE, '..', '..', '..', '..', 'data')
TODAY = '2026-12-02'
M_COLS = 'measure_id,jurisdiction,authority,title,instrument,category,date_announced,date_effective,date_effective_precision,legal_citation,source_id,confidence,summary'.split(',')
P_COLS = 'measure_id,jurisdiction,dimension,level,date_effective,rationale,note'.split(',')
S_COLS = 'source_id,publisher,title,citation,url,date_published,date_accessed,source_type,source_quality,verified_via,notes'.split(',')

def load(name):
    with open(os.path.join(V1, name), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))

measures = {r['measure_id']: r for r in load('measures.csv') if r['jurisdiction'] in ('JP', 'KR')}
sources = {r['source_id']: r for r in load('sources.csv') if r['source_id'].startswith('jpkr-')}
for r in measures.values():
    r.setdefault('date_effective_precision', '')
for r in sources.values():
    r.setdefault('source_quality', 'official' if r['source_type'] == 'primary' else 'press')
    r.setdefault('verified_via', '')

exec(open(os.path.join(HERE, 'revisions.py'), encoding='utf-8').read())

for mid in M_DEL:
    measures.pop(mid)
for sid in S_DEL:
    sources.pop(sid)
for mid, upd in M_UPD.items():
    measures[mid].update(upd)
for r in M_NEW:
    assert r['measure_id'] not in measures, r['measure_id']
    measures[r['measure_id']] = {c: r.get(c, '') for c in M_COLS}
for sid, upd in S_UPD.items():
    sources[sid].update(upd)
    sources[sid]['date_accessed'] = TODAY  # re-checked in this batch
for r in S_NEW:
    assert r['source_id'] not in sources, r['source_id']
    sources[r['source_id']] = {c: r.get(c, '') for c in S_COLS}
for r in sources.values():
    if not r.get('date_accessed'):
        r['date_accessed'] = TODAY

def write(name, cols, rows):
    with open(os.path.join(HERE, name), 'w', newline='', encoding='utf-8') as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, '') for c in cols})

ms = sorted(measures.values(), key=lambda r: (r['jurisdiction'], r['date_announced'] or r['date_effective'], r['measure_id']))
write('measures.csv', M_COLS, ms)
write('provisions.csv', P_COLS, [dict(zip(P_COLS, [p[0], measures[p[0]]['jurisdiction']] + list(p[1:]))) for p in PROV])
write('sources.csv', S_COLS, sorted(sources.values(), key=lambda r: r['source_id']))
print(len(ms), 'measures', len(PROV), 'provisions', len(sources), 'sources')
