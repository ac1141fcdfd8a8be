from django.contrib import admin
from django.urls import include, path

from partners import views as partner_views
from plans import import_views, update_views
from plans import views as plan_views

P = "p/<slug:slug>/"
PLAN = P + "plans/<int:plan_pk>/"
ACTION = PLAN + "actions/<int:action_pk>/"
ROW = ACTION + "rows/<int:row_pk>/"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", partner_views.LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", partner_views.HomeView.as_view(), name="home"),
    path("rag.css", partner_views.rag_stylesheet, name="rag_css"),
    path(P, partner_views.PartnershipDetailView.as_view(), name="partnership_detail"),
    path(
        P + "organisations/new/", partner_views.OrganisationCreateView.as_view(), name="organisation_create"
    ),
    path(
        P + "organisations/<int:pk>/edit/",
        partner_views.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path(P + "people/new/", partner_views.PersonCreateView.as_view(), name="person_create"),
    path(P + "people/<int:pk>/edit/", partner_views.PersonUpdateView.as_view(), name="person_update"),
    path(P + "people/<int:pk>/role/", partner_views.MembershipView.as_view(), name="membership_edit"),
    path(P + "glossary/new/", partner_views.GlossaryTermCreateView.as_view(), name="glossary_create"),
    path(
        P + "glossary/<int:pk>/edit/", partner_views.GlossaryTermUpdateView.as_view(), name="glossary_update"
    ),
    path(P + "plans/new/", plan_views.PlanCreateView.as_view(), name="plan_create"),
    path(P + "plans/import/", import_views.PlanImportView.as_view(), name="plan_import"),
    path(
        P + "plans/import/<str:token>/",
        import_views.PlanImportPreviewView.as_view(),
        name="plan_import_preview",
    ),
    path(PLAN + "carry-over/", import_views.PlanCarryOverView.as_view(), name="plan_carry_over"),
    path(PLAN, plan_views.PlanDetailView.as_view(), name="plan_detail"),
    path(PLAN + "edit/", plan_views.PlanUpdateView.as_view(), name="plan_update"),
    path(PLAN + "themes/new/", plan_views.ThemeCreateView.as_view(), name="theme_create"),
    path(PLAN + "themes/<int:pk>/edit/", plan_views.ThemeUpdateView.as_view(), name="theme_update"),
    path(PLAN + "actions/new/", plan_views.ActionCreateView.as_view(), name="action_create"),
    path(PLAN + "actions/<int:pk>/", plan_views.ActionDetailView.as_view(), name="action_detail"),
    path(PLAN + "actions/<int:pk>/edit/", plan_views.ActionUpdateView.as_view(), name="action_update"),
    path(ACTION + "rows/new/", plan_views.RowCreateView.as_view(), name="row_create"),
    path(ACTION + "rows/<int:pk>/edit/", plan_views.RowUpdateView.as_view(), name="row_update"),
    path(ACTION + "outcomes/new/", plan_views.OutcomeCreateView.as_view(), name="outcome_create"),
    path(ACTION + "outcomes/<int:pk>/edit/", plan_views.OutcomeUpdateView.as_view(), name="outcome_update"),
    path(PLAN + "rows/<int:row_pk>/update/", update_views.UpdateFormView.as_view(), name="update_form"),
    path(PLAN + "rounds/", update_views.RoundListView.as_view(), name="round_list"),
    path(PLAN + "rounds/<int:round_pk>/", update_views.RoundDetailView.as_view(), name="round_detail"),
    path(PLAN + "rounds/<int:round_pk>/close/", update_views.RoundCloseView.as_view(), name="round_close"),
    path(PLAN + "updates/<int:pk>/review/", update_views.ReviewView.as_view(), name="update_review"),
    path(P + "emails/", update_views.EmailLogView.as_view(), name="email_log"),
    path(ROW + "targets/new/", plan_views.TargetCreateView.as_view(), name="target_create"),
    path(ROW + "targets/<int:pk>/edit/", plan_views.TargetUpdateView.as_view(), name="target_update"),
    path("", include("indicators.urls")),  # dashboards, indicators and search
    path(P, include("reports.urls")),  # PDF reports, spreadsheets, meetings, scrutiny reports
]
