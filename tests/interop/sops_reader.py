#!/usr/bin/env python3
"""Independent SOPS (3.x) reader for interop tests: decrypts a YAML/JSON sops file with an age
identity, verifies the MAC and prints the plaintext tree as JSON.

    sops_reader.py FILE --identity AGE_KEY_FILE [--format yaml|json|dotenv|ini] [--ignore-mac]
    sops_reader.py FILE --kms-endpoint URL   (data key from the file's kms entry via that endpoint; aws_kms.py)

Exit 0: decrypted (and MAC OK unless --ignore-mac); stdout = JSON (a list of documents for YAML,
the object for JSON, dotenv and INI). Exit 51: MAC missing, undecryptable or mismatched. Exit 1: anything else.
Written from the format specification (docs/format.md) only; see README.md for what it covers.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import math
import os
import sys
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import yaml_comments  # noqa: E402
from gosemantics import (  # noqa: E402
    FormatError,
    GoTime,
    Pairs,
    canonical_bytes,
    go_atoi,
    go_parse_bool,
    go_parse_float,
    parse_rfc3339,
)
from aws_kms import open_kms_data_key  # noqa: E402
from flat_formats import load_dotenv, load_ini  # noqa: E402
from goyaml import load_json, load_yaml_documents  # noqa: E402
from sops_metadata import (  # noqa: E402
    ENVELOPE,
    Rule,
    as_text,
    open_data_key,
    pairs_get,
    validate_metadata,
)

EXIT_MAC = 51

# SHA-256("sops"): primes the hash when mac_only_encrypted is set, so both modes never collide.
MAC_ONLY_ENCRYPTED_PRIME = bytes.fromhex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69")


class MacError(Exception):
    """MAC missing, not decryptable or different (exit 51)."""


@dataclass
class Leaf:
    aad: str
    encrypted: bool
    type: str | None
    mac_bytes: bytes


@dataclass
class Result:
    documents: list
    data_key: bytes
    leaves: list[Leaf] = field(default_factory=list)
    computed_mac: str = ""
    stored_mac: str | None = None


def b64strict(s: str, what: str) -> bytes:
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        raise FormatError(f"envelope {what} is not valid standard base64")


def decrypt_envelope(text: str, key: bytes, aad: str):
    """Returns (type, plaintext bytes). Raises FormatError if not an envelope or tampered."""
    m = ENVELOPE.match(text)
    if not m:
        raise FormatError(f"value at '{aad}' does not match the sops envelope format")
    data, iv, tag, typ = m.groups()
    ct, nonce, tag_b = b64strict(data, "data"), b64strict(iv, "iv"), b64strict(tag, "tag")
    if len(tag_b) != 16:
        raise FormatError(f"value at '{aad}': tag must be 16 bytes")
    if not nonce:
        raise FormatError(f"value at '{aad}': empty iv")
    try:
        plain = AESGCM(key).decrypt(nonce, ct + tag_b, aad.encode("utf-8", "surrogateescape"))
    except InvalidTag:
        raise FormatError(f"value at '{aad}' failed authentication (wrong key, path or tampered)")
    return typ, plain


def parse_typed(typ: str, plain: bytes, aad: str):
    """Turn a decrypted plaintext back into a value, the way sops' cipher does per `type`."""
    if typ == "str":
        return plain.decode("utf-8", "surrogateescape")
    if typ == "bytes":
        return plain.decode("utf-8", "surrogateescape")
    text = plain.decode("utf-8", "replace")
    if typ == "int":
        v = go_atoi(text)
    elif typ == "float":
        v = go_parse_float(text)
    elif typ == "bool":
        v = go_parse_bool(text)
    elif typ == "time":
        v = parse_rfc3339(text)
    elif typ == "comment":
        raise FormatError(f"value at '{aad}' has type comment")
    else:
        raise FormatError(f"value at '{aad}' has unknown type '{typ}'")
    if v is None:
        raise FormatError(f"value at '{aad}' of type {typ} does not parse")
    return v


# --------------------------------------------------------------------------- decrypt


def split_documents(path: str, fmt: str):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    if fmt in ("dotenv", "ini"):
        data, meta = (load_dotenv if fmt == "dotenv" else load_ini)(text)
        if meta is None:
            raise FormatError(f"metadata not found: no {'sops_ keys' if fmt == 'dotenv' else '[sops] section'}")
        return [data], meta
    if fmt == "json":
        doc = load_json(text)
        if not isinstance(doc, Pairs):
            raise FormatError("json: the top level must be an object")
        docs = [doc]
    else:
        docs = []
        for d in load_yaml_documents(text):
            if d is None:
                d = Pairs()
            if not isinstance(d, Pairs):
                raise FormatError("yaml: every document must be a mapping")
            docs.append(d)
    if not docs:
        raise FormatError("metadata not found (no document)")
    metas = [v for k, v in docs[0] if k == "sops"]
    if not metas:
        raise FormatError("metadata not found: the first document has no 'sops' key")
    if len(metas) > 1:
        raise FormatError("the first document has two 'sops' keys")
    # Later documents carry copies of the block; only the first one counts.
    data = [Pairs((k, v) for k, v in d if k != "sops") for d in docs]
    return data, metas[0]


def decrypt_file(path: str, identities: list[str], fmt: str, ignore_mac: bool = False,
                 data_key: bytes | None = None, kms_endpoint: str | None = None) -> Result:
    docs, meta = split_documents(path, fmt)
    if not isinstance(meta, Pairs):
        raise FormatError("metadata: 'sops' is not a mapping")
    validate_metadata(meta)
    rule = Rule(meta)
    mac_only = pairs_get(meta, "mac_only_encrypted")
    mac_only = mac_only is True or as_text(mac_only) == "true"
    lastmodified_raw = as_text(pairs_get(meta, "lastmodified"))
    lastmodified = parse_rfc3339(lastmodified_raw)

    key = data_key if data_key is not None else \
        open_kms_data_key(meta, kms_endpoint) if kms_endpoint else open_data_key(meta, identities)
    result = Result(documents=[], data_key=key)
    digest = hashlib.sha512()
    if mac_only:
        digest.update(MAC_ONLY_ENCRYPTED_PRIME)

    def walk(node, keys):
        if isinstance(node, Pairs):
            out = {}
            for k, v in node:
                if not isinstance(k, str):
                    raise FormatError(f"a mapping key under '{':'.join(keys)}' is not a string")
                out[k] = walk(v, keys + [k])
            return out
        if isinstance(node, list):
            # List indices are not part of the path.
            return [walk(v, keys) for v in node]
        if node is None:
            return None  # nulls are neither encrypted nor hashed
        aad = ":".join(keys) + ":"
        encrypted = rule.encrypted(keys, node)
        typ = None
        if encrypted:
            if not isinstance(node, str):
                raise FormatError(f"value at '{aad}' should be encrypted but is a {type(node).__name__}")
            if node == "":
                value = ""  # empty strings are never encrypted
            else:
                typ, plain = decrypt_envelope(node, key, aad)
                value = parse_typed(typ, plain, aad)
        else:
            value = node
        mac_bytes = canonical_bytes(value)
        if encrypted or not mac_only:
            digest.update(mac_bytes)
        result.leaves.append(Leaf(aad, encrypted, typ, mac_bytes))
        return value

    result.documents = [walk(d, []) for d in docs]
    result.computed_mac = digest.hexdigest().upper()

    mac_env = as_text(pairs_get(meta, "mac"))
    if mac_env:
        try:
            typ, plain = decrypt_envelope(mac_env, key, lastmodified.rfc3339())
            result.stored_mac = plain.decode("utf-8", "replace")
        except FormatError as e:
            if not ignore_mac:
                raise MacError(f"cannot decrypt MAC: {e}")
    if not ignore_mac:
        if result.stored_mac is None:
            raise MacError("MAC mismatch: file has no MAC")
        if result.stored_mac != result.computed_mac:
            raise MacError("MAC mismatch: the file was modified or written with a different MAC")
    return result


# --------------------------------------------------------------------------- output


def to_json_value(v):
    if isinstance(v, dict):
        return {k: to_json_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_json_value(x) for x in v]
    if isinstance(v, GoTime):
        return v.rfc3339_nano()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        # JSON has no NaN/Inf; print Go's spelling as a string.
        return "NaN" if math.isnan(v) else ("+Inf" if v > 0 else "-Inf")
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, str):
        return v.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return v


def detect_format(path: str, given: str | None) -> str:
    if given:
        return given
    lower = path.lower()
    if lower.endswith(".env"):
        return "dotenv"
    if lower.endswith(".ini"):
        return "ini"
    return "json" if lower.endswith(".json") else "yaml"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="independent sops reader (interop tests)")
    p.add_argument("file")
    p.add_argument("--identity", action="append", default=[], help="age identity file (repeatable)")
    p.add_argument("--kms-endpoint", help="open the data key through this aws kms endpoint instead of age")
    p.add_argument("--format", choices=("yaml", "json", "dotenv", "ini"))
    p.add_argument("--ignore-mac", action="store_true")
    p.add_argument("--check-comments", action="store_true",
                   help="YAML: fail (exit 1) if an encrypted comment authenticates under no enclosing path")
    p.add_argument("--comments-json", metavar="OUT",
                   help="YAML: write the decrypted comments as JSON to OUT (implies --check-comments)")
    args = p.parse_args(argv)
    fmt = detect_format(args.file, args.format)
    try:
        if not args.identity and not args.kms_endpoint:
            p.error("--identity or --kms-endpoint is required")
        result = decrypt_file(args.file, args.identity, fmt, args.ignore_mac, kms_endpoint=args.kms_endpoint)
        if fmt == "yaml" and (args.check_comments or args.comments_json):
            with open(args.file, encoding="utf-8") as f:
                text = f.read()
            try:
                comments = yaml_comments.check(
                    text, lambda env, aad: decrypt_envelope(env, result.data_key, aad))
            except ValueError as e:
                raise FormatError(str(e))
            if args.comments_json:
                with open(args.comments_json, "w", encoding="utf-8") as f:
                    json.dump(comments, f, ensure_ascii=False, indent=2)
    except MacError as e:
        print(f"sops_reader: {e}", file=sys.stderr)
        return EXIT_MAC
    except (FormatError, OSError, UnicodeDecodeError) as e:
        print(f"sops_reader: {args.file}: {e}", file=sys.stderr)
        return 1
    out = [to_json_value(d) for d in result.documents]
    payload = out if fmt == "yaml" else out[0]
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
