"""The laptop's address on the venue network, for ``impact-kit serve --lan``.

Phones reach a laptop only through its address on the network they share (the venue's wifi or a
phone hotspot), so ``--lan`` looks the interfaces up and proposes that address for the QR code.
Pure apart from :func:`interface_addresses`, which asks the operating system (``ifaddr`` works on
Windows, macOS and Linux without admin rights).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

# Adapters that virtual machines, containers and VPN clients add: rarely the network the phones are on.
_VIRTUAL_HINTS = (
    "docker",
    "br-",
    "virbr",
    "veth",
    "vmnet",
    "vbox",
    "virtualbox",
    "hyper-v",
    "vethernet",
    "wsl",
    "tun",
    "tap",
    "utun",
    "tailscale",
    "zerotier",
    "wg",
    "vpn",
)


@dataclass(frozen=True, order=True)
class LanAddress:
    """An IPv4 address of one network interface."""

    interface: str
    address: str

    @property
    def is_virtual(self) -> bool:
        name = self.interface.lower()
        return any(hint in name for hint in _VIRTUAL_HINTS)


def interface_addresses() -> list[LanAddress]:
    """Every IPv4 address of this machine's interfaces, as the operating system reports them."""
    import ifaddr

    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):  # IPv6 addresses come as tuples
                found.append(LanAddress(interface=str(adapter.nice_name), address=ip.ip))
    return found


def _rank(candidate: LanAddress) -> tuple[int, int, str]:
    ip = ipaddress.IPv4Address(candidate.address)
    if ip in ipaddress.IPv4Network("192.168.0.0/16"):
        kind = 0  # home routers and most phone hotspots
    elif ip in ipaddress.IPv4Network("172.16.0.0/12"):
        kind = 1  # iPhone hotspots (172.20.10.x) and many venues
    elif ip in ipaddress.IPv4Network("10.0.0.0/8"):
        kind = 2  # Android hotspots and large venue networks
    else:
        kind = 3
    return (1 if candidate.is_virtual else 0, kind, candidate.address)


def lan_candidates(addresses: Iterable[LanAddress]) -> list[LanAddress]:
    """The addresses phones could use, best first: no loopback, link-local or unassigned address."""
    usable = []
    for candidate in addresses:
        try:
            ip = ipaddress.IPv4Address(candidate.address)
        except ValueError:
            continue
        if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
            continue
        usable.append(candidate)
    return sorted(set(usable), key=_rank)
