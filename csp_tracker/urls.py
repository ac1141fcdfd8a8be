"""Site-wide routes here; every app owns the pages below /p/<slug>/ in its own urls.py."""

from django.contrib import admin
from django.urls import include, path

from accounts.limits import admin_login
from partners import views as partner_views
from plans import home_views

P = "p/<slug:slug>/"

handler500 = "csp_tracker.busy.server_error"  # a dropped database or a full disk: its own page

urlpatterns = [
    path("admin/login/", admin_login),  # the admin's login, rate-limited like ours
    path("admin/", admin.site.urls),
    path("accounts/login/", home_views.LoginView.as_view(), name="login"),
    path("", include("accounts.urls")),  # two-factor pages, the rate-limited password reset
    path("accounts/", include("django.contrib.auth.urls")),
    path("", home_views.HomeView.as_view(), name="home"),
    path("rag.css", partner_views.rag_stylesheet, name="rag_css"),
    path(P, include("partners.urls")),  # the partnership, its organisations, people and glossary
    path(P, include("plans.urls")),  # plans, their structure, quarterly updates, import
    path(P, include("indicators.urls")),  # dashboards, indicators and search
    path(P, include("reports.urls")),  # PDF reports, spreadsheets, meetings, scrutiny reports
    path("", include("public.urls")),  # public progress pages, publication settings and preview
    path("", include("api.urls")),  # read-only API, its docs, and the account page with API tokens
    path(P, include("dhr.urls")),  # Domestic Homicide Review register and evidence files
    path(P, include("assessments.urls")),  # strategic assessments, the partnership's year and its feed
]
