# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place where the lab writes a value a user can type into a systemd unit file.

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.

systemd reads a unit's lines with its own rules (systemd.service(5), systemd.unit(5)): % starts a specifier
everywhere, $ expands a variable in ExecStart=, and a double-quoted word takes C escapes. A proxy URL with a
percent-encoded password (p%40ss) or a lab folder with a space would otherwise reach the program changed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class UnitValueError(ValueError):
    """A value no quoting can put on one unit-file line."""


def _one_line(value):
    text = u"{0}".format(value)
    if "\n" in text or "\r" in text or "\0" in text:
        raise UnitValueError("a systemd unit value cannot hold a line break or a NUL byte: {0!r}".format(text))
    return text


def _quoted(value, dollar):
    text = _one_line(value).replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    if dollar:
        text = text.replace("$", "$$")
    return u'"{0}"'.format(text)


def systemd_quote(value, context="exec"):
    """One word of ExecStart= (context 'exec': % and $ kept literal) or one NAME=value assignment of
    Environment= (context 'environment': % kept literal; Environment= expands no $), double-quoted."""
    if context not in ("exec", "environment"):
        raise UnitValueError("context must be exec or environment, got {0!r}".format(context))
    return _quoted(value, dollar=context == "exec")


def systemd_text(value):
    """A value of a unit line that systemd does not split into words (Description=, User=, After=): % is a
    specifier there, so it is doubled; nothing is quoted."""
    return _one_line(value).replace("%", "%%")
