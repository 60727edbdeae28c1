# make site  - build the lab: ansible-playbook site.yml (extra arguments: ARGS="--check -l host1")
# make test  - every test: lint, sanity, units, Molecule scenarios
# make ee    - an execution environment with this collection (ansible-builder; needs docker or podman)
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

.PHONY: site test venv lint sanity units molecule clean ee

site: $(CONTROLLER_STAMP)
	$(VENV)/bin/ansible-playbook site.yml $(ARGS)

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

ee: $(DEV_STAMP)
	rm -rf build && $(VENV)/bin/ansible-galaxy collection build --output-path build
	$(VENV)/bin/ansible-builder build -f execution-environment.yml -t airflow-lab-ee

clean:
	rm -rf $(VENV) tests/output .cache build
