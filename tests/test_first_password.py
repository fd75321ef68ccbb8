"""A new editor's link opens screens worded for a first password; a forgotten password keeps reset wording."""

import re
from io import StringIO

from django.core import mail
from django.core.management import call_command

import pytest

from tests.conftest import sign_in, signed_in

PASSWORD = "a-new-long-passphrase-42"


def password_link(email):
    out = StringIO()
    call_command("add_editor", email, "--role", "program-manager", stdout=out)
    url = re.search(r"Password-set link [^:]*: (\S+)", out.getvalue()).group(1)
    return url.removeprefix("http://127.0.0.1:8000")


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_link_from_add_editor_asks_to_set_a_first_password(client, roles):
    response = client.get(password_link("pm@example.org"), follow=True)
    page = text_of(response)

    assert response.status_code == 200
    assert "<title>Set your password" in page
    assert "<h1>Set your password</h1>" in page
    assert "sign in with your email address, <strong>pm@example.org</strong>" in page
    assert ">Set password</button>" in page
    assert "Reset password" not in page
    assert "> Password confirmation<" in page
    assert "New password" not in page  # a first password, not a new one


def test_setting_the_first_password_says_it_is_set_and_offers_sign_in(client, roles):
    form = client.get(password_link("pm@example.org"), follow=True).redirect_chain[-1][0]

    response = client.post(form, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)
    page = text_of(response)

    assert response.redirect_chain[-1][0] == "/admin/login/"
    assert "Your password is set. Sign in with your email address and your new password." in page
    assert "Password change successful" not in page
    assert signed_in(sign_in(client, "pm@example.org", PASSWORD))


def test_a_used_link_says_so_and_points_to_sign_in(client, roles):
    link = password_link("pm@example.org")
    form = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    page = text_of(client.get(link, follow=True))

    assert "<h1>This link no longer works</h1>" in page
    assert "works once, for 3 days" in page
    assert 'href="/admin/login/"' in page
    assert "Request a new password reset" not in page  # an account without a password gets no reset email


def test_a_forgotten_password_keeps_the_reset_wording(client, django_user_model, site):
    django_user_model.objects.create_user("pm", "pm@example.org", "an-old-long-passphrase-1")
    client.post("/admin/password_reset/", {"email": "pm@example.org"})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)

    assert "Set your new password" in text_of(form)
    assert "Reset password" in text_of(form)
    assert "Password change successful" in text_of(done)
    assert "Your password is set" not in text_of(done)


@pytest.mark.parametrize("bad", ["MQ/not-a-token/", "zz/not-a-token/"])
def test_a_bad_link_is_refused(client, roles, bad):
    page = text_of(client.get(f"/admin/welcome/{bad}"))

    assert "<h1>This link no longer works</h1>" in page
    assert "<form" not in page.split('id="main"')[1]
