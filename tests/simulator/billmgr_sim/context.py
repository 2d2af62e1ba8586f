"""What a handler gets: the request, the caller, the database and the simulator's clock."""

import logging

from . import errors, numeric
from .seed import ADMIN_LEVEL

LOG = logging.getLogger('billmgr_sim')


class Context:
    def __init__(self, app, conn, params, func, client_ip, dragon):
        self.app = app
        self.conn = conn
        self.params = params
        self.func = func
        self.client_ip = client_ip
        self.dragon = dragon
        self.user = None
        self.control = False  # a sim.* control call: its logins are not counted
        self.after_commit = None  # work that cannot run inside the request's transaction (sim.reset)
        self.instead = None  # what a half session answers in place of the function's own answer (auth.resume_session)

    @property
    def clock(self):
        return self.app.clock

    @property
    def panel(self):
        """The panel generation of this run: 5 or 6 (``--panel``)."""
        return self.app.panel

    @property
    def switches(self):
        """The per-run rules (switches.RunSwitches)."""
        return self.app.switches

    @property
    def dragon_theme(self):
        """The Dragon interface: the ``ISP-Client: Web-interface`` header and ``theme=dragon`` (seed 003)."""
        return self.dragon and self.params.get('theme') == 'dragon'

    @property
    def is_admin(self):
        return self.user is not None and self.user['level'] >= ADMIN_LEVEL

    @property
    def account_id(self):
        return self.user['account_id'] if self.user is not None else None

    @property
    def confirmed(self):
        return self.params.get('sok') == 'ok'

    @property
    def skipbasket(self):
        return self.params.get('skipbasket') == 'on'

    def require(self, name):
        value = self.params.filled(name)
        if value is None:
            raise errors.missed(name)
        return value

    def int_param(self, name, required=True, default=None):
        value = self.params.filled(name)
        if value is None:
            if required:
                raise errors.missed(name)
            return default
        return numeric.int_value(name, value)

    def elid(self):
        return self.int_param('elid')

    def elids(self):
        """Group actions take ``elid=1, 2, 3``."""
        raw = self.require('elid')
        ids = [numeric.parse_int(part.strip()) for part in raw.split(',') if part.strip()]
        if not ids or None in ids:
            raise errors.invalid('elid', raw)
        return ids

    def require_admin(self):
        if not self.is_admin:
            raise errors.access(self.func)

    def note(self, message, *args):
        """Something worth knowing that is not an error, e.g. an ignored form field."""
        LOG.warning('func=%s user=%s: ' + message, self.func, self.user['name'] if self.user else '-', *args)
