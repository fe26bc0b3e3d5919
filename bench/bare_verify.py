"""The baseline for public verification: a bare WSGI app doing the same indexed look-up with psycopg.

No framework, no middleware, no rate limit: one prepared query on the public row by number and
a JSON answer. `gunicorn bench.bare_verify:app` with DATABASE_URL set.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

import psycopg

SQL = (
    "SELECT number, name_key, masked_name, id_type, masked_id_number, occupation_code, occupation_name,"
    " work_type, level, institution_name, issued_on, status, status_reason"
    " FROM certificates_publiccertificate WHERE number = %s"
)
_conn: psycopg.Connection[Any] | None = None


def _connection() -> psycopg.Connection[Any]:
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _conn


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    number = parse_qs(environ.get("QUERY_STRING", "")).get("number", [""])[0].upper()
    row = _connection().execute(SQL, [number], prepare=True).fetchone()
    if row is None:
        status, body = "404 Not Found", {"detail": "未查询到"}
    else:
        status = "200 OK"
        body = dict(
            zip(
                (
                    "number",
                    "name_key",
                    "name",
                    "id_type",
                    "id_number",
                    "occupation_code",
                    "occupation",
                    "work_type",
                    "level",
                    "institution",
                    "issued_on",
                    "status",
                    "status_reason",
                ),
                row,
                strict=True,
            )
        )
        body["issued_on"] = str(body["issued_on"])
        del body["name_key"]
    data = json.dumps(body, ensure_ascii=False).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
