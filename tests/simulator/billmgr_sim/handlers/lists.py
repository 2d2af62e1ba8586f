"""Service lists: func=vds|dedic|vhost|soft|platform, with filters and paging."""

import functools
import json

from .. import errors, numeric, views
from ..document import Node
from . import SERVICE_TYPES, Function

DEFAULT_PAGE_SIZE = 1000  # [INF] the page size of a real list answer without p_cnt
NUMERIC_FILTERS = {'id': 's.id = ?', 'status': 's.status = ?', 'pricelist': 's.tariff_id = ?', 'datacenter': 's.datacenter_id = ?'}
TEXT_FILTERS = {'remoteid': 's.remoteid = ?', 'domain': 's.domain = ?', 'ip': 's.ip = ?', 'licname': 's.licname = ?'}
FILTER_NAMES = tuple(NUMERIC_FILTERS) + tuple(TEXT_FILTERS) + ('account',)


def current_filter(ctx, list_func):
    """Inline ``filter=on&FIELD=...`` wins; otherwise the filter saved with TYPE.filter."""
    if ctx.params.get('filter') == 'on':
        return {name: ctx.params.filled(name) for name in FILTER_NAMES if ctx.params.filled(name) is not None}
    row = ctx.conn.execute('SELECT params FROM saved_filter WHERE user_id = ? AND func = ?', (ctx.user['id'], list_func)).fetchone()
    return json.loads(row['params']) if row else {}


def where_clause(ctx, itemtype, filters):
    where, args = ['s.itemtype = ?'], [itemtype]
    if not ctx.is_admin:
        where.append('s.account_id = ?')
        args.append(ctx.account_id)
    for name, value in filters.items():
        if name in NUMERIC_FILTERS:
            where.append(NUMERIC_FILTERS[name])
            args.append(numeric.int_value(name, value))
        elif name in TEXT_FILTERS:
            where.append(TEXT_FILTERS[name])
            args.append(value)
        elif name == 'account':
            # The documented value is the account's full name; its id works too [INF].
            where.append('(a.name = ? OR a.id = ?)')
            account_id = numeric.parse_int(value)
            args.extend((value, -1 if account_id is None else account_id))
    if 'status' not in filters:
        where.append('s.status != 4')  # deleted services are kept but not listed unless asked for
    return ' WHERE ' + ' AND '.join(where), args


def page(ctx):
    p_num = ctx.int_param('p_num', required=False, default=1)
    p_cnt = ctx.int_param('p_cnt', required=False, default=DEFAULT_PAGE_SIZE)
    if p_num < 1:
        raise errors.invalid('p_num', str(p_num))
    if p_cnt < 1:
        raise errors.invalid('p_cnt', str(p_cnt))
    return p_num, p_cnt


def service_list(itemtype, ctx):
    filters = current_filter(ctx, itemtype)
    where, args = where_clause(ctx, itemtype, filters)
    p_num, p_cnt = page(ctx)
    total = ctx.conn.execute(
        'SELECT COUNT(*) FROM service s JOIN account a ON a.id = s.account_id' + where, args).fetchone()[0]
    rows = ctx.conn.execute(views.SERVICE_SELECT + where + ' ORDER BY s.id LIMIT ? OFFSET ?',
                            args + [p_cnt, (p_num - 1) * p_cnt]).fetchall()
    nodes = [views.list_elem(row) for row in rows]
    nodes.extend((Node('p_cnt', p_cnt), Node('p_elems', total), Node('p_num', p_num)))
    return nodes


def save_filter(itemtype, ctx):
    """TYPE.filter: with sok the given fields become this user's filter for the list; blank fields clear it."""
    if ctx.confirmed:
        filters = {name: ctx.params.filled(name) for name in FILTER_NAMES if ctx.params.filled(name) is not None}
        where_clause(ctx, itemtype, filters)  # validates the values
        ctx.conn.execute('INSERT OR REPLACE INTO saved_filter (user_id, func, params) VALUES (?, ?, ?)',
                         (ctx.user['id'], itemtype, json.dumps(filters)))
        return [Node('ok')]
    return [Node(name, value) for name, value in current_filter(ctx, itemtype).items()]


def register(registry):
    for itemtype in SERVICE_TYPES:
        registry[itemtype] = Function(functools.partial(service_list, itemtype))
        registry[itemtype + '.filter'] = Function(functools.partial(save_filter, itemtype))
