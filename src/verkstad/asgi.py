"""ASGI entry point (``verkstad.asgi:application``), served by granian."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verkstad.settings")
application = get_asgi_application()
