# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_account_info reads (``AccountInfoTask``): the account's money and the renewal forecast. Private to this collection."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._forecast import forecast
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import account_facts, read_ledger, read_money
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import check_item_type


class AccountInfoTask(Task):
    """billmgr_account_info: read only, so check mode changes nothing here."""

    def run(self):
        p = self.params
        types = [check_item_type(item_type) for item_type in p['types']]
        money = read_money(self.client, p.get('account'))
        account = account_facts(money)
        account.update(read_ledger(self.client, money, p['expenses'], p['payments']))
        result = {'changed': False, 'account': account}
        if p['forecast']:
            result['forecast'] = forecast(self.client, account['name'] if account['id'] else None, money['available'], days=p['days'], types=types,
                                          warn=self.warn)
        return result
