# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only callback: writes every task result to the JSON file named by BILLMGR_TEST_RESULTS.

ansible-core 2.19 has no json stdout callback, and tests want to read module results as data.
"""

from __future__ import annotations

DOCUMENTATION = '''
name: results_json
type: aggregate
short_description: write task results to a JSON file for the integration tests
description:
  - Writes every task result to the file named by the E(BILLMGR_TEST_RESULTS) environment variable.
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'results_json'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = []
        self._started = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        # When the task began (wall clock): the simulator's access log says which requests came after.
        self._started = time.time()

    def _record(self, outcome, result):
        task = result._task
        self.tasks.append({
            'name': task.get_name(),
            'action': task.action,
            'host': result._host.get_name(),
            'outcome': outcome,
            'started': self._started,
            'ended': time.time(),
            'result': json.loads(json.dumps(result._result, default=str)),
        })

    def v2_runner_on_ok(self, result):
        self._record('ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record('failed', result)

    def v2_runner_on_skipped(self, result):
        self._record('skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._record('unreachable', result)

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get('BILLMGR_TEST_RESULTS')
        if path:
            with open(path, 'w', encoding='utf-8') as handle:
                json.dump(self.tasks, handle)
