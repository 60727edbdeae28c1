# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report_files action's logic: which files of a report to write, and writing one without following a link."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import tempfile

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")


def file_problems(folder, files):
    """What is wrong with the arguments: the folder absolute, each file a plain name with text content."""
    problems = []
    if not isinstance(folder, str) or not folder.startswith("/"):
        problems.append("dir must be an absolute path on the controller, got {0!r}".format(folder))
    if not isinstance(files, list) or not files:
        return problems + ["files must list the files to write, each with a name and its content"]
    names = []
    for number, item in enumerate(files):
        if not isinstance(item, dict) or set(item) != {"name", "content"}:
            problems.append("files[{0}] must have a name and a content, and nothing else".format(number))
            continue
        if not isinstance(item["name"], str) or not _NAME.match(item["name"]) or item["name"] in (".", ".."):
            problems.append("files[{0}].name must be a file name without a folder, got {1!r}".format(number, item["name"]))
        if not isinstance(item["content"], str):
            problems.append("files[{0}].content must be text".format(number))
        names.append(item["name"])
    if len(set(names)) < len(names):
        problems.append("each file of files needs its own name, got {0}".format(", ".join(names)))
    return problems


def to_write(files, current):
    """The names whose content differs from what the folder holds (current: name -> text, or None when absent)."""
    return [item["name"] for item in files if current.get(item["name"]) != item["content"]]


def read_current(folder, name):
    """The text of folder/name, or None when it is missing, not a regular file or not readable as UTF-8."""
    try:
        fd = os.open(os.path.join(folder, name), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            return handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_atomically(folder, name, content, mode):
    """Write folder/name through a new file renamed over it: a link in its place is replaced, never followed."""
    handle, temporary = tempfile.mkstemp(prefix=".{0}.".format(name), dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content.encode("utf-8"))
        os.chmod(temporary, mode)
        os.rename(temporary, os.path.join(folder, name))
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
