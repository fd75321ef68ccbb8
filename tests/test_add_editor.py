"""`manage.py add_editor`: a user in a role, with a password-set link instead of a password."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

import pytest

from editorial.roles import DIRECTORS, PROGRAM_MANAGERS


def add_editor(*args):
    out = StringIO()
    call_command("add_editor", *args, stdout=out)
    return out.getvalue()


def link_in(output):
    return next(line.split(": ", 1)[1] for line in output.splitlines() if line.startswith("Password-set link"))


def test_creates_a_director_without_a_usable_password(roles):
    output = add_editor("Chief@Example.org", "--role", "director")
    user = get_user_model().objects.get(email="chief@example.org")
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [DIRECTORS]
    assert link_in(output).startswith("http://127.0.0.1:8000/admin/password_reset/confirm/")


def test_emails_the_link(roles):
    output = add_editor("pm@example.org", "--role", "program-manager")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pm@example.org"]
    assert link_in(output) in mail.outbox[0].body


def test_the_link_lets_the_editor_set_a_password_and_sign_in(client, roles):
    output = add_editor("pm@example.org", "--role", "program-manager")
    response = client.get(link_in(output).removeprefix("http://127.0.0.1:8000"), follow=True)
    form_url = response.redirect_chain[-1][0]
    password = "a-new-long-passphrase-42"
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    assert client.login(username="pm@example.org", password=password)


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
