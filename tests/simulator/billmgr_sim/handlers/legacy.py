"""The legacy license API of old BILLmanager (my.ispsystem.com, seed 004): software*.

Answers are <ok/> or <error/>; errors carry a numeric code as BILLmanager 4 did.
"""

import datetime
import json

from .. import billing, errors, numeric
from ..clock import add_months, parse_date
from ..document import Node
from . import Function, common

FILTER_FUNC = 'software'


def _license(ctx, license_id):
    row = ctx.conn.execute('SELECT * FROM legacy_license WHERE id = ?', (license_id,)).fetchone()
    if row is None:
        raise errors.not_found('elid', str(license_id))
    if not ctx.is_admin and row['account_id'] != ctx.account_id:
        raise errors.access('elid')
    return row


def _period(ctx, price_id, param='period'):
    raw = ctx.require(param)
    row = ctx.conn.execute('SELECT * FROM legacy_period WHERE id = ? AND price_id = ?', (numeric.parse_int(raw), price_id)).fetchone()
    if row is None:
        raise errors.invalid(param, raw)
    return row


def _price(ctx):
    raw = ctx.require('price')
    row = ctx.conn.execute('SELECT * FROM legacy_price WHERE id = ?', (numeric.parse_int(raw),)).fetchone()
    if row is None:
        raise errors.invalid('price', raw)
    return row


def _extend(start, period):
    return (start + datetime.timedelta(days=period['days']) if period['days'] else add_months(start, period['months'])).isoformat()


def _check_ip(ctx, price_id, ip, exclude_id=-1):
    ip = common.check_ip(ip)
    row = ctx.conn.execute('SELECT id FROM legacy_license WHERE price_id = ? AND ip = ? AND status != 4 AND id != ?',
                           (price_id, ip, exclude_id)).fetchone()
    if row is not None:
        raise errors.exists('ip', ip, 'A license for this product already exists for the IP address %s' % ip)
    return ip


def software(ctx):
    """The license list, narrowed by the filter software.filter saved (expires..expiree)."""
    where, args = ['l.status != 4'], []
    if not ctx.is_admin:
        where.append('l.account_id = ?')
        args.append(ctx.account_id)
    row = ctx.conn.execute('SELECT params FROM saved_filter WHERE user_id = ? AND func = ?', (ctx.user['id'], FILTER_FUNC)).fetchone()
    saved = json.loads(row['params']) if row else {}
    if saved.get('expires'):
        where.append('l.expiredate >= ?')
        args.append(saved['expires'])
    if saved.get('expiree'):
        where.append('l.expiredate <= ?')
        args.append(saved['expiree'])
    rows = ctx.conn.execute(
        'SELECT l.*, p.name AS price_name, pe.name AS period_name FROM legacy_license l JOIN legacy_price p ON p.id = l.price_id'
        ' JOIN legacy_period pe ON pe.id = l.period_id WHERE ' + ' AND '.join(where) + ' ORDER BY l.id', args).fetchall()
    nodes = []
    for lic in rows:
        elem = Node('elem', repeat=True)
        for name in ('id', 'licname', 'ip', 'price_name', 'period_name', 'createdate', 'expiredate', 'status'):
            elem.field({'price_name': 'price', 'period_name': 'period'}.get(name, name), lic[name])
        elem.field('price_id', lic['price_id'])
        nodes.append(elem)
    # A real list says how many it holds, an empty one too (E24 reads p_elems; real-panels-2 §12.3) [INF for this old
    # API: seed 004 shows no list answer]: one page, all of it.
    return nodes + [Node('p_elems', len(nodes))]


def software_filter(ctx):
    if not ctx.confirmed:
        row = ctx.conn.execute('SELECT params FROM saved_filter WHERE user_id = ? AND func = ?', (ctx.user['id'], FILTER_FUNC)).fetchone()
        return [Node(name, value) for name, value in (json.loads(row['params']) if row else {}).items()]
    saved = {}
    for name in ('expires', 'expiree'):
        value = ctx.params.filled(name)
        if value is not None:
            try:
                saved[name] = parse_date(value).isoformat()
            except ValueError as exc:
                raise errors.invalid(name, value) from exc
    ctx.conn.execute('INSERT OR REPLACE INTO saved_filter (user_id, func, params) VALUES (?, ?, ?)',
                     (ctx.user['id'], FILTER_FUNC, json.dumps(saved)))
    return [Node('ok')]


def software_edit(ctx):
    """Without elid: order a license (price + period ids); with elid: new licname and/or ip (ip once a month)."""
    if ctx.params.filled('elid') is None:
        return _create(ctx)
    lic = _license(ctx, ctx.elid())
    if not ctx.confirmed:
        return [Node('elid', lic['id']), Node('licname', lic['licname']), Node('ip', lic['ip']),
                Node('price', lic['price_id']), Node('period', lic['period_id']), Node('expiredate', lic['expiredate'])]
    updates = {}
    if ctx.params.has('licname'):
        updates['licname'] = ctx.params.filled('licname')
    ip = ctx.params.filled('ip')
    if ip is not None and common.check_ip(ip) != lic['ip']:
        updates['ip'] = _check_ip(ctx, lic['price_id'], ip, lic['id'])
        if lic['ipchange_month'] == ctx.clock.month():
            raise errors.ApiError('value', 'ip', 'The IP address can be changed only once a month', value=ip)
        updates['ipchange_month'] = ctx.clock.month()
    if updates:
        ctx.conn.execute('UPDATE legacy_license SET %s WHERE id = ?' % ', '.join('%s = ?' % name for name in updates),
                         list(updates.values()) + [lic['id']])
    return [Node('ok')]


def _create(ctx):
    price = _price(ctx)
    period = _period(ctx, price['id'])
    ip = _check_ip(ctx, price['id'], ctx.require('ip'))
    if not ctx.confirmed:
        return [Node('price', price['id']), Node('period', period['id']), Node('ip', ip), Node('cost', '%.2f' % (period['cost'] / 100))]
    if ctx.is_admin:
        raise errors.missed('su')
    today = ctx.clock.today()
    license_id = ctx.conn.execute(
        'INSERT INTO legacy_license (account_id, price_id, period_id, licname, ip, createdate, expiredate, status) VALUES (?, ?, ?, ?, ?, ?, ?, 2)',
        (ctx.account_id, price['id'], period['id'], ctx.params.filled('licname'), ip, today.isoformat(), _extend(today, period))).lastrowid
    billing.charge(ctx.conn, ctx.clock, ctx.account_id, period['cost'], '%s, %s' % (price['name'], period['name']))
    return [Node('ok'), Node('id', license_id)]  # [INF] the new id next to <ok/>


def software_licinfo(ctx):
    """Can a license of this price/period be issued for this IP?"""
    price = _price(ctx)
    _period(ctx, price['id'])
    _check_ip(ctx, price['id'], ctx.require('ip'))
    return [Node('ok')]


def software_period(ctx):
    """Renew: the period id must belong to the license's price (8 renews Lite for a month, 16 Pro)."""
    lic = _license(ctx, ctx.elid())
    period = _period(ctx, lic['price_id'])
    if not ctx.confirmed:
        return [Node('elid', lic['id']), Node('expiredate', lic['expiredate']),
                Node('newexpiredate', _extend(parse_date(lic['expiredate']), period))]
    billing.charge(ctx.conn, ctx.clock, lic['account_id'], period['cost'], 'Renewal of license #%d' % lic['id'])
    ctx.conn.execute('UPDATE legacy_license SET expiredate = ?, period_id = ? WHERE id = ?',
                     (_extend(parse_date(lic['expiredate']), period), period['id'], lic['id']))
    return [Node('ok')]


def register(registry):
    for name, handler in (('software', software), ('software.filter', software_filter), ('software.edit', software_edit),
                          ('software.licinfo', software_licinfo), ('software.period', software_period)):
        registry[name] = Function(handler, legacy=True)
