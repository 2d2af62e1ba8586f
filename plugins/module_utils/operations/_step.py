# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What every step below a task is handed (``Step``): never the task, only what a step needs of it. Private to this collection."""

from __future__ import annotations


class Step(object):
    """The client, the item type, check mode and how to warn, as the task hands them to one of its steps."""

    def __init__(self, client, item_type, check_mode=False, warn=None):
        self.client = client
        self.item_type = item_type
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
