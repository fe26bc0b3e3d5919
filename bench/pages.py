"""Page times at demo size and at region scale, per role (issue #16, R-X-5), and public verification.

`make bench` runs this first; `python -m bench.pages` runs it alone. Two databases:
- the demo: migrate + seed_demo into a throw-away database: a SQLite file beside the bench's own,
  or on PostgreSQL SKILLCERT_BENCH_DEMO_DATABASE_URL (default: DATABASE_URL's database name + "demo",
  dropped and re-created by each run);
- the scale database: SKILLCERT_BENCH_SCALE_DATABASE_URL, an existing database holding seed_demo and
  generate_scale_data output (the 1,000,000-certificate one takes half an hour to build), only read;
  without it, a copy of the demo grown by SKILLCERT_BENCH_CERTS_LARGE certificates with the scale
  generator (bench.supervision.grow, which reports its rows per second), dropped at the end.

Each database is read by its own process (`python -m bench.pages serve`, DATABASE_URL set) with the
production settings the verification servers use (DEBUG off), through Django's test client, by three
signed-in users of the demo: the region admin, the bureau of the league the generator makes an outlier,
and an institution clerk. Per page and user: one warm-up request on each side, then
SKILLCERT_BENCH_PAGE_RUNS requests (default 5; 3 for a page slower than 2 s) alternating between the
two processes, so a change in the machine's load falls on both; the figure is each side's best.
Nothing is kept in either database: each process reads inside one transaction that it rolls back at
the end (signing in writes a session row there, and last_login is not recorded), and every write a
page attempts is counted and printed.

Public verification (bench.verification_http, gunicorn against a bare psycopg app) then runs against
the scale database, or the demo's when none is named; it needs PostgreSQL.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
GOAL = 2.0
SLOW_SECONDS = 2.0

# Demo accounts (seed_demo) present in both databases: the scale data adds institutions, not users.
USERS = {"region": "region_admin", "league": "bureau_150200", "institution": "inst_150100_clerk"}
# (label, URL name); "registrations" opens the plan with the most registrations the user can see.
PAGES = (
    ("workbench", "portal:dashboard"),
    ("certificate list", "certificates:list"),
    ("plan list", "exams:plan_list"),
    ("registrations", "exams:registrations"),
    ("people list", "personnel:people"),
    ("supervision dashboard", "supervision:dashboard"),
    ("alerts list", "supervision:inbox"),
    ("API certificate list", "certificates-certificate-list"),
    ("API plan list", "exams-plan-list"),
)


@dataclass
class PageTime:
    page: str
    role: str
    path: str
    demo_status: int
    scale_status: int
    demo: float = 0.0  # best seconds
    scale: float = 0.0
    runs: int = 0

    @property
    def measured(self) -> bool:
        return self.demo_status == 200 and self.scale_status == 200

    @property
    def ratio(self) -> float:
        return self.scale / self.demo if self.measured and self.demo else 0.0


# --- the process reading one database -------------------------------------------------------------


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)', re.IGNORECASE)


class Reader:
    """Answers page requests against this process's database, signed in as the demo users."""

    def __init__(self) -> None:
        self.clients: dict[str, Any] = {}
        self.users: dict[str, Any] = {}
        self.plans: dict[str, str | None] = {}
        self.paths: dict[tuple[str, str], str | None] = {}
        self.writes: Counter[str] = Counter()

    def watch(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        match = _WRITE.match(sql)
        if match:
            self.writes[match.group(1)] += 1
        return execute(sql, params, many, context)

    def setup(self, users: dict[str, str], plans: dict[str, str | None] | None) -> dict[str, Any]:
        from django.db import connection
        from django.db.models import Count
        from django.test import Client

        from skillcert.accounts.models import User
        from skillcert.certificates.models import Certificate
        from skillcert.exams.models import Registration
        from skillcert.exams.selectors.plans import plans_visible_to

        found = {}
        for role, username in users.items():
            user = User.objects.filter(username=username).first()
            found[role] = user is not None
            if user is None:
                continue
            client = Client()
            client.force_login(user)
            self.clients[role], self.users[role] = client, user
            if plans is None:
                busiest = (
                    Registration.objects.filter(plan__in=plans_visible_to(user).values("pk"))
                    .values("plan__number")
                    .annotate(n=Count("id"))
                    .order_by("-n", "plan__number")
                    .first()
                )
                self.plans[role] = busiest["plan__number"] if busiest else None
        if plans is not None:
            self.plans = dict(plans)
        return {
            "users": found,
            "plans": self.plans,
            "certificates": Certificate.objects.count(),
            "vendor": connection.vendor,
        }

    def path(self, role: str, page: str) -> str | None:
        from django.urls import reverse

        from skillcert.exams.models import ExamPlan

        if (role, page) not in self.paths:
            name = dict(PAGES)[page]
            if name == "exams:registrations":
                number = self.plans.get(role)
                plan = ExamPlan.objects.filter(number=number).values_list("pk", flat=True).first() if number else None
                self.paths[role, page] = reverse(name, args=[plan]) if plan else None
            else:
                self.paths[role, page] = reverse(name)
        return self.paths[role, page]

    def get(self, role: str, page: str) -> dict[str, Any]:
        from django.db import transaction

        path = self.path(role, page)
        client = self.clients.get(role)
        if path is None or client is None:
            return {"status": 0, "seconds": 0.0, "path": path or ""}
        headers = {"HTTP_ACCEPT": "application/json"} if path.startswith("/api/") else {}
        with transaction.atomic():  # a savepoint: a page that fails leaves the reading transaction usable
            started = time.perf_counter()
            response = client.get(path, **headers)
            seconds = time.perf_counter() - started
        return {"status": response.status_code, "seconds": seconds, "path": path}


def serve() -> None:
    """`python -m bench.pages serve`: JSON requests on stdin, one JSON answer per line on stdout."""
    answers: IO[str] = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever the platform prints goes to stderr, never into the answers
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.signals import user_logged_in
    from django.db import connection, transaction

    # Signing in must not write to a shared database: no last_login (the session row is rolled back).
    user_logged_in.disconnect(dispatch_uid="update_last_login")

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        # Production's manifest storage needs `collectstatic` first; without it, plain static URLs
        # (the same for both databases, and a dictionary look-up's difference per link).
        plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
        settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": plain}}
    reader = Reader()
    with connection.execute_wrapper(reader.watch), transaction.atomic():
        for line in sys.stdin:
            request = json.loads(line)
            op = request.pop("op")
            try:
                if op == "setup":
                    answer = reader.setup(**request)
                elif op == "get":
                    answer = reader.get(**request)
                else:
                    answer = {"writes": dict(reader.writes)}
            except Exception:  # noqa: BLE001 - reported to the parent, which stops the run
                answer = {"error": traceback.format_exc()}
            answers.write(json.dumps(answer) + "\n")
            if op == "quit":
                break
        transaction.set_rollback(True)


class Side:
    """The parent's handle on one database's reading process."""

    def __init__(self, name: str, url: str, log_dir: Path) -> None:
        from bench.verification_http import production_env

        self.name = name
        self.log = log_dir / f"pages-{name}.log"
        env = {**os.environ, **production_env(), "DATABASE_URL": url}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.pages", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log.open("w"),
            env=env,
            cwd=ROOT,
            text=True,
        )

    def ask(self, op: str, **request: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"op": op, **request}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            tail = self.log.read_text()[-3000:]
            raise RuntimeError(f"the {self.name} database's reader stopped:\n{tail}")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"the {self.name} database's reader: {answer['error']}")
        return answer

    def get(self, role: str, page: str) -> dict[str, Any]:
        return self.ask("get", role=role, page=page)

    def close(self) -> dict[str, int]:
        try:
            writes: dict[str, int] = self.ask("quit")["writes"]
        finally:
            self.proc.wait(timeout=60)
        return writes


@contextmanager
def sides(demo_url: str, scale_url: str, log_dir: Path) -> Iterator[tuple[Side, Side]]:
    demo, scale = Side("demo", demo_url, log_dir), Side("scale", scale_url, log_dir)
    try:
        yield demo, scale
    finally:
        for side in (demo, scale):
            if side.proc.poll() is None:
                side.proc.kill()
                side.proc.wait()


def measure(demo: Any, scale: Any, runs: int) -> list[PageTime]:
    """Every page for every role on both sides, alternating; `demo` and `scale` answer get(role, page)."""
    rows = []
    for page, _name in PAGES:
        for role in USERS:
            d0, s0 = demo.get(role, page), scale.get(role, page)  # warm-up: connections, templates, caches
            row = PageTime(page, role, d0["path"] or s0["path"], d0["status"], s0["status"])
            if row.measured:
                n = min(runs, 3) if max(d0["seconds"], s0["seconds"]) > SLOW_SECONDS else runs
                d_times, s_times = [], []
                for _ in range(n):
                    d_times.append(demo.get(role, page)["seconds"])
                    s_times.append(scale.get(role, page)["seconds"])
                row.demo, row.scale, row.runs = min(d_times), min(s_times), n
            rows.append(row)
    return rows


def table(rows: list[PageTime], demo_certs: int, scale_certs: int) -> list[str]:
    """The printed table: one line per page and role, the goal's mark on each measured line."""
    width = max(len(r.page) for r in rows)
    pwidth = max(len(r.path) for r in rows)
    lines = [
        f"pages: demo ({demo_certs:,} certificates) against scale ({scale_certs:,} certificates), best ms",
        f"{'page':<{width}}  {'path':<{pwidth}}  {'role':<11}  {'demo ms':>9}  {'scale ms':>9}  {'ratio':>7}  "
        f"goal ≤ {GOAL}",
    ]
    for r in rows:
        head = f"{r.page:<{width}}  {r.path:<{pwidth}}  {r.role:<11}"
        if not r.measured:
            status = "no such page" if r.demo_status == 0 else f"HTTP {r.demo_status} / {r.scale_status}"
            lines.append(f"{head}  {'':>9}  {'':>9}  {'':>7}  not measured: {status}")
            continue
        mark = "ok" if r.ratio <= GOAL else "MISSED"
        lines.append(f"{head}  {r.demo * 1000:9.1f}  {r.scale * 1000:9.1f}  {r.ratio:7.2f}  {mark}")
    return lines


# --- databases -------------------------------------------------------------------------------------


def _with_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite:")


def _sqlite_path(url: str) -> Path:
    return Path(urlsplit(url).path)


def _admin(url: str) -> Any:
    import psycopg

    return psycopg.connect(_with_db_name(url, "postgres"), autocommit=True)


def _drop(url: str) -> None:
    if _is_sqlite(url):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{_sqlite_path(url)}{suffix}").unlink(missing_ok=True)
        return
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{_db_name(url)}" WITH (FORCE)')


def _copy(source: str, target: str) -> bool:
    """A copy of the source database (SQLite file or PostgreSQL template); False when not on one server."""
    if _is_sqlite(source) and _is_sqlite(target):
        _drop(target)
        src, dst = sqlite3.connect(_sqlite_path(source)), sqlite3.connect(_sqlite_path(target))
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        return True
    if _is_sqlite(source) or _is_sqlite(target) or urlsplit(source).netloc != urlsplit(target).netloc:
        _drop(target)
        return False
    _drop(target)
    with _admin(target) as admin:
        admin.execute(f'CREATE DATABASE "{_db_name(target)}" TEMPLATE "{_db_name(source)}"')
    return True


def _run(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} on {url}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def demo_url(main_url: str, scale_url: str) -> str:
    """Where the demo is built: on the scale database's kind of server, so both sides run the same engine."""
    if explicit := os.environ.get("SKILLCERT_BENCH_DEMO_DATABASE_URL"):
        return explicit
    if _is_sqlite(main_url):
        if scale_url and not _is_sqlite(scale_url):
            return _with_db_name(scale_url, "skillcert_bench_demo")
        return f"sqlite:///{_sqlite_path(main_url).with_name('demo.sqlite3')}"
    return _with_db_name(main_url, _db_name(main_url) + "demo")


def build_demo(main_url: str, url: str) -> float:
    """migrate + seed_demo into a fresh database (a copy of the bench's freshly migrated one when possible)."""
    from django.db import connections

    started = time.perf_counter()
    connections.close_all()  # a PostgreSQL template must have no other sessions
    _copy(main_url, url)
    _run(url, "manage.py", "migrate", "--noinput", "--verbosity", "0")
    _run(url, "manage.py", "seed_demo")
    return time.perf_counter() - started


def build_scale(demo: str, certificates: int) -> tuple[str, int, float]:
    """A copy of the demo grown by the scale generator: its URL, rows written and the generator's seconds."""
    if _is_sqlite(demo):
        url = f"sqlite:///{_sqlite_path(demo).with_name('scale.sqlite3')}"
    else:
        url = _with_db_name(demo, _db_name(demo) + "scale")
    if not _copy(demo, url):
        raise RuntimeError("the demo database cannot be copied")
    answer = json.loads(_run(url, "-m", "bench.pages", "grow", str(certificates)).strip().splitlines()[-1])
    return url, int(answer["rows"]), float(answer["seconds"])


def grow_here(certificates: int) -> None:
    """`python -m bench.pages grow N`: the generator on DATABASE_URL, then the dashboards' rollups."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.supervision import grow
    from skillcert.supervision.services.rollups import rebuild_rollups

    rows, seconds = grow(certificates, seed=2)
    rebuild_rollups()
    print(json.dumps({"rows": rows, "seconds": seconds}))


def verification(url: str) -> list[tuple[str, float, str]]:
    if _is_sqlite(url):
        return [("verification over HTTP: skipped (needs PostgreSQL: set DATABASE_URL or the scale database)", 0.0, "")]
    out = _run(url, "-m", "bench.verification_http", "--json")
    return [tuple(row) for row in json.loads(out.strip().splitlines()[-1])]  # type: ignore[misc]


def bench_pages() -> list[tuple[str, float, str]]:
    """Run first in `make bench`: it copies the bench's freshly migrated database for the demo."""
    from django.db import connection

    from bench.supervision import large_size

    main_url = os.environ["DATABASE_URL"]
    logs = Path(os.environ.get("SKILLCERT_VAR_DIR", ROOT / "var"))
    large = large_size()
    runs = int(os.environ.get("SKILLCERT_BENCH_PAGE_RUNS", "5"))
    summary: list[tuple[str, float, str]] = []
    scale = os.environ.get("SKILLCERT_BENCH_SCALE_DATABASE_URL", "")
    generated = not scale
    demo = demo_url(main_url, scale)
    connection.close()
    try:
        seconds = build_demo(main_url, demo)
        print(f"pages: demo database built (migrate + seed_demo) in {seconds:.0f} s", flush=True)
        if generated:
            scale, rows, seconds = build_scale(demo, large)
            summary.append(
                (
                    "generate_scale_data: rows per second (the pages' scale database)",
                    rows / seconds,
                    f"{rows:,} rows in {seconds:.0f} s",
                )
            )
            print(f"pages: scale database generated ({rows:,} rows, {rows / seconds:,.0f} rows/s)", flush=True)
        with sides(demo, scale, logs) as (d, s):
            info = d.ask("setup", users=USERS, plans=None)
            scale_info = s.ask("setup", users=USERS, plans=info["plans"])
            missing = [USERS[r] for r, ok in {**info["users"], **scale_info["users"]}.items() if not ok]
            if missing:
                raise RuntimeError(f"demo users missing: {', '.join(sorted(set(missing)))} (run seed_demo first)")
            load = os.getloadavg()
            started = time.perf_counter()
            rows_measured = measure(d, s, runs)
            elapsed = time.perf_counter() - started
            writes = {"demo": d.close(), "scale": s.close()}
        print()
        for line in table(rows_measured, info["certificates"], scale_info["certificates"]):
            print(line)
        after = os.getloadavg()
        print(
            f"({info['vendor']} demo, {scale_info['vendor']} scale, best of {runs} each, {elapsed:.0f} s;"
            f" {os.cpu_count()} CPUs,"
            f" load average {load[0]:.1f} before, {after[0]:.1f} after; writes rolled back:"
            f" {writes['demo'] or 'none'} demo, {writes['scale'] or 'none'} scale)"
        )
        print(flush=True)
        measured = [r for r in rows_measured if r.measured]
        if measured:
            worst = max(measured, key=lambda r: r.ratio)
            label = f"pages at scale / demo: worst ({worst.page}, {worst.role})"
            summary.append((label, worst.ratio, f"goal ≤ {GOAL}"))
            met = sum(r.ratio <= GOAL for r in measured)
            summary.append((f"pages within {GOAL:g}× of the demo: {met} of {len(measured)}", float(met), "all"))
        summary.extend(verification(demo if generated else scale))
    finally:
        if generated and scale:
            _drop(scale)
        if not _is_sqlite(demo):
            _drop(demo)
    return summary


def main() -> int:
    if sys.argv[1:2] == ["serve"]:
        serve()
        return 0
    if sys.argv[1:2] == ["grow"]:
        grow_here(int(sys.argv[2]))
        return 0
    from bench.__main__ import _setup

    _setup()
    for label, value, goal in bench_pages():
        print(f"{label:<80} {value:10.2f}  {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
