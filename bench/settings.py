"""Settings for `make bench`: the product's settings, plus the bench app and its floor views.

Only the benchmark uses this module (`DJANGO_SETTINGS_MODULE=bench.settings`); the product's settings
never name the bench app, so `manage.py bench` does not exist on a server. Nothing here changes the
environment: the runner gives its child processes production settings through theirs (`runner.child_env`:
debug off, a throwaway secret key, the bench database), and the parent of `make bench` runs with debug on
as any local command does.
"""

import warnings

from cluster_registry.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
# Outermost: every response of the benchmark's servers says how many SQL queries it took (bench/workers.py).
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The benchmark imports files far larger than an upload may be; the upload limit is not what it measures.
REGISTRY_IMPORT_MAX_BYTES = 2**30
REGISTRY_IMPORT_MAX_ROWS = 10**7
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
# The API's throttle would refuse the benchmark's repeated requests from one address: it is not what is measured.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"}}  # noqa: F405
