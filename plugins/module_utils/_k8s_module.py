# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the collection's cluster modules (pv_binding, k8s_access) start and end: kubernetes.core's module class with
its connection options, and the one failure edge.

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback

from ansible_collections.kubernetes.core.plugins.module_utils.args_common import AUTH_ARG_SPEC
from ansible_collections.kubernetes.core.plugins.module_utils.k8s.core import AnsibleK8SModule
from ansible_collections.kubernetes.core.plugins.module_utils.k8s.exceptions import CoreException


def run_k8s_module(argument_spec, run, user_errors=()):
    """Build the module (argument_spec plus kubernetes.core's connection options, check mode supported) and call
    run(module); an error of user_errors fails with its message, the client's own with kubernetes.core's."""
    spec = dict(argument_spec)
    spec.update(AUTH_ARG_SPEC)
    module = AnsibleK8SModule(argument_spec=spec, supports_check_mode=True)
    try:
        run(module)
    except user_errors as exc:  # pylint: disable=catching-non-exception
        module.fail_json(msg=str(exc))
    except CoreException as exc:
        module.fail_from_exception(exc)
    except Exception as exc:  # pylint: disable=broad-except
        module.fail_json(msg="Kubernetes API error: {0}".format(exc), exception=traceback.format_exc())
