/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Row bands shared between the main thread and helper threads, for the
 * drawing work that must finish within a frame (turning a result into the
 * view's pixels). The engine has its own pool; this one is separate so that
 * drawing never waits for a pooling job still running on the engine's. */

#include <glib.h>

G_BEGIN_DECLS

/* Renders rows [@row0, @row1). */
typedef void (*PvBandFunc) (gpointer data, int row0, int row1);

/* Calls @func over [0, @n_rows) in bands of @band_rows rows, on the calling
 * thread and on helper threads (one fewer than the machine's processors,
 * created on first use and kept; they sleep while idle). Bands are handed
 * out one at a time, so a helper that starts late takes fewer. Returns when
 * every band is done. Bands must not depend on each other. */
void pv_bands_run (int n_rows, int band_rows, PvBandFunc func, gpointer data);

G_END_DECLS
