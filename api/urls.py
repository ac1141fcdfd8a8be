"""The read-only API below /api/v1/, its schema and documentation, and the account page where
people manage their tokens."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api import account_views, docs_views, views

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="api-plan")
router.register("themes", views.ThemeViewSet, basename="api-theme")
router.register("actions", views.ActionViewSet, basename="api-action")
router.register("rows", views.RowViewSet, basename="api-row")
router.register("targets", views.TargetViewSet, basename="api-target")
router.register("figures", views.FigureViewSet, basename="api-figure")
router.register("updates", views.UpdateViewSet, basename="api-update")
router.register("indicators", views.IndicatorViewSet, basename="api-indicator")
router.register("indicator-values", views.IndicatorValueViewSet, basename="api-indicator-value")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/schema/", docs_views.SchemaView.as_view(), name="api_schema"),
    path("api/docs/", docs_views.DocsView.as_view(), name="api_docs"),
    path("account/", account_views.AccountView.as_view(), name="account"),
    path("account/tokens/<int:pk>/revoke/", account_views.TokenRevokeView.as_view(), name="api_token_revoke"),
]
