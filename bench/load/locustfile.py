"""Load test (R-X-5): public verification, regulators' dashboards and lists, institution clerks' work,
exam-day session rosters and candidates' answer saves, mixed as on a working day. `make load` prepares
var/load/fixture.json and var/load/exam_fixture.json, starts gunicorn on loopback and runs this headless for
LOAD_MINUTES.

Weights: the public's look-ups dominate (QR scans by employers), regulators read dashboards and
lists, clerks page through their plans, registrations and certificates, and on exam days the
sessions' rosters are read at every check-in desk while the candidates of a computer-based session save
an answer every few seconds (`bench/itembank_load`'s candidate: one save at a time with its sequence number,
now and then an older save replayed out of order, which the server must answer as a duplicate or stale).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from locust import HttpUser, between, task

from bench.itembank_load import locustfile as exam_day

FIXTURE = json.loads(Path("var/load/fixture.json").read_text())
CERTS = FIXTURE["certificates"]


class Public(HttpUser):
    """Someone checking a certificate by number and name (70% real numbers)."""

    weight = 6
    wait_time = between(0.5, 2)

    @task
    def verify(self) -> None:
        number, name = random.choice(CERTS)
        if random.random() >= 0.7:
            number = number[:16] + "999999"
        with self.client.get(
            "/api/v1/public/certificates/verify",
            params={"number": number, "name": name},
            name="public: verify",
            catch_response=True,
        ) as response:
            if response.status_code in (200, 404):
                response.success()  # type: ignore[attr-defined]


class _Office(HttpUser):
    abstract = True
    who = ""

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {FIXTURE['tokens'][self.who]}"


class Regulator(_Office):
    """The region centre and a league bureau: dashboards, certificate and plan lists, alerts."""

    weight = 2
    wait_time = between(1, 4)
    who = "region"

    def on_start(self) -> None:
        self.who = random.choice(["region", "league"])
        super().on_start()

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/api/v1/supervision/dashboard/", name=f"{self.who}: dashboard")

    @task(2)
    def certificates(self) -> None:
        self.client.get("/api/v1/certificates/", name=f"{self.who}: certificate list")

    @task(2)
    def plans(self) -> None:
        self.client.get("/api/v1/exams/plans/", name=f"{self.who}: plan list")

    @task(1)
    def alerts(self) -> None:
        self.client.get("/api/v1/supervision/alerts/", name=f"{self.who}: alerts")


class InstitutionClerk(_Office):
    """An institution's clerk: own plans, registrations of a plan, own certificates."""

    weight = 2
    wait_time = between(1, 4)
    who = "institution"

    @task(2)
    def plans(self) -> None:
        self.client.get("/api/v1/exams/plans/", name="institution: plan list")

    @task(2)
    def registrations(self) -> None:
        self.client.get(
            "/api/v1/exams/registrations/", params={"plan": FIXTURE["plan"]}, name="institution: registrations"
        )

    @task(1)
    def certificates(self) -> None:
        self.client.get("/api/v1/certificates/", name="institution: certificate list")

    @task(2)
    def exam_day_sessions(self) -> None:
        self.client.get("/api/v1/exams/sessions/", name="exam day: sessions and rosters")


class ExamCandidate(exam_day.Candidate):
    """A candidate at a computer during a theory session (the exam-day load test's candidate)."""

    weight = 2
