# Two commands: `make serve` (set up, generate, serve on http://127.0.0.1:$(PORT)/llm-interview-guide/, PORT=8000)
# and `make test` (set up, build, run every test, the generated-files check among them). Everything else is a helper
# over the one command line, `studyguide` (the package in src/, installed editable).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_DIR ?= site
# The port of `make serve` (make serve PORT=8001).
PORT ?= 8000
# pytest-xdist workers for `make test` (2 suits a two-core machine; 0 runs the tests in one process).
TEST_WORKERS ?= 2
# MkDocs 1.x and Material print a notice about MkDocs 2 on every run; it is not actionable here.
export DISABLE_MKDOCS_2_WARNING := true
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test js-check generate check notebooks offline deck pdf links-soak clean

serve: $(VENV)/.site ## Generate the pages and serve the site with live reload
	$(BIN)/studyguide generate
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: $(VENV)/.site ## Generate the pages and build the site into site/
	$(BIN)/studyguide generate
	$(BIN)/mkdocs build --strict -d $(SITE_DIR)

# The suite checks the generated files once (tests/test_generate.py: test_committed_pages_are_up_to_date).
test: $(VENV)/.dev node_modules/.installed ## Build strictly, run all tests (generated files checked among them)
	$(MAKE) js-check
	$(BIN)/mkdocs build --strict -d $(SITE_DIR)
	SITE_DIR=$(abspath $(SITE_DIR)) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

js-check: node_modules/.installed ## Type-check (tsc, tsconfig.json) and lint (biome) the browser scripts
	npx --no-install tsc --noEmit -p tsconfig.json
	npx --no-install tsc --noEmit -p tsconfig.strict.json
	npx --no-install biome lint --error-on-warnings

generate: $(VENV)/.site ## Regenerate the pages from source/ and data/
	$(BIN)/studyguide generate

check: $(VENV)/.site ## Fail if a generated page is stale
	$(BIN)/studyguide check

notebooks: $(VENV)/.dev ## Re-execute the notebooks and store their outputs
	$(BIN)/studyguide notebooks run

offline: $(VENV)/.site node_modules/.installed ## Build the offline site (opens from file://) and its zip
	$(BIN)/studyguide generate
	$(BIN)/studyguide offline

deck: $(VENV)/.site ## Write the Anki deck: dist/llm-interview-guide.apkg
	$(BIN)/studyguide anki

pdf: $(VENV)/.pdf ## Build the site and print the whole guide to dist/llm-interview-guide.pdf (Chromium)
	$(BIN)/studyguide generate
	$(BIN)/studyguide pdf

SOAK_RUNS ?= 20
links-soak: $(VENV)/.dev node_modules/.installed ## Run the link-landing browser tests SOAK_RUNS times in a row (not in CI)
	$(BIN)/mkdocs build --strict -q -d $(SITE_DIR)
	@passed=0; for run in $$(seq $(SOAK_RUNS)); do \
	  if SITE_DIR=$(abspath $(SITE_DIR)) $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser/test_links.py; \
	  then passed=$$((passed + 1)); fi; echo "links-soak: run $$run: $$passed passed so far"; \
	done; echo "links-soak: $$passed of $(SOAK_RUNS) runs passed"; test $$passed -eq $(SOAK_RUNS)

$(VENV)/.site: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.pdf: $(VENV)/.site requirements-pdf.txt
	$(BIN)/python -m pip install --quiet -r requirements-pdf.txt
	touch $@

$(VENV)/.dev: $(VENV)/.pdf requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean: ## Remove the built site and test artifacts (not the virtualenv)
	rm -rf site site-offline dist test-artifacts .pytest_cache
