"""Which fields a list filter has and what each selects (``filter=on&FIELD=...`` and ``TYPE.filter``).

Real filter forms (real-panels §5.3, E5 ``dedic.filter``/``dnshost.filter``) have ``id``, ``pricelist``,
``period``, ``status``, ``datacenter``, dates and costs, but no ``remoteid``, ``domain`` or ``ip``: those are ignored
like any unknown field, so a client has to list and match them itself.
"""

import datetime

from . import errors, numeric

# field -> SQL; the value is an integer (vendor seeds 001/003: id, status, pricelist; E5: period, datacenter).
NUMERIC = {'id': 's.id = ?', 'status': 's.status = ?', 'pricelist': 's.tariff_id = ?', 'datacenter': 's.datacenter_id = ?',
           'period': 's.period = ?'}
# E5's date fields, YYYY-MM-DD [INF: opendate/expiredate select that day, orderdatefrom/to bound the creation date].
DATES = {'opendate': 's.createdate = ?', 'expiredate': 'substr(s.expiredate, 1, 10) = ?',
         'orderdatefrom': 's.createdate >= ?', 'orderdateto': 's.createdate <= ?'}
# E5's cost_from/cost_to, in RUB [INF: compared with the rate per base period, the list's cost text without the period].
COSTS = {'cost_from': 's.monthly >= ?', 'cost_to': 's.monthly <= ?'}
# The account: the client's whole name as its Name field shows it, nothing else (seeds 001/003: "the query will not work
# correctly" otherwise); an id or part of a name matches nothing.
ACCOUNT = 'a.name = ?'
FIELD_NAMES = tuple(NUMERIC) + tuple(DATES) + tuple(COSTS) + ('account',)

# Request parameters that are not filter fields, so a request carrying them is not noted as sending unknown fields.
NOT_FIELDS = ('func', 'out', 'authinfo', 'auth', 'filter', 'p_num', 'p_cnt', 'p_col', 'lang', 'sok', 'su', 'theme', 'sfrom',
              'clicked_button', 'elid', 'clearfilter')


def requested(ctx):
    """The filter fields of this request that the panel knows; any other field is ignored and noted."""
    chosen = {}
    for name in ctx.params.names():
        value = ctx.params.filled(name)
        if name in FIELD_NAMES and value is not None:
            chosen[name] = value
        elif name not in NOT_FIELDS and name not in FIELD_NAMES:
            ctx.note('ignored filter field %s: the filter has no such field', name)
    return chosen


def conditions(filters):
    """(SQL conditions, arguments) of a filter; a bad value is a ``value`` error naming the field."""
    where, args = [], []
    for name, value in filters.items():
        if name in NUMERIC:
            where.append(NUMERIC[name])
            args.append(numeric.int_value(name, value))
        elif name in DATES:
            where.append(DATES[name])
            args.append(iso_date(name, value))
        elif name in COSTS:
            where.append(COSTS[name])
            args.append(round(numeric.float_value(name, value) * 100))
        elif name == 'account':
            where.append(ACCOUNT)
            args.append(value)
    return where, args


def iso_date(name, value):
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise errors.invalid(name, value) from exc
