# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The guarded write: the one way a write that spends money or changes a server is sent.

Private to this collection. Imports panel and transport, never operations or tasks: lock, guard, price check,
one send, a lost answer settled by reading back, success confirmed by reading the state back.
"""
