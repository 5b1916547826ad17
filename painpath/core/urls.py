from django.urls import path

from painpath.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("unit/", views.switch_unit, name="switch_unit"),
]
