from django.urls import path

from painpath.pathways import views

app_name = "pathways"
urlpatterns = [
    path("", views.pathway_list, name="list"),
    path("start/<int:decision_id>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/events/new/", views.event_new, name="event_new"),
    path("<int:pk>/events/<int:event_id>/correct/", views.event_correct, name="event_correct"),
    path("<int:pk>/consultations/new/", views.consultation_new, name="consultation_new"),
    path("<int:pk>/assessment/", views.assessment_edit, name="assessment"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/meetings/<int:booked_id>/hold/", views.meeting_new, name="meeting_hold"),
    path("<int:pk>/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path(
        "<int:pk>/meetings/<int:meeting_id>/documents/<int:letter_id>/",
        views.meeting_document,
        name="document",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_id>/documents/<int:letter_id>/pdf/",
        views.meeting_document,
        {"pdf": True},
        name="document_pdf",
    ),
    path("<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    path("<int:pk>/measures/<int:measure_id>/", views.measure_update, name="measure_update"),
    path("<int:pk>/adaptation-items/", views.adaptation_items, name="adaptation_items"),
    path("<int:pk>/team/", views.team_add, name="team_add"),
    path("<int:pk>/hold/", views.hold, name="hold"),
]
