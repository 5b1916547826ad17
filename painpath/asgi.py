import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painpath.settings")
application = get_asgi_application()

from painpath.wsgi import freeze_startup_objects, refuse_to_serve_without_a_secret_key  # noqa: E402

refuse_to_serve_without_a_secret_key()
freeze_startup_objects()
