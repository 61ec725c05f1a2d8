#!/usr/bin/env python3
"""Records what each real CPython 3.8-3.14 prints for every scenario.

Runs every built-in scenario (resources/scenarios/*.py) and test scenario
(tests/data/scenarios/*.py) under each pyenv interpreter and writes its
standard output to tests/data/expected/<version>/<scenario>.out, plus the
interpreters' exact versions in tests/data/expected/VERSIONS. The scenario
conformance tests compare the engine with these files on any machine.

    python3 scripts/record_scenario_expectations.py [--check] [--runs N] [--versions 3.8,3.12]

--check writes nothing and reports every committed file the interpreters no
longer reproduce; --runs N runs each scenario N times and reports any output
that differs between runs of the same interpreter (it is then not recorded).
Interpreters are looked up as $PYENV_ROOT/versions/3.X.*/bin/python (default
PYENV_ROOT ~/.pyenv). The runs get no PYTHON* environment variable but
PYTHONUNBUFFERED=1: the engine models an unbuffered sys.stdout, and a buffered
one (python's default) changes gc.get_count() in the scenarios that print.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO_DIRS = [os.path.join(ROOT, 'resources', 'scenarios'),
                 os.path.join(ROOT, 'tests', 'data', 'scenarios')]
EXPECTED = os.path.join(ROOT, 'tests', 'data', 'expected')
VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14']


def scenarios():
    """(name, path) of every scenario, sorted by name; names must be unique."""
    found = {}
    for d in SCENARIO_DIRS:
        for path in sorted(glob.glob(os.path.join(d, '*.py'))):
            name = os.path.splitext(os.path.basename(path))[0]
            if name in found:
                sys.exit('two scenarios named %s: %s and %s' % (name, found[name], path))
            found[name] = path
    return sorted(found.items())


def interpreter(minor):
    """The newest pyenv interpreter of this minor version, or None."""
    pyenv = os.environ.get('PYENV_ROOT', os.path.expanduser('~/.pyenv'))
    paths = glob.glob(os.path.join(pyenv, 'versions', minor + '.*', 'bin', 'python'))
    paths = [p for p in paths if re.fullmatch(re.escape(minor) + r'\.\d+',
                                              os.path.basename(os.path.dirname(os.path.dirname(p))))]

    def patch(p):
        return int(os.path.basename(os.path.dirname(os.path.dirname(p))).rsplit('.', 1)[1])

    return max(paths, key=patch) if paths else None


def run(python, args, env, cwd):
    r = subprocess.run([python] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--check', action='store_true', help='compare with the committed files, write nothing')
    ap.add_argument('--runs', type=int, default=2, help='runs per scenario and version (default 2)')
    ap.add_argument('--versions', default=','.join(VERSIONS), help='comma-separated minor versions')
    args = ap.parse_args()
    versions = [v for v in args.versions.split(',') if v]
    for v in versions:
        if v not in VERSIONS:
            sys.exit('unknown version %s (known: %s)' % (v, ' '.join(VERSIONS)))

    env = {k: val for k, val in os.environ.items() if not k.startswith('PYTHON')}
    env['PYTHONUNBUFFERED'] = '1'
    problems = []
    exact = {}
    with tempfile.TemporaryDirectory() as cwd:
        for v in versions:
            python = interpreter(v)
            if not python:
                sys.exit('no interpreter for %s under $PYENV_ROOT/versions' % v)
            code, out, err = run(python, ['-c', 'import sys; print(sys.version.split()[0]); print(sys.version)'],
                                 env, cwd)
            full = out.decode().splitlines()
            if code or not full[0].startswith(v + '.'):
                sys.exit('%s is not a working Python %s: %s' % (python, v, err.decode()))
            exact[v] = (full[0], ' '.join(' '.join(full[1:]).split()))
            print('%s: %s' % (v, python))
            folder = os.path.join(EXPECTED, v)
            if not args.check:
                os.makedirs(folder, exist_ok=True)
            for name, path in scenarios():
                outs = set()
                for _ in range(max(1, args.runs)):
                    code, out, err = run(python, [path], env, cwd)
                    if code:
                        problems.append('%s %s: exit status %d: %s' % (v, name, code, err.decode().strip()))
                    outs.add(out)
                if len(outs) > 1:
                    problems.append('%s %s: the output differs between runs (not recorded)' % (v, name))
                    continue
                target = os.path.join(folder, name + '.out')
                out = outs.pop()
                if args.check:
                    old = open(target, 'rb').read() if os.path.exists(target) else None
                    if old != out:
                        problems.append('%s: %s' % (os.path.relpath(target, ROOT),
                                                    'missing' if old is None else 'differs'))
                else:
                    with open(target, 'wb') as f:
                        f.write(out)
            if not args.check:
                names = {n for n, _ in scenarios()}
                for f in sorted(os.listdir(folder)):
                    if f.endswith('.out') and f[:-4] not in names:
                        os.remove(os.path.join(folder, f))
                        print('removed %s (no such scenario)' % os.path.relpath(os.path.join(folder, f), ROOT))

    if not args.check:
        # Keep the lines of the versions not recorded this time.
        versions_file = os.path.join(EXPECTED, 'VERSIONS')
        lines = {}
        if os.path.exists(versions_file):
            for line in open(versions_file):
                if line.strip() and not line.startswith('#'):
                    lines[line.split()[0]] = line.rstrip('\n')
        for v in versions:
            lines[v] = '%s %s %s' % (v, exact[v][0], exact[v][1])
        with open(versions_file, 'w') as f:
            f.write('# The interpreters that printed tests/data/expected/<version>/<scenario>.out\n'
                    '# (scripts/record_scenario_expectations.py): version, exact version, sys.version.\n')
            for v in VERSIONS:
                if v in lines:
                    f.write(lines[v] + '\n')

    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)


if __name__ == '__main__':
    main()
