"""Exam-day load (R-BANK-4): every simulated candidate saves an answer every few seconds, as the exam
page does — one save at a time, each with the next sequence number — and now and then replays an
older save out of order, as a page resending its queue after a lost response would. Every save and
its outcome go into the candidate's log, written to var/load/exam_client_log.json when the run ends,
so `run.py` can compare the server's final answers with what every client was told.

Bounded: at most LOAD_EXAM_MAX_SAVES saves per candidate, and the run's time limit (-t).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser

FIXTURE = json.loads(Path("var/load/exam_fixture.json").read_text())
CANDIDATES = FIXTURE["candidates"]
MAX_SAVES = int(os.environ.get("LOAD_EXAM_MAX_SAVES", "200"))
REPLAY_SHARE = 0.1
LOGS: dict[int, dict[str, list[Any]]] = {}
_next = itertools.count()


class Candidate(HttpUser):
    """One candidate at one computer."""

    wait_time = between(2, 4)

    def on_start(self) -> None:
        index = next(_next)
        if index >= len(CANDIDATES):
            raise StopUser()
        self.me = CANDIDATES[index]
        self.url = f"/api/v1/public/itembank/sittings/{self.me['sitting']}/answers/"
        self.headers = {"X-Sitting-Token": self.me["token"]}
        self.seq = 0
        self.log = LOGS.setdefault(self.me["sitting"], {"saves": [], "replays": []})
        self.keys = list(self.me["items"])

    @task
    def save(self) -> None:
        if len(self.log["saves"]) >= MAX_SAVES:
            raise StopUser()
        key = random.choice(self.keys)
        response = [random.choice(self.me["items"][key])]
        self.seq += 1
        # Logged before it is sent, as the exam page queues a save before sending it: a request still in
        # flight when the run stops (its greenlet killed before any answer) stays in the log with status 0,
        # so the server's copy of it is recognised rather than counted as an answer no client sent.
        entry = [key, self.seq, response, 0]
        self.log["saves"].append(entry)
        with self.client.post(
            self.url,
            json={"key": key, "response": response, "seq": self.seq},
            headers=self.headers,
            name="save answer",
            catch_response=True,
        ) as r:
            entry[3] = r.status_code
            if r.status_code != 200:
                r.failure(f"{r.status_code} {r.text[:80]}")  # type: ignore[attr-defined]
        acked = [s for s in self.log["saves"][:-1] if s[3] == 200]
        if acked and random.random() < REPLAY_SHARE:
            old_key, old_seq, old_response, _ = random.choice(acked)
            replay = [old_key, old_seq, "0"]
            self.log["replays"].append(replay)
            with self.client.post(
                self.url,
                json={"key": old_key, "response": old_response, "seq": old_seq},
                headers=self.headers,
                name="replayed save (out of order)",
                catch_response=True,
            ) as r:
                body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
                outcome = body.get("status") or body.get("code") or str(r.status_code)
                replay[2] = outcome
                if outcome in ("duplicate", "stale_sequence"):
                    r.success()  # type: ignore[attr-defined]
                else:
                    r.failure(f"replay answered {outcome}")  # type: ignore[attr-defined]


@events.quitting.add_listener
def _write_logs(environment: Any, **_kw: Any) -> None:
    Path("var/load/exam_client_log.json").write_text(json.dumps(LOGS))
