"""Permission matrix for every accounts API endpoint (R-ORG-2, R-X-5): anonymous, another
organisation, the same organisation with the wrong role, the right role."""

from __future__ import annotations

import pytest

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, api_token
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


@pytest.mark.django_db
def test_users_and_organisations_matrix():
    UsersAndOrganisations().run()


@pytest.mark.django_db
def test_tokens_matrix():
    Tokens().run()


@pytest.mark.django_db
def test_manager_cannot_see_a_colleagues_tokens():
    matrix = Tokens()
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(matrix.manager)
    assert client.get(f"/api/v1/accounts/tokens/{matrix.token.pk}/").status_code == 404
    assert client.get("/api/v1/accounts/tokens/").json()["results"] == []
