"""The test image is built from the mirror the machine's apt already uses."""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "apt_mirror", os.path.join(HERE, "..", "..", "harness", "apt_mirror.py"))
apt_mirror = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(apt_mirror)

DEB822 = """Types: deb
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
"""


def test_deb822_main_suite_only():
    assert list(apt_mirror._deb822_uris(DEB822)) == ["http://mirror.example/debian"]


def test_one_line_format():
    text = "deb [arch=amd64] http://mirror.example/debian bookworm main\ndeb http://x/security bookworm-security main\n"
    assert list(apt_mirror._one_line_uris(text)) == ["http://mirror.example/debian"]


def test_other_releases_are_ignored():
    assert not list(apt_mirror._one_line_uris("deb http://mirror.example/debian trixie main\n"))
    assert not list(apt_mirror._deb822_uris(DEB822.replace("bookworm", "trixie")))
