"""Prints a YAML file's documents as a JSON list, read with the interop reader's go-yaml semantics
(so a test can compare what SopsNet wrote with an expected tree without trusting SopsNet's parser)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "interop"))
from gosemantics import Pairs  # noqa: E402
from goyaml import load_yaml_documents  # noqa: E402
from sops_reader import to_json_value  # noqa: E402


def plain(v):
    if isinstance(v, Pairs):
        return {k: plain(x) for k, x in v}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


with open(sys.argv[1], encoding="utf-8") as f:
    docs = load_yaml_documents(f.read())
print(json.dumps([to_json_value(plain(d)) for d in docs], ensure_ascii=False))
