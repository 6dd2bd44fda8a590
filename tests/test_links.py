"""Links that die with the session: the one rule (``private_address_kind``) and the facilitator's warning.

A join address on loopback (127.0.0.1, localhost) reaches nobody but the laptop; a private-network
address (10.x, 172.16-31.x, 192.168.x) reaches only phones on the same wifi, and only that day.
"""

from __future__ import annotations

import pytest

from workshop.links import is_private_address, private_address_kind

LOOPBACK = [
    "http://127.0.0.1:5000/j/7KX9QM",
    "127.9.8.7",
    "http://localhost:5000/",
    "https://LOCALHOST",
    "http://kit.localhost/",
    "http://[::1]:5000/j/ABC",
    "http://0.0.0.0:5000",
]
PRIVATE = [
    "http://10.0.0.5:5000/j/ABC",
    "http://172.16.0.1/",
    "172.31.255.254",
    "http://192.168.1.20:5000",
    "http://169.254.10.1/",
    "http://[fd12:3456::1]:5000/",
    "http://[fe80::1]/",
    "http://[::ffff:192.168.0.9]/",
    "http://mylaptop:5000/j/ABC",
    "http://tracey-laptop.local:5000/",
]
PUBLIC_OR_NONSENSE = [
    "https://impact.example.nhs.uk/j/7KX9QM",
    "http://172.15.0.1/",
    "http://172.32.0.1/",
    "http://192.169.0.1/",
    "http://11.0.0.1/",
    "https://[2001:4860:4860::8888]/",
    "8.8.8.8",
    "",
    "http://[unbalanced/",
]


@pytest.mark.parametrize(
    ("address", "kind"),
    [(a, "loopback") for a in LOOPBACK] + [(a, "private") for a in PRIVATE] + [(a, None) for a in PUBLIC_OR_NONSENSE],
)
def test_which_addresses_die_with_the_session(address, kind):
    assert private_address_kind(address) == kind
    assert is_private_address(address) is (kind is not None)


def test_the_workshop_page_warns_when_phones_cannot_reach_the_join_address(signed_in):
    code = signed_in.workshop()
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    # the test client's address is http://localhost/: only this computer
    assert "Phones cannot reach this address" in page
    assert "Documents and calendar files will not print this address" in page


@pytest.mark.parametrize("app_settings", [{"PUBLIC_BASE_URL": "http://192.168.1.20:5000"}])
def test_a_private_network_address_gets_its_own_warning(signed_in):
    code = signed_in.workshop()
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "Only phones on this network can reach this address" in page
    assert f"http://192.168.1.20:5000/j/{code}" in page
    assert "Phones cannot reach this address" not in page


@pytest.mark.parametrize("app_settings", [{"PUBLIC_BASE_URL": "https://impact.example.nhs.uk"}])
def test_no_warning_at_a_public_address(signed_in):
    code = signed_in.workshop()
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert f"https://impact.example.nhs.uk/j/{code}" in page
    assert "address-warning" not in page


@pytest.mark.parametrize(
    "app_settings", [{"PUBLIC_BASE_URL": "https://impact.example.nhs.uk", "SERVE_HOST": "127.0.0.1"}]
)
def test_a_kit_listening_only_on_this_computer_is_warned_about_whatever_the_qr_says(signed_in):
    """`PUBLIC_BASE_URL=… make run` without HOST: the QR names a real address, the server hears only itself."""
    code = signed_in.workshop()
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "the kit listens only on this computer" in page
    assert "impact-kit serve --lan" in page
    assert "Documents and calendar files will not print" not in page


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", ""])  # noqa: S104 - compared, not bound
def test_listening_on_the_network_is_not_local_only(host):
    from workshop.links import listens_only_locally

    assert listens_only_locally(host) is False
    assert listens_only_locally("127.0.0.1") and listens_only_locally("localhost") and listens_only_locally("::1")
