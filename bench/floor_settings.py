"""Settings of the floor server bench/load.py runs: the site's own, with one more address (bench/floor_urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "floor_urls"
