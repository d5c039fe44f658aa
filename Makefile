# `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo.db

.PHONY: install demo browse watch-demo lint test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,browse]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/briefbot --db $(DEMO_DB) ingest seeds/
	$(BIN)/briefbot --db $(DEMO_DB) statements
	@if [ -f ../shared/gold/seeds.toml ]; then $(BIN)/briefbot --db $(DEMO_DB) eval ../shared/gold/seeds.toml; else $(BIN)/briefbot --db $(DEMO_DB) eval tests/data/gold_seeds.toml; fi
	@echo "--- a scripted console session: briefbot --db $(DEMO_DB) run --platform console ---"
	@printf '%s\n' \
		'Did Putin promise Macron there would be no escalation?' \
		'claims Peskov' \
		'digest all' \
		'subscribe 08:00 Europe/Paris' \
		'subscriptions' \
		| $(BIN)/briefbot --db $(DEMO_DB) run --platform console
	@echo "--- the ledger browser answers (briefbot --db $(DEMO_DB) browse serves it at http://127.0.0.1:8001/ledger) ---"
	$(BIN)/briefbot --db $(DEMO_DB) browse --check

browse: $(STAMP)
	$(BIN)/briefbot --db $(DEMO_DB) browse

# `watch the Kremlin` in a running console bot, then a CLI ingest of a new denial: one alert, none for a copy.
watch-demo: $(STAMP)
	demo/watch/demo.sh $(BIN)

lint: $(STAMP)
	$(BIN)/ruff check bot adapters tests benchmarks
	$(BIN)/ruff format --check bot adapters tests benchmarks
	$(BIN)/mypy bot adapters

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/briefbot bench

clean:
	rm -rf $(VENV) $(DEMO_DB) watch-demo.db* *.egg-info
