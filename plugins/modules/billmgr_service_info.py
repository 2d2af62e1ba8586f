#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_service_info
short_description: List VPS, dedicated server and hosting services in BILLmanager
version_added: 0.1.0
description:
  - Lists the services of one or more item types through the ISPsystem BILLmanager API, all pages, optionally filtered.
  - A client user sees its own account's services, an administrator every account's.
  - Each service has the same shape M(ispsystem.billmgr.billmgr_service) returns.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup, ispsystem.billmgr.billmgr.info_module]
options:
  types:
    aliases: [type]
    description:
      - The item types to list, for example V(vds), V(dedic), V(vhost) or V(platform).
    type: list
    elements: str
    default: [vds, dedic, vhost]
  statuses:
    aliases: [status]
    description:
      - Only services with one of these statuses, by code or name. 1 V(ordered), 2 V(active), 3 V(suspended), 4 V(deleted),
        5 V(processing).
      - If not given, every service except deleted ones is listed.
    type: list
    elements: raw
  account:
    description:
      - Only services of this client account, by its full name as the panel shows it (administrators).
    type: str
  id:
    description:
      - Only the service with this id.
    type: int
  remoteid:
    description:
      - Only the service with this remote id.
    type: str
  domain:
    description:
      - Only services with this domain name.
    type: str
  with_addons:
    description:
      - Also read each service's add-on values (RV(services[].addons)).
      - Costs one more request per service found. Without it RV(services[].addons) is null.
    type: bool
    default: false
seealso:
  - module: ispsystem.billmgr.billmgr_service
'''

EXAMPLES = r'''
- name: Every active VPS of the account
  ispsystem.billmgr.billmgr_service_info:
    url: https://billing.example.com:1500/billmgr
    username: "{{ billmgr_user }}"
    password: "{{ billmgr_password }}"
    types: [vds]
    statuses: [active]
  register: vps

- name: Their addresses
  ansible.builtin.debug:
    msg: "{{ vps.services | map(attribute='ip') | list }}"

- name: One service with its add-ons
  ispsystem.billmgr.billmgr_service_info:
    types: [vds]
    domain: web.alice.test
    with_addons: true
  register: web

- name: Services that expire within a week
  ansible.builtin.debug:
    msg: "{{ item.domain }} expires {{ item.expiredate }}"
  loop: "{{ vps.services }}"
  when: (item.expiredate | to_datetime('%Y-%m-%d') - now()).days < 7
'''

RETURN = r'''
services:
  description: The services found, by item type in the order of O(types), then by id.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The service id (C(elid)).
      type: int
      sample: 1234
    type:
      description: The item type.
      type: str
      sample: vds
    name:
      description: The service's name in the list.
      type: str
      sample: web-01.example.com
    domain:
      description: The domain name.
      type: str
      sample: web-01.example.com
    ip:
      description: The main IP address, once processing has given it one.
      type: str
      sample: 127.0.4.210
    status:
      description: The status code. 1 ordered, 2 active, 3 suspended, 4 deleted, 5 processing.
      type: int
      sample: 2
    status_name:
      description: The status as a word.
      type: str
      sample: active
    item_status:
      description: The detailed status code, for example C(3_autosuspend).
      type: str
      sample: "2"
    deletion:
      description:
        - How far a deletion of the service is, where the panel has one - V(in progress) (C(5_close)) or V(scheduled)
          (at the end of the paid period, C(scheduledclose)); null otherwise.
      type: str
      sample: in progress
    pricelist:
      description: The tariff's name.
      type: str
      sample: VPS Start
    pricelist_id:
      description: The tariff's id, where the panel shows it.
      type: int
      sample: 6
    datacenter:
      description: The datacenter's name.
      type: str
      sample: Frankfurt
    account:
      description: The client account that owns the service.
      type: str
      sample: alice
    ostempl:
      description: The operating system template.
      type: str
      sample: ISPsystem__Debian-12-amd64
    recipe:
      description: The recipe.
      type: str
    remoteid:
      description: Your identifier of the service.
      type: str
      sample: web-01
    createdate:
      description: The order date (ISO).
      type: str
      sample: "2026-01-15"
    expiredate:
      description: The date the paid period ends (ISO).
      type: str
      sample: "2027-01-15"
    expiretime:
      description: The date and time the paid period ends (C(YYYY-MM-DD HH:MM)), where the panel gives a time (daily tariffs).
      type: str
      sample: "2027-01-15 20:00"
    autoprolong:
      description:
        - Auto-renewal - the months (V(-50) for daily billing), or null when it is off. Where the panel's list gives only the
          period's label (V(Month), V(Year), V(Месяц)), as many panels do, info modules return that label (auto-renewal is
          on); a task that sets or compares auto-renewal reads the months from the edit form and returns them.
      type: raw
      sample: 12
    cost:
      description: The price as the panel writes it.
      type: str
      sample: 6000.00 RUB / Year
    addons:
      description:
        - Add-on values by add-on id, null when the task did not read them.
        - M(ispsystem.billmgr.billmgr_service) reads the full set from the service's edit form when it compares add-ons
          or options only that form shows; after an order, the add-ons the order set.
        - M(ispsystem.billmgr.billmgr_service_info) reads them with
          O(ispsystem.billmgr.billmgr_service_info#module:with_addons=true).
        - M(ispsystem.billmgr.billmgr_prolong) reads them when it sets auto-renewal.
      type: dict
      sample: {"11": 2048, "9": 2}
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_info_task import ServiceInfoTask

ARGUMENT_SPEC = dict(
    types=dict(type='list', elements='str', default=['vds', 'dedic', 'vhost'], aliases=['type']),
    statuses=dict(type='list', elements='raw', aliases=['status']),
    account=dict(type='str'),
    id=dict(type='int'),
    remoteid=dict(type='str'),
    domain=dict(type='str'),
    with_addons=dict(type='bool', default=False),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(ServiceInfoTask)


if __name__ == '__main__':
    main()
