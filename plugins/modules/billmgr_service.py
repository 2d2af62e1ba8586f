#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: billmgr_service
short_description: Order, change and delete VPS, dedicated server and hosting services in BILLmanager
version_added: 0.1.0
description:
  - Orders a service (C(v2.TYPE.order.param)) when none with the task's identity exists, changes what differs on an existing
    one (C(TYPE.edit)), or deletes it (C(TYPE.delete)), through the ISPsystem BILLmanager API.
  - A service is identified by O(id), else by O(remoteid), else by O(domain). O(remoteid) is the safest identity for new
    services. It is a name of your choosing that the panel keeps with the service, so a repeated or interrupted run finds
    the service it already bought instead of buying another.
  - An order is never placed twice. Before ordering, the module looks the service up by its identity, and the carts for an
    unpaid order of the same type. If the order request fails without an answer (a dropped connection, a timeout, a
    gateway error), the module looks for the service for O(reconcile_timeout) seconds before it reports, and a service
    that appeared is reported as created.
  - Every write is sent once and never again in the same run, and it is confirmed by reading the service back, not by
    the answer's C(ok). A change or a deletion whose answer was lost is read back for 10 seconds; one the panel does not
    show fails with C(error.outcome_unknown) set to true, and the next run sends it (a password, never shown back, is
    not read back).
  - An existing service on another tariff than O(pricelist) is moved to it (the panel's tariff-change wizard,
    C(service.changepricelist)) only with O(allow_tariff_change=true); the move costs money. Without it the task fails,
    naming both tariffs and the price the panel's terms show.
  - O(state=suspended) suspends a service (C(TYPE.suspend)); O(state=present) resumes one its owner suspended
    (C(TYPE.resume)). A service the panel suspended (staff, abuse, an unpaid expiry) is not resumed - the task fails with
    the reason the panel's C(item_status) gives.
  - Tariffs, datacenters and add-ons may be given by name as well as by id. Names are resolved through the panel's price
    list (C(pricelist.export)), read at most once per task and only when a name must be resolved or add-ons are ordered.
author: [ispsystem.billmgr contributors (@ispsystem-community)]
extends_documentation_fragment: [ispsystem.billmgr.billmgr, ispsystem.billmgr.billmgr.actiongroup, ispsystem.billmgr.billmgr.autoprolong,
                                 ispsystem.billmgr.billmgr.spending]
attributes:
  check_mode:
    description: Nothing is ordered, changed, moved, suspended or deleted. For an order, the panel's order form is read to report
      the cost; for a tariff change, the change form, for its price.
    support: full
  diff_mode:
    description: Shows before and after of the fields that change (a password only as C((set))), the tariff with the price of
      its change, and the status a suspension or resumption changes.
    support: full
options:
  type:
    description:
      - The service's item type, the API's name for the product type (C(ITEMTYPE)).
      - V(vds) is a virtual server, V(dedic) a dedicated server, V(vhost) shared hosting. Other item types the panel sells,
        such as V(platform), work the same way.
    type: str
    required: true
  state:
    description:
      - V(present) orders the service when it does not exist and otherwise changes what differs.
      - V(absent) deletes it. A service that is already gone is left alone and the task reports no change.
      - A panel takes its time over a deletion - the service is listed as C(5_close), "Deletion in progress", or marked for
        deletion at the end of its paid period (C(scheduledclose)). V(absent) on such a service sends nothing and reports
        no change; with O(wait) it waits for the deletion to finish. A panel that refuses a deletion (a tariff's minimum
        term, for example) fails the task with the panel's own words.
      - V(suspended) suspends an existing active service (C(TYPE.suspend)) after the other changes the task asks for; a
        suspended one is left as it is, whoever suspended it. It never orders, and fails when no service has the identity.
      - V(present) on a suspended service asks the panel to resume it (C(TYPE.resume)), and the panel decides whether
        the login may; a refusal fails the task in the panel's words, with the reason C(item_status) gives (staff,
        C(3_employeesuspend), for example). A service suspended for abuse (C(3_abusesuspend)) or for an unpaid expiry
        (C(3_autosuspend); renew it with M(ispsystem.billmgr.billmgr_prolong)) is never asked to be resumed - the task
        fails with that reason and changes nothing.
    type: str
    choices: [present, absent, suspended]
    default: present
  id:
    description:
      - The service's id in BILLmanager (C(elid)).
      - With O(id) the module only changes or deletes. A service cannot be ordered with a chosen id.
    type: int
  remoteid:
    description:
      - The service's unique identifier on your side (the API's C(remoteid)). It is sent with the order and used to find
        the service afterwards.
      - The safest identity for a service the task orders. It cannot be changed later.
    type: str
  domain:
    description:
      - The service's domain name. It identifies the service when neither O(id) nor O(remoteid) is given.
      - When ordering, the panel picks a random name if no O(domain) is given.
      - On an existing service (found by O(id) or O(remoteid)), a different O(domain) is changed. That needs an administrator.
    type: str
  pricelist:
    description:
      - The tariff to order, by id (V(6)) or by name (V(VPS Start)). Required to order.
      - On an existing service on another tariff, the task fails, naming both tariffs and the price of the change, unless
        O(allow_tariff_change=true).
      - A name is compared with the list's tariff name, at no cost. The list does not show the tariff's id, so an id is
        compared with the service's edit form, read for it (one more request on every run, unless the task reads that
        form anyway for add-ons or O(ostempl)). Name the tariff to keep a re-run at one request.
    type: raw
  allow_tariff_change:
    description:
      - Move an existing service to O(pricelist) when it is on another tariff, through the panel's three-step wizard - the
        choice (C(service.changepricelist), the tariffs the panel offers for this service, by id or name), the terms
        (C(service.changepricelist.pricelist), which pays nothing - the amount to pay in C(money_info), the tariffs' prices,
        the expiry before and after), then the payment (C(service.changepricelist.getmoney)), charged by the panel at once.
      - O(max_cost) and O(keep_balance) are checked against the terms' amount before the payment step. Terms without an
        amount that can be read fail the task, naming C(money_info), before anything is paid. A move that costs nothing
        takes every step too. The wizard takes no period - the service keeps its own where the new tariff sells it.
      - The payment step is sent once, and the move counts as made when the service's edit form shows the new tariff. When
        its answer is lost, the tariff is read back (the edit form) for up to O(reconcile_timeout) seconds and the payment
        step is never sent again.
      - Other changes of the task (add-ons, auto-renewal, ...) are made after the move, against the new tariff's edit form.
        In check mode they are compared with the current tariff's.
    type: bool
    default: false
  datacenter:
    description:
      - The datacenter to order in, by id or by name. If not given, the panel chooses (it does so when the tariff has only one).
      - Only used for ordering. If an existing service is in another datacenter, the module warns and leaves it where it is
        (compared with the list's datacenter name, or by id with the edit form when the task reads it).
    type: raw
  period:
    description:
      - The order period, in months (V(1), V(3), V(6), V(12), V(24) or V(36)), or V(trial), V(daily) or V(one-time)
        where the tariff sells one (the API's period codes -100, -50 and 0).
      - A period the tariff does not sell is refused before anything is ordered, the message listing the ones it does.
      - If not given, V(1) is ordered.
      - Only used for ordering. If an existing service is billed for another period (as its edit form shows, when the task
        reads it), the module warns and leaves it; M(ispsystem.billmgr.billmgr_prolong) renews for any period.
    type: raw
  ostempl:
    description:
      - The operating system template of a VPS or dedicated server, by its name in the panel (V(ISPsystem__Debian-12-amd64)).
        M(ispsystem.billmgr.billmgr_pricelist_info) lists them.
      - Changing it on an existing service needs an administrator, and O(allow_reinstall=true), because the panel then
        reinstalls the server and its disks are erased. Without O(allow_reinstall) the task fails before any change.
    type: str
  allow_reinstall:
    description:
      - Allow a different O(ostempl) on an existing service, which reinstalls the server (erasing its disks).
      - Without it, a task whose O(ostempl) differs from the service's fails, saying so, and changes nothing.
    type: bool
    default: false
  recipe:
    description:
      - The recipe (software to install after the operating system) of a VPS or dedicated server, by its name in the panel.
      - Changing it on an existing service needs an administrator.
    type: str
  addons:
    description:
      - 'Tariff add-on values, by add-on id or name, for example C({"RAM": 2048, "9": 2}).'
      - Keys are add-on ids or names. Values are numbers, V(true) or V(false) for on/off add-ons, and for a list add-on
        the id or the name of its choice.
      - Ordered with the service, and changed on an existing service when they differ (which may cost money, see O(skipbasket)).
        The price of a change is read from the edit form first (in check mode, and when O(max_cost) or O(keep_balance)
        is given), shown as RV(change_cost) and checked against those limits.
      - The values are checked against the tariff (add-on present, within its minimum, maximum and step) before any order.
    type: dict
  ip:
    description:
      - Set the service's IP address (administrator only). Only for an existing service.
    type: str
  service_username:
    description:
      - Set the user name in the service's control panel, for example in VMmanager (administrator only).
        Only for an existing service.
      - This is the API's C(username) field of the service, named so to keep it apart from the connection's O(username).
    type: str
  userpassword:
    description:
      - Set the user's password in the service's control panel (administrator only). Only for an existing service.
      - The panel never shows a password back, so it cannot be compared. A task that gives O(userpassword) sets it and
        reports a change on every run.
    type: str
  serverid:
    description:
      - Set the server's name in its control panel, for example in VMmanager (administrator only). Only for an existing service.
    type: str
  account:
    description:
      - The client account the service belongs to, when an administrator works for a client.
        The service is looked for among this account's services only.
      - A new service is ordered B(as the client), the way the vendor documents it. The module finds the account in the
        panel's C(account) list, switches to it with C(account.su) and places the order in the client's session, so the
        order is the client's, under the client's rights, and charged to the client's balance. When the login cannot
        switch, the task fails before anything is ordered. A client user may only name its own account.
      - Give the account's name exactly as the panel's lists show it (BILLmanager filters by the whole name). Before ordering,
        the module also looks the identity up in every account it can see; when it is taken outside this account (the name
        differs from the list's, say), the task fails instead of buying a second service.
    type: str
  skipbasket:
    description:
      - V(true) pays orders and paid changes from the account balance at once (C(skipbasket=on)).
      - V(false) leaves them in the cart, unpaid, and says where - RV(billorder_id) in the old cart (BILLmanager 5, and the
        paid changes of 6) or RV(lineitem_id) in the new cart (BILLmanager 6), with a warning. A change that waits in the
        cart is not applied until the cart is paid; RV(service) keeps the values the service has.
      - An order in the cart may not be a service yet, so no look-up by identity can find it. The module therefore reads both
        carts (C(basket) and C(cart)) first and refuses to put a second order of the same item type into a cart that already
        holds an unpaid one, and does not ask again for a change of a service that already waits there. Pay the cart (a
        M(ispsystem.billmgr.billmgr_cart) task with O(ispsystem.billmgr.billmgr_cart#module:state=paid)) or empty it, then
        run the task again.
    type: bool
    default: true
  api:
    description:
      - The order function. V(v2) is C(v2.TYPE.order.param) with C(order_period), the vendor's new order API. It is sent with
        C(clicked_button=order), C(force_use_new_cart=on) and C(order_count=1), and takes auto-renewal only as C(on) or
        C(off). With O(autoprolong) in months the order says C(on), and the module sets the months with C(TYPE.edit)
        right after, in the same task (one change).
      - V(v1) is the older C(TYPE.order.param) with C(period) and O(autoprolong) in months, confirmed with
        C(clicked_button=finish).
      - Both accept the tariff's offer (C(licence_agreement=on)), which panels with a mandatory offer require.
        See the collection's C(docs/order-vps.md) for what differs between BILLmanager 5 and 6.
    type: str
    choices: [v2, v1]
    default: v2
  dragon:
    description:
      - Order through the Dragon interface's cart. Sends the C(ISP-Client) header, C(theme=dragon) and accepts the licence agreement.
    type: bool
    default: false
  wait:
    description:
      - After ordering, wait until the new service is active and has its IP address.
      - With O(state=absent), wait until the service is gone. A deletion scheduled for the end of the paid period is not
        waited for (it can take weeks); the task says so in a warning.
      - The list is polled with a backoff from 1 to 10 seconds.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait with O(wait); V(0) looks once. Negative values are refused.
      - When the time is up, the task fails with the new service's id in RV(service). The next run finds the service and waits again.
    type: int
    default: 600
  reconcile_timeout:
    description:
      - When the answer to an order is lost (no answer within O(timeout), a dropped connection, an HTTP 502 or 503, a
        maintenance page, C(Request in process)), how many seconds to look for the new service by its identity before failing
        with C(error.outcome_unknown). The order is never sent again.
      - A slow panel may finish an order it got long after the answer was lost. Looking for less time than that lets an
        immediate re-run order a second one, so keep it longer than the panel's slowest order. V(0) looks once.
    type: int
    default: 300
notes:
  - Forks, and playbooks started side by side, that run the module on one machine (tasks delegated to the controller, the
    usual way) order one identity one at a time. A lock file in the user's folder C(ansible-billmgr-UID) in the temp folder,
    taken before the look-up and held until the new service is listed, makes every later fork find it instead of ordering.
    Runs on different machines (several controllers, several AWX execution nodes) do not share the lock. There, run one
    job per identity at a time (AWX - do not allow concurrent jobs of the template).
  - A V(present) task needs O(id), O(remoteid) or O(domain). Without one it could not be idempotent, and every run would buy
    another service.
  - Requests per task. A service that needs no change costs one request (the look-up), or two when the task gives add-ons,
    O(ostempl), O(recipe), O(service_username) or O(serverid), which are compared against the service's edit form.
    An order costs the look-up, one read of the price list (every order is checked against its tariff), one read of each
    cart (an unpaid order of the type waiting there stops it), the order and the polls of O(wait). O(keep_balance) adds
    one read of the balance. A tariff change costs two reads of the change form, the change and a look-up after it (plus
    the edit form when O(pricelist) is an id). A suspension or resumption costs the write and a look-up after it.
    Changing O(autoprolong) to a number of months reads the price list once, for the months the tariff renews for.
  - Domain names are compared without regard to case.
seealso:
  - module: ispsystem.billmgr.billmgr_service_info
  - module: ispsystem.billmgr.billmgr_pricelist_info
'''

EXAMPLES = r'''
- name: Order a VPS (or keep the one ordered before) and wait until it has its address
  ispsystem.billmgr.billmgr_service:
    url: https://billing.example.com:1500/billmgr
    username: "{{ billmgr_user }}"
    password: "{{ billmgr_password }}"
    type: vds
    remoteid: web-01
    domain: web-01.example.com
    pricelist: VPS Start
    datacenter: Frankfurt
    period: 12
    autoprolong: 12
    ostempl: ISPsystem__Debian-12-amd64
    addons:
      RAM: 2048
      CPU: 2
  register: vps

- name: Use it
  ansible.builtin.add_host:
    name: "{{ vps.service.domain }}"
    ansible_host: "{{ vps.service.ip }}"

- name: More memory for an existing VPS, charged to the balance
  ispsystem.billmgr.billmgr_service:
    type: vds
    id: 958
    addons:
      "11": 4096

- name: Turn auto-renewal off
  ispsystem.billmgr.billmgr_service:
    type: vhost
    domain: blog.alice.test
    autoprolong: "off"

- name: Order shared hosting into the cart, to be paid later
  ispsystem.billmgr.billmgr_service:
    type: vhost
    domain: shop.example.com
    pricelist: 2
    datacenter: 1
    skipbasket: false
  register: cart

- name: Move a VPS to a bigger tariff, at most 5000 RUB, keeping 1000 RUB on the balance
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: web-01
    pricelist: VPS Pro
    allow_tariff_change: true
    max_cost: 5000
    keep_balance: 1000
  register: moved

- name: Suspend a customer's VPS (state=present resumes it)
  ispsystem.billmgr.billmgr_service:
    type: vds
    remoteid: web-01
    state: suspended

- name: Delete a dedicated server
  ispsystem.billmgr.billmgr_service:
    type: dedic
    remoteid: db-old
    state: absent
'''

RETURN = r'''
service:
  description:
    - The service after the task, the same shape M(ispsystem.billmgr.billmgr_service_info) returns.
    - Null when V(absent) found nothing, or when an order waits in the cart.
    - In check mode, the service that would be ordered (without id, status or address).
  returned: always
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
billorder_id:
  description: The old cart's order (C(billorder.id), or C(billorder) for a change) when O(skipbasket=false) left the order or
    a paid change in it.
  returned: when the panel returns one
  type: int
  sample: 77
lineitem_id:
  description: The new cart's line (C(lineitem.id), BILLmanager 6) when O(skipbasket=false) left the order in it.
  returned: when the panel returns one
  type: int
  sample: 41
spending:
  description:
    - What the task was to pay and the balance it checked, when O(max_cost) or O(keep_balance) is given - C(cost) (the
      panel's price; for an order its first payment, a one-time setup fee included), C(currency), and with
      O(keep_balance) C(balance) and C(balance_after).
  returned: when O(max_cost) or O(keep_balance) is given and something is to be paid
  type: dict
  sample: {"cost": 500.0, "currency": "RUB", "balance": 1500.0, "balance_after": 1000.0}
change_cost:
  description:
    - The panel's price of changing the add-ons of an existing service, as its edit form shows it before the change,
      V(null) when the form shows none (then the change is refused if O(max_cost) or O(keep_balance) is given).
  returned: when add-ons change and the price was read (in check mode, or with O(max_cost) or O(keep_balance))
  type: float
  sample: 1851.73
currency:
  description: The currency of RV(change_cost), when the panel names it.
  returned: with RV(change_cost)
  type: str
  sample: RUB
found_by:
  description:
    - How the new service was found after the order. V(item.id) or V(id) when the panel's answer named it (BILLmanager 6,
      licences), V(identity) when it did not (BILLmanager 5) and the service was looked up by its id, remoteid or domain,
      V(billorder.id) or V(lineitem.id) when the order went to a cart, V(reconciled) when the answer was lost and the
      service (or the cart line) was found by looking.
  returned: when a new service was ordered (not in check mode)
  type: str
  sample: item.id
order:
  description: What was ordered (or, in check mode, would be), with names resolved to ids.
  returned: when the task orders
  type: dict
  contains:
    func:
      description: The order function used.
      type: str
      sample: v2.vds.order.param
    pricelist:
      description: The tariff id.
      type: int
      sample: 6
    datacenter:
      description: The datacenter id, if one was chosen.
      type: int
      sample: 1
    period:
      description: The period in months.
      type: int
      sample: 12
    addons:
      description: Add-on values by id.
      type: dict
      sample: {"11": 2048}
    cost:
      description:
        - The order's first payment as the order form shows it - the period, its add-ons and any one-time setup fee - as a
          number; V(null) when the form shows none. O(max_cost) and O(keep_balance) are checked against it.
        - Where the form has no total line (only its parts, as some panels answer), the parts are added; where it also
          gives a total in words that differs, the larger of the two.
      returned: in check mode, and when O(max_cost) or O(keep_balance) is given
      type: float
      sample: 14000.0
    recurring_cost:
      description: The tariff's own price for the period (the summary's first line), V(null) when the form does not show it.
      returned: with RV(order.cost)
      type: float
      sample: 9000.0
    setup_cost:
      description:
        - The one-time charges of the first payment (a setup fee, "Установка (разово)"), paid with the order and never on
          renewal; V(0.0) when the form lists none, V(null) when it shows no summary.
        - A line is taken for one-time by its label (one-time, once, setup, разово, однократно); one not recognised counts as
          an add-on, and the first payment stays the same.
      returned: with RV(order.cost)
      type: float
      sample: 4500.0
    addons_cost:
      description: The add-ons that cost extra, for the period (the summary's other lines); V(null) when the form shows no summary.
      returned: with RV(order.cost)
      type: float
      sample: 500.0
    currency:
      description: The currency of RV(order.cost) and its parts, when the panel names it.
      returned: with RV(order.cost)
      type: str
      sample: RUB
tariff_change:
  description:
    - The move to another tariff, when the task made it (or, in check mode, would) - C(from) and C(to) (the tariffs' names),
      C(pricelist) (the new tariff's id), C(cost) and C(currency) (the amount the panel's terms ask, charged by the payment
      step; 0 for a move that costs nothing, negative when the terms say the difference is refunded), C(expiredate) (the
      new expiry - as the service shows it after the move, in check mode as the terms show it), and C(reconciled), true
      when the answer to the payment step was lost and the new tariff was read back.
  returned: when the tariff changes
  type: dict
  sample: {"from": "VPS Start", "to": "VPS Pro", "pricelist": 7, "cost": 233.33, "currency": "RUB", "expiredate": "2027-01-31",
           "reconciled": false}
reconciled:
  description: True when the order got no answer and the new service was found by looking it up.
  returned: when it happened
  type: bool
  sample: true
progress:
  description:
    - How a wait went, one line per look (the service's status, or that the license has no key yet) with the seconds waited.
    - A module cannot print while it runs, so this is how a long wait shows at C(-v); at the default verbosity it is left out.
  returned: at verbosity C(-v) or more, when the task waited
  type: list
  elements: str
  sample: ["vds service 1102 is 5_open, waiting up to 600s for it to be active with an address (1s waited)"]
'''

from ansible_collections.ispsystem.billmgr.plugins.module_utils._base import BillmgrModule
from ansible_collections.ispsystem.billmgr.plugins.module_utils.guarded._write import DEFAULT_RECONCILE_TIMEOUT
from ansible_collections.ispsystem.billmgr.plugins.module_utils.operations._service_order import DEFAULT_WAIT_TIMEOUT
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._service_task import ServiceTask

ARGUMENT_SPEC = dict(
    type=dict(type='str', required=True),
    state=dict(type='str', choices=['present', 'absent', 'suspended'], default='present'),
    id=dict(type='int'),
    remoteid=dict(type='str'),
    domain=dict(type='str'),
    pricelist=dict(type='raw'),
    datacenter=dict(type='raw'),
    period=dict(type='raw'),
    autoprolong=dict(type='raw'),
    ostempl=dict(type='str'),
    allow_reinstall=dict(type='bool', default=False),
    allow_tariff_change=dict(type='bool', default=False),
    recipe=dict(type='str'),
    addons=dict(type='dict'),
    ip=dict(type='str'),
    service_username=dict(type='str'),
    userpassword=dict(type='str', no_log=True),
    serverid=dict(type='str'),
    account=dict(type='str'),
    skipbasket=dict(type='bool', default=True),
    dragon=dict(type='bool', default=False),
    wait=dict(type='bool', default=True),
    wait_timeout=dict(type='int', default=DEFAULT_WAIT_TIMEOUT),
    reconcile_timeout=dict(type='int', default=DEFAULT_RECONCILE_TIMEOUT),
    max_cost=dict(type='float'),
    keep_balance=dict(type='float'),
    api=dict(type='str', choices=['v2', 'v1'], default='v2'),
)


def main():
    BillmgrModule(ARGUMENT_SPEC).run(ServiceTask)


if __name__ == '__main__':
    main()
