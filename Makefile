# make site  - build the lab: ansible-playbook site.yml (extra arguments: ARGS="--check -l host1")
# make test  - every test: lint, sanity, units, Molecule scenarios
# make teardown - remove the lab: ansible-playbook playbooks/teardown.yml (keeps the data); PURGE=1 removes the data,
#              the services and the tools too (in the lab folder only what the lab keeps there: dags, logs, data, objects)
# make backup  - a dump of each machine's Airflow database to the controller (<lab_secrets_dir>/<host>/backups)
# make restore - restore the newest dump (BACKUP=<file> for another), with Airflow stopped meanwhile
# make ee    - an execution environment with this collection (ansible-builder; needs docker or podman)
# make dags-check - import every DAG of a folder with the lab's Airflow, as Airflow's DAG processor does, and list each
#              import error as file:line: message; no cluster needed. DAGS=<folder> (default: the lab's dags folder,
#              <lab_dir>/dags); AIRFLOW_PYTHON=<a python with Airflow> instead of the check's own virtualenv
#              (.venv-dags: apache-airflow at the airflow role's airflow_version, the providers of
#              requirements/dags-check.txt; rebuilt when either changes)
# make mutation - how much of a bug the unit tests catch: cosmic-ray mutates plugins/module_utils (MODULES=<files>,
#              default all) in a copy of the checkout and runs each module's unit tests; prints each module's kill rate
#              and every survivor not listed as equivalent in docs/testing.md. BUDGET=<seconds> (default 3600). Not
#              part of make test (its time is in docs/benchmarks.md).
#
# The controller's virtualenv (.venv) gets the Ansible release that runs on this machine's python3
# (requirements/controller-<major.minor>.txt: 3.10 for Ubuntu 22.04, 3.11 for Debian 12, 3.12 and 3.13 for
# Ubuntu 24.04); `make test` adds the test tools (requirements-dev.txt, Python 3.11). Another Python:
# make site PYTHON=/usr/bin/python3.12
PYTHON ?= python3
VENV   ?= .venv
ARGS   ?=
PY_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
CONTROLLER_REQS := requirements/controller-$(PY_VERSION).txt
CONTROLLER_STAMP := $(VENV)/.controller-$(PY_VERSION)
DEV_STAMP := $(VENV)/.dev-installed
# A role default (a plain scalar, quoted or not), read from its one home.
role_default = $(shell sed -n -E 's/^$(2):[[:space:]]*"?([^"\#]*[^"\#[:space:]])"?[[:space:]]*(\#.*)?$$/\1/p' roles/$(1)/defaults/main.yml)
AIRFLOW_VERSION := $(call role_default,airflow,airflow_version)
AIRFLOW_EXECUTOR ?= $(call role_default,airflow,airflow_executor)
# lab_dir's default for the lab user, who is the one who ran sudo (as in roles/lab).
LAB_USER := $(or $(SUDO_USER),$(shell id -un))
DAGS ?= $(subst {{ lab_user }},$(LAB_USER),$(call role_default,lab,lab_dir))/dags
AIRFLOW_PYTHON ?=
DAGS_VENV := .venv-dags
DAGS_REQS := requirements/dags-check.txt
DAGS_STAMP := $(DAGS_VENV)/.airflow-$(AIRFLOW_VERSION)
MUTATION_VENV := .venv-mutation
MUTATION_STAMP := $(MUTATION_VENV)/.installed
MODULES ?=
BUDGET ?= 3600

.PHONY: site teardown backup restore test venv lint sanity units molecule clean ee dags-check mutation

site: $(CONTROLLER_STAMP)
	$(VENV)/bin/ansible-playbook site.yml $(ARGS)

teardown: $(CONTROLLER_STAMP)
	$(VENV)/bin/ansible-playbook playbooks/teardown.yml $(if $(filter 1 true yes,$(PURGE)),-e purge=true) $(ARGS)

backup: $(CONTROLLER_STAMP)
	$(VENV)/bin/ansible-playbook playbooks/backup.yml $(ARGS)

restore: $(CONTROLLER_STAMP)
	$(VENV)/bin/ansible-playbook playbooks/restore.yml $(if $(BACKUP),-e backup=$(abspath $(BACKUP))) $(ARGS)

test: $(DEV_STAMP)
	VENV=$(VENV) tests/run.sh all

lint sanity units molecule: $(DEV_STAMP)
	VENV=$(VENV) tests/run.sh $@

venv: $(CONTROLLER_STAMP)

$(CONTROLLER_STAMP): $(wildcard requirements/controller-*.txt)
	@test -n "$(PY_VERSION)" || { echo "make: $(PYTHON) does not run; install python3 (see README)" >&2; exit 1; }
	@test -f "$(CONTROLLER_REQS)" || { echo "make: Python $(PY_VERSION) is not supported as a controller;" \
	  "use 3.10 to 3.13, for example make site PYTHON=/usr/bin/python3.12" >&2; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV) || { echo "make: cannot create $(VENV):" \
	  "install python3-venv (sudo apt-get install python3-venv)" >&2; exit 1; }
	@$(VENV)/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, "$(PY_VERSION)".split("."))))' || \
	  { echo "make: $(VENV) was made with another Python than $(PYTHON) ($(PY_VERSION)); make clean first" >&2; exit 1; }
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(CONTROLLER_REQS)
	rm -f $(VENV)/.controller-* $(DEV_STAMP)
	touch $@

$(DEV_STAMP): requirements-dev.txt $(CONTROLLER_STAMP)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

dags-check: $(if $(AIRFLOW_PYTHON),,$(DAGS_STAMP))
	@$(or $(AIRFLOW_PYTHON),$(DAGS_VENV)/bin/python) tools/dags_check.py --airflow-version "$(AIRFLOW_VERSION)" \
	  --executor "$(AIRFLOW_EXECUTOR)" "$(DAGS)"

# The check's virtualenv, made anew for another Airflow pin (its stamp names the version) or other providers.
$(DAGS_STAMP): $(DAGS_REQS)
	@test -n "$(AIRFLOW_VERSION)" || { echo "make: no airflow_version in roles/airflow/defaults/main.yml" >&2; exit 1; }
	rm -rf $(DAGS_VENV)
	@$(PYTHON) -m venv $(DAGS_VENV) || { echo "make: cannot create $(DAGS_VENV):" \
	  "install python3-venv (sudo apt-get install python3-venv)" >&2; exit 1; }
	$(DAGS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	  "apache-airflow==$(AIRFLOW_VERSION)" -r $(DAGS_REQS)
	touch $@

mutation: $(DEV_STAMP) $(MUTATION_STAMP)
	$(VENV)/bin/python tests/mutation/run.py --cosmic-ray $(MUTATION_VENV)/bin/cosmic-ray --budget $(BUDGET) $(MODULES)

$(MUTATION_STAMP): requirements/mutation.txt
	rm -rf $(MUTATION_VENV)
	$(PYTHON) -m venv $(MUTATION_VENV)
	$(MUTATION_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/mutation.txt
	touch $@

ee: $(DEV_STAMP)
	rm -rf build && $(VENV)/bin/ansible-galaxy collection build --output-path build
	$(VENV)/bin/ansible-builder build -f execution-environment.yml -t airflow-lab-ee

clean:
	rm -rf $(VENV) $(DAGS_VENV) $(MUTATION_VENV) tests/output .cache build
