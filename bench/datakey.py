#!/usr/bin/env python3
"""datakey: print the hex data key of a sops YAML/JSON file wrapped for age, for feeding a peer reader
(bench/big.sh gives it to sops-decoder-decrypt.mjs). Benchmark tooling only: sopsnet itself never prints
a data key. Uses the independent reader in tests/interop (and the `age` CLI).

Usage: datakey.py FILE AGE_IDENTITY_FILE
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "interop"))
from goyaml import load_json, load_yaml_documents  # noqa: E402
from sops_metadata import open_data_key, pairs_get  # noqa: E402

path, identity = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    text = f.read()
tree = load_json(text) if path.endswith(".json") else load_yaml_documents(text)[0]
print(open_data_key(pairs_get(tree, "sops"), [identity]).hex())
