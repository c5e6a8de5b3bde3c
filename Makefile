# hexaglot: `make` sets everything up and builds every paper; `make test` runs the suite.
# System packages are installed with apt-get where missing, which needs root.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APT_PACKAGES := fonts-noto-cjk fonts-noto-core fonts-hosny-amiri fonts-liberation2 \
                libharfbuzz-subset0 gettext poppler-utils libxml2-utils

# Only for `make test`: the Nu HTML Checker (vnu-jar from npm) runs on Java;
# axe-core (from npm) runs in Debian's Chromium, driven by Playwright; headless
# LibreOffice reads the Word editions back.
TEST_COMMANDS := java:default-jre-headless npm:npm chromium:chromium \
                 soffice:libreoffice-writer-nogui

.PHONY: all setup system test-system venv validate build test lint clean

all: setup validate build

setup: system venv

# Install only what dpkg does not already have, so a prepared machine needs no root.
system:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test-system:
	@missing=""; for pair in $(TEST_COMMANDS); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

venv: $(BIN)/hexaglot

$(BIN)/hexaglot: pyproject.toml
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
	  echo "apt-get install: python3-venv"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

validate: setup
	$(BIN)/hexaglot validate

build: setup
	$(BIN)/hexaglot build

lint: venv
	$(BIN)/ruff check cli tests bench
	$(BIN)/ruff format --check cli tests bench

test: setup test-system lint
	$(BIN)/pytest -q -n auto --dist loadfile

clean:
	rm -rf build
