"""The MIME types the kit sends files with, named once for every download and e-mail attachment."""

from __future__ import annotations

MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME_ZIP = "application/zip"
MIME_CSV = "text/csv"
MIME_JSON = "application/json"
MIME_PNG = "image/png"
MIME_ICS = "text/calendar; charset=utf-8"
MIME_MARKDOWN = "text/markdown; charset=utf-8"
MIME_HTML = "text/html; charset=utf-8"
