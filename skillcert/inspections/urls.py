"""Pages of the inspections app under /inspections/."""

from django.urls import path

from skillcert.inspections.views import campaigns, public, quality

app_name = "inspections"

urlpatterns = [
    # External quality supervision (R-SUP-3): the supervisor's phone-sized pages.
    path("supervision/", quality.my_supervision, name="my_supervision"),
    path("supervision/sessions/<int:session_pk>/open/", quality.open_report, name="open_report"),
    path("reports/", quality.report_list, name="reports"),
    path("reports/<int:pk>/", quality.report_detail, name="report"),
    path("photos/<int:pk>/", quality.report_photo, name="photo"),
    # Internal quality supervision (R-SUP-9).
    path("internal/", quality.internal_list, name="internal"),
    path("internal/sessions/<int:session_pk>/", quality.internal_new, name="internal_new"),
    # Rectification orders (R-SUP-3, R-SUP-6).
    path("orders/", quality.order_list, name="orders"),
    path("orders/<int:pk>/", quality.order_detail, name="order"),
    # 双随机 campaigns and inspections (R-SUP-4, R-SUP-10).
    path("", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/<slug:step>/", campaigns.campaign_step, name="campaign_step"),
    path("inspections/<int:pk>/", campaigns.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/records/<slug:section>/", campaigns.inspection_records, name="records"),
    # 一公开 (R-PUB-1): no login.
    path("public/", public.campaign_list, name="public_campaigns"),
    path("public/<int:pk>/", public.campaign_detail, name="public_campaign"),
]
