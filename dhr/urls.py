"""DHR register routes and evidence files, included below /p/<slug>/ in csp_tracker/urls.py."""

from django.urls import path

from dhr import attachment_views, views

urlpatterns = [
    path("dhr/", views.RegisterView.as_view(), name="dhr_register"),
    path("dhr/register.csv", views.RegisterExportView.as_view(file_format="csv"), name="dhr_register_csv"),
    path("dhr/register.xlsx", views.RegisterExportView.as_view(file_format="xlsx"), name="dhr_register_xlsx"),
    path("dhr/new/", views.ReviewCreateView.as_view(), name="dhr_review_create"),
    path("dhr/read-log/", views.ReadLogView.as_view(), name="dhr_read_log"),
    path("dhr/<int:pk>/", views.ReviewDetailView.as_view(), name="dhr_review_detail"),
    path("dhr/<int:pk>/edit/", views.ReviewEditView.as_view(), name="dhr_review_update"),
    path("dhr/<int:pk>/stage/", views.StageRecordView.as_view(), name="dhr_stage_record"),
    path("dhr/<int:pk>/progress/", views.ReviewProgressView.as_view(), name="dhr_review_progress"),
    path(
        "dhr/<int:pk>/recommendations/new/",
        views.RecommendationCreateView.as_view(),
        name="dhr_recommendation_create",
    ),
    path(
        "dhr/recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="dhr_recommendation_detail",
    ),
    path(
        "dhr/recommendations/<int:pk>/edit/",
        views.RecommendationEditView.as_view(),
        name="dhr_recommendation_edit",
    ),
    path(
        "dhr/recommendations/<int:pk>/update/",
        views.RecommendationUpdateFormView.as_view(),
        name="dhr_recommendation_update",
    ),
    path(
        "dhr/recommendation-updates/<int:pk>/review/",
        views.RecommendationReviewView.as_view(),
        name="dhr_recommendation_review",
    ),
    path(
        "files/<slug:kind>/<int:parent_pk>/new/",
        attachment_views.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path("files/<int:pk>/", attachment_views.AttachmentDownloadView.as_view(), name="attachment_download"),
]
