"""The legacy license API (seed 004): software, software.filter, software.edit, software.licinfo, software.period."""

import xml.etree.ElementTree as ET

LEGACY = '/manager/billmgr'


def legacy(sim, **params):
    params = dict({'authinfo': 'alice:Ali-6b1d', 'out': 'xml'}, **params)
    status, body = sim.raw_request(params, path=LEGACY)
    assert status == 200
    return ET.fromstring(body)


def test_list(sim):
    root = legacy(sim, func='software')
    elem = root.find('elem')
    assert (elem.findtext('id'), elem.findtext('licname'), elem.findtext('price'), elem.findtext('period')) == \
        ('334673', 'LICNAME-OLD', 'ISPmanager Lite (without support)', '1 month')
    assert legacy(sim, func='software', authinfo='bob:Bob-8e4a').find('elem') is None


def test_filter_by_expiry_range(sim):
    expires = legacy(sim, func='software').find('elem').findtext('expiredate')
    assert legacy(sim, func='software.filter', expires=expires, expiree=expires, sok='ok').find('ok') is not None
    assert len(legacy(sim, func='software').findall('elem')) == 1
    legacy(sim, func='software.filter', expires='2009-10-15', expiree='2009-10-25', sok='ok')
    assert legacy(sim, func='software').findall('elem') == []
    legacy(sim, func='software.filter', sok='ok')
    assert len(legacy(sim, func='software').findall('elem')) == 1
    error = legacy(sim, func='software.filter', expires='15.10.2009', sok='ok').find('error')
    assert (error.get('type'), error.get('object'), error.get('code')) == ('value', 'expires', '4')


def test_create_charges_and_lists(sim):
    root = legacy(sim, func='software.edit', price=11, period=16, licname='pro', ip='198.51.100.50', sok='ok')
    assert root.find('ok') is not None and root.findtext('id')
    assert [elem.findtext('licname') for elem in legacy(sim, func='software').findall('elem')] == ['LICNAME-OLD', 'pro']
    assert sim.account('alice')['expenses'][-1]['amount'] == '600.00'


def test_create_errors_carry_a_code(sim):
    error = legacy(sim, func='software.edit', price=11, period=8, ip='198.51.100.50', sok='ok').find('error')
    assert (error.get('type'), error.get('object'), error.get('code')) == ('value', 'period', '4')
    error = legacy(sim, func='software.edit', price=7, period=8, sok='ok').find('error')
    assert (error.get('type'), error.get('object'), error.get('code')) == ('missed', 'ip', '3')
    error = legacy(sim, func='software', authinfo='alice:bad').find('error')
    assert (error.get('type'), error.get('code')) == ('auth', '1')


def test_change_ip_once_a_month(sim):
    assert legacy(sim, func='software.edit', elid=334673, ip='111.222.111.223', sok='ok').find('ok') is not None
    assert legacy(sim, func='software.edit', elid=334673, licname='again', sok='ok').find('ok') is not None
    error = legacy(sim, func='software.edit', elid=334673, ip='111.222.111.224', sok='ok').find('error')
    assert error.get('object') == 'ip'
    elem = legacy(sim, func='software').find('elem')
    assert (elem.findtext('ip'), elem.findtext('licname')) == ('111.222.111.223', 'again')


def test_licinfo_and_period(sim):
    assert legacy(sim, func='software.licinfo', price=7, period=8, ip='198.51.100.100', sok='ok').find('error').get('type') == 'exists'
    assert legacy(sim, func='software.licinfo', price=7, period=8, ip='111.222.111.101', sok='ok').find('ok') is not None
    before = legacy(sim, func='software').find('elem').findtext('expiredate')
    assert legacy(sim, func='software.period', elid=334673, period=16, sok='ok').find('error').get('object') == 'period'
    assert legacy(sim, func='software.period', elid=334673, period=9, sok='ok').find('ok') is not None
    after = legacy(sim, func='software').find('elem').findtext('expiredate')
    assert int(after[:4]) == int(before[:4]) + 100  # "life"
    assert legacy(sim, func='software.period', elid=334673, period=8, sok='ok', authinfo='bob:Bob-8e4a').find('error').get('type') == 'access'


def test_success_is_the_literal_ok_tag(sim):
    # Seed 004: "you will receive the XML-document with the <ok/> tag" (real captures write it so too).
    status, body = sim.raw_request({'func': 'software.filter', 'authinfo': 'alice:Ali-6b1d', 'sok': 'ok'})
    assert status == 200 and b'<ok/>' in body and b'<ok />' not in body
    status, body = sim.raw_request({'func': 'software.edit', 'authinfo': 'alice:Ali-6b1d', 'elid': 334673, 'licname': 'a />b', 'sok': 'ok'})
    assert b'<ok/>' in body and b'<licname>a /&gt;b</licname>' in body  # text is escaped as before
