# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A corpus of bad input for every module and the inventory: each case fails with a clear message, and the panel is unchanged.

The modules' own suites test their everyday mistakes (an unknown tariff, period 5, an invalid IPv4
address, ...); this corpus adds the rest: wrong types, empty strings, huge values, unknown names,
impossible dates, bad addresses, negative numbers, unicode and shell text where a name belongs, and
missing identities or credentials. The cases of one module group run as one playbook (each task with
ignore_errors), the inventory configurations as the sources of one ansible-inventory run, between two
snapshots of the simulator's database.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from billmgr_sim.testing import db_snapshot, snapshot_changes

from .report import FIGURES

pytestmark = pytest.mark.usefixtures('reliability_test')

HUGE = 10 ** 30
DROP = object()  # leave the option out

# (case, module, options on top of the connection, words the message must contain - or a tuple of acceptable ones)
SERVICES = [
    ('empty type', 'billmgr_service', {'type': '', 'remoteid': 'bad-1', 'pricelist': 6},
     "type must be an item type name such as vds, dedic, vhost or platform; got ''"),
    ('shell text as type', 'billmgr_service', {'type': 'vds;rm -rf /', 'remoteid': 'bad-1', 'pricelist': 6}, 'type must be an item type name'),
    ('id of the wrong type', 'billmgr_service', {'type': 'vds', 'id': 'nine-five-eight'}, "argument 'id' is of type str"),
    # Refused by the module (the option and its range) or by the panel (value/id): either names the id; "Internal error" does not.
    ('huge id', 'billmgr_service', {'type': 'vds', 'id': HUGE}, 'id: 1000000000000000000000000000000 is out of range (1 to 2147483647)'),
    ('negative id', 'billmgr_service', {'type': 'vds', 'id': -958}, 'id: -958 is out of range (1 to 2147483647)'),
    ('negative period', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'period': -1},
     'period must be one of 1, 3, 6, 12, 24, 36 (months), daily, one-time, trial; got -1'),
    ('empty remoteid as the only identity', 'billmgr_service', {'type': 'vds', 'remoteid': '', 'pricelist': 6}, 'needs an identity for the service'),
    ('unicode domain', 'billmgr_service', {'type': 'vhost', 'domain': 'пример.рф', 'pricelist': 2}, 'domain'),
    ('domain with spaces and shell text', 'billmgr_service', {'type': 'vhost', 'domain': 'shop $(id).example.com', 'pricelist': 2}, 'domain'),
    ('negative tariff', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': -6},
     'unknown pricelist -6 for vds services to order; valid: VPS Mini (1)'),
    ('empty tariff', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': ''}, 'pricelist is required to order a new vds service'),
    ('add-on value not a number', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'addons': {'RAM': 'lots'}},
     "add-on RAM (11) takes a whole number; got 'lots'"),
    ('huge add-on value', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'addons': {'RAM': HUGE}},
     'add-on RAM (11) must be between 256 and 65536 MB'),
    ('add-ons as a list', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'addons': [2048, 2]}, "argument 'addons' is of type list"),
    ('negative auto-renewal', 'billmgr_service', {'type': 'vds', 'id': 958, 'autoprolong': -1},
     "autoprolong must be one of 1, 3, 6, 12, 24, 36 (months), daily or off; got -1"),
    ('unknown state', 'billmgr_service', {'type': 'vds', 'id': 958, 'state': 'gone'}, 'value of state must be one of: present, absent, suspended, got: gone'),
    ('unknown API form', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'api': 'v3'}, 'value of api must be one of: v2, v1'),
    ('unknown OS template', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'ostempl': 'Windows-95'}, 'ostempl'),
    ('url that is not a URL', 'billmgr_service', {'url': 'not a url', 'type': 'vds', 'id': 958}, 'not a url'),
    ('timeout of the wrong type', 'billmgr_service', {'type': 'vds', 'id': 958, 'timeout': 'soon'}, "argument 'timeout' is of type str"),
    ('validate_certs neither true nor false', 'billmgr_service', {'type': 'vds', 'id': 958, 'validate_certs': 'maybe'}, "argument 'validate_certs'"),
    ('no user', 'billmgr_service', {'username': DROP, 'password': DROP, 'type': 'vds', 'id': 958}, 'one of the following is required: username, session'),
    ('user without a password', 'billmgr_service', {'password': DROP, 'type': 'vds', 'id': 958}, 'parameters are required together: username, password'),
    # Money limits that are no numbers, and numbers out of range (issue 32, bugs 7 and 8): refused before any request.
    ('max_cost not a number (NaN)', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'max_cost': 'NaN'}, 'max_cost'),
    ('keep_balance infinite', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'keep_balance': 'inf'}, 'keep_balance'),
    ('huge max_cost', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-1', 'pricelist': 6, 'max_cost': HUGE}, 'max_cost'),
    ('huge wait_timeout', 'billmgr_service', {'type': 'vds', 'id': 958, 'wait_timeout': HUGE}, 'wait_timeout'),
    # Limits on every paid write (issue 32, bug 3): each priced by the panel and refused before it is sent.
    ('an order above max_cost', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-limit', 'pricelist': 6, 'max_cost': 0},
     'more than max_cost'),
    ('an order below keep_balance', 'billmgr_service', {'type': 'vds', 'remoteid': 'bad-limit', 'pricelist': 6, 'keep_balance': 10 ** 9},
     'below keep_balance'),
    ('an add-on change above max_cost', 'billmgr_service', {'type': 'dedic', 'id': 1065, 'addons': {'26': 3}, 'max_cost': 0},
     'more than max_cost'),
    ('a tariff change above max_cost', 'billmgr_service',
     {'type': 'vds', 'id': 958, 'pricelist': 'VPS Pro', 'allow_tariff_change': True, 'max_cost': 0}, 'more than max_cost'),
    ('unknown status', 'billmgr_service_info', {'status': [99]}, 'unknown status 99'),
    ('shell text in a type list', 'billmgr_service_info', {'type': ['vds', 'vds&func=vds.delete']}, 'type must be an item type name'),
    ('id of the wrong type', 'billmgr_service_info', {'id': 'twelve'}, "argument 'id' is of type str"),
    ('unknown tariff', 'billmgr_pricelist_info', {'pricelist': 'VPS Galactic'}, "unknown pricelist 'VPS Galactic'"),
    ('unknown item type', 'billmgr_pricelist_info', {'type': ['spaceship']}, "The value of field 'itemtype' is invalid"),
    ('item of the wrong type', 'billmgr_statdaily', {'item': 'web', 'statdate': '2026-01-01'}, "argument 'item' is of type str"),
    ('month 13', 'billmgr_statdaily', {'item': 958, 'statdate': '2026-13-01'}, "statdate must be a date written YYYY-MM-DD; got '2026-13-01'"),
    ('empty date', 'billmgr_statdaily', {'item': 958, 'statdate': ''}, "statdate must be a date written YYYY-MM-DD; got ''"),
    ('no item', 'billmgr_statdaily', {'statdate': '2026-01-01'}, 'missing required arguments: item'),
]

LICENSES = [
    ('private address', 'billmgr_license', {'licname': 'bad-lic', 'pricelist': 3541, 'ip': '10.0.0.1'}, 'cannot be ordered for 10.0.0.1'),
    ('broken IPv6 address', 'billmgr_license', {'licname': 'bad-lic', 'pricelist': 3541, 'ip': '2001:db8::zz'}, "ip: '2001:db8::zz' is not an IP address"),
    ('empty address', 'billmgr_license', {'licname': 'bad-lic', 'pricelist': 3541, 'ip': ''}, "ip: '' is not an IP address"),
    ('empty name', 'billmgr_license', {'licname': '', 'pricelist': 3541, 'ip': '94.250.248.90'}, 'licname'),
    ('blank name', 'billmgr_license', {'licname': '   ', 'pricelist': 3541, 'ip': '94.250.248.90'}, 'licname: an empty name cannot identify a license'),
    ('negative wait', 'billmgr_license', {'licname': 'bad-lic', 'pricelist': 3541, 'ip': '94.250.248.90', 'wait_timeout': -1},
     'wait_timeout: -1 is out of range (0 to 86400)'),
    ('legacy period on the current API', 'billmgr_license', {'id': 777, 'legacy_period': 8}, 'legacy_period is an option of api=legacy'),
    ('deleting through the legacy API', 'billmgr_license', {'api': 'legacy', 'id': 334673, 'state': 'absent'}, 'not available with api=legacy'),
    ('a new key for a license being deleted', 'billmgr_license', {'id': 777, 'state': 'absent', 'regenerate_key': True},
     'regenerate_key and renew need state=present'),
    ('negative id', 'billmgr_license', {'id': -777, 'renew': True}, 'id: -777 is out of range (1 to 2147483647)'),
    ('negative add-on', 'billmgr_license', {'licname': 'bad-lic', 'pricelist': 'VMmanager KVM', 'ip': '94.250.248.90', 'addons': {'Nodes': -3}},
     'add-on Nodes (3049) must be between 1 and 100 pcs; got -3'),
    ('30 February', 'billmgr_license_info', {'expires_after': '2026-02-30'}, "expires_after must be a date written YYYY-MM-DD; got '2026-02-30'"),
    ('a word for a date', 'billmgr_license_info', {'expires_before': 'tomorrow'}, "expires_before must be a date written YYYY-MM-DD; got 'tomorrow'"),
    ('three-part address', 'billmgr_license_info', {'ip': '1.2.3'}, "ip: '1.2.3' is not an IP address"),
    ('unknown status', 'billmgr_license_info', {'status': ['expired']},
     'value of statuses must be one or more of: ordered, active, suspended, deleted, processing. Got no match for: expired'),
    ('29 February of a common year', 'billmgr_prolong', {'type': 'vds', 'id': 958, 'until': '2027-02-29'}, 'until must be a date written YYYY-MM-DD'),
    ('negative period', 'billmgr_prolong', {'type': 'vds', 'id': 958, 'period': -1}, 'period must be one of 1, 3, 6, 12, 24, 36 months, or daily; got -1'),
    ('the year 9999', 'billmgr_prolong', {'type': 'vds', 'id': 958, 'until': '9999-12-31'}, 'takes more than max_renewals (36) renewals of 1 month(s)'),
    ('licname for a VPS', 'billmgr_prolong', {'type': 'vds', 'licname': 'alice-lite', 'period': 1},
     'licname identifies a license (type soft), not a vds service'),
    ('id 0', 'billmgr_prolong', {'type': 'vds', 'id': 0, 'period': 1}, 'id: 0 is out of range (1 to 2147483647)'),
    ('max_cost not a number on a renewal', 'billmgr_prolong', {'type': 'vds', 'id': 958, 'period': 1, 'max_cost': 'NaN'}, 'max_cost'),
    ('min_days_left of 99999999 days', 'billmgr_prolong', {'type': 'vds', 'id': 958, 'min_days_left': 99999999},
     'min_days_left: 99999999 is out of range'),
    ('a renewal above max_cost', 'billmgr_prolong', {'type': 'vds', 'id': 958, 'period': 1, 'max_cost': 0},
     ('more than max_cost', 'shows no price')),
    ('empty remoteid', 'billmgr_prolong', {'type': 'vds', 'remoteid': '', 'period': 1},
     'a service is chosen by id, or by type with remoteid, domain or licname'),
]

# (case, inventory options on top of the connection, words the error must contain)
INVENTORIES = [
    ('unknown status', {'statuses': ['sleeping']}, "Invalid value ['sleeping'] for config 'statuses'"),
    ('a type that is not an item type name', {'types': ['vds; rm']}, 'types: type must be an item type name'),
    ('unknown host name field', {'hostnames': ['colour']}, "Invalid value ['colour'] for config 'hostnames'"),
    ('timeout of the wrong type', {'timeout': 'soon'}, "Config 'timeout'"),
    ('no password', {'password': DROP}, 'either username and password or session is required'),
    ('no URL', {'url': DROP}, 'url'),
    ('empty URL', {'url': ''}, 'url'),
]


def playbook(sim, cases):
    tasks = []
    for number, (case, module, options, _words) in enumerate(cases):
        args = {'url': sim.url, 'username': 'alice', 'password': 'Ali-6b1d'}
        args.update(options)
        args = dict((key, value) for key, value in args.items() if value is not DROP)
        tasks.append({'name': 'case %d: %s' % (number, case), 'ispsystem.billmgr.%s' % module: args, 'ignore_errors': True})
    return '- hosts: localhost\n  gather_facts: false\n  tasks:\n' + textwrap.indent('\n'.join(
        '- ' + textwrap.indent(json.dumps(task), '  ').lstrip() for task in tasks), '    ') + '\n'


def run_corpus(sim, runner, cases, group):
    sim.reset()
    before = db_snapshot(sim)
    sim.reset_counters()
    run = runner.playbook(playbook(sim, cases))
    counters = sim.counters()
    changes = snapshot_changes(before, db_snapshot(sim))
    unclear = {}
    for number, (case, module, _options, words) in enumerate(cases):
        failed = run.failed('case %d: %s' % (number, case))
        message = failed[0]['result'].get('msg', '') if failed else ''
        if not failed:
            unclear[case] = 'did not fail: %s' % run.task('case %d: %s' % (number, case))
        elif not any(one in message for one in (words if isinstance(words, tuple) else (words,))) or 'Traceback' in message:
            unclear[case] = message
        FIGURES.row('bad_input', target=module, case=case, message=message or 'NOT REJECTED')
    rejected = len(cases) - len([case for case, why in unclear.items() if why.startswith('did not fail')])
    FIGURES.add('bad_input', runs=1, tried=len(cases), rejected=rejected, unclear_messages=len(unclear) - (len(cases) - rejected),
                state_changed=len(changes))
    return run, counters, changes, unclear


@pytest.mark.parametrize('group', ['services', 'licenses'])
def test_bad_module_input_fails_clearly_and_changes_nothing(sim, runner, group):
    cases = SERVICES if group == 'services' else LICENSES
    run, counters, changes, unclear = run_corpus(sim, runner, cases, group)

    assert 'Traceback' not in run.stdout + run.stderr
    assert unclear == {}, json.dumps(unclear, indent=1, ensure_ascii=False)
    assert changes == {}, changes
    assert len(run.tasks) == len(cases), run
    assert counters['auth_failures'] == {}


def inventory_sources(stderr, paths):
    """stderr of one ansible-inventory run over several sources, cut into what it said about each source (by path).

    Ansible tries the sources in order and ends what it says about each one with "Unable to parse PATH as an inventory
    source" when no plugin could parse it; a source missing from the result was parsed.
    """
    said = {}
    lines = []
    for line in stderr.splitlines():
        lines.append(line)
        for path in paths:
            if line.strip() == '[WARNING]: Unable to parse %s as an inventory source' % path:
                said[path] = '\n'.join(lines)
                lines = []
    return said


def test_bad_inventory_configuration_fails_clearly(sim, runner):
    """Every configuration is a source of its own in one ansible-inventory run: each one must fail to parse, with its message."""
    sim.reset()
    before = db_snapshot(sim)
    paths = []
    for number, (_case, options, _words) in enumerate(INVENTORIES):
        config = {'plugin': 'ispsystem.billmgr.billmgr', 'url': sim.url, 'username': 'alice', 'password': 'Ali-6b1d'}
        config.update(options)
        config = dict((key, value) for key, value in config.items() if value is not DROP)
        paths.append(runner.workdir / ('bad-%d.billmgr.yml' % number))
        paths[-1].write_text(json.dumps(config))
    extra = [arg for path in paths[1:] for arg in ('-i', str(path))]
    rc, data, _stdout, stderr = runner.inventory(paths[0].read_text(), name=paths[0].name, extra_args=extra,
                                                 env={'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true'})
    said = inventory_sources(stderr, [str(path) for path in paths])
    unclear = {}
    for path, (case, _options, words) in zip(paths, INVENTORIES):
        text = said.get(str(path), '')
        message = ' '.join(line.strip().split(' plugin: ', 1)[-1] for line in text.splitlines() if words in line)
        if not text or words not in text or 'Traceback' in text:
            unclear[case] = text[-600:] or 'parsed'
        FIGURES.row('bad_input', target='billmgr inventory', case=case, message=message or text.strip()[-160:] or 'NOT REJECTED')
    changes = snapshot_changes(before, db_snapshot(sim))
    FIGURES.add('bad_input', runs=1, tried=len(INVENTORIES), rejected=len([c for c, _o, _w in INVENTORIES if c not in unclear]),
                state_changed=len(changes))

    # no source parsed: ansible-inventory fails as a whole (ANSIBLE_INVENTORY_UNPARSED_FAILED), and lists nothing
    assert rc != 0 and data is None, (rc, stderr[-600:])
    assert 'Traceback' not in stderr, stderr
    assert unclear == {}, json.dumps(unclear, indent=1)
    assert changes == {}
