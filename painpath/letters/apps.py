from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "painpath.letters"
    label = "letters"
