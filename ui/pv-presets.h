/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Presets: the classic worked examples (a matrix and the call that pools
 * it), parameter sets worth trying on pictures, and the user's own, kept
 * in $XDG_CONFIG_HOME/poolview/presets.ini. */

#include <glib.h>

#include "engine/params.h"

G_BEGIN_DECLS

typedef struct
{
  const char *title;     /* translatable (N_) */
  const char *matrix;    /* as typed in matrix mode, "@ramp:N" for an N x N ramp, or NULL
                          * for parameters alone */
  const char *op;        /* torch.nn.functional name */
  const char *options;   /* poolview-cli options, e.g. "--kernel-size 3 --ceil-mode" */
} PvPreset;

/* Built-in preset @index, or NULL past the last. */
const PvPreset *pv_preset_get (guint index);

/* The matrix text of @preset (generated for ramps), or NULL. */
char *pv_preset_matrix_text (const PvPreset *preset);

/* The parameters of @preset; FALSE if its options do not parse. */
gboolean pv_preset_get_params (const PvPreset *preset, pv_params *params);

/* The user's presets, in the order saved: a GPtrArray of PvPreset whose
 * strings the array owns. */
GPtrArray *pv_user_presets_load (void);

/* Why @name cannot name a preset (translated), or NULL if it can: it must
 * have something besides spaces, and the file keeps names between [ and ]
 * on a line of their own. */
const char *pv_user_preset_name_problem (const char *name);

/* Adds (or replaces) the user preset @name. A file of presets that does not
 * read is left alone and reported, not replaced by one preset. */
gboolean pv_user_presets_save (const char *name, const pv_params *params, const char *matrix,
                               GError **error);

/* Removes the user preset @name; none of that name is no error. A file of
 * presets that does not read is left alone and reported. */
gboolean pv_user_presets_remove (const char *name, GError **error);

/* A user preset's own copy, and its freeing. */
PvPreset *pv_user_preset_copy (const PvPreset *preset);
void pv_user_preset_free (PvPreset *preset);

G_END_DECLS
