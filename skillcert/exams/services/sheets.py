"""Examiners score for themselves (R-EXAM-8, R-EXAM-11).

Each examiner (or 综合评审 panel member) assigned to a session enters their own marks for each
seated candidate against the component's rubric (`ScoringRubric`: criteria with a maximum each;
without one, a single total up to full marks), saves as often as needed, then signs. Signing is
an audited act on a locked row: once signed the sheet is the examiner's, a second signature is
refused, and a change needs a reason and is kept as a `SheetChange` with marks before and after.
Examiners do not see one another's marks until every examiner of the session has signed.

When every sheet of a candidate is in, the component score is the mean of the totals (as
before). If the totals differ by more than `exams.examiner_gap_percent` of full marks, the
candidate goes to the session's chief examiner (`SessionStaff.is_chief`) as a `GapReview`; the
component score stays empty until the chief decides with reasons, and is then the mean.

Institution staff enter a paper sheet on an examiner's behalf only with the scan of the signed
paper sheet attached; the sheet is recorded as entered on behalf (`SheetEntry.PAPER`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.timezone import now
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.accounts.types import Actor
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import SCAN_TYPES, store_file
from skillcert.catalog.choices import ComponentKind
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.locking import lock
from skillcert.core.scoping import require_row
from skillcert.core.validation import clean_text
from skillcert.exams.choices import (
    STAFF_FOR_COMPONENT,
    GapReviewStatus,
    PlanStatus,
    SheetEntry,
    SheetEvent,
)
from skillcert.exams.models import (
    Attendance,
    ComponentScore,
    ExaminerScore,
    ExamPlan,
    ExamSession,
    GapReview,
    ScoringRubric,
    Seat,
    SessionStaff,
    SheetChange,
)
from skillcert.exams.selectors.sheets import (
    CENT,
    Criterion,
    SheetRubric,
    assignment,
    component_of,
    gap_threshold,
    mean,
    seats_visible_for_sheets,
    session_rubric,
    sheet_total,
)
from skillcert.exams.services.access import check_exam_upload, require_institution_staff
from skillcert.personnel.models import Person

SCORING_STATUSES = frozenset({PlanStatus.IN_PROGRESS, PlanStatus.SCORING})


def _where(seat: Seat) -> str:
    return _("准考证号%(number)s") % {"number": seat.registration.exam_number or seat.registration_id}


def clean_marks(
    marks: Mapping[str, Any] | None, criteria: Sequence[Criterion], *, where: str, complete: bool
) -> dict[str, Decimal]:
    """Marks per criterion between 0 and its maximum with at most two decimals; refusals name the criterion."""
    marks = dict(marks or {})
    known = {c.key: c for c in criteria}
    unknown = [k for k in marks if k not in known]
    if unknown:
        raise DomainError(
            _("%(where)s：评分项目“%(key)s”不在本科目的评分细则中") % {"where": where, "key": unknown[0]},
            field="marks",
            code="unknown_criterion",
        )
    out: dict[str, Decimal] = {}
    for c in criteria:
        raw = marks.get(c.key)
        raw = "" if raw is None else str(raw).strip()
        if raw == "":
            if complete:
                raise DomainError(
                    _("%(where)s：请填写“%(title)s”的得分（满分%(max)s分）")
                    % {"where": where, "title": c.title, "max": c.max},
                    field="marks",
                    code="required",
                )
            continue
        try:
            value = Decimal(raw)
        except (InvalidOperation, ValueError):
            value = Decimal("NaN")
        if not value.is_finite():
            raise DomainError(
                _("%(where)s：“%(title)s”的得分“%(raw)s”不是有效的分数")
                % {"where": where, "title": c.title, "raw": raw},
                field="marks",
                code="invalid_score",
            )
        if value < 0 or value > c.max:
            raise DomainError(
                _("%(where)s：“%(title)s”的得分%(raw)s超出范围，该项满分%(max)s分")
                % {"where": where, "title": c.title, "raw": raw, "max": c.max},
                field="marks",
                code="out_of_range",
            )
        if value != value.quantize(CENT):
            raise DomainError(
                _("%(where)s：“%(title)s”的得分%(raw)s最多保留两位小数")
                % {"where": where, "title": c.title, "raw": raw},
                field="marks",
                code="precision",
            )
        out[c.key] = value.quantize(CENT)
    return out


def clean_voids(voids: Mapping[str, Any] | None, rubric: SheetRubric, *, where: str) -> dict[str, dict[str, Any]]:
    """The void faults (否决项) ticked per task, each naming a fault of that task's rubric, with a reason.

    `{task: {"items": [...], "reason": "..."}}`; a task with nothing ticked is left out.
    """
    rules = {r.group: r for r in rubric.voids}
    out: dict[str, dict[str, Any]] = {}
    for group, raw in dict(voids or {}).items():
        rule = rules.get(group)
        if rule is None:
            raise DomainError(
                _("%(where)s：否决项所属的任务“%(key)s”不在本场次的评分细则中") % {"where": where, "key": group},
                field="voids",
                code="unknown_task",
            )
        raw = raw if isinstance(raw, Mapping) else {"items": raw}
        items = raw.get("items") or []
        items = [str(i).strip() for i in (items if isinstance(items, list | tuple) else [items]) if str(i).strip()]
        if not items:
            continue
        unknown = [i for i in items if i not in rule.items]
        if unknown:
            raise DomainError(
                _("%(where)s：“%(item)s”不是%(task)s的否决项")
                % {"where": where, "item": unknown[0], "task": rule.title},
                field="voids",
                code="unknown_void",
            )
        reason = str(raw.get("reason") or "").strip()
        if not reason:
            raise DomainError(
                _("%(where)s：%(task)s勾选了否决项，请填写否决理由（该任务记0分）")
                % {"where": where, "task": rule.title},
                field="voids",
                code="void_reason",
            )
        if len(reason) > 1000:
            raise DomainError(
                _("%(where)s：%(task)s的否决理由不能超过1000字") % {"where": where, "task": rule.title},
                field="voids",
                code="void_reason",
            )
        out[group] = {"items": [i for i in rule.items if i in items], "reason": reason}
    return out


def _total(marks: Mapping[str, Decimal], rubric: SheetRubric, voids: Mapping[str, Any]) -> Decimal:
    return sheet_total(marks, rubric.criteria, voids.keys())


def _clean_notes(notes: str | None, current: str) -> str:
    if notes is None:
        return current
    return clean_text(notes, field="notes", label=_("评分备注"), max_length=2000, required=False)


def _as_json(marks: Mapping[str, Decimal]) -> dict[str, str]:
    return {k: str(v) for k, v in marks.items()}


# --- the component score of one candidate ----------------------------------------------------------


def settle_component_score(cs: ComponentScore, session: ExamSession, *, actor: Actor | None = None) -> ComponentScore:
    """The mean of the examiners' totals once every sheet is in; a gap over the policy goes to the chief.

    The caller holds the lock on `cs`. Sheets still unsigned leave the score empty; so does an
    open gap review. A decided review stands while the totals are those it decided on.
    """
    examiners = list(
        SessionStaff.objects.filter(session=session, role=STAFF_FOR_COMPONENT[cs.component]).values_list(
            "person_id", flat=True
        )
    )
    sheets = {s.examiner_id: s for s in ExaminerScore.objects.filter(component_score=cs)}
    score: Decimal | None = None
    complete = bool(examiners) and all(e in sheets and sheets[e].final for e in examiners)
    reviews = list(GapReview.objects.filter(component_score=cs).order_by("-flagged_at", "-id"))
    open_review = next((r for r in reviews if r.status == GapReviewStatus.OPEN), None)
    if complete and not cs.absent and not cs.voided:
        totals = {str(e): sheets[e].score for e in examiners}
        gap = max(totals.values()) - min(totals.values())
        average = mean(totals.values())
        component = component_of(session.plan, session.level, cs.component)
        threshold = gap_threshold(component.full_marks if component is not None else 100)
        recorded = {k: str(v) for k, v in totals.items()}
        if gap <= threshold:
            score = average
            if open_review is not None:
                open_review.status = GapReviewStatus.CLEARED
                open_review.save(update_fields=["status", "updated_at"])
        else:
            decided = next((r for r in reviews if r.status == GapReviewStatus.DECIDED and r.totals == recorded), None)
            if decided is not None and open_review is None:
                score = average
            elif open_review is None or open_review.totals != recorded:
                if open_review is not None:
                    open_review.status = GapReviewStatus.CLEARED
                    open_review.save(update_fields=["status", "updated_at"])
                review = GapReview.objects.create(
                    component_score=cs,
                    session=session,
                    totals=recorded,
                    gap=gap,
                    threshold=threshold,
                    flagged_at=now(),
                )
                record_event(
                    actor=actor,
                    action=SheetEvent.GAP_FLAGGED,
                    obj=review,
                    after={"registration": cs.registration_id, "totals": recorded, "gap": gap, "threshold": threshold},
                )
    elif open_review is not None:
        open_review.status = GapReviewStatus.CLEARED
        open_review.save(update_fields=["status", "updated_at"])
    if cs.absent or cs.voided:
        score = None
    if cs.score != score:
        cs.score = score
        cs.save(update_fields=["score", "updated_at"])
    return cs


# --- the examiner's own sheet ----------------------------------------------------------------------


def _seat_for(actor: Actor, seat: Seat) -> tuple[Seat, SessionStaff]:
    """The seat as the actor may score it: 404 when they cannot see it, 403 when they are not its examiner."""
    if not seats_visible_for_sheets(actor).filter(pk=seat.pk).exists():
        raise NotFoundError(_("未找到该考生的评分表"))
    seat = Seat.objects.select_related("session__plan__occupation", "session__room", "registration").get(pk=seat.pk)
    if seat.session.component == ComponentKind.THEORY:
        raise DomainError(_("理论知识不由考评人员分别评分，成绩由机构录入或机考系统回传"), field="seat", code="theory")
    staff = assignment(actor, seat.session)
    if staff is None:
        raise PermissionDenied(
            _("只有该考生所在场次（%(room)s）的考评人员可以为其评分") % {"room": seat.session.room.name}
        )
    return seat, staff


def _require_scoring(seat: Seat) -> None:
    from skillcert.exams.services.staffing_checks import require_sound_staffing

    plan = seat.session.plan
    if plan.status not in SCORING_STATUSES:
        raise DomainError(
            _("认定计划状态为“%(status)s”，不能评分（开考后、成绩确认前方可评分）")
            % {"status": plan.get_status_display()},
            field="plan",
            code="plan_status",
        )
    require_sound_staffing(seat.session, what=_("评分"))
    if not Attendance.objects.filter(
        session=seat.session, registration_id=seat.registration_id, identity_verified=True
    ).exists():
        raise DomainError(
            _("%(where)s：未签到或身份核验未通过，不能评分") % {"where": _where(seat)},
            field="seat",
            code="not_checked_in",
        )


def _locked_score(seat: Seat) -> ComponentScore:
    """The candidate's component score, created if needed, locked for the rest of the transaction."""
    cs, _created = ComponentScore.objects.get_or_create(
        registration_id=seat.registration_id, component=seat.session.component
    )
    lock(cs)
    where = _where(seat)
    if cs.locked:
        raise DomainError(
            _("%(where)s：成绩已确认锁定，变更由评价机构办理（成绩变更）") % {"where": where},
            field="marks",
            code="locked",
        )
    if cs.voided:
        raise DomainError(
            _("%(where)s：该科目已因违纪处理成绩无效，不能评分") % {"where": where}, field="marks", code="voided"
        )
    if cs.absent:
        raise DomainError(_("%(where)s：考生缺考，不能评分") % {"where": where}, field="marks", code="absent")
    return cs


def _mark_scoring(plan: ExamPlan) -> None:
    ExamPlan.objects.filter(pk=plan.pk, status=PlanStatus.IN_PROGRESS).update(status=PlanStatus.SCORING)


def save_sheet(
    *,
    actor: User,
    seat: Seat,
    marks: Mapping[str, Any],
    sign: bool = False,
    voids: Mapping[str, Any] | None = None,
    notes: str | None = None,
) -> ExaminerScore:
    """An examiner saves their own marks for a candidate, optionally signing at once (R-EXAM-11).

    `voids` are the tasks voided by a fault (否决项) with the reason, `None` keeping those saved;
    `notes` likewise. The total is computed here: the marks' sum, a voided task counting 0.
    """
    seat, staff = _seat_for(actor, seat)
    where = _where(seat)
    rubric = session_rubric(seat.session)
    cleaned = clean_marks(marks, rubric.criteria, where=where, complete=sign)
    cleaned_voids = clean_voids(voids, rubric, where=where) if voids is not None else None
    with transaction.atomic():
        _require_scoring(seat)
        cs = _locked_score(seat)
        sheet = ExaminerScore.objects.filter(component_score=cs, examiner=staff.person).first()
        if sheet is not None:
            lock(sheet)
            _require_own_unsigned(sheet, where)
        before = (
            {"marks": sheet.marks, "voids": sheet.voids, "score": sheet.score, "notes": sheet.notes}
            if sheet is not None
            else None
        )
        sheet = sheet or ExaminerScore(component_score=cs, examiner=staff.person, entry=SheetEntry.SELF)
        if cleaned_voids is not None:
            sheet.voids = cleaned_voids
        else:
            sheet.voids = clean_voids(sheet.voids, rubric, where=where)
        sheet.notes = _clean_notes(notes, sheet.notes)
        sheet.marks = _as_json(cleaned)
        sheet.score = _total(cleaned, rubric, sheet.voids)
        sheet.entered_by = actor
        if sign:
            sheet.signed_at = now()
        sheet.save()
        after = {"marks": sheet.marks, "voids": sheet.voids, "score": sheet.score, "notes": sheet.notes}
        record_event(actor=actor, action=SheetEvent.SHEET_SAVED, obj=sheet, before=before, after=after)
        if sign:
            record_event(
                actor=actor, action=SheetEvent.SHEET_SIGNED, obj=sheet, after={**after, "signed_at": sheet.signed_at}
            )
        settle_component_score(cs, seat.session, actor=actor)
        _mark_scoring(seat.session.plan)
    return sheet


def _require_own_unsigned(sheet: ExaminerScore, where: str) -> None:
    if sheet.signed_at is not None:
        raise DomainError(
            _("%(where)s：评分表已于%(at)s签名，不能重复签名；签名后修改须填写理由")
            % {"where": where, "at": f"{sheet.signed_at:%Y-%m-%d %H:%M}"},
            field="marks",
            code="signed",
        )
    if sheet.entry != SheetEntry.SELF:
        raise DomainError(
            _("%(where)s：该评分已由评价机构录入（%(entry)s），不能再由考评员填写")
            % {"where": where, "entry": sheet.get_entry_display()},
            field="marks",
            code="entered_by_staff",
        )


def sign_sheet(
    *,
    actor: User,
    seat: Seat,
    marks: Mapping[str, Any] | None = None,
    voids: Mapping[str, Any] | None = None,
    notes: str | None = None,
) -> ExaminerScore:
    """The examiner signs their sheet: every criterion marked, the row locked, the act audited (R-EXAM-11).

    With `marks` the sheet is saved and signed in one step; without, the saved draft is signed.
    """
    if marks is not None:
        return save_sheet(actor=actor, seat=seat, marks=marks, sign=True, voids=voids, notes=notes)
    seat, staff = _seat_for(actor, seat)
    where = _where(seat)
    rubric = session_rubric(seat.session)
    criteria = rubric.criteria
    with transaction.atomic():
        _require_scoring(seat)
        cs = _locked_score(seat)
        sheet = ExaminerScore.objects.filter(component_score=cs, examiner=staff.person).first()
        if sheet is None:
            raise DomainError(_("%(where)s：尚未填写评分，不能签名") % {"where": where}, field="marks", code="required")
        lock(sheet)
        _require_own_unsigned(sheet, where)
        cleaned = clean_marks(sheet.marks, criteria, where=where, complete=True)
        sheet.voids = clean_voids(sheet.voids, rubric, where=where)
        sheet.score = _total(cleaned, rubric, sheet.voids)
        sheet.signed_at = now()
        sheet.save(update_fields=["score", "voids", "signed_at", "updated_at"])
        record_event(
            actor=actor,
            action=SheetEvent.SHEET_SIGNED,
            obj=sheet,
            after={"marks": sheet.marks, "voids": sheet.voids, "score": sheet.score, "signed_at": sheet.signed_at},
        )
        settle_component_score(cs, seat.session, actor=actor)
        _mark_scoring(seat.session.plan)
    return sheet


def change_signed_sheet(
    *,
    actor: User,
    seat: Seat,
    marks: Mapping[str, Any],
    reason: str,
    voids: Mapping[str, Any] | None = None,
    notes: str | None = None,
) -> SheetChange:
    """The examiner changes their signed sheet, with a reason, before the scores are confirmed (R-EXAM-11).

    `voids=None` keeps the void faults as signed; a change to them is kept like a change of marks.
    """
    seat, staff = _seat_for(actor, seat)
    where = _where(seat)
    reason = clean_text(reason, field="reason", label=_("变更原因"), max_length=1000)
    rubric = session_rubric(seat.session)
    cleaned = clean_marks(marks, rubric.criteria, where=where, complete=True)
    cleaned_voids = clean_voids(voids, rubric, where=where) if voids is not None else None
    with transaction.atomic():
        _require_scoring(seat)
        cs = _locked_score(seat)
        sheet = ExaminerScore.objects.filter(component_score=cs, examiner=staff.person).first()
        if sheet is None or sheet.signed_at is None:
            raise DomainError(
                _("%(where)s：评分表尚未签名，直接修改后签名即可") % {"where": where},
                field="marks",
                code="not_signed",
            )
        lock(sheet)
        before_marks, before, before_voids = dict(sheet.marks), sheet.score, dict(sheet.voids)
        after_marks = _as_json(cleaned)
        after_voids = cleaned_voids if cleaned_voids is not None else before_voids
        if after_marks == before_marks and after_voids == before_voids:
            raise DomainError(
                _("%(where)s：变更后的评分与原评分相同") % {"where": where}, field="marks", code="unchanged"
            )
        sheet.marks = after_marks
        sheet.voids = after_voids
        sheet.notes = _clean_notes(notes, sheet.notes)
        sheet.score = _total(cleaned, rubric, after_voids)
        sheet.save(update_fields=["marks", "voids", "notes", "score", "updated_at"])
        change = SheetChange.objects.create(
            examiner_score=sheet,
            before_marks=before_marks,
            after_marks=after_marks,
            before_voids=before_voids,
            after_voids=after_voids,
            before=before,
            after=sheet.score,
            reason=reason,
            changed_by=actor,
            changed_at=now(),
        )
        record_event(
            actor=actor,
            action=SheetEvent.SHEET_CHANGED,
            obj=sheet,
            before={"marks": before_marks, "voids": before_voids, "score": before},
            after={"marks": after_marks, "voids": after_voids, "score": sheet.score, "reason": reason},
        )
        settle_component_score(cs, seat.session, actor=actor)
    return change


# --- paper sheets, entered by institution staff ----------------------------------------------------


def enter_paper_sheet(
    *, actor: User, seat: Seat, examiner: Person, marks: Mapping[str, Any], scan: Any
) -> ExaminerScore:
    """A clerk enters an examiner's signed paper sheet, with its scan attached; audited as entered on behalf."""
    if not seats_visible_for_sheets(actor).filter(pk=seat.pk).exists():
        raise NotFoundError(_("未找到该考生的评分表"))
    seat = Seat.objects.select_related("session__plan__institution", "session__room", "registration").get(pk=seat.pk)
    plan = seat.session.plan
    try:
        require_institution_staff(actor, plan)
    except NotFoundError as exc:  # an examiner of the session sees the seat but not the plan
        raise PermissionDenied(_("纸质评分表由评价机构的负责人或经办人代录")) from exc
    where = _where(seat)
    if seat.session.component == ComponentKind.THEORY:
        raise DomainError(_("理论知识不使用考评员评分表"), field="seat", code="theory")
    if not SessionStaff.objects.filter(
        session=seat.session, person=examiner, role=STAFF_FOR_COMPONENT[seat.session.component]
    ).exists():
        raise DomainError(
            _("考评人员：%(name)s不是该考生所在场次（%(room)s）的考评人员")
            % {"name": examiner.name, "room": seat.session.room.name},
            field="examiner",
            code="not_examiner",
        )
    rubric = session_rubric(seat.session)
    cleaned = clean_marks(marks, rubric.criteria, where=where, complete=True)
    if scan is None:
        raise DomainError(
            _("纸质评分表扫描件：代录纸质评分表须附考评员签名的评分表扫描件"), field="scan", code="required"
        )
    checked = check_exam_upload(scan, field="scan", label=_("纸质评分表扫描件"))
    with transaction.atomic():
        _require_scoring(seat)
        cs = _locked_score(seat)
        sheet = ExaminerScore.objects.filter(component_score=cs, examiner=examiner).first()
        if sheet is not None:
            lock(sheet)
            if sheet.entry == SheetEntry.SELF or sheet.signed_at is not None:
                raise DomainError(
                    _("%(where)s：%(name)s已在平台上填写评分表（%(entry)s），不能再代录纸质评分表")
                    % {"where": where, "name": examiner.name, "entry": sheet.get_entry_display()},
                    field="examiner",
                    code="already_entered",
                )
        before = {"marks": sheet.marks, "score": sheet.score, "entry": sheet.entry} if sheet is not None else None
        sheet = sheet or ExaminerScore(component_score=cs, examiner=examiner)
        sheet.marks = _as_json(cleaned)
        sheet.score = _total(cleaned, rubric, {})
        sheet.entry = SheetEntry.PAPER
        sheet.entered_by = actor
        sheet.signed_at = now()
        sheet.save()
        sheet.scan = store_file(
            actor=actor,
            content=checked.content,
            name=checked.original_name,
            purpose=FilePurpose.DOSSIER_SCAN,
            subject=sheet,
            plan=plan,
            allowed=SCAN_TYPES,
            label=_("纸质评分表扫描件"),
            field="scan",
        )
        sheet.save(update_fields=["scan", "updated_at"])
        record_event(
            actor=actor,
            action=SheetEvent.SHEET_ENTERED_ON_BEHALF,
            obj=sheet,
            before=before,
            after={
                "examiner": examiner.pk,
                "marks": sheet.marks,
                "score": sheet.score,
                "scan_sha256": checked.sha256,
                "on_behalf_of": examiner.name,
            },
        )
        settle_component_score(cs, seat.session, actor=actor)
        _mark_scoring(plan)
    return sheet


# --- the chief examiner --------------------------------------------------------------------------


def decide_gap(*, actor: User, review: GapReview, reasons: str) -> GapReview:
    """The session's chief examiner decides a wide gap with reasons; the component score becomes the mean."""
    from skillcert.exams.selectors.sheets import gap_reviews_visible_to

    if not gap_reviews_visible_to(actor).filter(pk=review.pk).exists():
        raise NotFoundError(_("未找到该分差裁定"))
    review = GapReview.objects.select_related("session__plan", "component_score__registration").get(pk=review.pk)
    chief = SessionStaff.objects.filter(session=review.session, is_chief=True).select_related("person").first()
    if chief is None or chief.person.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("分差由本场次的首席考评员裁定"))
    reasons = clean_text(reasons, field="reasons", label=_("裁定理由"), max_length=2000)
    with transaction.atomic():
        cs = lock(review.component_score)
        lock(review)
        if review.status != GapReviewStatus.OPEN:
            raise DomainError(
                _("该分差已%(status)s，不能重复裁定") % {"status": review.get_status_display()},
                field="review",
                code="not_open",
            )
        if cs.locked:
            raise DomainError(_("成绩已确认锁定，不能再裁定"), field="review", code="locked")
        totals = [Decimal(v) for v in review.totals.values()]
        review.status = GapReviewStatus.DECIDED
        review.reasons = reasons
        review.decided_by = actor
        review.chief = chief.person
        review.decided_at = now()
        review.score = mean(totals)
        review.save()
        record_event(
            actor=actor,
            action=SheetEvent.GAP_DECIDED,
            obj=review,
            before={"status": GapReviewStatus.OPEN, "score": cs.score},
            after={"status": review.status, "reasons": reasons, "score": review.score, "totals": review.totals},
        )
        settle_component_score(cs, review.session, actor=actor)
    return review


def designate_chief(*, actor: User, staff: SessionStaff) -> SessionStaff:
    """The institution names one of a session's examiners (or panel members) chief examiner (R-EXAM-11)."""
    staff = SessionStaff.objects.select_related("session__plan", "person").get(pk=staff.pk)
    require_institution_staff(actor, staff.session.plan)
    if staff.role != STAFF_FOR_COMPONENT.get(staff.session.component):
        raise DomainError(
            _("首席考评员：%(name)s在本场次担任%(role)s，只能从考评人员中指定")
            % {"name": staff.person.name, "role": staff.get_role_display()},
            field="staff",
            code="not_examiner",
        )
    with transaction.atomic():
        session = lock(staff.session)
        before = SessionStaff.objects.filter(session=session, is_chief=True).first()
        if before is not None and before.pk == staff.pk:
            return staff
        SessionStaff.objects.filter(session=session, is_chief=True).update(is_chief=False)
        SessionStaff.objects.filter(pk=staff.pk).update(is_chief=True)
        staff.is_chief = True
        record_event(
            actor=actor,
            action=SheetEvent.CHIEF_DESIGNATED,
            obj=staff,
            before={"chief": before.person_id if before else None},
            after={"chief": staff.person_id, "name": staff.person.name},
        )
    return staff


# --- the rubric ----------------------------------------------------------------------------------


def set_rubric(
    *, actor: User, plan: ExamPlan, level: int, component: str, criteria: Sequence[Mapping[str, Any]]
) -> ScoringRubric:
    """The institution sets a component's rubric before anyone has scored it; maxima add up to full marks."""
    require_institution_staff(actor, plan)
    require_row(actor, "change", plan)
    target = component_of(plan, level, component)
    if target is None or component == ComponentKind.THEORY:
        raise DomainError(_("考核科目：本计划该等级没有可分项评分的科目"), field="component", code="invalid")
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(criteria, start=1):
        title = str(item.get("title") or "").strip()
        try:
            maximum = Decimal(str(item.get("max") or "").strip())
        except (InvalidOperation, ValueError):
            maximum = Decimal(0)
        if not title or not maximum.is_finite() or maximum <= 0 or maximum != maximum.quantize(CENT):
            raise DomainError(
                _("评分项目：第%(n)s项需要名称和正的满分（最多两位小数）") % {"n": i}, field="criteria", code="invalid"
            )
        key = str(item.get("key") or f"c{i}").strip()
        if key in seen or title in {c["title"] for c in cleaned}:
            raise DomainError(_("评分项目：第%(n)s项重复") % {"n": i}, field="criteria", code="duplicate")
        seen.add(key)
        cleaned.append({"key": key, "title": title, "max": str(maximum.quantize(CENT))})
    if not cleaned:
        raise DomainError(_("评分项目：至少需要一项"), field="criteria", code="required")
    total = sum((Decimal(c["max"]) for c in cleaned), Decimal(0))
    if total != target.full_marks:
        raise DomainError(
            _("评分项目：各项满分之和（%(sum)s）应等于科目满分（%(full)s）")
            % {"sum": total, "full": target.full_marks},
            field="criteria",
            code="total",
        )
    with transaction.atomic():
        lock(plan)
        if ExaminerScore.objects.filter(
            component_score__registration__plan=plan,
            component_score__registration__level=level,
            component_score__component=component,
        ).exists():
            raise DomainError(_("评分项目：已有考评人员评分，评分细则不能再修改"), field="criteria", code="in_use")
        rubric = ScoringRubric.objects.filter(plan=plan, level=level, component=component).first()
        before = rubric.criteria if rubric is not None else None
        rubric = rubric or ScoringRubric(plan=plan, level=level, component=component)
        rubric.criteria = cleaned
        rubric.save()
        record_event(
            actor=actor,
            action=SheetEvent.RUBRIC_SAVED,
            obj=rubric,
            before={"criteria": before} if before is not None else None,
            after={"criteria": cleaned},
        )
    return rubric
