#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_service_ip
short_description: Set the reverse DNS (PTR) names of a service's IP addresses in BILLmanager
version_added: 0.1.0
description:
  - Reads the IP addresses of one VPS or dedicated server through the ISPsystem BILLmanager API (C(service.ip)) and
    sets the PTR name of those given in O(ptr) (C(service.ip.edit) with C(domain)), where it differs.
  - Idempotent. Names are compared in lower case without the trailing dot, so V(mail.example.com.) and
    V(Mail.Example.com) are the name the panel shows as V(mail.example.com).
  - Every name and address is checked before anything is sent; an address the service does not have fails the task
    with the addresses it has.
  - Without O(ptr) it only lists, like M(ispsystem.billmgr.billmgr_service_ip_info).
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup]
attributes:
  check_mode:
    description: Reads the addresses and reports C(changed) if a name would change; sends no change.
    support: full
  diff_mode:
    description: The PTR names that change, by address, before and after.
    support: full
options:
  type:
    description: The item type of the service.
    type: str
    choices: [vds, dedic]
    default: vds
  id:
    description:
      - The service by id. Otherwise by O(remoteid), else by O(domain).
    type: int
  remoteid:
    description: The service by its remote id.
    type: str
  domain:
    description: The service by its domain name (the service's, not a PTR name).
    type: str
  ptr:
    description:
      - The PTR names to set, as a mapping of address to name, or as a list of C(address), C(ptr) pairs (see the examples).
      - An empty name or null takes the PTR name away. Addresses not given are left as they are.
    type: raw
notes:
  - One list request to find the service, one to read its addresses, one request per name that changes and one to read
    the addresses back.
  - Each change is sent once and confirmed by reading the addresses back; a lost answer is settled by reading them back
    for 10 seconds, never by sending the change again.
seealso:
  - module: ispsystem.billmgr.billmgr_service_ip_info
  - module: ispsystem.billmgr.billmgr_service
'''

EXAMPLES = r'''
# ptr maps each address to its name,
#   ptr:
#     203.0.113.10: mail.example.com
#     "2001:db8::10": mail.example.com
# or lists address, ptr pairs. Below, for the addresses the panel lists for a VPS:
- name: The addresses of the VPS web.alice.test
  ispsystem.billmgr.billmgr_service_ip_info:
    domain: web.alice.test
  register: vps

- name: Every one of them named mail.example.com in reverse DNS (a mapping built in a template)
  ispsystem.billmgr.billmgr_service_ip:
    domain: web.alice.test
    ptr: "{{ dict(vps.addresses | map(attribute='address') | product(['mail.example.com'])) }}"

- name: The same as a list, one address at a time (no change now)
  ispsystem.billmgr.billmgr_service_ip:
    domain: web.alice.test
    ptr:
      - address: "{{ item.address }}"
        ptr: mail.example.com
  loop: "{{ vps.addresses }}"
'''

RETURN = r'''
service:
  description: The service, in the shape M(ispsystem.billmgr.billmgr_service) returns it.
  returned: always
  type: dict
  sample: {"id": 958, "domain": "web.example.com", "status": 2}
addresses:
  description: The service's addresses, read again after a change.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The address's id in the panel.
      type: int
      sample: 95801
    address:
      description: The IP address.
      type: str
      sample: 203.0.113.10
    type:
      description: V(ipv4) or V(ipv6).
      type: str
      sample: ipv4
    main:
      description: Whether it is the service's main address.
      type: bool
      sample: true
    ptr:
      description: Its PTR name, or null for none.
      type: str
      sample: mail.example.com
    gateway:
      description: The gateway of its network, when the panel says it.
      type: str
      sample: 203.0.113.1
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_ip_task import AddressTask

ARGUMENT_SPEC = dict(
    type=dict(type='str', default='vds', choices=['vds', 'dedic']),
    id=dict(type='int'),
    remoteid=dict(type='str'),
    domain=dict(type='str'),
    ptr=dict(type='raw'),
)


def main():
    BillmgrModule(ARGUMENT_SPEC, required_one_of=[('id', 'remoteid', 'domain')]).run(AddressTask)


if __name__ == '__main__':
    main()
