"""Sealed papers: each variant encrypted with its own key, the key wrapped by the platform keys (R-BANK-3).

The content (item versions in order, with answers) is AES-GCM encrypted under a fresh
256-bit key; that key is stored only encrypted by `skillcert.core.crypto` (so it rotates
with the platform keys). `open_paper` is the only way back to the text: before a session
using the paper has started nobody — not even the system — can open it; afterwards the
proctors assigned to that session and the system can, and every opening is audited.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.core import crypto
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.itembank.choices import ItembankEvent
from skillcert.itembank.models import Assembly, Item, Paper


def _key_context(assembly_id: int, variant: int) -> str:
    return f"itembank.paper.key:{assembly_id}:{variant}"


def _aad(assembly_id: int, variant: int) -> bytes:
    return f"itembank.paper:{assembly_id}:{variant}".encode()


def paper_content(items: Sequence[Item], *, variant: int) -> dict[str, Any]:
    """The plaintext of a variant: each item's approved version as it is now, kept as it is."""
    rows = []
    for position, item in enumerate(items, start=1):
        version = item.approved
        assert version is not None
        rows.append(
            {
                "key": f"q{version.pk}",
                "position": position,
                "item": item.pk,
                "code": item.code,
                "version": version.pk,
                "version_number": version.number,
                "type": item.type,
                "knowledge_point": version.knowledge_point.code,
                "difficulty": version.difficulty,
                "points": str(version.points),
                "stem": version.stem,
                "options": version.options,
                "answer": version.answer,
                "rubric": version.rubric,
            }
        )
    total = sum((Decimal(r["points"]) for r in rows), Decimal(0))
    return {"variant": variant, "items": rows, "total_points": str(total)}


def seal_paper(*, assembly: Assembly, variant: int, items: Sequence[Item], seed: int) -> Paper:
    """Encrypt one variant under a key of its own (called inside the assembly's transaction)."""
    content = paper_content(items, variant=variant)
    plaintext = json.dumps(content, ensure_ascii=False, sort_keys=True).encode()
    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext, _aad(assembly.pk, variant))
    return Paper.objects.create(
        assembly=assembly,
        variant=variant,
        wrapped_key=crypto.encrypt(base64.b64encode(key).decode(), _key_context(assembly.pk, variant)),
        ciphertext=base64.b64encode(nonce + sealed).decode(),
        digest=hashlib.sha256(plaintext).hexdigest(),
        item_count=len(content["items"]),
        total_points=Decimal(content["total_points"]),
    )


def _decrypt(paper: Paper) -> dict[str, Any]:
    key = base64.b64decode(crypto.decrypt(paper.wrapped_key, _key_context(paper.assembly_id, paper.variant)))
    raw = base64.b64decode(paper.ciphertext)
    plaintext = AESGCM(key).decrypt(raw[:12], raw[12:], _aad(paper.assembly_id, paper.variant))
    if hashlib.sha256(plaintext).hexdigest() != paper.digest:
        raise DomainError(_("密封试卷内容与摘要不符"), field="paper", code="tampered")
    content: dict[str, Any] = json.loads(plaintext)
    return content


def first_start(paper: Paper) -> Any:
    """When the earliest session using the paper set starts (None if it is not assigned to any)."""
    from skillcert.exams.models import ExamSession

    return (
        ExamSession.objects.filter(paper_sets=paper.assembly_id)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def may_open(actor: User | None, paper: Paper) -> bool:
    """After a session using the paper has started: its assigned proctors and the system (R-BANK-3)."""
    from skillcert.exams.choices import SessionStaffRole
    from skillcert.exams.models import ExamSession

    started = ExamSession.objects.filter(paper_sets=paper.assembly_id, starts_at__lte=timezone.now())
    if actor is None:
        return started.exists()
    return started.filter(staff__role=SessionStaffRole.PROCTOR, staff__person__user=actor).exists()


def open_paper(*, actor: User | None, paper: Paper, purpose: str) -> dict[str, Any]:
    """Decrypt a sealed variant for a permitted opener; every opening is audited, refusals too."""
    start = first_start(paper)
    if start is None or start > timezone.now():
        when = timezone.localtime(start).strftime("%Y-%m-%d %H:%M") if start else _("（未安排考试场次）")
        with transaction.atomic():
            record_event(
                actor=actor,
                action=ItembankEvent.PAPER_OPENED,
                obj=paper,
                after={"purpose": purpose, "refused": "sealed"},
            )
        raise DomainError(
            _("试卷处于密封状态：考试开始时间 %(when)s 之前任何人都不能开启") % {"when": when},
            field="paper",
            code="sealed",
        )
    if not may_open(actor, paper):
        with transaction.atomic():
            record_event(
                actor=actor,
                action=ItembankEvent.PAPER_OPENED,
                obj=paper,
                after={"purpose": purpose, "refused": "not_proctor"},
            )
        raise PermissionDenied(_("只有该场次的监考人员和系统可以开启密封试卷"))
    content = _decrypt(paper)
    record_event(actor=actor, action=ItembankEvent.PAPER_OPENED, obj=paper, after={"purpose": purpose})
    return content


MAX_PRINT_COPIES = 200


def copy_mark(paper: Paper, exam_session_id: int, number: int) -> str:
    """The serial printed on one copy: paper set, variant, session and copy number, with check characters
    from the sealed paper's digest, so a leaked copy names its room and its number (R-BANK-3)."""
    base = f"{paper.assembly_id}{paper.variant_label[0]}-{exam_session_id}-{number:03d}"
    check = hashlib.sha256(f"{paper.digest}:{base}".encode()).hexdigest()[:6].upper()
    return f"{base}-{check}"


def print_paper(*, actor: User | None, paper: Paper, exam_session: Any, copies: Any) -> dict[str, Any]:
    """Print copies of a sealed variant for one session's room: each copy carries a watermark naming the
    room, the copy number and its serial; opening and printing are audited (R-BANK-3, notice §4(六))."""
    from skillcert.exams.choices import SessionStaffRole

    try:
        count = int(copies)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= MAX_PRINT_COPIES:
        raise DomainError(_("打印份数应为 1 到 %(n)s 份") % {"n": MAX_PRINT_COPIES}, field="copies", code="copies")
    if not paper.assembly.sessions.filter(pk=exam_session.pk).exists():
        raise DomainError(_("该试卷不用于这个考试场次"), field="exam_session", code="session")
    if actor is not None and not exam_session.staff.filter(role=SessionStaffRole.PROCTOR, person__user=actor).exists():
        with transaction.atomic():
            record_event(actor=actor, action=ItembankEvent.PAPER_PRINTED, obj=paper, after={"refused": "not_proctor"})
        raise PermissionDenied(_("只有该场次的监考人员可以打印试卷"))
    room = exam_session.room.name
    content = open_paper(actor=actor, paper=paper, purpose=_("打印%(room)s备用卷") % {"room": room})
    marks = [copy_mark(paper, exam_session.pk, n) for n in range(1, count + 1)]
    with transaction.atomic():
        record_event(
            actor=actor,
            action=ItembankEvent.PAPER_PRINTED,
            obj=paper,
            after={"exam_session": exam_session.pk, "room": room, "copies": count, "serials": [marks[0], marks[-1]]},
        )
    return {
        "content": content,
        "room": room,
        "copies": [{"number": n, "of": count, "serial": mark} for n, mark in enumerate(marks, start=1)],
    }
