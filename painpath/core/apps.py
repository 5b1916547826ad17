from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "painpath.core"
    label = "core"
