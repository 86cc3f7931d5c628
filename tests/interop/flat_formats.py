"""dotenv and INI files as sops reads them (docs/format.md §6.3, §6.4, §7.3, §7.4), written from the spec only.

Both return (data, metadata): data is a Pairs tree (dotenv: key -> string; INI: section -> Pairs of
key -> string), metadata the un-flattened `sops` block as Pairs/lists of strings, or None.
"""

from __future__ import annotations

import re

from gosemantics import FormatError, Pairs

SEPARATOR = re.compile(r"__(map|list)_")


# --------------------------------------------------------------------------- metadata flattening


def unflatten(entries: list[tuple[str, str]], what: str):
    """`pgp__list_0__map_enc` -> {pgp: [{enc: ...}]}. Lists must be complete; a path is either a value
    or a container; duplicates are errors."""
    root: dict = {}
    order: dict[int, list] = {id(root): []}

    def child(node, seg, make_list):
        if seg not in node:
            node[seg] = {"__list__": make_list}
            order[id(node[seg])] = []
            order[id(node)].append(seg)
        c = node[seg]
        if not isinstance(c, dict) or c["__list__"] != make_list:
            raise FormatError(f"{what}: metadata key {seg!r} is both a value and a container")
        return c

    root["__list__"] = False
    for key, value in entries:
        parts = SEPARATOR.split(key)
        segs: list = [parts[0]]
        for kind, token in zip(parts[1::2], parts[2::2]):
            if kind == "list":
                if not token.isdigit():
                    raise FormatError(f"{what}: metadata list index {token!r} is not a number")
                segs.append(int(token))
            else:
                segs.append(token)
        node = root
        for seg, nxt in zip(segs, segs[1:]):
            node = child(node, seg, isinstance(nxt, int))
        last = segs[-1]
        if last in node:
            raise FormatError(f"{what}: metadata key {key!r} appears twice or is also a container")
        node[last] = value
        order[id(node)].append(last)

    def build(node):
        keys = order[id(node)]
        if node["__list__"]:
            if sorted(keys) != list(range(len(keys))):
                raise FormatError(f"{what}: metadata list with missing elements")
            return [conv(node[i]) for i in range(len(keys))]
        return Pairs((k, conv(node[k])) for k in keys)

    def conv(v):
        return build(v) if isinstance(v, dict) else v

    return build(root)


# --------------------------------------------------------------------------- dotenv


def load_dotenv(text: str):
    data, flat = Pairs(), []
    for line in text.split("\n"):
        if line == "":
            continue  # sops drops empty lines
        if line.startswith("#"):
            continue  # comments: not part of the tree we check (not in the MAC)
        if "=" not in line:
            raise FormatError("dotenv: a line without '='")
        key, value = line.split("=", 1)  # verbatim: no trimming, no quote removal
        value = value.replace("\\n", "\n")
        if key.startswith("sops_"):
            flat.append((key[len("sops_"):], value))
        else:
            data.append((key, value))
    return data, (unflatten(flat, "dotenv") if flat else None)


# --------------------------------------------------------------------------- INI


def _ini_value(lines: list[str], i: int, rest: str):
    """Returns (value, index of the next line). Implements the go-ini value rules of docs/format.md §7.4."""
    v = rest.strip()
    for quote in ('"""', "`"):
        if v.startswith(quote) and (quote != '"""' or len(v) > 3 or rest.endswith("\n")):
            body = rest.lstrip()[len(quote):]
            end = body.rfind(quote)
            if end >= 0:
                return body[:end], i + 1
            parts = [body[:-1] if body.endswith("\n") else body]
            j = i + 1
            while j < len(lines):
                end = lines[j].rfind(quote)
                if end >= 0:
                    parts.append(lines[j][:end])
                    return "\n".join(parts), j + 1
                parts.append(lines[j])
                j += 1
            raise FormatError("ini: a quoted value is never closed")
    if v.endswith("\\"):
        value, j = v[:-1], i + 1
        while j < len(lines) and lines[j].strip():
            value += lines[j].strip()
            j += 1
            if not value.endswith("\\"):
                break
            value = value[:-1]
        return value, j
    # Inline comments (go-ini default: from the first ';' or '#').
    cut = min([p for p in (v.find(";"), v.find("#")) if p >= 0], default=-1)
    if cut >= 0:
        v = v[:cut].strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'" and v.count(v[0]) == 2:
        v = v[1:-1]
    return v, i + 1


def load_ini(text: str):
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    sections = [("DEFAULT", Pairs())]
    i = 0
    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        if not line or line[0] in "#;":
            i += 1
            continue
        if line.startswith("["):
            close = line.rfind("]")
            if close < 0:
                raise FormatError("ini: unclosed section header")
            sections.append((line[1:close], Pairs()))
            i += 1
            continue
        m = re.search(r"[=:]", line)
        if line[0] in "\"`":
            q = '"""' if line.startswith('"""') else line[0]
            end = line.find(q, len(q))
            m = re.compile(r"[=:]").search(line, end + len(q)) if end >= 0 else None
            key = line[len(q):end].strip() if m else ""
        else:
            key = line[:m.start()].strip() if m else ""
        if not m or not key:
            raise FormatError("ini: a line that is not key = value")
        rest = line[m.end():] + ("\n" if i + 1 < len(lines) else "")
        value, i = _ini_value(lines, i, rest)
        section = sections[-1][1]
        if any(k == key for k, _ in section):
            raise FormatError("ini: duplicate key in a section")
        section.append((key, value))

    metas = [s for name, s in sections if name == "sops"]
    if len(metas) > 1:
        raise FormatError("ini: two [sops] sections")
    meta = None
    if metas:
        # \n escapes (3.13.2) and real newlines (3.13.0/1 """ form) both arrive as newlines.
        meta = unflatten([(k, v.replace("\\n", "\n")) for k, v in metas[0]], "ini")
    data = Pairs((name, s) for name, s in sections
                 if name != "sops" and not (name == "DEFAULT" and not s and sections[0][1] is s))
    return data, meta
