"""supervision public API under /api/v1/public/ (no login)."""

urlpatterns: list = []
