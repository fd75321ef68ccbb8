"""`manage.py add_editor`: a user in a role, with a password-set link instead of a password."""

import email
import socketserver
import threading
from io import StringIO

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

import pytest

from editorial.roles import DIRECTORS, PROGRAM_MANAGERS
from tests.conftest import sign_in, signed_in

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def add_editor(*args):
    out = StringIO()
    call_command("add_editor", *args, stdout=out)
    return out.getvalue()


def link_in(output):
    return next(line.split(": ", 1)[1] for line in output.splitlines() if line.startswith("Password-set link"))


class SMTPSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take a message from Django's SMTP backend and keep it."""

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                lines = iter(self.rfile.readline, b".\r\n")
                self.server.messages.append(email.message_from_bytes(b"".join(lines)))
                self.reply("250 kept")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback, and the settings that send through it."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPSink)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    yield server
    server.shutdown()
    server.server_close()


def test_creates_a_director_without_a_usable_password(roles):
    output = add_editor("Chief@Example.org", "--role", "director")
    user = get_user_model().objects.get(email="chief@example.org")
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [DIRECTORS]
    assert link_in(output).startswith("http://127.0.0.1:8000/admin/welcome/")


def test_links_use_the_configured_base_url(roles, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"

    output = add_editor("pm@example.org", "--role", "program-manager")

    assert link_in(output).startswith("http://127.0.0.1:8100/admin/welcome/")
    assert "sign in at http://127.0.0.1:8100/admin/login/" in output
    assert ":8000" not in output


def test_emails_the_link_through_smtp_and_says_so(roles, smtp_server):
    output = add_editor("pm@example.org", "--role", "program-manager")

    [message] = smtp_server.messages
    body = message.get_payload(decode=True).decode()
    assert message["To"] == "pm@example.org"
    assert link_in(output) in body
    assert "sign in at http://127.0.0.1:8000/admin/login/" in body
    assert output.count(link_in(output)) == 1
    assert "Emailed the link to pm@example.org." in output


def test_says_so_when_the_smtp_server_cannot_be_reached(roles, smtp_server, settings):
    smtp_server.shutdown()
    smtp_server.server_close()  # nothing listens on the port any more
    out = StringIO()

    with pytest.raises(CommandError, match="Could not email the link to pm@example.org"):
        call_command("add_editor", "pm@example.org", "--role", "program-manager", stdout=out)

    assert "/admin/welcome/" in link_in(out.getvalue())
    assert "Emailed" not in out.getvalue()
    assert get_user_model().objects.filter(email="pm@example.org").exists()


def test_the_in_memory_backend_is_not_reported_as_emailed(roles):
    output = add_editor("pm@example.org", "--role", "program-manager")

    assert mail.outbox == []
    assert "Emailed" not in output
    assert "Not emailed: the in-memory email backend delivers nothing" in output
    assert output.count(link_in(output)) == 1


def test_the_console_backend_prints_the_link_once_and_no_message(roles, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    output = add_editor("pm@example.org", "--role", "program-manager")
    printed = capsys.readouterr().out  # where the console backend would write a message

    assert output.count(link_in(output)) == 1
    assert "Subject:" not in printed + output
    assert "Content-Type" not in printed + output
    assert "Emailed" not in output
    assert "Not emailed: the console email backend delivers nothing" in output


def test_an_editor_who_has_a_password_keeps_it_and_gets_no_link(roles, smtp_server, django_user_model):
    django_user_model.objects.create_user("pm@example.org", "pm@example.org", "a-long-test-password")

    output = add_editor("pm@example.org", "--role", "director")

    assert "Password-set link" not in output
    assert "They keep their password and sign in at http://127.0.0.1:8000/admin/login/" in output
    assert smtp_server.messages == []
    assert django_user_model.objects.get(username="pm@example.org").check_password("a-long-test-password")


def test_the_link_lets_the_editor_set_a_password_and_sign_in(client, roles):
    output = add_editor("pm@example.org", "--role", "program-manager")
    response = client.get(link_in(output).removeprefix("http://127.0.0.1:8000"), follow=True)
    form_url = response.redirect_chain[-1][0]
    password = "a-new-long-passphrase-42"
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    assert signed_in(sign_in(client, "pm@example.org", password))


def test_moving_an_editor_to_the_other_role_replaces_the_first(roles):
    add_editor("someone@example.org", "--role", "program-manager")
    add_editor("someone@example.org", "--role", "director")
    user = get_user_model().objects.get(email="someone@example.org")
    assert list(user.groups.values_list("name", flat=True)) == [DIRECTORS]
    assert get_user_model().objects.filter(email="someone@example.org").count() == 1
    assert PROGRAM_MANAGERS not in user.groups.values_list("name", flat=True)


def test_refuses_a_bad_email(roles):
    with pytest.raises(CommandError, match="not a valid email"):
        add_editor("not-an-email", "--role", "director")


def test_refuses_an_unknown_role(roles):
    with pytest.raises(CommandError, match="invalid choice"):
        add_editor("x@example.org", "--role", "webmaster")
