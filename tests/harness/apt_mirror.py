"""Print the Debian mirror this machine's apt uses (or, with --sources, a deb822 file for it)."""
import glob
import re
import sys


def _deb822_uris(text):
    for stanza in re.split(r"\n\s*\n", text):
        if re.search(r"^Suites:.*\bbookworm\b(?!-security)", stanza, re.M):
            m = re.search(r"^URIs:\s*(\S+)", stanza, re.M)
            if m:
                yield m.group(1)


def _one_line_uris(text):
    for line in text.splitlines():
        m = re.match(r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s", line)
        if m:
            yield m.group(1)


def find():
    main = security = None
    files = glob.glob("/etc/apt/sources.list.d/*.sources") + glob.glob("/etc/apt/sources.list")
    for path in files:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        for uri in list(_deb822_uris(text)) + list(_one_line_uris(text)):
            main = main or uri.rstrip("/")
        m = re.search(r"^URIs:\s*(\S+)\s*\nSuites:\s*bookworm-security", text, re.M)
        if m:
            security = m.group(1).rstrip("/")
    if not main:
        sys.exit("no bookworm mirror found in /etc/apt: add one, or set it in /etc/apt/sources.list.d")
    return main, security or main + "-security"


if __name__ == "__main__":
    mirror, security = find()
    if "--sources" in sys.argv:
        print(f"Types: deb\nURIs: {mirror}\nSuites: bookworm bookworm-updates\nComponents: main\n"
              "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
              f"Types: deb\nURIs: {security}\nSuites: bookworm-security\nComponents: main\n"
              "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg")
    else:
        print(mirror)
