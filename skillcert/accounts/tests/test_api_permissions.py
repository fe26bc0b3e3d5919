"""Permission matrix for every accounts API endpoint (R-ORG-2, R-X-5): anonymous, another
organisation, the same organisation with the wrong role, the right role."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from skillcert.accounts import services
from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, api_token
from skillcert.core.models import AuditEvent
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list


def _lists_only(*usernames: str):  # type: ignore[no-untyped-def]
    def check(response) -> None:  # type: ignore[no-untyped-def]
        data = response.json()
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        assert sorted(r["username"] for r in rows) == sorted(usernames)

    return check


def _me_is(username: str):  # type: ignore[no-untyped-def]
    def check(response) -> None:  # type: ignore[no-untyped-def]
        assert response.json()["username"] == username

    return check


class AccountsMatrix(PermissionMatrix):
    def __init__(self) -> None:
        self.institution = InstitutionFactory()
        self.other = InstitutionFactory()
        self.manager = UserFactory(username="inst_manager", organisation=self.institution, roles=[Role.MANAGER])
        self.examiner = UserFactory(username="inst_examiner", organisation=self.institution, roles=[Role.EXAMINER])
        self.clerk = UserFactory(username="inst_clerk", organisation=self.institution, roles=[Role.CLERK])
        self.outsider = UserFactory(username="outsider", organisation=self.other, roles=[Role.MANAGER])
        self.token, _key = api_token(self.clerk, name="机构系统")

    def personas(self) -> dict[str, object]:
        raise NotImplementedError


class UsersAndOrganisations(AccountsMatrix):
    """Organisations and users: right role = manager of the institution; wrong role = examiner."""

    def personas(self) -> dict[str, object]:
        return {"anonymous": None, "other_org": self.outsider, "wrong_role": self.examiner, "right_role": self.manager}

    def cases(self) -> list[Case]:
        inst, clerk = self.institution.pk, self.clerk.pk
        return [
            Case(
                "GET",
                "/api/v1/accounts/me/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={
                    "other_org": _me_is("outsider"),
                    "wrong_role": _me_is("inst_examiner"),
                    "right_role": _me_is("inst_manager"),
                },
            ),
            Case(
                "GET",
                "/api/v1/accounts/organisations/?kind=institution",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={
                    "other_org": _org_names(self.other.name),
                    "wrong_role": _org_names(self.institution.name),
                    "right_role": _org_names(self.institution.name),
                },
            ),
            Case(
                "GET",
                f"/api/v1/accounts/organisations/{inst}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 200, "right_role": 200},
            ),
            Case(
                "GET",
                "/api/v1/accounts/users/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={
                    "other_org": _lists_only("outsider"),
                    "wrong_role": empty_list,
                    "right_role": _lists_only("inst_manager", "inst_examiner", "inst_clerk"),
                },
            ),
            Case(
                "GET",
                f"/api/v1/accounts/users/{clerk}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
            ),
        ]


def _org_names(*names: str):  # type: ignore[no-untyped-def]
    def check(response) -> None:  # type: ignore[no-untyped-def]
        assert sorted(r["name"] for r in response.json()["results"]) == sorted(names)

    return check


class Tokens(AccountsMatrix):
    """API tokens: right role = the token's owner (a clerk); wrong role = an examiner of the same
    institution (may hold no tokens); the institution's manager sees no one else's tokens either."""

    def personas(self) -> dict[str, object]:
        return {"anonymous": None, "other_org": self.outsider, "wrong_role": self.examiner, "right_role": self.clerk}

    def cases(self) -> list[Case]:
        pk = self.token.pk
        return [
            Case(
                "GET",
                "/api/v1/accounts/tokens/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={"other_org": empty_list, "wrong_role": empty_list, "right_role": non_empty_list},
            ),
            Case(
                "GET",
                f"/api/v1/accounts/tokens/{pk}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
            ),
            Case(
                "POST",
                "/api/v1/accounts/tokens/",
                {"anonymous": 401, "other_org": 201, "wrong_role": 403, "right_role": 201},
                data={"name": "新令牌", "days": 10},
            ),
            Case(
                "POST",
                f"/api/v1/accounts/tokens/{pk}/revoke/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
            ),
        ]


class UserManagement(AccountsMatrix):
    """Account management actions: right role = manager of the institution; wrong role = an
    examiner of the same institution (403 on create — the role may not manage accounts at all —
    404 on a given account, which is outside what the examiner may change); other org = the
    manager of another institution (404: the organisation or account is outside their reach)."""

    def __init__(self) -> None:
        super().__init__()
        self.leaver = UserFactory(username="inst_leaver", organisation=self.institution, roles=[Role.CLERK])
        services.update_contact(actor=None, user=self.clerk, mobile="13812345678")

    def personas(self) -> dict[str, object]:
        return {"anonymous": None, "other_org": self.outsider, "wrong_role": self.examiner, "right_role": self.manager}

    def cases(self) -> list[Case]:
        clerk, leaver = self.clerk.pk, self.leaver.pk
        base = "/api/v1/accounts/users"
        return [
            Case(
                "POST",
                f"{base}/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 201},
                data={
                    "organisation": self.institution.pk,
                    "username": "api_new_clerk",
                    "full_name": "新经办",
                    "roles": [Role.CLERK],
                },
                check={"right_role": _created_with_generated_password},
            ),
            Case(
                "POST",
                f"{base}/{clerk}/roles/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
                data={"roles": [Role.CLERK, Role.AUDITOR]},
                check={"right_role": _field_is("roles", ["auditor", "clerk"])},
            ),
            Case(
                "POST",
                f"{base}/{clerk}/unlock/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
                check={"right_role": _field_is("status", "active")},
            ),
            Case(
                "POST",
                f"{base}/{clerk}/reset-second-factor/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
                check={"right_role": _field_is("second_factor_enabled", False)},
            ),
            Case(
                "POST",
                f"{base}/{clerk}/contact/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
                data={"mobile": "139 0000 1111"},
                check={"right_role": _field_is("mobile_masked", "139****1111")},
            ),
            Case(
                "POST",
                f"{base}/{clerk}/reveal-mobile/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
                data={"reason": "核对联系方式"},
                check={"right_role": _field_is("mobile", "13900001111")},
            ),
            Case(
                "POST",
                f"{base}/{leaver}/deactivate/",
                {"anonymous": 401, "other_org": 404, "wrong_role": 404, "right_role": 200},
                check={"right_role": _field_is("status", "inactive")},
            ),
        ]


def _field_is(name: str, value: object):  # type: ignore[no-untyped-def]
    def check(response) -> None:  # type: ignore[no-untyped-def]
        assert response.json()[name] == value

    return check


def _created_with_generated_password(response) -> None:  # type: ignore[no-untyped-def]
    body = response.json()
    assert body["username"] == "api_new_clerk" and body["roles"] == ["clerk"]
    assert body["password_must_change"] is True
    assert len(body["initial_password"]) >= 14


@pytest.mark.django_db
def test_user_management_matrix():
    matrix = UserManagement()
    matrix.run()
    # Only the right role changed anything: one account created, one deactivated, one reveal.
    assert User.objects.filter(username="api_new_clerk").count() == 1
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 1
    assert list(User.objects.filter(is_active=False).values_list("username", flat=True)) == ["inst_leaver"]


@pytest.mark.django_db
def test_an_auditor_sees_accounts_but_manages_none():
    matrix = UserManagement()
    auditor = UserFactory(organisation=matrix.institution, roles=[Role.AUDITOR])
    client = APIClient()
    client.force_authenticate(auditor)
    assert client.get(f"/api/v1/accounts/users/{matrix.clerk.pk}/").status_code == 200
    for action in ("roles", "unlock", "reset-second-factor", "contact", "reveal-mobile", "deactivate"):
        response = client.post(f"/api/v1/accounts/users/{matrix.clerk.pk}/{action}/", {}, format="json")
        assert response.status_code == 404, action
    assert not AuditEvent.objects.filter(action="pii.reveal").exists()


@pytest.mark.django_db
def test_users_and_organisations_matrix():
    UsersAndOrganisations().run()


@pytest.mark.django_db
def test_tokens_matrix():
    Tokens().run()


@pytest.mark.django_db
def test_manager_cannot_see_a_colleagues_tokens():
    matrix = Tokens()
    client = APIClient()
    client.force_authenticate(matrix.manager)
    assert client.get(f"/api/v1/accounts/tokens/{matrix.token.pk}/").status_code == 404
    assert client.get("/api/v1/accounts/tokens/").json()["results"] == []
