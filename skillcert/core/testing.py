"""Test helpers every app shares: the permission-matrix base every API test uses (R-ORG-2, STYLE
"Tests"), and `download` which reads a list page's Excel and PDF exports back (R-REP-2).

For one endpoint, a test names the four personas — anonymous, a user of another
organisation, a user of the right organisation with the wrong role, a user with the right
role — and the status each must get. Forbidden objects must answer like missing ones, so
"other org" expects 404 on detail endpoints and an empty list on list endpoints.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

PERSONAS = ("anonymous", "other_org", "wrong_role", "right_role")


@dataclass
class Case:
    """One request and what each persona must see."""

    method: str
    url: str
    expected: dict[str, int]
    data: dict[str, Any] | None = None
    check: dict[str, Callable[[Any], None]] = field(default_factory=dict)
    """Optional per-persona assertion on the response (e.g. "the list is empty")."""


class PermissionMatrix:
    """Subclass, provide `personas()` (persona → user or None) and `cases()`, then call `run()`."""

    def personas(self) -> dict[str, Any]:
        raise NotImplementedError

    def cases(self) -> list[Case]:
        raise NotImplementedError

    def run(self) -> None:
        users = self.personas()
        missing = set(PERSONAS) - set(users)
        assert not missing, f"permission matrix lacks personas: {sorted(missing)}"
        failures: list[str] = []
        for case in self.cases():
            assert set(case.expected) == set(PERSONAS), f"{case.method} {case.url}: expected must name all personas"
            for persona in PERSONAS:
                client = APIClient()
                user = users[persona]
                if user is not None:
                    client.force_authenticate(user)
                response = getattr(client, case.method.lower())(case.url, case.data, format="json")
                want = case.expected[persona]
                if response.status_code != want:
                    failures.append(f"{persona}: {case.method} {case.url} → {response.status_code}, expected {want}")
                    continue
                if persona in case.check:
                    case.check[persona](response)
        assert not failures, "permission matrix failures:\n" + "\n".join(failures)


def empty_list(response: Any) -> None:
    data = response.json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    assert rows == [], f"expected an empty list, got {rows!r}"


def non_empty_list(response: Any) -> None:
    data = response.json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    assert rows, "expected a non-empty list"


@dataclass
class RaceOutcome:
    """What happened when the same call ran at once in several threads."""

    done: list[Any]
    refused: list[str]
    crashed: list[BaseException]


def race(calls: list[Callable[[], Any]]) -> RaceOutcome:
    """Run the calls at the same instant, each in its own thread and database connection (PostgreSQL tests).

    A `DomainError` counts as a refusal (its message is kept); anything else as a crash.
    """
    import threading

    from django.db import connections

    from skillcert.core.errors import DomainError

    barrier = threading.Barrier(len(calls))
    outcome = RaceOutcome([], [], [])
    guard = threading.Lock()

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            result = call()
            with guard:
                outcome.done.append(result)
        except DomainError as exc:
            with guard:
                outcome.refused.append(exc.message)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            with guard:
                outcome.crashed.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome


# What data migrations create and a transactional test's flush empties: the migration module,
# its loader function, and a model + lookup showing the data is present.
REFERENCE_DATA: list[tuple[str, str, str, dict[str, Any]]] = [
    ("skillcert.core.migrations.0003_policy_sources", "seed_sources", "core.PolicySource", {"code": "nmg-2021-193"}),
    (
        "skillcert.accounts.migrations.0002_region_and_authorities",
        "create",
        "accounts.Organisation",
        {"code": "region_dept"},
    ),
    (
        "skillcert.catalog.migrations.0002_load_catalog_2022",
        "load",
        "catalog.Occupation",
        {"edition": 2022, "code": "6-18-02-04"},
    ),
    (
        "skillcert.institutions.migrations.0002_commitment_template",
        "create_template",
        "institutions.CommitmentText",
        {},
    ),
]


# The reference rows as the migrations left them, per model, read on this test process's first database test
# (before any transactional test can have flushed them). Restoring them is one bulk insert per table, where
# re-running the catalogue loader (validated, row by row) costs seconds to tens of seconds.
_reference_snapshot: list[tuple[Any, list[dict[str, Any]]]] | None = None


def _reference_present() -> bool:
    from django.apps import apps

    return all(
        apps.get_model(label).objects.filter(**lookup).exists()
        for module, _loader, label, lookup in REFERENCE_DATA
        if apps.is_installed(module.rsplit(".migrations.", 1)[0])
    )


def _take_reference_snapshot() -> list[tuple[Any, list[dict[str, Any]]]]:
    """Every row of the platform's own tables in a freshly migrated database: the data migrations' output."""
    from django.apps import apps

    snapshot = []
    for model in apps.get_models(include_auto_created=True):
        if not model.__module__.startswith("skillcert.") or not model._meta.managed or model._meta.proxy:
            continue
        rows = list(model._default_manager.values())
        if rows:
            snapshot.append((model, rows))
    return snapshot


def ensure_reference_data() -> None:
    """Re-create the data migrations' reference data when an earlier transactional test on the
    same worker flushed it (its teardown empties every table). Idempotent.

    The first call on a test process, before any flush, keeps the migrated rows; later restores insert those
    rows again (foreign keys are checked at commit, so table order does not matter). Without a snapshot (a
    transactional test ran first) the data migrations' loaders run."""
    import importlib

    from django.apps import apps
    from django.db import transaction

    global _reference_snapshot
    if _reference_present():
        if _reference_snapshot is None:
            _reference_snapshot = _take_reference_snapshot()
        return
    if _reference_snapshot is not None:
        with transaction.atomic():
            for model, rows in _reference_snapshot:
                model._default_manager.bulk_create([model(**row) for row in rows], batch_size=500)
        return
    for module, loader, label, lookup in REFERENCE_DATA:
        if not apps.is_installed(module.rsplit(".migrations.", 1)[0]):
            continue
        if not apps.get_model(label).objects.filter(**lookup).exists():
            getattr(importlib.import_module(module), loader)(apps, None)


def redis_url_or_skip() -> str:
    """The Redis of REDIS_URL (or the machine's db 15), pinged; skipped when absent, except in CI."""
    import os

    import pytest
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {url}; CI runs this against the machine's Redis")
    return url


# --- list exports read back (R-REP-2) ------------------------------------------------------------


@dataclass(frozen=True)
class Downloads:
    """A list page's two exports, read back: the sheet's rows and the PDF's text."""

    rows: list[list[object]]
    pdf_text: str

    def contains(self, text: str) -> bool:
        in_sheet = any(text in str(v) for row in self.rows for v in row if v is not None)
        return in_sheet and text in self.pdf_text.replace("\n", "")


def _body(response: object) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined,no-any-return]


def download(client: Client, url: str) -> Downloads:
    """Both exports of `url` (`?export=xlsx` and `?export=pdf`); each must be a 200 download of the right type."""
    joiner = "&" if "?" in url else "?"
    xlsx = client.get(f"{url}{joiner}export=xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"], (url, xlsx.status_code)
    pdf = client.get(f"{url}{joiner}export=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", (url, pdf.status_code)
    sheet = load_workbook(io.BytesIO(_body(xlsx))).active
    assert sheet is not None, url
    rows: list[list[object]] = [list(r) for r in sheet.iter_rows(values_only=True)]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(_body(pdf))).pages)
    return Downloads(rows, text)


def query_count(client: Client, url: str) -> int:
    """The number of SQL queries one GET of `url` costs; the page must answer 200 (STYLE "Tests": query guards)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@functools.cache
def _committed_schema() -> Any:
    import schemathesis

    return schemathesis.openapi.from_path(str(settings.BASE_DIR / "openapi.yaml"))


def assert_documented(response: Any, path: str, method: str = "get") -> None:
    """The answer is one the committed `openapi.yaml` documents for the operation at `path` (R-X-5).

    Its status code must be documented, and its body must match the schema documented for that code:
    the same judgement as the fuzzer's response_schema_conformance check (`.ci/fuzz`), on an answer a
    test arranged (the fuzzer seldom reaches a real record or a valid upload).
    """
    import requests
    from schemathesis.core.transport import Response as Answer

    operation = _committed_schema()[path][method.upper()]
    documented = sorted(operation.definition.raw.get("responses", {}))
    assert str(response.status_code) in documented, (response.status_code, documented)
    headers = {name.lower(): [value] for name, value in response.headers.items()}
    content = response.content if not getattr(response, "streaming", False) else b"".join(response.streaming_content)
    answer = Answer(response.status_code, headers, content, requests.PreparedRequest(), elapsed=0.0, verify=True)
    try:
        operation.validate_response(answer)
    except BaseExceptionGroup as failures:  # schemathesis' FailureGroup: one failure per violation
        raise AssertionError("\n".join(str(f) for f in failures.exceptions)) from None
