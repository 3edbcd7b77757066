/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The palette of the one visual language (GNOME's), chosen to stay apart
 * on light and dark pictures; shapes and hatching carry the meaning too.
 * The views' marks and the heat maps' colours share it. */
#define COLOR_TAP 0x3584e4
#define COLOR_WINNER 0xf6d32d
#define COLOR_WARNING 0xe66100
#define COLOR_PADDING 0x9a9996
#define COLOR_EMPTY 0xe01b24
