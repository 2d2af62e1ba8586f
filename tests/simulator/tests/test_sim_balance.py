"""The money of an account: ``desktop``, ``subaccount``, ``expense``, ``payment`` and the credit limit.

Every expectation follows handlers/balance.py's evidence (E5, E6, third-party clients) or its [INF] tags.
"""

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


def test_expenses_and_payments_are_listed_newest_first_and_paged_in_the_vendors_columns(billmgr_sim):
    """real-panels-2 §2.3, §2.4 (E25, E5, E23, E24, E30): realdate, locale_name, item/main_item; a payment's status a
    word with the code beside it."""
    sim = billmgr_sim
    sim.set_balance('alice', 5000)
    for dummy in range(3):
        order_now(sim, 'v2.vds.order.param', pricelist=6, order_period=1, **({'clicked_button': 'order'} if sim.panel >= 6 else {}))
    answer = sim.call('expense', user='alice', p_cnt=2, p_num=1)
    rows = elems(answer)
    assert len(rows) == 2 and int(value(answer, 'p_elems')) >= 3
    assert int(rows[0]['id']['$']) > int(rows[1]['id']['$'])
    newest = rows[0]
    assert newest['amount']['$'] == '500.00 RUB' and newest['locale_name']['$'] and newest['main_item']['$'] == newest['item']['$']
    assert newest['realdate']['$'] == newest['cdate']['$'] + ' 00:00:00' and len(newest['cdate']['$']) == 10
    assert not {'date', 'name', 'account'} & set(newest), 'the old guesses are gone; a client sees no account column'
    assert not {e['id']['$'] for e in elems(sim.call('expense', user='bob'))} & {e['id']['$'] for e in rows}
    credited = sim.add_payment('alice', 70, status=4)
    in_progress = sim.add_payment('alice', 30, status=2)
    payments = elems(sim.call('payment', user='alice'))
    assert [(p['id']['$'], p['status']['$orig'], p['status']['$']) for p in payments[:2]] == \
        [(str(in_progress), '2', 'Payment in progress'), (str(credited), '4', 'Credited')]
    assert payments[0]['subaccountamount_iso']['$'] == '30.00 RUB' and 'account_name' not in payments[0]
    assert elems(sim.call('payment', user='alice', lang='ru'))[1]['status']['$'] == 'Зачислен'
    assert sim.account('alice')['balance'] == 5000 - 1500 + 70, 'only the credited payment reaches the balance'
    assert error_of(sim.call('sim.payment', name='alice', amount=1, status=8)) == ('value', 'status')


def test_an_administrator_sees_every_clients_money_whatever_elid_says_and_narrows_it_by_filter(billmgr_sim):
    """real-panels-2 §2.5 (E25): the admin's lists ignore elid; expense.setfilter saves a filter by the selected
    expense's client, which stays (sticky, real-panels-2 §2.6, §9.1) until expense.filter resets it; account.payment is one client's."""
    sim = billmgr_sim
    for user in ('alice', 'bob'):
        sim.set_balance(user, 5000)
        order_now(sim, 'v2.vds.order.param', user=user, pricelist=6, order_period=1,
                  **({'clicked_button': 'order'} if sim.panel >= 6 else {}))
        sim.add_payment(user, 10, status=4)
    alice = account_id(sim, 'alice')
    everyone = elems(sim.call('expense', elid=alice))
    assert {e['account']['$'] for e in everyone} >= {'alice', 'bob'}, 'elid does not narrow'
    assert {p['account_name']['$'] for p in elems(sim.call('payment', elid=alice))} >= {'alice', 'bob'}
    one_of_alices = next(e['id']['$'] for e in everyone if e['account']['$'] == 'alice')
    assert 'ok' in sim.call('expense.setfilter', elid=one_of_alices)['doc']
    assert {e['account']['$'] for e in elems(sim.call('expense'))} == {'alice'}
    assert {e['account']['$'] for e in elems(sim.call('expense'))} == {'alice'}, 'the filter stays'
    assert sim.call('expense.filter')['doc']['account']['$'] == str(alice)
    assert {e['account']['$'] for e in elems(sim.call('expense', filter='on'))} >= {'alice', 'bob'}
    sim.call('expense.filter', sok='ok')
    assert {e['account']['$'] for e in elems(sim.call('expense'))} >= {'alice', 'bob'}
    assert {p['account_name']['$'] for p in elems(sim.call('account.payment', elid=alice))} == {'alice'}
    assert error_of(sim.call('expense.setfilter', user='alice', elid=one_of_alices))[0] == 'access'
    assert error_of(sim.call('account.payment', user='alice', elid=alice))[0] == 'access'
    assert error_of(sim.call('expense.setfilter', elid=', '.join(e['id']['$'] for e in everyone))) == ('value', 'elid')


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
    assert len(elems(sim.call('payment', user='alice', filter='on'))) == len(elems(sim.call('payment', user='alice', filter='on', status=4)))
    assert error_of(sim.call('sim.filter', name='alice', itemtype='payment', item='1'))[0] == 'value'
