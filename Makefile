# make site  - build the lab: ansible-playbook site.yml (extra arguments: ARGS="--check -l host1")
# make test  - every test: lint, sanity, units, Molecule scenarios
PYTHON ?= python3
VENV   ?= .venv
ARGS   ?=
STAMP  := $(VENV)/.requirements-installed

.PHONY: site test venv lint sanity units molecule clean

site: $(STAMP)
	$(VENV)/bin/ansible-playbook site.yml $(ARGS)

test: $(STAMP)
	VENV=$(VENV) tests/run.sh all

lint sanity units molecule: $(STAMP)
	VENV=$(VENV) tests/run.sh $@

venv: $(STAMP)

$(STAMP): requirements-dev.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) tests/output .cache
