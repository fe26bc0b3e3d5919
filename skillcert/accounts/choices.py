"""Organisation kinds, jurisdiction levels and roles (R-ORG-1, R-ORG-2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JurisdictionLevel(models.TextChoices):
    REGION = "region", _("自治区")
    LEAGUE = "league", _("盟市")


class OrgKind(models.TextChoices):
    REGION_DEPT = "region_dept", _("自治区人社厅")
    REGION_CENTER = "region_center", _("自治区就业服务中心")
    LEAGUE_BUREAU = "league_bureau", _("盟市人社局")
    LEAGUE_CENTER = "league_center", _("盟市就业服务中心")
    INSTITUTION = "institution", _("评价机构")
    INDIVIDUAL = "individual", _("个人用户")


REGION_KINDS = frozenset({OrgKind.REGION_DEPT, OrgKind.REGION_CENTER})
LEAGUE_KINDS = frozenset({OrgKind.LEAGUE_BUREAU, OrgKind.LEAGUE_CENTER})
AUTHORITY_KINDS = REGION_KINDS | LEAGUE_KINDS


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    MANAGER = "manager", _("负责人")
    CLERK = "clerk", _("经办人")
    AUDITOR = "auditor", _("审计员")
    EXAMINER = "examiner", _("考评员")
    INTERNAL_SUPERVISOR = "internal_supervisor", _("内部质量督导员")
    EXTERNAL_SUPERVISOR = "external_supervisor", _("外部质量督导员")
    EXPERT = "expert", _("专家")
    CANDIDATE = "candidate", _("考生")


STAFF_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
"""Office roles that work with records (as opposed to examiners and candidates)."""
