"""Account pages: login/logout, account security, organisation and user directories."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from skillcert.accounts.filtersets import OrganisationFilterSet, UserFilterSet
from skillcert.accounts.selectors import organisations_visible_to, users_visible_to


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security.html")


@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilterSet(request.GET, queryset=organisations_visible_to(request.user))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/organisations.html", {"filter": filterset, "page": page})


@login_required
def users(request: HttpRequest) -> HttpResponse:
    filterset = UserFilterSet(request.GET, queryset=users_visible_to(request.user))
    page = Paginator(filterset.qs.distinct(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {"filter": filterset, "page": page})
