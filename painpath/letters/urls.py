from django.urls import path

from painpath.letters import views

app_name = "letters"
urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/mark/", views.mark_dispatched, {"pk": 0}, name="mark_ticked"),
    path("decision/<int:decision_id>/", views.for_decision, name="for_decision"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/pdf/", views.letter_pdf, name="pdf"),
    path("<int:pk>/mark/", views.mark_dispatched, name="mark"),
]
