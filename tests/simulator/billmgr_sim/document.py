"""The answer document: a small element tree rendered as XML, json or sjson.

The panel's JSON notation: element text goes to "$", attributes to "$name", children
by name. In ``out=json`` a single child is an object and repeated children an array;
in ``out=sjson`` children that are list entries by nature stay arrays even when single; ``out=xjson`` (BILLmanager 6)
keeps ``list``, ``elem``, ``slist`` and ``val`` arrays even when single too (E3's captured SpaceCore answers:
``"list": [{"$name": ..., "elem": [...]}]``, ``"slist": [{"val": [...]}]``), and the other list entries [INF].
"""

import json
import xml.etree.ElementTree as ET


class Node:
    """One element: name, optional text, attributes and children.

    ``repeat`` marks an element that is one entry of a list (elem, val, param, ...):
    sjson keeps those as arrays even when there is only one. ``fields`` are (name, text)
    pairs of plain text children, rendered before ``children``: a list row holds a dozen of
    them, and pairs are much cheaper than nodes when a list has ten thousand rows.
    """

    __slots__ = ('name', 'text', 'attrs', 'children', 'repeat', 'fields')

    def __init__(self, name, text=None, attrs=None, children=None, repeat=False, fields=()):
        self.name = name
        self.text = None if text is None else str(text)
        self.attrs = attrs
        self.children = children if children is not None else []
        self.repeat = repeat
        self.fields = fields

    def add(self, name, text=None, attrs=None, repeat=False):
        """Append a child and return it."""
        child = Node(name, text, attrs, repeat=repeat)
        self.children.append(child)
        return child

    def append(self, child):
        self.children.append(child)
        return child

    def field(self, name, value):
        """Append a text child unless value is None (absent field)."""
        if value is not None:
            self.children.append(Node(name, value))
        return self


class Messages(Node):
    """``messages`` of a form: the texts of its fields by name.

    In json the ``msg`` entries are one object keyed by the field's name with the text as a plain
    string (captured ISPmanager 6 sjson answer in reference/responses: ``"msg": {"hint_...": "..."}``;
    E1 reads ``doc.messages.msg.addon_N``); json is written like sjson [INF]. In XML each is
    ``<msg name="addon_N">text</msg>``.
    """

    def __init__(self, name, texts):
        super().__init__('messages', attrs={'name': name},
                         children=[Node('msg', text, {'name': key}) for key, text in texts])


# Children that out=xjson writes as arrays even when there is one (E3, reference/responses/v2_*_xjson_spacecore_*).
XJSON_ARRAYS = frozenset(('list', 'elem', 'slist', 'val'))


def render(doc, out):
    """Return (content_type, body bytes) of the document in the requested format."""
    if out == 'json':
        return 'application/json', _dump_json(doc, sjson=False)
    if out == 'xjson':
        return 'application/json', _dump_json(doc, sjson=True, always=XJSON_ARRAYS)
    if out == 'sjson':
        return 'application/json', _dump_json(doc, sjson=True)
    return 'text/xml; charset=UTF-8', _dump_xml(doc)


def _dump_json(doc, sjson, always=frozenset()):
    return json.dumps({doc.name: _to_json(doc, sjson, always)}, ensure_ascii=False, separators=(',', ':')).encode('utf-8')


def _to_json(node, sjson, always=frozenset()):
    if isinstance(node, Messages):
        return {'$name': node.attrs['name'], 'msg': {child.attrs['name']: child.text or '' for child in node.children}}
    if not node.children and not node.attrs and not node.fields:  # most nodes are plain text fields
        return {'$': node.text} if node.text else {}
    out = {name: ({'$': text} if text else {}) for name, text in node.fields}
    if node.attrs:
        for key, value in node.attrs.items():
            out['$' + key] = str(value)
    if node.text:
        out['$'] = node.text
    arrays = None
    for child in node.children:
        name = child.name
        value = _to_json(child, sjson, always)
        as_array = sjson and (child.repeat or name in always)
        if name not in out:
            out[name] = [value] if as_array else value
            if as_array:
                arrays = arrays or set()
                arrays.add(name)
        elif arrays is not None and name in arrays:
            out[name].append(value)
        else:
            out[name] = [out[name], value]
            arrays = arrays or set()
            arrays.add(name)
    return out


def _to_element(node):
    element = ET.Element(node.name, {key: str(value) for key, value in node.attrs.items()} if node.attrs else {})
    if node.text:
        element.text = node.text
    for name, text in node.fields:
        ET.SubElement(element, name).text = text or None
    for child in node.children:
        element.append(_to_element(child))
    return element


def _dump_xml(doc):
    # ElementTree writes an empty element as "<ok />", the panel as "<ok/>" (seed 004, captured answers).
    # " />" cannot occur anywhere else: ElementTree escapes every ">" in text and attribute values.
    body = ET.tostring(_to_element(doc), encoding='unicode').replace(' />', '/>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + '\n').encode('utf-8')
