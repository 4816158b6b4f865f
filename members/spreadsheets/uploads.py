"""Keeping an uploaded import file between its preview and its confirmation.

The file is copied to a private temporary folder under a random name; the preview page carries a
signed token naming it, the user who uploaded it and its SHA-256, so the confirmation imports exactly
the previewed file, for the same user, within `TOKEN_MAX_AGE`, once. The admin's views remove the file
on every path but a preview awaiting its confirmation; a preview never confirmed is removed by the next
upload or confirmation once its token has expired (`remove_stale`).
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path

from django.core import signing

TOKEN_SALT = "members.importing.upload"  # noqa: S105 -- a signing salt, not a password
TOKEN_MAX_AGE = 60 * 60  # seconds
STALE_MARGIN = 60  # seconds past the token's age: a confirmation checking its file meanwhile still finds it
FOLDER = Path(tempfile.gettempdir()) / "cluster-registry-imports"


class UploadExpired(Exception):
    pass


def store(uploaded, *, file_format: str, user_id: int) -> tuple[Path, str]:
    """Copy the upload to the folder; returns its path and the signed token for the confirmation."""
    FOLDER.mkdir(mode=0o700, exist_ok=True)
    remove_stale()
    path = FOLDER / f"{secrets.token_hex(16)}.{file_format}"
    digest = hashlib.sha256()
    uploaded.seek(0)
    with path.open("wb") as target:
        for block in uploaded.chunks():
            digest.update(block)
            target.write(block)
    payload = {"file": path.name, "format": file_format, "user": user_id, "sha256": digest.hexdigest()}
    payload["name"] = Path(uploaded.name).name[:100]
    return path, signing.dumps(payload, salt=TOKEN_SALT)


def load(token: str, *, user_id: int) -> dict:
    """The token's payload with the file's `path`; UploadExpired when it is stale, foreign or gone."""
    remove_stale()
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise UploadExpired from error
    path = FOLDER / Path(payload["file"]).name
    if payload["user"] != user_id or not path.is_file():
        raise UploadExpired
    with path.open("rb") as stream:
        if hashlib.file_digest(stream, "sha256").hexdigest() != payload["sha256"]:
            raise UploadExpired
    return {**payload, "path": path}


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)


def remove_stale() -> None:
    """Remove the files of previews whose token has expired (abandoned: never confirmed nor cancelled)."""
    limit = time.time() - TOKEN_MAX_AGE - STALE_MARGIN
    for path in FOLDER.glob("*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except FileNotFoundError:  # another worker removed it first
            continue
