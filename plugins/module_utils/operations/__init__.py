# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The steps below a task: ordering, a tariff change, a suspension, bringing an existing service to the
asked state. Each takes what it needs as arguments, never a task, and writes through guarded.

Private to this collection. Imports guarded, panel and transport; never a task.
"""
