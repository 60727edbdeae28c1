"""Make ansible_collections.dataeng.airflow_lab importable from a checkout (through ./collections)."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_COLLECTIONS = os.path.join(ROOT, "collections")
if _COLLECTIONS not in sys.path:
    sys.path.insert(0, _COLLECTIONS)

import ansible_collections  # noqa: E402  pylint: disable=wrong-import-position

# ansible_collections is a namespace package spread over site-packages and ./collections.
_PORTION = os.path.join(_COLLECTIONS, "ansible_collections")
if _PORTION not in list(ansible_collections.__path__):
    ansible_collections.__path__.append(_PORTION)
