"""The variables table of each role's page (docs/roles/<role>.md), from the role's argument specs.

Each page is written by hand except the block between its options markers, which this script fills from
meta/argument_specs.yml (the main entry point): every option, its type, its literal default or "computed", and its
description. `python3 tests/harness/role_pages.py --write` rewrites the blocks; tests/unit/test_role_pages.py
fails when a page is missing, lacks a section, or its block differs from what this script writes.
"""
import json
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
START, END = "<!-- options:start (tests/harness/role_pages.py --write) -->", "<!-- options:end -->"
SECTIONS = ("## What it does", "## Main variables", "## Example", "## What it leaves on the host", "## How to undo it")


def roles():
    return sorted(d for d in os.listdir(os.path.join(ROOT, "roles")) if os.path.isdir(os.path.join(ROOT, "roles", d)))


def page_path(role):
    return os.path.join(ROOT, "docs", "roles", role + ".md")


def _plain(text):
    """ansible-doc markup (O(x), V(x), C(x), I(x), U(x)) as Markdown code, one line, pipes escaped."""
    text = " ".join(text) if isinstance(text, list) else str(text)
    text = re.sub(r"\b[OVCIU]\(([^()]*(?:\([^()]*\)[^()]*)*)\)", r"`\1`", text)
    return " ".join(text.split()).replace("|", "\\|")


def _default(option):
    if "default" not in option:
        return "computed (see description)"
    value = option["default"]
    shown = json.dumps(value) if not isinstance(value, str) else (value or '""')
    return "`{0}`".format(shown.replace("|", "\\|")) if len(shown) <= 60 else "see `defaults/main.yml`"


def table(role):
    with open(os.path.join(ROOT, "roles", role, "meta", "argument_specs.yml"), encoding="utf-8") as handle:
        options = yaml.safe_load(handle)["argument_specs"]["main"].get("options", {})
    lines = ["| Variable | Type | Default | Description |", "|---|---|---|---|"]
    for name in sorted(options):
        option = options[name]
        kind = option.get("type", "str") + ("/" + option["elements"] if option.get("elements") else "")
        lines.append("| `{0}` | {1} | {2} | {3} |".format(name, kind, _default(option), _plain(option.get("description", ""))))
    return "\n".join([START] + lines + [END])


def render(role, text):
    """The page with its options block as this script writes it."""
    block = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not block.search(text):
        raise ValueError("{0}: no options block ({1} ... {2})".format(page_path(role), START, END))
    return block.sub(lambda _m: table(role), text)


def main(argv):
    write = "--write" in argv
    stale = []
    for role in roles():
        with open(page_path(role), encoding="utf-8") as handle:
            text = handle.read()
        new = render(role, text)
        if new != text:
            stale.append(role)
            if write:
                with open(page_path(role), "w", encoding="utf-8") as handle:
                    handle.write(new)
    print(("rewrote: " if write else "stale: ") + (", ".join(stale) or "none"))
    return 0 if write or not stale else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
