"""out=xjson as BILLmanager 6 clients read it, and the order form opened the way they open it (E3: the captured SpaceCore
answers in reference/responses keep list, elem, slist and val arrays even when single; ``keyvalue=<tariff>_<dc>``)."""

import json

import pytest

from sim_helpers import error_of


def raw_json(sim, func, out, **params):
    status, body = sim.raw_request(dict(params, func=func, out=out, authinfo='alice:Ali-6b1d'))
    assert status == 200
    return json.loads(body)['doc']


def e3_form(sim, out, tariff=6, datacenter=1, **extra):
    """The form as E3's fetch_os_list opens it: no pricelist, the tariff and datacenter in keyvalue."""
    params = {'period_%d' % tariff: '1', 'datacenter': str(datacenter), 'fperiod': 'null', 'hide_fperiod': 'off',
              'hide_flabel': 'on', 'keyvalue': '%d_%d' % (tariff, datacenter), 'sfrom': 'ajax'}
    params.update(extra)
    return raw_json(sim, 'v2.vds.order.param', out, **params)


def test_a_form_opened_by_keyvalue_is_the_tariff_s_form(sim):
    doc = e3_form(sim, 'json')
    assert 'error' not in doc
    assert doc['pricelist']['$'] == '6' and doc['datacenter']['$'] == '1'
    assert doc['order_period']['$'] == '1'
    ostempls = next(s for s in doc['slist'] if s['$name'] == 'ostempl')
    assert [v['$key'] for v in ostempls['val']] == ['ISPsystem__CentOS-7-amd64', 'ISPsystem__Debian-12-amd64']


def test_keyvalue_of_another_type_s_tariff_is_refused(sim):
    doc = e3_form(sim, 'json', tariff=32)  # a dedicated tariff asked of the VPS form
    assert 'error' in doc and doc['error']['$object'] == 'pricelist'


def test_xjson_keeps_single_lists_elems_slists_and_vals_as_arrays(sim):
    doc = e3_form(sim, 'xjson')
    assert isinstance(doc['list'], list) and all(isinstance(part['elem'], list) for part in doc['list'])
    summary = next(part for part in doc['list'] if part['$name'] == 'pricelist_summary')
    assert summary['elem'][0]['cost']['price']['cost']['$']  # E3's path to a price
    assert isinstance(doc['slist'], list) and all(isinstance(part['val'], list) for part in doc['slist'])
    assert isinstance(doc['pricelist'], dict)  # a plain field stays an object (E3: "addon_16660": {"$": "398"})


@pytest.mark.parametrize('out, single_is_object', [('json', True), ('xjson', False)])
def test_one_element_lists_in_json_and_xjson(sim, out, single_is_object):
    doc = raw_json(sim, 'vds', out, filter='on', id='958')
    assert isinstance(doc['elem'], dict) is single_is_object


def test_a_bare_form_without_pricelist_or_keyvalue_is_still_unavailable(sim):
    assert error_of(sim.call('v2.vds.order.param', user='alice'))[0] == 'wizard_unavailable'
