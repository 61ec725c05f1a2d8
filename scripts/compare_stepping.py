#!/usr/bin/env python3
"""Measures what recording with steps changes in a program's pymalloc calls:
records each program plainly and stepped under each interpreter, aligns the two
call sequences and lists the differing calls by source line and cause.
"""
import argparse
import bisect
import collections
import difflib
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

USAGE_NOTES = """\
Each program is recorded four times: plain (`arenascope-cli record`), plain_u
(the same with PYTHONUNBUFFERED=1, as a stepped run writes), traced_u
(`record --source-lines`, unbuffered: the C trace function but no steps) and
stepped (`arenascope-cli run --out`); with --noise, plain once more. Each
recording becomes one token per allocator call (op, domain, size; a free
carries the size it frees, a realloc the old and new size), and the token
lists are aligned with difflib.SequenceMatcher (autojunk=False), region by
region. A call only one of plain and stepped made is followed through plain,
plain_u, traced_u, stepped; the first link where it has no partner names its
cause: output (unbuffered output), tracing (the trace function), steps (the
recorder's steps), or order (paired along the chain, not directly). Counts
are given for the whole run and for the script part (from the stepped run's
first step). docs/stepping-fidelity.md has the method and the results.

A folder stands for the programs in it: its *.py files, or, for each
subfolder, the one .py file inside. A program's standard input is the file
beside it named NAME.stdin, NAME.in or NAME.input (in a subfolder also stdin,
stdin.txt or input.txt), or else nothing. Every run has PYTHONHASHSEED=0,
pipes for its standard output and error, the program's folder as its working
folder and, unless --aslr, address randomisation off (setarch -R).

example:
  python3 scripts/compare_stepping.py --cli /tmp/measure-cli --noise \\
      --python ~/.pyenv/versions/3.11.7/bin/python3 --json r.json tests/data/classroom/
"""

# ---------------------------------------------------------------- programs --

STDIN_NAMES = ('{stem}.stdin', '{stem}.in', '{stem}.input')
DIR_STDIN_NAMES = ('stdin', 'stdin.txt', 'input.txt')


def find_programs(paths):
    """[(name, script, stdin or None)] for files and folders given."""
    found = []
    for p in paths:
        if os.path.isfile(p):
            found.append(p)
            continue
        if not os.path.isdir(p):
            sys.exit('compare_stepping: %s: no such program or folder' % p)
        tops = sorted(glob.glob(os.path.join(p, '*.py')))
        if tops:
            found += tops
            continue
        for sub in sorted(os.listdir(p)):
            d = os.path.join(p, sub)
            scripts = sorted(glob.glob(os.path.join(d, '*.py'))) if os.path.isdir(d) else []
            if scripts:
                found.append(scripts[0])
    programs = []
    for script in found:
        script = os.path.abspath(script)
        folder, base = os.path.split(script)
        stem = base[:-3] if base.endswith('.py') else base
        candidates = [os.path.join(folder, n.format(stem=stem)) for n in STDIN_NAMES]
        if os.path.basename(folder).startswith(stem) or len(glob.glob(os.path.join(folder, '*.py'))) == 1:
            candidates += [os.path.join(folder, n) for n in DIR_STDIN_NAMES]
        stdin = next((c for c in candidates if os.path.isfile(c)), None)
        name = stem if stem != 'main' else os.path.basename(folder)
        programs.append((name, script, stdin))
    return programs


def default_pythons():
    """Installed CPython 3.8 and later: pyenv's and /opt/cpython-*."""
    pys = []
    for d in sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/3.*'))):
        m = re.match(r'3\.(\d+)\.', os.path.basename(d) + '.')
        if m and int(m.group(1)) >= 8:
            exe = os.path.join(d, 'bin', 'python3')
            if os.access(exe, os.X_OK):
                pys.append(exe)
    for exe in sorted(glob.glob('/opt/cpython-3.*/bin/python3.*')):
        if re.search(r'python3\.\d+$', exe) and os.access(exe, os.X_OK):
            pys.append(exe)
    return sorted(pys, key=lambda e: tuple(int(x) for x in python_version(e).split('.')[:2]))


_versions = {}


def python_version(exe):
    if exe not in _versions:
        out = subprocess.run([exe, '-c', 'import platform; print(platform.python_version())'],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        _versions[exe] = out.stdout.strip() or '?'
    return _versions[exe]

# -------------------------------------------------------------- recording --

# The four ways one program is recorded. 'plain' and 'stepped' are the pair
# compared; the two between them split a difference by cause.
MODES = {
    'plain': ('record', [], {}),
    'plain_u': ('record', [], {'PYTHONUNBUFFERED': '1'}),
    'traced_u': ('record', ['--source-lines'], {'PYTHONUNBUFFERED': '1'}),
    'stepped': ('run', [], {}),
}


def record(cli, mode, python, script, stdin, out, timeout, aslr):
    """Records script in mode into out; returns (seconds, status, note).
    Without aslr the run's addresses are the same each time (setarch -R)."""
    command, extra, env_extra = MODES[mode]
    args = [cli, command, script, '--out', out, '--python', python] + extra
    if command == 'run':
        args += ['--timeout', str(int(timeout))]
    if not aslr:
        args = ['setarch', os.uname().machine, '-R'] + args
    env = dict(os.environ, PYTHONHASHSEED='0')
    for k in ('PYTHONUNBUFFERED', 'PYTHONMALLOC', 'PYTHONDEVMODE', 'PYTHONTRACEMALLOC'):
        env.pop(k, None)
    env.update(env_extra)
    t0 = time.time()
    with open(stdin or os.devnull, 'rb') as fin:
        p = subprocess.Popen(args, stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             cwd=os.path.dirname(script), env=env, start_new_session=True)
        try:
            _, err = p.communicate(timeout=timeout + 30)
            note = ''
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            _, err = p.communicate()
            note = 'killed after %d s' % (timeout + 30)
    errs = [l for l in err.decode('utf-8', 'replace').splitlines()
            if l.startswith('arenascope') and 'compiling the recorder' not in l]
    if errs and not note:
        note = errs[0][:200]
    return time.time() - t0, p.returncode, note

# ---------------------------------------------------------------- reading --

EVENT_KINDS = ('malloc', 'calloc', 'realloc', 'free', 'arena_alloc', 'arena_free')


class Trace:
    """A recording's allocator events as comparable tokens, with where each
    one happened (from `at` lines) and the step it falls in (from `step`)."""

    def __init__(self, path):
        self.tokens = []     # token per event (a tuple, see token())
        self.ptrs = []       # normalized pointer per event: (arena #, offset) or None
        self.loc = []        # (file id, line) per event: the `at` location
        self.step = []       # index into self.steps of the step record in force, -1: none yet
        self.ingc = []       # generation of the collection the event falls in, or -1
        self.steps = []      # (file id, line) per step record
        self.files = {}      # id -> path
        self.first_step_event = None  # index of the first event after the first `step`
        self.script_file = None
        self.version = ''
        self.limit = False
        live = {}            # block address -> (domain, size)
        arena_size = None
        pool_size = None
        arenas = []          # sorted bases of arenas mapped now
        arena_no = {}        # base -> ordinal
        n_arenas = 0
        loc = (0, 0)
        step = -1
        gc_gen = -1

        def norm(p):
            if p == 0 or not arenas:
                return None
            k = bisect.bisect_right(arenas, p) - 1
            if k >= 0 and p < arenas[k] + arena_size:
                # From the arena's first pool, which starts at the first pool
                # boundary inside it: where the arena was mapped does not count.
                first = -(-arenas[k] // pool_size) * pool_size
                return (arena_no[arenas[k]], p - first)
            return None

        with open(path, 'rb') as f:
            for raw in f:
                line = raw.decode('utf-8', 'replace').rstrip('\n')
                sp = line.split(' ')
                kw = sp[0]
                if kw in EVENT_KINDS:
                    if kw == 'malloc':
                        dom, size, p = sp[1], int(sp[2]), int(sp[3], 16)
                        tok, ptr = ('malloc', dom, size), p
                        live[p] = (dom, size)
                    elif kw == 'calloc':
                        dom, size, p = sp[1], int(sp[2]) * int(sp[3]), int(sp[4], 16)
                        tok, ptr = ('calloc', dom, size), p
                        live[p] = (dom, size)
                    elif kw == 'realloc':
                        dom, old, size, p = sp[1], int(sp[2], 16), int(sp[3]), int(sp[4], 16)
                        olds = live.pop(old, (dom, 0))[1] if old else 0
                        tok, ptr = ('realloc', dom, size, olds), p
                        if p:
                            live[p] = (dom, size)
                        elif old:
                            live[old] = (dom, olds)
                    elif kw == 'free':
                        dom, p = sp[1], int(sp[2], 16)
                        size = live.pop(p, (dom, -1))[1] if p else 0
                        tok, ptr = ('free', dom, size), p
                    elif kw == 'arena_alloc':
                        p, size = int(sp[1], 16), int(sp[2])
                        if arena_size is None and size in (262144, 1048576, 2097152):
                            arena_size = size
                            pool_size = 4096 if size == 262144 else 16384
                        if size == arena_size:
                            n_arenas += 1
                            arena_no[p] = n_arenas
                            bisect.insort(arenas, p)
                        tok, ptr = ('arena_alloc', size), None
                    else:
                        p, size = int(sp[1], 16), int(sp[2])
                        if p in arena_no and size == arena_size:
                            arenas.remove(p)
                            del arena_no[p]
                        tok, ptr = ('arena_free', size), None
                    self.tokens.append(tok)
                    self.ptrs.append(norm(ptr) if ptr is not None else None)
                    self.loc.append(loc)
                    self.step.append(step)
                    self.ingc.append(gc_gen)
                elif kw == 'at':
                    loc = (int(sp[1]), int(sp[2]))
                elif kw == 'step':
                    self.steps.append((int(sp[1]), int(sp[2])))
                    step = len(self.steps) - 1
                    if self.first_step_event is None:
                        self.first_step_event = len(self.tokens)
                        self.script_file = int(sp[1])
                elif kw == 'file':
                    self.files[int(sp[1])] = line.split(' ', 2)[2]
                elif kw == 'gc_start':
                    gc_gen = int(sp[1])
                elif kw == 'gc_stop':
                    gc_gen = -1
                elif kw == 'limit':
                    self.limit = True
                elif kw == '#' and line.startswith('# python '):
                    self.version = sp[2]


def size_class(n):
    """pymalloc's size class for a request of n bytes (16-byte alignment,
    3.8 and later), or a word for a request it does not serve."""
    if n <= 0 or n > 512:
        return 'libc'
    return str((n + 15) // 16 * 16)


def describe(tok):
    """A token as a person reads it: 'malloc obj 168 [176]', 'free mem 42 [48]',
    with the size class in brackets ([libc]: not served by pymalloc)."""
    if tok[0] in ('arena_alloc', 'arena_free'):
        return '%s %d' % tok
    if tok[0] == 'realloc':
        return 'realloc %s %d->%d [%s]' % (tok[1], tok[3], tok[2], size_class(tok[2]))
    if tok[0] == 'free' and tok[2] < 0:
        return 'free %s ?' % tok[1]
    return '%s %s %d [%s]' % (tok + (size_class(tok[2]),))

# -------------------------------------------------------------- alignment --


EXACT_LIMIT = 4000000  # a region of la x lb events up to this is aligned by difflib as it is


def kgram_hashes(s, k):
    return [hash(tuple(s[x:x + k])) for x in range(len(s) - k + 1)]


def lis_pairs(pairs):
    """The longest run of pairs increasing in both (pairs sorted by first)."""
    tails, tails_at, prev = [], [], [None] * len(pairs)
    for n, (_, y) in enumerate(pairs):
        t = bisect.bisect_left(tails, y)
        if t == len(tails):
            tails.append(y)
            tails_at.append(n)
        else:
            tails[t] = y
            tails_at[t] = n
        prev[n] = tails_at[t - 1] if t else None
    out = []
    n = tails_at[-1] if tails_at else None
    while n is not None:
        out.append(pairs[n])
        n = prev[n]
    return out[::-1]


class Aligner:
    """Opcodes (tag, i1, i2, j1, j2), as difflib's, for two long sequences
    of small ints (up to millions). Equal runs are walked directly; where the
    two part, the nearest point at which k items agree again (least i + j
    skipped) ends the differing region. A region of up to EXACT_LIMIT pairs
    is aligned by difflib.SequenceMatcher (autojunk=False); a larger one is
    cut at k-grams found once in each side, in order (patience diff), and
    only a large region with none of those left is aligned by SequenceMatcher
    with autojunk=True, which may count more differences than there are
    (counted in self.approx)."""

    def __init__(self, a, b, k=24):
        self.a, self.b, self.k = a, b, k
        self.ops = []
        self.approx = 0
        ha, hb = kgram_hashes(a, k), kgram_hashes(b, k)
        posb = {}
        for y, h in enumerate(hb):
            posb.setdefault(h, []).append(y)
        na, nb = len(a), len(b)
        i = j = 0
        while i < na and j < nb:
            s = 0
            while i + s < na and j + s < nb and a[i + s] == b[j + s]:
                s += 1
            self.emit('equal', i, i + s, j, j + s)
            i += s
            j += s
            if i >= na or j >= nb:
                break
            best, best_sum = None, None
            for x in range(i, len(ha)):
                if best is not None and x - i >= best_sum:
                    break
                ys = posb.get(ha[x])
                if not ys:
                    continue
                for t in range(bisect.bisect_left(ys, j), len(ys)):
                    y = ys[t]
                    if best is not None and (x - i) + (y - j) >= best_sum:
                        break
                    if a[x:x + k] == b[y:y + k]:
                        best, best_sum = (x, y), (x - i) + (y - j)
                        break
            x2, y2 = best if best else (na, nb)
            self.region(i, x2, j, y2)
            i, j = x2, y2
        if i < na or j < nb:
            self.region(i, na, j, nb)

    def emit(self, tag, i1, i2, j1, j2):
        if i1 == i2 and j1 == j2:
            return
        ops = self.ops
        if ops and ops[-1][0] == tag == 'equal':
            ops[-1] = ('equal', ops[-1][1], i2, ops[-1][3], j2)
        else:
            ops.append((tag, i1, i2, j1, j2))

    def region(self, i1, i2, j1, j2):
        a, b = self.a, self.b
        while i1 < i2 and j1 < j2 and a[i1] == b[j1]:
            self.emit('equal', i1, i1 + 1, j1, j1 + 1)
            i1 += 1
            j1 += 1
        tail = 0
        while i1 < i2 - tail and j1 < j2 - tail and a[i2 - tail - 1] == b[j2 - tail - 1]:
            tail += 1
        i2, j2 = i2 - tail, j2 - tail
        la, lb = i2 - i1, j2 - j1
        if la and lb and la * lb > EXACT_LIMIT:
            if not self.patience(i1, i2, j1, j2):
                self.approx += 1
                self.exact(i1, i2, j1, j2, True)
        else:
            self.exact(i1, i2, j1, j2, False)
        if tail:
            self.emit('equal', i2, i2 + tail, j2, j2 + tail)

    def exact(self, i1, i2, j1, j2, autojunk):
        sm = difflib.SequenceMatcher(None, self.a[i1:i2], self.b[j1:j2], autojunk=autojunk)
        for tag, x1, x2, y1, y2 in sm.get_opcodes():
            self.emit(tag, i1 + x1, i1 + x2, j1 + y1, j1 + y2)

    def patience(self, i1, i2, j1, j2):
        a, b = self.a, self.b
        for k in (8, 3, 1):
            ca, cb = collections.Counter(), {}
            for x in range(i1, i2 - k + 1):
                ca[tuple(a[x:x + k])] += 1
            for y in range(j1, j2 - k + 1):
                g = tuple(b[y:y + k])
                cb[g] = -1 if g in cb else y
            pairs = []
            for x in range(i1, i2 - k + 1):
                g = tuple(a[x:x + k])
                if ca[g] == 1 and cb.get(g, -1) >= 0:
                    pairs.append((x, cb[g]))
            chain = lis_pairs(pairs)
            if not chain:
                continue
            x0, y0 = i1, j1
            for x, y in chain:
                if x < x0 or y < y0:
                    continue  # overlaps the anchor before it
                self.region(x0, x, y0, y)
                self.emit('equal', x, x + k, y, y + k)
                x0, y0 = x + k, y + k
            self.region(x0, i2, y0, j2)
            return True
        return False


class Comparison:
    """Two recordings of one program aligned: what only one made, where."""

    def __init__(self, left, right, intern):
        self.left, self.right = left, right
        a = [intern.setdefault(t, len(intern)) for t in left.tokens]
        b = [intern.setdefault(t, len(intern)) for t in right.tokens]
        t0 = time.time()
        aligner = Aligner(a, b)
        self.ops, self.approx = aligner.ops, aligner.approx
        self.seconds = time.time() - t0
        self.only_left = []   # indices into left of the calls only it made
        self.only_right = []  # indices into right
        self.ptr_diff = 0
        self.ptr_compared = 0
        self.first_ptr_diff = None
        self.match_left = [-1] * len(a)   # the right event each left one aligns with, or -1
        self.match_right = [-1] * len(b)
        for tag, i1, i2, j1, j2 in self.ops:
            if tag == 'equal':
                self.match_left[i1:i2] = range(j1, j2)
                self.match_right[j1:j2] = range(i1, i2)
                for x, y in zip(range(i1, i2), range(j1, j2)):
                    pl, pr = left.ptrs[x], right.ptrs[y]
                    if pl is None and pr is None:
                        continue
                    self.ptr_compared += 1
                    if pl != pr:
                        self.ptr_diff += 1
                        if self.first_ptr_diff is None:
                            self.first_ptr_diff = (x, y)
            else:
                self.only_left += range(i1, i2)
                self.only_right += range(j1, j2)

    def carry(self, i):
        """The right event that left event i aligns with, or, if i is only
        in the left, the right event just before where it would be."""
        if not hasattr(self, '_i1'):
            self._i1 = [op[1] for op in self.ops]
            self._j1 = [op[3] for op in self.ops]
        k = bisect.bisect_right(self._i1, i) - 1  # ops cover both sides in order
        if k < 0:
            return -1
        tag, i1, i2, j1, j2 = self.ops[k]
        if i1 <= i < i2:
            return j1 + (i - i1) if tag == 'equal' else j1 - 1
        return len(self.right.tokens) - 1

    def carry_back(self, j):
        """The left event that right event j aligns with, or the left event
        just before where it would be."""
        if not hasattr(self, '_j1'):
            self.carry(0)
        k = bisect.bisect_right(self._j1, j) - 1
        if k < 0:
            return -1
        tag, i1, i2, j1, j2 = self.ops[k]
        if j1 <= j < j2:
            return i1 + (j - j1) if tag == 'equal' else i1 - 1
        return len(self.left.tokens) - 1


def where(tr, j):
    """The source place of event j of a trace with `at` lines (and steps)."""
    if j < 0:
        return 'start-up'
    if j >= len(tr.tokens):
        return 'end'
    f, l = tr.loc[j]
    s = tr.step[j]
    parts = []
    if s >= 0:
        sf, sl = tr.steps[s]
        parts.append('line %d' % sl if sf == tr.script_file else '%s:%d' % (short_file(tr.files.get(sf, '?')), sl))
        if (f, l) == (0, 0):
            parts.append('no Python frame')
        elif (f, l) != (sf, sl):
            parts.append('in %s:%d' % (short_file(tr.files.get(f, '?')), l))
    elif tr.script_start is not None and j >= tr.script_start:
        if f == tr.script_file:
            parts.append('line %d' % l)
        elif (f, l) == (0, 0):
            parts.append('no Python frame')
        else:
            parts.append('in %s:%d' % (short_file(tr.files.get(f, '?')), l))
    else:
        parts.append('start-up')
        if (f, l) != (0, 0):
            parts.append('in %s:%d' % (short_file(tr.files.get(f, '?')), l))
    if tr.ingc[j] >= 0:
        parts.append('gc %d' % tr.ingc[j])
    return ', '.join(parts)


def short_file(p):
    if p.startswith('<'):
        return p
    m = re.search(r'lib/python3\.\d+/(.*)$', p)
    return m.group(1) if m else os.path.basename(p)


def set_script(tr, script):
    """Names the script's file id in tr and where its part starts: the first
    step, or, in a trace with source lines but no steps, the first event
    located in the script (None in a plain trace)."""
    real = os.path.realpath(script)
    for i, p in tr.files.items():
        if os.path.realpath(p) == real:
            tr.script_file = i if tr.script_file is None else tr.script_file
            break
    tr.script_start = tr.first_step_event
    if tr.script_start is None and tr.script_file is not None:
        tr.script_start = next((j for j, (f, _) in enumerate(tr.loc) if f == tr.script_file), None)
    tr.has_places = bool(tr.files)


CAUSES = ('output', 'tracing', 'steps', 'order')
GROUP_ORDER = ('steps', 'tracing', 'output', 'order', '')  # groups printed in this order
CAUSE_WORDS = {
    'output': 'unbuffered output (also in plain_u)',
    'tracing': 'trace function (plain_u and traced_u differ)',
    'steps': 'steps (traced_u and stepped differ)',
    'order': 'order only (the chain of runs pairs it, the direct alignment does not)',
}


def attribute(cmps):
    """For plain/stepped, the cause of each differing call, found by following
    it through plain -> plain_u -> traced_u -> stepped: the first link where it
    has no partner names the cause. Returns (cause per plain-only index,
    cause per stepped-only index), as dicts."""
    ps = cmps[('plain', 'stepped')]
    pu = cmps.get(('plain', 'plain_u'))
    ut = cmps.get(('plain_u', 'traced_u'))
    ts = cmps.get(('traced_u', 'stepped'))
    left, right = {}, {}
    if not (pu and ut and ts):
        return left, right
    for i in ps.only_left:
        u = pu.match_left[i]
        t = ut.match_left[u] if u >= 0 else -1
        s = ts.match_left[t] if t >= 0 else -1
        left[i] = 'output' if u < 0 else 'tracing' if t < 0 else 'steps' if s < 0 else 'order'
    for j in ps.only_right:
        t = ts.match_right[j]
        u = ut.match_right[t] if t >= 0 else -1
        p = pu.match_right[u] if u >= 0 else -1
        right[j] = 'steps' if t < 0 else 'tracing' if u < 0 else 'output' if p < 0 else 'order'
    return left, right


def plain_placers(cmps, placers):
    """placers, with a plain call placed where the traced_u run made it (its
    `at` line) when the chain of runs pairs it with one; else where the
    stepped run would have made it (the stepped call just before)."""
    pu, ut = cmps.get(('plain', 'plain_u')), cmps.get(('plain_u', 'traced_u'))
    if not (pu and ut and 'traced_u' in placers and 'plain' in placers):
        return placers
    traced, fallback = placers['traced_u'], placers['plain']

    def place(i):
        u = pu.match_left[i]
        t = ut.match_left[u] if u >= 0 else -1
        return traced(t) if t >= 0 else fallback(i)
    return dict(placers, plain=place)


def summarize(cmp, names, starts, placers, causes=None):
    """Counts for the comparison, whole and from the script's start on, and
    the differing calls grouped by place and call."""
    ls, rs = starts[names[0]], starts[names[1]]
    out = {
        'events': [len(cmp.left.tokens), len(cmp.right.tokens)],
        'only': [len(cmp.only_left), len(cmp.only_right)],
        'pointer_diffs': cmp.ptr_diff,
        'pointers_compared': cmp.ptr_compared,
        'align_seconds': round(cmp.seconds, 2),
        'approximate_regions': cmp.approx,
    }
    if ls is None or rs is None:
        return out
    out['script_events'] = [len(cmp.left.tokens) - ls, len(cmp.right.tokens) - rs]
    out['script_only'] = [sum(1 for x in cmp.only_left if x >= ls),
                          sum(1 for y in cmp.only_right if y >= rs)]
    pd = pc = 0
    first = None
    for tag, i1, i2, j1, j2 in cmp.ops:
        if tag != 'equal' or j2 <= rs:
            continue
        for x, y in zip(range(i1, i2), range(j1, j2)):
            if y < rs:
                continue
            pl, pr = cmp.left.ptrs[x], cmp.right.ptrs[y]
            if pl is None and pr is None:
                continue
            pc += 1
            if pl != pr:
                pd += 1
                if first is None:
                    first = (x, y)
    # As multisets: calls one side made more often than the other, whatever
    # the order (a permutation of the same calls counts 0 here).
    cl = collections.Counter(cmp.left.tokens[ls:])
    cr = collections.Counter(cmp.right.tokens[rs:])
    out['script_multiset_only'] = [sum((cl - cr).values()), sum((cr - cl).values())]
    out['script_pointer_diffs'] = pd
    out['script_pointers_compared'] = pc
    if first is not None:
        out['first_script_pointer_diff'] = {'event': list(first), 'place': placers[names[1]](first[1])}
    cl_, cr_ = causes or ({}, {})
    g = collections.Counter()
    by_cause = collections.OrderedDict((c, [0, 0]) for c in CAUSES)
    for x in cmp.only_left:
        if x >= ls:
            c = cl_.get(x, '')
            g[(names[0], c, placers[names[0]](x), describe(cmp.left.tokens[x]))] += 1
            if c:
                by_cause[c][0] += 1
    for y in cmp.only_right:
        if y >= rs:
            c = cr_.get(y, '')
            g[(names[1], c, placers[names[1]](y), describe(cmp.right.tokens[y]))] += 1
            if c:
                by_cause[c][1] += 1
    if causes:
        out['script_only_by_cause'] = by_cause
    out['groups'] = [[side, cause, place, call, n] for (side, cause, place, call), n in
                     sorted(g.items(), key=lambda kv: (GROUP_ORDER.index(kv[0][1]),
                                                       -kv[1], kv[0]))]
    return out

# ------------------------------------------------------------------- main --


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=USAGE_NOTES)
    ap.add_argument('programs', nargs='+', metavar='PROGRAM_OR_FOLDER')
    ap.add_argument('--cli', default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  '..', 'build', 'bin', 'arenascope-cli'),
                    help='the arenascope-cli to record with (default: build/bin/arenascope-cli)')
    ap.add_argument('--python', action='append', metavar='PY',
                    help='an interpreter (repeat for more); default: every installed 3.8 and later')
    ap.add_argument('--timeout', type=float, default=120, help='seconds a recording may take (120)')
    ap.add_argument('--json', metavar='FILE', help='write every count and group here')
    ap.add_argument('--markdown', metavar='FILE', help='write the summary tables here')
    ap.add_argument('--keep', metavar='DIR', help='keep the recordings in DIR (default: a temporary folder, removed)')
    ap.add_argument('--no-breakdown', action='store_true',
                    help='record only plain and stepped (no unbuffered and traced runs to split causes)')
    ap.add_argument('--noise', action='store_true',
                    help='record plain once more and compare, to show that runs repeat exactly')
    ap.add_argument('--aslr', action='store_true',
                    help='leave address randomisation on (default: off, with setarch -R, so that '
                         'a run repeats exactly; addresses still differ between the kinds of run)')
    ap.add_argument('--groups', type=int, default=12, help='differing groups printed per comparison (12)')
    a = ap.parse_args()

    cli = os.path.abspath(a.cli)
    if not os.access(cli, os.X_OK):
        sys.exit('compare_stepping: %s: not an executable arenascope-cli' % cli)
    if not a.aslr and not shutil.which('setarch'):
        sys.exit('compare_stepping: setarch (util-linux) is needed to turn address randomisation off; '
                 'or give --aslr')
    pythons = a.python or default_pythons()
    programs = find_programs(a.programs)
    modes = ['plain', 'stepped'] if a.no_breakdown else ['plain', 'plain_u', 'traced_u', 'stepped']
    # In this order each pair's left has its script start known (carried
    # over from a pair before it) when its own trace has no lines.
    pairs = [('plain', 'stepped')]
    if not a.no_breakdown:
        pairs += [('plain', 'plain_u'), ('plain_u', 'traced_u'), ('traced_u', 'stepped')]
    if a.noise:
        modes.append('plain2')
        pairs.append(('plain', 'plain2'))

    work = a.keep or tempfile.mkdtemp(prefix='compare-stepping-')
    os.makedirs(work, exist_ok=True)
    results = []
    try:
        for py in pythons:
            ver = python_version(py)
            for name, script, stdin in programs:
                res = {'python': py, 'version': ver, 'program': name, 'script': script,
                       'stdin': stdin, 'runs': {}, 'pairs': {}}
                traces = {}
                for mode in modes:
                    out = os.path.join(work, '%s-%s-%s.trace' % (ver, name, mode))
                    secs, status, note = record(cli, 'plain' if mode == 'plain2' else mode, py, script,
                                                stdin, out, a.timeout, a.aslr)
                    res['runs'][mode] = {'seconds': round(secs, 2), 'status': status, 'note': note}
                    if os.path.exists(out) and os.path.getsize(out) > 0:
                        tr = traces[mode] = Trace(out)
                        set_script(tr, script)
                        res['runs'][mode].update(steps=len(tr.steps), step_limit=tr.limit,
                                                 events=len(tr.tokens))
                    if not a.keep:
                        for p in (out, out + '.stats'):
                            if os.path.exists(p):
                                os.remove(p)
                intern = {}
                starts = {m: t.script_start for m, t in traces.items()}
                placers = {m: (lambda t: lambda j: where(t, j))(t)
                           for m, t in traces.items() if t.has_places}
                cmps = collections.OrderedDict()
                for l, r in pairs:
                    if l not in traces or r not in traces:
                        continue
                    cmp = Comparison(traces[l], traces[r], intern)
                    # The script starts after the counterpart of the event before its start.
                    if starts.get(r) is None and starts.get(l) is not None:
                        starts[r] = cmp.carry(starts[l] - 1) + 1 if starts[l] > 0 else 0
                    if starts.get(l) is None and starts.get(r) is not None:
                        starts[l] = cmp.carry_back(starts[r] - 1) + 1 if starts[r] > 0 else 0
                    if r not in placers and l in placers:
                        placers[r] = (lambda c, f: lambda j: f(c.carry_back(j)))(cmp, placers[l])
                    if l not in placers and r in placers:
                        placers[l] = (lambda c, f: lambda i: f(c.carry(i)))(cmp, placers[r])
                    cmps[(l, r)] = cmp
                causes = attribute(cmps) if ('plain', 'stepped') in cmps else None
                for (l, r), cmp in cmps.items():
                    main_pair = (l, r) == ('plain', 'stepped')
                    res['pairs']['%s/%s' % (l, r)] = summarize(
                        cmp, (l, r), starts, plain_placers(cmps, placers) if main_pair else placers,
                        causes if main_pair else None)
                results.append(res)
                report(res, a.groups)
                sys.stdout.flush()
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    if a.json:
        with open(a.json, 'w') as f:
            json.dump({'cli': cli, 'causes': CAUSE_WORDS, 'results': results}, f, indent=1)
    md = markdown(results)
    if a.markdown:
        with open(a.markdown, 'w') as f:
            f.write(md)
    print()
    print(md)


def report(res, ngroups):
    print('== %s  Python %s' % (res['program'], res['version']))
    for mode, run in res['runs'].items():
        if run['status'] != 0 or run['note']:
            print('   %s: exit %s %s' % (mode, run['status'], run['note']))
    for key, s in res['pairs'].items():
        l, r = key.split('/')
        print('   %-18s events %d / %d   only %s %d, only %s %d' % (
            key, s['events'][0], s['events'][1], l, s['only'][0], r, s['only'][1]))
        if 'script_events' not in s:
            continue
        print('   %-18s script: events %d / %d   only %s %d, only %s %d (as multisets %d, %d)'
              '   blocks differing %d of %d%s' % (
                  '', s['script_events'][0], s['script_events'][1], l, s['script_only'][0], r,
                  s['script_only'][1], s['script_multiset_only'][0], s['script_multiset_only'][1],
                  s['script_pointer_diffs'], s['script_pointers_compared'],
                  '   (%d regions aligned approximately)' % s['approximate_regions']
                  if s['approximate_regions'] else ''))
        if 'script_only_by_cause' in s:
            print('   %-18s by cause: %s' % ('', ', '.join(
                '%s %d/%d' % (c, n[0], n[1]) for c, n in s['script_only_by_cause'].items())))
        for side, cause, place, call, n in s['groups'][:ngroups]:
            print('   %-18s   %5d x only %-8s %-8s %-28s %s' % ('', n, side, cause, call, place))
        if len(s['groups']) > ngroups:
            print('   %-18s   ... %d more groups' % ('', len(s['groups']) - ngroups))


def markdown(results):
    """One table per version: the plain/stepped comparison of the script's
    part, its differing calls split by cause."""
    by_version = collections.OrderedDict()
    for r in results:
        by_version.setdefault(r['version'], []).append(r)
    out = []
    for ver, rs in by_version.items():
        out.append('#### Python %s\n' % ver)
        out.append('| program | events plain / stepped | only plain / only stepped (as multisets) '
                   '| unbuffered output | trace function | steps | order only |')
        out.append('| --- | --- | --- | --- | --- | --- | --- |')
        for r in rs:
            p = r['pairs'].get('plain/stepped')
            if not p or 'script_events' not in p:
                out.append('| %s | no comparison: %s | | | | | |' % (
                    r['program'], '; '.join('%s %s' % (m, x['note'] or x['status'])
                                            for m, x in r['runs'].items())))
                continue
            bc = p.get('script_only_by_cause', {})
            cells = ['%d / %d' % tuple(bc[c]) if c in bc else '-' for c in CAUSES]
            approx = ' (approx.)' if p['approximate_regions'] else ''
            out.append('| %s | %d / %d | %d / %d (%d / %d)%s | %s |' % (
                r['program'], p['script_events'][0], p['script_events'][1], p['script_only'][0],
                p['script_only'][1], p['script_multiset_only'][0], p['script_multiset_only'][1],
                approx, ' | '.join(cells)))
        out.append('')
    return '\n'.join(out)


if __name__ == '__main__':
    main()
