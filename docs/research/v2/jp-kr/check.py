#!/usr/bin/env python3
"""Checks the jp-kr staging CSVs against docs/research/v2/SPEC.md."""
import csv, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
H = {
 'measures.csv': 'measure_id,jurisdiction,authority,title,instrument,category,date_announced,date_effective,date_effective_precision,legal_citation,source_id,confidence,summary',
 'provisions.csv': 'measure_id,jurisdiction,dimension,level,date_effective,rationale,note',
 'sources.csv': 'source_id,publisher,title,citation,url,date_published,date_accessed,source_type,source_quality,verified_via,notes',
}
INSTR = set('law regulation interim_final_rule final_rule ministerial_order cabinet_order delegated_regulation implementing_regulation announcement policy_letter licence_action list_designation white_paper guidance suspension is_informed_letter multilateral_list'.split())
CAT = set('equipment chips entity_listing extraterritorial persons materials framework licensing countermeasure relaxation policy'.split())
DIM = set('advanced_equipment euv_lithography duv_immersion equipment_servicing persons_support advanced_chips foreign_direct_product entity_list materials license_policy'.split())
LVL = {'none', 'limited', 'broad'}
JUR = set('US JP NL KR EU TW CN UK WA'.split())
DATE = re.compile(r'^\d{4}-\d{2}-\d{2}$')
errs = []
def rows(name):
    with open(os.path.join(HERE, name), newline='', encoding='utf-8') as f:
        head = f.readline().strip()
        if head != H[name]:
            errs.append(f'{name}: header mismatch')
        f.seek(0)
        return list(csv.DictReader(f))
M, P, S = rows('measures.csv'), rows('provisions.csv'), rows('sources.csv')
def uniq(rs, k, name):
    seen = set()
    for r in rs:
        if r[k] in seen: errs.append(f'{name}: duplicate {k} {r[k]}')
        seen.add(r[k])
    return seen
mids, sids = uniq(M, 'measure_id', 'measures'), uniq(S, 'source_id', 'sources')
def d(v, where):
    if v and not DATE.match(v): errs.append(f'{where}: bad date {v}')
mj = {}
for r in M:
    w = r['measure_id']; mj[w] = r['jurisdiction']
    if r['jurisdiction'] not in ('JP', 'KR'): errs.append(f'{w}: jurisdiction {r["jurisdiction"]} outside batch')
    if not w.startswith(r['jurisdiction'] + '-' + (r['date_announced'] or r['date_effective'])[:4]) and not re.match(r'^(JP|KR)-\d{4}-', w): errs.append(f'{w}: id pattern')
    if r['instrument'] not in INSTR: errs.append(f'{w}: instrument {r["instrument"]}')
    if r['category'] not in CAT: errs.append(f'{w}: category {r["category"]}')
    if r['confidence'] not in ('high', 'medium', 'low'): errs.append(f'{w}: confidence')
    if r['date_effective_precision'] not in ('', 'day', 'month'): errs.append(f'{w}: precision')
    if r['date_effective_precision'] == 'month':
        import calendar
        y, m, dd = map(int, r['date_effective'].split('-'))
        if dd != calendar.monthrange(y, m)[1]: errs.append(f'{w}: month precision needs last day')
    d(r['date_announced'], w); d(r['date_effective'], w)
    if r['source_id'] not in sids: errs.append(f'{w}: source {r["source_id"]} missing')
    for sid in re.findall(r'jpkr-[a-z0-9-]+', r['summary'] + r['legal_citation']):
        if sid not in sids: errs.append(f'{w}: mentions missing source {sid}')
for r in P:
    w = r['measure_id'] + '/' + r['dimension']
    if r['measure_id'] not in mids: errs.append(f'{w}: unknown measure')
    elif mj[r['measure_id']] != r['jurisdiction']: errs.append(f'{w}: jurisdiction differs from measure')
    if r['dimension'] not in DIM: errs.append(f'{w}: dimension')
    if r['level'] not in LVL: errs.append(f'{w}: level')
    d(r['date_effective'], w)
    if not re.match(r'^[A-Z]{1,3}-?\d+[a-z]?\b', r['rationale']): errs.append(f'{w}: rationale must start with a rule ID')
CB = open(os.path.join(HERE, '..', '..', '..', 'codebook.md'), encoding='utf-8').read()
VALID = set(re.findall(r'^- \*\*([A-Z]+-\d+)\*\*', CB, re.M)) | {f'G{i}' for i in range(1, 13)}
for r in P:
    m = re.match(r'^((?:[A-Z]+-?\d+)(?:, [A-Z]+-?\d+)*): ', r['rationale'])
    if not m: errs.append(f"{r['measure_id']}/{r['dimension']}: rationale grammar (C5)")
    else:
        for i in m.group(1).split(', '):
            if i not in VALID: errs.append(f"{r['measure_id']}/{r['dimension']}: unknown rule ID {i}")
    mm = next(x for x in M if x['measure_id'] == r['measure_id'])
    if not (r['date_effective'] or mm['date_effective']): errs.append(f"{r['measure_id']}: provision without effective date (C14)")
    if r['date_effective'] and r['date_effective'] == mm['date_effective']: errs.append(f"{r['measure_id']}: C8")
for r in S:
    if r['source_quality'] == 'official' and r['source_type'] != 'primary': errs.append(f"{r['source_id']}: official must be primary (C16)")
for r in M:
    if not re.match(r'^(US|JP|NL|KR|EU|TW|CN|UK|WA)-[0-9]{4}-[a-z0-9-]+$', r['measure_id']): errs.append(f"{r['measure_id']}: C17")
print('valid IDs in codebook:', len(VALID))
pk = [(r['measure_id'], r['dimension']) for r in P]
if len(pk) != len(set(pk)): errs.append('provisions: duplicate measure/dimension')
for r in S:
    w = r['source_id']
    if r['source_type'] not in ('primary', 'secondary'): errs.append(f'{w}: source_type')
    if r['source_quality'] not in ('official', 'company', 'law_firm', 'press'): errs.append(f'{w}: source_quality')
    d(r['date_published'], w); d(r['date_accessed'], w)
    for bad in ('pubt.io', 'pizza', 'legaldoc.jp', 'kanpo-backup', 'cloudfront', 'azurewebsites', 'tradeworldnews', 'stage.'):
        if bad in r['url']: errs.append(f'{w}: url is a mirror ({bad})')
    for sid in re.findall(r'jpkr-[a-z0-9-]+', r['notes']):
        if sid.rstrip('-') not in sids: errs.append(f'{w}: notes mention missing source {sid}')
cited = {r['source_id'] for r in M}
off = sum(1 for r in M if next(s for s in S if s['source_id'] == r['source_id'])['source_quality'] == 'official')
print(f'{len(M)} measures, {len(P)} provisions, {len(S)} sources; official-source measures {off}/{len(M)} = {off/len(M):.0%}')
print('uncited sources:', sorted(sids - cited))
print('\n'.join(errs) or 'OK')
sys.exit(1 if errs else 0)
