"""Per-run switches: rules a run may turn on to answer as some real panels do (CLI flag, Application
argument, ``start_simulator`` keyword). Every switch is off by default. Real filter forms (no ``remoteid``, ``domain``,
``ip`` field: real-panels §5.3, E5) are not a switch: every run has them."""

import dataclasses
import ipaddress

from . import totp

# [INF: strict] The longest --renewal-window: a hundred years; more is no window, and takes an expiry date out of range.
MAX_RENEWAL_WINDOW = 36500


@dataclasses.dataclass(frozen=True)
class RunSwitches:
    # --multi-ip: some seeded services have an IPv4 and an IPv6 address in ``ip`` (real-panels §5.8, E12).
    multi_ip: bool = False
    # --timed-daily: a daily service's expiry has a time of day (real-panels §6.2, E2).
    timed_daily: bool = False
    # --item-real-status: some rows (views.list_elem) leave out status and item_status, the code left in
    # item_real_status (real-panels-2 §9.4, E23: "item_status is sometimes omitted").
    item_real_status: bool = False
    # --renewal-window DAYS: renewal only within DAYS of the expiry (real-panels §10.2, E5; the rule's guesses are tagged
    # in handlers/prolong.py).
    renewal_window: int = None
    # --authinfo-allow CIDR: per-request authinfo only from these networks (real-panels §1.3, E5).
    authinfo_allow: tuple = ()
    # --totp-user NAME[=BASE32SECRET]: users with two-factor authentication (real-panels §1.5, real-panels-2 §12.3; E5,
    # E24), each with the secret of its authenticator (NAME alone: totp.derived_secret(NAME)). Kept as (name, secret).
    totp_users: tuple = ()
    # --close-at-period-end: a deletion waits for the end of the paid period, the list showing scheduledclose=on
    # (real-panels-2 §13, E22); off, it starts at once and passes through 5_close.
    close_at_period_end: bool = False
    # --ignore-admin-fields: a client's admin-only edit fields are ignored, not refused (real-panels §9.2, E5).
    ignore_admin_fields: bool = False
    # --edit-without-price: TYPE.edit without sok shows no price (orderinfo) for an add-on change (real-panels §4.4, E5
    # reads it there; the harder case, tagged in handlers/services.py).
    edit_without_price: bool = False
    # --summary-without-total: order forms show the price only in parts (pricelist_summary: base cost, add-ons, a one-time
    # setup fee), without total_summary and orderinfo, as E3's captured SpaceCore summary shows it [INF: the harder case;
    # E1 names a total_summary list, E5 reads orderinfo].
    summary_without_total: bool = False
    # --autoprolong-without-price TARIFF: the edit form's auto-renewal choices of services of these tariffs name the
    # period alone, without the price real panels show there (real-panels-2 §2.7, E22: "5.00 EUR per month") [INF: the
    # harder case, a panel or tariff that shows no price anywhere before the renewal]. Kept as tariff ids.
    autoprolong_without_price: tuple = ()
    # --captcha-from CIDR, --captcha-user NAME: password logins from these networks or of these users need a reCAPTCHA
    # answer, which no script has (real-panels §1.6: E5 sends g-recaptcha-response with func=auth, E12 meets
    # captcha_verification_failed from data-centre addresses).
    captcha_from: tuple = ()
    captcha_users: tuple = ()

    def __post_init__(self):
        # Networks are parsed once here so a bad CIDR stops the start, not a request.
        for name in ('authinfo_allow', 'captcha_from'):
            object.__setattr__(self, name, tuple(parse_network(net) for net in getattr(self, name)))
        object.__setattr__(self, 'totp_users', tuple(parse_totp_user(user) for user in self.totp_users))
        object.__setattr__(self, 'captcha_users', tuple(self.captcha_users))
        object.__setattr__(self, 'autoprolong_without_price', tuple(int(tariff) for tariff in self.autoprolong_without_price))
        if self.renewal_window is not None and not 0 <= int(self.renewal_window) <= MAX_RENEWAL_WINDOW:
            raise ValueError('renewal_window must be 0 to %d days' % MAX_RENEWAL_WINDOW)

    def authinfo_allowed(self, address):
        """Whether per-request authinfo may come from ``address`` (no list: from anywhere)."""
        return not self.authinfo_allow or _in_networks(address, self.authinfo_allow)

    def totp_secret(self, name):
        """The two-factor secret of user ``name``, None for a user without two-factor authentication."""
        return next((secret for user, secret in self.totp_users if user == name), None)

    def captcha_required(self, address, name):
        """Whether a password login of user ``name`` from ``address`` is asked for a captcha."""
        return name in self.captcha_users or _in_networks(address, self.captcha_from)


def parse_totp_user(user):
    """``(name, secret)`` of ``NAME`` or ``NAME=BASE32SECRET`` (or of a pair); ValueError for a secret that is no base32."""
    if isinstance(user, (tuple, list)):
        name, secret = user
    else:
        name, sep, secret = str(user).partition('=')
        secret = secret if sep else None
    if not name:
        raise ValueError('%r names no user' % (user,))
    secret = (secret or '').strip() or totp.derived_secret(name)
    totp.key_of(secret)
    return name, secret.upper()


def parse_network(text):
    """A CIDR (host bits allowed, ``127.0.0.1/8``) or one address; ValueError naming it when it is neither."""
    return ipaddress.ip_network(text, strict=False)


def _in_networks(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


SWITCH_NAMES = tuple(field.name for field in dataclasses.fields(RunSwitches))
