/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A container for wrapping labels whose text changes often (the
 * explanation under the views, new at every cell pointed at). A horizontal
 * box allocating its children asks each for its width at the box's height;
 * a wrapping GtkLabel answers that by searching for the narrowest width
 * whose wrapped text fits, laying its text out a dozen times. The bin asks
 * its child for its width whatever the height, as a height-for-width
 * widget wants to be asked, so a new text costs one or two layouts and
 * pointing stays within a frame.
 *
 * It also repaints its child as one rectangle. A label that changes several
 * lines at once adds a rectangle per line to the frame's damage; beside a
 * view that changes too, each line splits the region into more bands, and
 * past 30 rectangles GTK (4.8) gives up and repaints the whole window: in
 * software, 10 ms instead of 2 for the 4K parameter change. The bin keeps
 * its text's changes to one rectangle (how: pv-wrap-bin.c). */

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PV_TYPE_WRAP_BIN (pv_wrap_bin_get_type ())
G_DECLARE_FINAL_TYPE (PvWrapBin, pv_wrap_bin, PV, WRAP_BIN, GtkWidget)

GtkWidget *pv_wrap_bin_new (void);

void pv_wrap_bin_set_child (PvWrapBin *self, GtkWidget *child);
GtkWidget *pv_wrap_bin_get_child (PvWrapBin *self);

G_END_DECLS
