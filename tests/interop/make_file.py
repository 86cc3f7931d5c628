#!/usr/bin/env python3
"""Encrypt a plaintext YAML/JSON file the sops 3.13.2 way, independently of SopsNet, so SopsNet
can be tested on files it did not write. `--format binary` stores the whole file as sops's binary
store does (any name sops does not know, `.toml` included): `{"data": ..., "sops": ...}` with AAD
`data:` and, as sops >= 3.11, no selection rule in the metadata.

    make_file.py PLAINTEXT --recipient AGE_RECIPIENT [--format yaml|json|binary] [-o OUT]
                 [--unencrypted-suffix S | --encrypted-suffix S | --unencrypted-regex R |
                  --encrypted-regex R] [--mac-only-encrypted] [--lastmodified RFC3339]

Output: sops-style YAML (4-space indent, `sops` block last, keys sorted) or JSON (tab indent).
YAML comments in the plaintext are dropped (PyYAML does not keep them).
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import json
import math
import os
import re
import subprocess
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gosemantics import FormatError, GoTime, Pairs, canonical_bytes, parse_rfc3339, type_name  # noqa: E402
from goyaml import load_json, load_yaml_documents, resolve_plain  # noqa: E402
from sops_metadata import Rule  # noqa: E402
from sops_reader import MAC_ONLY_ENCRYPTED_PRIME, detect_format  # noqa: E402

VERSION = "3.13.2"


def envelope(key: bytes, plaintext: bytes, aad: str, typ: str) -> str:
    iv = os.urandom(32)
    sealed = AESGCM(key).encrypt(iv, plaintext, aad.encode("utf-8", "surrogateescape"))
    ct, tag = sealed[:-16], sealed[-16:]
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"ENC[AES256_GCM,data:{b64(ct)},iv:{b64(iv)},tag:{b64(tag)},type:{typ}]"


def encrypt_tree(docs: list, key: bytes, rule: Rule, mac_only: bool):
    digest = hashlib.sha512()
    if mac_only:
        digest.update(MAC_ONLY_ENCRYPTED_PRIME)

    def walk(node, keys):
        if isinstance(node, Pairs):
            out = Pairs()
            for k, v in node:
                if not isinstance(k, str):
                    raise FormatError(f"a mapping key under '{':'.join(keys)}' is not a string")
                out.append((k, walk(v, keys + [k])))
            return out
        if isinstance(node, list):
            return [walk(v, keys) for v in node]
        if node is None:
            return None
        encrypted = rule.encrypted(keys, node)
        data = canonical_bytes(node)
        if encrypted or not mac_only:
            digest.update(data)
        if not encrypted or node == "":
            return node
        return envelope(key, data, ":".join(keys) + ":", type_name(node))

    out = [walk(d, []) for d in docs]
    return out, digest.hexdigest().upper()


def age_wrap(data_key: bytes, recipient: str) -> str:
    proc = subprocess.run(["age", "-e", "-r", recipient, "-a"], input=data_key, capture_output=True)
    if proc.returncode != 0:
        raise FormatError("age -e failed: " + proc.stderr.decode(errors="replace").strip())
    return proc.stdout.decode()


# --------------------------------------------------------------------------- YAML emitter

# go-yaml v3 quotes YAML 1.1 booleans so that older parsers do not turn them into bools.
_OLD_BOOLS = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
              "on", "On", "ON", "off", "Off", "OFF"}
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_./(=$^][\x20-\x7e]*\Z")


def _yaml_printable(c: str) -> bool:
    o = ord(c)
    return (o in (0x09, 0x0A, 0x0D) or 0x20 <= o <= 0x7E or o == 0x85 or 0xA0 <= o <= 0xD7FF
            or 0xE000 <= o <= 0xFFFD or 0x10000 <= o <= 0x10FFFF)


def quote(s: str) -> str:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in s):
        raise FormatError("a string is not valid UTF-8 and cannot be written as YAML")
    # JSON escapes are a subset of YAML double-quoted escapes; also escape what YAML forbids.
    text = json.dumps(s, ensure_ascii=False)
    return "".join(c if _yaml_printable(c) else f"\\u{ord(c):04x}" for c in text)


def plain_ok(s: str) -> bool:
    return (bool(_PLAIN_SAFE.match(s)) and s == s.strip() and ": " not in s and " #" not in s
            and not s.endswith(":") and s not in _OLD_BOOLS and resolve_plain(s) == s)


def scalar(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return ".nan"
        if math.isinf(v):
            return ".inf" if v > 0 else "-.inf"
        text = repr(v)  # "1.0", "1e+21": both resolve back to floats under go-yaml rules
        assert resolve_plain(text) == v
        return text
    if isinstance(v, GoTime):
        return v.rfc3339_nano()
    return v if plain_ok(v) else quote(v)


def literal_ok(s: str) -> bool:
    first = s.split("\n", 1)[0]
    return ("\n" in s and first != "" and not first[0].isspace()
            and all(_yaml_printable(c) and c not in "\r\t\x85" for c in s)
            and not any(0xD800 <= ord(c) <= 0xDFFF for c in s))


def literal(s: str, indent: int) -> list[str]:
    core = s.rstrip("\n")
    trailing = len(s) - len(core)
    head = {0: "|-", 1: "|"}.get(trailing, "|+")
    pad = " " * indent
    body = [(pad + line) if line else "" for line in core.split("\n")]
    return [head] + body + [""] * max(0, trailing - 1)


def emit_value(prefix: str, v, indent: int, out: list[str]):
    """Writes `prefix` (e.g. "key:" or "-") followed by v; nested blocks at indent + 4."""
    if isinstance(v, Pairs) and v:
        if prefix.endswith("-"):
            first = True
            for k, x in v:
                emit_value((prefix + " " if first else " " * (indent + 2)) + key_text(k) + ":", x, indent + 2, out)
                first = False
        else:
            out.append(prefix)
            emit_mapping(v, indent + 4, out)
    elif isinstance(v, list) and v:
        out.append(prefix)
        for x in v:
            emit_value(" " * (indent + 4) + "-", x, indent + 4, out)
    elif isinstance(v, Pairs):
        out.append(prefix + " {}")
    elif isinstance(v, list):
        out.append(prefix + " []")
    elif isinstance(v, str) and literal_ok(v):
        lines = literal(v, indent + 4)
        out.append(prefix + " " + lines[0])
        out.extend(lines[1:])
    else:
        out.append(prefix + " " + scalar(v))


def key_text(k: str) -> str:
    return k if plain_ok(k) else quote(k)


def emit_mapping(pairs: Pairs, indent: int, out: list[str]):
    for k, v in pairs:
        emit_value(" " * indent + key_text(k) + ":", v, indent, out)


def to_yaml(doc: Pairs) -> str:
    out: list[str] = []
    emit_mapping(doc, 0, out)
    return "\n".join(out) + "\n" if out else "{}\n"


def to_plain(v):
    if isinstance(v, Pairs):
        return {k: to_plain(x) for k, x in v}
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    if isinstance(v, GoTime):
        return v.rfc3339_nano()
    return v


def to_json(doc: Pairs) -> str:
    return json.dumps(to_plain(doc), ensure_ascii=False, indent="\t") + "\n"


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="encrypt a file the sops way (interop tests)")
    p.add_argument("plaintext")
    p.add_argument("--recipient", action="append", required=True, help="age recipient (repeatable)")
    p.add_argument("--format", choices=("yaml", "json", "binary"))
    p.add_argument("-o", "--output")
    rules = p.add_mutually_exclusive_group()
    for name in ("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex"):
        rules.add_argument("--" + name.replace("_", "-"), dest=name)
    p.add_argument("--mac-only-encrypted", action="store_true")
    p.add_argument("--lastmodified", help="RFC 3339, seconds, Z (default: now)")
    args = p.parse_args(argv)

    fmt = detect_format(args.plaintext, args.format)
    try:
        # A binary file is stored byte for byte, so its line breaks are not translated.
        with open(args.plaintext, encoding="utf-8", newline="" if fmt == "binary" else None) as f:
            text = f.read()
        if fmt == "binary":
            docs = [Pairs([("data", text)])]
        elif fmt == "json":
            docs = [load_json(text)]
        else:
            docs = [Pairs() if d is None else d for d in load_yaml_documents(text)]
        if not docs or not all(isinstance(d, Pairs) for d in docs):
            raise FormatError("every document must be a mapping")
        if any(k == "sops" for k, _ in docs[0]):
            raise FormatError("the file already has a 'sops' key")

        rule_name, rule_value = "unencrypted_suffix", "_unencrypted"
        for name in ("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex"):
            if getattr(args, name):
                rule_name, rule_value = name, getattr(args, name)
        rule = Rule(Pairs([(rule_name, rule_value)]))

        data_key = os.urandom(32)
        encrypted, mac = encrypt_tree(docs, data_key, rule, args.mac_only_encrypted)

        if args.lastmodified:
            lm = parse_rfc3339(args.lastmodified)
            if lm is None:
                raise FormatError("--lastmodified is not RFC 3339")
            lastmodified = lm.rfc3339()
        else:
            now = datetime.datetime.now(datetime.timezone.utc)
            lastmodified = now.strftime("%Y-%m-%dT%H:%M:%SZ")

        # sops 3.13 writes every metadata mapping with its keys sorted.
        meta = Pairs()
        meta.append(("age", [Pairs([("enc", age_wrap(data_key, r)), ("recipient", r)]) for r in args.recipient]))
        meta.append(("lastmodified", lastmodified))
        meta.append(("mac", envelope(data_key, mac.encode(), lastmodified, "str")))
        if args.mac_only_encrypted:
            meta.append(("mac_only_encrypted", True))
        if fmt != "binary":
            meta.append((rule_name, rule_value))
        meta.append(("version", VERSION))
        meta = Pairs(sorted(meta, key=lambda kv: kv[0]))

        # Every YAML document gets its own copy of the block (the reader uses the first).
        full = [Pairs(list(d) + [("sops", meta)]) for d in encrypted]
        if fmt in ("json", "binary"):
            output = to_json(full[0])
        else:
            output = "---\n".join(to_yaml(d) for d in full)
            # Guard against emitter mistakes: the text must read back to the same tree.
            def canon(ds):
                return json.dumps([to_plain(d) for d in ds])
            if canon(load_yaml_documents(output)) != canon(full):
                raise FormatError("internal: emitted YAML does not read back to the same tree")
    except (FormatError, OSError, UnicodeDecodeError) as e:
        print(f"make_file: {args.plaintext}: {e}", file=sys.stderr)
        return 1

    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(output)
    else:
        sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
