"""Settings for the benchmark's processes: the project's production settings on the bench database.

Debug is off, as in production (debug on would keep every query in memory). The runner passes a
throwaway secret key and the bench DATABASE_URL; static files are served unhashed so no
collectstatic is needed, and the URLconf adds the bench-only floor views.
"""

import os
import warnings

os.environ["DJANGO_DEBUG"] = "0"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"  # plain HTTP on 127.0.0.1, as behind a TLS proxy

from cluster_registry.settings import *  # noqa: E402, F403

ROOT_URLCONF = "cluster_registry.bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The benchmark imports files far larger than an upload may be; the upload limit is not what it measures.
REGISTRY_IMPORT_MAX_BYTES = 2**30
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
