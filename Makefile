# SPDX-License-Identifier: GPL-3.0-or-later
#
# The two commands of the README. Both install what is missing (Debian 12),
# configure and build; "run" then opens PoolView on its built-in sample,
# "test" runs every test and ends with "N passed, N failed".

BUILD ?= build
MESON_OPTIONS ?= -Dwerror=true

.PHONY: all deps build run test clean

all: build

deps:
	@build-aux/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTIONS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	$(BUILD)/app/poolview-cli shape max_pool2d --kernel-size 3 --ceil-mode --input-size 5,5

test: build
	@BUILD=$(BUILD) build-aux/run-tests.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz
