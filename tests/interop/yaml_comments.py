"""Loose check of encrypted YAML comments (`#ENC[...,type:comment]`), which PyYAML drops.

sops encrypts a comment with the path of the mapping/list that contains it as AAD (a top-level
comment: `:`). Exactly where go-yaml attaches a comment is parser-dependent, so, as docs/format.md (§3.3)
recommends for robust readers, each comment is tried with its enclosing path (found from the
indentation) and then every shorter prefix down to `:`. A comment that authenticates under none
of them is reported. Comments are not in the MAC; this only checks that they are real sops
comment envelopes under the right key.
"""

from __future__ import annotations

import json
import re

COMMENT_ENV = re.compile(r"#(ENC\[AES256_GCM,data:[^\]\s]*type:comment\])")
KEY_LINE = re.compile(
    r"^( *)((?:- +)*)"
    r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^\s#'\"\-][^#]*?|-[^\s#][^#]*?)"
    r" *:(?: +(.*))?$"
)
DASH_LINE = re.compile(r"^( *)((?:- +)+)(.*)$")
BLOCK_HEADER = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")


def _unquote(key: str) -> str:
    if key.startswith('"'):
        return json.loads(key)
    if key.startswith("'"):
        return key[1:-1].replace("''", "'")
    return key


def scan(text: str):
    """Yields (line number, enclosing keys, comment envelope) for every encrypted comment."""
    stack: list[tuple[int, str]] = []
    block_indent = None  # inside a literal/folded block scalar started at this indent
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if stripped == "" or indent > block_indent:
                continue
            block_indent = None
        if line.startswith("---") or line.startswith("..."):
            stack = []
            continue
        if stripped == "":
            continue
        if stripped.startswith("#"):
            m = COMMENT_ENV.match(stripped)
            if m:
                yield number, [k for i, k in stack if i < indent], m.group(1)
            continue
        key = KEY_LINE.match(line)
        dash = DASH_LINE.match(line)
        if key:
            key_indent = len(key.group(1)) + len(key.group(2))
            stack = [(i, k) for i, k in stack if i < key_indent]
            value = key.group(4) or ""
            inline = COMMENT_ENV.search(value)
            if inline:
                # sops 3.13 writes an item's inline comment after the value; it belongs to the
                # mapping that holds the key.
                yield number, [k for _, k in stack], inline.group(1)
            stack.append((key_indent, _unquote(key.group(3))))
            if BLOCK_HEADER.match(value):
                block_indent = indent
        elif dash:
            item_indent = len(dash.group(1)) + len(dash.group(2))
            stack = [(i, k) for i, k in stack if i < item_indent]
            if BLOCK_HEADER.match(dash.group(3)):
                block_indent = indent
            inline = COMMENT_ENV.search(dash.group(3))
            if inline:
                yield number, [k for _, k in stack], inline.group(1)


def check(text: str, decrypt) -> list[dict]:
    """decrypt(envelope, aad) -> (type, plaintext bytes) or raises. Returns the decrypted
    comments; raises ValueError naming the first comment that does not authenticate."""
    found = []
    for number, keys, envelope in scan(text):
        for n in range(len(keys), -1, -1):
            aad = ":".join(keys[:n]) + ":"
            try:
                typ, plain = decrypt(envelope, aad)
            except Exception:  # noqa: BLE001 - any failure means "not under this AAD"
                continue
            if typ != "comment":
                raise ValueError(f"comment at line {number} has type {typ}, not comment")
            found.append({"line": number, "aad": aad, "text": plain.decode("utf-8", "replace")})
            break
        else:
            raise ValueError(f"encrypted comment at line {number} does not authenticate under any "
                             f"enclosing path (tried '{':'.join(keys)}:' and its prefixes)")
    return found
