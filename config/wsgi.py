import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from config.public_front import PublicFront  # noqa: E402  (needs the settings loaded above)

# Anonymous reads of public pages are answered from the public cache before Django runs (config/public_front.py).
application = PublicFront(django_application)
