"""Go value semantics that SOPS files depend on (time.Time, strconv parsing and formatting, the
canonical MAC bytes), re-implemented from the spec with the standard library only.

Independent of SopsNet on purpose: this is the "other implementation" the interop tests
compare against.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from decimal import Decimal


class FormatError(Exception):
    """The input is not a file this reader accepts (exit 1)."""


class Pairs(list):
    """An ordered mapping kept as a list of (key, value): SOPS walks mappings in file order,
    and the JSON store keeps duplicate keys as separate items (both are hashed)."""


# --------------------------------------------------------------------------- time


class GoTime:
    """A Go time.Time as far as SOPS needs it: nanosecond precision and a fixed offset.

    Python's datetime stops at microseconds, and `type:time` plaintexts carry nanoseconds."""

    def __init__(self, year, month, day, hour, minute, second, nanos, offset_minutes):
        # Go's time.Parse rejects impossible dates (Feb 30) with "day out of range".
        datetime.datetime(year, month, day, hour, minute, second)
        self.fields = (year, month, day, hour, minute, second)
        self.nanos = nanos
        self.offset_minutes = offset_minutes

    def _zone(self) -> str:
        # Go writes "Z" for any zero offset (UTC, +00:00, a zero-offset Local) in RFC 3339.
        if self.offset_minutes == 0:
            return "Z"
        sign = "+" if self.offset_minutes > 0 else "-"
        h, m = divmod(abs(self.offset_minutes), 60)
        return f"{sign}{h:02d}:{m:02d}"

    def rfc3339(self) -> str:
        """time.RFC3339: seconds precision (fraction dropped); the MAC's AAD form."""
        y, mo, d, h, mi, s = self.fields
        return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{self._zone()}"

    def rfc3339_nano(self) -> str:
        """time.MarshalText: RFC 3339 with nanoseconds, trailing zeros of the fraction trimmed."""
        y, mo, d, h, mi, s = self.fields
        frac = ""
        if self.nanos:
            frac = "." + f"{self.nanos:09d}".rstrip("0")
        return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{frac}{self._zone()}"

    def instant(self):
        y, mo, d, h, mi, s = self.fields
        secs = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) - self.offset_minutes * 60
        return (secs, self.nanos)

    def __eq__(self, other):
        return isinstance(other, GoTime) and self.rfc3339_nano() == other.rfc3339_nano()

    def __hash__(self):
        return hash(self.rfc3339_nano())

    def __repr__(self):
        return f"GoTime({self.rfc3339_nano()})"


def _nanos(frac: str | None) -> int:
    if not frac:
        return 0
    # Go's parseNanoseconds keeps at most 9 digits and ignores the rest.
    digits = frac[1:10]
    return int(digits.ljust(9, "0"))


def _offset(zone: str | None) -> int:
    if zone is None or zone == "Z":
        return 0
    sign = 1 if zone[0] == "+" else -1
    return sign * (int(zone[1:3]) * 60 + int(zone[4:6]))


def _make_time(y, mo, d, h, mi, s, frac, zone):
    y, mo, d, h, mi, s = int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0)
    if not (1 <= mo <= 12 and h < 24 and mi < 60 and s < 60):
        return None
    if zone not in (None, "Z") and (int(zone[1:3]) > 24 or int(zone[4:6]) > 60):
        return None
    try:
        return GoTime(y, mo, d, h, mi, s, _nanos(frac), _offset(zone))
    except ValueError:
        return None


_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([.,]\d+)?(Z|[+-]\d{2}:\d{2})\Z")


def parse_rfc3339(s: str) -> GoTime | None:
    """Go time.Parse(time.RFC3339, s): two-digit fields, optional fraction, Z or +hh:mm."""
    m = _RFC3339.match(s)
    return _make_time(*m.groups()) if m else None


# go-yaml v3 parseTimestamp: the four layouts it tries, in Go's lenient field widths.
_YAML_TS = [
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})([.,]\d+)?(Z|[+-]\d{2}:\d{2})\Z"),
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})t(\d{1,2}):(\d{1,2}):(\d{1,2})([.,]\d+)?(Z|[+-]\d{2}:\d{2})\Z"),
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})([.,]\d+)?()\Z"),
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})()()()()()\Z"),
]


def parse_yaml_timestamp(s: str) -> GoTime | None:
    if not re.match(r"\d{4}-", s):
        return None
    for rx in _YAML_TS:
        m = rx.match(s)
        if m:
            g = [x if x != "" else None for x in m.groups()]
            t = _make_time(*g)
            if t is not None:
                return t
    return None


# --------------------------------------------------------------------------- numbers

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _underscore_ok(s: str) -> bool:
    """Go strconv underscoreOK: '_' only between digits (or after a base prefix)."""
    saw = "^"
    i = 0
    if s[:1] in ("-", "+"):
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i, saw, hexa = 2, "0", s[1].lower() == "x"
    while i < len(s):
        c = s[i]
        if c.isdigit() and c.isascii() or hexa and c.lower() in "abcdef":
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def go_parse_int_base0(s: str) -> int | None:
    """strconv.ParseInt(s, 0, 64) without the underscore rule (callers strip '_' first).
    Returns None on syntax error; an out-of-range value is returned as is (caller checks)."""
    m = re.fullmatch(r"([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)", s)
    if not m:
        return None
    sign, body = m.groups()
    low = body.lower()
    if low.startswith("0x"):
        v = int(body[2:], 16)
    elif low.startswith("0b"):
        v = int(body[2:], 2)
    elif low.startswith("0o"):
        v = int(body[2:], 8)
    elif body.startswith("0") and len(body) > 1:
        v = int(body[1:], 8)
    else:
        v = int(body)
    return -v if sign == "-" else v


def go_atoi(s: str) -> int | None:
    """strconv.Atoi: decimal, optional sign, 64-bit range."""
    if not re.fullmatch(r"[+-]?[0-9]+", s):
        return None
    v = int(s)
    return v if INT64_MIN <= v <= INT64_MAX else None


_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+")


def go_parse_float(s: str) -> float | None:
    """strconv.ParseFloat(s, 64); None on syntax error or overflow (Go returns ErrRange)."""
    low = s.lower()
    body = low[1:] if low[:1] in "+-" else low
    if body in ("inf", "infinity"):
        return -math.inf if low.startswith("-") else math.inf
    if body == "nan":
        return math.nan
    if "_" in s:
        if not _underscore_ok(s):
            return None
        s = s.replace("_", "")
    if _HEX_FLOAT.fullmatch(s):
        sign = -1.0 if s.startswith("-") else 1.0
        try:
            v = sign * float.fromhex(s.lstrip("+-"))
        except OverflowError:
            return None
    elif _DEC_FLOAT.fullmatch(s):
        v = float(s)
    else:
        return None
    if math.isinf(v):
        return None
    return v


def go_format_float(f: float) -> str:
    """strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    # Python's repr is also the shortest string that round-trips; only the layout differs.
    text = format(Decimal(repr(f)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


_GO_PARSEBOOL = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
                 "0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False}


def go_parse_bool(s: str) -> bool | None:
    return _GO_PARSEBOOL.get(s)


# --------------------------------------------------------------------------- canonical bytes


def canonical_bytes(value) -> bytes:
    """The bytes sops feeds to the MAC (and encrypts) for a leaf value."""
    if isinstance(value, bool):
        return b"True" if value else b"False"
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, float):
        return go_format_float(value).encode()
    if isinstance(value, GoTime):
        return value.rfc3339_nano().encode()
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    raise FormatError(f"unsupported leaf type {type(value).__name__}")


def type_name(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, GoTime):
        return "time"
    if isinstance(value, bytes):
        return "bytes"
    return "str"
