# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The wire: one HTTP client, the connection options, what an answer says, and the three ways a call fails.

Private to this collection. The bottom layer: it imports nothing else of module_utils. Imports go one way,
top to bottom: tasks -> operations -> guarded -> panel -> transport.
"""
