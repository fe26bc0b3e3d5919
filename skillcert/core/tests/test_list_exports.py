"""Every list page exports the same way (R-REP-2): `?export=xlsx` and `?export=pdf` on its own URL.

The test walks the URL conf: each page marked with `@exports(...)` (skillcert.core.listing) must
answer both downloads for a user who may open it, and refuse an unknown format naming the parameter.
`LIST_PAGES` names the list pages that must carry the mark, so a new list without an export fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.excel import XLSX_TYPE

pytestmark = pytest.mark.django_db

LIST_PAGES: set[str] = {
    "accounts:organisations",
    "accounts:users",
    "archives:list",
    "catalog:occupation_list",
    "certificates:exports",
    "certificates:list",
    "certificates:proposals",
    "certificates:site_serials",
    "complaints:inbox",
    "exams:announcements",
    "exams:my_registrations",
    "exams:plan_list",
    "exams:session_list",
    "inspections:campaigns",
    "inspections:orders",
    "inspections:reports",
    "institutions:applications",
    "institutions:blacklist",
    "institutions:branch_filings",
    "institutions:calls",
    "institutions:commitment_texts",
    "institutions:fee_flags",
    "institutions:fees",
    "institutions:list",
    "institutions:register",
    "personnel:dispatch",
    "personnel:people",
    "personnel:qualifications",
    "personnel:violations",
    "personnel:workforce",
    "portal:audit_log",
    "reports:board",
    "sanctions:inactivity",
    "sanctions:list",
    "sanctions:proposals",
    "sanctions:public",
    "supervision:dashboard",
    "supervision:inbox",
}
"""URL names of the list pages that must export; a new list page joins this set."""


def _pages(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _pages(entry.url_patterns, inner or "")
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def exporting_pages() -> dict[str, Any]:
    return {
        name: callback.list_export
        for name, callback in _pages(get_resolver().url_patterns)
        if getattr(callback, "list_export", None) is not None and not name.startswith("admin:")
    }


def test_every_list_page_carries_the_export_mark():
    assert LIST_PAGES - set(exporting_pages()) == set()


@pytest.fixture
def region_admin(client):
    user = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN, Role.MANAGER], is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(exporting_pages()) or ["(none yet)"])
def test_a_list_downloads_as_excel_and_pdf(region_admin, name):
    if name == "(none yet)":
        pytest.fail("no list page carries the export mark")
    url = reverse(name)
    title = str(exporting_pages()[name].title)

    excel = region_admin.get(url, {"export": "xlsx"})
    pdf = region_admin.get(url, {"export": "pdf"})
    wrong = region_admin.get(url, {"export": "doc"})

    assert excel.status_code == 200, (name, excel.status_code)
    assert excel["Content-Type"] == XLSX_TYPE
    assert pdf.status_code == 200, (name, pdf.status_code)
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF-")
    assert title and title in _filename(pdf)
    assert wrong.status_code == 400
    assert "导出格式" in wrong.content.decode()


def _filename(response: Any) -> str:
    from urllib.parse import unquote

    return unquote(response["Content-Disposition"].split("''", 1)[-1])
