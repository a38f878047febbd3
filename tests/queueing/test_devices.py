"""Device pages: activated once with the token, remembered for a year; a wrong token or kind is refused."""

from __future__ import annotations

from django.test import Client

from govhall.queueing.devices import DEVICE_SESSION_SECONDS

from .conftest import Hall


def test_a_board_is_activated_once_and_remembered_for_a_year(client: Client, hall: Hall) -> None:
    response = client.get(f"/display/board-1/?token={hall.board_token}")
    assert response.status_code == 302 and response["Location"] == "/display/board-1/"
    assert client.session.get_expiry_age() == DEVICE_SESSION_SECONDS
    assert client.get("/display/board-1/").status_code == 200


def test_wrong_token_or_kind_is_refused_in_chinese(client: Client, hall: Hall) -> None:
    wrong = client.get("/display/board-1/?token=not-the-token")
    assert wrong.status_code == 403 and "设备未授权" in wrong.content.decode()
    # A kiosk's token does not open a board page, and an unactivated browser gets nothing.
    assert client.get(f"/display/kiosk-1/?token={hall.kiosk_token}").status_code == 403
    assert client.get("/display/board-1/").status_code == 403


def test_signing_in_on_a_device_browser_restores_the_staff_idle_limit(client: Client, hall: Hall) -> None:
    client.get(f"/display/board-1/?token={hall.board_token}")
    client.force_login(hall.clerk_1)
    assert client.session.get_expiry_age() == 30 * 60
