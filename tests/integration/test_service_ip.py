# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service_ip and billmgr_service_ip_info against the simulator: addresses listed, a PTR set and then
unchanged, check mode and bad input sending no change, a dedicated server's mask and gateway kept by a PTR edit
(real-panels-2 §6.2) - checked in the simulator's request log and database."""

from __future__ import annotations

from billmgr_sim.playbook import AnsibleRunner
from billmgr_sim.testing import db_rows, listed, requests_per_task

# A client whose password is not a word of the names: Ansible masks a no_log value wherever it appears in a result.
CAROL = 'carol=Carol-pw-93f1'


def ptr_rows(sim, service_id):
    return db_rows(sim, 'SELECT service_id, ip, domain FROM ip_ptr WHERE service_id = ? ORDER BY ip', service_id)


def test_ptr_set_then_unchanged_and_bad_input_refused(tmp_path, billmgr_sim_factory):
    sim = billmgr_sim_factory(users=[CAROL])
    ansible = AnsibleRunner(tmp_path, sim)
    vps = sim.order_now('vds', 'carol', pricelist=6, domain='web.carol.test')
    [address] = [row['ip'] for row in listed(sim, 'vds', id=vps)]
    dedic = sim.order_now('dedic', 'carol', pricelist=32, datacenter=1, domain='db.carol.test')
    [dedic_address] = [row['ip'] for row in listed(sim, 'dedic', id=dedic)]
    [network] = db_rows(sim, 'SELECT mask, gateway FROM ip_ptr WHERE service_id = ?', dedic) or [None]
    ptr = '{"%s": "Mail.Carol.test."}' % address
    checked = ansible.tasks('''
        - name: set in check mode
          ispsystem.billmgr.billmgr_service_ip: {id: %d, ptr: %s}
    ''' % (vps, ptr), user='carol', check=True, diff=True)
    assert checked.rc == 0, checked
    would = checked.task('set in check mode')
    assert would['changed'] is True
    assert would['diff'] == {'before': {address: 'web.carol.test'}, 'after': {address: 'mail.carol.test'}}
    assert 'service.ip.edit' not in requests_per_task(sim, checked)['set in check mode'] and ptr_rows(sim, vps) == []

    run = ansible.tasks('''
        - name: unknown address
          ispsystem.billmgr.billmgr_service_ip: {id: %(id)d, ptr: {"%(address)s": ok.carol.test, "198.51.100.7": x.carol.test}}
          ignore_errors: true
        - name: bad name
          ispsystem.billmgr.billmgr_service_ip: {id: %(id)d, ptr: [{address: "%(address)s", ptr: "not a name"}]}
          ignore_errors: true
        - name: set
          ispsystem.billmgr.billmgr_service_ip: {id: %(id)d, ptr: %(ptr)s}
        - name: set again
          ispsystem.billmgr.billmgr_service_ip: {id: %(id)d, ptr: %(ptr)s}
        - name: info
          ispsystem.billmgr.billmgr_service_ip_info: {domain: web.carol.test}
        - name: dedicated
          ispsystem.billmgr.billmgr_service_ip: {type: dedic, id: %(dedic)d, ptr: {"%(dedic_address)s": db2.carol.test}}
    ''' % {'id': vps, 'ptr': ptr, 'address': address, 'dedic': dedic, 'dedic_address': dedic_address}, user='carol', diff=True)
    assert run.rc == 0, run
    per_task = requests_per_task(sim, run)
    assert run.failed('unknown address') and 'has no address 198.51.100.7 (it has %s)' % address in run.task('unknown address')['msg']
    assert run.failed('bad name') and "'not a name' is not a host name" in run.task('bad name')['msg']
    assert run.task('set')['changed'] is True and per_task['set']['service.ip.edit'] == 1
    assert run.task('set again')['changed'] is False
    for name in ('unknown address', 'bad name', 'set again', 'info'):
        assert per_task[name]['service.ip.edit'] == 0, name
    assert ptr_rows(sim, vps) == [{'service_id': vps, 'ip': address, 'domain': 'mail.carol.test'}]
    # The dedicated server's edit sent back the mask and gateway its form holds, so the name changed and they did not.
    assert network is None, 'nothing saved before the edit'
    [kept] = run.task('dedicated')['addresses']
    assert (kept['ptr'], kept['gateway']) == ('db2.carol.test', dedic_address.rsplit('.', 1)[0] + '.1')
    assert db_rows(sim, 'SELECT domain, mask, gateway FROM ip_ptr WHERE service_id = ?', dedic) == [
        {'domain': 'db2.carol.test', 'mask': '255.255.255.0', 'gateway': kept['gateway']}]
    assert per_task['dedicated']['service.ip.edit'] == 2, 'the form read, then the edit'
    info = run.task('info')
    assert info['changed'] is False and info['service']['id'] == vps
    assert [(a['address'], a['type'], a['main'], a['ptr']) for a in info['addresses']] == [(address, 'ipv4', True, 'mail.carol.test')]
