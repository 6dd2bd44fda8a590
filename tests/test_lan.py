"""``impact-kit serve --lan`` proposes the address phones can reach (the venue's wifi or a hotspot)."""

from __future__ import annotations

from workshop.lan import LanAddress, interface_addresses, lan_candidates


def test_loopback_and_link_local_addresses_are_never_proposed():
    found = [
        LanAddress("lo", "127.0.0.1"),
        LanAddress("Wi-Fi", "169.254.10.20"),
        LanAddress("eth0", "0.0.0.0"),  # noqa: S104 - an address the look-up may report, not a bind
        LanAddress("Wi-Fi", "192.168.1.20"),
    ]
    assert lan_candidates(found) == [LanAddress("Wi-Fi", "192.168.1.20")]


def test_a_hotspot_address_comes_before_a_virtual_machine_adapter():
    found = [
        LanAddress("vEthernet (WSL)", "172.24.80.1"),
        LanAddress("docker0", "172.17.0.1"),
        LanAddress("Wi-Fi", "172.20.10.3"),
        LanAddress("Ethernet", "10.14.2.9"),
    ]
    ranked = lan_candidates(found)
    assert ranked[0] == LanAddress("Wi-Fi", "172.20.10.3")
    assert ranked[1] == LanAddress("Ethernet", "10.14.2.9")
    assert {c.interface for c in ranked[2:]} == {"vEthernet (WSL)", "docker0"}


def test_no_network_gives_no_candidate():
    assert lan_candidates([LanAddress("lo", "127.0.0.1"), LanAddress("x", "not an address")]) == []


def test_this_machine_reports_its_loopback_interface():
    """The real look-up (no stand-in): every machine has 127.0.0.1, and it is never a candidate."""
    found = interface_addresses()
    assert any(a.address == "127.0.0.1" for a in found)
    assert all(c.address != "127.0.0.1" for c in lan_candidates(found))
