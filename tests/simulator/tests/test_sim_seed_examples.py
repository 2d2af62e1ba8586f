"""Every example call of the vendor's pages runs against the simulator as written.

Only placeholders change: the page's host becomes the simulator, `username:password`-style
credentials become seeded users (alice, or admin for `admin:password`), `<name>` becomes
alice, and examples without credentials get alice's authinfo appended.
"""

import json
import os
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from billmgr_sim.testing import as_list

import sim_seed_examples as seed_examples

EXAMPLES = seed_examples.load()


def example_id(example):
    return '%s-%s-%s' % (example['seed'][:3], example['kind'], EXAMPLES.index(example))


def parse_answer(body, out):
    """(has error, has ok, number of elems) of an XML or JSON answer."""
    if out in ('json', 'sjson'):
        doc = json.loads(body)['doc']
        elems = doc.get('elem', [])
        return 'error' in doc, 'ok' in doc, len(elems) if isinstance(elems, list) else 1
    root = ET.fromstring(body)
    return root.find('error') is not None, root.find('ok') is not None, len(root.findall('elem'))


# Skipped only when BILLMGR_SEEDS_DIR is unset: then there are no pages to compare with, and the
# other tests run on the stored copy alone. Once the variable is set, the comparison must run, so
# a wrong or unreadable path fails here instead of passing unnoticed.
@pytest.mark.skipif(seed_examples.SEEDS_DIR is None,
                    reason='BILLMGR_SEEDS_DIR is unset: sim_seed_examples.json was not compared with the vendor pages')
def test_stored_examples_match_the_pages():
    assert os.path.isdir(seed_examples.SEEDS_DIR), 'BILLMGR_SEEDS_DIR=%s is not a directory' % seed_examples.SEEDS_DIR
    assert seed_examples.extract(seed_examples.SEEDS_DIR) == EXAMPLES


def test_every_kind_of_example_is_there():
    assert len(EXAMPLES) >= 40
    assert {example['kind'] for example in EXAMPLES} == {'url', 'curl', 'mgrctl'}


def send(sim, example):
    """Send one example as written; returns (HTTP status, body, out)."""
    if example['kind'] == 'url':
        origin = sim.url.rsplit('/billmgr', 1)[0]
        url, params = seed_examples.url_request(example['text'], origin)
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), params.get('out', 'xml'), params
    if example['kind'] == 'curl':
        headers, fields, path = seed_examples.curl_request(example['text'])
        body, content_type = seed_examples.multipart(fields)
        headers['Content-Type'] = content_type
        url = sim.url.rsplit('/billmgr', 1)[0] + path
        request = urllib.request.Request(url, data=body, headers=headers, method='POST')
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), 'xml', dict(fields)
    params = seed_examples.mgrctl_params(example['text'])
    status, body = sim.raw_request(params)
    return status, body, 'xml', params


@pytest.mark.parametrize('example', EXAMPLES, ids=[example_id(example) for example in EXAMPLES])
def test_example_succeeds(sim, example):
    status, body, out, params = send(sim, example)
    assert status == 200
    has_error, has_ok, elems = parse_answer(body, out)
    assert not has_error, body.decode()[:600]
    func = params['func']
    if params.get('sok') == 'ok' or example['kind'] == 'mgrctl':
        assert has_ok, body.decode()[:600]
    if func == 'dedic':
        assert elems == 2, body.decode()[:600]  # alice's active dedicated servers 892 and 1065


def test_the_vps_example_creates_an_active_vps_with_its_addons(sim):
    vps = next(e for e in EXAMPLES if e['seed'].startswith('001') and 'v2.vds.order.param' in e['text'])
    body = send(sim, vps)[1]
    assert ET.fromstring(body).find('id') is None  # panel 5 does not name the new service (E12): found by domain
    new_id = [elem['id']['$'] for elem in as_list(sim.call('vds', user='alice', filter='on', domain='vds.test')['doc']['elem'])][-1]
    form = sim.call('vds.edit', user='alice', elid=new_id)['doc']
    assert form['domain']['$'] == 'vds.test'
    assert form['ostempl']['$'] == 'ISPsystem__CentOS-7-amd64'
    assert form['datacenter']['$'] == '1'  # the tariff's only datacenter [INF]
    assert {name: form['addon_%s' % name]['$'] for name in (7, 9, 11, 28)} == {7: '5000', 9: '5', 11: '256', 28: '1'}
    assert form['status']['$'] == '2'


def test_the_dragon_examples_go_to_the_dragon_cart(sim):
    curl = next(e for e in EXAMPLES if e['kind'] == 'curl')
    body = send(sim, curl)[1]
    assert ET.fromstring(body).findtext('lineitem.id')  # the Dragon cart is the new cart (seed 003 + E1, E4)
    dragon_url = next(e for e in EXAMPLES if 'theme=dragon' in e['text'] and e['kind'] == 'url')
    send(sim, dragon_url)
    lines = sim.call_dragon('cart', user='alice')['doc']['list']['elem']
    assert [line['item.type']['$'] for line in lines] == ['vds', 'vhost']
    assert 'elem' not in sim.call('basket', user='alice')['doc']['list']  # not in the old cart


def test_the_legacy_examples_in_sequence(sim):
    legacy = [e for e in EXAMPLES if e['seed'].startswith('004')]
    answers = [send(sim, example)[1] for example in legacy]
    # The filter for October 2009 leaves nothing in the second list.
    assert len(ET.fromstring(answers[0]).findall('elem')) == 1
    assert len(ET.fromstring(answers[2]).findall('elem')) == 0
    # licinfo after the license was ordered on that IP: it is taken now.
    assert ET.fromstring(answers[4]).find('error').get('type') == 'exists'
    assert ET.fromstring(answers[6]).find('ok') is not None


def test_the_admin_edit_example_changes_what_it_says(sim):
    admin_edit = next(e for e in EXAMPLES if 'admin:password' in e['text'])
    send(sim, admin_edit)
    form = sim.call('vds.edit', elid=958)['doc']
    assert (form['domain']['$'], form['ip']['$'], form['username']['$']) == ('company.com', '8.8.8.8', 'user134')
    assert 'userpassword' not in form
    assert urllib.parse.quote('jYh4nsqe') not in json.dumps(form)
