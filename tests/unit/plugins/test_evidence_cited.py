# -*- coding: utf-8 -*-
# Copyright: contributors to ispsystem.billmgr
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every evidence citation in the repository can be looked up in docs/evidence.md, and no file
points outside the repository.

A citation is an E id (``E5``), a section of a review page (``real-panels §5.3``,
``real-panels.md 5.3``, ``real-panels-2 §9.3``, a bare ``§5.3`` = the first page) or a vendor page
(``seed 003``, ``seeds 001/003``); docs/evidence.md defines each with an anchor (``id="e5"``,
``id="rp1-5.3"``, ``id="rp2-9.3"``, ``id="seed-003"``). The files are read from the tree this test
sits in (tests/unit/plugins/ -> the root three levels up), so it also works in the copy that
ansible-test runs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
EVIDENCE = 'docs/evidence.md'

# What is read: the whole tree, minus what .gitignore keeps out (tool state, build and test output).
SKIP_DIRS = frozenset(('.git', '.venv', '.venv-tools', '.build', '.ansible', '__pycache__', '.pytest_cache',
                       '.mypy_cache', '.ruff_cache', '.tox'))
SKIP_PATHS = frozenset(('tests/output', 'tests/simulator/build'))
SKIP_SUFFIXES = ('.pyc', '.tar.gz', '.tmp', '.swp', '.sqlite', '.db', '.png', '.jpg', '.gif', '.ico')

# E ids: E and one or two digits, not a linter code in a noqa comment (E402) and not part of a longer word.
E_ID = re.compile(r'(?<![\w-])E([0-9]{1,2})(?!\w)')
NOQA = re.compile(r'noqa\b[^\n]*')
# A review page named, then one or more section numbers: "real-panels §5.3", "real-panels.md 7.1, 3.9, 8",
# "real-panels §4.1-4.3", "real-panels-2 §9.3", "real-panels.md (§3 ...".
PAGE = re.compile(r'real-panels(-2)?(?:\.md)?')
FIRST_NUMBER = re.compile(r'[\s:(]*(§\s*)?([0-9]+(?:\.[0-9]+)?)(?![0-9])')
MORE_NUMBERS = re.compile(r'\s*(?:,|-|–|—|/)\s*(§\s*)?([0-9]+(?:\.[0-9]+)?)(?![0-9])'
                          r'|\s*(?:;|and|or)\s*(§)\s*([0-9]+(?:\.[0-9]+)?)(?![0-9])')
BARE_SECTION = re.compile(r'§\s*([0-9]+(?:\.[0-9]+)?)(?![0-9])')
SEEDS = re.compile(r'\bseeds?\s+([0-9]{3}(?:\s*(?:/|,|\+|and)\s*[0-9]{3})*)(?![0-9])', re.IGNORECASE)
# Paths that name a machine or the evidence folder beside the checkout.
OUTSIDE = re.compile(r'\.\./shared\b|(?<![\w.~-])/(?:work|home|Users)/')


def _files():
    for top, dirs, names in os.walk(ROOT):
        rel_top = os.path.relpath(top, ROOT).replace(os.sep, '/')
        rel_top = '' if rel_top == '.' else rel_top + '/'
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith('.egg-info')
                         and rel_top + d not in SKIP_PATHS)
        for name in sorted(names):
            if name in SKIP_DIRS or name.endswith(SKIP_SUFFIXES):  # a worktree's .git is a file
                continue
            path = os.path.join(top, name)
            try:
                with open(path, 'rb') as handle:
                    data = handle.read()
                text = data.decode('utf-8')
            except (OSError, UnicodeDecodeError):
                continue
            yield rel_top + name, text


def _line(text, offset):
    return text.count('\n', 0, offset) + 1


def cited(text):
    """(kind, key, offset) of every citation in ``text``: kind 'e', 'rp1', 'rp2' or 'seed'."""
    found = []
    for match in E_ID.finditer(NOQA.sub(lambda m: ' ' * len(m.group(0)), text)):
        found.append(('e', 'e%d' % int(match.group(1)), match.start()))
    named = set()
    for match in PAGE.finditer(text):
        page = 'rp2' if match.group(1) else 'rp1'
        number = FIRST_NUMBER.match(text, match.end())
        while number:
            section = number.group(2) or number.group(4)
            named.add(text.find(section, number.start()))
            found.append((page, '%s-%s' % (page, section), number.start()))
            number = MORE_NUMBERS.match(text, number.end())
    for match in BARE_SECTION.finditer(text):
        if match.start(1) not in named:
            found.append(('rp1', 'rp1-' + match.group(1), match.start()))
    for match in SEEDS.finditer(text):
        for seed in re.findall(r'[0-9]{3}', match.group(1)):
            found.append(('seed', 'seed-' + seed, match.start()))
    return found


def _anchors():
    with open(os.path.join(ROOT, EVIDENCE), encoding='utf-8') as handle:
        return set(re.findall(r'<a id="([^"]+)"></a>', handle.read()))


def test_the_parser_reads_every_spelling_of_a_citation():
    text = ('x (E5) and E33; noqa: E402\nreal-panels §5.3, §3.9; E1 real-panels.md 7.1, 3.9, 8 and '
            'real-panels-2 §9.3 and (real-panels §4.1-4.3) §1.6 real-panels.md (§3 vendor seeds 001/003, Seed 004.')
    keys = sorted(key for _kind, key, _offset in cited(text))
    assert keys == sorted(['e5', 'e33', 'e1', 'rp1-5.3', 'rp1-3.9', 'rp1-7.1', 'rp1-3.9', 'rp1-8', 'rp2-9.3',
                           'rp1-4.1', 'rp1-4.3', 'rp1-1.6', 'rp1-3', 'seed-001', 'seed-003', 'seed-004'])


def test_every_citation_is_defined_in_docs_evidence():
    anchors = _anchors()
    missing = []
    for path, text in _files():
        if path == EVIDENCE:
            continue
        for _kind, key, offset in cited(text):
            if key not in anchors:
                missing.append('%s:%d: %s' % (path, _line(text, offset), key))
    assert not missing, 'cited but not defined in %s (add an entry with <a id="KEY"></a>):\n%s' % (
        EVIDENCE, '\n'.join(missing))


def test_no_file_names_a_path_outside_the_repository():
    found = []
    for path, text in _files():
        for match in OUTSIDE.finditer(text):
            found.append('%s:%d: %s' % (path, _line(text, match.start()), match.group(0)))
    assert not found, 'paths outside the repository (cite docs/evidence.md instead):\n' + '\n'.join(found)


def test_docs_evidence_defines_every_source_and_seed():
    anchors = _anchors()
    assert {'e%d' % n for n in range(1, 34)} <= anchors
    assert {'seed-%03d' % n for n in range(5)} <= anchors
