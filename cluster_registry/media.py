"""Uploaded documents (award scans, governance documents) served by the app itself.

The registry keeps a handful of scans, so the app serves them rather than asking every deployment
for a web-server route. Only the upload folders of public documents are served, through
`django.views.static.serve` (which refuses paths outside MEDIA_ROOT); files that a browser could
run as a page are sent as downloads, and every file gets a sandboxing policy of its own.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_GET
from django.views.static import serve

# upload_to folders of Document.file, Award.scan and Member.logo_small/logo_large (members.logos)
PUBLIC_FOLDERS = ("governance/documents/", "awards/", "members/logos/")
SHOWN_INLINE = {".pdf", ".png", ".jpg", ".jpeg", ".webp"}


@require_GET
def media(request, path: str):
    if not path.startswith(PUBLIC_FOLDERS) or ".." in PurePosixPath(path).parts:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if PurePosixPath(path).suffix.lower() not in SHOWN_INLINE:
        response["Content-Disposition"] = f'attachment; filename="{PurePosixPath(path).name}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; object-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
