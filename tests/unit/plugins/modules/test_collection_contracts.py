# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Promises that span the collection: every module is in the action group and routed by its short name,
and a host without requests gets Ansible's missing-library message, not an ImportError."""

from __future__ import annotations

import importlib
import json
import pathlib

import pytest
import yaml


from ansible_collections.ispsystem.billmgr.tests.unit.plugins.cores import patch_module_args
from ansible_collections.ispsystem.billmgr.plugins.doc_fragments.billmgr import ModuleDocFragment
from ansible_collections.ispsystem.billmgr.plugins.module_utils import _base

ROOT = pathlib.Path(__file__).resolve().parents[4]
MODULE_NAMES = sorted(p.stem for p in (ROOT / 'plugins' / 'modules').glob('*.py') if p.stem != '__init__')
RUNTIME = yaml.safe_load((ROOT / 'meta' / 'runtime.yml').read_text())


def test_there_are_modules_to_check():
    assert 'billmgr_service' in MODULE_NAMES and len(MODULE_NAMES) >= 7


def test_every_module_is_in_the_billmgr_action_group():
    # module_defaults: {group/ispsystem.billmgr.billmgr: ...} silently skips a module missing here.
    assert sorted(RUNTIME['action_groups']['billmgr']) == MODULE_NAMES


@pytest.mark.parametrize('name', MODULE_NAMES)
def test_every_module_has_its_short_name_routed_and_says_it_is_in_the_group(name):
    short = name[len('billmgr_'):]
    assert RUNTIME['plugin_routing']['modules'][short] == {'redirect': 'ispsystem.billmgr.%s' % name}
    documentation = yaml.safe_load(importlib.import_module('ansible_collections.ispsystem.billmgr.plugins.modules.%s' % name).DOCUMENTATION)
    fragments = documentation['extends_documentation_fragment']
    assert 'ispsystem.billmgr.billmgr.actiongroup' in fragments
    # A read-only module takes its check and diff mode attributes from the info_module fragment.
    attributes = dict(documentation.get('attributes') or {})
    if 'ispsystem.billmgr.billmgr.info_module' in fragments:
        attributes.update(yaml.safe_load(ModuleDocFragment.INFO_MODULE)['attributes'])
    assert set(attributes) >= {'check_mode', 'diff_mode'}


def test_the_action_group_fragment_documents_the_group_and_the_platform():
    fragment = yaml.safe_load(ModuleDocFragment.ACTIONGROUP)['attributes']
    assert fragment['action_group']['membership'] == ['ispsystem.billmgr.billmgr'] and 'billmgr' in RUNTIME['action_groups']
    assert fragment['platform']['platforms'] == 'all'


@pytest.mark.parametrize('name', MODULE_NAMES)
def test_without_requests_a_module_fails_with_the_missing_library_message(name, monkeypatch, capsys):
    monkeypatch.setattr(_base, 'HAS_REQUESTS', False)
    monkeypatch.setattr(_base, 'REQUESTS_IMPORT_ERROR', ImportError("No module named 'requests'"))
    module = importlib.import_module('ansible_collections.ispsystem.billmgr.plugins.modules.%s' % name)
    args = {'url': 'https://panel.example:1500/billmgr', 'username': 'alice', 'password': 'pw'}
    # Enough options for argument checking to pass, so the library check is what stops the module.
    args.update({'billmgr_service': {'type': 'vds', 'remoteid': 'r'}, 'billmgr_license': {'licname': 'x'},
                 'billmgr_prolong': {'type': 'vds', 'id': 1, 'until': '2030-01-01'},
                 'billmgr_statdaily': {'item': 1, 'statdate': '2026-01-01'}, 'billmgr_api': {'func': 'whoami'},
                 'billmgr_service_power': {'id': [1], 'state': 'started'}, 'billmgr_service_ip': {'id': 1},
                 'billmgr_service_ip_info': {'id': 1}}.get(name, {}))
    with patch_module_args(args):
        with pytest.raises(SystemExit) as exit_:
            module.main()
    result = json.loads(capsys.readouterr().out)
    assert exit_.value.code == 1
    assert 'Failed to import the required Python library (requests)' in result['msg'], result['msg']


def test_the_raw_api_module_points_to_every_dedicated_module():
    """billmgr_api is the escape hatch: its description names the modules that are safe to run again instead."""
    documentation = yaml.safe_load(importlib.import_module(
        'ansible_collections.ispsystem.billmgr.plugins.modules.billmgr_api').DOCUMENTATION)
    text = ' '.join(documentation['description'])
    missing = [name for name in MODULE_NAMES if name != 'billmgr_api' and 'M(ispsystem.billmgr.%s)' % name not in text]
    assert not missing, missing


def _role_tasks():
    for path in sorted((ROOT / 'roles' / 'vps' / 'tasks').glob('*.yml')):
        for task in yaml.safe_load(path.read_text()) or []:
            yield from [task] + list(task.get('block') or [])


def test_what_the_vps_role_hands_on_is_documented_where_users_read():
    # ansible-doc -t role (meta/argument_specs.yml) and the README name every host variable the role's add_host sets and
    # every variable it leaves on the play's host (register, set_fact): read from the tasks, so the docs cannot drift.
    handed = set()
    for task in _role_tasks():
        added = task.get('ansible.builtin.add_host')
        if added:
            handed.update(key for key in added if key not in ('name', 'groups'))
        if task.get('register'):
            handed.add(task['register'])
        handed.update(task.get('ansible.builtin.set_fact') or {})
    assert {'ansible_host', 'billmgr_id', 'billmgr_remoteid', 'vps_order', 'vps_loopback'} <= handed
    specs = yaml.safe_load((ROOT / 'roles' / 'vps' / 'meta' / 'argument_specs.yml').read_text())
    described = ' '.join(specs['argument_specs']['main']['description'])
    readme = (ROOT / 'roles' / 'vps' / 'README.md').read_text()
    for name in sorted(handed):
        assert 'C(%s)' % name in described, '%s is handed on but not in argument_specs.yml' % name
        assert '`%s`' % name in readme, '%s is handed on but not in the role README' % name
