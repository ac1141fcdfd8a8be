"""Strategic assessments and the partnership's year, included below /p/<slug>/."""

from django.urls import path

from assessments import calendar_views, views

A = "assessments/<int:pk>/"

urlpatterns = [
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/new/", views.AssessmentCreateView.as_view(), name="assessment_create"),
    path("assessments/figures/", views.YearlyFiguresUploadView.as_view(), name="yearly_figures_upload"),
    path(A, views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path(A + "edit/", views.AssessmentUpdateView.as_view(), name="assessment_update"),
    path(A + "reviews/<int:review_pk>/", views.ReviewUpdateView.as_view(), name="assessment_review_update"),
    path(A + "scanning/new/", views.ScanningRowFormView.as_view(), name="scanning_row_create"),
    path(
        A + "scanning/<int:child_pk>/edit/", views.ScanningRowFormView.as_view(), name="scanning_row_update"
    ),
    path(
        A + "scanning/<int:child_pk>/delete/",
        views.ScanningRowDeleteView.as_view(),
        name="scanning_row_delete",
    ),
    path(A + "emerging/new/", views.EmergingIssueFormView.as_view(), name="emerging_issue_create"),
    path(
        A + "emerging/<int:child_pk>/edit/",
        views.EmergingIssueFormView.as_view(),
        name="emerging_issue_update",
    ),
    path(
        A + "emerging/<int:child_pk>/delete/",
        views.EmergingIssueDeleteView.as_view(),
        name="emerging_issue_delete",
    ),
    path(A + "recommendations/new/", views.RecommendationFormView.as_view(), name="recommendation_create"),
    path(
        A + "recommendations/<int:child_pk>/edit/",
        views.RecommendationFormView.as_view(),
        name="recommendation_update",
    ),
    path(
        A + "recommendations/<int:child_pk>/delete/",
        views.RecommendationDeleteView.as_view(),
        name="recommendation_delete",
    ),
    path(
        A + "recommendations/to-plan/",
        views.RecommendationsToPlanView.as_view(),
        name="recommendations_to_plan",
    ),
    path(A + "issue/", views.AssessmentIssueView.as_view(), name="assessment_issue"),
    path(A + "assessment.pdf", views.AssessmentPdfView.as_view(), name="assessment_pdf"),
    path("calendar/", calendar_views.CalendarView.as_view(), name="calendar"),
    path("calendar/new/", calendar_views.DutyFormView.as_view(), name="duty_create"),
    path("calendar/<int:pk>/edit/", calendar_views.DutyFormView.as_view(), name="duty_update"),
    path("calendar/<int:pk>/delete/", calendar_views.DutyDeleteView.as_view(), name="duty_delete"),
    path("calendar/defaults/", calendar_views.DutyDefaultsView.as_view(), name="duty_defaults"),
    path("calendar/feed/reset/", calendar_views.FeedResetView.as_view(), name="calendar_feed_reset"),
    path("calendar/feed/<str:token>.ics", calendar_views.FeedView.as_view(), name="calendar_feed"),
]
