"""The functions the simulator answers, by ``func`` name."""

# ``instances``: BILLmanager 6 cloud servers (real-panels-2 §4.2, E22 InstanceItem; E29 installs per-hoster list functions
# such as ``instances``), the one type whose list shows a power state; [INF] offered on both panels.
SERVICE_TYPES = ('vhost', 'vds', 'dedic', 'soft', 'platform', 'instances')
ORDERABLE_TYPES = ('vhost', 'vds', 'dedic', 'platform', 'instances')


class Function:
    """A function: its handler and who may call it.

    public: no authentication (func=auth); admin: admin only; legacy: BILLmanager 4 style
    errors (with a code); control: the simulator's own test-control functions (sim.*),
    which are neither counted nor hit by faults.
    """

    def __init__(self, handler, public=False, admin=False, legacy=False, control=False, available=None):
        self.handler = handler
        # available(ctx) -> bool: whether this panel has the function at all (the new cart is BILLmanager 6's).
        self._available = available
        self.public = public
        self.admin = admin
        self.legacy = legacy
        self.control = control

    def available(self, ctx):
        return self._available is None or self._available(ctx)


def build_registry():
    # Imported here: each module registers its functions and the modules import this one.
    # pylint: disable-next=import-outside-toplevel
    from . import (accounts, addresses, balance, basket, cart, catalog_export, control, legacy, licenses, lists, order_catalog, orders, payments,
                   power, prolong, services, session, statdaily, suspension, tariff)
    registry = {}
    for module in (session, accounts, balance, lists, orders, order_catalog, services, power, addresses, prolong, licenses, legacy, basket, cart,
                   payments, catalog_export, statdaily, control, tariff, suspension):
        module.register(registry)
    return registry
