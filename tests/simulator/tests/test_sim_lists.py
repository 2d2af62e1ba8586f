"""Service lists: who sees what, filters, paging, deleted services."""

import pytest

from sim_helpers import elems, error_of, ids, order_now, statuses


def test_a_client_sees_only_its_own_account(sim):
    assert ids(sim.call('vds', user='alice')) == [938, 958]
    assert ids(sim.call('vds', user='bob')) == [5]
    assert ids(sim.call('vds', user='bob', filter='on', account='alice')) == []
    assert ids(sim.call('dedic', user='alice')) == [892, 1065]
    assert ids(sim.call('vhost', user='alice')) == [945, 1085]
    assert ids(sim.call('soft', user='alice')) == [777]
    assert ids(sim.call('platform', user='alice')) == [1100]


def test_admin_sees_all_and_filters_by_account(sim):
    assert ids(sim.call('vds')) == [5, 938, 958]
    assert ids(sim.call('vds', filter='on', account='bob')) == [5]
    assert ids(sim.call('dedic', filter='on', account='alice', status=2)) == [892, 1065]
    # Seeds 001/003: the account is its whole name as the Name field shows it; its id or part of the name is no match.
    bob_id = next(elem['id']['$'] for elem in elems(sim.call('account')) if elem['name']['$'] == 'bob')
    assert ids(sim.call('vds', filter='on', account=bob_id)) == [] and ids(sim.call('vds', filter='on', account='bo')) == []
    # A list without p_cnt pages by 1000 (real-panels §5.4, E17).
    assert sim.call('vds')['doc']['p_cnt'] == {'$': '1000'}


@pytest.mark.parametrize('field, value, expected', [
    ('id', '958', [958]),
    ('pricelist', '6', [938, 958]),
    ('pricelist', '7', []),
    ('status', '3', []),
])
def test_filters(sim, field, value, expected):
    assert ids(sim.call('vds', user='alice', filter='on', **{field: value})) == expected


def test_remoteid_is_a_column_of_the_list(sim):
    # real-panels §3.6 (E1, E2): a client finds its new service by the list's remoteid column.
    new_id = order_now(sim, 'v2.vds.order.param', pricelist=6, order_period=1, remoteid='r-42')
    [row] = [elem for elem in elems(sim.call('vds', user='alice')) if elem['id']['$'] == str(new_id)]
    assert row['remoteid'] == {'$': 'r-42'}


def test_filter_fields_apply_only_with_filter_on(sim):
    assert ids(sim.call('vds', user='alice', id=958)) == [938, 958]


def test_bad_filter_value_is_a_value_error(sim):
    assert error_of(sim.call('vds', user='alice', filter='on', status='active')) == ('value', 'status')
    assert error_of(sim.call('vds', user='alice', p_num='x')) == ('value', 'p_num')


def test_paging(billmgr_sim_factory):
    sim = billmgr_sim_factory(populate={'account': 'bob', 'vds': 24})
    first = sim.call('vds', user='bob', p_cnt=10)['doc']
    assert (first['p_elems']['$'], first['p_num']['$'], first['p_cnt']['$']) == ('25', '1', '10')
    assert len(first['elem']) == 10
    third = sim.call('vds', user='bob', p_cnt=10, p_num=3)
    assert len(elems(third)) == 5
    assert ids(sim.call('vds', user='bob', p_cnt=10, p_num=4)) == []
    assert sim.call('vds', user='bob')['doc']['p_cnt'] == {'$': '1000'}


def test_deleted_services_are_listed_and_a_status_filter_narrows(sim):
    sim.call('vds.delete', user='alice', elid=938, sok='ok')
    # Plain lists and filters without a status show deleted services too (real-panels §5.5, E12, E23).
    assert statuses(sim.call('vds', user='alice')) == {938: 4, 958: 2}
    assert statuses(sim.call('vds', user='alice', filter='on', id=938)) == {938: 4}
    assert ids(sim.call('vds', user='alice', filter='on', status=2)) == [958]
    deleted = elems(sim.call('vds', user='alice', filter='on', status=4))
    assert [(elem['id']['$'], elem['item_status']['$orig']) for elem in deleted] == [('938', '4')]


def test_saved_filter(sim):
    assert 'ok' in sim.call('vds.filter', user='alice', id=958, sok='ok')['doc']
    assert ids(sim.call('vds', user='alice')) == [958]
    assert ids(sim.call('vds', user='alice', filter='on')) == [938, 958]  # an inline filter wins
    assert ids(sim.call('vds', user='bob')) == [5]  # per user
    sim.call('vds.filter', user='alice', sok='ok')
    assert ids(sim.call('vds', user='alice')) == [938, 958]


def test_license_list_fields(sim):
    elem = elems(sim.call('soft', user='alice'))[0]
    assert elem['licname'] == {'$': 'alice-lite'} and elem['ip'] == {'$': '203.0.113.10'}
    # Auto-renewal off lists an empty autoprolong (real-panels-2 §9.3, E5).
    assert elem['pricelist'] == {'$': 'ISPmanager Lite'} and elem['autoprolong'] == {}
    assert 'lickey' not in elem
