"""The simulator's own test-control functions (admin only, never counted, never faulted).

sim.fault, sim.counters, sim.counters.reset, sim.clock, sim.account, sim.processing, sim.filter, sim.sessions, sim.reset.
"""

from .. import auth, billing, catalog, db, errors, faults, filters, numeric
from ..document import Node
from . import SERVICE_TYPES, Function
from .balance import MONEY_FILTERS, store_money_filter
from .lists import store_filter

CONTROL_PARAMS = ('name', 'itemtype')

MAX_SLOW_SECONDS = 86400
MAX_PROCESSING_SECONDS = 86400
# The delay the simulator was started with (--processing-delay), kept on the application the first time
# sim.processing changes it, so that sim.reset can put it back.
STARTED_DELAY = 'processing_delay_at_start'


def fault(ctx):
    """``target=FUNC&kind=KIND&count=N`` arms a fault; ``kind=clear`` disarms (those of ``target``, or all)."""
    registry = ctx.app.faults
    kind = ctx.require('kind')
    if kind == 'clear':
        registry.clear(ctx.params.filled('target'))
    else:
        try:
            target, kind, count = faults.validate(ctx.require('target'), kind, ctx.params.filled('count') or '1')
        except faults.FaultSpecError as exc:
            raise errors.ApiError('value', 'kind', str(exc), value=kind) from exc
        seconds = ctx.params.filled('seconds')
        if seconds is not None:
            registry.slow_seconds = slow_seconds(seconds)
        registry.add(target, kind, count)
    nodes = [Node('ok')]
    for target, kind, remaining in registry.armed():
        nodes.append(Node('fault', remaining, {'target': target, 'kind': kind}, repeat=True))
    return nodes


def slow_seconds(raw):
    """How long the ``slow`` fault sleeps: time.sleep takes neither NaN nor a negative or enormous time."""
    seconds = numeric.float_value('seconds', raw)
    if not 0 <= seconds <= MAX_SLOW_SECONDS:
        raise errors.invalid('seconds', raw)
    return seconds


def counters(ctx):
    snapshot = ctx.app.counters.snapshot()
    nodes = [Node(name, snapshot[name]) for name in ('requests', 'connections', 'tls_handshakes', 'elems', 'logins')]
    for key, node_name in (('func', 'func'), ('confirmed', 'confirmed_func'), ('user', 'user'), ('auth_failures', 'auth_failure'),
                           ('elems_by_func', 'elem_func'), ('faults_hit', 'fault_hit'), ('logins_by_user', 'login')):
        for name, count in sorted(snapshot[key].items()):
            nodes.append(Node(node_name, count, {'name': name}, repeat=True))
    return nodes


def counters_reset(ctx):
    ctx.app.counters.reset()
    return [Node('ok')]


def clock(ctx):
    """``advance=SECONDS`` moves the clock of sessions, processing and expiry (kept in the database)."""
    advance = ctx.params.filled('advance')
    if advance is not None:
        try:
            offset = ctx.app.clock.advance(numeric.float_value('advance', advance))
        except ValueError as exc:
            raise errors.invalid('advance', advance) from exc
        db.set_meta(ctx.conn, 'clock_offset', offset)
    return [Node('now', '%.3f' % ctx.app.clock.now()), Node('today', ctx.app.clock.today_iso()),
            Node('offset', '%.3f' % ctx.app.clock.offset)]


def account(ctx):
    """``name=alice`` -> balance, credit limit and expenses; ``balance=RUB`` and ``creditlimit=RUB`` set them first."""
    name = ctx.require('name')
    row = ctx.conn.execute('SELECT * FROM account WHERE name = ?', (name,)).fetchone()
    if row is None:
        raise errors.invalid('name', name)
    new_balance = ctx.params.filled('balance')
    if new_balance is not None:
        kopecks = round(numeric.float_value('balance', new_balance) * 100)
        if abs(kopecks) > numeric.INT64_MAX:
            raise errors.invalid('balance', new_balance)
        ctx.conn.execute('UPDATE account SET balance = ? WHERE id = ?', (kopecks, row['id']))
    new_limit = ctx.params.filled('creditlimit')
    if new_limit is not None:
        kopecks = round(numeric.float_value('creditlimit', new_limit) * 100)
        if not 0 <= kopecks <= numeric.INT64_MAX:
            raise errors.invalid('creditlimit', new_limit)
        ctx.conn.execute('UPDATE account SET creditlimit = ? WHERE id = ?', (kopecks, row['id']))
    limit = ctx.conn.execute('SELECT creditlimit FROM account WHERE id = ?', (row['id'],)).fetchone()['creditlimit']
    nodes = [Node('name', name), Node('balance', catalog.money(billing.balance(ctx.conn, row['id']))),
             Node('creditlimit', catalog.money(limit))]
    for expense in ctx.conn.execute('SELECT * FROM expense WHERE account_id = ? ORDER BY id', (row['id'],)):
        elem = Node('expense', repeat=True)
        elem.field('id', expense['id']).field('date', expense['date']).field('amount', catalog.money(expense['amount']))
        elem.field('service', expense['service_id']).field('description', expense['description'])
        nodes.append(elem)
    return nodes


def processing(ctx):
    """``delay=SECONDS`` sets how long a service ordered from now on stays in processing; without it, only reads it.

    Services already in processing keep the time they were given.
    """
    delay = ctx.params.filled('delay')
    if delay is not None:
        seconds = numeric.float_value('delay', delay)
        if not 0 <= seconds <= MAX_PROCESSING_SECONDS:
            raise errors.invalid('delay', delay)
        ctx.app.__dict__.setdefault(STARTED_DELAY, ctx.app.processing_delay)
        ctx.app.processing_delay = seconds
    return [Node('delay', '%.3f' % ctx.app.processing_delay)]


def saved_filter(ctx):
    """``name=USER&itemtype=vds&FIELD=...`` saves that user's filter as ``TYPE.filter&sok=ok`` would (real-panels
    §5.2, E5; no fields clear it); a field the run's filters do not have is a ``value`` error here (a test's mistake)."""
    name = ctx.require('name')
    user = auth.user_by_name(ctx.conn, name)
    if user is None:
        raise errors.invalid('name', name)
    itemtype = ctx.require('itemtype')
    if itemtype in MONEY_FILTERS:
        return money_filter_control(ctx, user, itemtype)
    if itemtype not in SERVICE_TYPES:
        raise errors.invalid('itemtype', itemtype)
    chosen = {}
    for field in ctx.params.names():
        if field in filters.NOT_FIELDS or field in CONTROL_PARAMS:
            continue
        if field not in filters.FIELD_NAMES:
            raise errors.invalid(field, ctx.params.get(field))
        if ctx.params.filled(field) is not None:
            chosen[field] = ctx.params.filled(field)
    store_filter(ctx, user['id'], itemtype, chosen)
    return [Node('ok')] + [Node('field', value, {'name': field}, repeat=True) for field, value in chosen.items()]


def money_filter_control(ctx, user, func):
    """sim.filter for the ``expense`` and ``payment`` lists (handlers/balance.py)."""
    chosen = {}
    for field in ctx.params.names():
        if field in filters.NOT_FIELDS or field in CONTROL_PARAMS:
            continue
        if field not in MONEY_FILTERS[func]:
            raise errors.invalid(field, ctx.params.get(field))
        if ctx.params.filled(field) is not None:
            chosen[field] = ctx.params.filled(field)
    store_money_filter(ctx, user['id'], func, chosen)
    return [Node('ok')] + [Node('field', value, {'name': field}, repeat=True) for field, value in chosen.items()]


def sessions(ctx):
    """``expire=all`` ends every session now, as an idle hour would (real-panels §1.4); answers how many there were."""
    expire = ctx.params.filled('expire')
    count = ctx.conn.execute('SELECT COUNT(*) FROM session').fetchone()[0]
    if expire is not None:
        if expire != 'all':
            raise errors.invalid('expire', expire)
        ctx.conn.execute('DELETE FROM session')
    return [Node('sessions', count)]


def reset(ctx):
    """Back to the freshly seeded demo: database, clock, faults, counters and the processing delay it was started with."""
    app = ctx.app

    def reseed():
        app.reseed()
        app.faults.clear()
        app.counters.reset()
        app.processing_delay = app.__dict__.pop(STARTED_DELAY, app.processing_delay)
    ctx.after_commit = reseed
    return [Node('ok')]


def register(registry):
    for name, handler in (('sim.fault', fault), ('sim.counters', counters), ('sim.counters.reset', counters_reset),
                          ('sim.clock', clock), ('sim.account', account), ('sim.processing', processing), ('sim.filter', saved_filter),
                          ('sim.sessions', sessions), ('sim.reset', reset)):
        registry[name] = Function(handler, admin=True, control=True)
