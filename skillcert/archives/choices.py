"""Choices of the archives app (R-ARC-1..3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FilePurpose(models.TextChoices):
    """What a stored file is for; tells the dossier which volume it belongs to (R-ARC-1)."""

    ROSTER = "exams.roster", _("报名名册")
    EVIDENCE = "exams.evidence", _("报名证明材料")
    PHOTO = "exams.photo", _("考生照片")
    TICKET = "exams.ticket", _("准考证")
    SESSION_PHOTO = "exams.session_photo", _("考场照片或视频")
    SUPERVISION_PHOTO = "supervision.photo", _("督导照片")
    INSPECTION_PHOTO = "inspections.photo", _("检查照片")
    COMPLAINT_ATTACHMENT = "complaints.attachment", _("投诉附件")
    FILING_DOCUMENT = "institutions.filing_document", _("备案证明材料")
    BRANCH_LICENCE = "institutions.branch_licence", _("分支机构营业执照")
    RULE_DOCUMENT = "institutions.rule_document", _("规章制度文件")
    WORKER_ROSTER = "institutions.roster", _("机构人员名册")
    CERTIFICATE = "certificates.certificate", _("证书（发证时）")
    NATIONAL_EXPORT = "certificates.national_export", _("上报全国数据库文件")
    DOSSIER_VOLUME = "archives.volume", _("卷内生成文件")
    DOSSIER_SCAN = "archives.scan", _("纸质材料扫描件")
    DOSSIER_MANIFEST = "archives.manifest", _("封卷清单")
    DISPOSAL_MANIFEST = "archives.disposal_manifest", _("销毁清单")
    OTHER = "other", _("其他")


class Volume(models.IntegerChoices):
    """The five volumes of a plan's dossier (R-ARC-1)."""

    REGISTRATION = 1, _("第一卷 报名与资格审核")
    PLAN = 2, _("第二卷 计划与考务安排")
    PROCESS = 3, _("第三卷 考试过程")
    RESULTS = 4, _("第四卷 试卷与成绩")
    CERTIFICATES = 5, _("第五卷 证书数据确认")


class DossierStatus(models.TextChoices):
    OPEN = "open", _("整理中")
    SEALED = "sealed", _("已封卷")
    DISPOSED = "disposed", _("已销毁")


class RecordMedium(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")


class DisposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准并销毁")
    REJECTED = "rejected", _("已驳回")


class ArchiveEvent(models.TextChoices):
    """Audit actions written by the archives app (R-X-1)."""

    FILE_STORED = "archives.file_stored", _("存储文件")
    DOSSIER_OPENED = "archives.dossier_opened", _("建立档案")
    DOSSIER_ASSEMBLED = "archives.dossier_assembled", _("组卷")
    SCAN_ADDED = "archives.scan_added", _("添加扫描件")
    DOSSIER_SEALED = "archives.dossier_sealed", _("封卷")
    HOLD_SET = "archives.hold_set", _("设置诉讼保留")
    HOLD_LIFTED = "archives.hold_lifted", _("解除诉讼保留")
    DISPOSAL_PROPOSED = "archives.disposal_proposed", _("提出销毁")
    DISPOSAL_APPROVED = "archives.disposal_approved", _("批准销毁")
    DISPOSAL_REJECTED = "archives.disposal_rejected", _("驳回销毁")
    TRACE_PRINTED = "archives.trace_printed", _("打印追溯报告")
