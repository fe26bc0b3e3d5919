"""Account pages: login (password, lockout, second factor), logout, password change, account
security with API tokens, the organisation directory, and account management — opening
accounts, roles, unlocking, second-factor reset, deactivation, mobile numbers shown masked
with an audited reveal (R-X-2, R-X-3, R-ORG-2)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from skillcert.accounts import services, totp
from skillcert.accounts.filtersets import OrganisationFilterSet, UserFilterSet
from skillcert.accounts.forms import (
    ApiTokenForm,
    ContactForm,
    LoginForm,
    PasswordChangeForm,
    RevealForm,
    TotpCodeForm,
    UserCreateForm,
    UserRolesForm,
)
from skillcert.accounts.lockout import format_local, lock_message
from skillcert.accounts.middleware import (
    SESSION_LAST_ACTIVITY,
    SESSION_LOGIN_NEXT,
    SESSION_SECOND_FACTOR_PENDING,
)
from skillcert.accounts.models import MANAGE_USERS, ApiToken, User
from skillcert.accounts.passwords import generate_password
from skillcert.accounts.selectors import (
    api_tokens_of,
    manageable_user_ids,
    organisations_visible_to,
    user_for_reveal,
    users_manageable_by,
    users_visible_to,
)
from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import Column, ListExport, export_or_none, exports, list_page, paginate
from skillcert.core.policy import get_policy
from skillcert.core.scoping import actor_may
from skillcert.core.services import reveal_personal_data


def _default_next() -> str:
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


# --- login ---------------------------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Step one: username and password, with lockout and no account enumeration (R-X-2)."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or _default_next())
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        return _password_step_passed(request, form.user, next_url or _default_next())
    context = {
        "form": form,
        "next": next_url,
        "max_failures": get_policy("login.max_failures"),
        "lockout_minutes": get_policy("login.lockout_minutes"),
        "idle_minutes": get_policy("session.idle_minutes"),
    }
    return render(request, "accounts/login.html", context)


def _password_step_passed(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    login(request, user)
    request.session[SESSION_LAST_ACTIVITY] = time.time()
    if user.needs_second_factor:
        # Half logged in: SecondFactorMiddleware keeps this session on the TOTP pages.
        request.session[SESSION_SECOND_FACTOR_PENDING] = True
        request.session[SESSION_LOGIN_NEXT] = next_url
        return redirect("accounts:second_factor" if user.totp_enrolled else "accounts:totp_enrol")
    services.complete_login(user=user, second_factor=False)
    return redirect(next_url)


def _finish_login(request: HttpRequest, user: User) -> HttpResponse:
    next_url = request.session.pop(SESSION_LOGIN_NEXT, None) or _default_next()
    request.session.pop(SESSION_SECOND_FACTOR_PENDING, None)
    request.session.cycle_key()  # the session's privileges just changed
    services.complete_login(user=user, second_factor=True)
    return redirect(next_url)


def _locked_out(request: HttpRequest, user: User) -> HttpResponse:
    until = User.objects.filter(pk=user.pk).values_list("locked_until", flat=True).get()
    logout(request)
    if until is not None:
        messages.error(request, lock_message(until))
    return redirect("accounts:login")


def _pending_user(request: HttpRequest) -> User | None:
    if request.user.is_authenticated and request.session.get(SESSION_SECOND_FACTOR_PENDING):
        return request.user  # type: ignore[return-value]
    return None


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """Step two for enrolled users: the 6-digit TOTP code; wrong codes count towards the lockout."""
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login" if not request.user.is_authenticated else _default_next())
    if not user.totp_enrolled:
        return redirect("accounts:totp_enrol")
    form = TotpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = services.verify_second_factor(user=user, code=form.cleaned_data["code"])
        if result is services.TotpResult.OK:
            return _finish_login(request, user)
        if result is services.TotpResult.LOCKED:
            return _locked_out(request, user)
        form.add_error("code", _("动态口令不正确或已使用过：请输入验证器上当前显示的6位数字（每30秒更新一次）。"))
    return render(request, "accounts/second_factor.html", {"form": form, "nav_items": []})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@login_required
def totp_enrol(request: AuthedRequest) -> HttpResponse:
    """Bind an authenticator app: QR code drawn locally, the key in text, confirmed with a code."""
    user: User = request.user  # type: ignore[assignment]
    pending = _pending_user(request) is not None
    if user.totp_enrolled:
        return redirect("accounts:second_factor" if pending else "accounts:security")
    secret = services.start_totp_enrolment(user=user)
    form = TotpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = services.confirm_totp_enrolment(user=user, code=form.cleaned_data["code"], during_login=pending)
        if result is services.TotpResult.OK:
            messages.success(request, _("动态口令已绑定，今后登录时请输入验证器上的6位动态口令。"))
            return _finish_login(request, user) if pending else redirect("accounts:security")
        if result is services.TotpResult.LOCKED:
            return _locked_out(request, user)
        form.add_error("code", _("动态口令不正确：请确认已在验证器中添加上面的密钥，并输入当前显示的6位数字。"))
    uri = totp.provisioning_uri(secret, user.username)
    context: dict[str, Any] = {
        "form": form,
        # segno draws the SVG from our own URI; it contains no user-supplied markup.
        "qr_svg": mark_safe(totp.qr_svg(uri)),  # noqa: S308
        "secret_grouped": totp.grouped(secret),
        "issuer": totp.issuer(),
        "pending": pending,
        "required": user.requires_second_factor,
    }
    if pending:
        context["nav_items"] = []
    return render(request, "accounts/totp_enrol.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.record_logout(user=request.user)  # type: ignore[arg-type]
    logout(request)
    messages.success(request, _("您已安全退出。"))
    return redirect(settings.LOGOUT_REDIRECT_URL or "accounts:login")


# --- password and security -----------------------------------------------------------------------


@sensitive_post_parameters()
@csrf_protect
@never_cache
@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    """Change one's own password; an expired one sends every page here until it is changed (R-X-2)."""
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                actor=user,
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(
                request,
                _("密码已修改。请在 %(t)s 前再次修改。") % {"t": format_local(user.password_expires_at)},
            )
            return redirect("accounts:security")
    reason = ""
    if user.password_must_change:
        reason = "must_change"
    elif user.password_expired():
        reason = "expired"
    context = {
        "form": form,
        "help_texts": PasswordChangeForm.help_texts(),
        "reason": reason,
        "max_age_days": get_policy("password.max_age_days"),
    }
    if reason:
        context["nav_items"] = []
    return render(request, "accounts/password_change.html", context, status=400 if form.errors else 200)


def _security_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    may_hold_tokens = services.may_hold_tokens(user)
    return {
        "may_hold_tokens": may_hold_tokens,
        "tokens": list(api_tokens_of(user)) if may_hold_tokens else [],
        "token_form": extra.pop("token_form", None) or ApiTokenForm(),
        "password_expires_at": user.password_expires_at,
        "max_age_days": get_policy("password.max_age_days"),
        **extra,
    }


@login_required
@never_cache
def security(request: AuthedRequest) -> HttpResponse:
    """Password age, second-factor status and API tokens of the logged-in user (R-X-2)."""
    return render(request, "accounts/security.html", _security_context(request))


@login_required
@require_POST
@never_cache
def token_create(request: AuthedRequest) -> HttpResponse:
    """Issue an API token; the page shows its key this once and never again."""
    user: User = request.user  # type: ignore[assignment]
    form = ApiTokenForm(request.POST)
    extra: dict[str, Any] = {}
    if form.is_valid():
        try:
            token, key = services.create_api_token(
                actor=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            extra = {"new_token": token, "new_key": key}
            form = ApiTokenForm()
    context = _security_context(request, token_form=form, **extra)
    return render(request, "accounts/security.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token: ApiToken = get_object_or_404(api_tokens_of(request.user), pk=pk)
    services.revoke_api_token(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("令牌“%(n)s”已撤销，使用它的客户端将无法再访问接口。") % {"n": token.name})
    return redirect("accounts:security")


# --- directories ---------------------------------------------------------------------------------


ORGANISATIONS = ListExport(
    gettext_lazy("机构"),
    [
        Column(gettext_lazy("名称"), lambda o: o.name),
        Column(gettext_lazy("类型"), lambda o: o.get_kind_display()),
        Column(gettext_lazy("辖区"), lambda o: o.jurisdiction.name if o.jurisdiction_id else ""),
        Column(gettext_lazy("账号数"), lambda o: o.user_count),
        Column(gettext_lazy("状态"), lambda o: _("有效") if o.is_active else _("停用")),
    ],
)

USERS = ListExport(
    gettext_lazy("账号"),
    [
        Column(gettext_lazy("用户名"), lambda u: u.username),
        Column(gettext_lazy("姓名"), lambda u: u.full_name),
        Column(gettext_lazy("机构"), lambda u: u.organisation.name),
        Column(gettext_lazy("角色"), lambda u: "、".join(r.get_role_display() for r in u.roles.all())),
        Column(gettext_lazy("手机号码"), lambda u: u.mobile_masked if u.mobile else ""),
        Column(gettext_lazy("状态"), lambda u: u.status_display),
        Column(gettext_lazy("动态口令"), lambda u: _("已绑定") if u.totp_enrolled else _("未绑定")),
        Column(gettext_lazy("最近登录"), lambda u: u.last_login),
    ],
)
"""Mobile numbers are exported masked, as the list shows them (R-X-3)."""


@login_required
@exports(ORGANISATIONS)
def organisations(request: AuthedRequest) -> HttpResponseBase:
    """Organisations in the actor's scope (R-ORG-1)."""
    filterset = OrganisationFilterSet(request.GET, queryset=organisations_visible_to(request.user))
    return list_page(
        request, "accounts/organisations.html", filterset.qs, export=ORGANISATIONS, context={"filter": filterset}
    )


@login_required
@exports(USERS)
def users(request: AuthedRequest) -> HttpResponseBase:
    """Accounts in the actor's scope with their state; the ones they manage link to management."""
    filterset = UserFilterSet(request.GET, queryset=users_visible_to(request.user))
    rows = filterset.qs.distinct()
    if (response := export_or_none(request, USERS, rows)) is not None:
        return response
    page = paginate(request, rows)
    context = {
        "filter": filterset,
        "page": page,
        "manageable": manageable_user_ids(request.user, list(page)),
        "may_create": actor_may(request.user, "manage_users", MANAGE_USERS),
        "here": request.get_full_path(),
    }
    return render(request, "accounts/users.html", context)


# --- account management (R-ORG-2, R-X-2, R-X-3) ------------------------------------------------


def _managed_user(request: HttpRequest, pk: int) -> User:
    """An account the actor may manage; anyone else's answers 404 like a missing one."""
    return get_object_or_404(users_manageable_by(request.user), pk=pk)


def _user_detail(request: HttpRequest, user: User, *, status: int = 200, **extra: Any) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    context: dict[str, Any] = {
        "account": user,
        "is_self": actor.pk == user.pk,
        "roles_form": extra.pop("roles_form", None) or UserRolesForm(actor, user),
        # Never pre-filled: the number in clear appears only through the audited reveal.
        "contact_form": extra.pop("contact_form", None) or ContactForm(),
        "action_errors": extra.pop("action_errors", {}),
        **extra,
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@login_required
@never_cache
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One account's state and the operations on it, for those who may manage it (R-ORG-2)."""
    return _user_detail(request, _managed_user(request, pk))


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    """Open an account in an organisation the actor manages; the holder sets a password at first login."""
    actor: User = request.user  # type: ignore[assignment]
    if not actor_may(actor, "manage_users", MANAGE_USERS):
        raise PermissionDenied(_("您的角色不能管理账号"))
    form = UserCreateForm(actor, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        generated = data["password_mode"] == "generate"
        password = generate_password() if generated else data["password"]
        try:
            user = services.create_user(
                actor=actor,
                organisation=data["organisation"],
                username=data["username"],
                full_name=data["full_name"],
                password=password,
                roles=data["roles"],
                email=data["email"],
                mobile=data["mobile"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        except NotFoundError:
            form.add_error("organisation", _("所属机构：请选择您可以管理的机构"))
        else:
            messages.success(request, _("账号“%(u)s”已创建，首次登录时须修改初始密码。") % {"u": user.username})
            if generated:
                # Shown this once in the response, never stored in the session or a message.
                return _user_detail(request, user, initial_password=password)
            return redirect("accounts:user_detail", pk=user.pk)
    status = 400 if form.errors else 200
    return render(request, "accounts/user_form.html", {"form": form}, status=status)


def _manage(
    request: HttpRequest,
    pk: int,
    action: str,
    run: Callable[[User, dict[str, Any]], object],
    success: str,
    make_form: Callable[[User], forms.Form] | None = None,
) -> HttpResponse:
    """Run one management service on an account: success message, or the error beside its form."""
    user = _managed_user(request, pk)
    form = make_form(user) if make_form is not None else None
    if form is not None and not form.is_valid():
        return _user_detail(request, user, status=400, **{f"{action}_form": form})
    try:
        run(user, form.cleaned_data if form is not None else {})
    except DomainError as exc:
        if form is not None:
            apply_domain_error(form, exc)
            return _user_detail(request, user, status=400, **{f"{action}_form": form})
        return _user_detail(request, user, status=400, action_errors={action: exc.errors})
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, success % {"u": user.username})
    return redirect(_safe_next(request, request.POST.get("next")) or resolve_url("accounts:user_detail", pk=user.pk))


@login_required
@require_POST
def user_roles(request: AuthedRequest, pk: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    return _manage(
        request,
        pk,
        "roles",
        lambda u, d: services.set_roles(actor=actor, user=u, roles=d["roles"]),
        _("账号“%(u)s”的角色已更新。"),
        make_form=lambda u: UserRolesForm(actor, u, request.POST),
    )


@login_required
@require_POST
def user_contact(request: AuthedRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        "contact",
        lambda u, d: services.update_contact(actor=request.user, user=u, mobile=d["mobile"]),  # type: ignore[arg-type]
        _("账号“%(u)s”的手机号码已更新。"),
        make_form=lambda u: ContactForm(request.POST),
    )


@login_required
@require_POST
def user_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        "unlock",
        lambda u, d: services.unlock_user(actor=request.user, user=u),  # type: ignore[arg-type]
        _("账号“%(u)s”已解锁，可以立即登录。"),
    )


@login_required
@require_POST
def user_reset_second_factor(request: AuthedRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        "reset_second_factor",
        lambda u, d: services.reset_second_factor(actor=request.user, user=u),  # type: ignore[arg-type]
        _("账号“%(u)s”的动态口令已重置，下次登录时须重新绑定验证器。"),
    )


@login_required
@require_POST
def user_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        "deactivate",
        lambda u, d: services.deactivate_user(actor=request.user, user=u),  # type: ignore[arg-type]
        _("账号“%(u)s”已停用，不能再登录，其接口令牌已全部撤销。"),
    )


@login_required
@require_POST
@never_cache
def user_reveal_mobile(request: AuthedRequest, pk: int) -> HttpResponse:
    """The mobile number in full, once, in this response only; the reveal is audited (R-X-3)."""
    user = user_for_reveal(request.user, pk)
    form = RevealForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        mobile = reveal_personal_data(actor=request.user, obj=user, field="mobile", reason=reason)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    return _user_detail(request, user, revealed_mobile=mobile)
