from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "painpath.pathways"
    label = "pathways"
