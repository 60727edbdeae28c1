"""tests/mutation/run.py (make mutation): how it names a mutant and matches it with docs/testing.md's equivalents."""
import importlib.util
import os

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
_SPEC = importlib.util.spec_from_file_location("mutation_run", os.path.join(ROOT, "tests", "mutation", "run.py"))
run = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(run)

DIFF = """--- mutation diff ---
--- a/plugins/module_utils/_x.py
+++ b/plugins/module_utils/_x.py
@@ -1,3 +1,3 @@
 def f(a):
-    return a == "b"
+    return a is "b"
"""


def test_a_mutant_is_named_by_its_line_before_and_after():
    assert run.mutant_key("plugins/module_utils/_x.py", "f", "core/ReplaceComparisonOperator_Eq_Is", DIFF) == (
        "plugins/module_utils/_x.py", "f", "core/ReplaceComparisonOperator_Eq_Is", 'return a == "b"', 'return a is "b"')


def test_an_entry_covers_its_mutant_or_every_mutant_of_its_line_by_its_operators():
    key = ("m.py", "f", "core/A", "x = 1 | 2", "x = 1 + 2")
    assert run.matches({"module": "m.py", "function": "f", "operator": "core/A", "line": "x = 1 | 2",
                        "mutant": "x = 1 + 2"}, key)
    assert not run.matches({"module": "m.py", "function": "f", "operator": "core/A", "line": "x = 1 | 2",
                            "mutant": "x = 1 ^ 2"}, key)
    assert run.matches({"module": "m.py", "function": "f", "operators": ["core/B", "core/A"], "line": "x = 1 | 2"}, key)
    assert not run.matches({"module": "m.py", "function": "f", "operators": ["core/B"], "line": "x = 1 | 2"}, key)
    assert not run.matches({"module": "m.py", "function": "g", "operator": "core/A", "line": "x = 1 | 2"}, key)


def test_every_listed_equivalent_says_where_and_why():
    with open(os.path.join(ROOT, "docs", "testing.md"), encoding="utf-8") as handle:
        entries = run.equivalents(handle.read())
    assert entries
    for entry in entries:
        assert os.path.isfile(os.path.join(ROOT, entry["module"])), entry
        assert entry.get("operator") or entry.get("operators"), entry
        assert entry["line"] and len(entry["why"]) > 40, entry
        with open(os.path.join(ROOT, entry["module"]), encoding="utf-8") as handle:
            assert entry["line"] in handle.read(), entry
