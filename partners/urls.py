"""Partnership pages, included below /p/<slug>/ in csp_tracker/urls.py."""

from django.urls import include, path

from partners import audit_views, views

urlpatterns = [
    path("", views.PartnershipDetailView.as_view(), name="partnership_detail"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path(
        "organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path("people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("people/<int:pk>/role/", views.MembershipView.as_view(), name="membership_edit"),
    path("glossary/new/", views.GlossaryTermCreateView.as_view(), name="glossary_create"),
    path("glossary/<int:pk>/edit/", views.GlossaryTermUpdateView.as_view(), name="glossary_update"),
    path("audit/", audit_views.AuditLogView.as_view(), name="audit_log"),
    path("audit/audit-log.csv", audit_views.AuditLogCsvView.as_view(), name="audit_log_csv"),
    path("", include("partners.organisation_urls")),  # resource commitments (issue 14)
]
