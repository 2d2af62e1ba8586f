#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_statdaily
short_description: Create the usage charges of one day of a BILLmanager service
version_added: 0.1.0
description:
  - Calculates a service's charges for one day from its usage statistics, by its tariff's settings (C(service.statdaily)).
  - Idempotent per date. A date that was already calculated is left alone and the task reports no change, unless O(force)
    recalculates it.
  - Needs an administrator.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup]
attributes:
  check_mode:
    description:
      - Nothing is charged. The panel cannot be asked whether a date was already calculated, so without O(force)
        check mode reports the change a real run would make if it was not.
    support: full
  diff_mode:
    description: There is nothing to show a diff of.
    support: none
options:
  item:
    description:
      - The service id (the API's C(item)).
    type: int
    required: true
  statdate:
    description:
      - The day to calculate, as V(YYYY-MM-DD).
    type: str
    required: true
  force:
    description:
      - Calculate the day again even if it was already calculated (C(force=on)). Always a change.
    type: bool
    default: false
seealso:
  - module: ispsystem.billmgr.billmgr_service_info
'''

EXAMPLES = r'''
- name: Charge yesterday's usage of a service (a daily job)
  ispsystem.billmgr.billmgr_statdaily:
    url: https://billing.example.com:1500/billmgr
    username: admin
    password: "{{ billmgr_admin_password }}"
    item: 958
    statdate: "{{ '%Y-%m-%d' | strftime(now().timestamp() - 86400) }}"

- name: Recalculate a day after the statistics were corrected
  ispsystem.billmgr.billmgr_statdaily:
    item: 958
    statdate: "2026-01-31"
    force: true
'''

RETURN = r'''
item:
  description: The service id.
  returned: always
  type: int
  sample: 958
statdate:
  description: The day, as an ISO date.
  returned: always
  type: str
  sample: "2026-01-31"
force:
  description: Whether the day was calculated with O(force).
  returned: always
  type: bool
  sample: false
msg:
  description: What happened.
  returned: always
  type: str
  sample: statistics of service 958 for 2026-01-31 calculated
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._statdaily_task import StatdailyTask

ARGUMENT_SPEC = dict(
    item=dict(type='int', required=True),
    statdate=dict(type='str', required=True),
    force=dict(type='bool', default=False),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(StatdailyTask)


if __name__ == '__main__':
    main()
