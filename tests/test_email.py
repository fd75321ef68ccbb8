"""Password-reset mail leaves through the SMTP server EMAIL_URL names, with a link that sets a new password."""

import re
import socket

import pytest
from aiosmtpd.controller import Controller

from residency.settings.base import email_settings


def free_port():
    """A loopback port nothing listens on, so parallel runs never share the test's mail server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SMTP_PORT = free_port()


class Mailbox:
    """aiosmtpd's handler: keeps every message the server accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    for name, value in email_settings(f"smtp://127.0.0.1:{SMTP_PORT}").items():
        setattr(settings, name, value)
    settings.DEFAULT_FROM_EMAIL = "noreply@primarycare.example.org"
    return settings


def test_password_reset_mail_goes_out_through_the_configured_smtp_server(client, superuser, smtp_server, smtp_settings):
    response = client.post("/admin/password_reset/", {"email": "root@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/done/"
    [envelope] = smtp_server.messages
    assert envelope.mail_from == "noreply@primarycare.example.org"
    assert envelope.rcpt_tos == ["root@example.org"]
    body = envelope.content.decode()
    link = re.search(r"http://127\.0\.0\.1:8000(/admin/password_reset/confirm/[^/\s]+/[^/\s]+/)", body)
    assert link, body
    # The link works: it leads to the form for a new password.
    confirm = client.get(link.group(1), follow=True)
    assert confirm.status_code == 200
    assert b"new_password1" in confirm.content


def test_no_mail_for_an_address_without_an_account(client, superuser, smtp_server, smtp_settings):
    response = client.post("/admin/password_reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert smtp_server.messages == []
    # Positive control: the server is listening, so the absence of mail is the site's choice.
    with socket.create_connection(("127.0.0.1", SMTP_PORT), timeout=5) as connection:
        assert connection.recv(100).startswith(b"220")
