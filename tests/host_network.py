"""Waiting for this machine's network to settle after containers start or stop.

Each container Docker starts adds a virtual interface to the host, and about a second later
the kernel gives it an IPv6 link-local address. Chromium watches the host's addresses and
aborts whatever it is loading at that moment with ERR_NETWORK_CHANGED (crbug.com/41465264):
a lesson page loading then misses a script chunk and never draws a widget. Browsers on
other machines never see it; the test browser shares the host with Docker, so the browser
tests wait for new interfaces to get their address before a page loads.
"""

from __future__ import annotations

import time
from pathlib import Path

IF_INET6 = Path("/proc/net/if_inet6")  # Linux; elsewhere (Docker Desktop) there is nothing to wait for
LINK_SCOPE, TENTATIVE = 0x20, 0x40
DOCKERS_INTERFACES = ("veth", "br-", "docker")  # a container's end of a link; Docker's bridges


def _settling() -> list[str]:
    """Docker's interfaces that are up and still waiting for their IPv6 link-local address."""
    settled = set()
    for line in IF_INET6.read_text().splitlines():
        _address, _index, _prefix, scope, flags, name = line.split()
        if int(scope, 16) == LINK_SCOPE and not int(flags, 16) & TENTATIVE:
            settled.add(name)
    waiting = []
    for interface in Path("/sys/class/net").iterdir():
        name = interface.name
        if not name.startswith(DOCKERS_INTERFACES):
            continue
        try:
            up = (interface / "operstate").read_text().strip() == "up"
            ipv6 = Path(f"/proc/sys/net/ipv6/conf/{name}/disable_ipv6").read_text().strip() == "0"
            generates = Path(f"/proc/sys/net/ipv6/conf/{name}/addr_gen_mode").read_text().strip() != "1"
        except OSError:  # the interface went away meanwhile
            continue
        if up and ipv6 and generates and name not in settled:
            waiting.append(name)
    return waiting


def wait_for_host_network_to_settle(timeout: float = 10.0) -> None:
    """Returns once no interface is waiting for its address (or after `timeout`: a wait, not a check)."""
    if not IF_INET6.exists():
        return
    deadline = time.monotonic() + timeout
    while _settling() and time.monotonic() < deadline:
        time.sleep(0.1)
