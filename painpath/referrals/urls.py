from django.urls import path

from painpath.referrals import views

app_name = "referrals"
urlpatterns = [
    path("new/", views.new_referral, name="new"),
    path("check/", views.live_check, name="live_check"),
    path("mine/", views.my_referrals, name="mine"),
    path("incoming/", views.incoming, name="incoming"),
    path("register/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/flags/", views.set_flag, name="set_flag"),
    path("<int:pk>/questions/<int:question_pk>/answer/", views.answer_question, name="answer"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
]
