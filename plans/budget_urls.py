"""A plan's budget pages and the organisation page, included below /p/<slug>/ by plans/urls.py."""

from django.urls import path

from plans import budget_views, organisation_views

BUDGET = "plans/<int:plan_pk>/budget/"

urlpatterns = [
    path(
        "organisations/<int:pk>/",
        organisation_views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(BUDGET, budget_views.BudgetView.as_view(), name="plan_budget"),
    path(BUDGET + "settings/", budget_views.SpendSettingView.as_view(), name="budget_settings"),
    path(
        BUDGET + "sources/new/", budget_views.FundingSourceCreateView.as_view(), name="funding_source_create"
    ),
    path(
        BUDGET + "sources/<int:pk>/edit/",
        budget_views.FundingSourceUpdateView.as_view(),
        name="funding_source_update",
    ),
    path(BUDGET + "allocations/new/", budget_views.AllocationCreateView.as_view(), name="allocation_create"),
    path(
        BUDGET + "allocations/<int:pk>/edit/",
        budget_views.AllocationUpdateView.as_view(),
        name="allocation_update",
    ),
    path(
        BUDGET + "allocations/<int:allocation_pk>/spend/new/",
        budget_views.SpendCreateView.as_view(),
        name="spend_create",
    ),
    path(
        BUDGET + "sources/<int:pk>/delete/",
        budget_views.FundingSourceDeleteView.as_view(),
        name="funding_source_delete",
    ),
    path(
        BUDGET + "allocations/<int:pk>/delete/",
        budget_views.AllocationDeleteView.as_view(),
        name="allocation_delete",
    ),
    path(
        BUDGET + "allocations/<int:allocation_pk>/spend/<int:pk>/edit/",
        budget_views.SpendUpdateView.as_view(),
        name="spend_update",
    ),
    path(
        BUDGET + "allocations/<int:allocation_pk>/spend/<int:pk>/delete/",
        budget_views.SpendDeleteView.as_view(),
        name="spend_delete",
    ),
]
