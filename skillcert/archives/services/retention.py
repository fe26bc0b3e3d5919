"""Legal holds and disposal after retention, approved by a second person (R-ARC-2)."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.archives.choices import ArchiveEvent, DisposalStatus, DossierStatus, FilePurpose
from skillcert.archives.files import storage, store_file
from skillcert.archives.models import Disposal, Dossier, LegalHold, StoredFile
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.scoping import require_row


def _grounds(text: str, *, field: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("%(label)s：请填写依据") % {"label": label}, field=field, code="required")
    if len(text) > 2000:
        raise DomainError(_("%(label)s：不能超过2000个字") % {"label": label}, field=field, code="max_length")
    return text


def _require_regulator(actor: User, dossier: Dossier, action: str, message: str) -> None:
    require_row(actor, "view", dossier)
    allowed = Dossier.objects.restrict(actor, action).filter(pk=dossier.pk).exists()
    if not allowed or not (actor.is_superuser or actor.organisation.is_authority):
        raise PermissionDenied(message)


def set_legal_hold(*, actor: User, dossier: Dossier, grounds: str) -> LegalHold:
    """A regulator puts a dossier on hold, with grounds; nothing in it can then be disposed of (R-ARC-2)."""
    _require_regulator(actor, dossier, "hold", _("只有监管部门可以设置诉讼保留"))
    grounds = _grounds(grounds, field="grounds", label=_("保留依据"))
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status == DossierStatus.DISPOSED:
            raise DomainError(_("档案已销毁，不能设置诉讼保留"), code="disposed")
        if LegalHold.objects.filter(dossier=locked, lifted_at__isnull=True).exists():
            raise DomainError(_("该档案已处于诉讼保留中"), code="already_held")
        hold = LegalHold.objects.create(dossier=locked, grounds=grounds, set_by=actor, set_at=timezone.now())
        record_event(actor=actor, action=ArchiveEvent.HOLD_SET, obj=locked, after={"hold": hold.pk, "grounds": grounds})
    return hold


def lift_legal_hold(*, actor: User, hold: LegalHold, grounds: str) -> LegalHold:
    """A regulator lifts a hold, stating why (R-ARC-2)."""
    _require_regulator(actor, hold.dossier, "hold", _("只有监管部门可以解除诉讼保留"))
    grounds = _grounds(grounds, field="grounds", label=_("解除依据"))
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.lifted_at is not None:
            raise DomainError(_("该诉讼保留已解除"), code="already_lifted")
        before = snapshot(locked, ["lifted_at", "lift_grounds"])
        locked.lift_grounds = grounds
        locked.lifted_by = actor
        locked.lifted_at = timezone.now()
        locked.save()
        record_event(
            actor=actor,
            action=ArchiveEvent.HOLD_LIFTED,
            obj=locked.dossier,
            before=before,
            after={"hold": locked.pk, "grounds": grounds},
        )
    return locked


def _check_disposable(dossier: Dossier) -> None:
    today = timezone.localdate()
    if dossier.status == DossierStatus.OPEN:
        raise DomainError(_("档案尚未封卷，不能销毁"), code="not_sealed")
    if dossier.status == DossierStatus.DISPOSED:
        raise DomainError(_("档案已销毁"), code="disposed")
    if LegalHold.objects.filter(dossier=dossier, lifted_at__isnull=True).exists():
        raise DomainError(_("档案处于诉讼保留中，不能销毁"), code="on_hold")
    if dossier.retained_on(today):
        until = max(d for d in (dossier.paper_retain_until, dossier.electronic_retain_until) if d is not None)
        raise DomainError(_("档案在保管期内（保管至%(until)s），不能销毁") % {"until": until}, code="retained")


def propose_disposal(*, actor: User, dossier: Dossier, reason: str) -> Disposal:
    """Propose disposing of a dossier whose retention has run out (R-ARC-2)."""
    _require_regulator(actor, dossier, "dispose", _("只有监管部门负责人可以提出销毁"))
    reason = _grounds(reason, field="reason", label=_("销毁理由"))
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        _check_disposable(locked)
        if locked.disposals.filter(status=DisposalStatus.PROPOSED).exists():
            raise DomainError(_("该档案已有待审批的销毁申请"), code="duplicate")
        disposal = Disposal.objects.create(dossier=locked, reason=reason, proposed_by=actor, proposed_at=timezone.now())
        record_event(
            actor=actor, action=ArchiveEvent.DISPOSAL_PROPOSED, obj=disposal, after=snapshot(disposal, ["reason"])
        )
    return disposal


def approve_disposal(*, actor: User, disposal: Disposal, note: str = "") -> Disposal:
    """A second person approves: the manifest of what is disposed of is kept, the content removed (R-ARC-2)."""
    _require_regulator(actor, disposal.dossier, "dispose", _("只有监管部门负责人可以审批销毁"))
    if disposal.proposed_by_id == actor.pk:
        raise DomainError(_("不能审批本人提出的销毁，须由另一人审批"), field="disposal", code="same_person")
    with transaction.atomic():
        locked = Disposal.objects.select_for_update().get(pk=disposal.pk)
        if locked.status != DisposalStatus.PROPOSED:
            raise DomainError(_("该销毁申请已处理"), code="decided")
        dossier = Dossier.objects.select_for_update().select_related("plan").get(pk=locked.dossier_id)
        _check_disposable(dossier)
        items = list(dossier.items.select_related("stored_file").order_by("volume", "position", "id"))
        files = {i.stored_file_id: i.stored_file for i in items}
        now = timezone.now()
        manifest = {
            "dossier": dossier.pk,
            "plan": dossier.plan.number,
            "disposal": locked.pk,
            "proposed_by": locked.proposed_by.get_username(),
            "approved_by": actor.get_username(),
            "approved_at": now.isoformat(),
            "seal_manifest_sha256": dossier.manifest_sha256,
            "items": [
                {
                    "volume": i.volume,
                    "position": i.position,
                    "title": i.title,
                    "medium": i.medium,
                    "sha256": i.stored_file.sha256,
                    "size": i.stored_file.size,
                }
                for i in items
            ],
        }
        stored = store_file(
            actor=actor,
            content=json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
            name=gettext("%(number)s-销毁清单.json") % {"number": dossier.plan.number},
            purpose=FilePurpose.DISPOSAL_MANIFEST,
            subject=locked,
            plan=dossier.plan,
        )
        disposed_ids = [pk for pk in files if pk != dossier.manifest_id]
        StoredFile.objects.filter(pk__in=disposed_ids).update(disposed_at=now)
        digests = {f.sha256: f.name for pk, f in files.items() if pk in disposed_ids}
        still_used = set(
            StoredFile.objects.filter(sha256__in=list(digests), disposed_at__isnull=True).values_list(
                "sha256", flat=True
            )
        )
        names = [name for digest, name in digests.items() if digest not in still_used]

        def remove_content() -> None:
            for name in names:
                storage().delete(name)

        transaction.on_commit(remove_content)
        locked.status = DisposalStatus.APPROVED
        locked.decided_by = actor
        locked.decided_at = now
        locked.decision_note = (note or "").strip()[:2000]
        locked.manifest = stored
        locked.manifest_sha256 = stored.sha256
        locked.save()
        dossier.status = DossierStatus.DISPOSED
        dossier.disposed_at = now
        dossier.save(update_fields=["status", "disposed_at", "updated_at"])
        record_event(
            actor=actor,
            action=ArchiveEvent.DISPOSAL_APPROVED,
            obj=locked,
            after={"manifest_sha256": stored.sha256, "items": len(items), "dossier": dossier.pk},
        )
    return locked


def reject_disposal(*, actor: User, disposal: Disposal, note: str) -> Disposal:
    """The second person refuses the disposal, with reasons (R-ARC-2)."""
    _require_regulator(actor, disposal.dossier, "dispose", _("只有监管部门负责人可以审批销毁"))
    note = _grounds(note, field="note", label=_("驳回理由"))
    with transaction.atomic():
        locked = Disposal.objects.select_for_update().get(pk=disposal.pk)
        if locked.status != DisposalStatus.PROPOSED:
            raise DomainError(_("该销毁申请已处理"), code="decided")
        locked.status = DisposalStatus.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save()
        record_event(actor=actor, action=ArchiveEvent.DISPOSAL_REJECTED, obj=locked, after={"note": note})
    return locked
