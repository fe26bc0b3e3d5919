"""`make load`: gunicorn on loopback, locust headless for LOAD_MINUTES, then requests/s, p50/p95/p99 per
kind and errors. Uses DATABASE_URL (generated data) and REDIS_URL (shared cache) from the environment."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.verification_http import _serve, production_env

    minutes = float(os.environ.get("LOAD_MINUTES", "10"))
    users = os.environ.get("LOAD_USERS", "40")
    workers = os.environ.get("SKILLCERT_BENCH_WORKERS", "2")
    port = 8613
    subprocess.run([sys.executable, "-m", "bench.load.prepare"], check=True)
    # Exam day: one computer-based session whose candidates save answers through the run (LOAD_EXAM_USERS).
    os.environ.setdefault("LOAD_EXAM_USERS", "60")
    subprocess.run([sys.executable, "-m", "bench.itembank_load.prepare"], check=True)
    env = {**os.environ, **production_env()}
    os.environ["SKILLCERT_BENCH_WORKERS"] = workers
    server = _serve("config.wsgi:application", port, env)
    prefix = "var/load/report"
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                "bench/load/locustfile.py",
                "--headless",
                "-u",
                users,
                "-r",
                "5",
                "-t",
                f"{int(minutes * 60)}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            check=False,
        )
    finally:
        server.terminate()
        server.wait()
    with Path(f"{prefix}_stats.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    print(f"\nload test: {minutes:g} min, {users} users, gunicorn {workers} workers, {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"{'kind':<36} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}")
    for r in rows:
        print(
            f"{r['Name']:<36} {r['Request Count']:>9} {float(r['Requests/s']):7.1f} {r['50%']:>7} {r['95%']:>7}"
            f" {r['99%']:>7} {r['Failure Count']:>7}"
        )
    failures = sum(int(r["Failure Count"]) for r in rows if r["Name"] == "Aggregated")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
