# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Standard documentation of the attributes every module of the collection declares.
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
"""

    # A module that changes the host, predicts its changes in check mode and shows them as a diff.
    CHANGES = r"""
options: {}
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
"""

    # An action that runs on the controller only and changes nothing.
    CONTROLLER = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: Runs the same in check mode; it changes nothing.
  diff_mode:
    support: none
    details: Nothing to compare.
  platform:
    description: Runs on the controller.
    support: full
    platforms: all
"""
