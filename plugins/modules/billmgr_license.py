#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_license
short_description: Order, change, suspend and delete ISPsystem software licenses through BILLmanager
version_added: 0.1.0
description:
  - Orders an ISPsystem software license (ISPmanager, BILLmanager, VMmanager, DCImanager, DNSmanager, IPmanager)
    through BILLmanager's license reselling API (C(soft.*) functions), or through the C(software.*) API of the old
    ISPsystem billing at my.ispsystem.com with O(api=legacy).
  - A license is found by O(id), else by O(licname). When none is found and O(state=present), one is ordered and paid
    from the account's balance; before paying, the panel is asked whether the IP address can be licensed
    (C(soft.checkip)), and the task fails with the panel's answer if it cannot.
  - An existing license is renamed, moved to another IP address or given another auto-renewal setting when they differ
    from the task. ISPsystem lets a license change its IP address only once per calendar month; a second change in the
    same month fails and says so.
  - A license is never ordered twice. Before ordering, the carts are read for an unpaid license order. When the answer to
    an order is lost (a dropped connection, a timeout, a gateway error), the module looks for the license by name for
    O(reconcile_timeout) seconds instead of ordering again, and fails with C(error.outcome_unknown) set to true if it does
    not appear.
  - Every write is sent once and never again in the same run. A change of name, IP address or auto-renewal, a suspension,
    a resumption or a deletion is confirmed by reading the license back (for 10 seconds after a lost answer). A renewal
    takes the license's lock, reads the expiry again under it, and is confirmed by the expiry read back; after a lost
    answer the expiry is read back for O(reconcile_timeout) seconds. O(renew=true) with O(skipbasket=false) is refused.
  - The license key is a secret. It is returned only with O(with_key=true); otherwise it is left out of the result
    and masked wherever Ansible would print it.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup, ispsystem.billmgr.billmgr.autoprolong]
attributes:
  check_mode:
    description: Finds the license, resolves the product and checks the IP address, and reports what would change, without writing.
    support: full
  diff_mode:
    description: Shows the license's properties before and after the change.
    support: full
options:
  api:
    description:
      - Which API the panel speaks.
      - V(current) is BILLmanager's license reselling API (C(soft.order.param), C(soft.edit), ...).
      - V(legacy) is the C(software.*) API of the old ISPsystem billing at my.ispsystem.com (C(https://my.ispsystem.com/manager/billmgr)).
        It can order, rename, move and renew licenses, not suspend, resume, delete or re-key them, and it has no add-ons,
        auto-renewal or cart; O(state=absent), O(state=suspended), O(regenerate_key), O(with_key), O(addons),
        O(autoprolong), O(account) and O(skipbasket=false) fail with it before any request, and a suspended license
        with O(state=present) fails before any write. It gives out no license keys, so O(wait) does not wait for one.
      - The old billing's list obeys a filter the user saved in its web interface. When a license is not listed, the
        module clears that filter (C(software.filter)) and looks again before it orders; in check mode it does not,
        and warns instead.
    type: str
    choices: [current, legacy]
    default: current
  state:
    description:
      - V(present) orders the license when there is none, resumes it when it is suspended, and brings its name,
        IP address and auto-renewal to what the task says.
      - V(suspended) suspends an existing license (C(soft.suspend)); a license that does not exist is not ordered to be suspended.
      - V(absent) deletes the license (C(soft.delete)).
    type: str
    choices: [present, suspended, absent]
    default: present
  account:
    description:
      - The client account the license belongs to, when you log in as a BILLmanager administrator. Licenses are
        looked for in this account only, and ordered for it (an administrator must name the account to order).
      - Not available with O(api=legacy).
    type: str
  id:
    description:
      - The license's id in the panel. When given, the license is found by it and O(licname) is the name it should have.
      - A task with O(id) never orders; the license must exist.
    type: int
  licname:
    description:
      - The license's name. Without O(id) it identifies the license, so it should be unique in the account;
        a task that matches several licenses fails and lists their ids.
      - With O(id), the name the license should have (a rename when it differs).
    type: str
  pricelist:
    description:
      - The license product, by tariff id (V(3541)) or by name (V(ISPmanager Lite)), as the panel's price list names it.
      - Required to order. For an existing license it is only checked; a license is never moved to another product.
      - With O(api=legacy), the legacy price id (V(7)) or its name (V(ISPmanager Lite (without support))).
    type: str
  ip:
    description:
      - The IP address the license is for. Required to order; for an existing license, a different address moves the
        license to it (once per calendar month).
    type: str
  period:
    description:
      - The licensing period, used to order and, with O(renew=true), to renew. Months (V(1), V(3), V(6), V(12), V(24),
        V(36)), or V(trial) to order a trial where the product offers one; renewals are by months only.
      - A period the product does not sell is refused before anything is ordered, the message listing the ones it does.
      - With O(api=legacy) it selects the legacy period id of the product's C(1 month) or C(1 year) period; other
        legacy periods (trials, lifetime) are chosen with O(legacy_period).
    type: raw
    default: 1
  legacy_period:
    description:
      - With O(api=legacy), the legacy period id to order or renew with (for example V(9), ISPmanager Lite for life),
        instead of the one O(period) selects.
    type: int
  addons:
    description:
      - Add-on values for the order, such as the number of nodes of a VMmanager license, keyed by add-on id (V(3049)
        or V(addon_3049)) or by the add-on's name in the price list (V(Nodes)).
      - Used when ordering only; they are not compared with an existing license.
    type: dict
  skipbasket:
    description:
      - Pay the order from the account's balance at once (V(true)), or leave it in the panel's cart to pay there (V(false)).
      - A license in the cart does not exist until the cart is paid, so the module returns RV(billorder_id) and the license
        as it would be, without an id. To keep a second run from ordering again, an order with V(false) is refused while
        the cart already holds an unpaid license order.
    type: bool
    default: true
  regenerate_key:
    description:
      - Issue a new key for the license (C(soft.edit) with C(clicked_button=newkey)). This is an action, so the task
        always reports a change when it is true.
      - Needs O(state=present).
    type: bool
    default: false
  renew:
    description:
      - Renew the license for O(period) months (C(service.prolong)), or with O(api=legacy) for the legacy period
        (C(software.period)). This is an action, so the task always reports a change when it is true.
      - To renew only licenses that expire soon, use M(ispsystem.billmgr.billmgr_license_info) with
        O(ispsystem.billmgr.billmgr_license_info#module:expires_before) and loop over its result, or (current API)
        M(ispsystem.billmgr.billmgr_prolong) with O(ispsystem.billmgr.billmgr_prolong#module:min_days_left), which renews only what falls short.
    type: bool
    default: false
  with_key:
    aliases: [return_key]
    description:
      - Add the license key to the result as RV(license.lickey). Reading it costs one more request unless the task
        waited for the key or issued a new one.
      - The key is a secret; consider C(no_log) on the task when it is returned.
    type: bool
    default: false
  wait:
    description:
      - After ordering, and while the license is being processed, wait until the license key has been issued.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait for the key.
    type: int
    default: 600
  reconcile_timeout:
    description:
      - When the answer to an order is lost (no answer within O(timeout), a dropped connection, an HTTP 502 or 503, a
        maintenance page, C(Request in process)), how many seconds to look for the new license by its O(licname) before failing
        with C(error.outcome_unknown). The order is never sent again.
      - A slow panel may finish an order it got long after the answer was lost. Looking for less time than that lets an
        immediate re-run order a second one, so keep it longer than the panel's slowest order. V(0) looks once.
    type: int
    default: 300
notes:
  - Forks, and playbooks started side by side, that run the module on one machine (tasks delegated to the controller, the
    usual way) order one identity one at a time. A lock file in the user's folder C(ansible-billmgr-UID) in the temp folder,
    taken before the look-up and held until the new license is listed, makes every later fork find it instead of ordering.
    Runs on different machines (several controllers, several AWX execution nodes) do not share the lock. There, run one
    job per identity at a time (AWX - do not allow concurrent jobs of the template).
  - A task that changes nothing costs one request (the license list). Ordering costs a look-up, the product list,
    the IP check, the two carts, the order, a read-back and the polls for the key.
seealso:
  - module: ispsystem.billmgr.billmgr_license_info
  - module: ispsystem.billmgr.billmgr_prolong
  - name: Reselling ISPsystem licenses via API
    description: ISPsystem's description of the soft.* functions.
    link: https://docs.ispsystem.com/billmanager/developer-section/reselling-of-ispsystem-licenses-via-api
'''

EXAMPLES = r'''
- name: Order an ISPmanager Lite license for a new server
  ispsystem.billmgr.billmgr_license:
    url: https://billing.example.com:1500/billmgr
    username: "{{ billmgr_user }}"
    password: "{{ vault_billmgr_password }}"
    licname: web-42
    pricelist: ISPmanager Lite
    ip: 203.0.113.42
    period: 12
    autoprolong: 12
  register: lic

- name: A VMmanager KVM license for three nodes, returning the key to install it
  ispsystem.billmgr.billmgr_license:
    licname: cluster-a
    pricelist: VMmanager KVM
    ip: 203.0.113.50
    addons:
      Nodes: 3
    with_key: true
  no_log: true
  register: kvm

- name: Move license 777 to the server's new address and rename it
  ispsystem.billmgr.billmgr_license:
    id: 777
    licname: web-42-new
    ip: 203.0.113.43

- name: Suspend a license while its server is being rebuilt
  ispsystem.billmgr.billmgr_license:
    licname: web-42
    state: suspended

- name: Issue a new key
  ispsystem.billmgr.billmgr_license:
    licname: web-42
    regenerate_key: true

- name: Delete a license
  ispsystem.billmgr.billmgr_license:
    licname: web-42
    state: absent

- name: Order through the old billing at my.ispsystem.com
  ispsystem.billmgr.billmgr_license:
    api: legacy
    url: https://my.ispsystem.com/manager/billmgr
    username: "{{ my_ispsystem_user }}"
    password: "{{ my_ispsystem_password }}"
    licname: old-web-1
    pricelist: ISPmanager Lite (without support)
    ip: 111.222.111.222
    period: 1
'''

RETURN = r'''
billorder_id:
  description: The cart (billing order) the license order was put in, with O(skipbasket=false).
  returned: when a license was ordered with O(skipbasket=false)
  type: int
  sample: 1042
license:
  description:
    - The license after the task, in the shape M(ispsystem.billmgr.billmgr_license_info) returns.
    - In check mode, the license as it would be; an order not placed yet has no RV(license.id).
    - Empty after O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: The license id.
      type: int
      sample: 777
    api:
      description: The API the license was read through, V(current) or V(legacy).
      type: str
      sample: current
    licname:
      description: The license name.
      type: str
      sample: web-42
    ip:
      description: The IP address the license is for.
      type: str
      sample: 203.0.113.42
    pricelist:
      description: The product's name.
      type: str
      sample: ISPmanager Lite
    pricelist_id:
      description: The product's tariff id, when the panel says it.
      type: int
      sample: 3541
    period:
      description: The licensing period in months.
      type: int
      sample: 1
    account:
      description: The account the license belongs to.
      type: str
      sample: alice
    createdate:
      description: The order date (YYYY-MM-DD).
      type: str
      sample: '2026-01-15'
    expiredate:
      description: The date the license expires (YYYY-MM-DD).
      type: str
      sample: '2026-02-15'
    expiretime:
      description: The date and time the license expires (C(YYYY-MM-DD HH:MM)), where the panel gives a time.
      type: str
      sample: '2026-02-15 20:00'
    autoprolong:
      description:
        - Auto-renewal - the months (V(-50) for daily billing), or null when it is off. Where the panel's list gives only the
          period's label (V(Month), V(Year), V(Месяц)), as many panels do, info modules return that label (auto-renewal is
          on); a task that sets or compares auto-renewal reads the months from the edit form and returns them.
      type: raw
      sample: 12
    status:
      description: The status code, 1 ordered, 2 active, 3 suspended, 4 deleted, 5 processing.
      type: int
      sample: 2
    status_name:
      description: The status in words.
      type: str
      sample: active
    item_status:
      description: The panel's detailed status code, such as V(2) or V(3_employeesuspend).
      type: str
      sample: '2'
    cost:
      description: The price as the panel writes it.
      type: str
      sample: 400.00 RUB / Month
    ipchange:
      description: When the IP address last changed, as the panel reports it (C(real_ipchange)).
      type: str
      sample: '2026-01-20'
    keychange:
      description: When the key was last issued anew, as the panel reports it (C(real_keychange)).
      type: str
      sample: '2026-01-21'
    lickey:
      description:
        - The license key, a secret. Only with O(ispsystem.billmgr.billmgr_license#module:with_key=true) or
          O(ispsystem.billmgr.billmgr_license_info#module:with_keys=true).
      type: str
      returned: when asked for
      sample: 8c1f0e...
progress:
  description:
    - How a wait went, one line per look (the service's status, or that the license has no key yet) with the seconds waited.
    - A module cannot print while it runs, so this is how a long wait shows at C(-v); at the default verbosity it is left out.
  returned: at verbosity C(-v) or more, when the task waited
  type: list
  elements: str
  sample: ["license 1101 has no key yet, waiting up to 600s (3s waited)"]
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import DEFAULT_RECONCILE_TIMEOUT
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._license_task import LicenseTask

ARGUMENT_SPEC = dict(
    api=dict(type='str', choices=['current', 'legacy'], default='current'),
    state=dict(type='str', choices=['present', 'suspended', 'absent'], default='present'),
    account=dict(type='str'),
    id=dict(type='int'),
    licname=dict(type='str'),
    with_key=dict(type='bool', default=False, no_log=False, aliases=['return_key']),
    period=dict(type='raw', default=1),
    pricelist=dict(type='str'),
    ip=dict(type='str'),
    regenerate_key=dict(type='bool', default=False, no_log=False),
    legacy_period=dict(type='int'),
    autoprolong=dict(type='raw'),
    addons=dict(type='dict'),
    skipbasket=dict(type='bool', default=True),
    renew=dict(type='bool', default=False),
    wait=dict(type='bool', default=True),
    wait_timeout=dict(type='int', default=600),
    reconcile_timeout=dict(type='int', default=DEFAULT_RECONCILE_TIMEOUT),
)


def main():
    BillmgrModule(ARGUMENT_SPEC, required_one_of=[('id', 'licname')]).run(LicenseTask)


if __name__ == '__main__':
    main()
