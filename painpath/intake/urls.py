from django.urls import path

from painpath.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("referrals/<int:pk>/", views.assess, name="assess"),
    path("referrals/<int:pk>/view/", views.record_view, name="record_view"),
    path("referrals/<int:pk>/decide/", views.decide, name="decide"),
    path("referrals/<int:pk>/deviation/", views.deviation_check, name="deviation_check"),
    path("referrals/<int:pk>/ask/", views.ask, name="ask"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/correct/", views.correct, name="correct"),
    path("decisions/<int:pk>/care-start/", views.care_start, name="care_start"),
]
