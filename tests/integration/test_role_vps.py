# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ispsystem.billmgr.vps role against the simulator: wrong inputs, idempotence, the handed-on host, the recipe.

Wrong inputs must fail before anything is ordered: checked against what the simulator holds
(services, balance, requests), not only against the play's exit code.
"""

from __future__ import annotations

import json

import pytest

from billmgr_sim.testing import edit_form, listed, panel_requests

GROUP = 'role_vps_test'
VALIDATION = "Validating arguments against arg spec 'main'"

# include_role, as the molecule scenario does; the connection comes from the play's module_defaults
# (as in the scenario) or from the role's vps_url / vps_username / vps_password.
PLAY = '''\
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/ispsystem.billmgr.billmgr: {defaults}
  tasks:
    - name: Run the vps role
      ansible.builtin.include_role:
        name: ispsystem.billmgr.vps
      vars: {role_vars}

    - name: Show what the role handed on
      ansible.builtin.debug:
        msg:
          hosts: "{{{{ groups['{group}'] | default([]) }}}}"
          ansible_host: "{{{{ groups['{group}'] | default([]) | map('extract', hostvars, 'ansible_host') | list }}}}"
          billmgr_id: "{{{{ groups['{group}'] | default([]) | map('extract', hostvars, 'billmgr_id') | list }}}}"
'''

BASE = {
    'vps_remoteid': 'role-vps-1',
    'vps_pricelist': 'VPS Start',
    'vps_ostempl': 'ISPsystem__Debian-12-amd64',
    'vps_wait_timeout': 60,
    'vps_wait_for_connection': False,
    'vps_add_host_groups': [GROUP],
}


def run_role(ansible, user='alice', via='module_defaults', drop=(), **role_vars):
    """Run the role as ``user`` with BASE updated by ``role_vars`` and without the names in ``drop``."""
    values = dict(BASE, **role_vars)
    for name in drop:
        values.pop(name)
    conn = ansible.connection(user)
    if via == 'module_defaults':
        defaults = conn
    else:
        defaults = {}
        values.update({'vps_url': conn['url'], 'vps_username': conn['username'], 'vps_password': conn['password']})
    # JSON is YAML: the values keep their types (int, bool, list) in the playbook.
    return ansible.playbook(PLAY.format(defaults=json.dumps(defaults), role_vars=json.dumps(values), group=GROUP))


def role_task(run, suffix):
    """The result of the role's task whose name ends with ``suffix`` (role task names carry the role's name first)."""
    found = [t for t in run.tasks if t['name'].endswith(suffix)]
    assert found, 'no task ending %r ran; tasks: %s\n%r' % (suffix, [t['name'] for t in run.tasks], run)
    return found[-1]


# -- wrong inputs fail before anything is ordered ------------------------------------------

@pytest.mark.parametrize('missing', ['vps_pricelist', 'vps_remoteid', 'vps_ostempl'])
def test_missing_required_input_fails_in_argument_validation(ansible, billmgr_sim, missing):
    balance = billmgr_sim.account('alice')['balance']
    before = len(listed(billmgr_sim, 'vds'))
    billmgr_sim.reset_counters()

    run = run_role(ansible, drop=[missing])

    assert run.rc != 0, run
    [failed] = [t for t in run.tasks if t['outcome'] == 'failed']
    assert VALIDATION in failed['name'], run
    assert 'missing required arguments: %s' % missing in failed['result']['msg']
    assert not any(t['name'].endswith('Look for the VPS ordered before under this remoteid') for t in run.tasks)
    assert panel_requests(billmgr_sim.counters()) == {}
    assert len(listed(billmgr_sim, 'vds')) == before
    assert billmgr_sim.account('alice')['balance'] == balance


@pytest.mark.parametrize('empty, value', [('vps_pricelist', ''), ('vps_remoteid', ' '), ('vps_ostempl', ''), ('vps_ostempl', None)])
def test_empty_required_input_fails_before_any_request(ansible, billmgr_sim, empty, value):
    balance = billmgr_sim.account('alice')['balance']
    before = len(listed(billmgr_sim, 'vds'))
    billmgr_sim.reset_counters()

    run = run_role(ansible, **{empty: value})

    assert run.rc != 0, run
    [failed] = [t for t in run.tasks if t['outcome'] == 'failed']
    assert 'are not empty' in failed['name'], run
    [item] = [r for r in failed['result']['results'] if r.get('failed')]
    assert item['item'] == empty
    assert item['msg'].startswith('%s must not be empty' % empty)
    assert panel_requests(billmgr_sim.counters()) == {}
    assert len(listed(billmgr_sim, 'vds')) == before
    assert billmgr_sim.account('alice')['balance'] == balance


def test_unknown_os_template_fails_with_the_tariffs_templates_before_ordering(ansible, billmgr_sim):
    balance = billmgr_sim.account('alice')['balance']
    before = len(listed(billmgr_sim, 'vds'))
    billmgr_sim.reset_counters()

    run = run_role(ansible, vps_ostempl='ISPsystem__Windows-95')

    assert run.rc != 0, run
    failed = role_task(run, 'Order the VPS, or find the one ordered before, and wait until it is active')
    assert failed['outcome'] == 'failed'
    # Checked against the tariff, not left to the panel's refusal of the order (issue 36): one line with what it has.
    assert failed['result']['msg'] == ("unknown ostempl 'ISPsystem__Windows-95' for tariff VPS Start (6); valid: "
                                       "ISPsystem__CentOS-7-amd64 (CentOS 7 (amd64)), ISPsystem__Debian-12-amd64 (Debian 12 (amd64))")
    assert 'v2.vds.order.param' not in panel_requests(billmgr_sim.counters())
    assert not any(t['name'].endswith('Add the VPS to the inventory') for t in run.tasks)
    assert len(listed(billmgr_sim, 'vds')) == before
    assert not [s for s in listed(billmgr_sim, 'vds') if s.get('remoteid') == 'role-vps-1']
    assert billmgr_sim.account('alice')['balance'] == balance


# -- order, then run again ---------------------------------------------------------------

@pytest.mark.parametrize('via', ['module_defaults', 'role_vars'])
def test_order_then_again_changes_nothing_and_still_hands_the_host_on(ansible, billmgr_sim, via):
    balance = billmgr_sim.account('alice')['balance']

    first = run_role(ansible, via=via)
    assert first.rc == 0, first
    order = role_task(first, 'Order the VPS, or find the one ordered before, and wait until it is active')['result']
    assert order['changed'] is True
    service = order['service']
    assert service['status'] == 2 and service['ip'] and service['ostempl'] == 'ISPsystem__Debian-12-amd64'
    handed = first.task('Show what the role handed on')['msg']
    assert handed == {'hosts': [service['domain']], 'ansible_host': [service['ip']], 'billmgr_id': [service['id']]}
    [row] = [s for s in listed(billmgr_sim, 'vds') if s.get('remoteid') == 'role-vps-1']
    assert row['ip'] == service['ip'] and row['ostempl'] == 'ISPsystem__Debian-12-amd64'
    paid = billmgr_sim.account('alice')['balance']
    assert paid < balance

    again = run_role(ansible, via=via)
    assert again.rc == 0, again
    assert [t['name'] for t in again.tasks if t['result'].get('changed')] == []
    assert role_task(again, 'Order the VPS, or find the one ordered before, and wait until it is active')['result']['service']['id'] == service['id']
    assert again.task('Show what the role handed on')['msg'] == handed
    assert len([s for s in listed(billmgr_sim, 'vds') if s.get('remoteid') == 'role-vps-1']) == 1
    assert billmgr_sim.account('alice')['balance'] == paid


# -- an existing VPS whose recipe differs --------------------------------------------------

REPORT = 'Report a recipe that differs from the requested one (left alone; set vps_reapply_recipe to apply it)'
ORDER = 'Order the VPS, or find the one ordered before, and wait until it is active'


def test_differing_recipe_is_reported_and_only_reapplied_when_asked(ansible, billmgr_sim):
    ordered = run_role(ansible, vps_recipe='ISPsystem__LAMP')
    assert ordered.rc == 0, ordered
    service = role_task(ordered, ORDER)['result']['service']
    assert service['recipe'] == 'ISPsystem__LAMP'
    assert role_task(ordered, REPORT)['outcome'] == 'skipped'
    paid = billmgr_sim.account('alice')['balance']
    billmgr_sim.reset_counters()

    # Without vps_reapply_recipe: the difference is reported, nothing is sent to change the server.
    kept = run_role(ansible, vps_recipe='ISPsystem__Docker')
    assert kept.rc == 0, kept
    assert [t['name'] for t in kept.tasks if t['result'].get('changed')] == []
    report = role_task(kept, REPORT)
    assert report['outcome'] == 'ok'
    assert 'has recipe ISPsystem__LAMP' in report['result']['msg'] and 'not ISPsystem__Docker' in report['result']['msg']
    assert 'vds.edit' not in panel_requests(billmgr_sim.counters())
    assert edit_form(billmgr_sim, 'vds', service['id'])['recipe'] == 'ISPsystem__LAMP'
    assert kept.task('Show what the role handed on')['msg']['ansible_host'] == [service['ip']]

    # A client may not reinstall: the panel's own message, and the server is left as it was.
    refused = run_role(ansible, vps_recipe='ISPsystem__Docker', vps_reapply_recipe=True)
    assert refused.rc != 0, refused
    failed = role_task(refused, ORDER)
    assert failed['outcome'] == 'failed'
    assert "Insufficient privileges to change the field 'recipe'" in failed['result']['msg']
    assert edit_form(billmgr_sim, 'vds', service['id'])['recipe'] == 'ISPsystem__LAMP'

    # The administrator's edit applies it (connection through the role's own variables this time).
    applied = run_role(ansible, user='admin', via='role_vars', vps_account='alice', vps_recipe='ISPsystem__Docker',
                       vps_reapply_recipe=True)
    assert applied.rc == 0, applied
    result = role_task(applied, ORDER)['result']
    assert result['changed'] is True
    assert result['diff'] == {'before': {'recipe': 'ISPsystem__LAMP'}, 'after': {'recipe': 'ISPsystem__Docker'}}
    assert result['service']['id'] == service['id'] and result['service']['recipe'] == 'ISPsystem__Docker'
    assert role_task(applied, REPORT)['outcome'] == 'skipped'
    assert edit_form(billmgr_sim, 'vds', service['id'])['recipe'] == 'ISPsystem__Docker'
    assert applied.task('Show what the role handed on')['msg']['ansible_host'] == [service['ip']]

    again = run_role(ansible, user='admin', via='role_vars', vps_account='alice', vps_recipe='ISPsystem__Docker',
                     vps_reapply_recipe=True)
    assert again.rc == 0, again
    assert [t['name'] for t in again.tasks if t['result'].get('changed')] == []
    assert role_task(again, ORDER)['result']['service']['recipe'] == 'ISPsystem__Docker'
    assert len([s for s in listed(billmgr_sim, 'vds') if s.get('remoteid') == 'role-vps-1']) == 1
    assert billmgr_sim.account('alice')['balance'] == paid
