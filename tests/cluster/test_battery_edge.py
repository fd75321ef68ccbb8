"""The battery at the front door: traversal out of nginx's /static/ and /media/ folders reaches no file.

The run directory beside those folders holds the stack's secret key and admin password: the targets.
"""

import pytest

from .stack import EDGE, admin_credentials, request


@pytest.mark.parametrize(
    ("path", "status"),
    [
        # nginx resolves the dots first: what is left is a page address the app does not know.
        ("/media/../secret-key", 404),
        ("/media/..%2fsecret-key", 404),
        ("/media/%2e%2e/secret-key", 404),
        ("/media/%2e%2e%2fadmin-credentials", 404),
        ("/media/..\\admin-credentials", 404),
        ("/static/%c0%ae%c0%ae/secret-key", 404),
        ("/static..%2fsecret-key", 404),
        # Dots above the root: nginx refuses the request itself.
        ("/static/..%2f..%2fsecret-key", 400),
        ("/static/../../../../etc/passwd", 400),
    ],
)
def test_traversal_from_the_served_folders_reaches_no_file(cluster, path, status):
    secret = (cluster.run_dir / "secret-key").read_text().strip()
    _username, password = admin_credentials(cluster)

    response = request(EDGE, path)

    assert response.status == status
    assert secret not in response.text
    assert password not in response.text
    assert "root:x:0" not in response.text


def test_a_collected_static_file_is_served(cluster):
    """Positive control: the folder itself is served."""
    assert request(EDGE, "/robots.txt").status == 200
    assert request(EDGE, "/static/css/").status in (403, 404)
    listed = next((cluster.run_dir / "static").rglob("*.css"))
    relative = listed.relative_to(cluster.run_dir / "static").as_posix()

    assert request(EDGE, f"/static/{relative}").status == 200
