"""How services look in answers: list rows (elem) and edit forms."""

import datetime

from . import catalog
from .document import Node

ITEM_STATUS_NAMES = {1: 'Ordered', 2: 'Active', 3: 'Suspended', 4: 'Deleted', 5: 'Processing'}
# Compound codes: E5's stopped VM, the reboot codes (handlers/power.py: "in progress", real-panels-2 §4.3) and E22's
# deletion in progress; [INF] the texts "Stopped" and "Reboot in progress".
COMPOUND_STATUS_NAMES = {'2_2_16': 'Stopped', '2_reboot': 'Reboot in progress', '2_hardreboot': 'Reboot in progress',
                         '5_close': 'Deletion in progress'}  # real-panels-2 §13
# Lists that show a machine's power state: BILLmanager 6 cloud ``instances`` only (real-panels-2 §4.2: E22 InstanceItem
# reads 2_2_16 there; E15, E23: classic VPS and dedicated lists carry none). A classic server the simulator keeps
# stopped is listed as active, as a real list shows it.
POWER_STATE_TYPES = ('instances',)
POWER_CODES = ('2_2_16', '2_reboot', '2_hardreboot')

SERVICE_SELECT = (
    'SELECT s.*, t.name AS tariff_name, a.name AS account_name, d.name AS datacenter_name FROM service s'
    ' JOIN tariff t ON t.id = s.tariff_id JOIN account a ON a.id = s.account_id'
    ' LEFT JOIN datacenter d ON d.id = s.datacenter_id')


# Who suspended a service, in words. The codes, the same on both panels: 3_employeesuspend, 3_autosuspend,
# 3_abusesuspend (real-panels-2 §5.2, E22 ServerState; api-facts) and the owner's 3_usersuspend (handlers/suspension.py).
# A VPS the panel suspended at an unpaid expiry keeps 3_autosuspend on BILLmanager 6 too: 2_2_16 is a cloud instance's
# power state, not a suspension (real-panels-2 §4.2, E22). [INF] the texts.
SUSPENSION_TEXTS = {'3_usersuspend': 'Suspended by the client', '3_employeesuspend': 'Suspended by staff',
                    '3_abusesuspend': 'Suspended for abuse', '3_autosuspend': 'Suspended: not renewed'}


def item_status(row):
    orig = row['status_orig']
    if orig in POWER_CODES and row['itemtype'] not in POWER_STATE_TYPES:
        orig = str(row['status'])
    text = COMPOUND_STATUS_NAMES.get(orig) or SUSPENSION_TEXTS.get(orig)
    return Node('item_status', text or ITEM_STATUS_NAMES.get(row['status'], str(row['status'])), {'orig': orig})


def expiry_fields(row, timed_daily):
    """(expiredate, real_expiredate, i_expiretime). With --timed-daily a daily service (period -50) expires at a time
    of day: "YYYY-MM-DD HH:MM", the date and "HH:MM" (real-panels §6.2, E2's vds.edit fields). [INF] the time is the
    moment it was ordered (kept as its processing start), and expiry is still settled by the day."""
    if not (timed_daily and row['period'] == catalog.DAILY and row['expiredate']):
        return row['expiredate'], row['expiredate'], None
    ordered = datetime.datetime.fromtimestamp(row['processing_until']).strftime('%H:%M')
    return '%s %s' % (row['expiredate'], ordered), row['expiredate'], ordered


# The list column autoprolong is the label of the period auto-renewal is for (real-panels-2 §9.3: E23's live fixture
# "Month"; E30's Russian panel words the month «Месяц» in the cost column), and empty when auto-renewal is off (E5 shows
# the icon when autoprolong.$ is truthy). [INF] every other label, English or Russian.
AUTOPROLONG_LABELS = {
    'en': catalog.COST_PERIOD_NAMES,
    'ru': {catalog.DAILY: 'День', 1: 'Месяц', 3: '3 месяца', 6: 'Полгода', 12: 'Год', 24: '2 года', 36: '3 года'},
}


def autoprolong_column(months, lang):
    """The list's autoprolong: the label (lang=ru in Russian, else English), '' when off."""
    if months is None:
        return ''
    labels = AUTOPROLONG_LABELS.get(lang) or AUTOPROLONG_LABELS['en']
    return labels.get(months) or AUTOPROLONG_LABELS['en'].get(months) or '%d months' % months


def list_elem(row, switches=None, lang=None):
    """One row of a service list (vds, dedic, vhost, soft, platform)."""
    timed_daily = bool(switches and switches.timed_daily)
    real_status_only = bool(switches and switches.item_real_status) and row['id'] % 2 == 1
    expiredate, real_expiredate, expiretime = expiry_fields(row, timed_daily)
    soft = row['itemtype'] == 'soft'
    pairs = (
        ('id', row['id']),
        ('name', row['licname'] if soft else row['domain']),
        ('licname' if soft else 'domain', row['licname'] if soft else row['domain']),
        ('ip', row['ip']),
        ('ostempl', row['ostempl']),
        ('recipe', row['recipe']),
        ('pricelist', row['tariff_name']),  # the tariff's name, no id column (real-panels §5.6, E18)
        ('period', row['period']),
        ('account', row['account_name']),
        ('datacentername', row['datacenter_name']),
        ('createdate', row['createdate']),
        ('expiredate', expiredate),
        ('real_expiredate', real_expiredate),
        ('i_expiretime', expiretime),
        ('autoprolong', autoprolong_column(row['autoprolong'], lang)),
        ('status', None if real_status_only else row['status']),
        # E23: a row without item_status keeps the code in item_real_status (--item-real-status) [INF: which rows].
        ('item_real_status', row['status_orig'] if real_status_only else None),
        ('cost', catalog.cost_text(row['monthly'], row['period'])),
        ('remoteid', row['remoteid']),  # a column of real lists, how resellers find their orders (real-panels §3.6: E1, E2)
    )
    fields = [(name, str(value)) for name, value in pairs if value is not None]
    if row['scheduledclose']:
        # E22: a deletion scheduled for the end of the paid period; scheduledclose_prop carries the day it starts (the
        # guess is tagged where the rule is: lifecycle.settle).
        fields.extend((('scheduledclose', 'on'), ('scheduledclose_prop', row['scheduledclose'])))
    if soft:
        fields.append(('real_ipchange', row['ipchange_month'] or ''))
        fields.append(('real_keychange', row['keychange_date'] or ''))
    return Node('elem', children=[] if real_status_only else [item_status(row)], repeat=True, fields=fields)


def addon_values(conn, service_id):
    return {row['addon_id']: row['value'] for row in conn.execute(
        'SELECT addon_id, value FROM service_addon WHERE service_id = ? ORDER BY addon_id', (service_id,))}


def autoprolong_slist(row, tariff_row, priced=True):
    """The edit form's auto-renewal choices, each with what one renewal of the service for that period costs (add-ons
    included): "650.00 RUB per month", and the key null "Disabled" (real-panels-2 §2.7: E22 reads the amount, the currency
    code and the period's words from the label, and shows null as "Disabled"). Unpriced (--autoprolong-without-price):
    the period's words alone [INF: the harder case, a panel that shows no price there]."""
    renewals = []
    for period in catalog.periods(tariff_row):
        if catalog.renewable(period):
            words = catalog.renewal_words(period)
            label = '%s RUB %s' % (catalog.money(catalog.period_cost(row['monthly'], period)), words) if priced else words
            renewals.append((period, label))
    return slist('autoprolong', [('null', 'Disabled')] + renewals)


def edit_form(conn, row, unpriced_tariffs=()):
    """The answer of TYPE.edit without sok: current values by id (never the user password); ``unpriced_tariffs``: the
    tariffs whose auto-renewal choices show no price (--autoprolong-without-price)."""
    tariff_row = catalog.tariff(conn, row['tariff_id'])
    nodes = [Node('elid', row['id'])]
    pairs = [
        ('domain', row['domain']), ('ip', row['ip']), ('pricelist', row['tariff_id']), ('pricelist_name', tariff_row['name']),
        ('datacenter', row['datacenter_id']), ('period', row['period']), ('autoprolong', row['autoprolong']),
        ('ostempl', row['ostempl']), ('recipe', row['recipe']), ('remoteid', row['remoteid']), ('serverid', row['serverid']),
        ('username', row['username']),
    ]
    if row['itemtype'] == 'soft':
        pairs.extend((('licname', row['licname']), ('lickey', row['lickey'] or ''),
                      ('real_ipchange', row['ipchange_month'] or ''), ('real_keychange', row['keychange_date'] or '')))
    nodes.extend(Node(name, value) for name, value in pairs if value is not None)
    for addon_id, value in addon_values(conn, row['id']).items():
        nodes.append(Node('addon_%d' % addon_id, value))
    nodes.extend((Node('createdate', row['createdate']), Node('expiredate', row['expiredate']),
                  Node('status', row['status']), item_status(row), Node('cost', catalog.cost_text(row['monthly'], row['period']))))
    nodes.append(autoprolong_slist(row, tariff_row, priced=tariff_row['id'] not in unpriced_tariffs))
    return nodes


def slist(name, pairs):
    node = Node('slist', attrs={'name': name}, repeat=True)
    for key, text in pairs:
        node.add('val', text, {'key': str(key)}, repeat=True)
    return node
