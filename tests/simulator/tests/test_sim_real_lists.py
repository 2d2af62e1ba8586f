"""Lists as real panels have them: saved filters (E5), real filter fields only (E5), deleted services in
plain lists (E12, E23), several addresses in ``ip`` (--multi-ip, E12), compound item_status (panel 6, E5),
auto-renewal as the period's label (E23), item_real_status alone (--item-real-status, E23)."""

import pytest

from sim_helpers import elems, error_of, ids, matching_ids, order_now


def test_a_saved_filter_governs_plain_lists_not_inline_ones(sim):
    # real-panels §5.2 (E5): TYPE.filter&sok=ok, then a plain list shows only what the filter lets through.
    assert 'ok' in sim.call('vds.filter', user='alice', pricelist=6, id=958, sok='ok')['doc']
    assert ids(sim.call('vds', user='alice')) == [958]
    # filter=on uses exactly the fields it sends and leaves the saved filter as it was [INF].
    assert ids(sim.call('vds', user='alice', filter='on', id=938)) == [938]
    assert ids(sim.call('vds', user='alice')) == [958]
    assert ids(sim.call('vds', user='bob')) == [5]  # per user
    assert ids(sim.call('dedic', user='alice')) == [892, 1065]  # per list type


def test_the_saved_filter_form_shows_its_fields(sim):
    sim.call('vds.filter', user='alice', status=2, sok='ok')
    doc = sim.call('vds.filter', user='alice')['doc']
    assert doc['status'] == {'$': '2'}


def test_sim_filter_saves_a_filter_for_a_user(sim):
    sim.save_filter('alice', 'vds', id=938)
    assert ids(sim.call('vds', user='alice')) == [938]
    sim.save_filter('alice', 'vds')  # no fields: cleared
    assert ids(sim.call('vds', user='alice')) == [938, 958]


def test_sim_filter_refuses_unknown_fields_and_clients(sim):
    assert error_of(sim.call('sim.filter', name='alice', itemtype='vds', colour='red')) == ('value', 'colour')
    assert error_of(sim.call('sim.filter', name='nobody', itemtype='vds')) == ('value', 'name')
    assert error_of(sim.call('sim.filter', user='alice', name='alice', itemtype='vds'))[0] == 'access'


def test_a_saved_filter_hides_services_from_a_client_that_sends_none(sim):
    # real-panels §5.2: CLIENT WOULD BREAK — a filter saved in the web UI hides services from a plain list.
    sim.save_filter('alice', 'vds', status=3)
    assert ids(sim.call('vds', user='alice')) == []
    assert ids(sim.call('vds', user='alice', filter='on', status=2)) == [938, 958]


@pytest.mark.parametrize('field, value, expected', [
    ('period', '1', [938, 958]),       # E5 filter form fields
    ('period', '12', []),
    ('datacenter', '1', [938, 958]),
    ('datacenter', '2', []),
    ('cost_from', '600', [958]),       # web.alice.test costs more (650.00: 2 CPU)
    ('cost_to', '599.99', [938]),
])
def test_real_filter_fields(sim, field, value, expected):
    assert ids(sim.call('vds', user='alice', filter='on', **{field: value})) == expected


def test_date_filter_fields(sim):
    [row] = [elem for elem in elems(sim.call('vds', user='alice')) if elem['id']['$'] == '958']
    expiry = row['expiredate']['$']
    assert ids(sim.call('vds', user='alice', filter='on', expiredate=expiry)) == [938, 958]
    assert ids(sim.call('vds', user='alice', filter='on', orderdateto='2000-01-01')) == []
    assert error_of(sim.call('vds', user='alice', filter='on', opendate='yesterday')) == ('value', 'opendate')


def test_filters_ignore_remoteid_domain_ip_and_licname(sim):
    # real-panels §5.3 (E5): no remoteid, domain or ip in a filter form; ignored like any unknown field.
    new_id = order_now(sim, 'v2.vds.order.param', pricelist=6, order_period=1, remoteid='r-42')
    everything = [938, 958, new_id]
    assert ids(sim.call('vds', user='alice', filter='on', remoteid='r-42')) == everything
    assert ids(sim.call('vds', user='alice', filter='on', domain='web.alice.test')) == everything
    assert ids(sim.call('vds', user='alice', filter='on', ip='127.0.3.170')) == everything
    assert ids(sim.call('soft', user='alice', filter='on', licname='nope')) == [777]
    assert ids(sim.call('vds', user='alice', filter='on', id=958, domain='x.test')) == [958]  # real fields still work
    with open(sim.events_log_path, encoding='utf-8') as log:
        assert 'ignored filter field domain' in log.read()
    # A saved filter with such a field ignores it too.
    sim.call('vds.filter', user='alice', domain='web.alice.test', sok='ok')
    assert ids(sim.call('vds', user='alice')) == everything


def test_a_look_up_by_domain_costs_the_whole_list(billmgr_sim_factory):
    # Counters count the rows returned, so a test can measure what a client-side look-up costs (real-panels §5.3).
    sim = billmgr_sim_factory(populate={'account': 'bob', 'vds': 30})
    sim.reset_counters()
    sim.call('vds', user='bob', filter='on', domain='bob-vps.test')
    assert sim.counters()['elems_by_func'] == {'vds': 31}


def test_plain_lists_show_deleted_services(sim):
    # real-panels §5.5: E12 skips "old deleted namesakes" found in a plain func=vds; E23 skips item_status 4.
    sim.call('vds.delete', user='alice', elid=938, sok='ok')
    rows = {elem['id']['$']: elem['status']['$'] for elem in elems(sim.call('vds', user='alice'))}
    assert rows == {'938': '4', '958': '2'}
    assert ids(sim.call('vds', user='alice', filter='on', status=2)) == [958]
    assert ids(sim.call('vds', user='alice', filter='on', status=4)) == [938]
    # The same in every service list, licences too (E23 skips item_status 4 in its plain lists).
    sim.call('soft.delete', user='alice', elid=777, sok='ok')
    assert [row['status']['$'] for row in elems(sim.call('soft', user='alice'))] == ['4']


def test_multi_ip_lists_two_addresses_in_one_string(billmgr_sim_factory):
    # real-panels §5.8 (E12): "'1.2.3.4 2001:..'".
    sim = billmgr_sim_factory(multi_ip=True)
    rows = {elem['id']['$']: elem['ip']['$'] for elem in elems(sim.call('vds', user='alice'))}
    assert rows == {'938': '127.0.3.170', '958': '127.0.3.190 2001:db8::3be'}
    # A client matches any one of the addresses (no ip filter field, §5.3).
    assert matching_ids(sim, 'vds', ip='2001:db8::3be') == [958]
    assert matching_ids(sim, 'vds', ip='127.0.3.190') == [958]
    sim.reset()  # reseeding keeps the switch's data
    assert matching_ids(sim, 'vds', ip='2001:db8::3be') == [958]


def test_without_multi_ip_every_service_has_one_address(sim):
    assert all(' ' not in elem['ip']['$'] for elem in elems(sim.call('vds')))


def test_autoprolong_is_listed_as_the_period_label_and_empty_when_off(sim):
    # real-panels-2 §9.3: E23's live fixture "Month"; E5: empty when off; E30: Russian words with lang=ru [INF the others].
    rows = {elem['id']['$']: elem['autoprolong'] for elem in elems(sim.call('vds', user='alice'))}
    assert rows == {'938': {'$': 'Month'}, '958': {'$': 'Month'}}
    assert [elem['autoprolong'] for elem in elems(sim.call('vds', user='alice', lang='ru'))] == [{'$': 'Месяц'}] * 2
    sim.call('vds.edit', user='alice', elid=958, autoprolong=12, sok='ok')
    sim.call('vds.edit', user='alice', elid=938, autoprolong='null', sok='ok')
    rows = {elem['id']['$']: elem['autoprolong'] for elem in elems(sim.call('vds', user='alice'))}
    assert rows == {'938': {}, '958': {'$': 'Year'}}
    assert elems(sim.call('vds', user='alice', lang='ru', filter='on', id=958))[0]['autoprolong'] == {'$': 'Год'}
    # The edit form keeps months or null (E5).
    assert sim.call('vds.edit', user='alice', elid=958)['doc']['autoprolong'] == {'$': '12'}


def test_item_real_status_leaves_the_code_alone_in_some_rows(billmgr_sim_factory):
    # real-panels-2 §9.4 (E23): item_status "sometimes omitted", the code left in item_real_status; odd ids [INF].
    sim = billmgr_sim_factory(item_real_status=True)
    rows = {elem['id']['$']: elem for elem in elems(sim.call('dedic', user='alice'))}
    odd = rows['1065']
    assert 'item_status' not in odd and 'status' not in odd and odd['item_real_status'] == {'$': '2'}
    even = rows['892']
    assert even['item_status']['$orig'] == '2' and even['status'] == {'$': '2'} and 'item_real_status' not in even
