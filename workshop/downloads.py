"""Every file the kit sends for download (or to show inline), with one Content-Disposition.

Flask's ``send_file`` writes the header: a plain ASCII ``filename=`` and, for a name with other
characters (a workshop called "Café Évidence"), the RFC 5987 ``filename*=UTF-8''…`` that browsers
prefer. Files are built in memory, never read from disk, so nothing here touches a path.
"""

from __future__ import annotations

import io

from flask import Response, send_file


def send_download(content: bytes | str, mimetype: str, filename: str, *, inline: bool = False) -> Response:
    """``content`` as a download named ``filename`` (``inline`` to show it in the browser instead).

    Like every page, a download may hold personal statements: it is never kept by a shared cache
    (``no-store``, as workshop/security.py gives pages), nor answered from a conditional request.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=not inline,
        download_name=filename,
        conditional=False,
        etag=False,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
