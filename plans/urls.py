"""Plan pages (structure, quarterly updates, import and carry-over), included below /p/<slug>/
in csp_tracker/urls.py."""

from django.urls import include, path

from plans import coordinator_views, import_views, row_views, update_views, views

PLAN = "plans/<int:plan_pk>/"
ACTION = PLAN + "actions/<int:action_pk>/"
ROW = ACTION + "rows/<int:row_pk>/"

urlpatterns = [
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/import/", import_views.PlanImportView.as_view(), name="plan_import"),
    path(
        "plans/import/<str:token>/",
        import_views.PlanImportPreviewView.as_view(),
        name="plan_import_preview",
    ),
    path(PLAN + "carry-over/", import_views.PlanCarryOverView.as_view(), name="plan_carry_over"),
    path(PLAN, views.PlanDetailView.as_view(), name="plan_detail"),
    path(PLAN + "edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path(PLAN + "themes/new/", views.ThemeCreateView.as_view(), name="theme_create"),
    path(PLAN + "themes/<int:pk>/edit/", views.ThemeUpdateView.as_view(), name="theme_update"),
    path(PLAN + "actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path(PLAN + "actions/<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path(PLAN + "actions/<int:pk>/history/", views.ActionHistoryView.as_view(), name="action_history"),
    path(PLAN + "actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action_update"),
    path(ACTION + "rows/new/", views.RowCreateView.as_view(), name="row_create"),
    path(ACTION + "rows/<int:pk>/edit/", views.RowUpdateView.as_view(), name="row_update"),
    path(ROW + "reopen/", row_views.RowReopenView.as_view(), name="row_reopen"),
    path(ACTION + "outcomes/new/", views.OutcomeCreateView.as_view(), name="outcome_create"),
    path(ACTION + "outcomes/<int:pk>/edit/", views.OutcomeUpdateView.as_view(), name="outcome_update"),
    path(PLAN + "rows/<int:row_pk>/update/", update_views.UpdateFormView.as_view(), name="update_form"),
    path(PLAN + "rounds/", update_views.RoundListView.as_view(), name="round_list"),
    path(PLAN + "rounds/<int:round_pk>/", update_views.RoundDetailView.as_view(), name="round_detail"),
    path(PLAN + "rounds/<int:round_pk>/close/", update_views.RoundCloseView.as_view(), name="round_close"),
    path(
        PLAN + "rows/<int:row_pk>/update/autosave/",
        update_views.UpdateAutosaveView.as_view(),
        name="update_autosave",
    ),
    path(PLAN + "updates/<int:pk>/withdraw/", update_views.WithdrawView.as_view(), name="update_withdraw"),
    path(
        PLAN + "rounds/<int:round_pk>/remind/",
        coordinator_views.RoundRemindView.as_view(),
        name="round_remind",
    ),
    path(PLAN + "updates/<int:pk>/review/", update_views.ReviewView.as_view(), name="update_review"),
    path("emails/", update_views.EmailLogView.as_view(), name="email_log"),
    path(ROW + "targets/new/", views.TargetCreateView.as_view(), name="target_create"),
    path(ROW + "targets/<int:pk>/edit/", views.TargetUpdateView.as_view(), name="target_update"),
    path("", include("plans.budget_urls")),  # budgets (issue 14) and the organisation page
]
