# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every YAML example the user reads: the fenced ```yaml blocks of README.md, docs/*.md and the role's README, and the
modules' EXAMPLES, found and sorted by what they are (test_docs_examples.py runs them against the simulator)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PAGES = ['README.md', 'roles/vps/README.md'] + sorted('docs/' + path.name for path in (ROOT / 'docs').glob('*.md'))
BLOCK = re.compile(r'^```ya?ml\n(.*?)^```', re.M | re.S)


class Example(object):
    """One example: where it is (``page:line``), its text, and its kind: plays, tasks, inventory, inventory-options, other."""

    def __init__(self, page, line, text):
        self.page, self.line, self.text = page, line, text
        try:
            self.data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            self.data, self.kind = str(exc), 'not yaml'
        else:
            self.kind = kind_of(self.data)

    @property
    def where(self):
        return '%s:%d' % (self.page, self.line)

    @property
    def first_line(self):
        return self.text.splitlines()[0]


def kind_of(data):
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        if all('hosts' in item for item in data):
            return 'plays'
        if not any('hosts' in item for item in data):
            return 'tasks'
    if isinstance(data, dict):
        if data.get('plugin') == 'ispsystem.billmgr.billmgr':
            return 'inventory'
    return 'other'


def page_examples(page):
    text = (ROOT / page).read_text(encoding='utf-8')
    return [Example(page, text[:match.start()].count('\n') + 2, match.group(1)) for match in BLOCK.finditer(text)]


def module_examples():
    found = []
    for path in sorted((ROOT / 'plugins' / 'modules').glob('*.py')):
        tree = ast.parse(path.read_text(encoding='utf-8'))
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(target, 'id', None) == 'EXAMPLES' for target in node.targets):
                found.append(Example('plugins/modules/' + path.name, node.lineno + 1, ast.literal_eval(node.value).lstrip('\n')))
    return found


def all_examples():
    return [example for page in PAGES for example in page_examples(page)] + module_examples()
