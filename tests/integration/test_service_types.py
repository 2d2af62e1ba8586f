# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""billmgr_service for every service type and both API forms: order, the same again, delete.

Apart from test_service.py so that two pytest-xdist workers share the two (--dist loadfile).
"""

from __future__ import annotations

import pytest

from billmgr_sim.testing import edit_form, listed


@pytest.mark.parametrize('item_type, pricelist, api', [
    ('vhost', 2, 'v2'), ('vhost', 2, 'v1'),
    ('vds', 6, 'v2'), ('vds', 6, 'v1'),
    ('dedic', 32, 'v2'), ('dedic', 32, 'v1'),
])
def test_order_each_type_with_each_api_form(ansible, billmgr_sim, item_type, pricelist, api):
    task = '''
        - name: order
          ispsystem.billmgr.billmgr_service:
            type: {item_type}
            remoteid: {item_type}-{api}
            domain: {item_type}-{api}.example.com
            pricelist: {pricelist}
            datacenter: 1
            period: 3
            autoprolong: 3
            api: {api}
    '''.format(item_type=item_type, pricelist=pricelist, api=api)
    first = ansible.tasks(task)
    assert first.rc == 0, first
    service = first.task('order')['service']
    assert first.task('order')['changed'] is True
    assert first.task('order')['order']['func'] == ('v2.%s.order.param' % item_type if api == 'v2' else '%s.order.param' % item_type)
    assert service['type'] == item_type and service['status'] == 2 and service['autoprolong'] == 3
    # One order; a v2 order with auto-renewal also reads its form once, for how the panel takes it (E20).
    order_func = first.task('order')['order']['func']
    assert billmgr_sim.counters()['func'].get(order_func) == (2 if api == 'v2' else 1)
    assert len(listed(billmgr_sim, item_type, remoteid='%s-%s' % (item_type, api))) == 1
    [row] = listed(billmgr_sim, item_type, remoteid='%s-%s' % (item_type, api))
    # Real lists name the tariff (E18); its id is in the edit form.
    assert row['period'] == '3' and edit_form(billmgr_sim, item_type, service['id'])['pricelist'] == str(pricelist)

    second = ansible.tasks(task)
    assert second.rc == 0, second
    assert second.task('order')['changed'] is False
    assert len(listed(billmgr_sim, item_type, remoteid='%s-%s' % (item_type, api))) == 1

    gone = ansible.tasks(task.replace('api: %s' % api, 'state: absent'))
    assert gone.rc == 0, gone
    assert gone.task('order')['changed'] is True
    # Listed still, as deleted: real plain lists show deleted services (real-panels §5.5, E12).
    assert [row['status'] for row in listed(billmgr_sim, item_type, remoteid='%s-%s' % (item_type, api))] == ['4']
