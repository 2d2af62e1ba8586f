# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile data from the API stays inert text: in the inventory, in every module's result, and in templates that use them.

Service names (domains), remoteids and license names in the panel are set to Jinja that would run a
command, shell metacharacters, a 10,000-character string, control characters, and bytes that are not
UTF-8 (these through a proxy in front of the simulator, which cannot store them). Whatever the
collection does with them, nothing may be templated or executed: a command that would create a file,
and arithmetic whose result would show, prove it.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from billmgr_sim.testing import inventory_value

from .proxy import RewritingProxy
from .report import FIGURES, ordered_row

pytestmark = pytest.mark.usefixtures('reliability_test')

NOT_UTF8_TOKEN = 'zzNOTUTF8zz'
NOT_UTF8_BYTES = b'caf\xe9-\xff\xfe-\xc3\x28'  # latin-1, stray bytes, a broken UTF-8 sequence


def hostile_values(pwned):
    """name -> value; templating or running any of them would create the file ``pwned``, or write RENDERED49 or uid=."""
    return {
        'jinja lookup': "{{ lookup('pipe', 'touch %s') }}" % pwned,
        'jinja arithmetic': '{{ "RENDERED" ~ 7 * 7 }}{% if true %}-IF-RAN{% endif %}{# comment #}',
        'shell': "$(touch %s); `touch %s`; id > %s && echo $HOME | sh" % (pwned, pwned, pwned),
        'very long': 'x' * 10000 + "{{ lookup('pipe', 'touch %s') }}" % pwned,
        'control characters': 'red\x1b[31m-rtl\u202egnp.exe-bell\x07-tab\t-cr\r-end',
        'not UTF-8': NOT_UTF8_TOKEN,
    }


# Where each value is put: (service id, column).
PLACES = {
    'jinja lookup': [(958, 'domain'), (777, 'licname')],
    'jinja arithmetic': [(938, 'domain'), (958, 'remoteid')],
    'shell': [(1065, 'domain'), (938, 'remoteid')],
    'very long': [(892, 'domain')],
    'control characters': [(1065, 'remoteid')],
    'not UTF-8': [(892, 'remoteid')],
}


def not_utf8(_form, body):
    return body.replace(NOT_UTF8_TOKEN.encode(), NOT_UTF8_BYTES)


def plant(sim, values):
    """Write the values straight into the simulator's database (its API checks domains, as a panel's may not)."""
    conn = sqlite3.connect(sim.db_path)
    try:
        for name, places in PLACES.items():
            for service_id, column in places:
                conn.execute('UPDATE service SET %s = ? WHERE id = ?' % column, (values[name], service_id))
        conn.commit()
    finally:
        conn.close()


unsafe = inventory_value


def expected(values, name):
    """The value as it must arrive: itself, or for bytes that are not UTF-8 the client's replacement characters."""
    if name == 'not UTF-8':
        return NOT_UTF8_BYTES.decode('utf-8', 'replace')
    return values[name]


SERVICE_TASKS = ('service 958 unchanged', 'service 892 unchanged', 'service 1065 unchanged', 'service by its hostile remoteid')
PLAY = '''\
- name: Hostile data
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ispsystem.billmgr.billmgr:
      url: {url}
      username: alice
      password: Ali-6b1d
  tasks:
    - name: services
      ispsystem.billmgr.billmgr_service_info:
        with_addons: true
      register: services
    - name: licenses
      ispsystem.billmgr.billmgr_license_info: {{}}
      register: licenses
    - name: service 958 unchanged
      ispsystem.billmgr.billmgr_service: {{type: vds, id: 958, autoprolong: 1}}
    - name: service 892 unchanged
      ispsystem.billmgr.billmgr_service: {{type: dedic, id: 892, autoprolong: 1}}
    - name: service 1065 unchanged
      ispsystem.billmgr.billmgr_service: {{type: dedic, id: 1065, autoprolong: 1}}
    - name: service by its hostile remoteid
      ispsystem.billmgr.billmgr_service:
        type: vds
        remoteid: "{{{{ services.services | selectattr('id', 'equalto', 938) | map(attribute='remoteid') | first }}}}"
    - name: renewal of 938 unchanged
      ispsystem.billmgr.billmgr_prolong: {{type: vds, id: 938, autoprolong: "1"}}
    - name: license 777 unchanged
      ispsystem.billmgr.billmgr_license: {{id: 777}}
    - name: templates that use the results
      ansible.builtin.debug:
        msg: "{{{{ services.services | map(attribute='domain') | join(' | ') }}}} / {{{{ licenses.licenses | map(attribute='licname') | join(' | ') }}}}"
    - name: hosts from the results
      ansible.builtin.add_host:
        name: "{{{{ item.domain[:60] }}}}"
        billmgr_remoteid: "{{{{ item.remoteid }}}}"
      loop: "{{{{ services.services }}}}"
      loop_control:
        label: "{{{{ item.id }}}}"
- name: The added hosts
  hosts: all:!localhost
  gather_facts: false
  tasks:
    - name: added host vars
      ansible.builtin.debug:
        msg: "{{{{ inventory_hostname }}}} {{{{ billmgr_remoteid }}}}"
      delegate_to: localhost
'''

INVENTORY = '''\
plugin: ispsystem.billmgr.billmgr
url: {url}
username: alice
password: Ali-6b1d
hostnames: [domain, id]
compose:
  label: billmgr_domain ~ ' / ' ~ billmgr_remoteid
groups:
  jinja_named: "'lookup' in billmgr_domain"
keyed_groups:
  - key: billmgr_remoteid
    prefix: rid
'''


def test_hostile_names_stay_text_everywhere(sim, runner, tmp_path):
    sim.reset()
    pwned = tmp_path / 'pwned'
    values = hostile_values(pwned)
    plant(sim, values)
    proxy = RewritingProxy(sim.url, not_utf8)
    try:
        run = runner.playbook(PLAY.format(url=proxy.url))
        rc, data, stdout, stderr = runner.inventory(INVENTORY.format(url=proxy.url), name='hostile.billmgr.yml', env={'ANSIBLE_VERBOSE_TO_STDERR': 'true'})
        (runner.workdir / 'hostile-play.billmgr.yml').write_text(INVENTORY.format(url=proxy.url))
        hosts_run = runner.playbook('''\
            - hosts: billmgr_vds:billmgr_dedic
              gather_facts: false
              tasks:
                - name: inventory vars
                  ansible.builtin.debug:
                    msg: "{{ billmgr_domain }} {{ billmgr_remoteid }} {{ label }}"
                  delegate_to: localhost
            ''', extra_args=['-i', str(runner.workdir / 'hostile-play.billmgr.yml')])
    finally:
        proxy.close()

    results = dict((t['name'], t['result']) for t in run.tasks)
    services = dict((s['id'], s) for s in (results.get('services') or {}).get('services', []))
    licenses = dict((lic['id'], lic) for lic in (results.get('licenses') or {}).get('licenses', []))

    def returned(key, *names):
        return dict((results[name][key]['id'], results[name][key]) for name in names if (results.get(name) or {}).get(key))

    by_id = {
        'service_info': services,
        'license_info': licenses,
        'billmgr_service': returned('service', *SERVICE_TASKS),
        'billmgr_prolong': returned('service', 'renewal of 938 unchanged'),
        'billmgr_license': returned('license', 'license 777 unchanged'),
    }
    inventory_vars = {}
    for host, hostvars in ((data or {}).get('_meta') or {}).get('hostvars', {}).items():
        inventory_vars[unsafe(hostvars['billmgr_id'])] = dict((key, unsafe(value)) for key, value in hostvars.items())
    wrong = []
    checked = dict((name, set()) for name in PLACES)
    for name, places in PLACES.items():
        want = expected(values, name)
        for service_id, column in places:
            for where, found in by_id.items():
                if service_id in found:
                    checked[name].add(where)
                    if found[service_id].get(column) != want:
                        wrong.append((name, where, service_id, column, found[service_id].get(column)))
            if service_id in inventory_vars:
                checked[name].add('inventory vars')
                field = 'billmgr_%s' % column
                if inventory_vars[service_id].get(field) != want:
                    wrong.append((name, 'inventory', service_id, column, inventory_vars[service_id].get(field)))
                if column == 'domain':
                    checked[name].add('inventory host names')
                    # A value that could template ({ or }) is never a host name, which AWX imports as plain text
                    # (issue 35): the next hostnames field names the host; the value stays, as text, in its variable.
                    templating = '{' in want or '}' in want
                    if (want in data['_meta']['hostvars']) == templating:
                        wrong.append((name, 'inventory host name', service_id, column, sorted(data['_meta']['hostvars'])))
    output = run.stdout + run.stderr + stdout + stderr + hosts_run.stdout + hosts_run.stderr
    everything = output + json.dumps(results) + json.dumps(hosts_run.tasks)
    executed = [sign for sign, found in (('the command ran (file created)', pwned.exists()), ('a template was rendered', 'RENDERED49' in everything),
                                         ('a shell ran', 'uid=' in everything)) if found]
    FIGURES.add('hostile_data', runs=3, places_checked=sum(len(places) for places in checked.values()), executed=len(executed), wrong=len(wrong))
    for name in PLACES:
        FIGURES.row('hostile_data', **ordered_row(value=name, where=', '.join(sorted(checked[name])),
                                                  result='arrived changed: %d; templated or executed: %d' % (
                                                      len([w for w in wrong if w[0] == name]), len(executed))))

    assert executed == [], executed
    assert 'Traceback' not in output
    assert run.rc == 0, run
    assert rc == 0 and data is not None, stderr
    assert hosts_run.rc == 0, hosts_run
    assert wrong == [], wrong
    # every value was looked at in the inventory and in every module that returns it
    assert all(len(places) >= 3 for places in checked.values()), checked
    # the unchanged tasks stayed unchanged: the hostile values were compared, never "corrected"
    for name in SERVICE_TASKS + ('renewal of 938 unchanged', 'license 777 unchanged'):
        assert results[name]['changed'] is False, name
    # the jinja_named group was built from the text, and the host vars print as text; the two hosts are named by
    # the next hostnames field (their ids), as a domain that could template is no host name (issue 35)
    assert sorted(data['jinja_named']['hosts']) == ['892', '958']
    assert sorted(inventory_vars[h]['billmgr_domain'] for h in (892, 958)) == sorted([values['jinja lookup'], values['very long']])
    shown = [t['result']['msg'] for t in hosts_run.tasks if t['host'] == '958']
    assert shown == ['{0} {1} {0} / {1}'.format(values['jinja lookup'], values['jinja arithmetic'])], shown
    templated = results['templates that use the results']['msg']
    assert values['jinja arithmetic'] in templated and values['jinja lookup'] in templated and values['shell'] in templated, templated
    added = [t['result']['msg'] for t in run.tasks if t['name'] == 'added host vars']
    assert '%s %s' % (values['jinja lookup'][:60], values['jinja arithmetic']) in added, added
