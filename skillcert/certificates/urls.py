"""Certificate pages (R-CERT-1..6); verification and the QR link need no login (R-PUB-1)."""

from django.urls import path

from skillcert.certificates import offline_views, views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("v/<str:token>/", views.verify_qr, name="verify_qr"),
    path("mine/", views.mine, name="mine"),
    path("", views.certificate_list, name="list"),
    path("<int:pk>/", views.certificate_detail, name="detail"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("<int:pk>/credential/", offline_views.credential, name="credential"),
    path("<int:pk>/propose/", views.certificate_propose, name="propose"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/<str:decision>/", views.proposal_decide, name="decide"),
    path("issue/", views.issue, name="issue"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run_retry"),
    path("exports/", views.export_batches, name="exports"),
    path("exports/new/", views.export_create, name="export_create"),
    path("exports/<int:pk>/<str:fmt>/", views.export_download, name="export_download"),
    path("site-serials/", views.site_serials, name="site_serials"),
    path("site-serials/<int:pk>/retire/", views.site_serial_retire, name="site_serial_retire"),
]
