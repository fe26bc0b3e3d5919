"""One scoping mechanism: region sees all, league its jurisdiction, institution itself (R-ORG-2)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import Organisation, User
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction
from skillcert.core.scoping import get_visible_or_404

pytestmark = pytest.mark.django_db


def test_region_league_institution_and_anonymous_views_of_users():
    inst_hohhot = InstitutionFactory(jurisdiction=jurisdiction("150100"))
    inst_baotou = InstitutionFactory(jurisdiction=jurisdiction("150200"))
    a = UserFactory(organisation=inst_hohhot, roles=[Role.CLERK])
    b = UserFactory(organisation=inst_baotou, roles=[Role.CLERK])
    region = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
    league = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.MANAGER])
    inst_manager = UserFactory(organisation=inst_hohhot, roles=[Role.MANAGER])

    def visible(actor):
        return set(User.objects.restrict(actor, "view").values_list("pk", flat=True))

    assert {a.pk, b.pk, league.pk, inst_manager.pk} <= visible(region)
    assert a.pk in visible(league) and b.pk not in visible(league)
    assert visible(inst_manager) == {a.pk, inst_manager.pk}
    assert visible(AnonymousUser()) == set()
    assert visible(a) == set(), "a clerk has no role that may list users"


def test_forbidden_object_is_a_404_like_a_missing_one():
    other = UserFactory(organisation=InstitutionFactory(jurisdiction=jurisdiction("150200")))
    manager = UserFactory(roles=[Role.MANAGER])
    with pytest.raises(Http404) as forbidden:
        get_visible_or_404(User.objects.all(), manager, pk=other.pk)
    with pytest.raises(Http404) as missing:
        get_visible_or_404(User.objects.all(), manager, pk=10**9)
    assert str(forbidden.value) == str(missing.value)


def test_public_rows_are_visible_without_login_but_not_changeable():
    InstitutionFactory()
    anonymous_view = Organisation.objects.restrict(AnonymousUser(), "view")
    assert anonymous_view.count() == 2 + 14 * 2, "only the 30 authority organisations are public"
    assert not anonymous_view.filter(kind=OrgKind.INSTITUTION).exists()
    assert Organisation.objects.restrict(AnonymousUser(), "change").count() == 0


def test_league_admin_changes_only_its_jurisdiction():
    admin = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150200"), roles=[Role.ADMIN])
    changeable = Organisation.objects.restrict(admin, "change")
    assert set(changeable.values_list("jurisdiction__code", flat=True)) == {"150200"}
