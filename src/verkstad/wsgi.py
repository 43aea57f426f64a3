"""WSGI entry point (``verkstad.wsgi:application``).

Under ``verkstad serve`` ordinary requests pass a gate of ``VERKSTAD_WEB_THREADS`` at a time,
while live-update streams wait in threads of their own (:mod:`verkstad.core.concurrency`).
"""

import os

from django.core.wsgi import get_wsgi_application

from verkstad.core.concurrency import page_gate

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verkstad.settings")
application = page_gate(get_wsgi_application(), int(os.environ.get("VERKSTAD_WEB_GATE", "0") or 0))
