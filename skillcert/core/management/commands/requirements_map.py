"""python manage.py requirements_map [--check] — write docs/requirements.md from the code.

The map lists every requirement id the platform implements, a sentence in our words, and the files
whose code and tests cite it (`R-XXX-N` in a docstring or comment). `--check` fails when the committed
map differs from what the code says now (CI runs it, like the OpenAPI freshness check).
"""

# i18n: data-module (a developer document generated in English)

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

REQUIREMENTS: dict[str, str] = {
    "R-ORG-1": (
        "The region, its 14 league-level jurisdictions (12 leagues/cities plus 满洲里市 and "
        "二连浩特市) and their offices."
    ),
    "R-ORG-2": (
        "One organisation and roles per user; every row scoped to what that organisation "
        "and role may see (a forbidden row answers like a missing one)."
    ),
    "R-CAT-1": "Occupations and work types (工种) of the 2022 大典, with their codes.",
    "R-CAT-2": "The five skill levels and their names.",
    "R-CAT-3": (
        "Versioned national skill standards per occupation: components, pass marks, durations, staffing ratios."
    ),
    "R-CAT-4": "Versioned application conditions (申报条件) per standard and level, checked at registration.",
    "R-INS-1": (
        "Institution types (enterprise, technical school, social organisation, branches) and whom each may certify."
    ),
    "R-INS-2": (
        "Filing (备案) with its authority, number, date and validity; the entry stages 征集 "
        "→ 遴选 → 评估 before a first filing."
    ),
    "R-INS-3": "The seven rule documents, versioned and published.",
    "R-INS-4": "The integrity commitment signed with the local bureau, versioned, countersigned.",
    "R-INS-5": "Fees itemised by the notice's cost items, published, with a warning outside the allowed band.",
    "R-INS-6": "Venues and rooms by type and capacity, inside the institution's area.",
    "R-INS-7": "The readiness gate before an institution may file an exam plan.",
    "R-INS-8": "Institution lifecycle: rectification, suspension, revocation, blacklist.",
    "R-INS-9": "The examiner management rules, published and versioned like the seven documents.",
    "R-PER-1": "Examiners, supervisors and experts: qualifications, cards, training.",
    "R-PER-2": "Avoidance of relatives, colleagues and trainers.",
    "R-PER-3": "Random, replayable draws of external supervisors and inspectors with dispatch limits.",
    "R-BANK-1": "Items mapped to the standard's knowledge points, reviewed before use.",
    "R-BANK-2": "Banks renewed regularly; a stale bank is flagged.",
    "R-BANK-3": "Paper assembly from a blueprint, parallel variants, sealed papers.",
    "R-BANK-4": "Computer-based theory exams in the browser with autosave, time limits and marking.",
    "R-EXAM-1": "Exam plans filed ahead with every check; the bureau may question or stop them.",
    "R-EXAM-2": "Public announcement of a plan.",
    "R-EXAM-3": "Online registration and roster import with eligibility and scope checks.",
    "R-EXAM-4": "Eligibility review with evidence files.",
    "R-EXAM-5": "Admission tickets with seats drawn by lot.",
    "R-EXAM-6": (
        "Sessions staffed within the standard's ratios, with avoidance and qualifications checked after every change."
    ),
    "R-EXAM-7": "Identity-checked check-in; incidents and violations with handling.",
    "R-EXAM-8": "Scoring per component; each examiner scores separately; audited changes.",
    "R-EXAM-9": "Masked results publicity, objections with tracking codes, re-checks, finalisation.",
    "R-EXAM-10": "Working days from the official holiday calendar with adjusted working days.",
    "R-EXAM-11": "Examiners enter their own blind marks, sign them, and a wide gap goes to the chief examiner.",
    "R-CERT-1": "The 22-character national certificate number from a locked counter, never reused.",
    "R-CERT-2": "Issuance gates, each refusal named.",
    "R-CERT-3": "The A4 certificate PDF with the embedded font and QR code.",
    "R-CERT-4": "Public verification by number and name or QR, rate-limited.",
    "R-CERT-5": "Suspension and revocation with two-person approval.",
    "R-CERT-6": "Batch export to the national database within the deadline, with the overdue list.",
    "R-CERT-7": "Offline verification: signed QR record, published keys, status lists, verifiable credential.",
    "R-SUP-1": "Dashboards by league, institution, occupation and month.",
    "R-SUP-2": "Automatic alerts with evidence, the regulators' inbox.",
    "R-SUP-3": "Quality supervision by dispatched external supervisors with on-site reports.",
    "R-SUP-4": "双随机、一公开 inspection campaigns with published results.",
    "R-SUP-5": "Complaints and reports from intake to reply, with deadlines.",
    "R-SUP-6": "Sanctions on institutions, from criticism to loss of qualification and the blacklist.",
    "R-SUP-7": "Violations by staff, sanctioned and referred.",
    "R-SUP-8": "Workforce planning per league: targets against actual numbers.",
    "R-SUP-9": "Internal quality supervision records per session.",
    "R-SUP-10": "The inspector pool and joint campaigns.",
    "R-ARC-1": "One five-volume dossier per exam batch, sealed with a manifest digest.",
    "R-ARC-2": "Retention periods, legal holds and two-person disposal.",
    "R-ARC-3": "Tracing a certificate back to everything that produced it.",
    "R-REP-1": "Each league's annual summary and the region's roll-up.",
    "R-REP-2": "Excel and PDF export of every list and report a user can see.",
    "R-PUB-1": "The public portal: register, announcements, blacklist, results, verification.",
    "R-X-1": "An append-only, hash-chained audit log of every change.",
    "R-X-2": "Password policy, lockout, second factor, API tokens, idle timeout.",
    "R-X-3": "ID and phone numbers encrypted at rest with a blind index; masked on screen.",
    "R-X-4": "Bad input refused in Chinese naming the field and the rule; nothing half-saved.",
    "R-X-5": "Every screen's data also through the documented REST API.",
    "R-X-6": "Simplified Chinese interface with every user-facing string translatable.",
    "R-X-7": "Times stored as aware UTC and shown in Asia/Shanghai.",
    "R-X-8": "Every rule value shows its source document, article and effective date.",
    "R-X-9": "Spreadsheet exports neutralise formulas; imports accept the encodings Excel writes.",
}

GROUPS = {
    "ORG": "Organisations and roles",
    "CAT": "Catalogue",
    "INS": "Evaluation institutions",
    "PER": "Personnel",
    "BANK": "Item bank",
    "EXAM": "Exam affairs",
    "CERT": "Certificates",
    "SUP": "Supervision",
    "ARC": "Archives",
    "REP": "Reports",
    "PUB": "Public portal",
    "X": "Cross-cutting",
}

HEADER = """# Requirements map

Every requirement the platform implements, by its id, in our words, with where its code and its
tests are. The requirements come from the regional notice 内人社办发〔2021〕193号 (and, where it
changed the rules, 内人社办发〔2024〕53号《内蒙古自治区职业技能等级认定实施办法》); each rule value
in the code names its source on the 政策依据 page (R-X-8).

Generated by `python manage.py requirements_map` (`make docs`) from the ids the code cites; CI checks
it is current. File lists are paths under `skillcert/`.
"""

CITE = re.compile(r"R-[A-Z]+-\d+\b")


def _files(root: Path) -> list[str]:
    listed = [str(p.relative_to(root)) for p in (root / "skillcert").rglob("*") if p.is_file()]
    return sorted(f for f in listed if f.endswith((".py", ".html")) and "/migrations/" not in f)


def _short(paths: list[str], n: int) -> str:
    ordered = sorted(set(paths), key=lambda p: (p.count("/"), p))
    if not ordered:
        return "—"
    shown = ", ".join(f"`{p.removeprefix('skillcert/')}`" for p in ordered[:n])
    return shown + (f" and {len(ordered) - n} more" if len(ordered) > n else "")


def render(root: Path) -> str:
    where: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for name in _files(root):
        text = (root / name).read_text(encoding="utf-8")
        for rid in set(CITE.findall(text)):
            where[rid][1 if "/tests/" in name else 0].append(name)
    unknown = sorted(set(where) - set(REQUIREMENTS))
    if unknown:
        raise CommandError("代码引用了未登记的需求编号：" + "、".join(unknown))
    out = [HEADER]
    group = ""
    for rid, sentence in REQUIREMENTS.items():
        key = rid.split("-")[1]
        if key != group:
            out += ["", f"## {GROUPS[key]}", ""]
            group = key
        code, tests = where[rid]
        out.append(f"- **{rid}** — {sentence}  ")
        out.append(f"  Code: {_short(code, 4)}. Tests: {_short(tests, 3)}.")
    return "\n".join(out) + "\n"


class Command(BaseCommand):
    help = "生成需求对照表 docs/requirements.md（--check：与代码不一致时报错）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.BASE_DIR)
        target = root / "docs" / "requirements.md"
        text = render(root)
        if options["check"]:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                raise CommandError("docs/requirements.md 已过期：请运行 make docs")
            return
        target.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {target}")
