import os

from django.core.wsgi import get_wsgi_application

from config.env import read_dot_env

read_dot_env()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
