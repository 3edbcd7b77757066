/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The side pane: the operator and its parameters, only those that apply.
 * It turns widgets into pv_params and back, and shows the engine's
 * verdict on them beside the field it concerns. */

#include <gtk/gtk.h>

#include "engine/params.h"
#include "engine/plan.h"
#include "engine/status.h"

G_BEGIN_DECLS

#define PV_TYPE_PARAMS_PANE (pv_params_pane_get_type ())
G_DECLARE_FINAL_TYPE (PvParamsPane, pv_params_pane, PV, PARAMS_PANE, GtkWidget)

PvParamsPane *pv_params_pane_new (void);

/* Shows @params without emitting "changed". */
void pv_params_pane_set_params (PvParamsPane *self, const pv_params *params);
void pv_params_pane_get_params (PvParamsPane *self, pv_params *params);

/* Shows @err beside its field, or clears all errors when NULL. */
void pv_params_pane_show_error (PvParamsPane *self, const pv_error *err);

/* What the engine made of @plan's parameters where the pane shows it
 * instead of a number typed: the padding "same" or "valid" put in force,
 * the output size a fractional ratio gives, the height kept for None.
 * @plan is NULL while the parameters are refused. */
void pv_params_pane_show_plan (PvParamsPane *self, const pv_plan *plan);

/* The error message shown, or NULL. */
const char *pv_params_pane_get_error_text (PvParamsPane *self);

/* The pane also takes its parameters as the action "params.set" with a
 * (name, value) pair in poolview-cli's words: ("kernel-size", "3,2"),
 * ("ceil-mode", "true"), ("operator", "avg_pool2d"); it updates the
 * widgets and emits "changed" as if the user had. */

G_END_DECLS
