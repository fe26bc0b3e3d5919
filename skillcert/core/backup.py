"""Backup and restore of the database and the stored files, with a check after the restore (issue #17, R-X-1).

A backup is a folder: ``database.sqlite3`` (SQLite's online backup API) or ``database.dump`` (``pg_dump
--format=custom``), ``files.tar`` (everything under ``MEDIA_ROOT``) and ``manifest.json`` (engine, time and
the SHA-256 of each part). A restore refuses a folder whose parts do not match the manifest, puts the
database and the files back, and verifies the audit hash chain before it reports success.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from skillcert.core.audit import VerifyResult, verify_chain

MANIFEST = "manifest.json"
FILES = "files.tar"


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message says why (Chinese)."""


@dataclass(frozen=True)
class Restored:
    engine: str
    audit: VerifyResult


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db: Any = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(_("找不到 %(tool)s：请安装 PostgreSQL 客户端（Debian：postgresql-client）") % {"tool": name})
    return found


def backup(target: Path) -> Path:
    """Write a backup folder at `target` (created; must be empty)."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(_("备份目录 %(path)s 不是空的") % {"path": target})
    engine = _engine()
    if engine == "sqlite":
        database = target / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)  # a consistent copy while the platform runs
        copy.close()
    else:
        database = target / "database.dump"
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 - fixed arguments from the settings, no shell
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(database), *args], env=env, check=True
        )
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / FILES, "w") as archive:
        if media.exists():
            archive.add(media, arcname=".")
    manifest = {
        "engine": engine,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "parts": {part.name: _sha256(part) for part in (database, target / FILES)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return target


def _checked_parts(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(_("备份目录 %(path)s 缺少可读的 manifest.json") % {"path": source}) from exc
    for name, digest in manifest.get("parts", {}).items():
        part = source / name
        if not part.exists() or _sha256(part) != digest:
            raise BackupError(_("备份文件 %(name)s 缺失或已损坏（摘要不符），未做任何恢复") % {"name": name})
    if manifest.get("engine") != _engine():
        raise BackupError(
            _("备份来自 %(source)s 数据库，当前是 %(current)s")
            % {"source": manifest.get("engine"), "current": _engine()}
        )
    return manifest


def restore(source: Path) -> Restored:
    """Put a backup folder back (database and files), then verify the audit chain."""
    manifest = _checked_parts(source)
    engine = manifest["engine"]
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source / "database.sqlite3") as copy:
            copy.backup(connection.connection)
        copy.close()
    else:
        args, env = _pg_env()
        connection.close()  # pg_restore --clean drops the tables: no open transaction of ours may hold them
        subprocess.run(  # noqa: S603 - fixed arguments from the settings, no shell
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(source / "database.dump"),
            ],
            env=env,
            check=True,
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    media.mkdir(parents=True)
    with tarfile.open(source / FILES) as archive:
        archive.extractall(media, filter="data")
    return Restored(engine=engine, audit=verify_chain())
