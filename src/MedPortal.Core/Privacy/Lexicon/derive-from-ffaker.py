#!/usr/bin/env python3
"""Derives first-names.txt, last-names.txt, places.txt from Debian's ruby-ffaker 2.20.0 (Expat licence).

Run: apt-get download ruby-ffaker && dpkg -x ruby-ffaker_*.deb x && python3 derive-from-ffaker.py x/usr/share/rubygems-integration/all/gems/ffaker-2.20.0/lib/ffaker/data
Only Latin-script entries are kept (the scrubber's capitalisation rules are for Latin script)."""
import os, sys, unicodedata

DATA = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = """# {what}: derived by derive-from-ffaker.py from Debian's ruby-ffaker 2.20.0 ({files}).
# ffaker: Copyright 2013 Emmanuel Oga, 2007 Benjamin Curtis. Licence (Expat): Permission is hereby granted, free of
# charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal
# in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish,
# distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished
# to do so, subject to the following conditions: The above copyright notice and this permission notice shall be
# included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY
# OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
# PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
# DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

def latin(word):
    return all(c in " -'." or unicodedata.name(c, "").startswith("LATIN") for c in word)

def collect(pred):
    out, files = set(), []
    for d in sorted(os.listdir(DATA)):
        p = os.path.join(DATA, d)
        if not os.path.isdir(p):
            continue
        for f in sorted(os.listdir(p)):
            if pred(d, f):
                files.append(f"{d}/{f}")
                for line in open(os.path.join(p, f), encoding="utf-8"):
                    for w in line.strip().replace("-", " ").split():
                        w = w.strip(".,")
                        if len(w) >= 2 and latin(w) and w[0].isupper():
                            out.add(w)
    return out, files

def write(name, what, words, files):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
        fh.write(HEADER.format(what=what, files=", ".join(files)))
        for w in sorted(words):
            fh.write(w + "\n")

first, ff = collect(lambda d, f: d.startswith("name") and ("first" in f or "middle" in f or "nick" in f))
last, lf = collect(lambda d, f: d.startswith("name") and ("last" in f or "surname" in f))
places, pf = collect(lambda d, f: d.startswith("address") and f in ("city", "country", "state", "province", "region", "county", "canton", "kommune", "countries"))
write("first-names.txt", "First (given) names", first, ff)
write("last-names.txt", "Last (family) names", last, lf)
write("places.txt", "Place names (cities, regions, countries; single words)", places, pf)
print(len(first), len(last), len(places))
