# -*- coding: utf-8 -*-
# Copyright (c) 2026, ispsystem.billmgr contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a BILLmanager answer says, as plain Python: the document, its fields, and the words of a page sent instead.

Private to this collection. The client decides what to do with an answer; this file only reads one,
so every reader of panel values (the client, the resources, the values) shares one way to read them.
"""

from __future__ import annotations

import html
import json
import re
from xml.etree import ElementTree

PAGE_TEXT_LIMIT = 300
_HTML_TAG = re.compile(r'<[^>]*>')
_HTML_HIDDEN = re.compile(r'<(script|style)\b.*?</\1\s*>', re.IGNORECASE | re.DOTALL)
_LEADING_INT = re.compile(r'^\s*(-?\d+)')
_NAMED_FUNC = re.compile(r'(?:^|[?&;\s])func=([A-Za-z0-9_.\-]+)')
# What marks a list's answer besides its elements: the paging fields (E24 reads p_elems; every list of the simulator and
# of the captured list answer sends them) and the list's metadata (reference/responses/ispmgr6_webdomain_list.sjson.json).
PAGING_FIELDS = ('p_elems', 'p_num', 'p_cnt')


def as_list(value):
    """BILLmanager's JSON gives one child as an object and several as an array."""
    if value is None or value == '':
        return []
    if isinstance(value, list):
        return value
    return [value]


def unwrap(node):
    """Turn BILLmanager's JSON notation into plain Python.

    ``{"$": "x"}`` becomes ``"x"``; an empty element becomes ``""``; attributes (``$name``)
    become keys without the dollar, with the element's text under ``text`` when it also
    has attributes (``item_status`` -> ``{"orig": "2", "text": "Active"}``). Child
    elements keep their names and win over an attribute of the same name.
    """
    if isinstance(node, list):
        return [unwrap(item) for item in node]
    if not isinstance(node, dict):
        return node
    if len(node) == 1 and '$' in node:  # a field's plain text: nearly every node of a list's answer
        return node['$']
    result = {}
    has_text = False
    for key, value in node.items():
        if key == '$':
            has_text = True
        elif key.startswith('$'):
            result.setdefault(key[1:], value)
    for key, value in node.items():
        if not key.startswith('$'):
            result[key] = unwrap(value)
    if not result:
        return node['$'] if has_text else ''
    if has_text:
        result['text'] = node['$']
    return result


def xml_to_plain(element):
    """An XML element in the same plain shape ``unwrap`` gives for JSON (for panels that answer XML anyway)."""
    result = dict(element.attrib)
    for child in element:
        value = xml_to_plain(child)
        if child.tag in result and isinstance(result[child.tag], list):
            result[child.tag].append(value)
        elif child.tag in result and child.tag not in element.attrib:
            result[child.tag] = [result[child.tag], value]
        else:
            result[child.tag] = value
    text = (element.text or '').strip()
    if not result:
        return text
    if text:
        result['text'] = text
    return result


def text_of(value):
    """The text of a field, always a str: plain, with attributes, or a bare number; '' for a field sent twice (a list),
    which says no one value, and for none."""
    if isinstance(value, list):
        return ''
    if isinstance(value, dict):
        return text_of(value.get('text', ''))
    if value is None:
        return ''
    return value if isinstance(value, str) else str(value)


def parse_document(text):
    """The unwrapped ``doc`` of a JSON answer, or of an XML one; None when it is neither."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get('doc'), dict):
        # An empty doc unwraps to '' and a doc of bare text to its text: neither has a field, so both read as no fields.
        plain = unwrap(data['doc'])
        return plain if isinstance(plain, dict) else {}
    stripped = (text or '').lstrip()
    if stripped.startswith('<?xml') or stripped.startswith('<doc'):
        try:
            root = ElementTree.fromstring(stripped.encode('utf-8'))
        except ElementTree.ParseError:
            return None
        if root.tag == 'doc':
            plain = xml_to_plain(root)
            return plain if isinstance(plain, dict) else {}
    return None


def is_list_answer(doc):
    """Whether an answer reads as a list, an empty one too: it has elements, paging fields or a list's metadata.

    A two-factor half session answers every data function with a bare ``ok`` (real-panels-2 §12.3, E24): no error, no
    element. Read as a list, that is an empty inventory and a live service taken for gone; so a non-answer is no list.
    """
    if not isinstance(doc, dict):
        return False
    if 'elem' in doc or any(name in doc for name in PAGING_FIELDS):
        return True
    return any(isinstance(meta, dict) and text_of(meta.get('type')) == 'list' for meta in as_list(doc.get('metadata')))


def redirect_of(doc):
    """The function an answer's ``ok`` sends the caller to (``func=totp.confirm``), or None.

    A panel answers ``ok`` naming another function when it wants something else first (E5, E24: the one-time code).
    """
    if not isinstance(doc, dict) or 'ok' not in doc:
        return None
    ok = doc['ok']
    said = ' '.join(str(text_of(value)) for value in ([ok] + (list(ok.values()) if isinstance(ok, dict) else [])))
    match = _NAMED_FUNC.search(said)
    return match.group(1) if match else None


def int_or_none(value):
    """The whole number a panel value starts with ("12", "12 months"), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _LEADING_INT.match(str(text_of(value)))
    return int(match.group(1)) if match else None


def page_words(text):
    """The words of an HTML page (a maintenance notice, "Request in process"), at most PAGE_TEXT_LIMIT characters; '' for anything else.

    An HTML page's first line is usually ``<!DOCTYPE html>``, which tells nobody anything; its words do.
    """
    head = (text or '').lstrip()[:200].lower()
    if not (head.startswith('<!doctype html') or head.startswith('<html')):
        return ''
    chunks = []
    for chunk in _HTML_TAG.split(_HTML_HIDDEN.sub(' ', text)):
        words = ' '.join(html.unescape(chunk).split())
        if words and words not in chunks:
            chunks.append(words)
    said = ' - '.join(chunks)
    if len(said) > PAGE_TEXT_LIMIT:
        said = said[:PAGE_TEXT_LIMIT] + '...'
    return said


def first_line(text):
    """The first line of a body with any text, cut at 200 characters."""
    for line in (text or '').splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return '(empty body)'
