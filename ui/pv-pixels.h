/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* How a panel's cells look: the colours of one channel (or the colour
 * composite) of a float32 (C, H, W) tensor, or of a difference. The views
 * never keep a picture of a whole panel: they render the part on screen,
 * at the screen's resolution, so that the cost of a new result or a zoom
 * is the widget's size, not the picture's (an 8K result shown in a window
 * costs a window's worth of pixels). */

#include <cairo.h>

#include "pv-glue.h"

G_BEGIN_DECLS

typedef struct _PvPixels PvPixels;

/* Values: channel @channel as gray, or with PV_CHANNEL_COMPOSITE (-1)
 * channels 0-2 as colour (and 3 as alpha), mapped through @range. NaN shows
 * as magenta, a reminder that it is not a number. Takes a reference to
 * @planes. */
PvPixels *pv_pixels_new_values (PvTensorRef *planes, int channel, const PvDisplayRange *range);

/* A difference: 0 white, positive red and negative blue up to @max_abs; in
 * colour, each channel's difference centred on mid-gray instead. */
PvPixels *pv_pixels_new_difference (PvTensorRef *planes, int channel, double max_abs);

/* What the counts of a heat map mean, which sets their colours. */
typedef enum
{
  PV_HEAT_COVERAGE, /* windows reading a pixel: 0 red, then blue to yellow */
  PV_HEAT_WINS,     /* maxima a pixel is: 0 dimmed, 1 clear, more yellow */
} PvHeatScale;

/* A heat map over a panel: @rows x @cols counts (guint32, row-major, a
 * reference taken to @counts) from 0 to @max, translucent colours by
 * @scale, laid over the panel's own. Rendered as values are, only what is
 * on screen: a 4K picture's map is a window's worth of pixels, not 33 MB
 * coloured on the main thread at each new result. */
PvPixels *pv_pixels_new_heat (GBytes *counts, int rows, int cols, guint32 max, PvHeatScale scale);

/* Whether @self shows a difference per channel around gray (TRUE) rather
 * than one channel from white to red or blue: what a legend must say. */
gboolean pv_pixels_difference_in_colour (const PvPixels *self);

void pv_pixels_free (PvPixels *self);

/* The premultiplied ARGB colour of cell (@row, @col). */
guint32 pv_pixels_get (const PvPixels *self, int row, int col);

/* Renders @width x @height pixels, pixel (i, j) showing the cells around
 * (@row0 + (j + 0.5) @step_rows, @col0 + (i + 0.5) @step_cols): the cell
 * there when a pixel is no larger than a cell, else the mean of 2 x 2
 * samples across it. Pixels off the panel are transparent. */
cairo_surface_t *pv_pixels_render (const PvPixels *self, double row0, double col0,
                                   double step_rows, double step_cols, int width, int height);

G_END_DECLS
