#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_prolong
short_description: Renew BILLmanager services and set their auto-renewal
version_added: 0.1.0
description:
  - Renews a service of any type (VPS, dedicated server, shared hosting, license, platform, ...) with the API function
    C(service.prolong), paid from the account's balance at once.
  - With O(until) or O(min_days_left) the task is idempotent - it renews only a service that expires before the
    target date, by as many periods as it takes to reach it, and a second run changes nothing.
  - With O(period) alone it renews once, on B(every) run - that is not idempotent, every run pays again.
  - Sets auto-renewal (O(autoprolong)) through the service type's own edit function (C(vds.edit), C(soft.edit), ...),
    and changes it only when it differs.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup, ispsystem.billmgr.billmgr.autoprolong,
                                 ispsystem.billmgr.billmgr.spending]
attributes:
  check_mode:
    description:
      - Nothing is renewed or changed. The task reports whether it would renew, how many times, the new expiry date
        as the panel's renewal form (C(service.prolong) without confirmation) gives it, and what the renewals would cost
        (RV(msg), RV(spending)) - or that the price is unknown where the panel shows none.
    support: full
  diff_mode:
    description: Shows the expiry date and the auto-renewal period before and after.
    support: full
options:
  id:
    description:
      - The service's id.
      - Without O(type), the lists of V(vds), V(dedic), V(vhost), V(soft) and V(platform) are asked in turn until the
        service is found - one request each. Give O(type) to find it with one request.
    type: int
  type:
    description:
      - The service's item type, as BILLmanager names it, for example V(vds), V(dedic), V(vhost), V(soft) (licenses)
        or V(platform).
      - Required with O(remoteid) and O(domain). With O(licname) it is V(soft) or left out.
      - Auto-renewal is set with the function C(TYPE.edit) of this type; with O(id) alone the type is the one of the
        list the service was found in.
    type: str
  remoteid:
    description: The service's id on the side of a reselling billing system; needs O(type).
    type: str
  domain:
    description: The service's domain name; needs O(type). A domain held by more than one live service is an error.
    type: str
  licname:
    description:
      - The name of a license (type V(soft)), found the way M(ispsystem.billmgr.billmgr_license) finds it.
        A name held by more than one live license is an error.
    type: str
  period:
    description:
      - The renewal period in months (V(1), V(3), V(6), V(12), V(24) or V(36)), or V(daily) for a daily-billed service
        (the API's period code -50; each renewal adds a day). The service's tariff may offer fewer periods (licenses,
        for example, 1 and 12); a period it does not offer fails before anything is paid.
      - Without O(until) and O(min_days_left), the service is renewed once by O(period) months.
        B(This is not idempotent) - every run of the task renews, and pays, again. Use O(until) or O(min_days_left)
        in anything that may run twice.
      - With O(until) or O(min_days_left), the length of each renewal; default V(1). A daily service is renewed
        O(until) a date with O(period=daily), one renewal (and payment) per day; O(max_renewals) caps them.
    type: raw
  until:
    description:
      - The date, written V(YYYY-MM-DD), the service should last until.
      - A service that expires before it is renewed by O(period) months, again and again, until it expires on this date
        or later; each renewal is a separate payment, and the expiry date is read back from the panel after each one.
        A service that expires on this date or later is left alone, so running the task again changes nothing.
      - A date before today renews nothing (a renewal could not reach a day that has passed); the task warns and
        reports no change.
      - Quote the date in YAML (V("2027-01-31")) or build it with a template.
    type: str
  min_days_left:
    description:
      - Renew a service that has fewer than this many days left, until it has at least this many.
        The same as O(until) set to today plus this many days (today on the machine running the module).
      - V(0) renews only a service that has already expired.
    type: int
  max_renewals:
    description:
      - The most renewals one run of the task may make with O(until) or O(min_days_left), a guard against a mistyped date.
      - A target that would take more renewals fails before anything is paid.
    type: int
    default: 36
notes:
  - Renewals are paid from the account's balance at once (C(skipbasket=on)); nothing goes to the cart. When the balance
    is too low the panel refuses the renewal and nothing is paid; with O(until), renewals made before that one stay
    made and paid, and the failure says how many.
  - A renewal is never retried. When the panel's answer to a renewal is lost (a dropped connection or a timeout),
    the module reads the expiry date back; if it cannot tell that the renewal was made, it fails without renewing
    again and says so (C(error.outcome_unknown) is true). Look at the account's expenses before running the task again.
  - A service being processed, or deleted, cannot be renewed; the task fails with the panel's message.
  - Requests - a task that renews nothing costs one request (the look-up) with O(id) and O(type), O(remoteid) or
    O(domain); two with O(licname) (the license, then the service); plus one to read the auto-renewal when O(autoprolong)
    is set. Renewing costs two per renewal (the renewal and reading the expiry date back); with O(max_cost) or
    O(keep_balance), and in check mode, one more for the renewal form and one for the price (the edit form, unless
    O(autoprolong) read it already).
  - The price of a renewal is the one the service's edit form shows for the auto-renewal choice of that period (for
    example "500.00 RUB per month"); real renewal forms show none. Where that choice shows no price, O(max_cost) and
    O(keep_balance) fail the task before anything is paid, and check mode says the price is unknown.
seealso:
  - module: ispsystem.billmgr.billmgr_service
  - name: Renewing services
    description: Renewals that are safe to run again, auto-renewal, and renewing every server that expires soon.
    link: https://github.com/ispsystem-community/ansible-collection-billmgr/blob/main/docs/renewals.md
'''

EXAMPLES = r'''
- name: Keep VPS 958 paid until the end of next year (safe to run again)
  ispsystem.billmgr.billmgr_prolong:
    id: 958
    type: vds
    until: "2027-12-31"

- name: The account's licenses
  ispsystem.billmgr.billmgr_license_info:
  register: licenses

- name: Keep every license at least 30 days ahead, renewing by a year at a time
  ispsystem.billmgr.billmgr_prolong:
    type: soft
    licname: "{{ item.licname }}"
    min_days_left: 30
    period: 12
  loop: "{{ licenses.licenses }}"
  loop_control:
    label: "{{ item.licname }}"

- name: Renew shared hosting blog.alice.test by 3 months - NOT idempotent, renews on every run
  ispsystem.billmgr.billmgr_prolong:
    type: vhost
    domain: blog.alice.test
    period: 3

- name: Turn auto-renewal on (yearly) for a dedicated server, off for a license
  ispsystem.billmgr.billmgr_prolong:
    id: "{{ item.id }}"
    type: "{{ item.type }}"
    autoprolong: "{{ item.autoprolong }}"
  loop:
    - {id: 1065, type: dedic, autoprolong: '12'}
    - {id: 777, type: soft, autoprolong: 'off'}

# With the ispsystem.billmgr.billmgr inventory (-i servers.billmgr.yml): renew every VPS of it
# that expires within 30 days, so it has 30 days left. billmgr_id and billmgr_days_left are the
# inventory's host variables; the task runs on the controller, once per VPS.
- name: Renew the inventory's VPS until each has 30 days left
  ispsystem.billmgr.billmgr_prolong:
    id: "{{ hostvars[item].billmgr_id }}"
    type: vds
    min_days_left: 30
  loop: "{{ groups['billmgr_vds'] }}"
  when: hostvars[item].billmgr_days_left is not none and hostvars[item].billmgr_days_left < 30
'''

RETURN = r'''
service:
  description:
    - The service as the panel lists it after the task, in the same shape as the C(service) that
      M(ispsystem.billmgr.billmgr_service) returns. In check mode, as it is now.
  returned: success, and on failure once the service was found
  type: dict
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
  sample:
    id: 958
    type: vds
    name: null
    domain: web.example.com
    ip: 127.0.3.190
    status: 2
    status_name: active
    item_status: '2'
    pricelist: VPS Start
    pricelist_id: 6
    datacenter: Frankfurt
    account: alice
    ostempl: ISPsystem__CentOS-7-amd64
    recipe: null
    remoteid: null
    createdate: '2026-09-23'
    expiredate: '2027-01-23'
    autoprolong: 1
    cost: 500.00 RUB / Month
expiredate_before:
  description: The expiry date before the task, V(YYYY-MM-DD).
  returned: success, and on failure once the service was found
  type: str
  sample: '2026-12-23'
expiredate:
  description:
    - The expiry date after the task, as read back from the panel. In check mode, the expiry date the renewals would
      give (the first as the panel's renewal form says, the rest counted on from it).
  returned: success, and on failure once the service was found
  type: str
  sample: '2027-01-23'
spending:
  description:
    - What the task was to pay and the balance it checked, when O(max_cost) or O(keep_balance) is given - C(cost) (the
      panel's price), C(currency), and with O(keep_balance) C(balance) and C(balance_after).
  returned: when O(max_cost) or O(keep_balance) is given and something is to be paid, and in check mode when the task would
    renew (then C(cost) is V(null) when the panel shows no price)
  type: dict
  sample: {"cost": 500.0, "currency": "RUB", "balance": 1500.0, "balance_after": 1000.0}
msg:
  description:
    - In check mode, when the task would renew - how many renewals, until when, and for how much, or "an unknown amount"
      where the panel shows no price for the renewal.
  returned: check mode, when the task would renew
  type: str
  sample: would make 2 renewal(s) of vds 958 by 1 month(s), until 2027-02-23, for 1000.00 RUB
renewals:
  description: How many renewals were made (in check mode, would be made) - each one a separate payment.
  returned: success, and on failure once the service was found
  type: int
  sample: 1
next_renewal:
  description:
    - The day the panel's renewal window opens again (C(YYYY-MM-DD)), when it stopped O(until) or O(min_days_left) short
      of the target ("The service can be renewed only after ..."). The task renews as far as the panel allows now,
      reports it, and warns; run it again from that day to go on.
  returned: when the panel's renewal window stopped a renewal
  type: str
  sample: "2027-03-01"
error:
  description: On failure from the panel or the network, what kind of failure it was.
  returned: failure
  type: dict
  contains:
    type:
      description: The API's error type (V(value), V(access), ...), or V(connection), V(timeout), V(http), V(renewal).
      type: str
    object:
      description: The API's error object, when it names one.
      type: str
    func:
      description: The API function that failed.
      type: str
    outcome_unknown:
      description: True when a renewal may have been made although the module could not confirm it.
      type: bool
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._prolong_task import DEFAULT_MAX_RENEWALS, RenewalTask

IDENTITY = ('id', 'remoteid', 'domain', 'licname')

ARGUMENT_SPEC = dict(
    id=dict(type='int'),
    type=dict(type='str'),
    remoteid=dict(type='str'),
    domain=dict(type='str'),
    licname=dict(type='str'),
    period=dict(type='raw'),
    until=dict(type='str'),
    min_days_left=dict(type='int'),
    max_renewals=dict(type='int', default=DEFAULT_MAX_RENEWALS),
    autoprolong=dict(type='raw'),
    max_cost=dict(type='float'),
    keep_balance=dict(type='float'),
)


def main():
    BillmgrModule(
        ARGUMENT_SPEC,
        mutually_exclusive=[IDENTITY, ('until', 'min_days_left')],
        required_one_of=[IDENTITY, ('period', 'until', 'min_days_left', 'autoprolong')],
    ).run(RenewalTask)


if __name__ == '__main__':
    main()
