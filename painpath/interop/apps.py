from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "painpath.interop"
    label = "interop"
