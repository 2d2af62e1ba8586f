# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which calls are reads: the one list every module, the inventory and billmgr_api go by. Private to this collection.

A call is a read only if we know it is one. Real panels act on ``vds.delete``, ``service.reboot|stop|start``,
``TYPE.suspend|resume``, ``service.ip.delete`` and ``payment.add`` without ``sok`` (real-panels-2 §7, E22, E25), so
"no ``sok``" is no sign of a read. A read may run in check mode and is retried after a passing fault; anything
else is a write: sent once, never retried, never in check mode, and through billmgr_api only with ``write: true``.
"""

from __future__ import annotations

# Functions that only ever show something, whatever they are sent: the panel's lists and look-ups (real-panels §5,
# E5, E18), the price list (seed 001, E3), the start page and the logged-in user (E5, E6), the old billing's IP check
# (seed 004: it takes sok but changes nothing), and switching to a client's session (E14, E20: it opens a session,
# it changes nothing in the panel), and the terms step of the tariff-change wizard: sent with ``snext=ok&sok=ok``, it only
# shows the price and the dates, and the payment is the next step, ``service.changepricelist.getmoney`` (real-panels-2
# §3.2: E22's client area shows this answer before its "Save" sends getmoney; E25's FAQ: read the terms, then "Finish").
ALWAYS_READS = frozenset((
    'pricelist.export', 'desktop', 'whoami', 'service.ip', 'software.licinfo', 'soft.checkip', 'account.su',
    'service.changepricelist.pricelist',
))
# Forms: without ``sok`` they show the current values or the price and change nothing (real-panels §3, §4; E5, E8,
# E20, E22). With ``sok`` they act: the tariff change's first step with ``sok`` is E8's one-step change, reported to
# complete for licences (real-panels-2 §3.2), so it is a write.
FORM_SUFFIXES = ('.edit', '.order.param', '.order')
FORMS = frozenset(('service.prolong', 'service.changepricelist'))


def is_read(func, params=None):
    """Whether calling ``func`` with ``params`` only reads. A list is a function of one word (``vds``, ``soft``,
    ``account``, ``expense``, ``basket``) and a form a known form, each without ``sok`` (``basket`` with it pays the
    cart); every other call writes."""
    func = (func or '').strip()
    params = params or {}
    if func in ALWAYS_READS:
        return True
    if '.' not in func or func in FORMS or func.endswith(FORM_SUFFIXES):
        return bool(func) and 'sok' not in params
    return False
