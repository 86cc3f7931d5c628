#!/usr/bin/env python3
"""age-plugin-sopsnettest: a toy age plugin for SopsNet's tests, written from the published age plugin
protocol (C2SP age-plugin.md), not from SopsNet's client. Standard library only.

  age-plugin-sopsnettest --generate              print "# recipient: age1sopsnettest1…" and the identity
  age-plugin-sopsnettest --age-plugin=recipient-v1
  age-plugin-sopsnettest --age-plugin=identity-v1

Keys (a toy, not secure): the identity holds a random 32-byte K, the recipient R = SHA-256("sopsnettest" K).
A stanza is `-> sopsnettest TAG NONCE` where TAG = base64(R[:4]); its body is the file key XOR
SHA-256(R NONCE)[:16], then HMAC-SHA-256(R, NONCE body)[:16].

Behaviour the tests switch on through the environment (test-only variables of this test plugin):
  SOPSNETTEST_LOG=FILE        append every stanza received from the client to FILE ("-> type args" lines)
  SOPSNETTEST_MSG=TEXT        send (msg; TEXT) first
  SOPSNETTEST_CONFIRM=TEXT    send (confirm, yes no; TEXT) and refuse to go on unless the answer is yes
  SOPSNETTEST_PIN=PIN         send (request-secret; "PIN for sopsnettest:") and require PIN
  SOPSNETTEST_ERROR=TEXT      answer with (error, internal; TEXT) instead of doing the work
  SOPSNETTEST_LABELS=A,B      the labels sent back when the client offers extension-labels
  SOPSNETTEST_CRASH=TEXT      print TEXT on stderr and exit 3 before speaking the protocol
"""
import base64
import hashlib
import hmac
import os
import secrets
import sys

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
NAME = "sopsnettest"


# --- Bech32 (BIP 173, without the 90-character limit, as age uses it) ---

def _polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _expand(hrp):
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert(data, frm, to, pad):
    acc, bits, out = 0, 0, []
    for v in data:
        acc = (acc << frm) | v
        bits += frm
        while bits >= to:
            bits -= to
            out.append((acc >> bits) & ((1 << to) - 1))
    if pad and bits:
        out.append((acc << (to - bits)) & ((1 << to) - 1))
    elif not pad and (bits >= frm or (acc << (to - bits)) & ((1 << to) - 1)):
        raise ValueError("bad padding")
    return out


def bech32_encode(hrp, data):
    values = _convert(data, 8, 5, True)
    mod = _polymod(_expand(hrp.lower()) + values + [0] * 6) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    s = hrp.lower() + "1" + "".join(CHARSET[v] for v in values + checksum)
    return s.upper() if hrp.isupper() else s


def bech32_decode(s):
    if s.lower() != s and s.upper() != s:
        raise ValueError("mixed case")
    lower = s.lower()
    sep = lower.rindex("1")
    hrp, values = lower[:sep], [CHARSET.index(c) for c in lower[sep + 1:]]
    if _polymod(_expand(hrp) + values) != 1:
        raise ValueError("bad checksum")
    return s[:sep], bytes(_convert(values[:-6], 5, 8, False))


# --- the plugin protocol: stanzas in the age header syntax over stdin/stdout ---

def b64(data):
    return base64.b64encode(data).decode().rstrip("=")


def unb64(text):
    data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    if b64(data) != text:
        raise ValueError("non-canonical base64")
    return data


def write(kind, args=(), body=b""):
    out = "-> " + " ".join([kind, *args]) + "\n"
    encoded = b64(body)
    for i in range(0, len(encoded) + 1, 64):
        out += encoded[i:i + 64] + "\n"
    sys.stdout.write(out)
    sys.stdout.flush()


def read():
    line = sys.stdin.readline()
    if not line.startswith("-> "):
        raise SystemExit("age-plugin-sopsnettest: expected a stanza, got %r" % line)
    words = line[3:].rstrip("\n").split(" ")
    body = b""
    while True:
        chunk = sys.stdin.readline().rstrip("\n")
        body += unb64(chunk)
        if len(chunk) < 64:
            break
    if os.environ.get("SOPSNETTEST_LOG"):
        with open(os.environ["SOPSNETTEST_LOG"], "a") as log:
            log.write("-> " + " ".join(words) + "\n")
    return words[0], words[1:], body


def phase_one():
    commands = []
    while True:
        kind, args, body = read()
        if kind == "done":
            return commands
        commands.append((kind, args, body))


def ask(kind, args=(), body=b""):
    """A bi-directional phase 2 request: send it and return the client's answer."""
    write(kind, args, body)
    return read()


def talk_to_user():
    """The optional msg / confirm / request-secret exchanges; returns an error text or None."""
    if os.environ.get("SOPSNETTEST_MSG"):
        ask("msg", body=os.environ["SOPSNETTEST_MSG"].encode())
    if os.environ.get("SOPSNETTEST_CONFIRM"):
        kind, args, _ = ask("confirm", [b64(b"yes"), b64(b"no")], os.environ["SOPSNETTEST_CONFIRM"].encode())
        if kind != "ok" or args != ["yes"]:
            return "the user did not confirm"
    if os.environ.get("SOPSNETTEST_PIN"):
        kind, _, body = ask("request-secret", body=b"PIN for sopsnettest:")
        if kind != "ok":
            return "no PIN was given"
        if body.decode() != os.environ["SOPSNETTEST_PIN"]:
            return "wrong PIN"
    if os.environ.get("SOPSNETTEST_ERROR"):
        return os.environ["SOPSNETTEST_ERROR"]
    return None


def recipient_of(key):
    return hashlib.sha256(b"sopsnettest" + key).digest()


def wrap(recipient, file_key):
    nonce = secrets.token_bytes(16)
    pad = hashlib.sha256(recipient + nonce).digest()[:16]
    body = bytes(a ^ b for a, b in zip(file_key, pad))
    mac = hmac.new(recipient, nonce + body, hashlib.sha256).digest()[:16]
    return [NAME, b64(recipient[:4]), b64(nonce)], body + mac


def unwrap(recipient, args, body):
    """The file key, None when the stanza is for another recipient; raises on a corrupt stanza."""
    if len(args) != 2 or len(body) != 32:
        raise ValueError("malformed sopsnettest stanza")
    if args[0] != b64(recipient[:4]):
        return None
    nonce, ciphertext, mac = unb64(args[1]), body[:16], body[16:]
    if not hmac.compare_digest(mac, hmac.new(recipient, nonce + ciphertext, hashlib.sha256).digest()[:16]):
        raise ValueError("the sopsnettest stanza does not authenticate")
    pad = hashlib.sha256(recipient + nonce).digest()[:16]
    return bytes(a ^ b for a, b in zip(ciphertext, pad))


def recipient_v1():
    commands = phase_one()
    recipients, keys, labels_offered = [], [], False
    for kind, args, body in commands:
        if kind == "add-recipient":
            recipients.append(args[0])
        elif kind == "add-identity":
            recipients.append(None)
            write("error", ["identity", str(len(recipients) - 1)], b"identities are not supported as recipients")
            read()
            write("done")
            return
        elif kind == "wrap-file-key":
            keys.append(body)
        elif kind == "extension-labels":
            labels_offered = True
        # anything else is grease or a newer command: ignored, as the spec requires

    parsed = []
    for index, text in enumerate(recipients):
        try:
            hrp, data = bech32_decode(text)
            if hrp != "age1" + NAME or len(data) != 32:
                raise ValueError("not a sopsnettest recipient")
            parsed.append(data)
        except ValueError as e:
            ask("error", ["recipient", str(index)], str(e).encode())
            write("done")
            return

    problem = talk_to_user()
    if problem:
        ask("error", ["internal"], problem.encode())
        write("done")
        return

    for file_index, file_key in enumerate(keys):
        for recipient in parsed:
            args, body = wrap(recipient, file_key)
            ask("recipient-stanza", [str(file_index), *args], body)
    if labels_offered and os.environ.get("SOPSNETTEST_LABELS"):
        ask("labels", os.environ["SOPSNETTEST_LABELS"].split(","))
    write("done")


def identity_v1():
    commands = phase_one()
    identities, files = [], {}
    for kind, args, body in commands:
        if kind == "add-identity":
            identities.append(args[0])
        elif kind == "recipient-stanza":
            files.setdefault(int(args[0]), []).append((args[1], args[2:], body))

    parsed = []
    for index, text in enumerate(identities):
        try:
            hrp, data = bech32_decode(text)
            if hrp != "AGE-PLUGIN-" + NAME.upper() + "-" or len(data) != 32:
                raise ValueError("not a sopsnettest identity")
            parsed.append(recipient_of(data))
        except ValueError as e:
            ask("error", ["identity", str(index)], str(e).encode())
    if len(parsed) != len(identities):
        write("done")
        return

    # Only files with a stanza of ours involve the user.
    ours = {i: s for i, s in files.items() if any(kind == NAME for kind, _, _ in s)}
    if ours:
        problem = talk_to_user()
        if problem:
            ask("error", ["internal"], problem.encode())
            write("done")
            return

    for file_index, stanzas in sorted(ours.items()):
        for stanza_index, (kind, args, body) in enumerate(stanzas):
            if kind != NAME:
                continue
            try:
                found = next((k for k in (unwrap(r, args, body) for r in parsed) if k is not None), None)
            except ValueError as e:
                ask("error", ["stanza", str(file_index), str(stanza_index)], str(e).encode())
                break
            if found is not None:
                ask("file-key", [str(file_index)], found)
                break
    write("done")


def main(argv):
    if os.environ.get("SOPSNETTEST_CRASH"):
        sys.stderr.write("starting up\n" + os.environ["SOPSNETTEST_CRASH"] + "\n")
        return 3
    if argv == ["--generate"]:
        key = secrets.token_bytes(32)
        print("# recipient: " + bech32_encode("age1" + NAME, recipient_of(key)))
        print(bech32_encode("AGE-PLUGIN-" + NAME.upper() + "-", key))
        return 0
    if argv == ["--age-plugin=recipient-v1"]:
        recipient_v1()
        return 0
    if argv == ["--age-plugin=identity-v1"]:
        identity_v1()
        return 0
    sys.stderr.write("age-plugin-sopsnettest: unknown state machine or flag %r\n" % argv)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
