/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* GTK 4.8 draws with OpenGL wherever OpenGL works, even where OpenGL is
 * Mesa's software rasteriser (no GPU: virtual machines, remote desktops,
 * Xvfb). There a frame of the main window takes about 80 ms, against
 * 10-20 ms with GTK's cairo renderer, so unless $GSK_RENDERER chooses,
 * this picks cairo when OpenGL would run in software (GTK 4.14 and later
 * make the same choice themselves). Call once the display is open, before
 * the first window is shown. Returns why it chose, for
 * POOLVIEW_DEBUG=timing, or NULL when it left GTK's choice alone. */
const char *pv_renderer_prefer_cairo_without_gpu (void);

G_END_DECLS
