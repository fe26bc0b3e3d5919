"""python manage.py messages [--check] [--compile] — the Simplified Chinese catalogue in locale/ (R-X-6).

The interface is written in Chinese, and every string a user reads goes through gettext (the bare-literal
test sees to it). This command collects those strings into `locale/zh_Hans/LC_MESSAGES/django.po`, so a
second interface language starts from a complete list: copy the catalogue, translate the msgstr lines.

- Python: the first argument of gettext, gettext_lazy, _, pgettext (with its context) and ngettext
  (with its plural) wherever it is a literal.
- Templates: `{% translate %}`, `{% blocktranslate %}` and `_("...")` in tags, read through Django's own
  `templatize`, so the msgids are exactly the ones Django looks up at run time.

The catalogue has no line numbers, so it changes only when the text does. `--check` fails when the
committed catalogue differs from the code (CI runs it); `--compile` writes django.mo (the build runs it;
the .mo file is not committed).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation.template import templatize

from skillcert.core.translatable import scanned

LOCALE = "zh_Hans"
HEADER = {
    "Project-Id-Version": "SkillCert",
    "Language": LOCALE,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}
SINGULAR = {"gettext", "gettext_lazy", "_", "gettext_noop"}
CONTEXT = {"pgettext", "pgettext_lazy"}
PLURAL = {"ngettext", "ngettext_lazy"}
QUOTED = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(
    rf"\b(?:(?:gettext|_)\((?P<s>{QUOTED})\)"
    rf"|pgettext\((?P<c>{QUOTED}),\s*(?P<cs>{QUOTED})\)"
    rf"|ngettext\((?P<n1>{QUOTED}),\s*(?P<n2>{QUOTED}),[^)]*\)"
    rf"|npgettext\((?P<pc>{QUOTED}),\s*(?P<p1>{QUOTED}),\s*(?P<p2>{QUOTED}),[^)]*\))",
    re.S,
)

Key = tuple[str | None, str, str | None]  # (context, msgid, plural)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_messages(source: str) -> set[Key]:
    found: set[Key] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        args = [*node.args, None, None]
        if name in SINGULAR and (text := _literal(args[0])):
            found.add((None, text, None))
        elif name in CONTEXT and (context := _literal(args[0])) and (text := _literal(args[1])):
            found.add((context, text, None))
        elif name in PLURAL and (text := _literal(args[0])):
            found.add((None, text, _literal(args[1])))
    return found


def template_messages(source: str) -> set[Key]:
    found: set[Key] = set()
    for match in TEMPLATE_CALL.finditer(templatize(source)):
        value = {k: ast.literal_eval(v) for k, v in match.groupdict().items() if v is not None}
        if "s" in value:
            found.add((None, value["s"], None))
        elif "cs" in value:
            found.add((value["c"], value["cs"], None))
        elif "n1" in value:
            found.add((None, value["n1"], value["n2"]))
        elif "p1" in value:
            found.add((value["pc"], value["p1"], value["p2"]))
    return found


def collect(root: Path) -> set[Key]:
    found: set[Key] = set()
    for folder in (root / "skillcert", root / "config", root / "templates"):
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or not scanned(path.relative_to(root)):
                continue
            source = path.read_text(encoding="utf-8")
            found |= python_messages(source) if path.suffix == ".py" else template_messages(source)
    return found


def catalogue(messages: set[Key]) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(HEADER)
    for context, text, plural in sorted(messages, key=lambda k: (k[1], k[0] or "", k[2] or "")):
        if plural is not None:
            po.append(polib.POEntry(msgctxt=context, msgid=text, msgid_plural=plural, msgstr_plural={0: text}))
        else:
            po.append(polib.POEntry(msgctxt=context, msgid=text, msgstr=text))
    return po


class Command(BaseCommand):
    help = "Write locale/zh_Hans/LC_MESSAGES/django.po from the code (--check: fail if stale; --compile: .mo)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true")
        parser.add_argument("--compile", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.BASE_DIR)
        folder = root / "locale" / LOCALE / "LC_MESSAGES"
        target = folder / "django.po"
        if options["compile"]:
            if not target.exists():
                raise CommandError(gettext("%(path)s 不存在：请先运行 make messages") % {"path": target})
            polib.pofile(str(target)).save_as_mofile(str(folder / "django.mo"))
            return
        text = str(catalogue(collect(root)))
        if options["check"]:
            current = target.read_text(encoding="utf-8") if target.exists() else ""
            if current != text:
                raise CommandError(
                    gettext("%(path)s 已过期：请运行 make messages") % {"path": target.relative_to(root)}
                )
            self.stdout.write(gettext("%(path)s 是最新的") % {"path": target.relative_to(root)})
            return
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.stdout.write(
            gettext("%(path)s：%(n)s 条") % {"path": target.relative_to(root), "n": text.count("\nmsgid ")}
        )
