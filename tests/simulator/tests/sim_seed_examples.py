"""The example calls of the vendor's pages, and how to send them to the simulator.

The tests send the copy in sim_seed_examples.json, so they need no pages. BILLMGR_SEEDS_DIR names the
directory of the pages (opt-in, set by the user: docs/evidence.md); when it is set, test_sim_seed_examples
compares the copy with the pages, and a directory that cannot be read is a failure.
"""

import json
import os
import shlex
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
# No default path: a guessed location that happens to be missing would turn the comparison into a
# silent skip. An empty value counts as unset.
SEEDS_DIR = os.environ.get('BILLMGR_SEEDS_DIR') or None
DATA_FILE = os.path.join(HERE, 'sim_seed_examples.json')

# The pages' placeholders and the seeded users that stand in for them.
CREDENTIALS = {
    'username:password': 'alice:Ali-6b1d',
    'admin:password': 'admin:Adm-2f9c',
    'USER:PASSWD': 'alice:Ali-6b1d',
    'login:password': 'alice:Ali-6b1d',
}
PLACEHOLDERS = {'<name>': 'alice'}
DEFAULT_AUTHINFO = 'alice:Ali-6b1d'  # for the examples that leave authentication to the reader


def extract(seeds_dir):
    """Every example call in the pages: URLs (a line starting with http), curl and mgrctl command lines."""
    examples = []
    for name in sorted(os.listdir(seeds_dir)):
        with open(os.path.join(seeds_dir, name), encoding='utf-8') as page:
            for line in page:
                text = line.strip()
                if text.startswith(('http://', 'https://')):
                    kind = 'url'
                elif text.startswith('curl '):
                    kind = 'curl'
                elif text.startswith('/') and '/mgrctl ' in text:
                    kind = 'mgrctl'
                else:
                    continue
                examples.append({'seed': name, 'kind': kind, 'text': text})
    return examples


def load():
    with open(DATA_FILE, encoding='utf-8') as data:
        return json.load(data)


def _fill(text):
    for placeholder, value in list(CREDENTIALS.items()) + list(PLACEHOLDERS.items()):
        text = text.replace(placeholder, value)
    return text


def url_request(example_url, origin):
    """(URL for the simulator, params for reading the answer): the page's host becomes the simulator,
    an empty path /billmgr, placeholders seeded users; the query is sent as written (a blank as %20)."""
    split = urllib.parse.urlsplit(example_url)
    path = split.path if split.path.rstrip('/') else '/billmgr'
    query = _fill(split.query).replace(' ', '%20')
    names = [pair.split('=', 1)[0].strip() for pair in query.split('&')]
    if 'authinfo' not in names and 'auth' not in names:
        query += '&authinfo=' + DEFAULT_AUTHINFO
    return origin + path + '?' + query, dict(urllib.parse.parse_qsl(query, keep_blank_values=True))


def curl_request(command):
    """(headers, form fields, URL path) of a ``curl -H ... -F ...`` example."""
    words = shlex.split(command)
    headers, fields, url = {}, [], None
    index = 1
    while index < len(words):
        word = words[index]
        if word == '-H':
            name, dummy, value = words[index + 1].partition(':')
            headers[name.strip()] = value.strip()
            index += 2
        elif word == '-F':
            name, dummy, value = words[index + 1].partition('=')
            fields.append((name, _fill(name + '=' + value).split('=', 1)[1]))
            index += 2
        elif word.startswith('-'):
            index += 1
        else:
            url = word
            index += 1
    return headers, fields, urllib.parse.urlsplit(url).path or '/billmgr'


def mgrctl_params(command):
    """``mgrctl -m billmgr FUNC name=value ...`` as request parameters (mgrctl runs as the panel's admin)."""
    words = shlex.split(command)
    func = words[words.index('-m') + 2]
    params = {'func': func, 'authinfo': 'admin:Adm-2f9c'}
    for word in words[words.index('-m') + 3:]:
        name, dummy, value = word.partition('=')
        params[name] = value
    return params


def multipart(fields, boundary='billmgr-sim-boundary'):
    """A multipart/form-data body, as curl -F sends it."""
    lines = []
    for name, value in fields:
        lines += ['--' + boundary, 'Content-Disposition: form-data; name="%s"' % name, '', value]
    lines += ['--' + boundary + '--', '']
    return '\r\n'.join(lines).encode('utf-8'), 'multipart/form-data; boundary=' + boundary
