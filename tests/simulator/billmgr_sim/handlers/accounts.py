"""Client accounts for administrators: the ``account`` list and ``account.su`` (acting as a client).

Real admin scripts order for a client by switching to it: ``func=account.su&elid=<account id>`` and then the
client's session (E14; the vendor's New Order API examples "perform the functions with client permissions",
E18, E20, E21). The ``account`` list (E18: elid/id, name, balance) lets a script find the account id by name.
"""

from .. import auth, catalog, errors
from ..document import Node
from . import Function


def account_list(ctx):
    """``elem[]{id, name, balance}`` (E18), every client account, by id."""
    nodes = []
    for row in ctx.conn.execute('SELECT * FROM account ORDER BY id'):
        elem = Node('elem', repeat=True)
        elem.field('id', row['id']).field('name', row['name']).field('balance', catalog.money(row['balance']))
        nodes.append(elem)
    # A real list says how many it holds, an empty one too (E24 reads p_elems; real-panels-2 §12.3): one page, all of it.
    return nodes + [Node('p_elems', len(nodes))]


def switch(ctx):
    """Open a session as the account's first client user; answered like func=auth [INF shape: E14 then uses
    that session]: ``auth`` with the session id as text and in ``id``, and ``level`` (16)."""
    account_id = ctx.elid()
    user = ctx.conn.execute('SELECT * FROM user WHERE account_id = ? ORDER BY id LIMIT 1', (account_id,)).fetchone()
    if user is None:
        raise errors.not_found('elid', str(account_id))
    session_id = auth.open_session(ctx, user)
    return [Node('auth', session_id, {'id': session_id, 'level': user['level']})]


def register(registry):
    registry['account'] = Function(account_list, admin=True)
    registry['account.su'] = Function(switch, admin=True)
