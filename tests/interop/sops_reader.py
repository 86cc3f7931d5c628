#!/usr/bin/env python3
"""Independent SOPS (3.x) reader for interop tests: decrypts a YAML/JSON sops file with an age
identity, verifies the MAC and prints the plaintext tree as JSON.

    sops_reader.py FILE --identity AGE_KEY_FILE [--format yaml|json] [--ignore-mac]

Exit 0: decrypted (and MAC OK unless --ignore-mac); stdout = JSON (a list of documents for YAML,
the object for JSON). Exit 51: MAC missing, undecryptable or mismatched. Exit 1: anything else.
Written from /work/shared/spec/sops-format.md only; see README.md for what it covers.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import math
import os
import re
import subprocess
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
    load_json,
    load_yaml_documents,
    parse_rfc3339,
)

EXIT_MAC = 51

# Same shape as sops' own regex: anchored at the start only, greedy fields.
ENVELOPE = re.compile(r"^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]")

# SHA-256("sops"): primes the hash when mac_only_encrypted is set, so both modes never collide.
MAC_ONLY_ENCRYPTED_PRIME = bytes.fromhex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69")

KEY_LISTS = ("kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "pgp", "age")
RULES = ("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex",
         "unencrypted_comment_regex", "encrypted_comment_regex")


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


# --------------------------------------------------------------------------- metadata


def pairs_get(pairs, name):
    """Metadata keys are matched case-insensitively by sops 3.13 (mapstructure)."""
    if not isinstance(pairs, Pairs):
        return None
    for k, v in pairs:
        if isinstance(k, str) and k == name:
            return v
    for k, v in pairs:
        if isinstance(k, str) and k.lower() == name:
            return v
    return None


def as_text(v):
    if v is None:
        return None
    if isinstance(v, GoTime):
        return v.rfc3339_nano()
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


class Rule:
    """The one selection rule (§3.1); the default is unencrypted_suffix=_unencrypted."""

    def __init__(self, meta):
        present = [(name, as_text(pairs_get(meta, name))) for name in RULES]
        present = [(n, v) for n, v in present if v]  # sops treats "" as unset
        if len(present) > 1:
            raise FormatError("metadata: more than one selection rule: " + ", ".join(n for n, _ in present))
        self.name, self.value = present[0] if present else ("unencrypted_suffix", "_unencrypted")
        if self.name.endswith("_regex"):
            try:
                self.regex = re.compile(self.value)
            except re.error as e:
                raise FormatError(f"metadata: {self.name} does not compile: {e}")

    def encrypted(self, path: list[str], value) -> bool:
        if self.name == "unencrypted_suffix":
            return not any(k.endswith(self.value) for k in path)
        if self.name == "encrypted_suffix":
            return any(k.endswith(self.value) for k in path)
        if self.name == "unencrypted_regex":
            return not any(self.regex.search(k) for k in path)
        if self.name == "encrypted_regex":
            return any(self.regex.search(k) for k in path)
        # Comment-driven rules need the YAML comments, which PyYAML drops: judge by the value
        # instead (an envelope is decrypted, anything else is clear). See README.
        return isinstance(value, str) and ENVELOPE.match(value) is not None


SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\Z")


def validate_metadata(meta):
    """Refuse what the real sops 3.13 refuses while loading metadata, so that a SopsNet file that
    sops could not open does not pass here: an unparsable `version` (checked with a semver parser
    on every decrypt), `lastmodified`/`created_at` that are not RFC 3339 strings (an unquoted YAML
    timestamp becomes a time object that 3.13's weak decoder cannot turn into a string)."""

    def text_field(owner, name, where, required=True):
        v = pairs_get(owner, name)
        if v is None:
            if required:
                raise FormatError(f"metadata: {where}{name} is missing")
            return None
        if isinstance(v, GoTime):
            raise FormatError(f"metadata: {where}{name} is an unquoted YAML timestamp; sops 3.13 needs a string")
        if isinstance(v, (Pairs, list)):
            raise FormatError(f"metadata: {where}{name} is not a scalar")
        return as_text(v)

    if parse_rfc3339(text_field(meta, "lastmodified", "")) is None:
        raise FormatError("metadata: lastmodified is not RFC 3339")
    version = text_field(meta, "version", "")
    if not SEMVER.match(version):
        raise FormatError(f"metadata: version '{version}' is not a semver version")
    text_field(meta, "mac", "", required=False)
    groups = [("", meta)]
    key_groups = pairs_get(meta, "key_groups")
    if isinstance(key_groups, list):
        groups += [(f"key_groups[{i}].", g) for i, g in enumerate(key_groups)]
    elif key_groups is not None:
        raise FormatError("metadata: key_groups is not a list")
    for prefix, group in groups:
        if not isinstance(group, Pairs):
            raise FormatError(f"metadata: {prefix or 'key group'} is not a mapping")
        for name in KEY_LISTS:
            entries = pairs_get(group, name)
            if entries is None:
                continue
            if not isinstance(entries, list):
                raise FormatError(f"metadata: {prefix}{name} is not a list")
            for i, entry in enumerate(entries):
                where = f"{prefix}{name}[{i}]."
                if not isinstance(entry, Pairs):
                    raise FormatError(f"metadata: {where[:-1]} is not a mapping")
                text_field(entry, "enc", where)
                if name == "age":
                    text_field(entry, "recipient", where)
                elif parse_rfc3339(text_field(entry, "created_at", where)) is None:
                    raise FormatError(f"metadata: {where}created_at is not RFC 3339")


def age_entries(meta) -> list:
    """Reader rule: any non-empty top-level key list => one group from the top level;
    otherwise key_groups (only a single group: no Shamir here)."""
    top_level = [pairs_get(meta, n) for n in KEY_LISTS]
    if any(isinstance(v, list) and v for v in top_level):
        groups = [meta]
    else:
        groups = pairs_get(meta, "key_groups") or []
        if not isinstance(groups, list) or not groups:
            raise FormatError("metadata: no keys found in file")
        if len(groups) > 1:
            raise FormatError("metadata: several key groups (shamir) are not supported by this reader")
    entries = pairs_get(groups[0], "age") or []
    return [e for e in entries if isinstance(e, Pairs)]


def open_data_key(meta, identities: list[str]) -> bytes:
    errors = []
    for entry in age_entries(meta):
        enc = as_text(pairs_get(entry, "enc"))
        if not enc:
            continue
        cmd = ["age", "-d"]
        for ident in identities:
            cmd += ["-i", ident]
        proc = subprocess.run(cmd, input=enc.encode(), capture_output=True)
        if proc.returncode == 0:
            if len(proc.stdout) != 32:
                raise FormatError(f"age stanza holds {len(proc.stdout)} bytes, not a 32-byte data key")
            return proc.stdout
        errors.append(proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"])
    if not errors:
        raise FormatError("metadata: no age key entry in the file")
    raise FormatError("no age entry could be opened with the given identity: " + errors[0][0])


# --------------------------------------------------------------------------- decrypt


def split_documents(path: str, fmt: str):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
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
                 data_key: bytes | None = None) -> Result:
    docs, meta = split_documents(path, fmt)
    if not isinstance(meta, Pairs):
        raise FormatError("metadata: 'sops' is not a mapping")
    validate_metadata(meta)
    rule = Rule(meta)
    mac_only = pairs_get(meta, "mac_only_encrypted")
    mac_only = mac_only is True or as_text(mac_only) == "true"
    lastmodified_raw = as_text(pairs_get(meta, "lastmodified"))
    lastmodified = parse_rfc3339(lastmodified_raw)

    key = data_key if data_key is not None else open_data_key(meta, identities)
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
    return "json" if path.lower().endswith(".json") else "yaml"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="independent sops reader (interop tests)")
    p.add_argument("file")
    p.add_argument("--identity", action="append", required=True, help="age identity file (repeatable)")
    p.add_argument("--format", choices=("yaml", "json"))
    p.add_argument("--ignore-mac", action="store_true")
    p.add_argument("--check-comments", action="store_true",
                   help="YAML: fail (exit 1) if an encrypted comment authenticates under no enclosing path")
    p.add_argument("--comments-json", metavar="OUT",
                   help="YAML: write the decrypted comments as JSON to OUT (implies --check-comments)")
    args = p.parse_args(argv)
    fmt = detect_format(args.file, args.format)
    try:
        result = decrypt_file(args.file, args.identity, fmt, args.ignore_mac)
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
