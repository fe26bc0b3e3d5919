"""The public announcements and the candidate's side: sign-up, online registration, my registrations
with review results, evidence and withdrawal (R-EXAM-2, R-EXAM-3, R-EXAM-4, candidate portal)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skillcert.accounts.choices import Role
from skillcert.accounts.types import AuthedRequest
from skillcert.catalog.choices import level_label
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import exports, list_page
from skillcert.core.scoping import get_visible_or_404
from skillcert.exams.exports import ANNOUNCEMENTS, MY_REGISTRATIONS
from skillcert.exams.forms.registration import ApplyForm, EvidenceForm, SignUpForm
from skillcert.exams.models import CandidateProfile, EvidenceFile, ExamPlan, Registration
from skillcert.exams.selectors.plans import announced_plans, announcement_levels, registration_open
from skillcert.exams.selectors.registration import my_registrations
from skillcert.exams.services.registration import register_online, sign_up_candidate, withdraw_registration


@exports(ANNOUNCEMENTS)
def announcement_list(request: HttpRequest) -> HttpResponseBase:
    """Public list of plan announcements (R-EXAM-2, R-PUB-1); Excel/PDF of the filtered list (R-REP-2)."""
    qs = announced_plans()
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(title__contains=q) | qs.filter(occupation__name__contains=q)
    return list_page(request, "exams/announcement_list.html", qs, export=ANNOUNCEMENTS, context={"q": q})


def _announced(number: str) -> ExamPlan:
    plan = announced_plans().select_related("institution__area").filter(number=number).first()
    if plan is None:
        raise Http404(gettext("未找到该报名公告"))
    return plan


def announcement_detail(request: HttpRequest, number: str) -> HttpResponse:
    """One announcement: dates, venue, levels with conditions, places and fees, how to apply (R-EXAM-2)."""
    plan = _announced(number)
    return render(
        request,
        "exams/announcement_detail.html",
        {"plan": plan, "levels": announcement_levels(plan), "is_open": registration_open(plan)},
    )


def signup(request: HttpRequest) -> HttpResponseBase:
    """A candidate opens their own account with a checked identity (R-EXAM-3)."""
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = sign_up_candidate(
                    username=data["username"],
                    password=data["password"],
                    full_name=data["full_name"],
                    id_type=data["id_type"],
                    id_number=data["id_number"],
                    birth_date=data.get("birth_date"),
                    mobile=data["mobile"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                login(request, user, backend="skillcert.accounts.backends.LockoutModelBackend")
                messages.success(request, gettext("考生账号已开通。"))
                nxt = request.GET.get("next", "")
                return redirect(nxt if nxt.startswith("/exams/") else "exams:my_registrations")
        status = 400
    return render(request, "exams/signup.html", {"form": form}, status=status)


@login_required
def apply(request: AuthedRequest, number: str) -> HttpResponseBase:
    """Online registration for one announced plan (R-EXAM-3)."""
    plan = _announced(number)
    user: Any = request.user
    profile = CandidateProfile.objects.filter(user=user).first()
    if profile is None or not user.has_role(Role.CANDIDATE):
        return render(request, "exams/apply.html", {"plan": plan, "not_candidate": True}, status=403)
    levels = [(pl.level, level_label(pl.level)) for pl in plan.levels.all()]
    form = ApplyForm(request.POST or None, request.FILES or None, levels=levels, initial={"mobile": user.mobile})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            evidence = [(data["evidence_kind"], data["evidence"])] if data.get("evidence") else []
            try:
                registration = register_online(
                    actor=request.user,
                    plan=plan,
                    application=form.to_application(),
                    photo=data.get("photo"),
                    evidence=evidence,
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, gettext("报名已提交，请等待评价机构资格审核。"))
                return redirect("exams:my_registration", pk=registration.pk)
        status = 400
    return render(
        request,
        "exams/apply.html",
        {"plan": plan, "form": form, "profile": profile, "is_open": registration_open(plan)},
        status=status,
    )


@login_required
@exports(MY_REGISTRATIONS)
def my_registrations_page(request: AuthedRequest) -> HttpResponseBase:
    """The candidate's registrations, online or imported for them, with their review results; Excel/PDF."""
    rows = my_registrations(request.user)
    context = {"tab": "registrations"}
    return list_page(request, "exams/my_registrations.html", rows, export=MY_REGISTRATIONS, context=context)


@login_required
def my_registration(request: AuthedRequest, pk: int, *, evidence_form: EvidenceForm | None = None) -> HttpResponse:
    registration = get_visible_or_404(my_registrations(request.user), request.user, "apply", pk=pk)
    evidence = EvidenceFile.objects.filter(registration=registration).order_by("kind", "id")
    return render(
        request,
        "exams/my_registration.html",
        {
            "registration": registration,
            "plan": registration.plan,
            "evidence": evidence,
            "evidence_form": evidence_form or EvidenceForm(),
            "tab": "registrations",
        },
        status=400 if evidence_form is not None and evidence_form.errors else 200,
    )


@login_required
@require_POST
def my_registration_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    registration = get_visible_or_404(Registration.objects.select_related("plan"), request.user, "apply", pk=pk)
    try:
        withdraw_registration(actor=request.user, registration=registration)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("报名已撤回。"))
    return redirect("exams:my_registration", pk=registration.pk)
