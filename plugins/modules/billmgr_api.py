#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_api
short_description: Call any BILLmanager API function - the escape hatch for what no other module covers
version_added: 0.1.0
description:
  - Sends one call of any function of the BILLmanager API, with the collection's connection, and returns the answer as
    plain data, with the panel's C($) text notation unwrapped.
  - It is the escape hatch, not a resource. It is B(not idempotent) and knows nothing about what the function does.
    Prefer the modules that manage what you need and are safe to run again -
    M(ispsystem.billmgr.billmgr_service), M(ispsystem.billmgr.billmgr_service_power), M(ispsystem.billmgr.billmgr_service_ip),
    M(ispsystem.billmgr.billmgr_license), M(ispsystem.billmgr.billmgr_prolong), M(ispsystem.billmgr.billmgr_cart),
    M(ispsystem.billmgr.billmgr_account_info), M(ispsystem.billmgr.billmgr_service_info),
    M(ispsystem.billmgr.billmgr_service_ip_info), M(ispsystem.billmgr.billmgr_license_info),
    M(ispsystem.billmgr.billmgr_pricelist_info), M(ispsystem.billmgr.billmgr_statdaily), M(ispsystem.billmgr.billmgr_panel_info).
  - A call is a read only if it is a known one, the same list every module goes by. That is a list (a function of one word,
    such as V(vds) or V(expense)), V(pricelist.export), V(whoami), V(desktop), V(service.ip), the tariff change's terms
    (V(service.changepricelist.pricelist), which pays nothing - the payment is V(service.changepricelist.getmoney)), or a
    form read without C(sok) (C(TYPE.edit), C(TYPE.order.param), C(service.prolong), C(service.changepricelist)). A read is
    retried after a dropped connection or a busy panel like every read of the collection.
  - Every other call is a write, because real panels act on C(vds.delete), C(service.reboot), C(TYPE.suspend) or
    C(payment.add) without C(sok). It is refused unless O(write=true), sent once, never retried, and not sent at all in
    check mode.
  - C(payment.add) and C(payment.add.pay) make a payment (money moves). When the answer to one is lost, the module reads
    the payment list, which it also read before the call, and fails either way, never sending it again. It says whether
    a new payment shows there, and reports C(changed) when one does.
  - Credentials travel in the request body only. The values of parameters named like secrets (C(password), C(passwd),
    C(key), C(token), ...) are masked in the result, in the errors and in Ansible's output, and so are the values of
    such fields in the answer.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup]
attributes:
  check_mode:
    description: A read runs as usual. A write is not sent, and the task reports C(changed) with RV(doc) V(null).
    support: full
  diff_mode:
    description: The module cannot know what a call changes, so there is no diff.
    support: none
options:
  func:
    description: The function, for example V(vds), V(whoami), V(vds.edit) or V(service.ip).
    type: str
    required: true
  params:
    description:
      - The call's parameters. Values are strings, numbers or booleans (V(true) is sent as V(on), V(false) as V(off)).
      - The connection's own parameters (C(func), C(out), C(lang), C(auth), C(authinfo), C(username), C(su)) are refused
        here. Give C(elid) with O(elid).
    type: dict
    default: {}
  elid:
    description: The id of the object the function acts on, or several ids, sent as one comma-separated C(elid).
    type: list
    elements: str
  write:
    description:
      - The call changes the panel. Required for every call that is not a known read (see the description), that is a
        call with C(sok) and a function that acts without it (C(vds.delete), C(service.reboot), C(soft.suspend), ...), so
        that check mode and a run without it never send it.
    type: bool
    default: false
notes:
  - One request per task (and the login, once).
seealso:
  - module: ispsystem.billmgr.billmgr_service
  - module: ispsystem.billmgr.billmgr_service_info
'''

EXAMPLES = r'''
- name: Who am I logged in as?
  ispsystem.billmgr.billmgr_api:
    func: whoami
  register: me

- name: Every field of a VPS as its edit form shows it (a form read without sok is a read)
  ispsystem.billmgr.billmgr_api:
    func: vds.edit
    elid: 958
  register: form

- name: Reboot two VPS (a write; not sent in check mode, and not idempotent)
  ispsystem.billmgr.billmgr_api:
    func: service.reboot
    elid: [958, 938]
    write: true
'''

RETURN = r'''
func:
  description: The function called.
  returned: always
  type: str
  sample: whoami
request:
  description: The parameters sent (the connection's left out), with secret values masked.
  returned: always
  type: dict
  sample: {"elid": "958"}
doc:
  description:
    - The answer, unwrapped. A text element is its text, attributes are keys, one child is a dict and several are a list.
    - V(null) for a write in check mode.
  returned: always
  type: raw
  sample: {"user": {"level": "16", "text": "alice"}}
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._api_task import ApiCallTask
from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule

ARGUMENT_SPEC = dict(
    func=dict(type='str', required=True),
    params=dict(type='dict', default={}),
    elid=dict(type='list', elements='str'),
    write=dict(type='bool', default=False),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(ApiCallTask)


if __name__ == '__main__':
    main()
