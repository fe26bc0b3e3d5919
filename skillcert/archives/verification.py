"""Re-check a sealed dossier against its manifest and the audit chain (R-ARC-1, R-X-1)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from skillcert.archives.files import digest_of, storage
from skillcert.archives.models import Dossier
from skillcert.core.audit import compute_hash
from skillcert.core.models import AuditEvent


@dataclass
class Problem:
    volume: int | None
    title: str
    name: str
    kind: str  # "changed" / "missing" / "manifest"

    def __str__(self) -> str:
        where = _("第%(v)s卷 ") % {"v": self.volume} if self.volume else ""
        what = {"changed": _("内容已被改动"), "missing": _("文件已丢失")}.get(self.kind, self.kind)
        return f"{where}{self.title}（{self.name}）：{what}"


@dataclass
class DossierCheck:
    dossier: Dossier
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _digest(name: str) -> str | None:
    target = storage()
    return digest_of(target, name) if target.exists(name) else None


def verify_dossier(dossier: Dossier) -> DossierCheck:
    """Every file of the manifest still hashes to its recorded digest; the manifest itself matches
    the digest written into the audit chain at sealing. Names each file that changed or vanished."""
    result = DossierCheck(dossier)
    if dossier.manifest is None:
        result.problems.append(Problem(None, _("封卷清单"), "", _("档案尚未封卷")))
        return result
    event = AuditEvent.objects.filter(pk=dossier.seal_event_id or 0).first()
    sealed_digest = (event.after or {}).get("manifest_sha256") if event is not None else None
    if event is None or compute_hash(event) != event.hash or sealed_digest != dossier.manifest_sha256:
        result.problems.append(Problem(None, _("封卷审计事件"), str(dossier.seal_event_id), _("与审计链记录不符")))
    digest = _digest(dossier.manifest.name)
    if digest is None:
        result.problems.append(Problem(None, _("封卷清单"), dossier.manifest.name, "missing"))
        return result
    if digest != dossier.manifest_sha256:
        result.problems.append(Problem(None, _("封卷清单"), dossier.manifest.name, "changed"))
        return result
    with storage().open(dossier.manifest.name, "rb") as stream:
        manifest = json.loads(stream.read())
    for item in manifest["items"]:
        result.checked += 1
        found = _digest(item["name"])
        if found is None:
            result.problems.append(Problem(item["volume"], item["title"], item["name"], "missing"))
        elif found != item["sha256"]:
            result.problems.append(Problem(item["volume"], item["title"], item["name"], "changed"))
    return result
