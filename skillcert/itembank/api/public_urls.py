"""itembank public API under /api/v1/public/ (no login): the candidate's computer-based exam (R-BANK-4)."""

from django.urls import path

from skillcert.itembank.api import public

urlpatterns = [
    path("sign-in/", public.sign_in, name="itembank-cbt-sign-in"),
    path("sittings/<int:pk>/", public.state, name="itembank-cbt-state"),
    path("sittings/<int:pk>/answers/", public.save, name="itembank-cbt-save"),
    path("sittings/<int:pk>/submit/", public.submit, name="itembank-cbt-submit"),
]
