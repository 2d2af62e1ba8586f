#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_service_ip_info
short_description: List the IP addresses of a service in BILLmanager, with their reverse DNS
version_added: 0.1.0
description:
  - Reads the IP addresses of one VPS or dedicated server through the ISPsystem BILLmanager API (C(service.ip)) - each
    with its type, whether it is the main one, and its PTR name.
  - A service that is not found gives RV(service) null and no addresses.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup, ispsystem.billmgr.billmgr.info_module]
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
    description: The service by its domain name.
    type: str
notes:
  - Two requests, one to find the service and one for its addresses.
seealso:
  - module: ispsystem.billmgr.billmgr_service_ip
'''

EXAMPLES = r'''
- name: The addresses of a VPS
  ispsystem.billmgr.billmgr_service_ip_info:
    domain: web.alice.test
  register: web

- name: Its IPv6 addresses
  ansible.builtin.debug:
    msg: "{{ web.addresses | selectattr('type', 'equalto', 'ipv6') | map(attribute='address') | list }}"
'''

RETURN = r'''
service:
  description: The service, in the shape M(ispsystem.billmgr.billmgr_service) returns it; null when none was found.
  returned: always
  type: dict
  sample: {"id": 958, "domain": "web.example.com", "status": 2}
addresses:
  description: The service's addresses.
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
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_ip_info_task import AddressInfoTask

ARGUMENT_SPEC = dict(
    type=dict(type='str', default='vds', choices=['vds', 'dedic']),
    id=dict(type='int'),
    remoteid=dict(type='str'),
    domain=dict(type='str'),
)


def main():
    BillmgrModule(ARGUMENT_SPEC, required_one_of=[('id', 'remoteid', 'domain')]).run(AddressInfoTask)


if __name__ == '__main__':
    main()
