# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._connection import (
    api_url,
    connection_settings,
    split_url,
    url_secrets,
)
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError

SECRET = 'pw-MARKER-5e1d'


def settings(**params):
    return connection_settings(dict({'url': 'https://panel.example:1500/billmgr', 'username': 'alice', 'password': SECRET}, **params))


@pytest.mark.parametrize('url, api', [
    ('https://panel.example:1500', 'https://panel.example:1500/billmgr'),
    ('https://panel.example:1500/', 'https://panel.example:1500/billmgr'),
    ('HTTPS://Panel.Example/manager/billmgr/', 'https://panel.example/manager/billmgr'),
    ('  http://127.0.0.1:1500/billmgr\n', 'http://127.0.0.1:1500/billmgr'),
    ('https://[2001:db8::1]:1500/billmgr', 'https://[2001:db8::1]:1500/billmgr'),
])
def test_the_api_address_of_a_url(url, api):
    assert api_url(url) == api


def test_a_user_and_password_in_the_url_are_taken_out_of_it():
    assert split_url('https://carol:%s@panel.example:1500/billmgr' % SECRET) == ('https://panel.example:1500/billmgr', 'carol', SECRET)
    assert split_url('https://carol:p%40ss@panel.example/billmgr') == ('https://panel.example/billmgr', 'carol', 'p@ss')


@pytest.mark.parametrize('url, words', [
    ('panel.example:1500/billmgr', "url 'panel.example:1500/billmgr' does not start with https:// or http://"),
    ('ftp://panel.example/billmgr', 'does not start with https:// or http://'),
    ('https://panel.example :1500/billmgr', "url 'https://panel.example :1500/billmgr' has a blank in it"),
    ('https://panel.example:15x0/billmgr', 'is not a valid URL'),
    ('https:///billmgr', 'names no host'),
    ('http://127.0.0.1:1500/billmgr?sok=ok&addon_9=8&skipbasket=on', 'carries a query string or a fragment'),
    ('http://127.0.0.1:1500/billmgr?su=bob', 'carries a query string or a fragment'),
    ('http://127.0.0.1:1500/billmgr?', 'carries a query string or a fragment'),
    ('http://127.0.0.1:1500/billmgr#top', 'carries a query string or a fragment'),
    ('', 'url is required'),
    (None, 'url is required'),
])
def test_a_url_that_is_not_an_api_address_says_what_is_wrong(url, words):
    with pytest.raises(InputError) as err:
        split_url(url)
    assert words in str(err.value)


@pytest.mark.parametrize('url', [
    'carol:%s@panel.example:1500/billmgr' % SECRET,
    'https://carol:%s@panel.example :1500/billmgr' % SECRET,
    'https://carol:%s@panel.example:15x0/billmgr' % SECRET,
    'https://carol:%s@panel.example/billmgr?x=1' % SECRET,
    'https://panel.example/billmgr?authinfo=carol:%s' % SECRET,
])
def test_no_message_about_a_url_shows_its_password(url):
    with pytest.raises(InputError) as err:
        split_url(url)
    assert SECRET not in str(err.value)


def test_the_secrets_of_a_url_are_its_password_and_credentials_in_its_query():
    assert SECRET in url_secrets('https://carol:%s@panel.example/billmgr' % SECRET)
    assert 'carol:%s' % SECRET in url_secrets('https://carol:%s@panel.example/billmgr' % SECRET)
    assert 'p@ss' in url_secrets('https://carol:p%40ss@panel.example/billmgr')
    assert SECRET in url_secrets('https://panel.example/billmgr?authinfo=carol:%s' % SECRET)
    assert url_secrets('https://panel.example/billmgr') == [] and url_secrets(None) == [] and url_secrets('not a url @') == []


def test_connection_settings_never_use_a_password_from_the_url():
    found = settings(url='https://carol:%s@panel.example/billmgr' % SECRET, password='alices')
    assert (found['url'], found['username'], found['password']) == ('https://panel.example/billmgr', 'alice', 'alices')
    assert SECRET in found['secrets'] and 'taken out of it and not used' in found['warnings'][0]
    with pytest.raises(InputError, match='either username and password or session is required'):
        settings(url='https://carol:%s@panel.example/billmgr' % SECRET, username=None, password=None)


def test_an_empty_password_is_refused_before_any_request():
    with pytest.raises(InputError, match='password is empty'):
        settings(password='')


def test_a_session_with_a_password_uses_the_session_and_says_so():
    found = settings(session='key-1')
    assert found['session'] == 'key-1' and found['password'] is None
    assert found['warnings'] == ['both a session key (session) and a username and password are given: the session key is used, '
                                 'and the password is not sent']
    assert settings(session='key-1', username=None, password=None)['warnings'] == []


@pytest.mark.parametrize('timeout', [0, -1, True, 'soon'])
def test_a_timeout_is_a_positive_number_of_seconds(timeout):
    with pytest.raises(InputError, match='timeout must be a positive number of seconds'):
        settings(timeout=timeout)


def test_a_timeout_not_given_is_left_to_the_client():
    assert settings()['timeout'] is None and settings(timeout=7)['timeout'] == 7
