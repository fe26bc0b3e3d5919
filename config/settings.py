"""SkillCert settings, driven by the environment.

Development runs with no environment at all (SQLite under var/, the embedded huey queue);
production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
REDIS_URL and the personal-data keys. Test overrides live in config/settings_test.py.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SKILLCERT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG", True)
_DEV_SECRET = "dev-only-insecure-secret-key-for-skillcert-local-runs-0123456789"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# The address printed in certificate QR codes (R-CERT-3, R-CERT-4): where the public reaches the portal.
# Empty: follow the address of the request being served (skillcert.certificates.public_address).
SKILLCERT_PUBLIC_URL = os.environ.get("SKILLCERT_PUBLIC_URL", "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "huey.contrib.djhuey",
    "skillcert.core",
    "skillcert.accounts",
    "skillcert.catalog",
    "skillcert.personnel",
    "skillcert.institutions",
    "skillcert.exams",
    "skillcert.certificates",
    "skillcert.itembank",
    "skillcert.supervision",
    "skillcert.inspections",
    "skillcert.sanctions",
    "skillcert.complaints",
    "skillcert.archives",
    "skillcert.reports",
    "skillcert.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "skillcert.core.middleware.RequestIdMiddleware",
    "skillcert.core.replica.ReplicaPinMiddleware",
    "skillcert.certificates.public_address.PublicAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware, so the timeout notice can be queued for the login page.
    "skillcert.accounts.middleware.IdleTimeoutMiddleware",
    "skillcert.accounts.middleware.SecondFactorMiddleware",
    "skillcert.core.middleware.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "skillcert.portal.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ by default, anything dj-database-url understands otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'skillcert.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so read-then-append sequences
    # (the audit chain, number allocation) are serialised instead of failing as "locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A streaming replica for public verification, dashboards and exports (skillcert.core.replica).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
SKILLCERT_REPLICA_ALIAS = "replica" if DATABASE_REPLICA_URL else None
SKILLCERT_REPLICA_PIN_SECONDS = env_int("SKILLCERT_REPLICA_PIN_SECONDS", 10)
DATABASE_ROUTERS = ["skillcert.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["skillcert.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# 等保 level-3 password policy (R-X-2). Each number is a default the region admin can
# change at run time through the policy table (skillcert.core.policy).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "skillcert.accounts.passwords.ComplexityValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

SKILLCERT_POLICY_DEFAULTS: dict[str, object] = {
    "password.min_length": 8,
    "password.min_classes": 3,
    "password.max_age_days": 90,
    "login.max_failures": 5,
    "login.lockout_minutes": 15,
    "session.idle_minutes": 30,
    "api_token.max_days": 365,
    # Institutions (R-INS-2, R-INS-5): the fee band of seed §5(四) and the filing validity period,
    # upload limits, and which authority decides filings (region-scope / league-scope institutions).
    "fees.band_percent": 20,
    "institutions.filing_valid_years": 5,
    "core.upload_max_mb": 10,
    "institutions.filing_authority.region": "region_center",
    "institutions.filing_authority.league": "league_bureau",
    # Personnel (R-PER-1, R-PER-3): card validity when the issuer gives no date, how long a
    # training stays current, and the dispatch limits for external supervisors.
    "personnel.card_valid_years": 3,
    "personnel.training_valid_years": 3,
    "personnel.card_expiry_warning_days": 60,
    "dispatch.max_consecutive_sessions": 3,
    "dispatch.max_sessions_per_month": 8,
    # Exam affairs (R-EXAM-1, R-EXAM-3, R-EXAM-4, R-EXAM-9): filing lead time, roster and evidence
    # uploads, the size at which an import goes to the background, publicity and re-check windows.
    "exams.plan_lead_working_days": 10,
    "exams.roster_max_mb": 20,
    "exams.roster_max_rows": 100000,
    "exams.roster_inline_kb": 64,
    "exams.evidence_max_mb": 10,
    "exams.publicity_working_days": 5,
    "exams.recheck_working_days": 10,
    # Certificates (R-CERT-4, R-CERT-6): national upload within N working days after publicity ends,
    # the largest export batch, and the public verification rate limit per client address.
    "certificates.export_working_days": 10,
    "certificates.export_batch_max": 5000,
    "certificates.verify_rate_limit": 30,
    "certificates.verify_rate_window_seconds": 60,
}

# Text-valued rules accept only these values (checked when the region admin changes them).
SKILLCERT_POLICY_CHOICES: dict[str, list[str]] = {
    "institutions.filing_authority.region": ["region_center", "region_dept"],
    "institutions.filing_authority.league": ["league_bureau", "league_center", "region_center", "region_dept"],
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Files (uploads and generated documents, one copy per SHA-256 through skillcert.archives.files)
# go to S3-compatible object storage when a bucket is configured, else to the filesystem.
if os.environ.get("SKILLCERT_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["SKILLCERT_S3_BUCKET"],
            "endpoint_url": os.environ.get("SKILLCERT_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SKILLCERT_S3_REGION") or None,
            "access_key": os.environ.get("SKILLCERT_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("SKILLCERT_S3_SECRET_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Sessions: the idle timeout itself is enforced by IdleTimeoutMiddleware from the policy.
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE = env_bool("SKILLCERT_SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SKILLCERT_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every answer (django-csp; issue #17): scripts only from the platform's own
# static files, never inline (templates declare behaviours with data attributes, core/behaviours.js);
# inline style attributes stay allowed. The certificate verifier reads the status lists from the public
# address, which may be another origin than the one serving the page. The downloadable standalone verifier
# (one self-contained HTML file) is the one exempt answer.
_CSP_PUBLIC_ORIGIN = [SKILLCERT_PUBLIC_URL] if SKILLCERT_PUBLIC_URL.startswith(("http://", "https://")) else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", *_CSP_PUBLIC_ORIGIN],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}


# Personal data (R-X-3): "kid:base64key,..." — the first key encrypts, every key decrypts.
def _derived_key(label: str) -> str:
    return base64.b64encode(hashlib.sha256(f"{label}:{SECRET_KEY}".encode()).digest()).decode()


SKILLCERT_DATA_KEYS = os.environ.get("SKILLCERT_DATA_KEYS", f"dev1:{_derived_key('data')}")
SKILLCERT_BLIND_INDEX_KEY = os.environ.get("SKILLCERT_BLIND_INDEX_KEY", _derived_key("index"))
if not DEBUG and ("SKILLCERT_DATA_KEYS" not in os.environ or "SKILLCERT_BLIND_INDEX_KEY" not in os.environ):
    raise RuntimeError("SKILLCERT_DATA_KEYS and SKILLCERT_BLIND_INDEX_KEY must be set in production")

# The cache holds what every worker must share (the verification rate limit, policy values):
# Redis when SKILLCERT_CACHE_URL or REDIS_URL is set, else this process's memory (one dev server: each
# process counts the rate limits and the unknown-username lock on its own).
CACHE_URL = os.environ.get("SKILLCERT_CACHE_URL", "") or os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "skillcert"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background work: huey with SQLite storage under var/, Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("SKILLCERT_QUEUE_NAME", "skillcert"),
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "skillcert",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }
HUEY["consumer"] = {"workers": 2, "worker_type": "thread"}
# A running background job (roster import, plan-wide issuance) writes a heartbeat this often; one whose
# heartbeat is older than SKILLCERT_JOB_STALE_SECONDS lost its worker (killed, machine lost) and is marked
# failed with a way to retry (skillcert.core.jobs).
SKILLCERT_JOB_HEARTBEAT_SECONDS = float(os.environ.get("SKILLCERT_JOB_HEARTBEAT_SECONDS", "10"))
SKILLCERT_JOB_STALE_SECONDS = float(os.environ.get("SKILLCERT_JOB_STALE_SECONDS", "90"))

# Proxies (addresses or networks) whose X-Forwarded-For is believed for the client address; empty
# means the connection's own address is the client's. Set it to the load balancer's addresses.
SKILLCERT_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("SKILLCERT_TRUSTED_PROXIES", "").split(",") if p.strip()]

SKILLCERT_PAGE_SIZE = 50
"""Rows per page on every list page and API list (`skillcert.core.listing.page_size`)."""
SKILLCERT_AUDIT_SCOPE = "skillcert.accounts.selectors.audit_events_visible_to"
"""Who may read which audit events: core asks this function (core does not know the organisations)."""
"""Rows per page on every list page and API list (`skillcert.core.listing.page_size`)."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "skillcert.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "skillcert.core.api_support.Pagination",
    "PAGE_SIZE": SKILLCERT_PAGE_SIZE,
    "DEFAULT_SCHEMA_CLASS": "skillcert.core.api_docs.AutoSchema",
    "EXCEPTION_HANDLER": "skillcert.core.api_support.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "职业技能等级认定监管平台 API",
    "DESCRIPTION": "SkillCert REST API (v1). 所有接口与页面使用同一权限范围。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "skillcert.core.api_docs.document_error_answers",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("kind", "status", "level") across apps get their own names.
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "skillcert.archives.choices.DossierStatus",
        "DisposalStatusEnum": "skillcert.archives.choices.DisposalStatus",
        "InstitutionStatusEnum": "skillcert.institutions.choices.InstitutionStatus",
        "ItemTypeEnum": "skillcert.itembank.choices.ItemType",
        "InstitutionTypeEnum": "skillcert.institutions.choices.InstitutionType",
        "FilingApplicationStatusEnum": "skillcert.institutions.choices.ApplicationStatus",
        "FilingApplicationKindEnum": "skillcert.institutions.choices.ApplicationKind",
        "FilingChangeKindEnum": "skillcert.institutions.choices.CHANGE_KINDS",
        "BranchFilingStatusEnum": "skillcert.institutions.choices.BranchFilingStatus",
        "FeeStatusEnum": "skillcert.institutions.choices.FeeStatus",
        "RuleDocumentKindEnum": "skillcert.institutions.choices.RuleDocumentKind",
        "RoomKindEnum": "skillcert.institutions.choices.RoomKind",
        "RosterKindEnum": "skillcert.institutions.choices.RosterKind",
        "SkillLevelEnum": "skillcert.catalog.choices.Level",
        "ComponentKindEnum": "skillcert.catalog.choices.ComponentKind",
        "StaffingProblemKindEnum": "skillcert.exams.choices.StaffingProblemKind",
        "ExamPlanStatusEnum": "skillcert.exams.choices.PlanStatus",
        "RegistrationStatusEnum": "skillcert.exams.choices.RegistrationStatus",
        "RegistrationSourceEnum": "skillcert.exams.choices.RegistrationSource",
        "RosterImportStatusEnum": "skillcert.exams.choices.ImportStatus",
        "RosterImportModeEnum": "skillcert.exams.choices.ImportMode",
        "EvidenceKindEnum": "skillcert.exams.choices.EvidenceKind",
        "IdTypeEnum": "skillcert.exams.choices.IdType",
        "SessionStaffRoleEnum": "skillcert.exams.choices.SessionStaffRole",
        "IncidentKindEnum": "skillcert.exams.choices.IncidentKind",
        "IncidentHandlingEnum": "skillcert.exams.choices.IncidentHandling",
        "ScoreSourceEnum": "skillcert.exams.choices.ScoreSource",
        "ResultPublicationStatusEnum": "skillcert.exams.choices.PublicationStatus",
        "ExamCaseStatusEnum": "skillcert.exams.choices.CaseStatus",
        "CertificateStatusEnum": "skillcert.certificates.choices.CertificateStatus",
        "CertificateProposalKindEnum": "skillcert.certificates.choices.ProposalKind",
        "CertificateProposalStatusEnum": "skillcert.certificates.choices.ProposalStatus",
        "CertificateRunStatusEnum": "skillcert.certificates.choices.RunStatus",
        "OrgKindEnum": "skillcert.accounts.choices.OrgKind",
        "ComplaintSourceEnum": "skillcert.complaints.choices.Source",
        "ComplaintIntakeSourceEnum": "skillcert.complaints.choices.STAFF_SOURCES",
        "ComplaintStatusEnum": "skillcert.complaints.choices.Status",
        "ComplaintOutcomeEnum": "skillcert.complaints.choices.Outcome",
        "ComplaintSubjectKindEnum": "skillcert.complaints.choices.SubjectKind",
        "InstitutionSanctionKindEnum": "skillcert.sanctions.choices.Kind",
        "InstitutionSanctionStatusEnum": "skillcert.sanctions.choices.Status",
        "FollowUpResultEnum": "skillcert.sanctions.choices.FollowUpResult",
        "InactivityStatusEnum": "skillcert.sanctions.choices.InactivityStatus",
        "RelationKindEnum": "skillcert.personnel.choices.RelationKind",
        "SanctionKindEnum": "skillcert.personnel.choices.SanctionKind",
        "AppointmentStatusEnum": "skillcert.personnel.choices.AppointmentStatus",
        "ViolationStatusEnum": "skillcert.personnel.choices.ViolationStatus",
        "StaffRoleEnum": "skillcert.personnel.choices.StaffRole",
        "StaffGroupEnum": "skillcert.personnel.choices.StaffGroup",
        "TrainingResultEnum": "skillcert.personnel.choices.TrainingResult",
        "UserStatusEnum": "skillcert.accounts.choices.UserStatus",
        "SupervisionReportStatusEnum": "skillcert.inspections.choices.ReportStatus",
        "SupervisionGradeEnum": "skillcert.inspections.choices.Grade",
        "RectificationOrderStatusEnum": "skillcert.inspections.choices.OrderStatus",
        "RectificationOrderSourceEnum": "skillcert.inspections.choices.OrderSource",
        "InspectionCampaignStatusEnum": "skillcert.inspections.choices.CampaignStatus",
        "InspectionMethodEnum": "skillcert.inspections.choices.Method",
        "InspectionStatusEnum": "skillcert.inspections.choices.InspectionStatus",
        "InspectionOutcomeEnum": "skillcert.inspections.choices.Outcome",
        "ApiTokenStatusEnum": [("active", "有效"), ("expired", "已过期"), ("revoked", "已撤销")],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SKILLCERT_LOG_LEVEL", "INFO")},
    "loggers": {"huey": {"level": "WARNING"}},
}
