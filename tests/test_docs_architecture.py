"""docs/architecture.md matches the code: its module table names every module, and only those."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def modules() -> set[str]:
    package = ROOT / "belharbi_bib"
    found = set()
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.add(".".join(parts) or "belharbi_bib")
    return found


def documented() -> set[str]:
    """The modules named in the first column of the module table (``.x`` is a sibling)."""
    table = DOC[DOC.index("## Modules") : DOC.index("## One definition")]
    names: set[str] = set()
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        cell = line.split("|")[1]
        base = ""
        for name in re.findall(r"`([^`]+)`", cell):
            if name.startswith("."):
                name = base + name
            else:
                base = name.rsplit(".", 1)[0] if "." in name else ""
            names.add(name)
    return names


def test_module_table_names_every_module() -> None:
    missing = modules() - documented()
    assert not missing, f"add to docs/architecture.md: {sorted(missing)}"


def test_module_table_names_only_modules() -> None:
    extra = documented() - modules()
    assert not extra, f"not modules: {sorted(extra)}"


def test_layers_match_the_import_contract() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    contract = pyproject[
        pyproject.index("layers = [") : pyproject.index("]", pyproject.index("layers = ["))
    ]
    layers = [line.strip().strip('",') for line in contract.splitlines()[1:] if line.strip()]
    drawn = DOC[DOC.index("## Layers") : DOC.index("## Modules")]
    block = drawn[drawn.index("```\n") + 4 : drawn.index("\n```", drawn.index("```\n") + 4)]
    rows = [line.split("  ")[0].strip() for line in block.splitlines()]
    expected = [layer.replace("belharbi_bib.", "") for layer in layers]
    assert rows == expected
