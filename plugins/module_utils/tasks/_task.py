# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shape of every task. Private to this collection.

A module runs exactly one task: ``TaskClass(client, params, ...).run()`` returns the result the
module exits with. The task reads the module's params by their documented names and never
touches the AnsibleModule: how it reports warnings and secrets is handed in.
"""

from __future__ import annotations


class Task(object):
    """One module's decisions. ``run()`` returns the result dict; failures raise InputError, TaskError or BillmgrError."""

    def __init__(self, client, params, check_mode=False, diff=False, warn=None, secret=None):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.diff = diff
        self.warnings = []
        self.warn = warn or self.warnings.append
        # Values that must be masked wherever Ansible prints (a license key the task did not return).
        self.secret = secret or (lambda value: None)

    def run(self):
        raise NotImplementedError
