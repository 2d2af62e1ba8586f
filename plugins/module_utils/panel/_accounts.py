# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who buys: a client for itself, or an administrator acting as a client. Private to this collection.

The vendor places an administrator's order for a client "with the rights of the selected
client", and the client pays (E21); real admin scripts switch to the client with ``account.su``
and go on with the client's session (E14, E20). No real client names the buyer with ``account=``
on an order, so the collection never does: an order for a client is sent in the client's session.
"""

from __future__ import annotations

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._answer import int_or_none, text_of
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._client import LEVEL_CLIENT
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import BillmgrError, InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.panel._values import identity_text


def is_admin(client):
    """Whether the logged-in user is known to be an administrator (a session key's level is unknown: not one)."""
    level = client.user_level()
    return level is not None and level > LEVEL_CLIENT


def require_admin_for_account(client, account):
    """Refuse ``account`` naming someone else when the user is a client, before anything is bought.

    The panel would bill the client's own account; the look-ups, filtered by the named account,
    would then never find what was bought, and every run would buy again. A client's own account
    is accepted under its user name (as the bundled demo names them).
    """
    if not account:
        return
    level = client.user_level()
    if level is not None and level <= LEVEL_CLIENT and account.lower() != (client.username or '').lower():
        raise InputError('account %r: only a BILLmanager administrator orders for another account; %s is a client user, '
                         'whom the panel would bill instead. Leave account out.' % (account, client.username))


def account_elem(client, account, doing='nothing was ordered'):
    """The ``account`` list's element (E18: id, name, balance) of the client account an administrator names, by id or exact name."""
    wanted = identity_text(account) or ''
    for elem in client.list('account', {'filter': 'on'}):
        elem_id = int_or_none(text_of(elem.get('id') or elem.get('elid')))
        if text_of(elem.get('name')).strip() == wanted or (wanted.isdigit() and elem_id == int(wanted)):
            return dict(elem, id=elem_id)
    raise InputError('account %r: the panel has no client account of that name (or this login cannot list accounts); '
                     '%s' % (account, doing))


def account_id(client, account):
    """The id of the client account an administrator names."""
    return account_elem(client, account)['id']


def buyer(client, account, switch=True):
    """The connection an order for ``account`` is sent on: ``client`` itself, or a session as that client.

    A client names only its own account (``require_admin_for_account``); an administrator switches
    to the client (one list read, one ``account.su``), so the order lands in the client's account,
    under the client's rights, and is charged to it. Without ``switch`` (check mode) the account
    is only looked up, and ``client`` returned.
    """
    if not account:
        return client
    require_admin_for_account(client, account)
    if not is_admin(client):
        return client
    elid = account_id(client, account)
    if not switch:
        return client
    return client_session(client, account, elid, 'nothing was ordered')


def client_session(client, account, elid, doing):
    """A connection in a session as the client account ``elid`` (``account.su``, E14, E20), for an administrator.

    ``doing`` ends the error when the panel refuses: what the task left undone ("nothing was ordered").
    """
    try:
        doc = client.read('account.su', {'elid': elid})
    except BillmgrError as err:
        raise err.explained('account %r: this login cannot act as that client (account.su refused), so %s: %s'
                            % (account, doing, err.message)) from None
    auth = doc.get('auth')
    session = (auth.get('id') or text_of(auth)) if isinstance(auth, dict) else text_of(auth)
    if not session:
        raise InputError('account %r: account.su answered without a session, so %s' % (account, doing))
    return client.as_session(session)
