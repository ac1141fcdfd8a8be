"""Public progress pages (no login) and the coordinator's publication settings and preview."""

from django.urls import path

from public import views

PUBLIC = "public/<slug:slug>/<int:plan_pk>/"
PLAN = "p/<slug:slug>/plans/<int:plan_pk>/public/"

urlpatterns = [
    path("public/accessibility/", views.AccessibilityStatementView.as_view(), name="public_accessibility"),
    path("public/<slug:slug>/rag.css", views.public_rag_stylesheet, name="public_rag_css"),
    path(PUBLIC, views.PublicPlanView.as_view(), name="public_plan"),
    path(PUBLIC + "actions/<int:action_pk>/", views.PublicActionView.as_view(), name="public_action"),
    path(PUBLIC + "progress.csv", views.PublicPlanCsvView.as_view(), name="public_plan_csv"),
    path(PLAN, views.PublicationSettingsView.as_view(), name="public_settings"),
    path(PLAN + "preview/", views.PublicPreviewView.as_view(), name="public_preview"),
    path(
        PLAN + "preview/actions/<int:action_pk>/",
        views.PublicPreviewView.as_view(),
        name="public_preview_action",
    ),
]
