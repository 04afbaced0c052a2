import os

from django.core.asgi import get_asgi_application

from config.env import read_dot_env

read_dot_env()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()
