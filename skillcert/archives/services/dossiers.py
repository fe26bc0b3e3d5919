"""Dossiers: opening, scanned additions, sealing with a manifest in the audit chain (R-ARC-1)."""

from __future__ import annotations

import json
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.archives import volumes
from skillcert.archives.choices import ArchiveEvent, DossierStatus, FilePurpose, RecordMedium, Volume
from skillcert.archives.files import SCAN_TYPES, store_file
from skillcert.archives.models import Dossier, DossierItem, StoredFile
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.scoping import require_row
from skillcert.exams.choices import PlanStatus
from skillcert.exams.models import ExamPlan

ENDED_STATUSES = frozenset({PlanStatus.FINAL, PlanStatus.CANCELLED})
"""A batch has ended once its results are final (or the plan was cancelled)."""


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def batch_end(plan: ExamPlan) -> date:
    """The day the batch ended: its last session, or the day its results became final if later."""
    from skillcert.exams.models import Result

    final = Result.objects.filter(registration__plan=plan).aggregate(at=Max("final_at"))["at"]
    ends = [plan.last_session_on]
    if final is not None:
        ends.append(timezone.localtime(final).date())
    return max(ends)


def open_dossier(*, actor: User | None, plan: ExamPlan) -> Dossier:
    """The plan's dossier, created on first use (R-ARC-1)."""
    if actor is not None:
        require_row(actor, "view", plan)
    with transaction.atomic():
        dossier, created = Dossier.objects.get_or_create(plan=plan)
        if created:
            record_event(
                actor=actor,
                action=ArchiveEvent.DOSSIER_OPENED,
                obj=dossier,
                after=snapshot(dossier, ["plan", "status"]),
                organisation=plan.institution.organisation,
            )
    return dossier


def require_change(actor: User, dossier: Dossier) -> None:
    require_row(actor, "view", dossier)
    if not Dossier.objects.restrict(actor, "change").filter(pk=dossier.pk).exists():
        raise PermissionDenied(_("只有负责人、经办人可以整理档案"))


def add_scan(*, actor: User, dossier: Dossier, volume: int, title: str, upload: object) -> DossierItem:
    """Add a scanned paper record (PDF or image) to an open dossier's volume (R-ARC-1)."""
    require_change(actor, dossier)
    title = (title or "").strip()
    if volume not in Volume.values:
        raise DomainError(_("卷：请选择第一至第五卷之一"), field="volume", code="invalid")
    if not title:
        raise DomainError(_("题名：请填写扫描件的题名"), field="title", code="required")
    if len(title) > 300:
        raise DomainError(_("题名：不能超过300个字"), field="title", code="max_length")
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status != DossierStatus.OPEN:
            raise DomainError(_("档案已封卷，不能再添加扫描件"), field="volume", code="sealed")
        stored = store_file(
            actor=actor,
            content=upload,
            name=str(getattr(upload, "name", "") or title),
            purpose=FilePurpose.DOSSIER_SCAN,
            subject=locked,
            plan=locked.plan,
            allowed=SCAN_TYPES,
            label=_("扫描件"),
            field="file",
        )
        position = (locked.items.filter(volume=volume).aggregate(n=Max("position"))["n"] or 0) + 1
        item = DossierItem.objects.create(
            dossier=locked,
            volume=volume,
            position=position,
            title=title,
            medium=RecordMedium.PAPER,
            generated=False,
            stored_file=stored,
            added_by=actor,
        )
        record_event(
            actor=actor,
            action=ArchiveEvent.SCAN_ADDED,
            obj=locked,
            after={"volume": volume, "title": title, "sha256": stored.sha256, "item": item.pk},
        )
    return item


def seal_dossier(*, actor: User | None, dossier: Dossier) -> Dossier:
    """Freeze the five volumes when the batch ends: generated PDFs, the plan's files and the scans,
    each volume with its contents list, and a manifest whose digest enters the audit chain (R-ARC-1, R-ARC-2)."""
    if actor is not None:
        require_change(actor, dossier)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("plan__institution").get(pk=dossier.pk)
        plan = locked.plan
        if locked.status != DossierStatus.OPEN:
            raise DomainError(_("档案已封卷，不能重复封卷"), code="sealed")
        if plan.status not in ENDED_STATUSES:
            raise DomainError(
                _("认定批次尚未结束（计划状态：%(status)s），结果确认后才能封卷")
                % {"status": plan.get_status_display()},
                code="batch_open",
            )
        scans = {v: list(locked.items.filter(volume=v).order_by("position", "id")) for v in Volume.values}
        files_by_volume: dict[int, list[StoredFile]] = {v: [] for v in Volume.values}
        for stored in volumes.plan_files(plan):
            files_by_volume[volumes.FILE_VOLUMES[stored.purpose]].append(stored)
        manifest_items: list[dict[str, object]] = []
        for volume in Volume.values:
            generated = volumes.generate(plan, volume)
            entries: list[tuple[str, StoredFile, bool, str]] = [
                (
                    generated.title,
                    store_file(
                        actor=actor,
                        content=generated.data,
                        name=gettext("%(number)s-第%(volume)s卷记录汇编.pdf")
                        % {"number": plan.number, "volume": volume},
                        purpose=FilePurpose.DOSSIER_VOLUME,
                        subject=locked,
                        plan=plan,
                        max_mb=1024,
                    ),
                    True,
                    RecordMedium.ELECTRONIC,
                ),
            ]
            for stored in files_by_volume[volume]:
                title = f"{FilePurpose(stored.purpose).label}：{stored.original_name}"
                entries.append((title, stored, False, RecordMedium.ELECTRONIC))
            items: list[DossierItem] = []
            position = 0
            for title, stored, is_generated, medium in entries:
                position += 1
                items.append(
                    DossierItem.objects.create(
                        dossier=locked,
                        volume=volume,
                        position=position,
                        title=title[:300],
                        medium=medium,
                        generated=is_generated,
                        stored_file=stored,
                        added_by=actor,
                    )
                )
            for scan in scans[volume]:
                position += 1
                DossierItem.objects.filter(pk=scan.pk).update(position=position)
                scan.position = position
                items.append(scan)
            rows = [
                (
                    i.position,
                    i.title,
                    i.get_medium_display(),
                    i.stored_file.sha256,
                    f"{i.stored_file.uploaded_at:%Y-%m-%d}",
                )
                for i in items
            ]
            label = str(Volume(volume).label)
            contents = store_file(
                actor=actor,
                content=volumes.contents_pdf(_("%(volume)s 卷内目录") % {"volume": label}, plan, rows),
                name=gettext("%(number)s-第%(volume)s卷卷内目录.pdf") % {"number": plan.number, "volume": volume},
                purpose=FilePurpose.DOSSIER_VOLUME,
                subject=locked,
                plan=plan,
            )
            items.insert(
                0,
                DossierItem.objects.create(
                    dossier=locked,
                    volume=volume,
                    position=0,
                    title=_("卷内目录"),
                    medium=RecordMedium.ELECTRONIC,
                    generated=True,
                    stored_file=contents,
                    added_by=actor,
                ),
            )
            for item in items:
                manifest_items.append(
                    {
                        "volume": volume,
                        "position": item.position,
                        "title": item.title,
                        "medium": item.medium,
                        "stored_file": item.stored_file.pk,
                        "name": item.stored_file.name,
                        "sha256": item.stored_file.sha256,
                        "size": item.stored_file.size,
                    }
                )
        ended = batch_end(plan)
        now = timezone.now()
        locked.batch_ended_on = ended
        locked.paper_retain_until = add_years(ended, int(get_policy("archives.retention_years.paper")))
        locked.electronic_retain_until = add_years(ended, int(get_policy("archives.retention_years.electronic")))
        manifest = {
            "dossier": locked.pk,
            "plan": plan.number,
            "institution": plan.institution.filed_name,
            "sealed_at": now.isoformat(),
            "batch_ended_on": ended.isoformat(),
            "paper_retain_until": locked.paper_retain_until.isoformat(),
            "electronic_retain_until": locked.electronic_retain_until.isoformat(),
            "items": manifest_items,
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        stored_manifest = store_file(
            actor=actor,
            content=data,
            name=gettext("%(number)s-封卷清单.json") % {"number": plan.number},
            purpose=FilePurpose.DOSSIER_MANIFEST,
            subject=locked,
            plan=plan,
        )
        locked.manifest = stored_manifest
        locked.manifest_sha256 = stored_manifest.sha256
        locked.status = DossierStatus.SEALED
        locked.sealed_at = now
        locked.sealed_by = actor if actor is not None and actor.is_authenticated else None
        locked.assembled_at = now
        locked.save()
        event = record_event(
            actor=actor,
            action=ArchiveEvent.DOSSIER_SEALED,
            obj=locked,
            after={
                "manifest_sha256": locked.manifest_sha256,
                "items": len(manifest_items),
                "paper_retain_until": locked.paper_retain_until,
                "electronic_retain_until": locked.electronic_retain_until,
            },
            organisation=plan.institution.organisation,
        )
        Dossier.objects.filter(pk=locked.pk).update(seal_event_id=event.pk)
        locked.seal_event_id = event.pk
    return locked
