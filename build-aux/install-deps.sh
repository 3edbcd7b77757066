#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages PoolView needs to build, run and test,
# but only those that are missing, so that a second run costs nothing.
# Uses apt-get directly as root, sudo otherwise.
set -eu

packages="
  gcc make meson ninja-build pkg-config python3
  libglib2.0-dev libgtk-4-dev libepoxy-dev libpng-dev libjpeg62-turbo-dev
  clang libclang-rt-14-dev
  xvfb xauth dbus dbus-x11 at-spi2-core
  fonts-dejavu-core fonts-noto-cjk adwaita-icon-theme hicolor-icon-theme
  imagemagick xdotool libjpeg-turbo-progs
  gettext locales desktop-file-utils appstream
"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

# The Simplified Chinese interface is tested in its locale, which Debian
# only has once generated.
has_zh_locale () {
  locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'
}

if [ -z "$missing" ] && has_zh_locale; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "Not root and no sudo: install these packages as root:$missing" \
    "(and generate the zh_CN.UTF-8 locale)" >&2
  exit 1
fi

if [ -n "$missing" ]; then
  echo "Installing missing packages:$missing"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-get not found: install these packages with your system's package manager:$missing" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing
fi

if ! has_zh_locale; then
  echo "Generating the zh_CN.UTF-8 locale"
  if [ -f /etc/locale.gen ] && command -v locale-gen >/dev/null 2>&1; then
    $sudo sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^zh_CN\.UTF-8 UTF-8' /etc/locale.gen \
      || echo 'zh_CN.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
    $sudo locale-gen >/dev/null
  else
    echo "locale-gen not found: the zh_CN test will be skipped" >&2
  fi
fi
