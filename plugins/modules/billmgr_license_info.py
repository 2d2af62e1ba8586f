#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_license_info
short_description: List ISPsystem software licenses bought through BILLmanager
version_added: 0.1.0
description:
  - Lists the account's ISPsystem software licenses (C(soft)), or with O(api=legacy) those of the old ISPsystem billing
    at my.ispsystem.com (C(software)), optionally filtered.
  - All filters combine; a license is listed when it matches every one given.
  - License keys are secrets and are not listed unless O(with_keys=true).
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup]
attributes:
  check_mode:
    description:
      - The module reads, and does the same in check mode.
      - With O(api=legacy) it also writes the user's saved list filter of the old billing (C(software.filter)), a view
        setting of its web interface, not a license; see O(api).
    support: full
  diff_mode:
    description: The module changes nothing, so it has no diff.
    support: N/A
options:
  api:
    description:
      - V(current) lists through BILLmanager's C(soft) list; V(legacy) through the C(software) list of the old
        billing at my.ispsystem.com.
      - The old billing's list obeys a filter saved for the user (C(software.filter)), and an expiry range can only be
        asked for through that filter. With V(legacy) the module therefore sets the filter to the task's range (or clears
        it when the task gives none) before it lists, and clears it afterwards, so a filter left in the web interface
        never hides a license. Any filter the user saved there is gone after the task. O(with_keys) is not available.
    type: str
    choices: [current, legacy]
    default: current
  account:
    description:
      - Only licenses of this client account, when you log in as a BILLmanager administrator (who sees every account's licenses).
      - Not available with O(api=legacy).
    type: str
  id:
    description: Only the license with this id.
    type: int
  licname:
    description: Only licenses with this name.
    type: str
  ip:
    description: Only licenses for this IP address.
    type: str
  statuses:
    aliases: [status]
    description:
      - Only licenses in one of these states. Deleted licenses are listed only when V(deleted) is asked for.
    type: list
    elements: str
    choices: [ordered, active, suspended, deleted, processing]
  expires_after:
    description:
      - Only licenses that expire on or after this date (YYYY-MM-DD).
      - With O(api=legacy) this and O(expires_before) are the C(expires)/C(expiree) range of C(software.filter); the
        filter is cleared again after the listing, so the web interface shows all licenses afterwards.
    type: str
  expires_before:
    description:
      - Only licenses that expire on or before this date (YYYY-MM-DD), for example the ones to renew this month.
    type: str
  with_keys:
    aliases: [return_keys]
    description:
      - Add each license's key as C(lickey). This costs one request per license, and the keys are secrets; consider
        C(no_log) on the task.
    type: bool
    default: false
seealso:
  - module: ispsystem.billmgr.billmgr_license
'''

EXAMPLES = r'''
- name: All licenses of the account
  ispsystem.billmgr.billmgr_license_info:
    url: https://billing.example.com:1500/billmgr
    username: "{{ billmgr_user }}"
    password: "{{ vault_billmgr_password }}"
  register: all_licenses

- name: Licenses that expire within 30 days
  ispsystem.billmgr.billmgr_license_info:
    expires_before: "{{ '%Y-%m-%d' | strftime(now().timestamp() + 30 * 86400) }}"
    status: [active]
  register: expiring

- name: Renew them for a year
  ispsystem.billmgr.billmgr_license:
    id: "{{ item.id }}"
    renew: true
    period: 12
  loop: "{{ expiring.licenses }}"
  loop_control:
    label: "{{ item.licname }} ({{ item.expiredate }})"

- name: Licenses of the old billing that expire on October 15-25, 2009
  ispsystem.billmgr.billmgr_license_info:
    api: legacy
    url: https://my.ispsystem.com/manager/billmgr
    username: "{{ my_ispsystem_user }}"
    password: "{{ my_ispsystem_password }}"
    expires_after: '2009-10-15'
    expires_before: '2009-10-25'
'''

RETURN = r'''
licenses:
  description:
    - The matching licenses, ordered by id, each in the shape M(ispsystem.billmgr.billmgr_license) returns as
      RV(ispsystem.billmgr.billmgr_license#module:license).
  returned: always
  type: list
  elements: dict
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
  sample:
    - id: 777
      api: current
      licname: alice-lite
      ip: 203.0.113.10
      pricelist: ISPmanager Lite
      pricelist_id: 3541
      period: 1
      account: alice
      createdate: '2026-01-15'
      expiredate: '2026-04-15'
      autoprolong: null
      status: 2
      status_name: active
      item_status: '2'
      cost: 400.00 RUB / Month
      ipchange: null
      keychange: null
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._license_info_task import LicenseInfoTask
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import STATUS_CODES

ARGUMENT_SPEC = dict(
    api=dict(type='str', choices=['current', 'legacy'], default='current'),
    account=dict(type='str'),
    id=dict(type='int'),
    licname=dict(type='str'),
    ip=dict(type='str'),
    statuses=dict(type='list', elements='str', choices=sorted(STATUS_CODES, key=STATUS_CODES.get), aliases=['status']),
    expires_after=dict(type='str'),
    expires_before=dict(type='str'),
    with_keys=dict(type='bool', default=False, no_log=False, aliases=['return_keys']),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(LicenseInfoTask)


if __name__ == '__main__':
    main()
