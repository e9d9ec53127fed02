# Developer conveniences. CI does not run these targets.

VENV := .venv
PYTHON := $(VENV)/bin/python

.PHONY: bench bench-lint bench-world bench-world-large bench-profile bench-build-profile

$(PYTHON):
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -e '.[test]'

## bench: lint speed against the floor (read + CSafeLoader), the graph rules' share of lint, and
## mkdocs build with and without the plugin, on 1k and 10k generated documents, and the graph
## explorer in Chromium at 10k items against a small handbook (~20 minutes)
bench: $(PYTHON)
	$(PYTHON) bench/run.py

## bench-lint: the same without the mkdocs builds (a couple of minutes)
bench-lint: $(PYTHON)
	$(PYTHON) bench/run.py --no-build

## bench-world: lint on corpora like the world (clean, 40 % findings, registers of 500 risks,
## 20 KB bodies) at 1k and 10k documents as whole processes: time against the floor, peak RSS,
## warm and edited runs from the cache, and the peak memory of mkdocs build at 10k
bench-world: $(PYTHON)
	$(PYTHON) bench/run.py --world-only

## bench-world-large: the same with 50,000 documents too (an hour or more on two cores)
bench-world-large: $(PYTHON)
	$(PYTHON) bench/run.py --world-only --large

## bench-profile: where lint spends its time on the 10k corpus (cProfile)
bench-profile: $(PYTHON)
	$(PYTHON) bench/run.py --profile

## bench-build-profile: where mkdocs build with the plugin spends its time on 1k documents (cProfile)
bench-build-profile: $(PYTHON)
	$(PYTHON) bench/run.py --profile-build --build-sizes 1000
