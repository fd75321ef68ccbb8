"""The 500 page must render when the database is what failed."""

from django.template.loader import render_to_string


def test_server_error_page_renders_without_touching_the_database():
    # No django_db mark: any query here would fail the test.
    html = render_to_string("500.html")

    assert "<h1" in html
    assert 'lang="en"' in html
