# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory's selection and naming options against the simulator: any item type, a host name template, include and
exclude filters, and what ansible_host is (connect_with). Expectations come from the simulator's own lists."""

from __future__ import annotations

from billmgr_sim.testing import inventory_value, listed

TYPES = ['vds', 'dedic', 'vhost']


def active(sim, item_type):
    return dict((int(row['id']), row) for row in listed(sim, item_type, user='alice', status=2))


def hostvars(data):
    return dict((name, dict((key, inventory_value(value)) for key, value in variables.items()))
                for name, variables in data['_meta']['hostvars'].items())


def inventory(ansible, **options):
    config = dict({'plugin': 'ispsystem.billmgr.billmgr'}, **ansible.connection('alice'))
    config.update(options)
    return ansible.inventory(config)


def test_any_item_type_a_name_template_and_filters(ansible, billmgr_sim):
    sim = billmgr_sim
    expected = dict((item_type, active(sim, item_type)) for item_type in TYPES)
    assert all(expected.values()), expected

    rc, data, out, err = inventory(ansible, types=TYPES, hostname="{{ billmgr_type ~ '-' ~ billmgr_id }}",
                                   filters=[{'include': "billmgr_type == 'vhost'"}, {'exclude': 'billmgr_id is odd'}])

    assert rc == 0, err
    kept = dict((item_type, sorted(i for i in ids if item_type == 'vhost' or i % 2 == 0)) for item_type, ids in expected.items())
    for item_type in TYPES:
        assert sorted(data.get('billmgr_%s' % item_type, {}).get('hosts', [])) == sorted('%s-%d' % (item_type, i) for i in kept[item_type])
    variables = hostvars(data)
    assert all(variables[name]['billmgr_id'] == int(name.split('-')[1]) for name in variables)

    # A template that renders empty falls back to the field list; a bad type or filter fails the source with its name.
    rc, data, out, err = inventory(ansible, types=['vds'], hostname='{{ billmgr_remoteid or "" }}', hostnames=['id'])
    assert rc == 0, err
    named = dict((int(variables['billmgr_id']), name) for name, variables in hostvars(data).items())
    assert all(name == (expected['vds'][i].get('remoteid') or str(i)) for i, name in named.items()), named
    rc, data, out, err = inventory(ansible, types=['vds; rm'])
    assert "BILLmanager inventory: types: type must be an item type name such as vds, dedic, vhost or platform; got 'vds; rm'" in err
    assert not data['_meta']['hostvars']
    rc, data, out, err = inventory(ansible, filters=[{'keep': 'true'}])
    assert "BILLmanager inventory: filters[1] must be one include: or exclude: condition, got {'keep': 'true'}" in err
    assert not data['_meta']['hostvars']


def test_connect_with_chooses_what_ansible_host_is(ansible, billmgr_sim_factory):
    sim = billmgr_sim_factory(multi_ip=True)
    ansible.sim = sim
    vps = active(sim, 'vds')
    dual = [i for i, row in vps.items() if ':' in (row.get('ip') or '') and '.' in (row.get('ip') or '')]
    assert dual, 'the multi_ip run has a VPS with both an IPv4 and an IPv6 address'

    found = {}
    for how in ('ipv4', 'ipv6', 'domain', 'name', 'none'):
        rc, data, out, err = inventory(ansible, types=['vds'], hostnames=['id'], connect_with=how)
        assert rc == 0, (how, err)
        found[how] = dict((int(name), variables.get('ansible_host')) for name, variables in hostvars(data).items())

    for i, row in vps.items():
        addresses = (row.get('ip') or '').split()
        assert found['ipv4'][i] == next((a for a in addresses if '.' in a), addresses[0] if addresses else None)
        assert found['ipv6'][i] == next((a for a in addresses if ':' in a), None)
        assert found['domain'][i] == (row.get('domain') or None)
        assert found['name'][i] == str(i)
        assert found['none'][i] is None
    assert all(':' in found['ipv6'][i] and '.' in found['ipv4'][i] for i in dual)
