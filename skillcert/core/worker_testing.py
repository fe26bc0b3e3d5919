"""A real background worker for crash tests: `manage.py run_huey` in its own process group, against the
test database, that a test can SIGKILL mid-job (R-X-4).

The worker reads the queue this test process writes to: Redis when REDIS_URL is set (a queue name of
its own, so parallel test processes do not take each other's jobs), else the embedded SQLite queue in a
temporary folder. Files go to a shared temporary media folder instead of the in-memory test storage,
since the worker is another process. The test database must be one another process can open, so this
runs on PostgreSQL only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY

HEARTBEAT_SECONDS = 0.5
"""The worker's heartbeat in these tests; the test process counts a job stale after STALE_SECONDS."""
STALE_SECONDS = 3.0


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Worker:
    """One `run_huey` process; `start` again after `kill` brings up a fresh one on the same queue."""

    def __init__(self, folder: Path, queue: str) -> None:
        self.folder = folder
        self.queue = queue
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        assert self.process is None, "a worker is already running"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _database_url(),
            "SKILLCERT_VAR_DIR": str(self.folder),
            "SKILLCERT_QUEUE_NAME": self.queue,
            "SKILLCERT_JOB_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
            "SKILLCERT_JOB_STALE_SECONDS": str(STALE_SECONDS),
        }
        self.starts += 1
        log = open(self.folder / f"worker-{self.starts}.log", "wb")  # noqa: SIM115 - the child writes it
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [sys.executable, "manage.py", "run_huey", "-w", "1", "-k", "thread", "-n", "-d", "0.1", "-m", "0.5"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def kill(self) -> None:
        """SIGKILL the worker and everything in its process group: no except, no finally, no commit."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def log_tail(self) -> str:
        logs = sorted(self.folder.glob("worker-*.log"))
        return "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:] for p in logs)

    def wait_for(self, what: str, check: Callable[[], Any], timeout: float) -> Any:
        """Poll `check` until it returns something true; fail naming `what` and showing the worker's log."""
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if self.process is not None and self.process.poll() is not None:
                pytest.fail(f"the worker exited ({self.process.returncode}) before {what}\n{self.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {timeout:.0f} s\n{self.log_tail()}")
            time.sleep(0.05)


@pytest.fixture
def live_worker(transactional_db: None, tmp_path: Path, settings: Any) -> Iterator[Worker]:
    """A worker process on this test's database and a queue of its own; killed at the end whatever happens."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "kill test: the worker is another process and needs the test database on a server "
            "(DATABASE_URL=postgres://...); CI runs it on PostgreSQL"
        )
    queue = f"skillcert-kill-{uuid.uuid4().hex[:12]}"
    media = tmp_path / "media"
    media.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}},
    }
    settings.SKILLCERT_JOB_STALE_SECONDS = STALE_SECONDS
    saved = (HUEY.name, dict(HUEY.storage_kwargs))
    HUEY.name = queue
    if "filename" in HUEY.storage_kwargs:
        HUEY.storage_kwargs["filename"] = str(tmp_path / "huey.sqlite3")
    HUEY.immediate = False  # from here the app's tasks go to the queue the worker reads
    worker = Worker(tmp_path, queue)
    try:
        yield worker
    finally:
        worker.kill()
        HUEY.storage.flush_all()
        HUEY.name, HUEY.storage_kwargs = saved
        HUEY.immediate = True
