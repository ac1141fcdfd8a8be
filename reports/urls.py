"""Report routes, included below /p/<slug>/ in csp_tracker/urls.py."""

from django.urls import path

from reports import meeting_page_views, meeting_views, scrutiny_compose_views, scrutiny_views, views

PLAN = "plans/<int:plan_pk>/"
MEETING = "meetings/<int:pk>/"

urlpatterns = [
    path(PLAN + "export.xlsx", views.PlanXlsxView.as_view(), name="plan_xlsx"),
    path(PLAN + "export.csv", views.PlanCsvView.as_view(), name="plan_csv"),
    path(PLAN + "updates.csv", views.PlanUpdatesCsvView.as_view(), name="plan_updates_csv"),
    path(PLAN + "delivery-plan.pdf", views.DeliveryPlanPdfRequestView.as_view(), name="delivery_plan_pdf"),
    path("reports/<int:pk>/", views.ReportFileDetailView.as_view(), name="report_file_detail"),
    path("reports/<int:pk>/download/", views.ReportFileDownloadView.as_view(), name="report_file_download"),
    path("reports/<int:pk>/again/", views.ReportFileAgainView.as_view(), name="report_file_again"),
    path("meetings/", meeting_views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", meeting_views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/edit/", meeting_views.MeetingUpdateView.as_view(), name="meeting_update"),
    path(MEETING, meeting_page_views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(MEETING + "agenda/new/", meeting_page_views.AgendaItemFormView.as_view(), name="agenda_item_create"),
    path(
        MEETING + "agenda/<int:item_pk>/edit/",
        meeting_page_views.AgendaItemFormView.as_view(),
        name="agenda_item_update",
    ),
    path(
        MEETING + "agenda/<int:item_pk>/move/",
        meeting_page_views.AgendaItemMoveView.as_view(),
        name="agenda_item_move",
    ),
    path(
        MEETING + "agenda/<int:item_pk>/delete/",
        meeting_page_views.AgendaItemDeleteView.as_view(),
        name="agenda_item_delete",
    ),
    path(MEETING + "minutes/", meeting_page_views.MinutesView.as_view(), name="meeting_minutes"),
    path(
        MEETING + "attendance/new/", meeting_page_views.AttendanceFormView.as_view(), name="attendance_create"
    ),
    path(
        MEETING + "attendance/<int:attendance_pk>/edit/",
        meeting_page_views.AttendanceFormView.as_view(),
        name="attendance_update",
    ),
    path(
        MEETING + "attendance/<int:attendance_pk>/delete/",
        meeting_page_views.AttendanceDeleteView.as_view(),
        name="attendance_delete",
    ),
    path(
        MEETING + "actions/new/", meeting_page_views.ActionLogItemFormView.as_view(), name="action_log_create"
    ),
    path(
        MEETING + "actions/<int:action_pk>/edit/",
        meeting_page_views.ActionLogItemFormView.as_view(),
        name="action_log_update",
    ),
    path(
        MEETING + "actions/<int:action_pk>/status/",
        meeting_page_views.ActionStatusView.as_view(),
        name="action_log_status",
    ),
    path(
        MEETING + "actions/<int:action_pk>/delete/",
        meeting_page_views.ActionLogItemDeleteView.as_view(),
        name="action_log_delete",
    ),
    path("scrutiny/", scrutiny_views.ScrutinyListView.as_view(), name="scrutiny_list"),
    path("scrutiny/new/", scrutiny_views.ScrutinyCreateView.as_view(), name="scrutiny_create"),
    path("scrutiny/<int:pk>/edit/", scrutiny_views.ScrutinyUpdateView.as_view(), name="scrutiny_update"),
    path("scrutiny/<int:pk>/", scrutiny_compose_views.ScrutinyComposeView.as_view(), name="scrutiny_compose"),
    path(
        "scrutiny/<int:pk>/sections/new/",
        scrutiny_compose_views.SectionFormView.as_view(),
        name="scrutiny_section_create",
    ),
    path(
        "scrutiny/<int:pk>/sections/<int:section_pk>/edit/",
        scrutiny_compose_views.SectionFormView.as_view(),
        name="scrutiny_section_update",
    ),
    path(
        "scrutiny/<int:pk>/sections/<int:section_pk>/delete/",
        scrutiny_compose_views.SectionDeleteView.as_view(),
        name="scrutiny_section_delete",
    ),
    path(
        "scrutiny/<int:pk>/sections/<int:section_pk>/move/",
        scrutiny_compose_views.SectionMoveView.as_view(),
        name="scrutiny_section_move",
    ),
    path(
        "scrutiny/<int:pk>/tables/new/",
        scrutiny_compose_views.StatisticsTableFormView.as_view(),
        name="scrutiny_table_create",
    ),
    path(
        "scrutiny/<int:pk>/tables/<int:table_pk>/edit/",
        scrutiny_compose_views.StatisticsTableFormView.as_view(),
        name="scrutiny_table_update",
    ),
    path(
        "scrutiny/<int:pk>/papers/",
        scrutiny_compose_views.BackgroundPapersView.as_view(),
        name="scrutiny_papers",
    ),
    path(
        "scrutiny/<int:pk>/issue/", scrutiny_compose_views.ScrutinyIssueView.as_view(), name="scrutiny_issue"
    ),
    path(
        "scrutiny/<int:pk>/new-version/",
        scrutiny_compose_views.ScrutinyNewVersionView.as_view(),
        name="scrutiny_new_version",
    ),
    path(
        "scrutiny/<int:pk>/report.pdf", scrutiny_views.ScrutinyPdfRequestView.as_view(), name="scrutiny_pdf"
    ),
    path(
        "meetings/<int:pk>/board-pack.pdf",
        meeting_views.BoardPackRequestView.as_view(),
        name="board_pack_pdf",
    ),
]
