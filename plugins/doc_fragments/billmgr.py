# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):

    # Connection options of every module.
    DOCUMENTATION = r'''
options:
  url:
    description:
      - The BILLmanager API address, for example V(https://billing.example.com:1500/billmgr) (BILLmanager 6)
        or V(https://billing.example.com/manager/billmgr) (BILLmanager 5).
      - A URL without a path gets V(/billmgr) appended.
      - It must start with V(https://) or V(http://) and carry neither a query string nor a fragment (every request
        parameter comes from the task; V(?sok=ok) would confirm writes). A user name and password written into it
        (V(https://user:password@host/billmgr)) are taken out, never sent and never shown; give them as O(username)
        and O(password).
      - If not set, the value of the E(BILLMGR_URL) environment variable is used.
    type: str
    required: true
  username:
    description:
      - The BILLmanager user to act as. Client users see and change only their own account's services;
        some options need an administrator.
      - If not set, the value of the E(BILLMGR_USERNAME) environment variable is used.
      - Either O(username) and O(password), or O(session), is required.
    type: str
  password:
    description:
      - The user's password. It is sent in the body of each POST request, never in a URL.
      - An empty password is refused before any request (it would only count toward the panel's login lock).
      - If not set, the value of the E(BILLMGR_PASSWORD) environment variable is used.
    type: str
  session:
    description:
      - An existing BILLmanager session key (the C(auth) parameter of the API), used instead of O(username) and O(password).
      - When a password is given as well (for example from E(BILLMGR_PASSWORD)), the session key is used, the password is
        not sent, and the task warns.
      - If not set, the value of the E(BILLMGR_SESSION) environment variable is used.
    type: str
  totp_secret:
    description:
      - For a user with two-factor authentication, the base32 secret of the user's authenticator app (the text shown
        beside the QR code when two-factor authentication was set up). After logging in with O(username) and
        O(password), the module computes the current one-time code (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits)
        and confirms the session with it (C(totp.confirm)).
      - Without it, a two-factor user's tasks fail saying so, and nothing is read or changed. Not used with O(session).
      - The secret and the codes are never shown, logged or returned. The controller's clock must be right to the
        half minute.
      - If not set, the value of the E(BILLMGR_TOTP_SECRET) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the panel's TLS certificate. Set to V(false) only for panels you trust on a network you trust.
      - If not set, the value of the E(BILLMGR_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM file) to verify the panel's certificate with, for panels with a private CA or a self-signed certificate.
      - If not set, the value of the E(BILLMGR_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each answer from the panel; more than V(0).
      - Reads that fail on a connection error or an HTTP 502, 503 or 504 are retried with a capped backoff;
        writes (orders, changes, renewals, deletions) are never retried, and authentication errors never are.
      - If not set, the value of the E(BILLMGR_TIMEOUT) environment variable is used.
    type: int
    default: 30
requirements:
  - requests
notes:
  - All modules of this collection belong to the C(ispsystem.billmgr.billmgr) action group, so the connection options
    can be set once with C(module_defaults) and C(group/ispsystem.billmgr.billmgr).
'''

    # The same connection options for plugins (inventory), which read environment variables through ``env``.
    PLUGIN = r'''
options:
  url:
    description:
      - The BILLmanager API address, for example V(https://billing.example.com:1500/billmgr) (BILLmanager 6)
        or V(https://billing.example.com/manager/billmgr) (BILLmanager 5). A URL without a path gets V(/billmgr) appended.
      - It must start with V(https://) or V(http://), without a query string or a fragment. A user name and password
        written into it are taken out, never sent and never shown; give them as O(username) and O(password).
    type: str
    required: true
    env:
      - name: BILLMGR_URL
  username:
    description:
      - The BILLmanager user to act as. Either O(username) and O(password), or O(session), is required.
    type: str
    env:
      - name: BILLMGR_USERNAME
  password:
    description:
      - The user's password, sent in the body of each POST request, never in a URL. May be a template, for example
        V({{ lookup('ansible.builtin.env', 'MY_BILLMGR_PASSWORD'\\) }}).
    type: str
    env:
      - name: BILLMGR_PASSWORD
  session:
    description:
      - An existing BILLmanager session key, used instead of O(username) and O(password) (a password given as well is not
        sent, with a warning).
    type: str
    env:
      - name: BILLMGR_SESSION
  totp_secret:
    description:
      - For a user with two-factor authentication, the base32 secret of the user's authenticator app. The current
        one-time code is computed from it (RFC 6238) and confirms the session after the login; without it, the
        inventory of a two-factor user fails saying so. Never shown, logged or cached. Not used with O(session).
    type: str
    env:
      - name: BILLMGR_TOTP_SECRET
  validate_certs:
    description:
      - Whether to verify the panel's TLS certificate.
    type: bool
    default: true
    env:
      - name: BILLMGR_VALIDATE_CERTS
  ca_path:
    description:
      - A CA bundle (PEM file) to verify the panel's certificate with. A leading C(~) is expanded.
      - An empty value means the system's CA bundle.
    # str, not path: Ansible turns an empty path option (an unset BILLMGR_CA_PATH in AWX) into the current directory.
    type: str
    env:
      - name: BILLMGR_CA_PATH
  timeout:
    description:
      - Seconds to wait for each answer from the panel.
    type: int
    default: 30
    env:
      - name: BILLMGR_TIMEOUT
requirements:
  - requests
'''

    # Every module is in the action group; declared once here.
    ACTIONGROUP = r'''
attributes:
  action_group:
    description: Use C(group/ispsystem.billmgr.billmgr) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - ispsystem.billmgr.billmgr
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: all
'''

    # Modules that only read.
    INFO_MODULE = r'''
attributes:
  check_mode:
    description: The module only reads, and runs the same in check mode.
    support: full
  diff_mode:
    description: The module changes nothing, so there is no diff.
    support: none
'''

    # billmgr_service (orders, tariff and add-on changes) and billmgr_prolong (renewals) check both with guarded._limits.check_spending.
    SPENDING = r'''
options:
  max_cost:
    description:
      - The most this task may pay, in the panel's currency. The panel's own price for it (the order form's total, the
        tariff change's terms (C(money_info)), the edit form's price of an add-on change, the price of the edit form's
        auto-renewal choice for the renewal period times the renewals planned) is read before anything is paid, and a
        higher price fails the task with both amounts. Checked in check mode too.
      - A payment whose price the panel does not show fails the task, before anything is paid, when O(max_cost) or
        O(keep_balance) is given. Leave both out, deliberately, to pay whatever the panel charges.
      - Everything the task pays counts - a task that changes the tariff and then add-ons may pay for both together no
        more than O(max_cost).
      - Compared exactly (to the hundredth, not as a rounded float). Must be a finite number, 0 or more - V(.nan) or
        V(.inf) fails the task before any request.
    type: float
  keep_balance:
    description:
      - The least the account's balance may be after this task pays. The balance is read (one request) with the panel's
        price before anything is paid, and a task that would leave less fails with the amounts. Checked in check mode too.
      - An administrator's task for a client checks that client's balance (the account the service is ordered for, or
        the account of the service renewed).
      - Compared exactly, in the panel's currency. Must be a finite number (it may be below zero, for an account with a
        credit limit) - V(.nan) or V(.inf) fails the task before any request.
    type: float
'''

    # billmgr_service, billmgr_license and billmgr_prolong read autoprolong with the same parser (_values.check_autoprolong).
    AUTOPROLONG = r'''
options:
  autoprolong:
    description:
      - Auto-renewal - the period in months the panel renews by when the paid period ends, one of V(1), V(3), V(6), V(12),
        V(24) or V(36) as the tariff offers, V(daily) (the API's code V(-50)) for a daily-billed tariff, or V(off). Not
        managed when not given.
      - A bare C(off) in YAML is the boolean false; false, V(0), V(off) and V(null) all turn auto-renewal off.
      - Months the tariff does not offer are refused before anything is written, the message listing the ones it does.
      - The three modules M(ispsystem.billmgr.billmgr_service), M(ispsystem.billmgr.billmgr_license) and
        M(ispsystem.billmgr.billmgr_prolong) accept and refuse the same values.
    type: raw
'''
