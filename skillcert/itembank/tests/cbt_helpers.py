"""A computer-based session with a sealed two-variant paper, ready to sign in to."""

from __future__ import annotations

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.institutions.tests.factories import staff
from skillcert.itembank.choices import ItemType
from skillcert.itembank.models import CbtSession, Sitting
from skillcert.itembank.services import assembly as assembly_services
from skillcert.itembank.services import cbt
from skillcert.itembank.services.sealing import _decrypt
from skillcert.itembank.tests.factories import CbtSetup, approved_item, cbt_setup


def ready_cbt(n: int = 4, *, short_answer: bool = False) -> tuple[CbtSetup, CbtSession]:
    c = cbt_setup(n)
    s = c.bank
    for area in ("1", "2"):
        for _ in range(6):
            approved_item(s, type=ItemType.SINGLE, point=area, points=2, through_services=False)
        for _ in range(3):
            approved_item(s, type=ItemType.TRUE_FALSE, point=area, points=2, through_services=False)
        approved_item(s, type=ItemType.FILL_IN, point=area, points=2, through_services=False)
        if short_answer:
            approved_item(s, type=ItemType.SHORT_ANSWER, point=area, points=6, through_services=False)
    type_points = (
        {"single": 8, "true_false": 4, "fill_in": 4}
        if not short_answer
        else {
            "single": 8,
            "true_false": 4,
            "short_answer": 6,
        }
    )
    total = sum(type_points.values())
    bp = assembly_services.save_blueprint(
        actor=s.manager,
        bank=s.bank,
        name="机考蓝图",
        total_points=total,
        duration_minutes=60,
        area_points={"1": 8, "2": 8} if not short_answer else {"1": 10, "2": 8},
        type_points=type_points,
        variants=2,
    )
    assembly = assembly_services.assemble_papers(actor=s.clerk, blueprint=bp, seed=3)
    session = cbt.schedule_cbt(actor=c.exam.clerk, exam_session=c.theory, assembly=assembly)
    c.extra["code"] = cbt.reveal_session_code(actor=c.exam.clerk, cbt=session)
    return c, session


def sign_in(c: CbtSetup, i: int = 0) -> tuple[object, str]:
    r = c.exam.registrations[i]
    r.refresh_from_db()
    return cbt.sign_in(exam_number=r.exam_number, id_number=r.id_number, session_code=c.extra["code"])


def choice_cbt(n: int, *, items: int = 24, variants: int = 1) -> tuple[CbtSetup, CbtSession]:
    """A session of `n` candidates with a paper of `items` single-choice items (2 points each)."""
    c = cbt_setup(n)
    s = c.bank
    half = items // 2
    for area in ("1", "2"):
        for _ in range(half):
            approved_item(s, type=ItemType.SINGLE, point=area, points=2, through_services=False)
    bp = assembly_services.save_blueprint(
        actor=s.manager,
        bank=s.bank,
        name="选择题机考蓝图",
        total_points=4 * half,
        duration_minutes=60,
        area_points={"1": 2 * half, "2": 2 * half},
        type_points={"single": 4 * half},
        variants=variants,
    )
    assembly = assembly_services.assemble_papers(actor=s.clerk, blueprint=bp, seed=5)
    session = cbt.schedule_cbt(actor=c.exam.clerk, exam_session=c.theory, assembly=assembly)
    c.extra["code"] = cbt.reveal_session_code(actor=c.exam.clerk, cbt=session)
    return c, session


def sit_with_short_answer(c: CbtSetup, text: str) -> Sitting:
    """The first candidate answers every objective item right, writes `text` to the short answer, hands in."""
    sitting, _ = sign_in(c)
    for seq, item in enumerate(_decrypt(sitting.paper)["items"], start=1):  # type: ignore[attr-defined]
        response = [text] if item["type"] == "short_answer" else list(item["answer"])
        cbt.save_answer(sitting=sitting, key=item["key"], response=response, seq=seq)  # type: ignore[arg-type]
    return cbt.submit_own(sitting=sitting)  # type: ignore[arg-type]


def assign_proctor(c: CbtSetup) -> User:
    """A sign-in account (examiner role) for the theory session's first proctor."""
    user = staff(c.exam.institution, Role.EXAMINER)
    proctor = c.exam.extra["proctors"][0]
    proctor.user = user
    proctor.save()
    return user
