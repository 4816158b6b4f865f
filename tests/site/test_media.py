"""Uploaded award scans and documents are served by the app, and nothing else under MEDIA_ROOT."""

import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "awards" / "2016").mkdir(parents=True)
    (tmp_path / "awards" / "2016" / "diploma.pdf").write_bytes(b"%PDF-1.4 scan")
    (tmp_path / "governance" / "documents").mkdir(parents=True)
    (tmp_path / "governance" / "documents" / "agreement.docx").write_bytes(b"PK docx")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "backup.sqlite3").write_bytes(b"secret")
    return tmp_path


def test_an_award_scan_is_served_inline_with_a_sandbox(client, media_root):
    response = client.get("/media/awards/2016/diploma.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"
    assert "sandbox" in response["Content-Security-Policy"]
    assert not response.get("Content-Disposition", "").startswith("attachment")


def test_a_document_a_browser_cannot_show_safely_is_a_download(client, media_root):
    response = client.get("/media/governance/documents/agreement.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    ["/media/private/backup.sqlite3", "/media/awards/../private/backup.sqlite3", "/media/awards/2016/missing.pdf"],
)
def test_files_outside_the_public_upload_folders_are_not_found(client, media_root, path):
    assert client.get(path).status_code == 404
