# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What billmgr_pricelist_info looks up (``PricelistInfoTask``). Private to this collection."""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._catalog import read_pricelists
from ansible_collections.ispsystem.billmgr.plugins.module_utils.tasks._task import Task


class PricelistInfoTask(Task):
    """billmgr_pricelist_info: the tariffs a panel sells, read only."""

    def run(self):
        p = self.params
        result = read_pricelists(self.client, p['types'], p['pricelist'], p['with_templates'])
        result['changed'] = False
        return result
