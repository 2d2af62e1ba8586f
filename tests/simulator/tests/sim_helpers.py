"""Small readers of out=json answers for the tests."""

from billmgr_sim.testing import as_list, listed


def error_of(answer):
    """(type, object) of an error answer, or None."""
    error = answer['doc'].get('error')
    return (error['$type'], error['$object']) if error else None


def elems(answer):
    return as_list(answer['doc'].get('elem'))


def ids(answer):
    return [int(elem['id']['$']) for elem in elems(answer)]


def statuses(answer):
    """{id: status code} of a list answer: plain lists show deleted services too, as status 4 (real-panels §5.5, E12)."""
    return dict((int(elem['id']['$']), int(elem['status']['$'])) for elem in elems(answer))


def matching_ids(sim, itemtype, user='alice', **identity):
    """Ids of the services a client finds by remoteid, domain or ip: real filter forms have no such field (real-panels
    §5.3, E5), so the whole list comes back and is matched here, as real clients do (E1, E2, E12)."""
    return [int(row['id']) for row in listed(sim, itemtype, user=user, **identity)]


def value(answer, name):
    node = answer['doc'].get(name)
    return node.get('$') if isinstance(node, dict) else None


def service_count(sim):
    return sum(int(sim.call(itemtype, filter='on', status=status)['doc']['p_elems']['$'])
               for itemtype in ('vds', 'dedic', 'vhost', 'soft', 'platform') for status in (1, 2, 3, 4, 5))


def itemtype_of(func):
    """vds of v2.vds.order.param and of vds.order.param."""
    parts = func.split('.')
    return parts[1] if parts[0] == 'v2' else parts[0]


def newest_id(sim, itemtype, user='alice'):
    """The freshest service in the caller's list: how E12 finds what it ordered (panel 5 does not say)."""
    return max(ids(sim.call(itemtype, user=user)))


def order_now(sim, func, user='alice', **params):
    """Order with skipbasket=on and return the new service's id: the answer's ``item.id`` (panel 6, E1) or ``id``
    (licences, E7), else the freshest of the caller's list (panel 5, E12)."""
    doc = sim.call(func, user=user, skipbasket='on', sok='ok', **params)['doc']
    assert 'error' not in doc, doc
    for name in ('item.id', 'id'):
        if name in doc:
            return int(doc[name]['$'])
    return newest_id(sim, itemtype_of(func), user)
