"""The `sops` metadata block: selection rule, the checks sops 3.13 applies on load, and the data
key from an age entry (via the `age` CLI)."""

from __future__ import annotations

import re
import subprocess

from gosemantics import FormatError, GoTime, Pairs, parse_rfc3339

# sops' own regex, greedy fields, but anchored at both ends: sops's Go regexp ignores text after the
# closing bracket, other readers (npm sops-age) do not, so a writer must not rely on it.
ENVELOPE = re.compile(r"^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]\Z")

KEY_LISTS = ("kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "pgp", "age")
RULES = ("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex",
         "unencrypted_comment_regex", "encrypted_comment_regex")


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
        lines = proc.stderr.decode(errors="replace").strip().splitlines() or ["age failed"]
        errors.append(next((l for l in lines if "error:" in l), lines[0]))
    if not errors:
        raise FormatError("metadata: no age key entry in the file")
    raise FormatError("no age entry could be opened with the given identity: " + errors[0])
