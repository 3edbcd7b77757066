/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Registers PoolView's resources (templates, CSS, icons). Call once before
 * any PoolView widget is created; safe to call again. */
void pv_ui_init (void);

/* Applies PoolView's style sheet to the default display: the application
 * at start-up, and the window's tests, which measure what users see. */
void pv_ui_load_style (void);

/* Follows the session's language for messages (with the catalogues in
 * $POOLVIEW_LOCALEDIR when set, else the installed ones) but keeps numbers
 * in the C locale. Call first thing in main(). */
void pv_ui_init_translations (void);

/* Adds to @chooser a filter called @name for the NULL-terminated glob
 * @patterns (open and export dialogs alike). */
void pv_ui_add_file_filter (GtkFileChooser *chooser, const char *name,
                            const char *const *patterns);

/* Keeps @drop_down as wide as its widest choice of strings, so that
 * choosing a shorter or longer one does not move what follows it in a
 * toolbar; measured again when the font or its resolution changes. Call
 * again after changing its model. */
void pv_ui_drop_down_hold_widest (GtkDropDown *drop_down);

G_END_DECLS
