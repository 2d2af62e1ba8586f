# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory's server-side selection: pricelists, datacenters and accounts, sent as list filters, so the panel sends
fewer pages; and an administrator's inventory of every account. Expectations come from the simulator's own lists and
its request counters."""

from __future__ import annotations

from billmgr_sim.testing import db_rows, inventory_value, listed


def hostvars(data):
    return dict((name, dict((key, inventory_value(value)) for key, value in variables.items()))
                for name, variables in data['_meta']['hostvars'].items())


def inventory(ansible, user='alice', **options):
    config = dict({'plugin': 'ispsystem.billmgr.billmgr', 'hostnames': ['id']}, **ansible.connection(user))
    config.update(options)
    return ansible.inventory(config)


def ids(data):
    return sorted(int(name) for name in data['_meta']['hostvars'])


def active_ids(sim, item_type, user='alice', **where):
    return [int(row['id']) for row in listed(sim, item_type, user=user, status=2)
            if all(row.get(field) == value for field, value in where.items())]


def stored_ids(sim, where):
    return sorted(row['id'] for row in db_rows(sim, "SELECT s.id FROM service s JOIN account a ON a.id = s.account_id "
                                                    "WHERE a.name = 'alice' AND s.status = 2 AND " + where))


def test_pricelists_and_datacenters_cut_the_pages_read(ansible, billmgr_sim_factory):
    # 2,100 VPS on VPS Start in Frankfurt (3 pages) beside a few VPS Pro, one of them in Amsterdam.
    sim = billmgr_sim_factory(populate={'account': 'alice', 'vds': 2100, 'dedic': 10})
    ansible.sim = sim
    pro = [sim.order_now('vds', 'alice', pricelist=7, datacenter=datacenter, domain='pro%d.alice.test' % datacenter)
           for datacenter in (1, 2)]
    amsterdam_dedic = sim.order_now('dedic', 'alice', pricelist=32, datacenter=2, domain='ams.alice.test')

    sim.reset_counters()
    rc, data, out, err = inventory(ansible)
    assert rc == 0, err
    everything = sim.counters()
    assert everything['func'] == {'vds': 3, 'dedic': 1}
    assert len(ids(data)) == 2100 + 10 + 2 + 4 + 1
    # From the database (processing has ended: the simulator moves it on when a list is read), not from the panel's own
    # filters: those are what is tested.
    wanted_pro = stored_ids(sim, "itemtype = 'vds' AND tariff_id = 7")
    wanted_amsterdam = stored_ids(sim, "itemtype IN ('vds', 'dedic') AND datacenter_id = 2")
    assert wanted_pro == sorted(pro) and wanted_amsterdam == sorted([pro[1], amsterdam_dedic])

    # One tariff by name, in another case: the catalogue once, one page of VPS, and no dedicated list at all.
    sim.reset_counters()
    rc, data, out, err = inventory(ansible, pricelists=['vps pro'])
    assert rc == 0, err
    counters = sim.counters()
    assert counters['func'] == {'pricelist.export': 1, 'vds': 1}
    assert counters['requests'] < everything['requests'] and counters['elems_by_func']['vds'] == 2
    assert ids(data) == sorted(wanted_pro)
    assert {variables['billmgr_pricelist'] for variables in hostvars(data).values()} == {'VPS Pro'}

    # A datacenter by id: each type's list filtered by it, one page each.
    sim.reset_counters()
    rc, data, out, err = inventory(ansible, datacenters=['2'])
    assert rc == 0, err
    counters = sim.counters()
    assert counters['func'] == {'pricelist.export': 1, 'vds': 1, 'dedic': 1}
    assert ids(data) == wanted_amsterdam

    # Both: a tariff in a datacenter; the request count is types (with a named tariff) x pages + the catalogue.
    sim.reset_counters()
    rc, data, out, err = inventory(ansible, pricelists=['VPS Pro', '32'], datacenters=['Amsterdam'])
    assert rc == 0, err
    assert sim.counters()['func'] == {'pricelist.export': 1, 'vds': 1, 'dedic': 1}
    assert ids(data) == wanted_amsterdam

    # An unknown name fails the source with the known names, before any list is read.
    sim.reset_counters()
    rc, data, out, err = inventory(ansible, pricelists=['VPS Nano'])
    assert "BILLmanager inventory: pricelists: unknown pricelist 'VPS Nano' for vds, dedic services; known: " in err
    assert 'VPS Pro (7)' in err and 'Dedicated Basic (32)' in err
    assert not data['_meta']['hostvars']
    assert sim.counters()['func'] == {'pricelist.export': 1}
    rc, data, out, err = inventory(ansible, datacenters=['Paris'])
    assert "BILLmanager inventory: datacenters: unknown datacenter 'Paris' for vds, dedic services; known: Frankfurt (1), Amsterdam (2)" in err


def test_the_cache_is_kept_apart_by_selection(ansible, billmgr_sim, tmp_path):
    sim = billmgr_sim
    cache = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache'),
             'cache_timeout': 3600}
    rc, frankfurt, out, err = inventory(ansible, datacenters=['Frankfurt'], **cache)
    assert rc == 0, err
    assert ids(frankfurt) == sorted(active_ids(sim, 'vds') + active_ids(sim, 'dedic'))
    sim.reset_counters()
    rc, amsterdam, out, err = inventory(ansible, datacenters=['Amsterdam'], **cache)
    assert rc == 0, err
    assert sim.counters()['requests'] == 3 and ids(amsterdam) == []
    sim.reset_counters()
    rc, again, out, err = inventory(ansible, datacenters=['frankfurt'], **cache)
    assert rc == 0, err
    assert sim.counters()['requests'] == 0 and ids(again) == ids(frankfurt)


def test_an_administrator_inventory_of_every_account_grouped_by_account(ansible, billmgr_sim):
    sim = billmgr_sim
    sim.order_now('vds', 'bob', pricelist=6, domain='second.bob.test')
    expected = {}
    for row in listed(sim, 'vds', status=2) + listed(sim, 'dedic', status=2):
        expected.setdefault(row['account'], []).append(int(row['id']))
    assert sorted(expected) == ['alice', 'bob'], expected

    sim.reset_counters()
    rc, data, out, err = inventory(ansible, user='admin', keyed_groups=[{'key': 'billmgr_account', 'prefix': 'account'}],
                                   compose={'ansible_user': "'root'", 'owner': 'billmgr_account', 'port': '2200 + billmgr_id'})
    assert rc == 0, err
    assert sim.counters()['func'] == {'vds': 1, 'dedic': 1}
    for account, account_ids in expected.items():
        assert sorted(int(name) for name in data['account_%s' % account]['hosts']) == sorted(account_ids)
    # A constant, a variable's name and an expression in compose (the first two skip the template engine).
    for name, variables in hostvars(data).items():
        assert variables['billmgr_account'] in expected
        assert (variables['ansible_user'], variables['owner'], variables['port']) == ('root', variables['billmgr_account'], 2200 + int(name))

    # account narrows it: by name or by id (looked up in the account list once), one filtered list per type.
    [bob] = db_rows(sim, "SELECT id FROM account WHERE name = 'bob'")
    for refs in (['bob'], [str(bob['id'])], ['BOB', 'bob']):
        sim.reset_counters()
        rc, data, out, err = inventory(ansible, user='admin', account=refs)
        assert rc == 0, err
        assert ids(data) == sorted(expected['bob']), refs
        assert sim.counters()['func'] == {'account': 1, 'vds': 1, 'dedic': 1}
    rc, data, out, err = inventory(ansible, user='admin', account=['alice', 'bob'], types=['vds'])
    assert rc == 0, err
    assert ids(data) == sorted(active_ids(sim, 'vds', user='admin'))
    rc, data, out, err = inventory(ansible, user='admin', account=['carol'])
    assert "BILLmanager inventory: account: unknown account 'carol'; known: " in err and 'bob (' in err
    assert not data['_meta']['hostvars']

    # A client names its own account as it is (it cannot read the account list) and still sees only its own.
    sim.reset_counters()
    rc, data, out, err = inventory(ansible, user='alice', account=['alice'])
    assert rc == 0, err
    assert ids(data) == sorted(expected['alice']) and 'account' not in sim.counters()['func']
