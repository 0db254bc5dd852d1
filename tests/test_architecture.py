"""The shape of the code: apps in layers, and no module importing itself back.

import-linter checks the layers (pyproject.toml, run by `make test`); these
tests check what its contracts cannot say: no import circle anywhere in our
packages, migrations aside (they name models of other apps by design).
"""

import os
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "images", "members", "articles", "transfer", "fulcrum")


def import_graph():
    return grimp.build_graph(*PACKAGES)


def circles(graph):
    """Return the groups of modules that import each other (Tarjan's SCCs)."""
    modules = {m for m in graph.modules if ".migrations" not in m}
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(start):
        # Iterative depth-first search: the graph is deep enough to matter.
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in modules:
                    continue
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    imported = graph.find_modules_directly_imported_by(child)
                    work.append((child, iter(sorted(imported))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_of_ours_imports_itself_back_through_others():
    assert circles(import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.y", imported="a.z")
    assert circles(graph) == [["a.x", "a.y"]]


def test_no_app_imports_an_app_above_it():
    graph = import_graph()
    layers = ["core", "images", "members", "articles", "transfer", "fulcrum"]
    for position, lower in enumerate(layers):
        for higher in layers[position + 1 :]:
            chains = graph.find_shortest_chains(importer=lower, imported=higher)
            assert not chains, f"{lower} imports {higher}: {sorted(chains)}"


def test_a_process_that_loads_the_admin_does_not_load_the_page_reader():
    """extruct, htmldate and lxml (about 20 MB) load only when a link is pasted.

    Every management command and every app server loads the admin; the
    page reader is needed by one form and one command.
    """
    code = (
        "import sys, django; django.setup(); import articles.admin; "
        "print(sorted(m for m in ('extruct', 'htmldate', 'lxml') if m in sys.modules))"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings")
    loaded = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert loaded == "[]"
