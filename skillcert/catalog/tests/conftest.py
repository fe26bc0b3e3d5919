"""Catalogue test fixtures: users of the kinds that read and maintain the catalogue."""

from __future__ import annotations

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import UserFactory, authority


@pytest.fixture
def region_admin(db: None) -> User:
    user: User = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
    return user


@pytest.fixture
def league_admin(db: None) -> User:
    user: User = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150200"), roles=[Role.ADMIN])
    return user


@pytest.fixture
def institution_clerk(db: None) -> User:
    user: User = UserFactory(roles=[Role.CLERK])
    return user
