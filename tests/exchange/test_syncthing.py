"""End to end through Syncthing: two daemons on 127.0.0.1 (no discovery, no relays) replicate an
exchange folder; a bundle written on one side is applied on the other, and the ack comes back."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from dv_forum.exchange import journal

from .helpers import deliver, new_db, pair, send

DEADLINE_S = 90


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _generate(home: Path) -> str:
    out = subprocess.run(
        ["syncthing", "generate", f"--home={home}", "--no-default-folder"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Device ID: (\S+)", out.stdout + out.stderr)
    assert found
    return found.group(1)


def _configure(home: Path, me: str, other: str, listen: int, other_listen: int, folder: Path) -> None:
    tree = ET.parse(home / "config.xml")
    root = tree.getroot()
    opts = root.find("options")
    assert opts is not None
    settings = {
        "listenAddress": f"tcp://127.0.0.1:{listen}",
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "startBrowser": "false",
        "urAccepted": "-1",
        "crashReportingEnabled": "false",
        "autoUpgradeIntervalH": "0",
        "reconnectionIntervalS": "1",
    }
    for key, value in settings.items():
        el = opts.find(key)
        if el is None:
            el = ET.SubElement(opts, key)
        el.text = value
    gui = root.find("gui/address")
    assert gui is not None
    gui.text = f"127.0.0.1:{_port()}"
    dev = ET.SubElement(root, "device", id=other, name="peer", compression="metadata")
    ET.SubElement(dev, "address").text = f"tcp://127.0.0.1:{other_listen}"
    fol = ET.SubElement(
        root,
        "folder",
        id="dvx",
        label="exchange",
        path=str(folder),
        type="sendreceive",
        rescanIntervalS="1",
        fsWatcherEnabled="false",
    )
    ET.SubElement(fol, "device", id=me)
    ET.SubElement(fol, "device", id=other)
    tree.write(home / "config.xml")


@pytest.fixture
def two_daemons(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    homes = [tmp_path / "st1", tmp_path / "st2"]
    folders = [tmp_path / "x1", tmp_path / "x2"]
    ids = [_generate(h) for h in homes]
    ports = [_port(), _port()]
    for i in (0, 1):
        folders[i].mkdir()
        _configure(homes[i], ids[i], ids[1 - i], ports[i], ports[1 - i], folders[i])
    procs = [
        subprocess.Popen(
            [
                "syncthing",
                "serve",
                f"--home={h}",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                f"--logfile={h / 'log.txt'}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for h in homes
    ]
    try:
        yield folders[0], folders[1]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)


def _arrives(path: Path, size: int) -> bool:
    # Syncthing is another process: poll for its result, bounded by a deadline.
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        if path.exists() and path.stat().st_size == size:
            return True
        time.sleep(0.2)
    return False


def test_a_bundle_crosses_a_syncthing_folder_and_applies(two_daemons: tuple[Path, Path]) -> None:
    left, right = two_daemons
    coord, ann = new_db("coord", "coordinator"), new_db("ann", "outreach")
    pair(coord, "coord", "coordinator", ann, "ann", "outreach")
    journal.record_change(coord, "client:1", {"locality": "North"}, audience="ann")
    blob = send(coord, "ann")
    (left / "coord-to-ann-1.dvx").write_bytes(blob)
    assert _arrives(right / "coord-to-ann-1.dvx", len(blob))
    assert deliver((right / "coord-to-ann-1.dvx").read_bytes(), ann).applied == 1
    reply = send(ann, "coord")
    (right / "ann-to-coord-1.dvx").write_bytes(reply)
    assert _arrives(left / "ann-to-coord-1.dvx", len(reply))
    deliver((left / "ann-to-coord-1.dvx").read_bytes(), coord)
    assert coord.execute("SELECT acked_seq FROM exchange_devices WHERE name = 'ann'").fetchone()[0] == 1
    assert journal.values(ann, "client:1") == {"locality": "North"}
