"""Rule documents (R-INS-3) and integrity commitments (R-INS-4)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.models import Organisation
from skillcert.accounts.types import Actor
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import store_file
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.locking import lock
from skillcert.core.scoping import is_authenticated
from skillcert.core.validation import DOCUMENT_TYPES, check_upload, clean_model, clean_text
from skillcert.institutions import authorities
from skillcert.institutions.choices import Event, RuleDocumentKind
from skillcert.institutions.models import Commitment, CommitmentText, Institution, RuleDocument
from skillcert.institutions.models.policies import EDIT_ROLES
from skillcert.institutions.selectors import current_commitment_text
from skillcert.institutions.services.access import require_authority_staff, require_institution_staff, require_visible

RULE_AUDIT_FIELDS = ["institution", "kind", "version", "title", "original_name", "size", "sha256", "published_at"]


def add_rule_document(
    *,
    actor: Actor,
    institution: Institution,
    kind: str,
    title: str,
    body: str = "",
    upload: Any = None,
    publish: bool = False,
) -> RuleDocument:
    """Add the next version of one of the published rule documents, as text or a PDF/Word file (R-INS-3)."""
    require_institution_staff(actor, institution)
    if kind not in RuleDocumentKind.values:
        raise DomainError(gettext("制度类别：应为机构须公开的规章制度之一"), field="kind", code="invalid_choice")
    title = clean_text(title, field="title", label=gettext("标题"), max_length=200)
    body = clean_text(body, field="body", label=gettext("正文"), max_length=200_000, required=False)
    checked = check_upload(upload, field="file", label=gettext("文件"), allowed=DOCUMENT_TYPES) if upload else None
    if not body and checked is None:
        raise DomainError(gettext("正文：请填写制度正文或上传制度文件（PDF或Word）"), field="body", code="required")
    now = timezone.now()
    document = RuleDocument(
        institution=institution,
        kind=kind,
        title=title,
        body=body,
        version=0,
        sha256=checked.sha256 if checked else hashlib.sha256(body.encode("utf-8")).hexdigest(),
        published_at=now if publish else None,
        published_by=actor if publish else None,
    )
    if checked is not None:
        document.original_name = checked.original_name
        document.content_type = checked.content_type
        document.size = checked.size
    try:
        with transaction.atomic():
            last = RuleDocument.objects.filter(institution=institution, kind=kind).aggregate(n=Max("version"))["n"]
            document.version = (last or 0) + 1
            clean_model(document, exclude=["file"])
            if checked is not None:
                document.file.name = store_file(
                    actor=actor,
                    content=checked.content,
                    name=checked.original_name,
                    purpose=FilePurpose.RULE_DOCUMENT,
                    subject=institution,
                    organisation=institution.organisation,
                ).name
            document.save(force_insert=True)
            record_event(
                actor=actor,
                action=Event.RULE_DOCUMENT_ADDED,
                obj=document,
                organisation=institution.organisation,
                after=snapshot(document, RULE_AUDIT_FIELDS),
            )
            if publish:
                record_event(
                    actor=actor,
                    action=Event.RULE_DOCUMENT_PUBLISHED,
                    obj=document,
                    organisation=institution.organisation,
                    after=snapshot(document, RULE_AUDIT_FIELDS),
                )
    except IntegrityError as exc:
        raise DomainError(gettext("版本号：同时有人上传了同一类制度，请重试"), field="kind", code="conflict") from exc
    return document


def publish_rule_document(*, actor: Actor, document: RuleDocument) -> RuleDocument:
    """Publish a rule document version on the public portal (R-INS-3)."""
    require_institution_staff(actor, document.institution)
    with transaction.atomic():
        lock(document)
        if document.published_at is not None:
            return document
        document.published_at = timezone.now()
        document.published_by = actor
        document.save(update_fields=["published_at", "published_by", "updated_at"])
        record_event(
            actor=actor,
            action=Event.RULE_DOCUMENT_PUBLISHED,
            obj=document,
            organisation=document.institution.organisation,
            after=snapshot(document, RULE_AUDIT_FIELDS),
        )
    return document


def _text_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def publish_commitment_text(
    *, actor: Actor, title: str, body: str, authority: Organisation | None = None
) -> CommitmentText:
    """Publish the next version of an authority's integrity commitment text (R-INS-4)."""
    authority = authority or (actor.organisation if is_authenticated(actor) else authorities.template_authority())
    if actor is not None:
        require_authority_staff(actor, authority, gettext("诚信承诺书文本"))
    if not (authorities.is_decision_authority(authority)):
        raise DomainError(
            gettext("发布部门：诚信承诺书文本由盟市人社局或自治区人社部门发布"), field="authority", code="authority"
        )
    title = clean_text(title, field="title", label=gettext("标题"), max_length=200)
    body = clean_text(body, field="body", label=gettext("正文"), max_length=50_000)
    with transaction.atomic():
        last = CommitmentText.objects.filter(authority=authority).aggregate(n=Max("version"))["n"]
        commitment_text = CommitmentText(
            authority=authority,
            version=(last or 0) + 1,
            title=title,
            body=body,
            sha256=_text_sha256(body),
            published_at=timezone.now(),
            published_by=actor if is_authenticated(actor) else None,
        )
        clean_model(commitment_text)
        commitment_text.save(force_insert=True)
        record_event(
            actor=actor,
            action=Event.COMMITMENT_TEXT_PUBLISHED,
            obj=commitment_text,
            organisation=authority,
            after=snapshot(commitment_text, ["authority", "version", "title", "sha256", "published_at"]),
        )
    return commitment_text


def sign_commitment(*, actor: Actor, institution: Institution, text_version: CommitmentText) -> Commitment:
    """The institution's manager signs the current commitment text: who, when, version, SHA-256 (R-INS-4)."""
    require_institution_staff(actor, institution, "sign")  # the manager only (SIGN_ROLES)
    current = current_commitment_text(institution)
    if current is None or current.pk != text_version.pk:
        raise DomainError(
            gettext("承诺书文本：只能签署属地人社部门现行版本的诚信承诺书"), field="text", code="not_current"
        )
    digest = _text_sha256(text_version.body)
    if digest != text_version.sha256:
        raise DomainError(gettext("承诺书文本：文本校验值不符，请刷新页面后重新签署"), field="text", code="hash")
    if Commitment.objects.filter(institution=institution, text=text_version).exists():
        raise DomainError(gettext("承诺书文本：本机构已签署该版本"), field="text", code="duplicate")
    commitment = Commitment(
        institution=institution,
        text=text_version,
        text_sha256=digest,
        authority=authorities.commitment_authority_for(institution),
        signed_by=actor,
        signer_name=actor.full_name or actor.username,
        signed_at=timezone.now(),
    )
    with transaction.atomic():
        commitment.save(force_insert=True)
        record_event(
            actor=actor,
            action=Event.COMMITMENT_SIGNED,
            obj=commitment,
            after=snapshot(commitment),
        )
    return commitment


def countersign_commitment(*, actor: Actor, commitment: Commitment) -> Commitment:
    """The local authority countersigns a signed commitment (R-INS-4)."""
    require_visible(actor, commitment)
    require_authority_staff(actor, commitment.authority, gettext("诚信承诺书会签"))
    if not (actor.is_superuser or actor.role_codes & EDIT_ROLES):
        raise DomainError(gettext("会签人：您的角色不能会签"), field="commitment", code="role")
    with transaction.atomic():
        lock(commitment)
        if commitment.countersigned:
            raise DomainError(gettext("状态：该承诺书已会签"), field="status", code="decided")
        current = current_commitment_text(commitment.institution)
        if current is None or current.pk != commitment.text_id:
            raise DomainError(
                gettext("承诺书文本：已发布新版本，请机构签署新版本后再会签"), field="text", code="not_current"
            )
        before = snapshot(commitment)
        commitment.countersigned_by = actor
        commitment.countersigner_name = actor.full_name or actor.username
        commitment.countersigned_at = timezone.now()
        commitment.save(update_fields=["countersigned_by", "countersigner_name", "countersigned_at", "updated_at"])
        record_event(
            actor=actor,
            action=Event.COMMITMENT_COUNTERSIGNED,
            obj=commitment,
            before=before,
            after=snapshot(commitment),
        )
    return commitment
