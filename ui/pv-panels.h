/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the views show: the input's channels, and a slot's result as asked
 * (the output, the output at the input's size, or a difference). Building
 * panels is the only thing done here; every value comes from the document
 * or from engine functions. */

#include "pv-slot.h"
#include "pv-viewport.h"

G_BEGIN_DECLS

/* The channels mode @mode shows of @c_n (a channel, all, or the
 * composite, which shows as PV_CHANNEL_COMPOSITE). */
GArray *pv_panels_shown_channels (int mode, int c_n);

/* A channel's name: R, G, B, A or Gray for pictures, "Channel 2" else;
 * "Colour" for PV_CHANNEL_COMPOSITE. */
char *pv_panels_channel_name (PvSourceKind kind, int channel, int n_channels);

/* Shows @document's input on @view, for channel mode @mode; @infos gets a
 * PvPanelInfo a panel. */
void pv_panels_build_input (PvTensorView *view, PvDocument *document, int mode,
                            PvViewport *viewport, GArray *infos);

/* Shows @slot's result (as @slot->show asks, where possible; @other is
 * the slot a difference is taken with). Returns a sentence saying why the
 * asked view could not be shown, or NULL. */
char *pv_panels_build_result (PvSlot *slot, const PvSlot *other, int mode,
                              PvViewport *viewport);

/* Cells of room the input view needs around the picture for @plan's
 * windows, which may reach into the padding or past it. */
void pv_panels_window_margin (const pv_plan *plan, double *rows, double *cols);

G_END_DECLS
