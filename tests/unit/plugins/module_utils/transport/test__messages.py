# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The client's words for a wrong address, a failed connection and a run's waits (_messages.py); the client's use of them
against a scripted server is in test__client.py."""

from __future__ import annotations

import pytest

from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._errors import InputError
from ansible_collections.ispsystem.billmgr.plugins.module_utils.transport._messages import (
    check_ca_path,
    connection_failure,
    wait_summary,
    wrong_address_says,
)


class _Reason(Exception):
    pass


class _Pool(Exception):
    """urllib3's MaxRetryError as requests wraps it: the first argument has the ``reason``."""

    def __init__(self, reason):
        super().__init__('HTTPConnectionPool(host=...): Max retries exceeded')
        self.reason = reason


def test_a_missing_ca_path_is_an_input_error_unless_certificates_are_not_checked(tmp_path):
    with pytest.raises(InputError, match='^ca_path: no file at '):
        check_ca_path(True, str(tmp_path / 'none.pem'))
    check_ca_path(False, str(tmp_path / 'none.pem'))
    check_ca_path(True, None)
    (tmp_path / 'ca.pem').write_text('x')
    check_ca_path(True, str(tmp_path / 'ca.pem'))


def test_only_a_404_or_a_plain_http_page_is_a_wrong_address():
    assert 'The API path is /billmgr on BILLmanager 6' in wrong_address_says('http://h/x', 404, '')
    assert wrong_address_says('http://h/x', 400, '<p>The plain HTTP request was sent to HTTPS port</p>').endswith('Use https:// in url')
    assert wrong_address_says('http://h/x', 400, 'bad request') is None
    assert wrong_address_says('http://h/x', 500, '') is None


@pytest.mark.parametrize('text, expected', [
    ("[Errno 111] Connection refused", 'connection to http://127.0.0.1:9/billmgr refused: nothing listens on 127.0.0.1:9. '),
    ("RemoteDisconnected('Remote end closed connection without response')", 'it looks like an HTTPS port. Use https:// in url'),
    ("[Errno -2] Name or service not known", 'the host name 127.0.0.1 does not resolve. Check the host in url'),
])
def test_a_failed_connection_says_what_to_check(text, expected):
    assert expected in connection_failure('http://127.0.0.1:9/billmgr', Exception(text), lambda value: value)


def test_another_failure_gives_its_reason_not_the_pool():
    said = connection_failure('https://h/billmgr', Exception(_Pool(_Reason('the network is unreachable'))), str)
    assert said == 'connection to https://h/billmgr failed: the network is unreachable'


def test_a_wait_is_summed_up_when_it_ends_and_a_long_one_warns(client, fake_time):
    assert wait_summary(client) == (None, None)
    started = client.clock()
    client.note_progress('vds service 1101 is processing, waiting up to 1800s for it to be active', started)
    fake_time.sleep(40)
    client.note_progress('vds service 1101 is processing, waiting up to 1800s for it to be active with an address', started)
    fake_time.sleep(26)
    waited, warning = wait_summary(client)
    assert waited == {'seconds': 66, 'polls': 2,
                      'last_status': 'vds service 1101 is processing, waiting up to 1800s for it to be active with an address'}
    assert warning.startswith('waited 66s for the panel (2 looks); it last said: vds service 1101 is processing')
    assert warning.endswith('run such a task with async and poll to see it is alive while it waits')


def test_a_short_wait_is_in_the_result_without_a_warning(client, fake_time):
    client.note_progress('license 7 has no key yet, waiting up to 600s', client.clock())
    fake_time.sleep(3)
    assert wait_summary(client) == ({'seconds': 3, 'polls': 1, 'last_status': 'license 7 has no key yet, waiting up to 600s'}, None)
