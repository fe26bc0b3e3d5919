"""Personnel test fixtures: the organisations and users of "who manages whom" (seed §2(二))."""

from __future__ import annotations

from typing import Any

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction


@pytest.fixture
def inst(db: None) -> Any:
    return InstitutionFactory(name="呼和浩特测试评价中心", jurisdiction=jurisdiction("150100"))


@pytest.fixture
def other_inst(db: None) -> Any:
    return InstitutionFactory(name="包头测试评价中心", jurisdiction=jurisdiction("150200"))


@pytest.fixture
def region_center(db: None) -> Any:
    return UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[Role.CLERK, Role.MANAGER])


@pytest.fixture
def center(db: None) -> Any:
    """A league centre clerk in 呼和浩特市."""
    return UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150100"), roles=[Role.CLERK])


@pytest.fixture
def center_manager(db: None) -> Any:
    return UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150100"), roles=[Role.MANAGER])


@pytest.fixture
def other_center(db: None) -> Any:
    return UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150200"), roles=[Role.CLERK])


@pytest.fixture
def bureau(db: None) -> Any:
    return UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.CLERK])


@pytest.fixture
def region_dept(db: None) -> Any:
    return UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.CLERK])


@pytest.fixture
def inst_clerk(inst: Any) -> Any:
    return UserFactory(organisation=inst, roles=[Role.CLERK])


@pytest.fixture
def inst_examiner(inst: Any) -> Any:
    return UserFactory(organisation=inst, roles=[Role.EXAMINER])


@pytest.fixture
def other_inst_clerk(other_inst: Any) -> Any:
    return UserFactory(organisation=other_inst, roles=[Role.CLERK])
