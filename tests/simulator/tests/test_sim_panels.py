"""Panel generations (--panel 5|6): order answers, both carts, paying them, acting as a client.

Every expectation cites real-panels.md (§3, §4, Addendum E20/E21) or is a guess tagged [INF] in the simulator.
"""

import pytest

from billmgr_sim.pytest_plugin import BOTH_PANELS
from billmgr_sim.testing import as_list
from sim_helpers import error_of, ids, matching_ids

VPS = {'pricelist': 6, 'order_period': 1, 'domain': 'p.alice.test'}
LICENSE = {'pricelist': 3541, 'period': 1, 'ip': '198.51.100.9', 'clicked_button': 'finish'}


def v2_order(sim, user='alice', **params):
    """A v2 VPS order as each panel wants it: clicked_button=order on panel 6 (E20), as the seeds send it on 5."""
    button = {'clicked_button': 'order'} if sim.panel >= 6 else {}
    return sim.call('v2.vds.order.param', user=user, **dict(VPS, **dict(button, **params)))


def named_list(doc, name):
    return next(item for item in as_list(doc['list']) if item['$name'] == name)


def cart_lines(sim, user='alice'):
    return as_list(named_list(sim.call('cart', user=user)['doc'], 'lineitems').get('elem'))


def basket_lines(sim, user='alice'):
    return as_list(named_list(sim.call('basket', user=user)['doc'], 'itemlist').get('elem'))


# -- skipbasket answers ------------------------------------------------------------------------------------------

@BOTH_PANELS
def test_skipbasket_answer_names_the_service_only_on_panel_6(billmgr_sim):
    """E1: BM6 answers item.id; E12: on BM5 "the id of the new service does not come in the answer". No billorder.id."""
    sim = billmgr_sim
    doc = v2_order(sim, skipbasket='on', sok='ok')['doc']
    new_id = max(matching_ids(sim, 'vds', domain='p.alice.test'))
    assert 'ok' in doc and 'billorder.id' not in doc and 'id' not in doc
    if sim.panel == 6:
        assert as_list(doc['item.id']) == [{'$': str(new_id)}]
    else:
        assert 'item.id' not in doc


@BOTH_PANELS
def test_licence_answers_id_on_both_panels(billmgr_sim):
    """E7, E8, E19: soft.order.param with skipbasket answers /doc/id."""
    doc = billmgr_sim.call('soft.order.param', user='alice', skipbasket='on', sok='ok', **LICENSE)['doc']
    assert 'ok' in doc and 'item.id' not in doc and 'billorder.id' not in doc
    assert int(doc['id']['$']) in ids(billmgr_sim.call('soft', user='alice'))


@BOTH_PANELS
def test_order_count_makes_several_services(billmgr_sim):
    """E1, E4 send order_count: three services, charged three times."""
    sim = billmgr_sim
    doc = v2_order(sim, order_count=3, skipbasket='on', sok='ok')['doc']
    made = matching_ids(sim, 'vds', domain='p.alice.test')
    assert len(made) == 3 and sim.account('alice')['balance'] == 100000 - 3 * 500
    if sim.panel == 6:
        assert [int(item['$']) for item in as_list(doc['item.id'])] == made


@BOTH_PANELS
@pytest.mark.parametrize('count', ['0', '11', 'x', '-1'])
def test_order_count_out_of_range_is_refused(billmgr_sim, count):
    """[INF] order_count is 1 to 10; otherwise a value error naming it, nothing made."""
    assert error_of(v2_order(billmgr_sim, order_count=count, skipbasket='on', sok='ok')) == ('value', 'order_count')
    assert ids(billmgr_sim.call('vds', user='alice')) == [938, 958]


# -- which cart --------------------------------------------------------------------------------------------------

@BOTH_PANELS
def test_old_order_api_goes_to_the_old_cart(billmgr_sim):
    """E6: TYPE.order.param into the cart answers billorder.id, on both panels; the line in E5's basket shape."""
    sim = billmgr_sim
    doc = sim.call('vds.order.param', user='alice', pricelist=6, period=1, domain='p.alice.test', sok='ok')['doc']
    assert 'ok' in doc and 'lineitem.id' not in doc
    basket = sim.call('basket', user='alice')['doc']
    assert basket['billorder']['$'] == doc['billorder.id']['$']
    assert (basket['total_sum']['$'], basket['tax']['$'], basket['full_discount']['$']) == ('500.00', '0.00', '0.00')
    line, = basket_lines(sim)
    ordered = ids(sim.call('vds', user='alice', filter='on', status=1))
    assert [int(line['item.id']['$'])] == ordered
    assert (line['item.type']['$'], line['item.period']['$'], line['cost']['$'], line['rolled_back']['$']) == ('vds', '1', '500.00', 'off')
    assert line['id']['$'] and line['desc']['$'] and line['item.autoprolong']['$'] == 'off'


@BOTH_PANELS
def test_v2_cart_order_goes_to_the_new_cart_only_on_panel_6(billmgr_sim):
    """E4: the new cart answers lineitem.id (panel 6; [INF] every v2 order from 6.71 on, E21); panel 5 has only the old cart."""
    sim = billmgr_sim
    doc = v2_order(sim, sok='ok')['doc']
    if sim.panel == 6:
        assert 'lineitem.id' in doc and 'billorder.id' not in doc
        line, = cart_lines(sim)
        assert line['id'] == doc['lineitem.id'] and basket_lines(sim) == []
        assert ids(sim.call('vds', user='alice')) == [938, 958]  # E20: a line item makes no service until paid
    else:
        assert 'billorder.id' in doc and 'lineitem.id' not in doc
        assert error_of(sim.call('cart', user='alice')) == ('missed', 'func')


@BOTH_PANELS
def test_quickbasket_with_force_use_new_cart(billmgr_sim):
    """E20: the old API goes into the new cart with clicked_button=quickbasket and force_use_new_cart=on (panel 6)."""
    sim = billmgr_sim
    doc = sim.call('vhost.order.param', user='alice', pricelist=2, period=1, clicked_button='quickbasket', force_use_new_cart='on',
                   sok='ok')['doc']
    assert ('lineitem.id' in doc) == (sim.panel == 6) and ('billorder.id' in doc) == (sim.panel == 5)


@pytest.mark.parametrize('func', ['cart', 'cart.empty', 'cartorder.create.confirm'])
def test_panel_5_has_no_new_cart(billmgr_sim, func):
    """E21: panels before 6.71 have only the old cart: the functions are not there (outside Dragon)."""
    assert error_of(billmgr_sim.call(func, user='alice', sok='ok')) == ('missed', 'func')


# -- refusals ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('billmgr_sim', [6], indirect=True)
@pytest.mark.parametrize('button', [None, 'finish'])
def test_panel_6_v2_order_needs_clicked_button_order(billmgr_sim, button):
    """E20: clicked_button=order is required on v2.TYPE.order.param."""
    params = dict(VPS, skipbasket='on', sok='ok')
    if button:
        params['clicked_button'] = button
    assert error_of(billmgr_sim.call('v2.vds.order.param', user='alice', **params)) == ('missed', 'clicked_button')
    assert 'ok' in billmgr_sim.call('v2.vds.order.param', user='alice', **dict(params, clicked_button='order'))['doc']


def test_panel_5_v2_order_without_clicked_button_works(billmgr_sim):
    """Seeds 001/003 send v2 orders without clicked_button [INF: they predate the new cart]."""
    assert 'ok' in billmgr_sim.call('v2.vds.order.param', user='alice', skipbasket='on', sok='ok', **VPS)['doc']


@BOTH_PANELS
def test_unknown_clicked_button_is_refused(billmgr_sim):
    """§3.4: only the values real clients send are accepted [INF: strict]."""
    assert error_of(v2_order(billmgr_sim, clicked_button='buy', skipbasket='on', sok='ok')) == ('value', 'clicked_button')
    assert error_of(billmgr_sim.call('vds', user='alice', clicked_button='x')) == ('value', 'clicked_button')


@pytest.mark.parametrize('billmgr_sim', [6], indirect=True)
def test_panel_6_v2_autoprolong_is_a_flag(billmgr_sim):
    """E20: autoprolong on v2 is on/off; months are a value error there. on = the ordered period [INF]."""
    sim = billmgr_sim
    assert error_of(v2_order(sim, autoprolong=12, skipbasket='on', sok='ok')) == ('value', 'autoprolong')
    assert error_of(v2_order(sim, autoprolong=1, skipbasket='on', sok='ok')) == ('value', 'autoprolong')
    on_id = int(v2_order(sim, autoprolong='on', order_period=3, skipbasket='on', sok='ok')['doc']['item.id']['$'])
    off_id = int(v2_order(sim, autoprolong='off', skipbasket='on', sok='ok')['doc']['item.id']['$'])
    assert sim.call('vds.edit', user='alice', elid=on_id)['doc']['autoprolong']['$'] == '3'
    assert 'autoprolong' not in sim.call('vds.edit', user='alice', elid=off_id)['doc']  # off
    # months keep working through TYPE.edit and the old TYPE.order.param
    assert 'ok' in sim.call('vds.edit', user='alice', elid=on_id, autoprolong=12, sok='ok')['doc']
    assert 'ok' in sim.call('vds.order.param', user='alice', pricelist=6, period=1, autoprolong=12, skipbasket='on', sok='ok')['doc']


def test_panel_5_v2_autoprolong_takes_months(billmgr_sim):
    """Seed 003 sends autoprolong=1 to v2 on a BM5-era panel; on is not a period there."""
    assert 'ok' in billmgr_sim.call('v2.vds.order.param', user='alice', autoprolong=1, skipbasket='on', sok='ok', **VPS)['doc']
    assert error_of(billmgr_sim.call('v2.vds.order.param', user='alice', autoprolong='on', skipbasket='on', sok='ok', **VPS)) == (
        'value', 'autoprolong')


@BOTH_PANELS
def test_offer_needs_the_licence_agreement(billmgr_sim):
    """§3.5 (E4, E5 send licence_agreement=on): a tariff with an offer (5579 [INF]) refuses a confirmed order without it."""
    order = {'pricelist': 5579, 'period': 1, 'ip': '198.51.100.20', 'clicked_button': 'finish', 'skipbasket': 'on', 'sok': 'ok'}
    assert error_of(billmgr_sim.call('soft.order.param', user='alice', **order)) == ('missed', 'licence_agreement')
    assert 'error' not in billmgr_sim.call('soft.order.param', user='alice', **dict(order, sok='')).get('doc')  # the form is shown
    assert 'id' in billmgr_sim.call('soft.order.param', user='alice', licence_agreement='on', **order)['doc']


@BOTH_PANELS
def test_admin_orders_only_as_the_client(billmgr_sim):
    """E21, E14: the order is placed with the client's rights; an admin without acting as the client is refused."""
    answer = v2_order(billmgr_sim, user='admin', account='bob', skipbasket='on', sok='ok')
    assert error_of(answer) == ('access', 'v2.vds.order.param') and "client's account" in answer['doc']['error']['msg']['$']
    assert 'ok' in v2_order(billmgr_sim, user='admin', su='bob', skipbasket='on', sok='ok')['doc']
    assert len(ids(billmgr_sim.call('vds', user='bob'))) == 2


# -- paying ------------------------------------------------------------------------------------------------------

@BOTH_PANELS
def test_old_cart_paid_through_payment_add(billmgr_sim):
    """E5, E6: payment.add&billorder -> methodlist. E26: payment.add with a method acts without sok and answers ok as a URL,
    payment_id and id twice (the second with $step payment.add.pay); payment.add.pay does the same (real-panels-2 §1.3)."""
    sim = billmgr_sim
    billorder = sim.call('vds.order.param', user='alice', pricelist=6, period=1, sok='ok')['doc']['billorder.id']['$']
    methods = sim.call('payment.add', user='alice', billorder=billorder)['doc']
    assert [(m['paymethod']['$'], m['name']['$']) for m in as_list(named_list(methods, 'methodlist')['elem'])] == [
        ('0', 'Personal account'), ('1', 'Bank card')]
    assert error_of(sim.call('payment.add', user='bob', billorder=billorder)) == ('missed', 'billorder')
    assert error_of(sim.call('payment.add', user='alice', billorder=billorder, paymethod=0, amount='1.00')) == ('value', 'amount')
    assert error_of(sim.call('payment.add', user='alice', billorder=billorder, paymethod=7)) == ('value', 'paymethod')
    assert sim.account('alice')['balance'] == 100000
    doc = sim.call('payment.add', user='alice', billorder=billorder, paymethod=0, payment_currency=126)['doc']   # no sok (E26)
    payment_id = doc['payment_id']['$']
    assert doc['ok'] == {'$type': 'url', '$': '/mancgi/account?elid=%s' % payment_id}
    assert [(i['$'], i.get('$step')) for i in doc['id']] == [(payment_id, None), (payment_id, 'payment.add.pay')]
    assert sim.account('alice')['balance'] == 99500 and ids(sim.call('vds', user='alice', filter='on', status=1)) == []
    [row] = as_list(sim.call('payment', user='alice')['doc']['elem'])
    assert (row['id']['$'], row['status']['$orig']) == (payment_id, '4')
    assert error_of(sim.call('payment.add', user='alice', billorder=billorder, paymethod=0)) == ('missed', 'billorder')


def test_payment_add_pay_and_an_outside_method(sim):
    """A bank card payment waits (status 1 new) and leaves the cart open; payment.add.pay acts without sok [INF: harder]."""
    billorder = sim.call('vds.order.param', user='alice', pricelist=6, period=1, sok='ok')['doc']['billorder.id']['$']
    doc = sim.call('payment.add.pay', user='alice', billorder=billorder, paymethod=1)['doc']
    assert doc['ok'] == {'$type': 'url', '$': '/mancgi/bankcard?elid=%s' % doc['payment_id']['$']}
    [row] = as_list(sim.call('payment', user='alice')['doc']['elem'])
    assert row['status']['$orig'] == '1' and sim.account('alice')['balance'] == 100000
    doc = sim.call('payment.add.pay', user='alice', billorder=billorder, paymethod=0, amount='500.00', clicked_button='finish')['doc']
    assert doc['ok']['$type'] == 'url' and sim.account('alice')['balance'] == 99500


@BOTH_PANELS
def test_old_cart_clear_and_pay_from_balance(billmgr_sim):
    """E5 clearbasket; E14, E15 clicked_button=free; a paid edit line is applied only then (E5 doc.billorder.$)."""
    sim = billmgr_sim
    sim.call('vds.order.param', user='alice', pricelist=6, period=1, sok='ok')
    assert 'ok' in sim.call('basket', user='alice', clicked_button='clearbasket', sok='ok')['doc']
    assert basket_lines(sim) == [] and ids(sim.call('vds', user='alice', filter='on', status=1)) == []
    doc = sim.call('vds.edit', user='alice', elid=958, addon_9=3, clicked_button='basket', sok='ok')['doc']
    assert 'billorder' in doc and 'billorder.id' not in doc
    assert sim.call('vds.edit', user='alice', elid=958)['doc']['addon_9']['$'] == '2'
    assert 'ok' in sim.call('basket', user='alice', clicked_button='free', sok='ok')['doc']
    assert sim.call('vds.edit', user='alice', elid=958)['doc']['addon_9']['$'] == '3'


@pytest.mark.parametrize('billmgr_sim', [6], indirect=True)
def test_new_cart_shape_delete_empty_and_pay(billmgr_sim):
    """E1 CartResponseMapper (lineitems: main, price, configuration, action; total: cost, currency, count),
    E1 cart&id&clicked_button=delete, E5 cart.empty, E4 cartorder.create.confirm&elid&paymethod_id=0."""
    sim = billmgr_sim
    first = v2_order(sim, sok='ok')['doc']['lineitem.id']['$']
    second = v2_order(sim, order_count=2, sok='ok')['doc']['lineitem.id']['$']
    doc = sim.call('cart', user='alice')['doc']
    lines = cart_lines(sim)
    assert [line['id']['$'] for line in lines] == [first, second]
    assert (lines[0]['main']['$'], lines[0]['price']['$'], lines[0]['action']['$'], lines[0]['item.type']['$']) == (
        'VPS Start', '500.00', 'order', 'vds')
    assert 'p.alice.test' in lines[0]['configuration']['$'] and lines[1]['price']['$'] == '1000.00'
    assert (doc['total']['cost']['$'], doc['total']['currency']['$'], doc['total']['count']['$']) == ('1500.00', 'RUB', '3')
    assert cart_lines(sim, 'bob') == []
    assert error_of(sim.call('cart', user='bob', id=first, clicked_button='delete', sok='ok')) == ('access', 'id')
    assert error_of(sim.call('cartorder.create.confirm', user='bob', elid=first, paymethod_id=0, sok='ok')) == ('access', 'elid')
    assert error_of(sim.call('cartorder.create.confirm', user='alice', elid=first, paymethod_id=3, sok='ok')) == ('value', 'paymethod_id')
    paid = sim.call('cartorder.create.confirm', user='alice', elid=first, paymethod_id=0, sok='ok')['doc']
    # real-panels-2 §1.5 (E4, E31): the answer names no service; the new one is the newest id of the list.
    assert 'ok' in paid and 'item.id' not in paid and sim.account('alice')['balance'] == 99500
    assert len(ids(sim.call('vds', user='alice'))) == 3
    assert [line['id']['$'] for line in cart_lines(sim)] == [second]  # only the line given was paid
    assert 'ok' in sim.call('cart', user='alice', id=second, clicked_button='delete', sok='ok')['doc']
    v2_order(sim, sok='ok')
    assert 'ok' in sim.call('cart.empty', user='alice', sok='ok')['doc'] and cart_lines(sim) == []


@pytest.mark.parametrize('billmgr_sim', [6], indirect=True)
def test_new_cart_payment_is_all_or_nothing(billmgr_sim):
    """An unpaid line makes no service (E20 glossary); a short balance pays nothing."""
    sim = billmgr_sim
    line = v2_order(sim, order_count=2, sok='ok')['doc']['lineitem.id']['$']
    sim.set_balance('alice', 700)
    assert error_of(sim.call('cartorder.create.confirm', user='alice', elid=line, paymethod_id=0, sok='ok')) == ('balance', 'account')
    assert ids(sim.call('vds', user='alice')) == [938, 958] and len(cart_lines(sim)) == 1


@BOTH_PANELS
def test_pay_cart_helper_pays_both_carts(billmgr_sim):
    """testing.RunningSimulator.pay_cart pays the old cart (basket free) and the new one (cartorder.create.confirm)."""
    sim = billmgr_sim
    sim.call('vhost.order.param', user='alice', pricelist=2, period=1, domain='old.alice.test', sok='ok')
    v2_order(sim, sok='ok')
    paid = sim.pay_cart('alice')
    assert sorted(paid) == sorted(ids(sim.call('vds', user='alice'))[2:] + ids(sim.call('vhost', user='alice'))[2:])
    assert len(paid) == 2 and sim.account('alice')['balance'] == 100000 - 650
    assert sim.pay_cart('alice') == []


def test_dragon_order_goes_to_the_new_cart_on_panel_5(billmgr_sim):
    """Seed 003 + E1: the Dragon cart is the BM6 cart; on panel 5 it is reached only through Dragon [INF]."""
    sim = billmgr_sim
    doc = sim.call_dragon('v2.vds.order.param', user='alice', pricelist=1, order_period=1, licence_agreement='on', sok='ok')['doc']
    line = doc['lineitem.id']['$']
    assert [item['id']['$'] for item in as_list(named_list(sim.call_dragon('cart', user='alice')['doc'], 'lineitems')['elem'])] == [line]
    assert sim.pay_cart('alice') == ids(sim.call('vds', user='alice'))[-1:]


# -- acting as a client ------------------------------------------------------------------------------------------

@BOTH_PANELS
def test_account_su_gives_the_clients_session(billmgr_sim):
    """E14, E18: func=account.su&elid=<account id> by an admin, then the client's session; answered like func=auth [INF]."""
    sim = billmgr_sim
    accounts = {elem['name']['$']: elem for elem in as_list(sim.call('account')['doc']['elem'])}
    bob = accounts['bob']
    assert bob['balance']['$'] == '100000.00'
    auth = sim.call('account.su', elid=bob['id']['$'])['doc']['auth']
    assert auth['$'] == auth['$id'] and auth['$level'] == '16'
    assert ids(sim.call('vds', user=None, auth=auth['$id'])) == [5]
    button = {'clicked_button': 'order'} if sim.panel == 6 else {}
    doc = sim.call('v2.vds.order.param', user=None, auth=auth['$id'], skipbasket='on', sok='ok', **dict(VPS, **button))['doc']
    assert 'ok' in doc and len(ids(sim.call('vds', user='bob'))) == 2
    assert error_of(sim.call('account.su', elid=999)) == ('missed', 'elid')
    assert error_of(sim.call('account.su', elid='x')) == ('value', 'elid')
    assert error_of(sim.call('account.su', user='alice', elid=bob['id']['$'])) == ('access', 'account.su')
    assert error_of(sim.call('account', user='alice')) == ('access', 'account')
