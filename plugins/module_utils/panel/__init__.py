# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The panel's vocabulary and resources: values (statuses, periods, dates, money), the catalogue, services,
licences, carts, accounts and balances, read and sent in the shapes real panels use.

Private to this collection. Imports only transport. Every parser here reads what the panel sends leniently: it
never raises InputError on panel data.
"""
