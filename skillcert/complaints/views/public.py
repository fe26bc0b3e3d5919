"""The public complaint form and the tracking page; no login (R-SUP-5, R-PUB-1)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from skillcert.complaints import abuse, selectors, services
from skillcert.complaints.forms import PublicComplaintForm, TrackForm
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.middleware import client_ip


def _address(request: HttpRequest) -> str:
    return client_ip(request)


def _input(form: forms.Form) -> services.ComplaintInput:
    data = form.cleaned_data
    institution = data.get("institution")
    return services.ComplaintInput(
        subject_kind=data["subject_kind"],
        institution_id=institution.pk if institution else None,
        subject_reference=data.get("subject_reference", ""),
        title=data.get("title", ""),
        facts=data.get("facts", ""),
        anonymous=bool(data.get("anonymous")),
        contact_name=data.get("contact_name", ""),
        contact_phone=data.get("contact_phone", ""),
        contact_email=data.get("contact_email", ""),
        attachments=list(data.get("attachments") or []),
    )


@never_cache
def file_complaint(request: HttpRequest) -> HttpResponse:
    """Anyone files a complaint; the tracking code and the secret are shown once (R-SUP-5)."""
    status = 200
    if request.method == "POST":
        form = PublicComplaintForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                abuse.screen_public_submission(
                    address=_address(request),
                    honeypot=form.cleaned_data.get("website"),
                    token=form.cleaned_data.get("challenge_token", ""),
                    answer=form.cleaned_data.get("challenge_answer", ""),
                )
                filed = services.file_public_complaint(data=_input(form))
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                response = render(
                    request, "complaints/filed.html", {"complaint": filed.complaint, "secret": filed.secret}
                )
                response["Cache-Control"] = "no-store"
                return response
        status = 400
    else:
        form = PublicComplaintForm(
            initial={"subject_kind": "institution", "institution": request.GET.get("institution")}
        )
    challenge = abuse.new_challenge()
    return render(
        request,
        "complaints/file.html",
        {"form": form, "challenge": challenge, "honeypot": abuse.HONEYPOT_FIELD},
        status=status,
    )


@never_cache
def track_complaint(request: HttpRequest) -> HttpResponse:
    """Progress and public outcome with the tracking code and secret; a wrong pair answers like an unknown code."""
    view = None
    not_found = False
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            view = selectors.track(form.cleaned_data["tracking_code"], form.cleaned_data["secret"])
            not_found = view is None
    else:
        form = TrackForm()
    return render(
        request,
        "complaints/track.html",
        {"form": form, "view": view, "not_found": not_found, "not_found_text": _("查询码或查询密码不正确")},
        status=404 if not_found else 200,
    )
