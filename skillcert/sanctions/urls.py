"""Pages of the sanctions app."""

app_name = "sanctions"

urlpatterns: list = []
