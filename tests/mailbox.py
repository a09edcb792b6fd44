"""Run a real SMTP server (aiosmtpd) on this machine and have the app send its mail to it."""

import email
import re
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller
from flask_mailman import Mail


@dataclass
class Mailbox:
    """What the SMTP server received, message by message, in order."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """Return the messages sent to one address."""
        return [message for message in self.messages if address in message["X-Envelope-To"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp_server(app):
    """Start the server and point the app's mail at it; return (mailbox, stop)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    kept = app.extensions["mailman"]
    app.extensions["mailman"] = Mail.init_mail({
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_DEFAULT_SENDER": app.config["MAIL_DEFAULT_SENDER"],
        "MAIL_TIMEOUT": 5,
    })

    def stop() -> None:
        app.extensions["mailman"] = kept
        controller.stop()

    return mailbox, stop


def text_of(message: EmailMessage) -> str:
    """Return a message's plain text as a reader sees it."""
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage, path_start: str) -> str:
    """Return the path (on this site) of the first link in the text that starts so."""
    for url in re.findall(r"https?://\S+", text_of(message)):
        path = urlsplit(url).path
        if path.startswith(path_start):
            return path
    raise AssertionError(f"no link to {path_start} in: {text_of(message)}")
