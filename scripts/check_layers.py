#!/usr/bin/env python3
"""Checks the source tree's layering, reading every #include of resp/, cluster/ and server/:

- Layers, lowest first: resp/, cluster/, then server/'s folders in the order server/README.md
  lists them between its `layers:begin` and `layers:end` markers, then the top of server/. A file
  may include its own layer and those below it, never one above.
- Modules (a header and its .cc are one module) include each other without cycles.
- The top of server/ holds at most 12 files, and no .h/.cc file passes 400 lines.

Prints every violation and exits 1 if there is one. Usage: scripts/check_layers.py [ROOT]
"""
import os
import re
import sys

MAX_TOP_FILES = 12
MAX_LINES = 400
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def server_layers(root):
    """server/'s folders in layer order, from server/README.md."""
    path = os.path.join(root, "server", "README.md")
    if not os.path.exists(path):
        return None
    text = open(path, encoding="utf-8").read()
    match = re.search(r"<!-- layers:begin -->(.*?)<!-- layers:end -->", text, re.S)
    if not match:
        return None
    return re.findall(r"^\s*\d+\.\s+`server/([a-z_]+)/`", match.group(1), re.M)


def source_files(root):
    for top in ("resp", "cluster", "server"):
        for folder, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith((".h", ".cc")):
                    yield os.path.relpath(os.path.join(folder, name), root)


def layer_of(path, order):
    """(rank, name) of the layer `path` belongs to; None for a folder missing from the order."""
    parts = path.split("/")
    if parts[0] in ("resp", "cluster"):
        return (0 if parts[0] == "resp" else 1), parts[0] + "/"
    if len(parts) == 2:
        return 2 + len(order), "server/ (top)"
    if parts[1] in order:
        return 2 + order.index(parts[1]), f"server/{parts[1]}/"
    return None


def module_of(path):
    return os.path.splitext(path)[0]


def find_cycles(edges):
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(edges.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return cycles


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)
    problems = []
    order = server_layers(root)
    if order is None:
        problems.append("server/README.md has no layer list (<!-- layers:begin --> ... end)")
        order = []
    files = list(source_files(root))
    known = set(files)
    edges = {}
    for path in files:
        text = open(os.path.join(root, path), encoding="utf-8").read()
        lines = text.count("\n")
        if lines > MAX_LINES:
            problems.append(f"{path}: {lines} lines (at most {MAX_LINES})")
        own = layer_of(path, order)
        if own is None:
            problems.append(f"{path}: folder not listed in server/README.md's layers")
        for target in INCLUDE.findall(text):
            if target not in known:
                continue  # a library's header, or a path outside the checked folders
            if module_of(target) != module_of(path):
                edges.setdefault(module_of(path), set()).add(module_of(target))
            theirs = layer_of(target, order)
            if own is not None and theirs is not None and theirs[0] > own[0]:
                problems.append(f"{path}: includes {target}, from {theirs[1]} above {own[1]}")
    for cycle in find_cycles(edges):
        problems.append("include cycle between modules: " + " <-> ".join(cycle))
    top = [n for n in os.listdir(os.path.join(root, "server"))
           if os.path.isfile(os.path.join(root, "server", n))]
    if len(top) > MAX_TOP_FILES:
        problems.append(f"server/ holds {len(top)} files at its top (at most {MAX_TOP_FILES})")
    for problem in problems:
        print("layering:", problem)
    print(f"layering: {len(files)} files, {sum(len(e) for e in edges.values())} module includes, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
