"""Service lists: func=vds|dedic|vhost|soft|platform, with filters and paging."""

import functools
import json

from .. import errors, filters, views
from ..document import Node
from . import SERVICE_TYPES, Function

DEFAULT_PAGE_SIZE = 1000  # a list answer without p_cnt pages by 1000 (real-panels §5.4, E17's captured p_cnt)


def current_filter(ctx, list_func):
    """Inline ``filter=on&FIELD=...`` uses exactly the fields it sends and leaves the saved filter alone (vendor
    seeds 001/003; [INF] that it does not change the saved one); otherwise the filter saved with TYPE.filter governs
    the list (real-panels §5.2, E5: ``dedic.filter`` then a plain list)."""
    if ctx.params.get('filter') == 'on':
        return filters.requested(ctx)
    return saved_filter(ctx.conn, ctx.user['id'], list_func)


def saved_filter(conn, user_id, list_func):
    """The user's saved filter; fields a filter form does not have are left out (a database saved by an older run)."""
    row = conn.execute('SELECT params FROM saved_filter WHERE user_id = ? AND func = ?', (user_id, list_func)).fetchone()
    return {name: value for name, value in json.loads(row['params']).items() if name in filters.FIELD_NAMES} if row else {}


def where_clause(ctx, itemtype, chosen):
    where, args = ['s.itemtype = ?'], [itemtype]
    if not ctx.is_admin:
        where.append('s.account_id = ?')
        args.append(ctx.account_id)
    conditions, values = filters.conditions(chosen)
    where.extend(conditions)
    args.extend(values)
    # Deleted services stay in plain lists, as real ones show them (real-panels §5.5: E12 finds "old deleted namesakes"
    # in a plain func=vds; E23's live panel lists item_status 4); a status filter narrows as it does for any status.
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
    nodes = [views.list_elem(row, ctx.switches, ctx.params.get('lang')) for row in rows]
    nodes.extend((Node('p_cnt', p_cnt), Node('p_elems', total), Node('p_num', p_num)))
    return nodes


def save_filter(itemtype, ctx):
    """TYPE.filter: with sok the given fields become this user's filter for the list, replacing the last one; no
    fields clear it (real-panels §5.2, E5). Without sok: the saved filter's fields."""
    if ctx.confirmed:
        store_filter(ctx, ctx.user['id'], itemtype, filters.requested(ctx))
        return [Node('ok')]
    return [Node(name, value) for name, value in current_filter(ctx, itemtype).items()]


def store_filter(ctx, user_id, itemtype, chosen):
    """Save a filter (also for sim.filter); its values are checked first, a bad one is a ``value`` error."""
    filters.conditions(chosen)
    ctx.conn.execute('INSERT OR REPLACE INTO saved_filter (user_id, func, params) VALUES (?, ?, ?)',
                     (user_id, itemtype, json.dumps(chosen)))


def register(registry):
    for itemtype in SERVICE_TYPES:
        registry[itemtype] = Function(functools.partial(service_list, itemtype))
        registry[itemtype + '.filter'] = Function(functools.partial(save_filter, itemtype))
