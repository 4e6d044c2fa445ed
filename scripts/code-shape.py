#!/usr/bin/env python3
"""The shape of the code: largest files, longest functions and file-level import cycles.

Usage: scripts/code-shape.py [N]   (N: how many files and functions to list, default 10)

Functions are measured from their `fn` line to the matching closing brace (strings and
comments are skipped); a file imports another when it names it in a `use crate::` path or
a `crate::a::b` expression. Test modules (`#[cfg(test)] mod tests`) are left out of function
lengths but count in file sizes.
"""
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 10


def files():
    for d, _, names in os.walk(ROOT):
        for n in names:
            if n.endswith(".rs"):
                yield os.path.relpath(os.path.join(d, n), ROOT)


def module_of(path):
    """src-relative file -> module path (list of names)."""
    parts = path[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def strip(text):
    """Blank out strings, chars and comments, keeping line breaks."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i-1].isalnum() or text[i-1] == "_")):
            m = re.match(r'r(#*)"', text[i:]); hashes = m.group(1)
            end = text.find('"' + hashes, i + len(m.group(0))); end = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", text[i:end])); i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", text[i:j + 1])); i = j + 1
        elif c == "'" and re.match(r"'(\\.[^']*|[^\\'])'", text[i:i + 12]):
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:])
            out.append(" " * len(m.group(0))); i += len(m.group(0))
        else:
            out.append(c); i += 1
    return "".join(out)


def functions(path, text):
    code = strip(text)
    lines = code.split("\n")
    test_from = None
    for k, line in enumerate(lines):
        if re.match(r"\s*#\[cfg\(test\)\]", line):
            test_from = k
            break
    found = []
    for m in re.finditer(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)", code):
        start = code.count("\n", 0, m.start())
        if test_from is not None and start >= test_from:
            continue
        # the body's opening brace (a `;` first means a declaration without a body)
        j = m.end()
        depth_paren = 0
        while j < len(code):
            ch = code[j]
            if ch in "(<[":
                depth_paren += 1
            elif ch in ")>]":
                depth_paren -= 1
            elif ch == ";" and depth_paren <= 0:
                j = -1; break
            elif ch == "{" and depth_paren <= 0:
                break
            j += 1
        if j < 0 or j >= len(code):
            continue
        depth = 0
        for k in range(j, len(code)):
            if code[k] == "{":
                depth += 1
            elif code[k] == "}":
                depth -= 1
                if depth == 0:
                    end = code.count("\n", 0, k)
                    found.append((end - start + 1, f"{path}:{start + 1}", m.group(1)))
                    break
    return found


def imports(path, text, modules):
    code = strip(text)
    # Test code may reach up the stack (a test builds a site through the pipeline).
    if path.endswith("tests.rs"):
        return set()
    cut = re.search(r"^\s*#\[cfg\(test\)\]", code, re.M)
    if cut:
        code = code[:cut.start()]
    me = tuple(module_of(path))
    found = set()
    # `use crate::a::{b, c::d}` and `crate::a::b` paths; the longest module prefix wins.
    for m in re.finditer(r"\bcrate((?:::[A-Za-z_][A-Za-z0-9_]*)+)(::\{([^;]*?)\})?", code):
        heads = [m.group(1)]
        if m.group(3):
            heads = [m.group(1) + "::" + inner.strip().split("::")[0] if inner.strip() else m.group(1)
                     for inner in re.split(r",(?![^{]*\})", m.group(3))]
        for h in heads:
            parts = [p for p in h.split("::") if p]
            for cut in range(len(parts), 0, -1):
                if tuple(parts[:cut]) in modules:
                    target = tuple(parts[:cut])
                    if target != me:
                        found.add(target)
                    break
    # `super::x` from a child module
    for m in re.finditer(r"\bsuper::([A-Za-z_][A-Za-z0-9_]*)", code):
        parent = me[:-1] if not path.endswith("mod.rs") else me[:-1]
        cand = parent + (m.group(1),)
        target = cand if cand in modules else parent
        if target != me and target in modules:
            found.add(target)
    return found


def main():
    texts = {p: open(os.path.join(ROOT, p), encoding="utf-8").read() for p in files()}
    modules = {tuple(module_of(p)): p for p in texts}
    def code_lines(t):
        cut = re.search(r"^#\[cfg\(test\)\]", t, re.M)
        return t[: cut.start()].count("\n") if cut else t.count("\n")
    sizes = sorted(((t.count("\n"), code_lines(t), p) for p, t in texts.items()), reverse=True)
    print(f"{len(texts)} files, {sum(s for s, _, _ in sizes)} lines\n")
    print("largest files (lines; without their test module):")
    for s, c, p in sizes[:N]:
        print(f"  {s:5} {c:5}  src/{p}")
    fns = sorted(
        (f for p, t in texts.items() if not p.endswith("tests.rs") for f in functions(p, t)),
        reverse=True,
    )
    print("\nlongest functions (tests left out):")
    for s, where, name in fns[:N]:
        print(f"  {s:5}  {name}  src/{where}")
    graph = defaultdict(set)
    for p, t in texts.items():
        graph[tuple(module_of(p))] |= imports(p, t, modules)
    # file-level cycles: a file that imports one that (directly or not) imports it back,
    # leaving out a parent `mod.rs` declaring its children and children using their parent.
    def related(a, b):
        return a[:len(b)] == b or b[:len(a)] == a
    cycles = []
    for a in graph:
        for b in graph[a]:
            if related(a, b):
                continue
            if a < b and a in graph.get(b, ()):
                cycles.append((a, b))
    print("\nfiles that import each other (parent and child modules left out):")
    for a, b in cycles:
        print(f"  src/{modules[a]} <-> src/{modules[b]}")
    if not cycles:
        print("  none")
    # top-level layers: which stage imports which
    layers = defaultdict(set)
    for a, bs in graph.items():
        for b in bs:
            if a and b and a[0] != b[0]:
                layers[a[0]].add(b[0])
    print("\nwhat each top-level module imports:")
    for a in sorted(layers):
        print(f"  {a}: {', '.join(sorted(layers[a]))}")


if __name__ == "__main__":
    main()
