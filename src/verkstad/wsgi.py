"""WSGI entry point (``verkstad.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verkstad.settings")
application = get_wsgi_application()
