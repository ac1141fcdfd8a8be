"""Indicator pages, dashboards and search, included below /p/<slug>/ in csp_tracker/urls.py."""

from django.urls import path

from indicators import dashboard_views, views

IND = "indicators/<int:indicator_pk>/"

urlpatterns = [
    path(
        "plans/<int:plan_pk>/dashboard/",
        dashboard_views.PlanDashboardView.as_view(),
        name="plan_dashboard",
    ),
    path("search/", dashboard_views.SearchView.as_view(), name="search"),
    path("indicators/", views.IndicatorDashboardView.as_view(), name="indicator_dashboard"),
    path("indicators/new/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path(IND, views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path(IND + "edit/", views.IndicatorUpdateView.as_view(), name="indicator_update"),
    path(IND + "values/new/", views.ValueCreateView.as_view(), name="indicator_value_create"),
    path(IND + "values/<int:pk>/edit/", views.ValueUpdateView.as_view(), name="indicator_value_update"),
    path(IND + "values/upload/", views.ValuesUploadView.as_view(), name="indicator_values_upload"),
]
