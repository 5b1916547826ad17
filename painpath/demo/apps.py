from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "painpath.demo"
    label = "demo"
