#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_panel_info
short_description: Check, read only, whether this collection works with your BILLmanager panel
version_added: 0.1.0
description:
  - Answers "will this collection work with my panel?" before anything is ordered, with the user's own credentials.
    Run it before the first order and after every panel upgrade (see the guide C(docs/check-your-panel.md)).
  - Every request is a known read (a list, a cart without confirmation, the price list, a form without C(sok)). The
    check never orders, pays, renews, changes or deletes anything, in check mode or out of it, and C(changed) is
    always V(false).
  - It reads who is logged in (a client or an administrator, two-factor authentication, a captcha on logins), the
    carts (the old C(basket), the BILLmanager 6 C(cart), the Dragon theme's cart), each item type's list (the columns
    the collection reads, a saved filter, whether C(remoteid), C(domain) and C(ip) filter the list), the price list
    and one order form per item type, and the edit, renewal and tariff-change forms and the addresses of one active
    service per item type.
  - It gives each feature of the collection a verdict (RV(features)), a table to read (RV(table)) and a redacted report
    of the shapes it saw (RV(report), written to O(report)) to attach to a bug report.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup, ispsystem.billmgr.billmgr.info_module]
options:
  types:
    description: The item types whose lists, order forms and service forms are checked.
    type: list
    elements: str
    default: [vds, dedic, vhost, soft, platform, instances]
  account:
    description:
      - For an administrator, the client account whose balance is read (by name or id). A client leaves it out.
    type: str
  report:
    description:
      - A file to write the redacted report (RV(report)) to, as JSON, on the host the module runs on. It is written in
        check mode too, as the check only reads the panel.
      - The report holds field names, kinds of values (V(<date>), V(<ip>), V(<domain>), V(<money> RUB)), the panel's
        codes and words, counts and the verdicts. Names, domains, addresses, ids, amounts and the panel's messages are
        left out.
      - C(billmgr-sim serve --shapes FILE) starts the simulator like the panel the report describes.
    type: path
notes:
  - Requests. About 4 per item type the account has services of (the list, the list without C(filter=on), one per
    filter field), 1 per item type without any, 3 for the carts, 1 for the price list, 1 order form per item type sold,
    3 or 4 forms per item type with an active service, and 1 for the balance.
  - Whether C(remoteid), C(domain) or C(ip) is a filter field is seen by listing with a value no service has (a
    C(.invalid) domain, an address of TEST-NET-1). Nothing is looked up or contacted besides the panel.
seealso:
  - module: ispsystem.billmgr.billmgr_pricelist_info
  - module: ispsystem.billmgr.billmgr_account_info
'''

EXAMPLES = r'''
- name: Will the collection work with my panel?
  ispsystem.billmgr.billmgr_panel_info:
    report: /tmp/billmgr-panel-report.json
  register: check

- name: Show the table
  ansible.builtin.debug:
    msg: "{{ check.table }}"

- name: Stop before ordering where ordering will not work here
  ansible.builtin.assert:
    that: check.features.ordering.verdict != 'will not work'
    fail_msg: "{{ check.features.ordering.why | join('; ') }}"
'''

RETURN = r'''
panel:
  description:
    - How the panel differs from the simulator's defaults, in the simulator's terms.
    - C(panel) 5 or 6 (6 has the new cart), C(role) client or admin, C(two_factor), C(captcha), C(autoprolong_column)
      (V(label) or V(months)), C(item_real_status), C(timed_dates), C(multi_ip), C(scheduled_close), C(deleted_listed),
      C(power_state_types), C(renewal_window_days), C(saved_filter_types), C(dragon_cart).
  returned: always
  type: dict
  sample: {"panel": 6, "role": "client", "two_factor": false, "captcha": false, "autoprolong_column": "label",
           "item_real_status": false, "timed_dates": false, "multi_ip": false, "scheduled_close": false,
           "deleted_listed": false, "power_state_types": [], "renewal_window_days": null, "saved_filter_types": [],
           "dragon_cart": true}
features:
  description:
    - Each feature (C(ordering), C(cart), C(renewal), C(tariff_change), C(power), C(ptr), C(inventory), C(licences),
      C(account_info)) with its C(verdict) and the reasons, C(why).
    - A verdict is V(works), V(works with a warning), V(will not work) or V(not checked) (the account has nothing the
      feature could be tried on).
  returned: always
  type: dict
  sample: {"power": {"verdict": "works with a warning", "why": ["vds: the list shows no power state"]}}
table:
  description: The findings as lines of a table, to print at the end of a play.
  returned: always
  type: list
  elements: str
report:
  description: The redacted report of the shapes the panel answered in (see O(report)).
  returned: always
  type: dict
requests:
  description: How many requests the check sent, the login included.
  returned: always
  type: int
seconds:
  description: How long the check took.
  returned: always
  type: float
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._panel_info_task import PanelInfoTask
from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule

ARGUMENT_SPEC = dict(
    types=dict(type='list', elements='str', default=['vds', 'dedic', 'vhost', 'soft', 'platform', 'instances']),
    account=dict(type='str'),
    report=dict(type='path'),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(PanelInfoTask)


if __name__ == '__main__':
    main()
