"""The room's status page, rendered from fixture data: one row per machine with its colour, a machine whose Redis
stopped is red with "redis" in its first problem, an unreachable one says so, nothing is loaded from anywhere, and no
secret value that the fixtures carry reaches the page."""
import json
import os
from html.parser import HTMLParser

import jinja2

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._status import room_status

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "unit", "fixtures", "room_status.json")
SECRETS = ("Fixture-Admin-S3cret", "fixture:redis@pass/word", "Fixture-Db-S3cret")


def render():
    with open(FIXTURE, encoding="utf-8") as handle:
        machines = json.load(handle)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(ROOT, "roles", "lab", "templates")),
                             undefined=jinja2.StrictUndefined, autoescape=False)
    room = dict(room_status(machines), generated="2026-11-23 09:00", version="0.2.0")
    return env.get_template("status.html.j2").render(room=room)


class Rows(HTMLParser):
    def __init__(self):
        HTMLParser.__init__(self)
        self.rows, self.tags, self._cell = [], set(), None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "tr" and "machine-row" in attrs.get("class", ""):
            self.rows.append({"host": attrs["data-host"], "colour": attrs["data-colour"], "first": ""})
        if tag == "td" and attrs.get("class") == "first-problem":
            self._cell = self.rows[-1]

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["first"] += data


def test_one_row_per_machine_with_its_colour_and_first_problem():
    page = Rows()
    page.feed(render())
    assert [(r["host"], r["colour"]) for r in page.rows] == [
        ("lab-pc-01", "green"), ("lab-pc-02", "red"), ("lab-pc-03<script>alert(1)</script>", "red"), ("lab-pc-04", "red")]
    assert page.rows[0]["first"] == "ready"
    assert "redis" in page.rows[1]["first"]
    assert page.rows[2]["first"].startswith("unreachable: Failed to connect to the host via ssh")
    # A machine an earlier play of the run lost: only its name and why.
    assert page.rows[3]["first"].startswith("this run lost it before reading it")


def test_the_page_loads_nothing_and_escapes_what_machines_report():
    html = render()
    page = Rows()
    page.feed(html)
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "@import" not in html and "url(" not in html and "<script>alert" not in html


def test_no_secret_from_the_fixtures_appears_and_the_page_points_at_where_they_live():
    html = render()
    assert not [secret for secret in SECRETS if secret in html]
    assert "/home/ubuntu/.airflow-lab/secrets/lab-pc-01" in html and "never shows them" in html
    # A link to the folder (which the browser lists), never to a password file.
    assert 'href="file:///home/ubuntu/.airflow-lab/secrets/lab-pc-01/"' in html


def test_layers_a_machine_lacks_read_as_not_installed():
    html = render()
    second = html.split('data-host="lab-pc-02"')[2].split("</section>")[0]
    assert second.count("not installed") == 5 and "redis is stopped" in second


def test_the_last_backup_of_each_machine_is_on_the_page():
    html = render()
    first = html.split('data-host="lab-pc-01"')[2].split("</section>")[0]
    assert "Last backup of the Airflow database: <code>airflow_db-20261207T063000Z.pgc</code>" in first
    # A machine without a dump yet, whose passwords' folder is known, says how to take one; one read without it, nothing.
    assert "No backup of the Airflow database yet" not in first
    assert "backup" not in html.split('data-host="lab-pc-02"')[2].split("</section>")[0]
