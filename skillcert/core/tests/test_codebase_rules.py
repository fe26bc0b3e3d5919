"""Rules that keep the apps one codebase (R-X-7): read the source, not the running site."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())


def _modules() -> list[tuple[str, Path, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] not in APPS or "migrations" in rel.parts:
            continue
        found.append((rel.parts[0], rel, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _imports(tree: ast.Module) -> list[tuple[str, list[str], int]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("skillcert."):
            out.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out.extend((a.name, [], node.lineno) for a in node.names if a.name.startswith("skillcert."))
    return out


def test_no_app_imports_another_apps_private_or_demo_code():
    problems = []
    for app, rel, tree in _modules():
        for module, names, line in _imports(tree):
            parts = module.split(".")
            if len(parts) < 2 or parts[1] == app:
                continue
            private_module = any(p.startswith("_") for p in parts[2:])
            private_names = [n for n in names if n.startswith("_")]
            demo = "demo" in parts[2:]
            if private_module or private_names or demo:
                problems.append(f"{rel}:{line} imports {module} {private_names or ''}".strip())
    assert problems == [], "\n".join(problems)


def test_audit_actions_are_named_by_enums():
    """An action written as a bare string shows in the audit log as a code; every app records enum members."""
    problems = []
    for _app, rel, tree in _modules():
        if "tests" in rel.parts:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "record_event"
            ):
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        problems.append(f"{rel}:{node.lineno} action={keyword.value.value!r}")
    assert problems == [], "\n".join(problems)


def test_every_audit_action_has_a_chinese_name():
    from skillcert.core.choices import CoreAction
    from skillcert.portal.selectors import audit_action_labels

    labels = audit_action_labels()
    assert labels[CoreAction.POLICY_SET] == "修改规则参数"
    assert all(label != code for code, label in labels.items())
