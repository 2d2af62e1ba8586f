# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_panel_info checks (``PanelInfoTask``): will the collection work with this panel? Private to this collection.

Read only, in check mode as out of it: every request is a known read (``client.read``), so the check can never buy,
change or delete anything. It reads, in order: the login, the carts, each item type's list, the price list and one
order form per item type, then the edit, renewal and tariff-change forms (and the addresses) of one active service
per type, and the balance. Everything it finds becomes a verdict per feature, a table and a redacted report.
"""

from __future__ import annotations

import json
import os

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._balance import read_money
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._panel_probe import (
    ITEM_TYPES,
    probe_carts,
    probe_catalogue,
    probe_list,
    probe_order_form,
    probe_service_forms,
    probe_session,
    refusal,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._panel_report import report_of, table_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._panel_verdicts import differences, verdicts
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import check_item_type


class PanelInfoTask(Task):
    """billmgr_panel_info: reads only; ``changed`` is always false."""

    def run(self):
        p = self.params
        types = [check_item_type(item_type) for item_type in (p.get('types') or ITEM_TYPES)]
        report_path = os.path.expanduser(p['report']) if p.get('report') else None
        if report_path and os.path.isdir(report_path):
            raise InputError('report: %s is a directory; name the file to write' % report_path)
        started, requests = self.client.clock(), self.client.request_count
        found = self.probe(types)
        judged = verdicts(found)
        panel = differences(found)
        seconds = round(self.client.clock() - started, 2)
        count = self.client.request_count - requests
        report = report_of(found, judged, panel, count, seconds)
        if report_path:
            # A local file for a bug report, not the panel: written in check mode too, as the check only reads the panel.
            with open(report_path, 'w', encoding='utf-8') as out:
                json.dump(report, out, indent=2, sort_keys=True, ensure_ascii=False)
                out.write('\n')
        return {'changed': False, 'panel': panel, 'features': judged, 'table': table_of(found, judged, panel),
                'report': report, 'requests': count, 'seconds': seconds}

    def probe(self, types):
        """Every finding, keyed as ``_panel_verdicts`` reads them; after a refused login, only the session's."""
        found = {'session': probe_session(self.client, totp_given=bool(self.params.get('totp_secret'))),
                 'carts': {}, 'lists': {}, 'catalogue': {'answers': False, 'refused': None, 'types': {}},
                 'order_forms': {}, 'services': {}, 'money': {'skipped': 'the login does not work'}}
        if not found['session']['works']:
            return found
        found['carts'] = probe_carts(self.client)
        found['lists'] = dict((item_type, probe_list(self.client, item_type)) for item_type in types)
        found['catalogue'] = probe_catalogue(self.client)
        for item_type, kind in sorted(found['catalogue']['types'].items()):
            if item_type in types and kind['first_orderable'] is not None:
                found['order_forms'][item_type] = probe_order_form(self.client, item_type, kind['first_orderable'])
        for item_type, listed in sorted(found['lists'].items()):
            if listed.get('active_id'):
                found['services'][item_type] = probe_service_forms(self.client, item_type, listed['active_id'])
        found['money'] = self.money(found['session'])
        return found

    def money(self, session):
        """The balance as billmgr_account_info reads it: a client's own; an administrator's only for ``account``."""
        account = self.params.get('account')
        if session['role'] == 'admin' and not account:
            return {'skipped': 'an administrator reads the balance of a client account: give account to check it'}
        try:
            money = read_money(self.client, account if session['role'] == 'admin' else None)
        except BillmgrError as err:
            return {'refused': refusal(err)}
        except InputError as err:
            return {'refused': {'kind': 'input', 'object': 'account', 'message': str(err)}}
        balance = money['balance']
        return {'currency': balance.currency if balance is not None else None}
