/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The worked examples offered in matrix mode: a matrix and the call that
 * pools it. Entry 0 is the menu's placeholder and has no matrix. */

#include <glib.h>

#include "engine/params.h"

G_BEGIN_DECLS

typedef struct
{
  const char *title;     /* translatable (N_) */
  const char *matrix;    /* as typed in the matrix editor, or NULL */
  const char *op;        /* torch.nn.functional name */
  const char *options;   /* poolview-cli options, e.g. "--kernel-size 3 --ceil-mode" */
} PvPreset;

/* Returns preset @index, or NULL past the last. */
const PvPreset *pv_preset_get (guint index);

/* The parameters of @preset. */
void pv_preset_get_params (const PvPreset *preset, pv_params *params);

G_END_DECLS
