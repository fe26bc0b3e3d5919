"""`make load-exam`: the exam-day load test of the computer-based exam (R-BANK-4), on loopback.

Prepares a session of LOAD_EXAM_USERS candidates (default 500) in DATABASE_URL (PostgreSQL
recommended: a fresh database, it is migrated first), serves the platform with gunicorn on
127.0.0.1 (production settings, SKILLCERT_BENCH_WORKERS workers × 8 threads), runs locust headless
for LOAD_EXAM_SECONDS (default 300) with at most LOAD_EXAM_MAX_SAVES saves per candidate, then
prints the p50/p95 save latency and compares the server's final answer to every item with every
client's log: an answer is lost when the server holds an older sequence than the client last had
acknowledged, reordered when the server's answer is not the one the client sent with that sequence,
or when an out-of-order replay was taken. Exit status 1 unless both are 0 and no save failed.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PORT = 8614


def compare(
    logs: dict[str, dict[str, list[Any]]], server: dict[tuple[int, str], tuple[int, list[str]]]
) -> dict[str, int]:
    """Lost and reordered answers: the server's final (sequence, answer) per item against each client's log."""
    lost = reordered = checked = cut = refused = 0
    for sitting, log in logs.items():
        sent: dict[tuple[str, int], list[str]] = {}
        acked: dict[str, int] = {}
        for key, seq, response, status in log["saves"]:
            sent[(key, seq)] = response
            if status == 200:
                acked[key] = max(acked.get(key, 0), seq)
        for key, seq in acked.items():
            checked += 1
            have = server.get((int(sitting), key))
            if have is None or have[0] < seq:
                lost += 1
            elif sent.get((key, have[0])) != have[1]:
                reordered += 1
        # A replay the server took as new ("saved") put an older answer over a newer one. A replay cut off
        # without an answer (status 0 when the run stops) proves nothing by itself: the final state check covers it.
        reordered += sum(1 for _key, _seq, outcome in log["replays"] if outcome == "saved")
        cut += sum(1 for s in log["saves"] if s[3] == 0) + sum(1 for r in log["replays"] if r[2] == "0")
        refused += sum(1 for s in log["saves"] if s[3] not in (0, 200))
    return {"items_checked": checked, "lost": lost, "reordered": reordered, "cut": cut, "refused": refused}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    users = os.environ.setdefault("LOAD_EXAM_USERS", "500")
    seconds = int(os.environ.get("LOAD_EXAM_SECONDS", "300"))
    workers = os.environ.get("SKILLCERT_BENCH_WORKERS", "2")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], check=True)
    subprocess.run([sys.executable, "-m", "bench.itembank_load.prepare"], check=True)
    import django

    django.setup()
    from django.db import connection

    from bench.verification_http import _serve, production_env
    from skillcert.itembank.models import Answer

    # Threads per worker: a candidate's save waits on the database more than on the CPU.
    env = {**os.environ, **production_env(), "GUNICORN_CMD_ARGS": "-k gthread --threads 8"}
    server = _serve("config.wsgi:application", PORT, env)
    prefix = "var/load/exam"
    Path("var/load/exam_client_log.json").unlink(missing_ok=True)
    started = time.time()
    try:
        locust = [sys.executable, "-m", "locust", "-f", "bench/itembank_load/locustfile.py", "--headless"]
        limits = ["-u", users, "-r", "50", "-t", f"{seconds}s", "--stop-timeout", "10"]
        output = ["--host", f"http://127.0.0.1:{PORT}", "--csv", prefix, "--only-summary", "--loglevel", "WARNING"]
        subprocess.run(
            [*locust, *limits, *output],
            check=False,
            timeout=seconds + 120,
        )
    finally:
        server.terminate()
        server.wait()
    elapsed = time.time() - started
    logs = json.loads(Path("var/load/exam_client_log.json").read_text())
    final = {
        (row["sitting_id"], row["key"]): (row["seq"], row["response"])
        for row in Answer.objects.filter(sitting_id__in=[int(s) for s in logs]).values(
            "sitting_id", "key", "seq", "response"
        )
    }
    result = compare(logs, final)
    with Path(f"{prefix}_stats.csv").open() as fh:
        rows = {r["Name"]: r for r in csv.DictReader(fh)}
    print(
        f"\nexam-day load: {users} candidates, {seconds} s ({elapsed:.0f} s with start-up), gunicorn {workers}×8 "
        f"threads, {connection.vendor}, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    print(f"{'request':<30} {'count':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'failed':>7}")
    for name in ("save answer", "replayed save (out of order)", "Aggregated"):
        r = rows.get(name)
        if r:
            print(
                f"{name:<30} {r['Request Count']:>7} {float(r['Requests/s']):7.1f} {r['50%']:>7} {r['95%']:>7}"
                f" {r['99%']:>7} {r['Failure Count']:>7}"
            )
    print(
        f"answers compared with the clients' logs: {result['items_checked']} items, "
        f"lost {result['lost']}, reordered {result['reordered']}; saves refused {result['refused']}, "
        f"requests cut without an answer when the run stopped {result['cut']} (locust's status 0)"
    )
    return 0 if result["lost"] == 0 and result["reordered"] == 0 and result["refused"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
