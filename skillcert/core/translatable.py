"""Which Chinese text is still outside gettext (R-X-6).

Every user-facing string goes through gettext: `{% translate %}` / `{% blocktranslate %}` or `_("...")`
inside template tags, and `gettext` / `gettext_lazy` in Python. This module finds the literals that do
not, for the bare-literal test and for `manage.py translatable --check`.

Not text for a user, and so not reported:
- docstrings and other bare expression statements;
- values compared with stored data (`x == "男"`, `x in ("甲", "乙")`), `match` cases;
- a management command's `help` (Django's own commands are not translated either);
- lookup keys: dict keys, subscripts, the first argument of `.get()` and similar, regular expressions;
- a statement carrying the comment `# i18n: data`, and a module whose header says `i18n: data-module`
  (file formats fixed by an outside party, such as the national database's column names, and reference
  data such as the region's place names).
Tests and test support, migrations, demo data and benchmarks are not scanned.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HAN = re.compile(r"[\u3400-\u9fff]")
TRANSLATING_CALLS = frozenset(
    {"gettext", "gettext_lazy", "_", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}
)
# Methods whose first argument is a key or a pattern, not text shown to anyone.
DATA_CALLS = frozenset(
    {"get", "pop", "setdefault", "startswith", "endswith", "index", "count", "replace", "strip", "split"}
)
REGEX_FUNCTIONS = frozenset({"compile", "match", "search", "fullmatch", "sub", "findall", "finditer", "split"})
SKIPPED_PARTS = ("migrations", "tests", "demo", "bench", "__pycache__")
SKIPPED_MODULES = frozenset({"demo", "testing", "browser_testing", "worker_testing"})  # demo data and test support
DATA_LINE = "i18n: data"
DATA_MODULE = "i18n: data-module"


@dataclass(frozen=True)
class BareLiteral:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text[:60]}"


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class PythonLiterals:
    """The Chinese string literals of one Python module, and which of them are bare text."""

    def __init__(self, source: str):
        self.source = source
        self.lines = source.splitlines()
        self.tree = ast.parse(source)
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.data_module = DATA_MODULE in source[:2000]

    def in_function(self, node: ast.AST) -> bool:
        """True inside a function body (gettext), False at import time (gettext_lazy)."""
        child, parent = node, self.parents.get(node)
        while parent is not None:
            if isinstance(parent, ast.Lambda):
                return child is parent.body
            if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
                return child in parent.body
            child, parent = parent, self.parents.get(parent)
        return False

    def statement(self, node: ast.AST) -> ast.stmt | None:
        """The simple statement holding `node` (an assignment spread over lines by the formatter)."""
        parent = self.parents.get(node)
        while parent is not None and not isinstance(parent, ast.stmt):
            parent = self.parents.get(parent)
        simple = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return, ast.Expr, ast.Raise)
        return parent if isinstance(parent, simple) else None

    def exempt(self, node: ast.expr) -> bool:
        if self.data_module or DATA_LINE in self.lines[node.lineno - 1]:
            return True
        statement = self.statement(node)
        if statement is not None and any(
            DATA_LINE in line for line in self.lines[statement.lineno - 1 : statement.end_lineno]
        ):
            return True
        parent = self.parents.get(node)
        if isinstance(parent, ast.Expr | ast.MatchValue):
            return True
        if isinstance(parent, ast.Call) and parent.args and parent.args[0] is node:
            name = _call_name(parent)
            if name in TRANSLATING_CALLS or name in DATA_CALLS:
                return True
            func = parent.func
            if (
                name in REGEX_FUNCTIONS
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "re"
            ):
                return True
        if (
            isinstance(parent, ast.Assign)
            and isinstance(self.parents.get(parent), ast.ClassDef)
            and any(isinstance(t, ast.Name) and t.id == "help" for t in parent.targets)
        ):
            return True  # a management command's help, read by operators in a terminal
        if isinstance(parent, ast.Subscript) and parent.slice is node:
            return True
        if isinstance(parent, ast.Dict) and node in parent.keys:
            return True
        while isinstance(parent, ast.Tuple | ast.List | ast.Set):
            parent = self.parents.get(parent)
        return isinstance(parent, ast.Compare)

    def bare(self) -> Iterator[ast.Constant | ast.JoinedStr]:
        """Bare Chinese literals: whole f-strings and plain strings, outermost first."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.JoinedStr):
                if isinstance(self.parents.get(node), ast.JoinedStr | ast.FormattedValue):
                    continue
                texts = (str(v.value) for v in node.values if isinstance(v, ast.Constant))
                if any(HAN.search(t) for t in texts) and not self.exempt(node):
                    yield node
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value):
                if isinstance(self.parents.get(node), ast.JoinedStr | ast.FormattedValue):
                    continue
                if not self.exempt(node):
                    yield node


# Template text: everything outside {% %}, {{ }}, {# #} and character entities.
TEMPLATE_TOKEN = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#}|&#?\w+;)", re.S)
TEMPLATE_STRING = re.compile(r"(\"[^\"\n]*\"|'[^'\n]*')")
UNTRANSLATED_TAGS = ("translate", "trans ", "blocktranslate", "blocktrans", "comment", "url ", "extends", "load")
OPENING_BLOCK = re.compile(r"(blocktranslate|blocktrans|comment|verbatim)\b")
CLOSING_BLOCK = re.compile(r"end(blocktranslate|blocktrans|comment|verbatim)\b")


def template_parts(source: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for each piece of a template: kind is 'text', 'tag' or 'kept' (inside a translate block)."""
    depth = 0
    for index, part in enumerate(TEMPLATE_TOKEN.split(source)):
        if index % 2 == 0:
            yield ("kept" if depth else "text"), part
            continue
        inner = part[2:-2].strip()
        if part.startswith("{%") and OPENING_BLOCK.match(inner):
            depth += 1
        elif part.startswith("{%") and CLOSING_BLOCK.match(inner):
            depth -= 1
            yield "kept", part
            continue
        if depth or part.startswith(("{#", "&")) or (part.startswith("{%") and inner.startswith(UNTRANSLATED_TAGS)):
            yield "kept", part
        else:
            yield "tag", part


def template_bare(source: str) -> Iterator[tuple[int, str]]:
    line = 1
    for kind, part in template_parts(source):
        if kind == "text":
            for offset, text in enumerate(part.split("\n")):
                if HAN.search(text):
                    yield line + offset, text.strip()
        elif kind == "tag":
            for match in TEMPLATE_STRING.finditer(part):
                if HAN.search(match.group(0)) and part[max(0, match.start() - 2) : match.start()] != "_(":
                    yield line, match.group(0)
        line += part.count("\n")


def scanned(path: Path) -> bool:
    if any(part in SKIPPED_PARTS for part in path.parts) or path.stem in SKIPPED_MODULES:
        return False
    if path.name.startswith("test_"):
        return False
    if path.suffix == ".py":
        return True
    return path.suffix in (".html", ".txt") and "templates" in path.parts


def bare_literals(root: Path) -> list[BareLiteral]:
    """Every bare Chinese literal in the Python modules and templates under `root`."""
    found: list[BareLiteral] = []
    files = [root] if root.is_file() else sorted(root.rglob("*"))
    for path in files:
        if not path.is_file() or not scanned(path):
            continue
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            module = PythonLiterals(source)
            for node in module.bare():
                text = node.value if isinstance(node, ast.Constant) else ast.get_source_segment(source, node)
                found.append(BareLiteral(path, node.lineno, str(text)))
        else:
            found.extend(BareLiteral(path, line, text) for line, text in template_bare(source))
    return found
