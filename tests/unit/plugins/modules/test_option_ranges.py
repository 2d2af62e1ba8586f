# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every numeric option of every module has a range: an absurd value is one clear error naming the option, and nothing
is sent (issue 32, bug 8: ``min_days_left: 99999999`` crashed billmgr_prolong with Python's OverflowError)."""

from __future__ import annotations

import importlib
import json
import os

import pytest


from ansible_collections.ispsystem.billmgr.tests.unit.plugins.cores import patch_module_args
from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import CONNECTION_SPEC
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import OPTION_RANGES

MODULES_DIR = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'modules')
MODULE_NAMES = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.startswith('billmgr_') and name.endswith('.py'))
# What each module needs besides the option under test to get as far as its task.
REQUIRED = {
    'billmgr_api': {'func': 'whoami'},
    'billmgr_service': {'type': 'vds', 'remoteid': 'web-1'},
    'billmgr_service_ip': {'remoteid': 'web-1'},
    'billmgr_service_ip_info': {'remoteid': 'web-1'},
    'billmgr_service_power': {'state': 'started', 'remoteid': ['web-1']},
    'billmgr_statdaily': {'item': 958, 'statdate': '2026-01-31'},
    'billmgr_prolong': {'remoteid': 'web-1', 'period': 1},
    'billmgr_license': {'licname': 'lic-1'},
}
HUGE = 10 ** 20


def _module(name):
    return importlib.import_module('ansible_collections.ispsystem.billmgr.plugins.modules.%s' % name)


def _numeric_options(name):
    """(option, 'int' or 'float') of a module's spec, the connection options included; a list of ints counts as int."""
    spec = dict(CONNECTION_SPEC, **_module(name).ARGUMENT_SPEC)
    found = []
    for option, settings in sorted(spec.items()):
        kind = settings.get('elements') if settings.get('type') == 'list' else settings.get('type')
        if kind in ('int', 'float'):
            found.append((option, kind))
    return found


def _absurd(option, kind):
    low, high = OPTION_RANGES[option]
    values = [high + 1, -HUGE, HUGE, low - 1]
    if kind == 'float':
        values += [float('nan'), float('inf'), float('-inf'), 1e300]
    return values


CASES = [(name, option, value) for name in MODULE_NAMES for option, kind in _numeric_options(name) for value in _absurd(option, kind)]


def run_module(http_server, capsys, name, **options):
    args = dict({'url': http_server.url, 'username': 'alice', 'password': 'pw'}, **REQUIRED.get(name, {}))
    if 'id' in options:
        args.pop('remoteid', None)  # one identity at a time
    args.update(options)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            _module(name).main()
    return json.loads(capsys.readouterr().out)


def test_every_numeric_option_of_every_module_has_a_range():
    missing = sorted(set(option for name in MODULE_NAMES for option, kind in _numeric_options(name)) - set(OPTION_RANGES))
    assert missing == [] and len(MODULE_NAMES) >= 13


@pytest.mark.parametrize('name, option, value', CASES, ids=['%s-%s-%s' % case for case in CASES])
def test_an_absurd_number_is_refused_by_name_before_any_request(http_server, capsys, name, option, value):
    kind = dict(_numeric_options(name))[option]
    given = [value] if _module(name).ARGUMENT_SPEC.get(option, {}).get('type') == 'list' else value
    result = run_module(http_server, capsys, name, **{option: given})
    assert result.get('failed') is True, result
    low, high = OPTION_RANGES[option]
    assert result['msg'] == '%s: %s is out of range (%s to %s)' % (option, float(value) if kind == 'float' else value, low, high)
    assert http_server.requests == [] and http_server.logins == []


def test_the_bounds_themselves_are_accepted(http_server, capsys):
    result = run_module(http_server, capsys, 'billmgr_account_info', days=3660, expenses=0, payments=1000, timeout=1)
    assert 'out of range' not in result.get('msg', ''), result
