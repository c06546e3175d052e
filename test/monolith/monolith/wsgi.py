"""WSGI config for the monolith (served by gunicorn: see gunicorn.conf.py)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "monolith.settings")

application = get_wsgi_application()
