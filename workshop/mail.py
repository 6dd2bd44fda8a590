"""Sending an e-mail through the host's SMTP server, when the host has configured one.

Only used for things a person asks for there and then ("email me my plan"): the address is used
for that one message and never stored or logged. Without ``SMTP_HOST`` the kit sends nothing and
the pages do not offer it.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 15


class MailNotSent(Exception):
    """The SMTP server could not be reached or refused the message; the message is for the person."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str  # "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    content: bytes


def mail_configured(config: dict[str, Any]) -> bool:
    """Whether the host set up SMTP (the "email me" options are hidden otherwise)."""
    return bool(config.get("SMTP_HOST"))


def _sender(config: dict[str, Any]) -> str:
    return config.get("SMTP_FROM") or config.get("SMTP_USERNAME") or f"impact-workshop-kit@{config['SMTP_HOST']}"


def send_mail(
    config: dict[str, Any],
    *,
    to: str,
    subject: str,
    body: str,
    attachments: tuple[Attachment, ...] = (),
) -> None:
    """Send one plain-text message with attachments, or raise :class:`MailNotSent`.

    Port 465 speaks TLS from the start; on other ports STARTTLS is used whenever the server offers
    it, and a username logs in. ``EmailMessage`` refuses line breaks in headers, so a crafted
    address cannot add recipients.
    """
    if not mail_configured(config):
        raise MailNotSent("Email is not set up on this server.")
    message = EmailMessage()
    try:
        message["From"] = _sender(config)
        message["To"] = to
        message["Subject"] = subject
    except ValueError as problem:
        raise MailNotSent("That email address cannot be used.") from problem
    message.set_content(body)
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename)

    host = config["SMTP_HOST"]
    port = int(config.get("SMTP_PORT") or 25)
    try:
        if port == 465:
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
        with server:
            server.ehlo()
            if port != 465 and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if config.get("SMTP_USERNAME"):
                server.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as problem:
        # The recipient's address is deliberately not logged.
        log.warning("could not send mail through %s:%s: %s", host, port, type(problem).__name__)
        raise MailNotSent("We could not send the email just now. Please try again later.") from problem
