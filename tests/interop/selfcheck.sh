#!/bin/sh
# Self-check of the independent sops reader/writer against real sops files; non-zero on failure.
exec python3 "$(dirname "$0")/selfcheck.py" "$@"
