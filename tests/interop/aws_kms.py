"""AWS KMS for the interop reader: opens a `kms` entry's `enc` by calling a KMS endpoint's Decrypt
(AWS JSON 1.1, SigV4-signed with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment).

Written from docs/format.md (§6.1, §8.4) and AWS's public protocol description only, with the standard
library, so it shares nothing with the C# implementation it checks.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request

from gosemantics import FormatError, Pairs
from sops_metadata import KEY_LISTS, as_text, pairs_get

ARN_REGION = re.compile(r"^arn:aws[\w-]*:kms:([^:]+):[0-9]+:(key|alias)/.+")


def kms_entries(meta) -> list:
    top_level = [pairs_get(meta, n) for n in KEY_LISTS]
    groups = [meta] if any(isinstance(v, list) and v for v in top_level) else (pairs_get(meta, "key_groups") or [])
    if len(groups) != 1:
        raise FormatError("metadata: this reader needs exactly one key group")
    return [e for e in (pairs_get(groups[0], "kms") or []) if isinstance(e, Pairs)]


def _sign(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def kms_decrypt(endpoint: str, region: str, body: dict) -> dict:
    access_key = os.environ["AWS_ACCESS_KEY_ID"]
    secret = os.environ["AWS_SECRET_ACCESS_KEY"]
    payload = json.dumps(body).encode()
    url = urllib.parse.urlsplit(endpoint)
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    headers = {
        "content-type": "application/x-amz-json-1.1",
        "host": url.netloc,
        "x-amz-date": amz_date,
        "x-amz-target": "TrentService.Decrypt",
    }
    signed = ";".join(sorted(headers))
    canonical = "\n".join(["POST", url.path or "/", "", *(f"{k}:{headers[k]}" for k in sorted(headers)), "",
                           signed, hashlib.sha256(payload).hexdigest()])
    scope = f"{day}/{region}/kms/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _sign(_sign(_sign(_sign(("AWS4" + secret).encode(), day), region), "kms"), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={signed}, Signature={signature}"
    request = urllib.request.Request(endpoint, data=payload, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as e:
        raise FormatError(f"kms: http {e.code}: {e.read().decode(errors='replace')}")


def open_kms_data_key(meta, endpoint: str) -> bytes:
    errors = []
    for entry in kms_entries(meta):
        arn = as_text(pairs_get(entry, "arn")) or ""
        m = ARN_REGION.match(arn)
        if not m:
            errors.append(f"{arn}: no region in the arn")
            continue
        context = pairs_get(entry, "context")
        body = {"KeyId": arn, "CiphertextBlob": as_text(pairs_get(entry, "enc"))}
        if isinstance(context, Pairs) and context:
            body["EncryptionContext"] = {str(k): as_text(v) for k, v in context}
        try:
            key = base64.b64decode(kms_decrypt(endpoint, m.group(1), body)["Plaintext"], validate=True)
        except FormatError as e:
            errors.append(f"{arn}: {e}")
            continue
        if len(key) != 32:
            raise FormatError(f"kms entry holds {len(key)} bytes, not a 32-byte data key")
        return key
    raise FormatError("no kms entry could be opened: " + ("; ".join(errors) or "the file has no kms entry"))
