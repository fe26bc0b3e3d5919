"""Personnel test fixtures: the organisations and users of "who manages whom" (seed §2(二))."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction

_DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Jurisdictions, authorities and the catalogue come from data migrations; a transactional
    test that ran earlier on the same worker empties them, so put them back when missing."""
    if request.node.get_closest_marker("django_db") is None and not (_DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("db" if "live_server" not in request.fixturenames else "transactional_db")
    from django.apps import apps

    from skillcert.accounts.models import Organisation
    from skillcert.catalog.models import Occupation

    if not Organisation.objects.filter(code="region_dept").exists():
        importlib.import_module("skillcert.accounts.migrations.0002_region_and_authorities").create(apps, None)
    if not Occupation.objects.filter(edition=2022, code="6-18-02-04").exists():
        importlib.import_module("skillcert.catalog.migrations.0002_load_catalog_2022").load(apps, None)


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
