"""Two-factor sign-in (django-otp): setting it up under Account, signing in with a code, required for superusers."""

import json
import os
import subprocess
import sys
from io import StringIO

from django.core.management import call_command
from django.test import Client

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import sign_in, signed_in
from tests.page_text import parse

PASSWORD = "a-long-test-password"
LIMIT = 10


def code_for(device):
    return f"{totp(device.bin_key):06d}"


def wrong_code_for(device):
    return f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"


def text_of(response):
    return " ".join(parse(response.content).get_text(" ").split())


@pytest.fixture
def device(program_manager):
    return TOTPDevice.objects.create(user=program_manager, name="Authenticator app", confirmed=True)


def test_the_sign_in_form_has_a_code_field(client, site):
    field = parse(client.get("/admin/login/").content).find("input", attrs={"name": "otp_token"})

    assert field["autocomplete"] == "one-time-code"
    assert field["inputmode"] == "numeric"


def test_an_account_without_two_factor_signs_in_with_its_password(client, program_manager):
    assert signed_in(sign_in(client, "pm", PASSWORD))
    assert client.get("/admin/").status_code == 200


def test_an_account_with_two_factor_is_asked_for_its_code(client, device):
    response = sign_in(client, "pm", PASSWORD)

    assert response.status_code == 200
    assert "enter the 6-digit code from your authenticator app" in text_of(response)
    # The password is asked for again, never written back into the page.
    assert PASSWORD not in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused(client, device):
    response = sign_in(client, "pm", PASSWORD, code=wrong_code_for(device))

    assert response.status_code == 200
    assert "That code is wrong or has expired." in text_of(response)
    assert client.get("/admin/").status_code == 302


def test_the_right_code_signs_in_and_the_session_is_verified(client, device):
    response = sign_in(client, "pm", PASSWORD, code=code_for(device))

    assert signed_in(response)
    assert client.get("/admin/").wsgi_request.user.is_verified()


def test_wrong_codes_count_as_failed_sign_ins(client, device):
    answers = [sign_in(client, "pm", PASSWORD, code=wrong_code_for(device)).status_code for _ in range(LIMIT)]
    response = sign_in(client, "pm", PASSWORD, code=code_for(device))

    assert answers == [200] * (LIMIT - 1) + [429]
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_an_editor_sets_up_two_factor_under_account(client, program_manager):
    client.force_login(program_manager)
    account = client.get("/admin/account/")
    setup = client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=program_manager)
    page = parse(setup.content)

    assert parse(account.content).find("a", href="/admin/two-factor/").get_text(strip=True) == "Two-factor sign-in"
    assert setup.status_code == 200
    assert page.find("img", alt="QR code for your authenticator app")["src"].startswith("data:image/svg+xml")
    assert not device.confirmed
    response = client.post("/admin/two-factor/", {"code": code_for(device)})
    device.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert device.confirmed
    assert "otpauth://totp/MGH%20Primary%20Care%20Program%3Apm?secret=" in device.config_url


def test_a_wrong_code_does_not_turn_two_factor_on(client, program_manager):
    client.force_login(program_manager)
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=program_manager)

    response = client.post("/admin/two-factor/", {"code": wrong_code_for(device)})
    device.refresh_from_db()

    assert response.status_code == 200
    assert "That code is wrong or has expired." in text_of(response)
    assert not device.confirmed


def test_an_editor_turns_two_factor_off_with_a_code(client, device):
    assert signed_in(sign_in(client, "pm", PASSWORD, code=code_for(device)))
    assert "Two-factor sign-in is on for your account" in text_of(client.get("/admin/two-factor/"))

    # The code that signed in cannot be used twice: the next one is due.
    response = client.post("/admin/two-factor/", {"code": f"{totp(device.bin_key, drift=1):06d}"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=device.user).exists()


def test_the_operator_removes_a_lost_phone(device):
    output = StringIO()
    call_command("reset_two_factor", "pm", stdout=output)

    assert output.getvalue() == "Removed pm's authenticator app: they can set up two-factor sign-in again.\n"
    assert not TOTPDevice.objects.filter(user=device.user).exists()
    assert signed_in(sign_in(Client(), "pm", PASSWORD))


# Required for superusers (production)


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True


def test_a_superuser_without_two_factor_is_sent_to_set_it_up(client, superuser, site, required):
    assert signed_in(sign_in(client, "root", PASSWORD))

    for url in ["/admin/", "/admin/pages/", "/admin/users/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/admin/two-factor/"
    setup = client.get("/admin/two-factor/")
    assert "Superuser accounts must sign in with two-factor. Set it up now" in text_of(setup)
    device = TOTPDevice.objects.get(user=superuser)
    assert client.post("/admin/two-factor/", {"code": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert "Superuser accounts cannot turn it off." in text_of(client.get("/admin/two-factor/"))


def test_a_superuser_with_two_factor_needs_the_code_to_sign_in(client, superuser, site, required):
    device = TOTPDevice.objects.create(user=superuser, name="Authenticator app", confirmed=True)

    assert sign_in(client, "root", PASSWORD).status_code == 200
    assert signed_in(sign_in(client, "root", PASSWORD, code=code_for(device)))
    assert client.get("/admin/").status_code == 200


def test_a_superuser_session_that_skipped_the_code_must_enter_it(client, superuser, site, required, settings):
    # No growing wait between a wrong and a right code here (django-otp's own throttle, tested below).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=superuser, name="Authenticator app", confirmed=True)
    client.force_login(superuser)

    assert client.get("/admin/")["Location"] == "/admin/two-factor/"
    assert "Enter the code from your authenticator app to go on." in text_of(client.get("/admin/two-factor/"))
    assert client.post("/admin/two-factor/", {"code": wrong_code_for(device)}).status_code == 200
    assert client.get("/admin/")["Location"] == "/admin/two-factor/"
    assert client.post("/admin/two-factor/", {"code": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_code_right_after_a_wrong_one_is_asked_to_wait(client, program_manager, settings):
    # The wait after one wrong code, an hour here instead of a second, so the test never outruns it.
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600
    client.force_login(program_manager)
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=program_manager)
    client.post("/admin/two-factor/", {"code": wrong_code_for(device)})

    response = client.post("/admin/two-factor/", {"code": code_for(device)})
    device.refresh_from_db()

    assert "Too many wrong codes just now: wait a few seconds, then enter a new code." in text_of(response)
    assert not device.confirmed


def test_other_editors_are_not_required_to_use_two_factor(client, program_manager, required):
    assert signed_in(sign_in(client, "pm", PASSWORD))
    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_a_superuser_signs_in_with_a_password(client, superuser, site):
    assert signed_in(sign_in(client, "root", PASSWORD))
    assert client.get("/admin/").status_code == 200


PRINT_REQUIRED = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(s.OTP_REQUIRED_FOR_SUPERUSERS))"
)


def production_requirement(settings, **env_changes):
    env = {key: value for key, value in os.environ.items() if key != "OTP_REQUIRED_FOR_SUPERUSERS"}
    env.update(
        DJANGO_SETTINGS_MODULE="residency.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="example.org",
        EMAIL_URL="console://",
    )
    env.update(env_changes)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT_REQUIRED], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_requires_two_factor_for_superusers(settings):
    assert production_requirement(settings) is True
    assert production_requirement(settings, OTP_REQUIRED_FOR_SUPERUSERS="false") is False
