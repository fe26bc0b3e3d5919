"""Scoring per component (R-EXAM-8).

Theory (理论知识) has one score per candidate; skills (操作技能) and 综合评审 are scored by
each examiner or panel member of the candidate's session separately, and the component score
is their mean (two decimals, half up). A candidate passes the level only if every component
the standard requires reaches its pass mark (inclusive) and none was voided for a violation.

Before confirmation scores are entered or imported freely; `confirm_scores` locks them and
decides the results. Any later change goes through `change_score` with a reason and is kept
as a `ScoreChange` (before, after, who, when, why). Theory scores from a computer-based exam
arrive through `receive_cbt_scores`, before or after confirmation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.timezone import now
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.accounts.types import Actor
from skillcert.catalog.choices import ComponentKind, level_label
from skillcert.catalog.models import Component
from skillcert.catalog.selectors import components_for
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.excel import read_table
from skillcert.core.locking import lock
from skillcert.core.validation import clean_text
from skillcert.exams.choices import (
    ConductEvent,
    PlanStatus,
    RegistrationStatus,
    ScoreSource,
)
from skillcert.exams.models import (
    ComponentScore,
    ExaminerScore,
    ExamPlan,
    ExamSession,
    Registration,
    Result,
    ScoreChange,
)
from skillcert.exams.selectors.conduct import score_problems
from skillcert.exams.selectors.scoring import (
    Grid,
    GridRow,
    examiner_header,
    grid_component,
    passes,
    score_grid,
    template_headers,
)
from skillcert.exams.selectors.sheets import mean
from skillcert.exams.services.access import is_system, require_institution_staff, user_or_none
from skillcert.exams.services.sheets import settle_component_score
from skillcert.supervision.events import figures_changed

SCORING_STATUSES = frozenset({PlanStatus.IN_PROGRESS, PlanStatus.SCORING})
CHANGE_STATUSES = frozenset({PlanStatus.SCORING, PlanStatus.PUBLICITY})
"""After confirmation and until the results are final, a locked score may be changed with a reason."""
CENT = Decimal("0.01")
ABSENT_WORDS = {"是", "缺考", "y", "yes", "1", "true"}  # i18n: data (what people type in a score sheet)


def parse_score(value: Any, *, full_marks: int, where: str, field: str = "score") -> Decimal:
    """A score between 0 and full marks with at most two decimals, or a DomainError naming the row (R-X-4)."""
    raw = str(value).strip() if value is not None else ""
    try:
        score = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise DomainError(
            gettext("%(where)s：“%(raw)s”不是有效的分数") % {"where": where, "raw": raw},
            field=field,
            code="invalid_score",
        ) from None
    if not score.is_finite():
        raise DomainError(
            gettext("%(where)s：“%(raw)s”不是有效的分数") % {"where": where, "raw": raw},
            field=field,
            code="invalid_score",
        )
    if score < 0 or score > full_marks:
        raise DomainError(
            gettext("%(where)s：分数%(raw)s超出范围，应在0至%(full_marks)s分之间")
            % {"where": where, "raw": raw, "full_marks": full_marks},
            field=field,
            code="out_of_range",
        )
    if score != score.quantize(CENT):
        raise DomainError(
            gettext("%(where)s：分数%(raw)s最多保留两位小数") % {"where": where, "raw": raw},
            field=field,
            code="precision",
        )
    return score.quantize(CENT)


# --- the grid --------------------------------------------------------------------------------------


@dataclass
class ScoreInput:
    """What a grid row or an imported line says about one candidate."""

    registration_id: int
    score: Any = None
    examiner_scores: Mapping[int, Any] = field(default_factory=dict)
    absent: bool = False
    where: str = ""


def _label(row: GridRow) -> str:
    return gettext("准考证号%(exam_number)s（%(name)s）") % {
        "exam_number": row.registration.exam_number,
        "name": row.registration.name,
    }


def _apply(
    grid: Grid, inputs: Sequence[ScoreInput], *, source: str, actor: Actor | None
) -> tuple[int, list[dict[str, Any]]]:
    """Validate every input first (all or nothing), then write; returns (rows written, audit details)."""
    rows = {r.registration.pk: r for r in grid.rows}
    full = grid.component.full_marks
    plans: list[tuple[GridRow, ScoreInput, Decimal | None, dict[int, Decimal]]] = []
    errors: list[str] = []
    seen: set[int] = set()
    for item in inputs:
        row = rows.get(item.registration_id)
        where = item.where or (
            _label(row) if row else gettext("报名%(registration_id)s") % {"registration_id": item.registration_id}
        )
        try:
            if row is None:
                raise DomainError(
                    gettext("%(where)s：不在本科目的座位表中") % {"where": where}, field="rows", code="not_seated"
                )
            if row.registration.pk in seen:
                raise DomainError(
                    gettext("%(where)s：同一考生重复出现") % {"where": where}, field="rows", code="duplicate"
                )
            seen.add(row.registration.pk)
            if row.score is not None and row.score.locked:
                raise DomainError(
                    gettext("%(where)s：成绩已确认锁定，变更须填写理由（成绩变更）") % {"where": where},
                    field="rows",
                    code="locked",
                )
            given = item.score not in (None, "") or any(v not in (None, "") for v in item.examiner_scores.values())
            if row.voided:
                if given:
                    raise DomainError(
                        gettext("%(where)s：该科目已因违纪处理成绩无效，不能录入分数") % {"where": where},
                        field="rows",
                        code="voided",
                    )
                continue
            if item.absent:
                if given:
                    raise DomainError(
                        gettext("%(where)s：缺考的考生不能同时录入分数") % {"where": where},
                        field="rows",
                        code="absent_with_score",
                    )
                if row.sheets:
                    raise DomainError(
                        _("%(where)s：已有考评员的评分表，不能记为缺考") % {"where": where},
                        field="rows",
                        code="absent_with_sheets",
                    )
                plans.append((row, item, None, {}))
                continue
            if not given:
                continue
            if not row.checked_in and source != ScoreSource.CBT:
                raise DomainError(
                    gettext("%(where)s：未签到或身份核验未通过，只能记为缺考") % {"where": where},
                    field="rows",
                    code="not_checked_in",
                )
            if not grid.by_examiner:
                if item.examiner_scores:
                    raise DomainError(
                        gettext("%(where)s：理论知识只录入一个成绩") % {"where": where},
                        field="rows",
                        code="examiner_for_theory",
                    )
                plans.append((row, item, parse_score(item.score, full_marks=full, where=where, field="rows"), {}))
                continue
            if item.score not in (None, ""):
                raise DomainError(
                    gettext("%(where)s：%(get_kind_display)s由各考评人员分别评分，成绩取平均分，不能直接录入")
                    % {"where": where, "get_kind_display": grid.component.get_kind_display()},
                    field="rows",
                    code="mean_only",
                )
            allowed = {p.pk: p for p in row.examiners}
            parsed: dict[int, Decimal] = {}
            for examiner_id, value in item.examiner_scores.items():
                if value in (None, ""):
                    continue
                if examiner_id not in allowed:
                    raise DomainError(
                        gettext("%(where)s：该考评人员不在考生所在场次（%(name)s）")
                        % {"where": where, "name": row.session.room.name},
                        field="rows",
                        code="not_examiner",
                    )
                value = parse_score(
                    value,
                    full_marks=full,
                    where=gettext("%(where)s %(name)s的评分") % {"where": where, "name": allowed[examiner_id].name},
                    field="rows",
                )
                if examiner_id in row.sheets:
                    # The examiner's own (or paper) sheet: only the examiner changes it, with a reason.
                    if value != row.examiner_scores.get(examiner_id):
                        raise DomainError(
                            _("%(where)s %(name)s的评分由考评员本人填写或已代录纸质评分表，不能在成绩表中修改")
                            % {"where": where, "name": allowed[examiner_id].name},
                            field="rows",
                            code="examiner_sheet",
                        )
                    continue
                parsed[examiner_id] = value
            plans.append((row, item, None, parsed))
        except DomainError as exc:
            errors.append(exc.message)
    if errors:
        err = DomainError(errors[0], field="rows", code="invalid_rows")
        err.errors = {"rows": errors}
        raise err
    details: list[dict[str, Any]] = []
    kind = grid.component.kind
    for row, item, score, parsed in plans:
        cs = row.score or ComponentScore(registration=row.registration, component=kind)
        if cs.pk:
            lock(cs)
        before = {"score": cs.score, "absent": cs.absent}
        cs.source = source
        if item.absent:
            cs.absent, cs.score = True, None
            if cs.pk:
                ExaminerScore.objects.filter(component_score_id=cs.pk).delete()
        elif not grid.by_examiner:
            cs.absent, cs.score = False, score
        else:
            cs.absent = False
            cs.save()
            for examiner_id, value in parsed.items():
                ExaminerScore.objects.update_or_create(
                    component_score=cs, examiner_id=examiner_id, defaults={"score": value}
                )
            settle_component_score(cs, row.session, actor=actor)
        cs.save()
        row.score = cs
        details.append(
            {"registration": row.registration.pk, "before": before, "after": {"score": cs.score, "absent": cs.absent}}
        )
    return len(plans), details


def _require_scoring(plan: ExamPlan, level: int, kind: str) -> None:
    if plan.status not in SCORING_STATUSES:
        raise DomainError(
            gettext("认定计划状态为“%(get_status_display)s”，不能录入成绩（开考后、成绩确认前方可录入）")
            % {"get_status_display": plan.get_status_display()},
            field="plan",
            code="plan_status",
        )
    from skillcert.exams.services.staffing_checks import require_sound_staffing

    for session in ExamSession.objects.filter(plan=plan, level=level, component=kind).order_by("starts_at", "pk"):
        require_sound_staffing(session, what=_("录入成绩"))


def _mark_scoring(plan: ExamPlan) -> None:
    if plan.status == PlanStatus.IN_PROGRESS:
        plan.status = PlanStatus.SCORING
        plan.save(update_fields=["status", "updated_at"])


def enter_scores(
    *,
    actor: Actor,
    plan: ExamPlan,
    level: int,
    component: str,
    rows: Sequence[ScoreInput],
    source: str = ScoreSource.GRID,
) -> int:
    """Enter a component's scores from the grid, all rows or none; skills by each examiner separately (R-EXAM-8)."""
    require_institution_staff(actor, plan)
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        _require_scoring(plan, level, component)
        grid = score_grid(plan, level, component)
        count, details = _apply(grid, rows, source=source, actor=actor)
        _mark_scoring(plan)
        record_event(
            actor=actor,
            action=ConductEvent.SCORES_IMPORTED if source == ScoreSource.IMPORT else ConductEvent.SCORES_ENTERED,
            obj=plan,
            after={"level": level, "component": component, "rows": details},
        )
    return count


def import_scores(*, actor: Actor, plan: ExamPlan, level: int, component: str, upload: IO[bytes], filename: str) -> int:
    """Import a component's scores from `.xlsx`/`.csv` (columns as in the template), all rows or none (R-EXAM-8)."""
    require_institution_staff(actor, plan)
    grid = score_grid(plan, level, component)
    headers = template_headers(grid)
    required = [gettext("准考证号")] + ([gettext("成绩")] if not grid.by_examiner else [])
    by_number = {r.registration.exam_number: r for r in grid.rows}
    columns = {examiner_header(p, grid.examiners): p.pk for p in grid.examiners}
    inputs: list[ScoreInput] = []
    errors: list[str] = []
    for table_row in read_table(upload, filename, required):
        values = table_row.values
        number = values.get("准考证号", "")
        where = gettext("第%(row)s行（准考证号%(number)s）") % {
            "row": table_row.number,
            "number": number or gettext("空"),
        }
        row = by_number.get(number)
        if row is None:
            errors.append(gettext("%(where)s：准考证号不在本科目的座位表中") % {"where": where})
            continue
        name = values.get("姓名", "")
        if name and name != row.registration.name:
            errors.append(
                gettext("%(where)s：姓名“%(name)s”与准考证号对应的考生“%(name2)s”不一致")
                % {"where": where, "name": name, "name2": row.registration.name}
            )
            continue
        absent = values.get("缺考", "").strip().lower() in ABSENT_WORDS
        if grid.by_examiner:
            unknown = [h for h in values if h not in headers and h and values[h]]
            if unknown:
                errors.append(
                    gettext("%(where)s：列“%(value)s”不是本科目的考评人员") % {"where": where, "value": unknown[0]}
                )
                continue
            scores = {pid: values.get(header, "") for header, pid in columns.items()}
            inputs.append(ScoreInput(row.registration.pk, examiner_scores=scores, absent=absent, where=where))
        else:
            inputs.append(ScoreInput(row.registration.pk, score=values.get("成绩", ""), absent=absent, where=where))
    if not inputs and not errors:
        raise DomainError(gettext("文件中没有成绩数据行"), field="file", code="empty")
    if errors:
        err = DomainError(errors[0], field="file", code="invalid_rows")
        err.errors = {"file": errors}
        raise err
    del headers
    try:
        return enter_scores(
            actor=actor, plan=plan, level=level, component=component, rows=inputs, source=ScoreSource.IMPORT
        )
    except DomainError as exc:
        if exc.field == "rows":
            exc.field = "file"
            exc.errors = {"file": exc.errors.get("rows", [exc.message])}
        raise


# --- results ------------------------------------------------------------------------------------------


def _decide(
    registration: Registration, components: Sequence[Component], scores: Mapping[str, ComponentScore]
) -> Result:
    passed = passes(components, scores)
    result, _created = Result.objects.update_or_create(
        registration=registration, defaults={"passed": passed, "decided_at": timezone.now()}
    )
    return result


def confirm_scores(*, actor: Actor, plan: ExamPlan) -> int:
    """Lock every score of the plan on the institution's confirmation and decide each result (R-EXAM-8)."""
    require_institution_staff(actor, plan)
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status not in SCORING_STATUSES:
            raise DomainError(
                gettext("认定计划状态为“%(get_status_display)s”，不能确认成绩")
                % {"get_status_display": plan.get_status_display()},
                field="plan",
                code="plan_status",
            )
        from skillcert.exams.services.staffing_checks import require_sound_staffing

        for session in ExamSession.objects.filter(plan=plan).order_by("starts_at", "pk"):
            require_sound_staffing(session, what=_("确认成绩"))
        problems = score_problems(plan)
        if problems:
            more = gettext("等%(len)s项") % {"len": len(problems)} if len(problems) > 1 else ""
            err = DomainError(
                gettext("成绩尚不能确认：%(value)s%(more)s") % {"value": problems[0], "more": more},
                field="scores",
                code="incomplete",
            )
            err.errors = {"scores": problems}
            raise err
        registrations = list(plan.registrations.filter(status=RegistrationStatus.APPROVED))
        at = now()
        ComponentScore.objects.filter(registration__in=registrations).update(
            locked=True, locked_at=at, locked_by=user_or_none(actor), updated_at=at
        )
        scores: dict[int, dict[str, ComponentScore]] = defaultdict(dict)
        for cs in ComponentScore.objects.filter(registration__in=registrations):
            scores[cs.registration_id][cs.component] = cs
        passed = 0
        by_level: dict[int, list[Component]] = {}
        for registration in registrations:
            components = by_level.setdefault(registration.level, components_for(plan.occupation, registration.level))
            passed += _decide(registration, components, scores[registration.pk]).passed
        _mark_scoring(plan)
        record_event(
            actor=actor,
            action=ConductEvent.SCORES_CONFIRMED,
            obj=plan,
            after={"candidates": len(registrations), "passed": passed},
        )
        figures_changed(institution_id=plan.institution_id)
    return len(registrations)


def change_score(
    *,
    actor: Actor | None,
    component_score: ComponentScore,
    reason: str,
    score: Any = None,
    examiner_scores: Mapping[int, Any] | None = None,
) -> ScoreChange:
    """Change a confirmed score with a reason; kept with before, after, who and when, result re-decided (R-EXAM-8)."""
    registration = component_score.registration
    plan = registration.plan
    require_institution_staff(actor, plan)
    reason = clean_text(reason, field="reason", label=gettext("变更原因"), max_length=1000)
    with transaction.atomic():
        plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        cs = ComponentScore.objects.select_for_update().get(pk=component_score.pk)
        if not cs.locked:
            raise DomainError(gettext("成绩尚未确认，直接在成绩表中修改即可"), field="score", code="not_locked")
        if plan.status not in CHANGE_STATUSES:
            raise DomainError(
                gettext("认定计划状态为“%(get_status_display)s”，认定结果已确认，成绩不能再变更")
                % {"get_status_display": plan.get_status_display()},
                field="score",
                code="final",
            )
        if cs.voided:
            raise DomainError(gettext("该科目已因违纪处理成绩无效，不能变更分数"), field="score", code="voided")
        component = grid_component(plan, registration.level, cs.component)
        where = gettext("准考证号%(exam_number)s（%(name)s）%(get_kind_display)s") % {
            "exam_number": registration.exam_number,
            "name": registration.name,
            "get_kind_display": component.get_kind_display(),
        }
        before = cs.score
        if cs.component == ComponentKind.THEORY:
            if score in (None, ""):
                raise DomainError(
                    gettext("%(where)s：请填写变更后的成绩") % {"where": where}, field="score", code="required"
                )
            cs.score = parse_score(score, full_marks=component.full_marks, where=where)
        else:
            if score not in (None, ""):
                raise DomainError(
                    gettext("%(where)s：由各考评人员分别评分，成绩取平均分，请修改考评人员的评分") % {"where": where},
                    field="score",
                    code="mean_only",
                )
            current = dict(cs.examiner_scores.values_list("examiner_id", "score"))
            if not examiner_scores:
                raise DomainError(
                    gettext("%(where)s：请填写变更后的考评人员评分") % {"where": where},
                    field="examiner_scores",
                    code="required",
                )
            for examiner_id, value in examiner_scores.items():
                if int(examiner_id) not in current:
                    raise DomainError(
                        gettext("%(where)s：该考评人员没有对此考生评分") % {"where": where},
                        field="examiner_scores",
                        code="not_examiner",
                    )
                current[int(examiner_id)] = parse_score(
                    value, full_marks=component.full_marks, where=where, field="examiner_scores"
                )
            for examiner_id, value in current.items():
                ExaminerScore.objects.filter(component_score=cs, examiner_id=examiner_id).update(score=value)
            cs.score = mean(current.values())
        cs.absent = False
        if cs.score == before:
            raise DomainError(
                gettext("%(where)s：变更后的成绩与原成绩相同") % {"where": where}, field="score", code="unchanged"
            )
        cs.save(update_fields=["score", "absent", "updated_at"])
        change = ScoreChange.objects.create(
            component_score=cs,
            before=before,
            after=cs.score,
            reason=reason,
            changed_by=user_or_none(actor),
            changed_at=now(),
        )
        components = components_for(plan.occupation, registration.level)
        scores = {s.component: s for s in ComponentScore.objects.filter(registration=registration)}
        result = _decide(registration, components, scores)
        record_event(
            actor=actor,
            action=ConductEvent.SCORE_CHANGED,
            obj=cs,
            before={"score": before},
            after={"score": cs.score, "reason": reason, "passed": result.passed},
        )
    return change


def _is_locked(row: GridRow) -> bool:
    return row.score is not None and row.score.locked


def receive_cbt_scores(
    *, actor: Actor | None, plan: ExamPlan, level: int, scores: Mapping[str, Any], reason: str = ""
) -> int:
    """Theory scores from a computer-based exam, keyed by exam number (R-EXAM-8, R-BANK-4).

    Before confirmation they fill the grid (source 机考系统); after it each differing score
    becomes a recorded change with `reason`. The item bank app calls this with `actor=None`.
    """
    reason = reason or gettext("机考系统成绩回传")
    if not is_system(actor):
        require_institution_staff(actor, plan)
    grid = score_grid(plan, level, ComponentKind.THEORY)
    by_number = {r.registration.exam_number: r for r in grid.rows}
    unknown = [n for n in scores if n not in by_number]
    if unknown:
        raise DomainError(
            gettext("准考证号%(value)s不在%(level_label)s理论知识的座位表中")
            % {"value": unknown[0], "level_label": level_label(level)},
            field="scores",
            code="not_seated",
        )
    with transaction.atomic():
        locked = [(by_number[n], v) for n, v in scores.items() if _is_locked(by_number[n])]
        fresh = [
            ScoreInput(by_number[n].registration.pk, score=v, where=gettext("准考证号%(n)s") % {"n": n})
            for n, v in scores.items()
            if not _is_locked(by_number[n])
        ]
        count = 0
        if fresh:
            plan_row = ExamPlan.objects.select_for_update().get(pk=plan.pk)
            if plan_row.status not in SCORING_STATUSES:
                raise DomainError(
                    gettext("认定计划状态为“%(get_status_display)s”，不能接收机考成绩")
                    % {"get_status_display": plan_row.get_status_display()},
                    field="plan",
                    code="plan_status",
                )
            count, details = _apply(
                score_grid(plan_row, level, ComponentKind.THEORY), fresh, source=ScoreSource.CBT, actor=actor
            )
            _mark_scoring(plan_row)
            record_event(
                actor=actor,
                action=ConductEvent.CBT_SCORES_RECEIVED,
                obj=plan_row,
                after={"level": level, "rows": details},
            )
        for row, value in locked:
            assert row.score is not None
            new = parse_score(value, full_marks=grid.component.full_marks, where=_label(row))
            if new != row.score.score:
                change_score(actor=actor, component_score=row.score, reason=reason, score=new)
                count += 1
    return count
