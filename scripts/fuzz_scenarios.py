#!/usr/bin/env python3
"""Random scenarios, run by Arenascope and by each installed CPython 3.8-3.13.

Writes programs in the scenario subset that mix what makes counts hard to get
right (classes with slots, cycles, functions and their frames, string
appends, free lists, tiny thresholds, gc.disable, printing containers and
sets) and reports every program whose output differs from the interpreter's.

    python3 scripts/fuzz_scenarios.py [--count N] [--seed S] [--cli build/bin/arenascope-cli]
"""
import argparse
import glob
import os
import random
import subprocess
import sys
import tempfile


def program(r):
    lines = ['import gc', 'import sys', '', '']
    lines += ['class N:', "    __slots__ = ('nxt', 'val')", '', '']
    lines += ['def link(a, b):', '    a.nxt = b', '    b.nxt = a', '    return a', '', '']
    lines += ['def grow(s, n):', '    for i in range(n):', "        s = s + 'ab'", '    return s', '', '']
    lines += ['def churn(k):', '    t = []', '    for i in range(k):', '        t.append({i: [i]})',
              '    return len(t)', '', '']
    lines += ['def burst():', '    a = [[], (1, []), {}, [[]]]', '    return a', '', '']
    lines += ['def label(n):', '    out = []', '    for i in range(n):', '        out.append([i, (i, str(i))])',
              '    return out', '', '']
    lines.append('gc.collect()')
    if r.random() < 0.7:
        lines.append('gc.set_threshold(%d, %d, %d)' % (r.choice([2, 3, 4, 7, 11, 25]), r.randrange(1, 4),
                                                       r.randrange(1, 4)))
    for _ in range(r.randrange(15, 45)):
        if r.random() < 0.08:
            lines += ['for i in range(%d):' % r.randrange(1, 6), '    x = burst()', '    n = len(x)',
                      '    x.append(n)', '    print(gc.get_count())']
        v = r.choice('pqrst')
        k = r.randrange(14)
        if k == 0:
            lines.append('%s = link(N(), N())' % v)
        elif k == 1:
            lines += ['%s = N()' % v, '%s.val = [%s]' % (v, v)]
        elif k == 2:
            lines.append("%s = grow(''.join(['x', 'y']), %d)" % (v, r.randrange(1, 20)))
        elif k == 3:
            lines.append('%s = churn(%d)' % (v, r.randrange(30)))
        elif k == 4:
            lines.append('%s = [[], {}, (%d, [])]' % (v, r.randrange(9)))
        elif k == 5:
            lines.append("%s = {'k': [1, 2], 'j': (%d,)}" % (v, r.randrange(9)))
        elif k in (6, 13):
            lines.append('print(gc.collect(%s), gc.get_count())' % (r.randrange(3) if k == 13 else ''))
        elif k == 7:
            lines.append('print(gc.get_count())')
        elif k == 8:
            lines.append(r.choice(['gc.disable()', 'gc.enable()', 'gc.enable()']))
        elif k == 9:
            lines.append('%s = 0' % v)
        elif k == 10:
            lines.append('print([%d, (%d, [])], {%d, %d, 3})' % tuple(r.randrange(50) for _ in range(4)))
        elif k == 11:
            lines += ['for i in range(%d):' % r.randrange(1, 40), '    %s = (i, [i], {})' % v]
        elif k == 12 and r.random() < 0.3:
            lines += ['%s = label(%d)' % (v, r.randrange(6)), 'print(sys.getsizeof(%s), gc.get_count())' % v]
        elif k == 12 and r.random() < 0.3:
            lines += ['%s = [dict(), list(range(%d))]' % (v, r.randrange(40))]
        elif k == 12 and r.random() < 0.5:
            lines += ['%s = burst()' % v, 'print(gc.get_count(), len(%s))' % v]
        else:
            items = ', '.join(str(r.randrange(-5, 300)) for _ in range(r.randrange(1, 12)))
            lines.append('%s = {%s}' % (v, items))
    lines += ['gc.enable()', 'print(gc.collect(), gc.get_count())']
    return '\n'.join(lines) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--count', type=int, default=50)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--cli', default=os.path.join(os.path.dirname(__file__), '..', 'build', 'bin', 'arenascope-cli'))
    args = ap.parse_args()
    pythons = {}
    for minor in ('3.8', '3.9', '3.10', '3.11', '3.12', '3.13'):
        found = sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/%s.*/bin/python' % minor)))
        if found:
            pythons[minor] = found[0]
    if not pythons:
        sys.exit('no pyenv interpreters 3.8-3.13 found')
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.seed, args.seed + args.count):
            path = os.path.join(tmp, 'fuzz_%d.py' % n)
            with open(path, 'w') as f:
                f.write(program(random.Random(n)))
            for minor, python in pythons.items():
                real = subprocess.run([python, path], capture_output=True, text=True).stdout
                ours = subprocess.run([args.cli, 'run', '--model', path, '--profile', minor], capture_output=True,
                                      text=True).stdout
                if real != ours:
                    differ += 1
                    keep = 'fuzz_%d_%s.py' % (n, minor)
                    with open(keep, 'w') as f:
                        f.write(program(random.Random(n)))
                    print('differs: seed %d under %s (kept as %s)' % (n, minor, keep))
    print('%d programs x %d interpreters, %d differ' % (args.count, len(pythons), differ))
    sys.exit(1 if differ else 0)


if __name__ == '__main__':
    main()
