"""The money of an account: ``desktop``, ``subaccount``, ``expense``, ``payment`` and the credit limit.

Every expectation follows handlers/balance.py's evidence (E5, E6, third-party clients) or its [INF] tags.
"""

from billmgr_sim.testing import as_list
from sim_helpers import elems, error_of, order_now, value


def account_id(sim, name):
    return next(int(elem['id']['$']) for elem in elems(sim.call('account')) if elem['name']['$'] == name)


def test_desktop_gives_the_balance_as_text_and_as_the_users_attribute(billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 1234.5)
    doc = sim.call('desktop', user='alice', startform='vds')['doc']
    assert doc['balance']['$'] == '1234.50 RUB'
    assert doc['user']['$balance'] == '1234.50' and doc['user']['$'] == 'alice'
    assert 'balance' not in sim.call('desktop', user='admin')['doc']


def test_subaccount_is_for_administrators_and_names_the_credit_limit(billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 10)
    sim.set_credit_limit('alice', 250)
    [elem] = elems(sim.call('subaccount', elid=account_id(sim, 'alice')))
    assert (elem['balance']['$'], elem['currency']['$'], elem['creditlimit']['$']) == ('10.00', 'RUB', '250.00')
    assert elems(sim.call('subaccount', plid=account_id(sim, 'alice')))[0]['id']['$'] == str(account_id(sim, 'alice'))
    assert error_of(sim.call('subaccount', user='alice', elid=account_id(sim, 'alice')))[0] == 'access'
    assert error_of(sim.call('subaccount'))[0] == 'missed'
    assert error_of(sim.call('subaccount', elid=99999)) == ('missed', 'elid')


def test_a_credit_limit_lets_the_balance_go_below_zero_by_that_much(billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 100)
    refused = sim.call('v2.vds.order.param', user='alice', pricelist=6, order_period=1, skipbasket='on', sok='ok',
                       **({'clicked_button': 'order'} if sim.panel >= 6 else {}))
    assert error_of(refused)[0] == 'balance'
    sim.set_credit_limit('alice', 400)
    order_now(sim, 'v2.vds.order.param', pricelist=6, order_period=1, **({'clicked_button': 'order'} if sim.panel >= 6 else {}))
    assert sim.account('alice')['balance'] == -400.0


def test_expenses_and_payments_are_listed_newest_first_and_paged(billmgr_sim):
    sim = billmgr_sim
    sim.set_balance('alice', 5000)
    for dummy in range(3):
        order_now(sim, 'v2.vds.order.param', pricelist=6, order_period=1, **({'clicked_button': 'order'} if sim.panel >= 6 else {}))
    answer = sim.call('expense', user='alice', p_cnt=2, p_num=1)
    rows = elems(answer)
    assert len(rows) == 2 and int(value(answer, 'p_elems')) >= 3
    assert int(rows[0]['id']['$']) > int(rows[1]['id']['$'])
    assert rows[0]['amount']['$'] == '500.00 RUB' and rows[0]['item']['$'] and rows[0]['name']['$']
    # An administrator names the account; a client sees only its own.
    assert [e['id'] for e in elems(sim.call('expense', elid=account_id(sim, 'alice'), p_cnt=2))] == [e['id'] for e in rows]
    assert not {e['id']['$'] for e in elems(sim.call('expense', user='bob'))} & {e['id']['$'] for e in rows}
    assert error_of(sim.call('expense'))[0] == 'missed'
    payments = as_list(sim.call('payment', user='alice')['doc'].get('elem'))
    for elem in payments:
        assert elem['status']['$'] == '2' and elem['subaccountamount_iso']['$'].endswith(' RUB')


def test_a_saved_filter_cuts_expenses_and_payments_unless_the_request_has_its_own(billmgr_sim):
    """real-panels-2 §2.6: a filter saved in the web interface ("Service ID = 388", E24) hides the other charges from a
    plain list; ``filter=on`` with the request's own fields (none: everything) reads past it (E27)."""
    sim = billmgr_sim
    sim.set_balance('alice', 5000)
    for dummy in range(2):
        order_now(sim, 'v2.vds.order.param', pricelist=6, order_period=1, **({'clicked_button': 'order'} if sim.panel >= 6 else {}))
    everything = [e['id']['$'] for e in elems(sim.call('expense', user='alice'))]
    first_item = elems(sim.call('expense', user='alice'))[0]['item']['$']
    sim.save_filter('alice', 'expense', item=first_item)
    cut = elems(sim.call('expense', user='alice'))
    assert cut and len(cut) < len(everything) and {e['item']['$'] for e in cut} == {first_item}
    assert [e['id']['$'] for e in elems(sim.call('expense', user='alice', filter='on'))] == everything
    assert sim.call('expense.filter', user='alice')['doc']['item']['$'] == first_item
    assert 'ok' in sim.call('expense.filter', user='alice', sok='ok')['doc']  # no fields: cleared
    assert [e['id']['$'] for e in elems(sim.call('expense', user='alice'))] == everything
    sim.save_filter('alice', 'payment', status=1)
    assert elems(sim.call('payment', user='alice')) == []
    assert elems(sim.call('payment', user='alice', filter='on', status=1)) == []
    assert len(elems(sim.call('payment', user='alice', filter='on'))) == len(elems(sim.call('payment', user='alice', filter='on', status=2)))
    assert error_of(sim.call('sim.filter', name='alice', itemtype='payment', item='1'))[0] == 'value'
