# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import datetime

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel import _forecast
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._forecast import forecast
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._amount import amount_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError

TODAY = datetime.date(2026, 12, 2)


def services(*rows):
    return [dict(id=i, expiredate=day, autoprolong=months, domain='s%d.test' % i) for i, day, months in rows]


def edit_form(price, months=(1, 3), autoprolong=None):
    """An edit form whose auto-renewal choices price each of ``months`` at ``price`` a month ("500.00 RUB per month",
    real-panels-2 §2.7, E22), or name the period alone when ``price`` is None."""
    choices = [{'key': 'null', 'text': 'Disabled'}]
    for count in months:
        words = 'per month' if count == 1 else 'for %d months' % count
        choices.append({'key': str(count), 'text': words if price is None else '%.2f RUB %s' % (price * count, words)})
    form = {'slist': [{'name': 'autoprolong', 'val': choices}]}
    if autoprolong is not None:
        form['autoprolong'] = autoprolong
    return form


def run_forecast(monkeypatch, listed, prices, available, warned=None, forms=None, read=None):
    """The forecast of ``listed`` vds services; each one's edit form prices a month at ``prices[id]`` (none: unpriced),
    or is ``forms[id]``; ``read`` collects the ids whose edit form was read."""
    read = [] if read is None else read

    def read_edit_form(client, item_type, service_id):
        read.append(service_id)
        return (forms or {}).get(service_id) or edit_form(prices.get(service_id))
    monkeypatch.setattr(_forecast, 'list_services', lambda client, item_type, status, account: listed if item_type == 'vds' else [])
    monkeypatch.setattr(_forecast, 'read_edit_form', read_edit_form)
    return forecast(None, None, amount_of(available), days=30, types=['vds', 'dedic'], today=TODAY,
                    warn=(warned.append if warned is not None else None))


def test_the_forecast_adds_up_what_is_due_and_says_what_is_missing(monkeypatch):
    listed = services((1, '2026-12-20', 1), (2, '2027-03-01', 1), (3, '2026-12-05', None), (4, '2026-12-10', 3))
    read = []
    # The quarterly service's choice for 3 months: 3 x 450.50 = 1351.50.
    result = run_forecast(monkeypatch, listed, {1: 500.0, 4: 450.5}, available=1000.0, read=read)
    assert [(s['id'], s['renewals'], s['amount']) for s in result['services']] == [(4, 1, 1351.5), (1, 1, 500.0)]
    assert (result['total'], result['covered'], result['shortfall'], result['currency']) == (1851.5, False, 851.5, 'RUB')
    assert (result['from'], result['until']) == ('2026-12-02', '2027-01-01')
    # One edit form per service due; none for the one due later (2) or not renewing (3).
    assert sorted(read) == [1, 4]
    covered = run_forecast(monkeypatch, listed, {1: 500.0, 4: 450.5}, available=1851.5)
    assert (covered['covered'], covered['shortfall']) == (True, 0.0)


def test_a_renewal_without_a_price_makes_covered_unknown_and_is_named(monkeypatch):
    warned = []
    result = run_forecast(monkeypatch, services((1, '2026-12-20', 1), (2, '2026-12-21', 1)), {1: 500.0}, 600.0, warned)
    assert result['total'] == 500.0 and result['covered'] is None and result['shortfall'] is None
    assert result['unpriced'] == [{'type': 'vds', 'id': 2, 'name': 's2.test', 'expiredate': '2026-12-21', 'autoprolong': 1, 'renewals': 1}]
    assert warned == ['the forecast leaves out 1 renewal(s) the panel gave no price for (vds 2), '
                      'so whether the balance covers them is unknown']


def test_a_balance_of_0_never_covers_renewals_the_panel_would_not_price(monkeypatch):
    # Issue 32: a renewal without a price made the total 0, and a balance of 0 "covered" it.
    result = run_forecast(monkeypatch, services((1, '2026-12-28', 1)), {}, 0.0)
    assert (result['total'], result['covered'], result['shortfall']) == (0.0, None, None)
    assert [e['id'] for e in result['unpriced']] == [1] and result['services'][0]['amount'] is None


def test_a_period_whose_choice_has_no_price_or_a_form_the_panel_refuses_is_unpriced_never_covered(monkeypatch):
    # real-panels-2 §2.7: the price is the choice of the period the service renews for; a price for another period is not it.
    warned = []
    read = []
    listed = services((1, '2026-12-20', 3), (2, '2026-12-21', 1))

    def refused(client, item_type, service_id):
        read.append(service_id)
        if service_id == 2:
            raise BillmgrError('access', 'Insufficient privileges', obj='vds.edit')
        return edit_form(500.0, months=(1,))
    monkeypatch.setattr(_forecast, 'list_services', lambda client, item_type, status, account: listed if item_type == 'vds' else [])
    monkeypatch.setattr(_forecast, 'read_edit_form', refused)
    result = forecast(None, None, amount_of(1000000.0), days=30, types=['vds'], today=TODAY, warn=warned.append)
    assert [e['id'] for e in result['unpriced']] == [1, 2]
    assert (result['total'], result['covered'], result['shortfall']) == (0.0, None, None)
    assert read == [1, 2]
    assert warned[0] == 'vds service 2: the panel gives no renewal price (Insufficient privileges)'


def test_the_priced_renewals_alone_can_prove_the_balance_short(monkeypatch):
    result = run_forecast(monkeypatch, services((1, '2026-12-20', 1), (2, '2026-12-21', 1)), {1: 500.0}, 100.0)
    assert (result['covered'], result['shortfall']) == (False, 400.0)


def test_a_period_listed_as_a_label_is_read_from_the_edit_form_of_each_due_service_only(monkeypatch):
    # real-panels-2 §9.3 (E23): the list says "Month"; the edit form says the months (E5), or nothing a forecast can use.
    forms = {1: edit_form(500.0, autoprolong='3'), 3: edit_form(500.0, autoprolong='on')}
    read = []
    warned = []
    listed = services((1, '2026-12-20', 'Quarter'), (2, '2027-03-01', 'Month'), (3, '2026-12-21', 'Month'))
    result = run_forecast(monkeypatch, listed, {}, available=2000.0, warned=warned, forms=forms, read=read)
    # 2 is not due within the window: its form is not read; 1's one read gives both its months and its price.
    assert read == [1, 3]
    assert [(s['id'], s['autoprolong'], s['renewals'], s['amount']) for s in result['services']] == [
        (1, 3, 1, 1500.0), (3, 'Month', None, None)]
    # Due for months nobody says: unknown, so whether the balance covers it is unknown too.
    assert [(e['id'], e['autoprolong'], e['renewals']) for e in result['unpriced']] == [(3, 'Month', None)]
    assert (result['total'], result['covered']) == (1500.0, None)
    assert warned[0] == ("the forecast cannot count the renewals of vds service 3: vds service 3: the panel lists autoprolong "
                         "'Month' and its edit form 'on', neither as months, so the months of auto-renewal are unknown; "
                         "nothing was changed")
