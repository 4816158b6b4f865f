"""`serve_download`: a heavy public download (the directory's xlsx, csv, json) cached and bounded.

The file is cached under the registry's revision like a page (`cache_public_page`): its key holds the
revision token, the day, the language, the host (the file links to the member pages) and the full path,
so a repeated download costs one query until the data changes. Files up to
REGISTRY_DOWNLOAD_CACHE_MAX_BYTES are kept in the "downloads" cache (the default cache when there is no
such alias); a larger file is built again for each request and streamed from a temporary file. Building
takes one of REGISTRY_EXPORT_SLOTS slots (`pagecache.bounded`): when every slot is taken the answer is
503 with Retry-After at once, so a burst of downloads leaves the workers free for pages.
"""

import hashlib
import logging
import tempfile

from django.conf import settings
from django.core.cache import caches
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import bounded
from .revision import token

logger = logging.getLogger(__name__)
KEY_PREFIX = "registry-download"
TIMEOUT = 24 * 60 * 60
EXPORT = "export"


def download_cache():
    return caches["downloads" if "downloads" in settings.CACHES else "default"]


def download_key(request) -> str:
    parts = (
        token(),
        timezone.localdate().isoformat(),
        get_language() or "",
        request.get_host(),
        request.get_full_path(),
    )
    return f"{KEY_PREFIX}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def busy_response() -> HttpResponse:
    message = _("Many downloads are being prepared right now. Please try again in a minute.")
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(bounded.RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # An expected refusal, not a server error: a burst of them must not fill the error log (Django logs
    # every 5xx response as an error unless it was logged already).
    logger.info("Busy: a download refused while every export slot is taken")
    response._has_been_logged = True
    return response


def serve_download(request, build, *, filename: str, content_type: str, kind: str = EXPORT):
    """The file `build(target)` writes to a binary file, from the cache when it is there; 503 when busy."""
    key = download_key(request)
    cached = download_cache().get(key)
    if cached is not None:
        return _file_response(cached, filename, content_type)
    target = tempfile.TemporaryFile()  # noqa: SIM115 -- closed below or by the FileResponse; the system deletes it
    try:
        with bounded.slot(kind, settings.REGISTRY_EXPORT_SLOTS):
            build(target)
    except bounded.Busy:
        target.close()
        return busy_response()
    except BaseException:
        target.close()
        raise
    size = target.tell()
    target.seek(0)
    if size > settings.REGISTRY_DOWNLOAD_CACHE_MAX_BYTES:
        return FileResponse(target, as_attachment=True, filename=filename, content_type=content_type)
    with target:
        content = target.read()
    download_cache().set(key, content, TIMEOUT)
    return _file_response(content, filename, content_type)


def _file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
