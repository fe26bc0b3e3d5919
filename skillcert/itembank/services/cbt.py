"""Computer-based theory exams: sign-in, ordered idempotent saves, time, submission, scoring (R-BANK-4).

Saves carry a sequence number that the page increases with every change. The server keeps,
per item, the response with the highest sequence number: a replay of the same save is
accepted again without effect, an older save is refused (`stale_sequence`) and never
overwrites a newer one. The sitting's row is locked for each save and for submission, so a
save cannot slip in after the paper was handed in. The deadline is the session's start plus
the paper's duration plus any extra time granted, and it is enforced here, not in the page.
"""

from __future__ import annotations

import hashlib
import logging
import random
import secrets
import unicodedata
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.catalog.choices import ComponentKind
from skillcert.catalog.models import Component
from skillcert.core import crypto
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.fields import blind_index_for
from skillcert.core.policy import get_policy
from skillcert.core.scoping import actor_may, require_row
from skillcert.core.validation import clean_text
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import Attendance, ExamSession, Registration, Seat, SessionStaff
from skillcert.exams.services.scoring import receive_cbt_scores
from skillcert.itembank.choices import (
    CBT_TYPES,
    ItembankEvent,
    ItemType,
    MarkingStatus,
    SittingStatus,
    SubmitKind,
)
from skillcert.itembank.models import Answer, Assembly, CbtSession, Mark, Paper, Sitting
from skillcert.itembank.services.sealing import open_paper

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")
MAX_RESPONSE_CHARS = 5000


def _code_context(exam_session_id: int) -> str:
    return f"itembank.session_code:{exam_session_id}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_proctor(actor: User | None, exam_session: ExamSession) -> bool:
    return bool(
        actor is not None
        and actor.is_authenticated
        and SessionStaff.objects.filter(
            session=exam_session, role=SessionStaffRole.PROCTOR, person__user=actor
        ).exists()
    )


def _require_runner(actor: User | None, exam_session: ExamSession) -> None:
    """Institution managers and clerks of the plan (R-ORG-2)."""
    if actor is None or actor.is_superuser:
        return
    require_row(actor, "view", exam_session.plan)
    if actor.organisation_id != exam_session.plan.institution.organisation_id or not actor_may(
        actor, "change", CbtSession.scope_policy
    ):
        raise PermissionDenied(_("只有本计划的评价机构负责人、经办人可以办理此事项"))


def require_proctor_or_runner(actor: User | None, exam_session: ExamSession) -> None:
    """The session's proctors, or the institution's managers and clerks."""
    if is_proctor(actor, exam_session):
        return
    _require_runner(actor, exam_session)


def require_paper_for_session(actor: User | None, exam_session: ExamSession, assembly: Assembly) -> None:
    """The plan's runner uses a paper set of their own institution's bank, of the session's occupation and level."""
    _require_runner(actor, exam_session)
    if (
        actor is not None
        and not actor.is_superuser
        and actor.organisation_id != assembly.bank.institution.organisation_id
    ):
        raise DomainError(_("只能使用本机构题库组出的试卷"), field="assembly", code="assembly")
    plan = exam_session.plan
    if assembly.occupation_id_copy != plan.occupation_id or assembly.level_copy != exam_session.level:
        raise DomainError(_("试卷的职业或等级与考试场次不一致"), field="assembly", code="mismatch")


def schedule_cbt(*, actor: User | None, exam_session: ExamSession, assembly: Assembly) -> CbtSession:
    """Hold a theory session on computers with an assembled paper set; a session code is drawn (R-BANK-4)."""
    require_paper_for_session(actor, exam_session, assembly)
    if exam_session.component != ComponentKind.THEORY:
        raise DomainError(_("机考只用于理论知识考试场次"), field="exam_session", code="component")
    types = set(assembly.blueprint.type_points)
    if not types <= set(CBT_TYPES):
        raise DomainError(_("机考试卷只能包含选择、判断、填空和简答题"), field="assembly", code="types")
    with transaction.atomic():
        if CbtSession.objects.filter(exam_session=exam_session).exists():
            raise DomainError(_("该场次已安排机考"), field="exam_session", code="duplicate")
        code = f"{secrets.randbelow(10**6):06d}"
        cbt = CbtSession.objects.create(
            exam_session=exam_session,
            assembly=assembly,
            code_token=crypto.encrypt(code, _code_context(exam_session.pk)),
            duration_minutes=assembly.blueprint.duration_minutes,
            scheduled_by=actor,
        )
        assembly.sessions.add(exam_session)
        record_event(actor=actor, action=ItembankEvent.CBT_SCHEDULED, obj=cbt, after={"assembly": assembly.pk})
    return cbt


def reveal_session_code(*, actor: User | None, cbt: CbtSession) -> str:
    """The proctor reads the session code aloud; each reveal is audited (R-BANK-4)."""
    require_proctor_or_runner(actor, cbt.exam_session)
    with transaction.atomic():
        record_event(actor=actor, action=ItembankEvent.SESSION_CODE_REVEALED, obj=cbt)
    return crypto.decrypt(cbt.code_token, _code_context(cbt.exam_session_id))


def deadline_of(sitting: Sitting) -> datetime:
    cbt = sitting.cbt_session
    result: datetime = cbt.exam_session.starts_at + timedelta(minutes=cbt.duration_minutes + sitting.extra_minutes)
    return result


def _bad_sign_in() -> DomainError:
    return DomainError(_("准考证号、证件号码或场次登录码不正确"), field="credentials", code="sign_in")


def sign_in(*, exam_number: str, id_number: str, session_code: str) -> tuple[Sitting, str]:
    """A candidate signs in to their seat's computer-based session; a new sign-in replaces the old device (R-BANK-4)."""
    exam_number = (exam_number or "").strip()
    session_code = (session_code or "").strip()
    if not exam_number or not (id_number or "").strip() or not session_code:
        raise DomainError(_("请填写准考证号、证件号码和场次登录码"), field="credentials", code="required")
    index = blind_index_for(Registration, "id_number", id_number)
    current = timezone.now()
    seats = (
        Seat.objects.filter(
            registration__exam_number=exam_number,
            registration__id_number_index=index,
            session__cbt__isnull=False,
            session__ends_at__gte=current - timedelta(hours=12),
        )
        .select_related("session__cbt__assembly", "registration", "session__plan")
        .order_by("session__starts_at")
    )
    seat = None
    for candidate_seat in seats:
        cbt = candidate_seat.session.cbt
        if secrets.compare_digest(
            crypto.decrypt(cbt.code_token, _code_context(candidate_seat.session_id)), session_code
        ):
            seat = candidate_seat
            break
    if seat is None:
        raise _bad_sign_in()
    session = seat.session
    cbt = session.cbt
    opens = session.starts_at - timedelta(minutes=int(get_policy("itembank.signin_minutes_before")))
    if current < opens:
        raise DomainError(
            _("考试尚未开始（开考时间 %(t)s），请稍候再登录")
            % {"t": timezone.localtime(session.starts_at).strftime("%H:%M")},
            field="credentials",
            code="not_started",
        )
    if not Attendance.objects.filter(session=session, registration=seat.registration, identity_verified=True).exists():
        raise DomainError(_("请先在考场签到并通过身份核验"), field="credentials", code="not_checked_in")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().filter(cbt_session=cbt, registration=seat.registration).first()
        if sitting is None:
            papers = list(Paper.objects.filter(assembly=cbt.assembly).order_by("variant"))
            paper = papers[(seat.seat_number - 1) % len(papers)]
            content = open_paper(
                actor=None, paper=paper, purpose=gettext("考生%(exam_number)s开始作答") % {"exam_number": exam_number}
            )
            sitting = Sitting.objects.create(
                cbt_session=cbt,
                registration=seat.registration,
                paper=paper,
                seed=secrets.token_hex(16),
                token_hash=token_hash(token),
                started_at=current,
                signed_in_at=current,
                item_count=len(content["items"]),
                item_meta={i["key"]: {"type": i["type"], "points": i["points"]} for i in content["items"]},
            )
        else:
            if sitting.status == SittingStatus.SUBMITTED:
                raise DomainError(_("您已交卷，不能再次登录作答"), field="credentials", code="submitted")
            sitting.token_hash = token_hash(token)
            sitting.signed_in_at = current
            sitting.sign_ins += 1
            sitting.save(update_fields=["token_hash", "signed_in_at", "sign_ins", "updated_at"])
        record_event(
            actor=None,
            action=ItembankEvent.SITTING_STARTED,
            obj=sitting,
            after={"exam_number": exam_number, "sign_ins": sitting.sign_ins, "variant": sitting.paper.variant},
        )
    if current >= deadline_of(sitting):
        submit(sitting=sitting, kind=SubmitKind.TIMEOUT)
        raise DomainError(_("考试时间已到，已自动交卷"), field="credentials", code="time_up")
    return sitting, token


def sitting_for_token(token: str, *, sitting_id: int | None = None) -> Sitting:
    """The sitting the page's token belongs to; a token for another sitting is refused (R-BANK-4)."""
    sitting = (
        Sitting.objects.filter(token_hash=token_hash(token or ""))
        .select_related("cbt_session__exam_session__room", "registration", "paper")
        .first()
    )
    if sitting is None:
        raise PermissionDenied(_("登录已失效，请重新登录（可能已在其他电脑登录）"))
    if sitting_id is not None and sitting.pk != sitting_id:
        raise PermissionDenied(_("不能查看或保存其他考生的作答"))
    return sitting


def _shuffled(content: dict[str, Any], seed: str) -> list[dict[str, Any]]:
    """Items and options in the candidate's order; answers removed. Same seed, same order."""
    rng = random.Random(seed)  # noqa: S311 - reproducible from the recorded seed
    items = [dict(i) for i in content["items"]]
    rng.shuffle(items)
    shown = []
    for item in items:
        options = list(item.get("options") or [])
        if item["type"] in (ItemType.SINGLE, ItemType.MULTIPLE):
            rng.shuffle(options)
        shown.append(
            {
                "key": item["key"],
                "type": item["type"],
                "stem": item["stem"],
                "points": item["points"],
                "options": options,
            }
        )
    return shown


def exam_state(sitting: Sitting) -> dict[str, Any]:
    """What the exam page shows: the shuffled paper, the saved answers, the time left and the last sequence."""
    items: list[dict[str, Any]] = []
    if sitting.status == SittingStatus.ANSWERING:
        content = open_paper(
            actor=None,
            paper=sitting.paper,
            purpose=gettext("考生%(exam_number)s作答") % {"exam_number": sitting.registration.exam_number},
        )
        items = _shuffled(content, sitting.seed)
    answers = {a.key: {"response": a.response, "seq": a.seq} for a in sitting.answers.all()}
    deadline = deadline_of(sitting)
    room = sitting.cbt_session.exam_session.room.name
    return {
        "sitting": sitting.pk,
        "name": sitting.registration.name,
        "exam_number": sitting.registration.exam_number,
        "room": room,
        # Shown across the page: a photo of the screen names the room and the candidate (R-BANK-3).
        "watermark": f"{room} · {sitting.registration.exam_number}",
        "variant": sitting.paper.variant_label,
        "status": sitting.status,
        "deadline": deadline.isoformat(),
        "seconds_left": max(0, int((deadline - timezone.now()).total_seconds())),
        "last_seq": sitting.last_seq,
        "items": items,
        "answers": answers,
        "score": str(sitting.score) if sitting.score is not None and sitting.marking != MarkingStatus.PENDING else None,
    }


def _clean_response(response: Any) -> list[str]:
    if response is None:
        return []
    if isinstance(response, str):
        response = [response]
    if not isinstance(response, list) or not all(isinstance(r, str) for r in response):
        raise DomainError(_("作答格式不正确"), field="response", code="response")
    if sum(len(r) for r in response) > MAX_RESPONSE_CHARS:
        raise DomainError(_("作答不能超过%(n)s个字") % {"n": MAX_RESPONSE_CHARS}, field="response", code="too_long")
    return response


def save_answer(*, sitting: Sitting, key: str, response: Any, seq: Any) -> dict[str, Any]:
    """Keep the response if its sequence number is the newest for the item; replays are harmless (R-BANK-4)."""
    try:
        seq_value = int(seq)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("保存序号应为正整数"), field="seq", code="seq") from exc
    if seq_value < 1:
        raise DomainError(_("保存序号应为正整数"), field="seq", code="seq")
    clean = _clean_response(response)
    if key not in sitting.item_meta:
        raise DomainError(_("试卷中没有这道题"), field="key", code="key")
    expired = False
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.status == SittingStatus.SUBMITTED:
            raise DomainError(_("已交卷，不能再保存作答"), field="sitting", code="submitted")
        current = timezone.now()
        if current >= deadline_of(sitting):
            expired = True
        else:
            updated = Answer.objects.filter(sitting=locked, key=key, seq__lt=seq_value).update(
                response=clean, seq=seq_value, saved_at=current
            )
            outcome = "saved"
            if not updated:
                existing = Answer.objects.filter(sitting=locked, key=key).first()
                if existing is None:
                    try:
                        with transaction.atomic():
                            Answer.objects.create(
                                sitting=locked, key=key, response=clean, seq=seq_value, saved_at=current
                            )
                    except IntegrityError:  # pragma: no cover - the sitting lock makes this unreachable
                        raise DomainError(_("保存冲突，请重试"), field="seq", code="conflict") from None
                elif existing.seq == seq_value and existing.response == clean:
                    outcome = "duplicate"
                else:
                    raise DomainError(
                        _("保存序号 %(seq)s 早于服务器已保存的序号 %(have)s，较新的作答已保留")
                        % {"seq": seq_value, "have": existing.seq},
                        field="seq",
                        code="stale_sequence",
                    )
            if outcome == "saved":
                locked.last_seq = max(locked.last_seq, seq_value)
                locked.last_saved_at = current
                locked.answered = locked.answers.exclude(response=[]).exclude(response=[""]).count()
                locked.save(update_fields=["last_seq", "last_saved_at", "answered", "updated_at"])
            return {"status": outcome, "seq": seq_value, "last_seq": locked.last_seq, "answered": locked.answered}
    if expired:
        submit(sitting=sitting, kind=SubmitKind.TIMEOUT)
    raise DomainError(_("考试时间已到，已自动交卷，该作答未保存"), field="sitting", code="time_up")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def score_objective(item: dict[str, Any], response: list[str]) -> Decimal | None:
    """Full points for an exact answer, nothing otherwise; None for items a person marks."""
    points = Decimal(item["points"])
    kind = item["type"]
    if kind in (ItemType.SINGLE, ItemType.MULTIPLE, ItemType.TRUE_FALSE):
        return points if sorted(set(response)) == sorted(item["answer"]) else Decimal(0)
    if kind == ItemType.FILL_IN:
        given = _norm(response[0]) if response else ""
        return points if given and given in {_norm(a) for a in item["answer"]} else Decimal(0)
    return None


def submit(*, sitting: Sitting, kind: str, actor: User | None = None, reason: str = "") -> Sitting:
    """Hand in: objective items are scored now; short answers wait for the markers (R-BANK-4)."""
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().select_related("paper", "registration").get(pk=sitting.pk)
        if locked.status == SittingStatus.SUBMITTED:
            if kind == SubmitKind.EXPLICIT:
                raise DomainError(_("已交卷"), field="sitting", code="submitted")
            return locked
        content = open_paper(
            actor=None,
            paper=locked.paper,
            purpose=gettext("考生%(exam_number)s交卷评分") % {"exam_number": locked.registration.exam_number},
        )
        answers = {a.key: a for a in locked.answers.all()}
        objective = Decimal(0)
        manual = False
        for item in content["items"]:
            answer = answers.get(item["key"])
            value = score_objective(item, answer.response if answer else [])
            if value is None:
                if answer is None or not any(r.strip() for r in answer.response):
                    if answer is None:
                        answer = Answer.objects.create(
                            sitting=locked, key=item["key"], response=[], seq=0, saved_at=timezone.now()
                        )
                    answer.score = Decimal(0)
                    answer.save(update_fields=["score"])
                else:
                    manual = True
                continue
            objective += value
            if answer is not None:
                answer.score = value
                answer.save(update_fields=["score"])
        locked.status = SittingStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submit_kind = kind
        locked.objective_score = objective
        if manual:
            locked.marking = MarkingStatus.PENDING
        else:
            locked.marking = MarkingStatus.NOT_NEEDED
            locked.score = objective + sum(
                (
                    a.score or Decimal(0)
                    for a in locked.answers.filter(score__isnull=False)
                    if locked.item_meta[a.key]["type"] == ItemType.SHORT_ANSWER
                ),
                Decimal(0),
            )
        locked.save()
        record_event(
            actor=actor,
            action=ItembankEvent.SITTING_SUBMITTED,
            obj=locked,
            after={"kind": kind, "objective_score": objective, "reason": reason, "answered": locked.answered},
        )
        if not manual:
            send_score(sitting=locked)
    return locked


def submit_own(*, sitting: Sitting) -> Sitting:
    """The candidate hands in; after the deadline the server already did (R-BANK-4)."""
    return submit(
        sitting=sitting, kind=SubmitKind.TIMEOUT if timezone.now() >= deadline_of(sitting) else SubmitKind.EXPLICIT
    )


def grant_extra_time(*, actor: User | None, sitting: Sitting, minutes: int, reason: str) -> Sitting:
    """The proctor gives a candidate more time, with the reason (R-BANK-4)."""
    require_proctor_or_runner(actor, sitting.cbt_session.exam_session)
    reason = clean_text(reason, field="reason", label=_("延长时间的理由"), max_length=200)
    if not 1 <= int(minutes) <= 120:
        raise DomainError(_("延长时间应为 1 到 120 分钟"), field="minutes", code="minutes")
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.status == SittingStatus.SUBMITTED:
            raise DomainError(_("考生已交卷，不能延长时间"), field="sitting", code="submitted")
        before = locked.extra_minutes
        locked.extra_minutes += int(minutes)
        locked.save(update_fields=["extra_minutes", "updated_at"])
        record_event(
            actor=actor,
            action=ItembankEvent.EXTRA_TIME,
            obj=locked,
            before={"extra_minutes": before},
            after={"extra_minutes": locked.extra_minutes, "reason": reason},
        )
    return locked


def force_submit(*, actor: User | None, sitting: Sitting, reason: str) -> Sitting:
    """The proctor collects a candidate's paper, with the reason (R-BANK-4)."""
    require_proctor_or_runner(actor, sitting.cbt_session.exam_session)
    reason = clean_text(reason, field="reason", label=_("强制收卷的理由"), max_length=200)
    if sitting.status == SittingStatus.SUBMITTED:
        raise DomainError(_("考生已交卷"), field="sitting", code="submitted")
    return submit(sitting=sitting, kind=SubmitKind.FORCED, actor=actor, reason=reason)


def submit_expired() -> int:
    """Hand in every sitting whose time is up: the periodic task (`tasks.submit_expired_sittings`);
    saves and sign-ins check too. Only sessions that have started are read; each sitting is handed
    in in its own transaction, so one that fails does not hold back the others (R-BANK-4)."""
    count = 0
    current = timezone.now()
    answering = Sitting.objects.filter(
        status=SittingStatus.ANSWERING, cbt_session__exam_session__starts_at__lte=current
    ).select_related("cbt_session__exam_session")
    for sitting in answering:
        if current >= deadline_of(sitting):
            try:
                submit(sitting=sitting, kind=SubmitKind.TIMEOUT)
            except DomainError:
                logger.exception("sitting %s could not be submitted at time-out", sitting.pk)
                continue
            count += 1
    return count


def _component_score(sitting: Sitting) -> Decimal:
    """The paper score scaled to the theory component's full marks."""
    assert sitting.score is not None
    session = sitting.cbt_session.exam_session
    component = Component.objects.filter(
        standard_level__standard__occupation_id=session.plan.occupation_id,
        standard_level__standard__is_current=True,
        standard_level__level=session.level,
        kind=ComponentKind.THEORY,
    ).first()
    full = Decimal(component.full_marks if component else 100)
    total = sitting.paper.total_points or Decimal(1)
    return (sitting.score * full / total).quantize(CENT, rounding=ROUND_HALF_UP)


def send_score(*, sitting: Sitting) -> bool:
    """Pass the theory score to exam scoring, which keeps its change log (R-EXAM-8, R-BANK-4)."""
    sitting = Sitting.objects.select_related("cbt_session__exam_session__plan", "registration", "paper").get(
        pk=sitting.pk
    )
    if sitting.score is None:
        return False
    session = sitting.cbt_session.exam_session
    value = _component_score(sitting)
    try:
        with transaction.atomic():
            receive_cbt_scores(
                actor=None,
                plan=session.plan,
                level=session.level,
                scores={sitting.registration.exam_number: value},
                reason=_("机考评阅完成"),
            )
            Sitting.objects.filter(pk=sitting.pk).update(score_sent_at=timezone.now())
            record_event(actor=None, action=ItembankEvent.SCORE_SENT, obj=sitting, after={"score": value})
    except DomainError as exc:
        with transaction.atomic():
            record_event(
                actor=None, action=ItembankEvent.SCORE_SENT, obj=sitting, after={"score": value, "refused": exc.message}
            )
        return False
    return True


def resend_scores(*, actor: User | None, cbt: CbtSession) -> int:
    """Send every finished score that exam scoring has not taken yet (e.g. before the plan started)."""
    _require_runner(actor, cbt.exam_session)
    sent = 0
    for sitting in cbt.sittings.filter(score__isnull=False, score_sent_at__isnull=True).exclude(
        marking__in=[MarkingStatus.PENDING, MarkingStatus.THIRD]
    ):
        sent += int(send_score(sitting=sitting))
    return sent


# --- blind double marking of short answers --------------------------------------------------------


def require_session_marker(actor: User, cbt: CbtSession) -> None:
    """Markers are the institution's authors (managers, clerks, experts); a proctor who only sees
    the session is refused with a 403 rather than an empty queue (R-BANK-4)."""
    if actor.is_superuser:
        return
    if not actor_may(actor, "mark", Sitting.scope_policy) or (
        actor.organisation_id != cbt.exam_session.plan.institution.organisation_id
    ):
        raise PermissionDenied(_("只有本机构的命题、阅卷人员可以评阅"))


def _require_marker(actor: User, sitting: Sitting) -> None:
    session = sitting.cbt_session.exam_session
    require_row(actor, "mark", sitting)
    if actor.is_superuser:
        return
    if actor.organisation_id != session.plan.institution.organisation_id:
        raise PermissionDenied(_("只有本机构的命题、阅卷人员可以评阅"))


def marking_queue(*, actor: User, cbt: CbtSession) -> list[Answer]:
    """Short answers this marker may mark now, without the other markers' scores (blind)."""
    answers = (
        Answer.objects.filter(sitting__cbt_session=cbt, score__isnull=True, sitting__status=SittingStatus.SUBMITTED)
        .exclude(marks__marker=actor)
        .select_related("sitting")
        .prefetch_related("marks")
        .order_by("sitting_id", "key")
    )
    queue = []
    gap = Decimal(str(get_policy("itembank.marking_gap_ratio")))
    for answer in answers:
        meta = answer.sitting.item_meta.get(answer.key, {})
        if meta.get("type") != ItemType.SHORT_ANSWER:
            continue
        marks = list(answer.marks.all())
        if len(marks) < 2 or (len(marks) == 2 and abs(marks[0].score - marks[1].score) > gap * Decimal(meta["points"])):
            queue.append(answer)
    return queue


def final_of(marks: list[Decimal]) -> Decimal:
    """Two close marks: their mean; with a third: the mean of the third and the nearer of the first two."""
    if len(marks) == 2:
        return ((marks[0] + marks[1]) / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    third = marks[2]
    nearer = min(marks[:2], key=lambda m: (abs(m - third), -m))
    return ((third + nearer) / 2).quantize(CENT, rounding=ROUND_HALF_UP)


def mark_answer(*, actor: User, answer: Answer, score: Any) -> Mark:
    """One blind mark; two within the threshold settle the item, a wider gap calls a third marker (R-BANK-4)."""
    _require_marker(actor, answer.sitting)
    meta = answer.sitting.item_meta.get(answer.key, {})
    if meta.get("type") != ItemType.SHORT_ANSWER:
        raise DomainError(_("只有简答题需要人工评阅"), field="answer", code="not_manual")
    points = Decimal(meta["points"])
    try:
        value = Decimal(str(score)).quantize(CENT)
    except Exception as exc:
        raise DomainError(_("评分应为数字"), field="score", code="score") from exc
    if not Decimal(0) <= value <= points:
        raise DomainError(_("评分应在 0 到 %(p)s 分之间") % {"p": points}, field="score", code="score")
    gap = Decimal(str(get_policy("itembank.marking_gap_ratio"))) * points
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().get(pk=answer.sitting_id)
        if sitting.status != SittingStatus.SUBMITTED:
            raise DomainError(_("考生尚未交卷，不能评阅"), field="answer", code="not_submitted")
        row = Answer.objects.select_for_update().get(pk=answer.pk)
        marks = list(row.marks.order_by("round"))
        if any(m.marker_id == actor.pk for m in marks):
            raise DomainError(_("您已评阅过这道题，同一题须由不同人员评阅"), field="answer", code="marked")
        if (
            row.score is not None
            or len(marks) >= 3
            or (len(marks) == 2 and abs(marks[0].score - marks[1].score) <= gap)
        ):
            raise DomainError(_("这道题已评阅完成"), field="answer", code="done")
        mark = Mark.objects.create(answer=row, marker=actor, round=len(marks) + 1, score=value)
        scores = [m.score for m in marks] + [value]
        if len(scores) == 3 or (len(scores) == 2 and abs(scores[0] - scores[1]) <= gap):
            row.score = final_of(scores)
            row.save(update_fields=["score"])
        record_event(
            actor=actor, action=ItembankEvent.ANSWER_MARKED, obj=sitting, after={"key": row.key, "round": mark.round}
        )
        pending = [
            a
            for a in sitting.answers.filter(score__isnull=True)
            if sitting.item_meta.get(a.key, {}).get("type") == ItemType.SHORT_ANSWER
        ]
        if pending:
            third = any(len(ms := list(a.marks.all())) == 2 and abs(ms[0].score - ms[1].score) > gap for a in pending)
            sitting.marking = MarkingStatus.THIRD if third else MarkingStatus.PENDING
            sitting.save(update_fields=["marking", "updated_at"])
        else:
            manual = sum(
                (
                    a.score
                    for a in sitting.answers.all()
                    if sitting.item_meta.get(a.key, {}).get("type") == ItemType.SHORT_ANSWER and a.score is not None
                ),
                Decimal(0),
            )
            sitting.score = (sitting.objective_score or Decimal(0)) + manual
            sitting.marking = MarkingStatus.DONE
            sitting.save(update_fields=["score", "marking", "updated_at"])
            send_score(sitting=sitting)
    return mark


def marking_rows(*, actor: User, cbt: CbtSession) -> list[dict[str, Any]]:
    """The marker's queue with stems and reference answers; opens each paper for marking (audited)."""
    require_session_marker(actor, cbt)
    queue = marking_queue(actor=actor, cbt=cbt)
    if not queue:
        return []
    contents: dict[int, dict[str, dict[str, Any]]] = {}
    rows = []
    for answer in queue:
        paper_id = answer.sitting.paper_id
        if paper_id not in contents:
            content = open_paper(actor=None, paper=answer.sitting.paper, purpose=gettext("简答题评阅"))
            contents[paper_id] = {i["key"]: i for i in content["items"]}
        item = contents[paper_id][answer.key]
        rows.append(
            {
                "answer": answer.pk,
                "key": answer.key,
                "stem": item["stem"],
                "reference": item["answer"],
                "points": item["points"],
                "response": answer.response,
                "round": len(answer.marks.all()) + 1,
            }
        )
    return rows
