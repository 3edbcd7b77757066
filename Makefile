# SPDX-License-Identifier: GPL-3.0-or-later
#
# The two commands of the README. Both install what is missing (Debian 12),
# configure and build; "run" then opens PoolView on its built-in sample,
# "test" runs every test and ends with "N passed, N failed".

BUILD ?= build
MESON_OPTIONS ?= -Dwerror=true

.PHONY: all deps build run test bench clean

all: build

deps:
	@build-aux/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTIONS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Runs uninstalled, with the schema and translations compiled in the build. Without a
# display there is nothing to show a window on: say so plainly.
run: build
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display: run 'make run' in a desktop session (or under xvfb-run)."; exit 1; fi
	GSETTINGS_SCHEMA_DIR=$(BUILD)/resources POOLVIEW_LOCALEDIR=$(BUILD)/po $(BUILD)/app/poolview

test: build
	@BUILD=$(BUILD) build-aux/run-tests.sh

# The pooling benchmark (not part of "make test"): prints the table and the
# targets, and writes $(BUILD)/bench.csv. BENCH_ARGS narrows it, e.g.
# BENCH_ARGS="--sizes 4k --types f32". PyTorch's column needs python3-torch.
bench: build
	/usr/bin/python3 tests/bench/report.py $(BUILD)/tests/poolview-bench $(BUILD)/bench.csv $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
