"""The package's rooms and the one direction data flows through them, checked on the source's own imports.

Every import in assistant/ (at any depth, type-only ones included) must point to the same room or to a
lower layer; rooms of one layer do not import each other; and no group of modules imports itself
round. The layers, lowest first; the package itself (``assistant/__init__.py``, the public facade that
hands out ``as_retriever`` on first use) stands above them all, so nothing inside may import it:
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("assistant", "assistant.settings", "assistant.models", "assistant.errors", "assistant.data"),
    ("assistant.text",),  # numerals, dates, places, statuses: readers every layer shares
    ("assistant.legal",),  # legal structure: names, references, force, validity, bodies
    ("assistant.ingest",),  # bytes → text → documents and clause trees
    ("assistant.store",),  # chunks, embedders, search backends, the index on disk
    ("assistant.search",),  # question → ranked clauses
    ("assistant.answer",),  # ranked clauses → a cited answer
    ("assistant.duties", "assistant.obligations", "assistant.quiz", "assistant.chat", "assistant.library"),  # the jobs
    ("assistant.service",),  # the assistant built once; the live service
    ("assistant.web", "assistant.evaluation"),  # the web app; scoring on eval/
    ("assistant.benchmarks",),  # timing, on eval/'s questions
    ("assistant.api",),
    ("assistant.cli",),
    ("assistant.__main__",),
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


FACADE = "assistant"  # the package's __init__: ``from assistant import as_retriever``


def _room(module: str) -> tuple[int, str]:
    """(layer, room) of a module: the longest listed prefix it falls under; the facade on top of everything."""
    if module == FACADE:
        return len(LAYERS), FACADE
    best: tuple[int, str] | None = None
    for layer, rooms in enumerate(LAYERS):
        for room in rooms:
            if (module == room or module.startswith(room + ".")) and (best is None or len(room) > len(best[1])):
                best = (layer, room)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add its room to LAYERS in {Path(__file__).name}")
    return best


def _imports(module: str) -> set[str]:
    """The assistant modules ``module`` imports; ``from package import submodule`` counts as the submodule."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "assistant"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "assistant":
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: _imports(module) for module in MODULES}


def violations(module: str, targets: set[str]) -> list[str]:
    """The imports of ``module`` that point up, or across to a sibling room of its layer."""
    layer, room = _room(module)
    wrong = []
    for target in sorted(targets):
        target_layer, target_room = _room(target)
        if target_layer > layer:
            wrong.append(f"{target} (upward: layer {target_layer} > {layer})")
        elif target_layer == layer and target_room != room and room != "assistant":
            wrong.append(f"{target} (a sibling room of layer {layer})")
    return wrong


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A path that comes back to its start, found by depth-first search; None when the graph has none."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_or_within_the_room(module: str) -> None:
    wrong = violations(module, GRAPH[module])
    assert not wrong, f"{module} imports " + "; ".join(wrong)


def test_no_import_cycles() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_the_checks_catch_planted_faults() -> None:
    """An upward import, a sibling import and a cycle, planted: each is reported."""
    assert violations("assistant.store.index", {"assistant.service.live"})
    assert violations("assistant.chat.session", {"assistant.duties.answers"})
    assert not violations("assistant.service.live", {"assistant.store.index", "assistant.service.assistant"})
    assert find_cycle({"assistant.api": {"assistant.web"}, "assistant.web": {"assistant.api"}}) is not None
    assert find_cycle({"assistant.api": {"assistant.web"}, "assistant.web": set()}) is None
    assert violations("assistant.models", {"assistant"})  # nothing inside imports the facade
    assert not violations("assistant", {"assistant.service.retrieval"})
