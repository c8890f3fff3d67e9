"""Load and save MedPortal triage knowledge files in their house layout (one concept or rule per line)."""
import json, os
DIR = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'MedPortal.Core', 'Triage', 'Knowledge')

def load(name):
    with open(os.path.join(DIR, name), encoding='utf-8') as f:
        return json.load(f)

def save(name, d):
    out = ['{']
    keys = list(d.keys())
    for i, k in enumerate(keys):
        v = d[k]
        comma = ',' if i < len(keys) - 1 else ''
        if isinstance(v, list):
            out.append(f'  {json.dumps(k)}: [')
            for j, item in enumerate(v):
                out.append('    ' + json.dumps(item, ensure_ascii=False) + (',' if j < len(v) - 1 else ''))
            out.append('  ]' + comma)
        else:
            out.append(f'  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}{comma}')
    out.append('}')
    with open(os.path.join(DIR, name), 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')

def concept(d, cid):
    for c in d['concepts']:
        if c['id'] == cid:
            return c
    raise KeyError(cid)

def rule(d, rid, key='rules'):
    for r in d[key]:
        if r['id'] == rid:
            return r
    raise KeyError(rid)
