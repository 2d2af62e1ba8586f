#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_service_power
short_description: Start, stop and restart VPS, dedicated servers and cloud instances in BILLmanager
version_added: 0.1.0
description:
  - Switches the power of one or more services through the ISPsystem BILLmanager API (C(service.start),
    C(service.stop), C(service.reboot), C(service.hardreboot)). All the services that need the same function go in one
    request.
  - Where the service list shows the power state - BILLmanager 6 cloud instances (V(instances)) - it is read first, so
    V(started) and V(stopped) change only what is not there yet, and a run that finds everything in place sends nothing.
  - Classic VPS (V(vds)) and dedicated server (V(dedic)) lists show no power state - the billing panel knows the service,
    not the machine. There the power is reported as V(unknown), V(started) and V(stopped) send their function every time
    they are asked, and O(wait) does not wait for a state no list will show.
  - V(restarted) and V(hard_restarted) always act.
  - A service that is not active (in processing, suspended, deleted) fails the task before anything is sent.
  - A lost answer is never sent again. A start or stop is settled by reading the power states back for 10 seconds;
    when they do not show it, the task fails with C(error.outcome_unknown) set to true. A restart cannot be read back
    and a second reboot would cut the first one short, so the task warns that it may or may not have happened.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup]
attributes:
  check_mode:
    description: Reads the states and reports what would be sent in RV(actions), and C(changed) if anything; sends nothing.
    support: full
  diff_mode:
    description: The power state of each service before and after, by service id.
    support: full
options:
  type:
    description: The item type of the services.
    type: str
    choices: [vds, dedic, instances]
    default: vds
  id:
    description:
      - The services by id, one or a list.
      - Give exactly one of O(id), O(remoteid) and O(domain).
    type: list
    elements: int
  remoteid:
    description: The services by remote id, one or a list.
    type: list
    elements: str
  domain:
    description: The services by domain name, one or a list.
    type: list
    elements: str
  state:
    description:
      - V(started) and V(stopped) switch the power on or off where it is not so already.
      - V(restarted) reboots (C(service.reboot)); V(hard_restarted) resets (C(service.hardreboot)). A stopped service is
        started instead, which is the restart it can have. A cloud instance already restarting is left to finish.
    type: str
    required: true
    choices: [started, stopped, restarted, hard_restarted]
  wait:
    description:
      - After acting, wait until every service is active again and in the state asked for (running, or stopped for
        V(stopped)). A cloud instance's restart keeps it active while its list says the reboot is in progress.
      - On a type whose list shows no power state (V(vds), V(dedic)) an active service is as far as it can be seen.
      - Without it the task returns the services as listed right after the requests.
    type: bool
    default: false
  wait_timeout:
    description: How many seconds to wait with O(wait). When the time is up the task fails; nothing is sent again.
    type: int
    default: 600
notes:
  - One list request to find the services, one request per function needed, and one list request to read them back (or
    one per look while waiting).
  - The power state is read from the list's C(item_status) on cloud instances. BILLmanager 6 writes a stopped instance as
    C(2_2_16) while its C(status) stays active.
seealso:
  - module: ispsystem.billmgr.billmgr_service
  - module: ispsystem.billmgr.billmgr_service_info
'''

EXAMPLES = r'''
- name: Reboot a VPS and wait until it is active again
  ispsystem.billmgr.billmgr_service_power:
    id: 958
    state: restarted
    wait: true

# Active is the panel's word: before using the VPS, wait for its SSH in a play over it
# (ansible.builtin.wait_for_connection).

- name: Stop two VPS (one request for all; the ones already stopped are left alone)
  ispsystem.billmgr.billmgr_service_power:
    domain: [old-vps.alice.test, web.alice.test]
    state: stopped

- name: A dedicated server by its domain, powered on
  ispsystem.billmgr.billmgr_service_power:
    type: dedic
    domain: db.alice.test
    state: started
'''

RETURN = r'''
actions:
  description:
    - The functions sent (in check mode, that would be sent), each with the ids of the services it was sent for.
    - Empty when every service was in the state asked for already.
  returned: always
  type: dict
  sample: {"service.reboot": [958]}
services:
  description:
    - The services, in the shape M(ispsystem.billmgr.billmgr_service) returns them, each with its RV(services[].power).
    - Read again after the requests (or at the end of the wait); in check mode, as they were found.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The service id.
      type: int
      sample: 958
    status:
      description: The numeric status. 2 is active (running, stopped or restarting), 5 processing.
      type: int
      sample: 2
    item_status:
      description: The status code of the list, compound on BILLmanager 6 (C(2_2_16) is a stopped machine, another C(2_) code a change in progress).
      type: str
      sample: '2'
    power:
      description:
        - V(running), V(stopped), V(restarting) (a cloud instance whose power is changing, such as a reboot in progress), or
          null for a service that is not active.
        - V(unknown) for an active service whose list shows no power state (V(vds), V(dedic)).
      type: str
      sample: running
    domain:
      description: The service's domain name.
      type: str
      sample: web.example.com
    ip:
      description: The service's addresses, as the list writes them.
      type: str
      sample: 203.0.113.10
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_power_task import DEFAULT_WAIT_TIMEOUT, PowerTask

ARGUMENT_SPEC = dict(
    type=dict(type='str', default='vds', choices=['vds', 'dedic', 'instances']),
    id=dict(type='list', elements='int'),
    remoteid=dict(type='list', elements='str'),
    domain=dict(type='list', elements='str'),
    state=dict(type='str', required=True, choices=['started', 'stopped', 'restarted', 'hard_restarted']),
    wait=dict(type='bool', default=False),
    wait_timeout=dict(type='int', default=DEFAULT_WAIT_TIMEOUT),
)


def main():
    BillmgrModule(ARGUMENT_SPEC, mutually_exclusive=[('id', 'remoteid', 'domain')],
                  required_one_of=[('id', 'remoteid', 'domain')]).run(PowerTask)


if __name__ == '__main__':
    main()
