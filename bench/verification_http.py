"""Public verification over HTTP against a bare psycopg WSGI app doing the same look-up (R-CERT-4).

Both run under gunicorn with the same worker count on loopback, against the same PostgreSQL
database (DATABASE_URL, which must hold certificates: `manage.py generate_scale_data`), and the
same client drives both: SKILLCERT_BENCH_VERIFY_REQUESTS requests (default 4,000) at concurrency 8,
70% for numbers that exist. The rate limit stays on, at its policy's value, in Redis when REDIS_URL is
set: the platform runs as it does behind its reverse proxy (SKILLCERT_TRUSTED_PROXIES=127.0.0.1) and
each request carries the X-Forwarded-For address of one of many public clients, each of which stays
under the limit, so every look-up is counted and none is refused. Nothing is written to the database,
so a shared read-only scale database can be measured. The client is Python (threads in two
processes), so it takes CPU from the servers on a small machine; the ratio is the figure, absolute
numbers are the machine's.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/11 python -m bench.verification_http [--json]
"""

from __future__ import annotations

import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

WORKERS = int(os.environ.get("SKILLCERT_BENCH_WORKERS", "2"))
CONCURRENCY = 8


PER_CLIENT = 10  # look-ups per public client address, well under the rate limit's default of 30 a minute


def _client(port: int, paths: list[str], first: int) -> list[float]:
    """One keep-alive connection; its k-th request comes from public client address number first + k // PER_CLIENT."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    times = []
    for k, path in enumerate(paths):
        n = first + k // PER_CLIENT
        address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        started = time.perf_counter()
        conn.request("GET", path, headers={"X-Forwarded-For": address})
        response = conn.getresponse()
        response.read()
        if response.status not in (200, 404):
            raise RuntimeError(f"{path}: HTTP {response.status}")
        times.append(time.perf_counter() - started)
    conn.close()
    return times


def _proc(port: int, chunks: list[tuple[list[str], int]]) -> list[float]:
    with ThreadPoolExecutor(len(chunks)) as pool:
        return [t for ts in pool.map(lambda c: _client(port, *c), chunks) for t in ts]


def drive(port: int, paths: list[str], first_client: int = 0) -> tuple[float, float, float]:
    """Requests per second, p50 and p95 in milliseconds; client addresses are numbered from first_client."""
    per_chunk = -(-len(paths) // CONCURRENCY)
    chunks = [(paths[i::CONCURRENCY], first_client + i * per_chunk) for i in range(CONCURRENCY)]
    started = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        times = [t for ts in pool.map(_proc, [port, port], [chunks[0::2], chunks[1::2]]) for t in ts]
    elapsed = time.perf_counter() - started
    q = statistics.quantiles(times, n=100)
    return len(paths) / elapsed, q[49] * 1000, q[94] * 1000


def _serve(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "-w",
        str(WORKERS),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env)
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"{app} did not start")


def production_env() -> dict[str, str]:
    """Production settings (DEBUG off) with this process's keys, so the servers read the same data."""
    from django.conf import settings

    return {
        "DJANGO_DEBUG": "0",
        "SKILLCERT_SECURE": "0",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "SKILLCERT_DATA_KEYS": settings.SKILLCERT_DATA_KEYS,
        "SKILLCERT_BLIND_INDEX_KEY": settings.SKILLCERT_BLIND_INDEX_KEY,
    }


def bench_verification_http() -> list[tuple[str, float, str]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    from skillcert.certificates.models import Certificate

    if connection.vendor != "postgresql" or not Certificate.objects.exists():
        return [("verification over HTTP: skipped (needs PostgreSQL with certificates)", 0.0, "")]
    n = int(os.environ.get("SKILLCERT_BENCH_VERIFY_REQUESTS", "4000"))
    rng = random.Random(16)
    top = Certificate.objects.order_by("-id").values_list("id", flat=True).first() or 1
    ids = [rng.randint(1, top) for _ in range(int(n * 0.7))]
    known = list(Certificate.objects.filter(id__in=ids).values_list("number", "name"))
    unknown = [(number[:16] + "999999", name) for number, name in known[: n - len(known)]]
    pairs = known + unknown
    rng.shuffle(pairs)
    django_paths = [
        "/api/v1/public/certificates/verify?" + urllib.parse.urlencode({"number": a, "name": b}) for a, b in pairs
    ]
    bare_paths = ["/?" + urllib.parse.urlencode({"number": a, "name": b}) for a, b in pairs]
    env = {**os.environ, **production_env(), "SKILLCERT_TRUSTED_PROXIES": "127.0.0.1"}
    results = {}
    for name, app, port, paths in (
        ("bare", "bench.bare_verify:app", 8611, bare_paths),
        ("django", "config.wsgi:application", 8612, django_paths),
    ):
        proc = _serve(app, port, env)
        try:
            # Client addresses start at a random place so a run soon after another starts with fresh counts.
            first = random.SystemRandom().randrange(1 << 22)
            drive(port, paths[: min(500, len(paths))], first_client=first + (1 << 22))  # warm connections and caches
            results[name] = drive(port, paths, first_client=first)
        finally:
            proc.terminate()
            proc.wait()
    (b_rps, b50, b95), (d_rps, d50, d95) = results["bare"], results["django"]
    return [
        (f"verification: bare psycopg app, {b_rps:.0f} req/s, p50 {b50:.1f} ms, p95 {b95:.1f} ms", b_rps, "req/s"),
        (f"verification: platform, {d_rps:.0f} req/s, p50 {d50:.1f} ms, p95 {d95:.1f} ms", d_rps, "req/s"),
        (f"verification: platform / bare ({WORKERS} gunicorn workers each)", d_rps / b_rps, "goal ≥ 0.5"),
    ]


if __name__ == "__main__":
    rows = bench_verification_http()
    if "--json" in sys.argv[1:]:  # for bench.pages, which runs this against the database it names
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for label, value, goal in rows:
            print(f"{label:<80} {value:10.2f}  {goal}")
