"""Partners' resource commitments, included below /p/<slug>/ by partners/urls.py."""

from django.urls import path

from partners import organisation_views as views

urlpatterns = [
    path(
        "organisations/<int:org_pk>/commitments/new/",
        views.CommitmentCreateView.as_view(),
        name="commitment_create",
    ),
    path(
        "organisations/<int:org_pk>/commitments/<int:pk>/edit/",
        views.CommitmentUpdateView.as_view(),
        name="commitment_update",
    ),
]
