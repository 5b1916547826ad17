from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "painpath.accounts"
    label = "accounts"
