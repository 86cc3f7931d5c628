"""go-yaml v3 behaviour on top of PyYAML: plain-scalar resolution (YAML 1.2-ish core schema as
go-yaml implements it, not PyYAML's YAML 1.1), ordered mappings, no merge keys, duplicate keys
rejected; and the JSON loader with sops 3.13.2 number typing."""

from __future__ import annotations

import base64
import json
import math
import re

import yaml

from gosemantics import (
    INT64_MAX,
    INT64_MIN,
    FormatError,
    Pairs,
    go_parse_float,
    go_parse_int_base0,
    parse_yaml_timestamp,
)

_YAML_MAP = {
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
}
_YAML_STYLE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


class Uint64Value(Exception):
    pass


def resolve_plain(text: str):
    """go-yaml v3 `resolve` for an untagged plain scalar: the first character picks the
    candidates (resolveTable), then map lookup, timestamp, int (base prefixes, '_' removed),
    uint64, YAML-style float. Anything else is a string. yes/no/on/off stay strings."""
    first = text[:1]
    if first == "":
        return None
    if first in "yYnNtTfFoO~":
        hint = "M"
    elif first in "+-":
        hint = "S"
    elif first.isdigit() and first.isascii():
        hint = "D"
    elif first == ".":
        hint = "."
    else:
        return text
    if text in _YAML_MAP:
        return _YAML_MAP[text]
    if hint == ".":
        v = go_parse_float(text)
        return text if v is None else v
    if hint in "DS":
        t = parse_yaml_timestamp(text)
        if t is not None:
            return t
        plain = text.replace("_", "")
        v = go_parse_int_base0(plain)
        if v is not None:
            if INT64_MIN <= v <= INT64_MAX:
                return v
            if 0 <= v < 2**64:
                # go-yaml yields a uint64, which sops' tree walker cannot handle.
                raise Uint64Value(text)
        if _YAML_STYLE_FLOAT.match(plain):
            f = go_parse_float(plain)
            if f is not None:
                return f
    return text


PLAIN_TAG = "!sopsinterop/plain"


class GoYamlLoader(yaml.SafeLoader):
    """PyYAML parser + go-yaml v3 scalar resolution, no merge-key processing, duplicate keys
    rejected (sops does), mappings kept in order as Pairs, unknown tags degrade to the value."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            return PLAIN_TAG
        return super().resolve(kind, value, implicit)

    def construct_go_plain(self, node):
        try:
            return resolve_plain(node.value)
        except Uint64Value:
            raise FormatError("yaml: an integer outside the int64 range is not supported by sops")

    def construct_pairs(self, node):
        if not isinstance(node, yaml.MappingNode):
            raise FormatError("yaml: expected a mapping node")
        pairs = Pairs()
        seen = set()
        yield pairs
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise FormatError("yaml: a mapping key must be a scalar")
            if duplicate:
                raise FormatError(f"yaml: duplicate mapping key at line {key_node.start_mark.line + 1}")
            seen.add(key)
            pairs.append((key, self.construct_object(value_node, deep=True)))

    def construct_timestamp(self, node):
        t = parse_yaml_timestamp(node.value)
        if t is None:
            raise FormatError("yaml: invalid !!timestamp")
        return t

    def construct_binary_as_str(self, node):
        raw = base64.b64decode("".join(node.value.split()))
        # Go stores the decoded bytes in a string; keep them byte-exact.
        return raw.decode("utf-8", "surrogateescape")

    def construct_unknown(self, tag_suffix, node=None):
        if node is None:
            node = tag_suffix
        if isinstance(node, yaml.ScalarNode):
            # go-yaml keeps the scalar text and sops loses the tag.
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return self.construct_sequence(node, deep=True)
        # construct_object drives the generator (two-step construction for aliases).
        return self.construct_pairs(node)


GoYamlLoader.add_constructor(PLAIN_TAG, GoYamlLoader.construct_go_plain)
GoYamlLoader.add_constructor("tag:yaml.org,2002:map", GoYamlLoader.construct_pairs)
GoYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", GoYamlLoader.construct_timestamp)
GoYamlLoader.add_constructor("tag:yaml.org,2002:binary", GoYamlLoader.construct_binary_as_str)
GoYamlLoader.add_constructor(None, GoYamlLoader.construct_unknown)
GoYamlLoader.add_multi_constructor("!", GoYamlLoader.construct_unknown)


def load_yaml_documents(text: str) -> list:
    try:
        return list(yaml.load_all(text, Loader=GoYamlLoader))
    except yaml.YAMLError as e:
        raise FormatError("yaml: " + str(e).splitlines()[0])


def load_json(text: str):
    def pairs_hook(items):
        return Pairs(items)

    def parse_int(s):
        # sops 3.13.2: an integer literal that fits in int64 is an int, anything else a float.
        v = int(s)
        return v if INT64_MIN <= v <= INT64_MAX else float(s)

    try:
        return json.loads(text, object_pairs_hook=pairs_hook, parse_int=parse_int)
    except json.JSONDecodeError as e:
        raise FormatError(f"json: {e}")
