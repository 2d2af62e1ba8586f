#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_pricelist_info
short_description: List the tariffs, add-ons, datacenters and OS templates a BILLmanager panel sells
version_added: 0.1.0
description:
  - Reads the panel's price list (C(pricelist.export)). Returns tariffs with their item type, periods and prices, their add-ons
    (id, name, kind, limits, and for a list add-on its choices), their datacenters and OS templates, and for VPS and dedicated
    servers the recipes offered in the order form.
  - Everything a task for M(ispsystem.billmgr.billmgr_service) needs, without looking ids up in the web interface.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup, ispsystem.billmgr.billmgr.info_module]
options:
  pricelist:
    description:
      - Only this tariff, by id or name. The task fails, listing the valid names, when there is no such tariff.
    type: raw
  types:
    aliases: [type]
    description:
      - Only tariffs of these item types, for example V(vds), V(dedic), V(vhost), V(soft). All types when not given.
    type: list
    elements: str
  with_templates:
    aliases: [templates]
    description:
      - Also read the order form of each VPS and dedicated server tariff that takes orders, for its recipes (and its OS
        templates, where the price list does not name them).
      - Costs one request per such tariff. Without it RV(pricelists[].recipes) is null, and RV(pricelists[].ostempls) holds
        what the price list names (null when it names none).
    type: bool
    default: true
seealso:
  - module: ispsystem.billmgr.billmgr_service
'''

EXAMPLES = r'''
- name: What VPS tariffs are there?
  ispsystem.billmgr.billmgr_pricelist_info:
    url: https://billing.example.com:1500/billmgr
    username: "{{ billmgr_user }}"
    password: "{{ billmgr_password }}"
    types: [vds]
  register: catalog

- name: Tariff names and their monthly price
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.periods[0].cost }} {{ item.periods[0].currency }}"
  loop: "{{ catalog.pricelists }}"

- name: The add-ons of one tariff, without reading order forms
  ispsystem.billmgr.billmgr_pricelist_info:
    pricelist: VPS Start
    with_templates: false
  register: vps_start
'''

RETURN = r'''
pricelists:
  description: The tariffs, in the panel's order.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The tariff id (C(pricelist) when ordering).
      type: int
      sample: 6
    name:
      description: The tariff's name.
      type: str
      sample: VPS Start
    type:
      description: The item type of its services (the internal name, such as V(vds); the export numbers them).
      type: str
      sample: vds
    orderable:
      description: False for a tariff the panel lists but takes no new orders for (inactive, archived or hidden).
      type: bool
      sample: true
    periods:
      description:
        - What it can be ordered for, with the price of each.
        - C(period) is the value O(ispsystem.billmgr.billmgr_service#module:period) takes (months, or V(trial), V(daily),
          V(one-time)); C(code) is the API's period code; C(cost) is written as the panel writes it.
        - C(setup) is a one-time setup fee paid with an order's first payment (never on renewal), as the price list writes
          it, or V(null) where the price list shows none. A panel may show the fee only in its order form - the check-mode
          result of M(ispsystem.billmgr.billmgr_service) gives it as C(order.setup_cost).
      type: list
      elements: dict
      sample: [{"period": 1, "code": 1, "cost": "9000.0000", "currency": "RUB", "setup": "4500.0000"},
               {"period": "trial", "code": -100, "cost": "0.0000", "currency": "RUB", "setup": null}]
    datacenters:
      description: Where it can be ordered (id and name).
      type: list
      elements: dict
      sample: [{"id": 1, "name": "Frankfurt"}]
    addons:
      description:
        - Its add-ons. C(type) is V(boolean) (on or off), V(integer) (a number between C(min) and C(max) in steps of
          C(step); C(included) comes with the tariff) or V(enum) (one of C(choices), each with its id, name and prices).
        - A task gives an add-on by id or name, a boolean as V(true)/V(false), an enum by the choice's id or name.
      type: list
      elements: dict
      sample:
        - {"id": 11, "name": "RAM", "type": "integer", "min": 256, "max": 65536, "step": 256, "included": 512, "measure": "MB"}
        - {"id": 16, "name": "IPv6", "type": "boolean", "min": null, "max": null, "step": null, "included": null, "measure": null}
        - {"id": 17, "name": "Control panel", "type": "enum", "min": null, "max": null, "step": null, "included": null,
           "measure": null, "choices": [{"id": 172, "name": "ISPmanager Lite",
                                         "prices": [{"period": 1, "code": 1, "cost": "400.0000", "currency": "RUB"}]}]}
    ostempls:
      description:
        - Its OS templates (C(name) to use in O(ispsystem.billmgr.billmgr_service#module:ostempl)), from the price list
          or the order form; null when neither was read or names any.
      type: list
      elements: dict
      sample: [{"name": "ISPsystem__Debian-12-amd64", "title": "Debian 12 (amd64)"}]
    recipes:
      description: The recipes of its order form, each with the OS template it belongs to (C(ostempl)) where the form says.
      type: list
      elements: dict
      sample: [{"name": "ISPsystem__LAMP", "title": "LAMP", "ostempl": "ISPsystem__Debian-12-amd64"}]
datacenters:
  description: Every datacenter of the tariffs returned.
  returned: always
  type: list
  elements: dict
  sample: [{"id": 1, "name": "Frankfurt"}, {"id": 2, "name": "Amsterdam"}]
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._pricelist_info_task import PricelistInfoTask

ARGUMENT_SPEC = dict(
    pricelist=dict(type='raw'),
    types=dict(type='list', elements='str', aliases=['type']),
    with_templates=dict(type='bool', default=True, aliases=['templates']),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(PricelistInfoTask)


if __name__ == '__main__':
    main()
