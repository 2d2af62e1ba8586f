# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One task per module, in a file named after it (billmgr_prolong: _prolong_task.py): what the module decides.

Private to this collection. A task imports operations, guarded, panel and transport, and never another module's
task; shared steps live in operations.
"""
