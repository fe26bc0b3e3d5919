"""Backup and restore round trip (issue #17, R-X-1): after a restore the data and the stored files are
back, the audit chain verifies and a certificate's offline QR record still verifies; a damaged backup is
refused before anything is touched. The same test runs on PostgreSQL with DATABASE_URL (pg_dump/pg_restore)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from skillcert.core.audit import record_event
from skillcert.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_round_trip_brings_back_data_files_and_a_verifying_chain(tmp_path: Path, settings) -> None:
    from skillcert.certificates import issuer_keys, offline_qr
    from skillcert.certificates.tests.factories import final_plan

    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "kept").mkdir(parents=True)
    (settings.MEDIA_ROOT / "kept" / "scan.pdf").write_bytes(b"%PDF-1.7 stored file")
    certificate = final_plan(1).issue(0)
    payload = offline_qr.payload_for(certificate)
    record_event(actor=None, action="backup.test", after={"n": 1})
    events = AuditEvent.objects.count()

    call_command("backup", str(tmp_path / "b1"))
    record_event(actor=None, action="backup.after", after={"n": 2})  # made after the backup: gone after restore
    (settings.MEDIA_ROOT / "kept" / "scan.pdf").write_bytes(b"changed")
    type(certificate).objects.filter(pk=certificate.pk).update(name="改过的名字")

    call_command("restore", str(tmp_path / "b1"))
    assert AuditEvent.objects.count() == events
    assert (settings.MEDIA_ROOT / "kept" / "scan.pdf").read_bytes() == b"%PDF-1.7 stored file"
    certificate.refresh_from_db()
    assert certificate.name != "改过的名字"
    assert offline_qr.verify(payload, issuer_keys.known_keys()).valid
    call_command("verify_audit")


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path: Path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    call_command("backup", str(tmp_path / "b2"))
    record_event(actor=None, action="backup.kept", after={})
    events = AuditEvent.objects.count()
    (tmp_path / "b2" / "files.tar").write_bytes(b"truncated")
    with pytest.raises(CommandError, match=r"files\.tar 缺失或已损坏"):
        call_command("restore", str(tmp_path / "b2"))
    assert AuditEvent.objects.count() == events
    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup", str(tmp_path / "b2"))
