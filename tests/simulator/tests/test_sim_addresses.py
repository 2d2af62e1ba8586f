"""service.ip and service.ip.edit: a service's addresses in the real columns (real-panels-2 §6.1) and setting the PTR."""

import pytest

from billmgr_sim.testing import fields
from sim_helpers import elems, error_of

ALICE_VPS, ALICE_DEDIC, ALICE_VHOST, BOB_VPS = 958, 1065, 945, 5


def addresses(sim, service_id, user='alice'):
    return [fields(elem) for elem in elems(sim.call('service.ip', user=user, elid=service_id))]


def test_a_service_lists_its_address_with_the_domain_as_ptr(sim):
    """real-panels-2 §6.1 (E22 DedicIPItem, E23): the address is ``name``, the main flag ``is_main``; no ``ip``/``main``."""
    [row] = addresses(sim, ALICE_VPS)
    address = row['name']
    assert row == {'id': '95801', 'name': address, 'is_main': 'on', 'no_delete': 'on', 'mask': '255.255.255.0',
                   'gateway': address.rsplit('.', 1)[0] + '.1', 'domain': 'web.alice.test', 'type': 'Public IPv4', 'ip_status': 'Active'}


def test_a_second_address_is_ipv6_and_not_main(billmgr_sim_factory):
    sim = billmgr_sim_factory(multi_ip=True)
    [main, second] = addresses(sim, ALICE_DEDIC)
    assert (main['type'], main['is_main'], main['no_delete'], main['domain']) == ('Public IPv4', 'on', 'on', 'db.alice.test')
    assert (second['id'], second['name'], second['type'], second['is_main'], second['no_delete'], second['domain']) == (
        '106502', '2001:db8::429', 'Public IPv6', 'off', 'off', '')
    assert 'ok' in sim.call('service.ip.edit', user='alice', elid=106502, plid=ALICE_DEDIC, domain='v6.alice.test', sok='ok')['doc']
    assert [row['domain'] for row in addresses(sim, ALICE_DEDIC)] == ['db.alice.test', 'v6.alice.test']


def test_the_ptr_is_set_read_back_and_cleared(sim):
    form = sim.call('service.ip.edit', user='alice', elid=95801, plid=ALICE_VPS)['doc']
    assert form['domain']['$'] == 'web.alice.test' and form['name']['$'] == addresses(sim, ALICE_VPS)[0]['name']
    assert 'ok' in sim.call('service.ip.edit', user='alice', elid=95801, plid=ALICE_VPS, domain='Mail.Alice.test', sok='ok')['doc']
    assert addresses(sim, ALICE_VPS)[0]['domain'] == 'mail.alice.test'
    sim.call('service.ip.edit', user='alice', elid=95801, plid=ALICE_VPS, domain='', sok='ok')
    assert addresses(sim, ALICE_VPS)[0]['domain'] == ''


@pytest.mark.parametrize('params, expected', [
    ({'elid': 95801, 'plid': ALICE_VPS, 'domain': 'bad name', 'sok': 'ok'}, ('value', 'domain')),
    ({'elid': 95801, 'plid': ALICE_VPS, 'domain': 'trailing.dot.', 'sok': 'ok'}, ('value', 'domain')),
    ({'elid': 95801, 'plid': ALICE_VPS, 'sok': 'ok'}, ('missed', 'domain')),
    ({'elid': 95802, 'plid': ALICE_VPS, 'domain': 'a.test', 'sok': 'ok'}, ('missed', 'elid')),   # no such address
    ({'elid': 501, 'plid': BOB_VPS, 'domain': 'a.test', 'sok': 'ok'}, ('access', 'plid')),        # bob's
    ({'elid': 94501, 'plid': ALICE_VHOST, 'domain': 'a.test', 'sok': 'ok'}, ('value', 'plid')),   # a shared host
])
def test_bad_edits_change_nothing(sim, params, expected):
    assert error_of(sim.call('service.ip.edit', user='alice', **params)) == expected
    assert addresses(sim, ALICE_VPS)[0]['domain'] == 'web.alice.test'


def test_listing_another_accounts_addresses_is_refused(sim):
    assert error_of(sim.call('service.ip', user='alice', elid=BOB_VPS)) == ('access', 'elid')
    assert error_of(sim.call('service.ip', user='alice', elid=ALICE_VHOST)) == ('value', 'elid')
    assert len(addresses(sim, BOB_VPS, user='admin')) == 1


def test_a_dedicated_servers_edit_keeps_the_mask_and_gateway_only_when_sent_back(sim):
    """real-panels-2 §6.2 (E22): the dedicated server's form holds mask and gateway; an edit without them blanks them [INF]."""
    form = sim.call('service.ip.edit', user='alice', elid=106501, plid=ALICE_DEDIC)['doc']
    assert (form['mask']['$'], form['gateway']['$']) == ('255.255.255.0', '127.0.4.1')
    sim.call('service.ip.edit', user='alice', elid=106501, plid=ALICE_DEDIC, domain='db2.alice.test', mask=form['mask']['$'],
             gateway=form['gateway']['$'], clicked_button='ok', sok='ok')
    assert [(a['domain'], a['mask'], a['gateway']) for a in addresses(sim, ALICE_DEDIC)] == [('db2.alice.test', '255.255.255.0', '127.0.4.1')]
    sim.call('service.ip.edit', user='alice', elid=106501, plid=ALICE_DEDIC, domain='db3.alice.test', sok='ok')
    assert [(a['domain'], a['mask'], a['gateway']) for a in addresses(sim, ALICE_DEDIC)] == [('db3.alice.test', '', '')]
    # A VPS's form is the PTR alone (E22): its mask and gateway stay whatever an edit sends.
    sim.call('service.ip.edit', user='alice', elid=95801, plid=ALICE_VPS, domain='x.alice.test', sok='ok')
    assert addresses(sim, ALICE_VPS)[0]['gateway'] == '127.0.3.1'
