# Developer conveniences. CI does not run these targets.

VENV := .venv
PYTHON := $(VENV)/bin/python

.PHONY: bench bench-profile

$(PYTHON):
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -e '.[test]'

## bench: lint speed against the floor (read + CSafeLoader) on 1k and 10k generated documents
bench: $(PYTHON)
	$(PYTHON) bench/run.py

## bench-profile: where lint spends its time on the 10k corpus (cProfile)
bench-profile: $(PYTHON)
	$(PYTHON) bench/run.py --profile
