from django.urls import path

from painpath.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.public_overview, name="public_overview"),
    path("units/mine/", views.my_unit, name="my_unit"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
