#!/usr/bin/env python3
"""Self-check of the interop reader/writer against real sops output. Exits non-zero on any failure.

    python3 tests/interop/selfcheck.py        (from anywhere; the corpus is tests/fixtures/sops
                                               in the repository)
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(REPO, "tests", "fixtures", "sops")
IDENTITY = os.path.join(CORPUS, "keys", "age-test-identity.txt")
READER = os.path.join(HERE, "sops_reader.py")
MAKER = os.path.join(HERE, "make_file.py")

sys.path.insert(0, HERE)
import gosemantics as gs  # noqa: E402
import goyaml  # noqa: E402
import sops_reader as sr  # noqa: E402

# age-added file -> original sops file (tests/fixtures/sops/README.md).
AGE_ADDED = {
    "ft-format.age-added.env": "functional-tests/res/format.enc.env",
    "example.age-added.yaml": "example.yaml",
    "example.age-added.json": "example.json",
    "ft-comments.age-added.yaml": "functional-tests/res/comments.enc.yaml",
    "ft-format.age-added.yaml": "functional-tests/res/format.enc.yaml",
    "ft-format.age-added.json": "functional-tests/res/format.enc.json",
    "ex-secret.age-added.json": "examples/all_in_one/config/secret.enc.json",
}

failures: list[str] = []
passed = 0


def check(name: str, ok: bool, detail: str = ""):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}")


def same(a, b) -> bool:
    """Tree equality that does not let Python's 1 == 1.0 == True hide a type change."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if type(a) is not type(b):
            return False
        return a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def run_reader(path, *extra, identity=IDENTITY):
    proc = subprocess.run([sys.executable, READER, path, "--identity", identity, *extra],
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def run_maker(plaintext, out, *extra):
    recipient = subprocess.run(["age-keygen", "-y", IDENTITY], capture_output=True, text=True,
                               check=True).stdout.strip()
    proc = subprocess.run([sys.executable, MAKER, plaintext, "--recipient", recipient, "-o", out, *extra],
                          capture_output=True, text=True)
    return proc.returncode, proc.stderr


# --------------------------------------------------------------------------- 1. real sops files


def check_corpus():
    for name, original in AGE_ADDED.items():
        path = os.path.join(CORPUS, "age-added", name)
        rc, out, err = run_reader(path)
        check(f"corpus {name} exit 0", rc == 0, f"rc={rc} {err.strip()}")
        if rc != 0:
            continue
        with open(os.path.join(CORPUS, "expected", original + ".json")) as f:
            expected = json.load(f)
        got = json.loads(out)
        if name.endswith(".yaml"):
            check(f"corpus {name} is a list of one document", isinstance(got, list) and len(got) == 1)
            got = got[0] if isinstance(got, list) and got else got
        check(f"corpus {name} tree", same(got, expected), f"\n got {got}\nwant {expected}")


def check_vectors():
    """Per-leaf known answers (AAD, encrypted?, type, MAC bytes), data key and MAC."""
    for name, original in AGE_ADDED.items():
        vec_path = os.path.join(CORPUS, "derived-vectors", original + ".vectors.json")
        with open(vec_path) as f:
            vec = json.load(f)
        fmt = sr.detect_format(name, None)
        try:
            # MAC compared explicitly below, so that a mismatch still shows the leaf diff.
            res = sr.decrypt_file(os.path.join(CORPUS, "age-added", name), [IDENTITY], fmt, ignore_mac=True)
        except Exception as e:  # noqa: BLE001
            check(f"vectors {name}", False, repr(e))
            continue
        check(f"vectors {name} data key", res.data_key.hex() == vec["test_data_key_hex"])
        check(f"vectors {name} mac", res.computed_mac == vec["computed_mac_sha512_upper_hex"]
              and res.stored_mac == vec["decrypted_mac_from_file"])
        # The vectors list only leaves that feed the MAC; empty strings feed zero bytes and
        # may or may not be listed, so compare the non-empty ones.
        got = [(l.aad, l.encrypted, l.type, l.mac_bytes.decode()) for l in res.leaves if l.mac_bytes]
        want = [(v["aad"], v["encrypted"], v["type"], v["mac_bytes_utf8"])
                for v in vec["values_in_mac_order"] if v["mac_bytes_utf8"]]
        check(f"vectors {name} leaves", got == want, f"\n got {got}\nwant {want}")

    # Also the PGP-only files, with the data key from the vectors (no age stanza needed).
    for original, fmt in [("example.yaml", "yaml"), ("functional-tests/res/no_mac.yaml", "yaml"),
                          ("functional-tests/res/format.enc.env", "dotenv"),
                          ("functional-tests/res/format.enc.ini", "ini"),
                          ("functional-tests/res/format-2.enc.ini", "ini")]:
        with open(os.path.join(CORPUS, "derived-vectors", original + ".vectors.json")) as f:
            vec = json.load(f)
        key = bytes.fromhex(vec["test_data_key_hex"])
        path = os.path.join(CORPUS, "sops", original)
        no_mac = vec["decrypted_mac_from_file"] is None
        try:
            res = sr.decrypt_file(path, [], fmt, ignore_mac=no_mac, data_key=key)
            check(f"vectors sops/{original} mac", res.computed_mac == vec["computed_mac_sha512_upper_hex"])
            if fmt in ("dotenv", "ini"):
                with open(os.path.join(CORPUS, "expected", original + ".json")) as f:
                    expected = json.load(f)
                check(f"vectors sops/{original} tree", same(res.documents[0], expected), repr(res.documents[0]))
        except Exception as e:  # noqa: BLE001
            check(f"vectors sops/{original}", False, repr(e))
        if no_mac:
            try:
                sr.decrypt_file(path, [], fmt, data_key=key)
                check(f"sops/{original} without --ignore-mac fails", False, "no error")
            except sr.MacError:
                check(f"sops/{original} without --ignore-mac fails", True)


# --------------------------------------------------------------------------- 2. primitives


def check_primitives():
    # Known-answer vector from aes/cipher_test.go (docs/format.md §1.1).
    typ, plain = sr.decrypt_envelope(
        "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,"
        "tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]", b"\x66" * 32, "bar:")
    check("aes-gcm KAT", (typ, plain) == ("str", b"foo"))

    floats = {1.0: "1", 0.5: "0.5", 1e21: "1000000000000000000000", 1e-7: "0.0000001", -0.0: "-0",
              1234568000.0: "1234568000", 25.4: "25.4", math.inf: "+Inf", -math.inf: "-Inf"}
    for f, want in floats.items():
        check(f"go float {f!r}", gs.go_format_float(f) == want, gs.go_format_float(f))

    # go-yaml v3 plain scalar resolution (docs/format.md §7.1).
    cases = {
        "true": True, "True": True, "TRUE": True, "false": False, "FALSE": False,
        "yes": "yes", "no": "no", "on": "on", "off": "off", "y": "y",
        "null": None, "~": None, "Null": None, "": None,
        "42": 42, "-17": -17, "+5": 5, "0x1F": 31, "0o17": 15, "017": 15, "0b101": 5, "1_000": 1000,
        "08": 8.0, "1.5": 1.5, "1e3": 1000.0, ".5": 0.5, "-.inf": -math.inf, "3.10": 3.1,
        "1e400": "1e400", "12:30": "12:30", "_1": "_1", "0x": "0x", "1.2.3": "1.2.3",
        "9223372036854775807": 9223372036854775807, "-9223372036854775808": -9223372036854775808,
    }
    for text, want in cases.items():
        got = goyaml.resolve_plain(text)
        check(f"resolve {text!r}", same(got, want), repr(got))
    try:
        goyaml.resolve_plain("18446744073709551615")
        check("resolve uint64 rejected", False, "no error")
    except goyaml.Uint64Value:
        check("resolve uint64 rejected", True)
    times = {"2024-01-01": "2024-01-01T00:00:00Z",
             "2001-12-14t21:59:43.10-05:00": "2001-12-14T21:59:43.1-05:00",
             "2001-12-14 21:59:43.10": "2001-12-14T21:59:43.1Z",
             "2006-1-2T3:4:5+07:06": "2006-01-02T03:04:05+07:06",
             "2024-01-01T00:00:00+00:00": "2024-01-01T00:00:00Z"}
    for text, want in times.items():
        got = goyaml.resolve_plain(text)
        check(f"resolve time {text!r}", isinstance(got, gs.GoTime) and got.rfc3339_nano() == want, repr(got))
    for text in ["2024-02-30", "2024-13-01", "2001-12-14 21:59:43.10 -5"]:
        check(f"not a time {text!r}", goyaml.resolve_plain(text) == text, repr(goyaml.resolve_plain(text)))


def check_comments(tmp):
    for name, original in [("example.age-added.yaml", "example.yaml"),
                           ("ft-comments.age-added.yaml", "functional-tests/res/comments.enc.yaml")]:
        out = os.path.join(tmp, "comments.json")
        rc, _, err = run_reader(os.path.join(CORPUS, "age-added", name), "--comments-json", out)
        check(f"comments {name} exit 0", rc == 0, err.strip())
        if rc != 0:
            continue
        with open(out) as f:
            got = [(c["aad"], c["text"]) for c in json.load(f)]
        with open(os.path.join(CORPUS, "derived-vectors", original + ".vectors.json")) as f:
            want = [(c["aad"], c["plaintext"]) for c in json.load(f)["encrypted_comments"]]
        check(f"comments {name} match vectors", got == want, f"\n got {got}\nwant {want}")

    with open(os.path.join(CORPUS, "age-added", "example.age-added.yaml")) as f:
        text = f.read()
    comment = re.search(r"\n( +)(#ENC\[[^\n]*)\n", text)
    # The app2:db comment moved to the top level no longer authenticates.
    moved = text.replace(comment.group(0), "\n").replace("\nnumber:", "\n" + comment.group(2) + "\nnumber:")
    path = os.path.join(tmp, "moved-comment.yaml")
    with open(path, "w") as f:
        f.write(moved)
    check("moved comment, --check-comments -> 1", run_reader(path, "--check-comments")[0] == 1)
    check("moved comment ignored without --check-comments -> 0", run_reader(path)[0] == 0)
    tampered = text.replace(comment.group(2), comment.group(2).replace("data:", "data:A", 1))
    with open(path, "w") as f:
        f.write(tampered)
    check("tampered comment, --check-comments -> 1", run_reader(path, "--check-comments")[0] == 1)


# --------------------------------------------------------------------------- 3. tampering


def check_tampering(tmp):
    src = os.path.join(CORPUS, "age-added", "example.age-added.yaml")
    with open(src) as f:
        original = f.read()

    def variant(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    p = variant("clear-changed.yaml", original.replace("remain in clear text", "remain in clear text!"))
    check("clear value changed -> 51", run_reader(p)[0] == 51)
    rc, out, _ = run_reader(p, "--ignore-mac")
    check("clear value changed, --ignore-mac -> 0", rc == 0 and "remain in clear text!" in out)

    p = variant("lastmodified.yaml", original.replace('"2025-08-06T18:55:05Z"', '"2025-08-06T18:55:06Z"'))
    check("lastmodified changed -> 51", run_reader(p)[0] == 51)

    p = variant("no-mac.yaml", re.sub(r"\n    mac: [^\n]*", "", original))
    check("mac removed -> 51", run_reader(p)[0] == 51)
    check("mac removed, --ignore-mac -> 0", run_reader(p, "--ignore-mac")[0] == 0)

    p = variant("value-tampered.yaml", original.replace("data:tQ1l,", "data:tQ1m,"))
    rc, _, err = run_reader(p)
    check("ciphertext tampered -> 1", rc == 1 and err.count("\n") == 1, f"rc={rc} {err!r}")

    # Moving an envelope to another path must fail authentication (AAD = path).
    user = re.search(r"user: (ENC\[[^\n]*)", original).group(1)
    password = re.search(r"password: (ENC\[[^\n]*)", original).group(1)
    swapped = original.replace(user, "@@").replace(password, user).replace("@@", password)
    check("envelopes swapped -> 1", run_reader(variant("swapped.yaml", swapped))[0] == 1)

    other = os.path.join(tmp, "other-identity.txt")
    subprocess.run(["age-keygen", "-o", other], capture_output=True, check=True)
    check("wrong identity -> 1", run_reader(src, identity=other)[0] == 1)

    p = variant("not-sops.yaml", "a: b\n")
    check("no metadata -> 1", run_reader(p)[0] == 1)


def check_metadata_shapes(tmp):
    """Key groups and the metadata checks that real sops 3.13 applies when loading."""
    import make_file as mf

    src = os.path.join(CORPUS, "age-added", "ft-format.age-added.yaml")
    with open(src) as f:
        base_doc = goyaml.load_yaml_documents(f.read())[0]

    def variant(name, edit):
        doc = gs.Pairs((k, gs.Pairs(v) if k == "sops" else v) for k, v in base_doc)
        meta = dict(doc)["sops"]
        edit(meta)
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(mf.to_yaml(doc))
        return run_reader(path)[0]

    def put(meta, key, value):
        for i, (k, _) in enumerate(meta):
            if k == key:
                meta[i] = (k, value)
                return
        meta.append((key, value))

    def drop(meta, key):
        meta[:] = [(k, v) for k, v in meta if k != key]

    def get(meta, key):
        return dict(meta)[key]

    check("re-emitted corpus file still reads", variant("same.yaml", lambda m: None) == 0)

    def one_group(m):
        group = gs.Pairs([("age", get(m, "age")), ("hc_vault", [])])
        drop(m, "age")
        drop(m, "pgp")
        put(m, "key_groups", [group])
    check("age entry inside a single key group -> 0", variant("kg1.yaml", one_group) == 0)

    def two_groups(m):
        one_group(m)
        put(m, "key_groups", get(m, "key_groups") * 2)
        put(m, "shamir_threshold", 2)
    check("two key groups (shamir) -> 1", variant("kg2.yaml", two_groups) == 1)

    def top_level_wins(m):
        put(m, "key_groups", [gs.Pairs([("age", []), ("hc_vault", [])])])
    check("top-level keys win over key_groups -> 0", variant("kg3.yaml", top_level_wins) == 0)

    lm = get(base_doc[-1][1], "lastmodified")
    check("unquoted lastmodified -> 1",
          variant("lm.yaml", lambda m: put(m, "lastmodified", gs.parse_rfc3339(lm))) == 1)
    check("version 3.10 unquoted (a float) -> 1", variant("v1.yaml", lambda m: put(m, "version", 3.1)) == 1)
    check("version missing -> 1", variant("v2.yaml", lambda m: drop(m, "version")) == 1)

    def pgp_created_at(m):
        entry = gs.Pairs(get(m, "pgp")[0])
        put(entry, "created_at", gs.parse_rfc3339(get(entry, "created_at")))
        put(m, "pgp", [entry])
    check("unquoted pgp created_at -> 1", variant("ca.yaml", pgp_created_at) == 1)
    check("two selection rules -> 1",
          variant("rules.yaml", lambda m: put(m, "encrypted_suffix", "_x")) == 1)


# --------------------------------------------------------------------------- 4. make_file round trips


def check_make_file(tmp):
    ks = os.path.join(HERE, "fixtures", "plain-kitchen-sink.yaml")
    sample = os.path.join(HERE, "fixtures", "plain-sample.json")
    with open(os.path.join(HERE, "fixtures", "plain-kitchen-sink.expected.json")) as f:
        ks_expected = json.load(f)
    with open(os.path.join(HERE, "fixtures", "plain-sample.expected.json")) as f:
        sample_expected = json.load(f)

    runs = [
        (ks, "yaml", ks_expected, []),
        (ks, "yaml", ks_expected, ["--encrypted-suffix", "_secret"]),
        (ks, "yaml", ks_expected, ["--encrypted-regex", "^(nested|list_of_maps)$"]),
        (ks, "yaml", ks_expected, ["--unencrypted-regex", "^(string|int)$", "--mac-only-encrypted"]),
        (sample, "json", sample_expected, []),
        (sample, "json", sample_expected, ["--mac-only-encrypted", "--lastmodified", "2024-05-06T07:08:09Z"]),
    ]
    for i, (plain, fmt, expected, extra) in enumerate(runs):
        out = os.path.join(tmp, f"made-{i}.{fmt}")
        rc, err = run_maker(plain, out, *extra)
        label = f"make_file {os.path.basename(plain)} {' '.join(extra) or '(default rule)'}"
        check(label + " exit 0", rc == 0, err.strip())
        if rc != 0:
            continue
        rc, got, err = run_reader(out)
        check(label + " reads back, MAC OK", rc == 0, err.strip())
        if rc == 0:
            check(label + " tree", same(json.loads(got), expected))
        with open(out) as f:
            text = f.read()
        check(label + " writes version 3.13.2", "3.13.2" in text)
        if fmt == "yaml":
            check(label + " YAML is 4-space indented", "\n    age:\n        - enc: |\n" in text)

    # A value flipped in a made file must be caught by the MAC (MAC covers clear values too).
    out = os.path.join(tmp, "made-flip.yaml")
    run_maker(ks, out)
    with open(out) as f:
        text = f.read()
    with open(out, "w") as f:
        f.write(text.replace("secret_unencrypted: clear text", "secret_unencrypted: clear text2"))
    check("make_file: flipped clear value -> 51", run_reader(out)[0] == 51)


# --------------------------------------------------------------------------- 5. dotenv and INI rules


def check_flat_formats(tmp):
    import flat_formats as ff

    data, meta = ff.load_dotenv('A="q"\nfoo = bar\n\n#c\nP=a\\nb\nsops_version=3.13.2\n'
                                'sops_pgp__list_0__map_fp=F\nsops_pgp__list_1__map_fp=G\n')
    check("dotenv verbatim keys and values", list(data) == [("A", '"q"'), ("foo ", " bar"), ("P", "a\nb")], repr(data))
    check("dotenv metadata un-flattened",
          meta == [("version", "3.13.2"), ("pgp", [[("fp", "F")], [("fp", "G")]])], repr(meta))
    for bad in ["A=1\nno equals\n", "sops_a__list_1=x\n", "sops_a=1\nsops_a__map_b=2\n"]:
        try:
            ff.load_dotenv(bad)
            check(f"dotenv rejects {bad!r}", False, "no error")
        except gs.FormatError:
            check(f"dotenv rejects {bad!r}", True)

    data, meta = ff.load_ini('top = 1\n[s]\n; c\nk = v ; inline\nq = "  x  "\nb = `a;b`\n'
                             't = """l1\nl2"""\nc = a\\\n  b\n[s]\nk = 2\n[sops]\nversion = 3.13.2\n')
    check("ini sections, quotes, continuation, duplicate sections",
          data == [("DEFAULT", [("top", "1")]),
                   ("s", [("k", "v"), ("q", "  x  "), ("b", "a;b"), ("t", "l1\nl2"), ("c", "ab")]),
                   ("s", [("k", "2")])], repr(data))
    check("ini metadata", meta == [("version", "3.13.2")], repr(meta))
    try:
        ff.load_ini("[s]\nk = 1\nk = 2\n")
        check("ini rejects duplicate keys", False, "no error")
    except gs.FormatError:
        check("ini rejects duplicate keys", True)

    # A changed value in the age-added dotenv file fails authentication; a removed line fails the MAC.
    with open(os.path.join(CORPUS, "age-added", "ft-format.age-added.env")) as f:
        text = f.read()
    path = os.path.join(tmp, "tampered.env")
    with open(path, "w") as f:
        f.write(text.replace("foo =ENC", "foo=ENC", 1))
    check("dotenv key changed (AAD) -> 1", run_reader(path)[0] == 1)
    with open(path, "w") as f:
        f.write(text.replace("foo =ENC", "extra_unencrypted=clear\nfoo =ENC", 1))
    check("dotenv clear line added -> 51", run_reader(path)[0] == 51)


def main() -> int:
    if not os.path.isdir(CORPUS):
        print(f"corpus not found at {CORPUS}")
        return 2
    if shutil.which("age") is None:
        print("the age CLI is required")
        return 2
    tmp = tempfile.mkdtemp(prefix="sops-interop-")
    try:
        check_primitives()
        check_corpus()
        check_vectors()
        check_comments(tmp)
        check_tampering(tmp)
        check_metadata_shapes(tmp)
        check_make_file(tmp)
        check_flat_formats(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} checks passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
