"""Personnel pages: the register with filters, import and export; a person's roles, cards,
qualifications, training, relations, violations and assignments; dispatch draws; sanctions;
workforce planning (R-PER-1..3, R-SUP-7, R-SUP-8). Every write goes through a service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from skillcert.catalog.choices import level_label
from skillcert.core.bounds import year_param
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.excel import xlsx_response
from skillcert.core.forms import apply_domain_error, attempt
from skillcert.core.listing import export_or_none, exports, list_page, paginate
from skillcert.core.scoping import RestrictedQuerySet, get_visible_or_404
from skillcert.core.services import reveal_personal_data
from skillcert.personnel.choices import ViolationStatus
from skillcert.personnel.eligibility import (
    ALGORITHM_STEPS,
    CandidateRef,
    PoolFilter,
    algorithm_name,
    may_serve,
    replay_selection,
)
from skillcert.personnel.exports import DRAWS, PEOPLE, QUALIFICATIONS, VIOLATIONS, WORKFORCE, workforce_lines
from skillcert.personnel.filtersets import PersonFilterSet, QualificationFilterSet, ViolationFilterSet
from skillcert.personnel.forms import (
    ApproveForm,
    DrawForm,
    EligibilityForm,
    ImportForm,
    LoginForm,
    PersonEditForm,
    PersonForm,
    QualificationForm,
    ReasonForm,
    ReferForm,
    RegistrationDecisionForm,
    RejectForm,
    RelationForm,
    RenewForm,
    RoleForm,
    SanctionForm,
    TargetForm,
    TrainingForm,
    ViolationForm,
)
from skillcert.personnel.models import Person, StaffViolation
from skillcert.personnel.selectors import (
    appointments_visible_to,
    draw_people,
    draws_visible_to,
    employer_choices,
    institutions_for_dispatch,
    jurisdictions_for,
    occupation_by_code,
    people_visible_to,
    person_history,
    qualifications_visible_to,
    registrations_visible_to,
    relations_visible_to,
    sanction_in_force,
    violations_visible_to,
    with_session_links,
    workforce_reference_date,
    workforce_summary,
    workforce_totals,
)
from skillcert.personnel.services import imports
from skillcert.personnel.services.access import (
    capabilities,
    may_decide,
    may_decide_registration,
    may_register,
    may_sanction,
    may_train,
)
from skillcert.personnel.services.appointments import (
    add_role,
    approve_appointment,
    reject_appointment,
    renew_card,
    revoke_appointment,
)
from skillcert.personnel.services.dispatch import draw_staff
from skillcert.personnel.services.people import create_login, register_person, update_person
from skillcert.personnel.services.qualifications import grant_qualification, record_training, revoke_qualification
from skillcert.personnel.services.registrations import (
    decide_registration,
    existing_entry,
    files_requests,
    submit_registration,
    submitted_message,
)
from skillcert.personnel.services.relations import declare_relation, withdraw_relation
from skillcert.personnel.services.sanctions import (
    dismiss_violation,
    record_violation,
    refer_violation,
    sanction_violation,
)
from skillcert.personnel.services.workforce import set_workforce_target

IMPORT_SESSION_KEY = "personnel_import_errors"


# --- helpers -------------------------------------------------------------------------------------


def _person(request: HttpRequest, pk: int) -> Person:
    return get_visible_or_404(people_visible_to(request.user), request.user, pk=pk)


def _occupation(code: str) -> Any:
    return occupation_by_code(code) if code else None


# --- register ------------------------------------------------------------------------------------


@login_required
@exports(PEOPLE)
def people(request: HttpRequest) -> HttpResponseBase:
    """The people register with filters shared with the API; Excel/PDF with masked identity (R-PER-1, R-REP-2)."""
    filterset = PersonFilterSet(request.GET, queryset=people_visible_to(request.user), request=request)
    context = {"filter": filterset, "can": capabilities(request.user), "today": timezone.localdate()}
    return list_page(request, "personnel/people.html", filterset.qs, export=PEOPLE, context=context)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    """Register a person (a centre appoints, an institution proposes) (R-PER-1)."""
    if not capabilities(request.user)["register"]:
        raise PermissionDenied(gettext("只有就业服务中心和评价机构的负责人、经办人可以登记人员"))
    employers = employer_choices(request.user)
    form = PersonForm(request.POST or None, employers=employers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {k: data[k] for k in ("name", "id_number", "mobile", "employer", "job_title", "notes")}
        common.update(
            role=data["role"] or None, card_number=data["card_number"], card_valid_until=data["card_valid_until"]
        )
        if files_requests(request.user):
            if attempt(form, lambda: submit_registration(actor=request.user, **common)):
                # The same message and the same place for every number (R-ORG-2): the request's status tells the rest.
                messages.success(request, submitted_message())
                return redirect("personnel:registrations")
        else:
            person = attempt(
                form,
                lambda: register_person(
                    actor=request.user,
                    employer_name=data["employer_name"],
                    jurisdiction=data["jurisdiction"],
                    **common,
                ),
            )
            if person:
                messages.success(request, gettext("已登记人员：%(name)s") % {"name": person.name})
                return redirect("personnel:person", pk=person.pk)
    status = 400 if form.errors else 200
    return render(request, "personnel/person_form.html", {"form": form, "title": gettext("登记人员")}, status=status)


@login_required
def registrations(request: HttpRequest) -> HttpResponse:
    """Institutions' registration requests: an institution follows its own, the league centre decides (R-PER-1)."""
    page = paginate(request, registrations_visible_to(request.user))
    rows = [
        {
            "request": row,
            "may_decide": may_decide_registration(request.user, row),
            # Only the deciding centre is told whether the number is already in the register.
            "existing": existing_entry(row) if may_decide_registration(request.user, row) else None,
        }
        for row in page
    ]
    context = {"page": page, "rows": rows, "form": RegistrationDecisionForm()}
    return render(request, "personnel/registrations.html", context)


@login_required
@require_POST
def registration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(registrations_visible_to(request.user), request.user, pk=pk)
    form = RegistrationDecisionForm(request.POST)
    if form.is_valid():
        done = attempt(
            form,
            lambda: decide_registration(
                actor=request.user, request=row, approve=form.cleaned_data["approve"], note=form.cleaned_data["note"]
            ),
        )
        if done:
            messages.success(
                request,
                gettext("登记申请已%(status)s：%(name)s") % {"status": done.get_status_display(), "name": done.name},
            )
            return redirect("personnel:registrations")
    for errs in form.errors.values():
        for error in errs:
            messages.error(request, str(error))
    return redirect("personnel:registrations")


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    employers = employer_choices(request.user)
    initial = {
        "name": person.name,
        "mobile": person.mobile,
        "employer": person.employer,
        "employer_name": person.employer_name,
        "jurisdiction": person.jurisdiction,
        "job_title": person.job_title,
        "notes": person.notes,
        "is_active": person.is_active,
    }
    form = PersonEditForm(request.POST or None, initial=initial, employers=employers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {k: v for k, v in data.items() if v != initial.get(k)}
        done = attempt(form, lambda: update_person(actor=request.user, person=person, **changes))
        if done:
            messages.success(request, gettext("已保存人员信息"))
            return redirect("personnel:person", pk=person.pk)
    context = {"form": form, "title": gettext("修改人员信息：%(name)s") % {"name": person.name}, "person": person}
    return render(request, "personnel/person_form.html", context, status=400 if form.errors else 200)


def _detail(request: HttpRequest, person: Person, *, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    # The buttons for this person follow the same checks its services make (a league centre
    # neither decides on nor sanctions an external supervisor, whom the region manages).
    can = {
        **capabilities(user),
        "register": may_register(user, person),
        "train": may_train(user, person),
        "sanction": may_sanction(user, person),
    }
    history = person_history(person)
    history["assignments"] = with_session_links(user, history["assignments"])
    eligibility = None
    eligibility_form = EligibilityForm(request.GET if "check" in request.GET else None)
    if eligibility_form.is_bound and eligibility_form.is_valid():
        data = eligibility_form.cleaned_data
        try:
            ok, findings = may_serve(
                person,
                data["role"],
                _occupation(data["occupation"]),
                data["level"],
                on=data["on"] or timezone.localdate(),
            )
            eligibility = {"ok": ok, "findings": findings}
        except DomainError as exc:
            apply_domain_error(eligibility_form, exc)
    context = {
        "person": person,
        **history,
        "can": can,
        "today": timezone.localdate(),
        "sanction": sanction_in_force(person),
        "role_form": extra.pop("role_form", None) or RoleForm(),
        "qualification_form": extra.pop("qualification_form", None) or QualificationForm(),
        "training_form": extra.pop("training_form", None) or TrainingForm(),
        "relation_form": extra.pop("relation_form", None) or RelationForm(),
        "violation_form": extra.pop("violation_form", None)
        or ViolationForm(institutions=institutions_for_dispatch(user)),
        "login_form": extra.pop("login_form", None) or LoginForm(),
        "eligibility_form": eligibility_form,
        "eligibility": eligibility,
        "decidable": {a.pk for a in history["appointments"] if may_decide(user, a)},
        **extra,
    }
    return render(request, "personnel/person_detail.html", context, status=status)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _person(request, pk))


@login_required
@require_POST
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the ID number or phone in clear, once, audited (R-X-3)."""
    person = _person(request, pk)
    field = request.POST.get("field", "")
    if field not in ("id_number", "mobile"):
        raise Http404(gettext("未找到该字段"))
    try:
        value = reveal_personal_data(actor=request.user, obj=person, field=field, reason=request.POST.get("reason", ""))
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    return _detail(request, person, revealed={field: value})


def _person_action(
    request: HttpRequest, pk: int, form_class: Any, form_key: str, run: Callable[[Person, dict[str, Any]], Any], ok: str
) -> HttpResponse:
    person = _person(request, pk)
    form = form_class(request.POST)
    if form.is_valid() and attempt(form, lambda: run(person, form.cleaned_data)):
        messages.success(request, ok)
        return redirect("personnel:person", pk=person.pk)
    return _detail(request, person, status=400, **{form_key: form})


@login_required
@require_POST
def person_add_role(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_action(
        request,
        pk,
        RoleForm,
        "role_form",
        lambda p, d: add_role(actor=request.user, person=p, **d),
        gettext("已办理人员类别"),
    )


@login_required
@require_POST
def person_add_qualification(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_action(
        request,
        pk,
        QualificationForm,
        "qualification_form",
        lambda p, d: grant_qualification(
            actor=request.user,
            person=p,
            occupation=occupation_by_code(d["occupation"]),
            level=d["level"],
            granted_on=d["granted_on"],
        ),
        gettext("已登记职业资格"),
    )


@login_required
@require_POST
def person_add_training(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_action(
        request,
        pk,
        TrainingForm,
        "training_form",
        lambda p, d: record_training(actor=request.user, person=p, **d),
        gettext("已登记培训记录"),
    )


@login_required
@require_POST
def person_add_relation(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_action(
        request,
        pk,
        RelationForm,
        "relation_form",
        lambda p, d: declare_relation(actor=request.user, person=p, **d),
        gettext("已登记回避关系申报"),
    )


@login_required
@require_POST
def person_add_violation(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = ViolationForm(request.POST, institutions=institutions_for_dispatch(request.user))
    violation = None
    if form.is_valid():
        violation = attempt(form, lambda: record_violation(actor=request.user, person=person, **form.cleaned_data))
    if violation:
        messages.success(request, gettext("已记录违规违纪情况"))
        return redirect("personnel:violation", pk=violation.pk)
    return _detail(request, person, status=400, violation_form=form)


@login_required
@require_POST
def person_create_login(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_action(
        request,
        pk,
        LoginForm,
        "login_form",
        lambda p, d: create_login(actor=request.user, person=p, **d),
        gettext("已开通登录账号，首次登录须修改密码"),
    )


def _row_action(
    request: HttpRequest,
    queryset: RestrictedQuerySet[Any],
    pk: int,
    form_class: Any,
    run: Callable[[Any, dict[str, Any]], Any],
    ok: str,
    person_of: Callable[[Any], Person] = lambda row: row.person,
) -> HttpResponse:
    row: Any = get_visible_or_404(queryset, request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid() and attempt(form, lambda: run(row, form.cleaned_data)):
        messages.success(request, ok)
        return redirect("personnel:person", pk=person_of(row).pk)
    errors = [str(e) for errs in form.errors.values() for e in errs]
    return _detail(request, person_of(row), status=400, action_errors=errors)


@login_required
@require_POST
def appointment_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _row_action(
        request,
        appointments_visible_to(request.user),
        pk,
        ApproveForm,
        lambda a, d: approve_appointment(actor=request.user, appointment=a, **d),
        gettext("推荐已审核通过，证卡已核发"),
    )


@login_required
@require_POST
def appointment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _row_action(
        request,
        appointments_visible_to(request.user),
        pk,
        RejectForm,
        lambda a, d: reject_appointment(actor=request.user, appointment=a, **d),
        gettext("推荐未通过，已记录理由"),
    )


@login_required
@require_POST
def appointment_renew(request: HttpRequest, pk: int) -> HttpResponse:
    return _row_action(
        request,
        appointments_visible_to(request.user),
        pk,
        RenewForm,
        lambda a, d: renew_card(actor=request.user, appointment=a, **d),
        gettext("证卡已续期"),
    )


@login_required
@require_POST
def appointment_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _row_action(
        request,
        appointments_visible_to(request.user),
        pk,
        ReasonForm,
        lambda a, d: revoke_appointment(actor=request.user, appointment=a, **d),
        gettext("资格已注销"),
    )


@login_required
@require_POST
def qualification_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _row_action(
        request,
        qualifications_visible_to(request.user),
        pk,
        ReasonForm,
        lambda q, d: revoke_qualification(actor=request.user, qualification=q, **d),
        gettext("职业资格已撤销"),
    )


@login_required
@require_POST
def relation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _row_action(
        request,
        relations_visible_to(request.user),
        pk,
        ReasonForm,
        lambda r, d: withdraw_relation(actor=request.user, relation=r, **d),
        gettext("回避关系已撤回"),
    )


# --- qualifications register ---------------------------------------------------------------------


@login_required
@exports(QUALIFICATIONS)
def qualifications(request: HttpRequest) -> HttpResponseBase:
    """Qualifications by occupation and level, with filters; Excel/PDF (R-PER-1, R-REP-2)."""
    filterset = QualificationFilterSet(request.GET, queryset=qualifications_visible_to(request.user))
    context = {"filter": filterset, "can": capabilities(request.user)}
    return list_page(request, "personnel/qualifications.html", filterset.qs, export=QUALIFICATIONS, context=context)


# --- imports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSpec:
    title: StrOrPromise
    columns: list[str]
    required: list[str]
    run: Callable[..., imports.ImportResult]
    back: str
    capability: str


IMPORTS = {
    "people": ImportSpec(
        gettext_lazy("导入人员"),
        imports.PEOPLE_COLUMNS,
        imports.PEOPLE_REQUIRED,
        imports.import_people,
        "personnel:people",
        "register",
    ),
    "qualifications": ImportSpec(
        gettext_lazy("导入职业资格"),
        imports.QUALIFICATION_COLUMNS,
        imports.QUALIFICATION_REQUIRED,
        imports.import_qualifications,
        "personnel:qualifications",
        "train",
    ),
}


@login_required
def import_view(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a spreadsheet; every row is checked, and either all rows are saved or none (R-X-4)."""
    spec = IMPORTS.get(kind)
    if spec is None:
        raise Http404(gettext("未找到该页面"))
    if not capabilities(request.user)[spec.capability]:
        raise PermissionDenied(gettext("您的单位或角色不能办理该导入"))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = spec.run(actor=request.user, upload=upload, filename=upload.name)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            if result.ok:
                messages.success(request, result.summary)
                request.session.pop(IMPORT_SESSION_KEY, None)
                return redirect(spec.back)
            headers, rows = imports.error_rows(result, spec.columns)
            request.session[IMPORT_SESSION_KEY] = {"kind": kind, "headers": headers, "rows": rows[:2000]}
    context = {"form": form, "spec": spec, "kind": kind, "result": result}
    status = 400 if form.errors or (result is not None and not result.ok) else 200
    return render(request, "personnel/import.html", context, status=status)


@login_required
def import_errors(request: HttpRequest, kind: str) -> HttpResponseBase:
    """The last failed import's errors as an Excel file, to fix and upload again."""
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or stored.get("kind") != kind:
        raise Http404(gettext("没有待下载的错误报告"))
    return xlsx_response(
        gettext("导入错误-%(kind)s") % {"kind": kind}, stored["headers"], stored["rows"], title=gettext("错误报告")
    )


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponseBase:
    spec = IMPORTS.get(kind)
    if spec is None:
        raise Http404(gettext("未找到该页面"))
    return xlsx_response(gettext("导入模板-%(title)s") % {"title": spec.title}, spec.columns, [], title=gettext("模板"))


# --- violations and sanctions (R-SUP-7) ----------------------------------------------------------


@login_required
@exports(VIOLATIONS)
def violations(request: HttpRequest) -> HttpResponseBase:
    """Violations and sanctions with filters; Excel/PDF (R-SUP-7, R-REP-2)."""
    filterset = ViolationFilterSet(request.GET, queryset=violations_visible_to(request.user))
    context = {"filter": filterset, "today": timezone.localdate()}
    return list_page(request, "personnel/violations.html", filterset.qs, export=VIOLATIONS, context=context)


def _violation_page(
    request: HttpRequest, violation: StaffViolation, *, status: int = 200, **forms: Any
) -> HttpResponse:
    with_session_links(request.user, [violation])
    context = {
        "violation": violation,
        "sanctions": list(violation.sanctions.select_related("decided_by")),
        "can": {**capabilities(request.user), "sanction": may_sanction(request.user, violation.person)},
        "today": timezone.localdate(),
        "sanction_form": forms.get("sanction_form") or SanctionForm(),
        "refer_form": forms.get("refer_form") or ReferForm(),
        "dismiss_form": forms.get("dismiss_form") or ReasonForm(),
        "open": violation.status == ViolationStatus.OPEN,
    }
    return render(request, "personnel/violation_detail.html", context, status=status)


@login_required
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    violation = get_visible_or_404(violations_visible_to(request.user), request.user, pk=pk)
    return _violation_page(request, violation)


def _violation_action(
    request: HttpRequest,
    pk: int,
    form_class: Any,
    key: str,
    run: Callable[[StaffViolation, dict[str, Any]], Any],
    ok: str,
) -> HttpResponse:
    violation = get_visible_or_404(violations_visible_to(request.user), request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid() and attempt(form, lambda: run(violation, form.cleaned_data)):
        messages.success(request, ok)
        return redirect("personnel:violation", pk=violation.pk)
    return _violation_page(request, violation, status=400, **{key: form})


@login_required
@require_POST
def violation_sanction(request: HttpRequest, pk: int) -> HttpResponse:
    return _violation_action(
        request,
        pk,
        SanctionForm,
        "sanction_form",
        lambda v, d: sanction_violation(actor=request.user, violation=v, **d),
        gettext("处分决定已记录"),
    )


@login_required
@require_POST
def violation_refer(request: HttpRequest, pk: int) -> HttpResponse:
    return _violation_action(
        request,
        pk,
        ReferForm,
        "refer_form",
        lambda v, d: refer_violation(actor=request.user, violation=v, **d),
        gettext("已记录移交"),
    )


@login_required
@require_POST
def violation_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _violation_action(
        request,
        pk,
        ReasonForm,
        "dismiss_form",
        lambda v, d: dismiss_violation(actor=request.user, violation=v, **d),
        gettext("已决定不予处分"),
    )


# --- dispatch (R-PER-3) --------------------------------------------------------------------------


@login_required
@exports(DRAWS)
def dispatch(request: HttpRequest) -> HttpResponseBase:
    """Draw external supervisors for a session at random, and the record of past draws."""
    user = request.user
    can = capabilities(user)
    form = DrawForm(request.POST or None, institutions=institutions_for_dispatch(user))
    refusal: list[str] = []
    if request.method == "POST":
        if not can["draw"]:
            raise PermissionDenied(gettext("随机抽取由人社部门和就业服务中心进行"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                occupation = _occupation(data["occupation"])
                pool_filter = PoolFilter(
                    institution=data["institution"],
                    on=data["on"],
                    role=data["role"],
                    occupation=occupation,
                    level=data["level"],
                    region_wide=data["region_wide"],
                    session_ref=data["session_ref"],
                    candidates=tuple(CandidateRef(id_number=i) for i in data["candidate_ids"]),
                )
                draw = draw_staff(actor=user, pool_filter=pool_filter, n=data["n"], seed=data["seed"] or None)
            except DomainError as exc:
                apply_domain_error(form, exc)
                refusal = exc.errors.get("exclusions", [])
            except NotFoundError as exc:
                raise Http404(str(exc)) from exc
            else:
                messages.success(
                    request,
                    gettext("已抽取 %(len)s 人，随机种子 %(seed)s") % {"len": len(draw.selected), "seed": draw.seed},
                )
                return redirect("personnel:draw", pk=draw.pk)
    draws = draws_visible_to(user)
    if request.method != "POST" and (response := export_or_none(request, DRAWS, with_session_links(user, draws))):
        return response
    page = paginate(request, draws)
    with_session_links(user, page.object_list)
    context = {"form": form, "page": page, "can": can, "refusal": refusal}
    return render(request, "personnel/dispatch.html", context, status=400 if form.errors else 200)


@login_required
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draw's seed, algorithm, pool, exclusions with reasons and result, and its re-run."""
    draw = get_visible_or_404(draws_visible_to(request.user), request.user, pk=pk)
    with_session_links(request.user, [draw])
    replayed = replay_selection(draw.eligible, draw.requested, draw.seed)
    people = draw_people(draw)
    excluded = {e["id"]: e["reasons"] for e in draw.exclusions}
    order = {pid: i + 1 for i, pid in enumerate(draw.selected)}
    rows = [
        {
            "entry": entry,
            "person": people.get(entry["id"]),
            "reasons": excluded.get(entry["id"], []),
            "selected_order": order.get(entry["id"]),
        }
        for entry in draw.pool
    ]
    context = {
        "draw": draw,
        "rows": rows,
        "replayed": replayed,
        "verified": replayed == draw.selected,
        "algorithm_name": algorithm_name(draw.algorithm),
        "algorithm_steps": ALGORITHM_STEPS,
        "level_label": level_label(draw.level) if draw.level else gettext("不限"),
    }
    return render(request, "personnel/draw_detail.html", context)


# --- workforce planning (R-SUP-8) ----------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    try:
        year = year_param(request.GET.get("year") or request.POST.get("year"))
    except DomainError:
        year = None
    return min(max(year or timezone.localdate().year, 2020), 2100)


@login_required
@exports(WORKFORCE)
def workforce(request: HttpRequest) -> HttpResponseBase:
    """Targets against people serving and people trained, per jurisdiction, for a year; Excel/PDF (R-SUP-8)."""
    user = request.user
    org = user.organisation  # type: ignore[union-attr]
    if not user.is_superuser and org.scope_level not in ("region", "league"):  # type: ignore[union-attr]
        raise Http404(gettext("未找到该页面"))
    can = capabilities(user)
    year = _year(request)
    form = TargetForm(request.POST or None, initial={"year": year}, jurisdictions=jurisdictions_for(user))
    if request.method == "POST":
        if not can["plan"]:
            raise PermissionDenied(gettext("队伍建设规划由自治区和盟市就业服务中心制定"))
        if form.is_valid():
            data = form.cleaned_data
            if attempt(form, lambda: set_workforce_target(actor=user, **data)):
                messages.success(
                    request,
                    gettext("已保存 %(value)s 年 %(value2)s 的规划")
                    % {"value": data["year"], "value2": data["jurisdiction"]},
                )
                return redirect(f"{reverse('personnel:workforce')}?year={data['year']}")
    rows = workforce_summary(user, year)
    if request.method != "POST" and (response := export_or_none(request, WORKFORCE, workforce_lines(rows))):
        return response
    context = {
        "page": paginate(request, rows, per_page=max(len(rows), 1)),
        "year": year,
        "years": range(timezone.localdate().year - 3, timezone.localdate().year + 3),
        "rows": rows,
        "totals": workforce_totals(rows),
        "reference_date": workforce_reference_date(year),
        "form": form,
        "can": can,
    }
    return render(request, "personnel/workforce.html", context, status=400 if form.errors else 200)
