import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painpath.settings")
application = get_asgi_application()

from painpath.wsgi import freeze_startup_objects  # noqa: E402

freeze_startup_objects()
