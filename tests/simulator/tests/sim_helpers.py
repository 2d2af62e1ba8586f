"""Small readers of out=json answers for the tests."""

from billmgr_sim.testing import as_list


def error_of(answer):
    """(type, object) of an error answer, or None."""
    error = answer['doc'].get('error')
    return (error['$type'], error['$object']) if error else None


def elems(answer):
    return as_list(answer['doc'].get('elem'))


def ids(answer):
    return [int(elem['id']['$']) for elem in elems(answer)]


def value(answer, name):
    node = answer['doc'].get(name)
    return node.get('$') if isinstance(node, dict) else None


def service_count(sim):
    return sum(int(sim.call(itemtype, filter='on', status=status)['doc']['p_elems']['$'])
               for itemtype in ('vds', 'dedic', 'vhost', 'soft', 'platform') for status in (1, 2, 3, 4, 5))
