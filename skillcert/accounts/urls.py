from django.urls import path

from skillcert.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", views.security, name="security"),
    path("organisations/", views.organisations, name="organisations"),
    path("users/", views.users, name="users"),
]
