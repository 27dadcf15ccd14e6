import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402

from config.public_front import PublicFront  # noqa: E402  (needs the settings loaded above)
from config.public_watch import WATCH  # noqa: E402

# Anonymous reads of public pages are answered from the public cache before Django runs (config/public_front.py);
# on PostgreSQL each process listens for public changes instead of asking for the version (config/public_watch.py).
application = PublicFront(django_application, watch=WATCH if settings.PUBLIC_WATCH else None)
