/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Pooling results in words and numbers, for the status line: what a cell
 * computed ("max(2, 0, 1, 5, 2, 3) = 5"), why it divided by what it did, and
 * where its window lies. The numbers are the engine's: the cell's value and
 * divisor from pv_plan_cell(), the tap values read from the input at the
 * engine's tap positions. */

#include <glib.h>

#include "engine/cell.h"
#include "engine/plan.h"

G_BEGIN_DECLS

/* @plane is the input plane the cell read (in_h x in_w values). */
char *pv_explain_computation (const pv_plan *plan, const float *plane, const pv_cell *cell);

/* Why the divisor is what it is; NULL for max pooling. */
char *pv_explain_divisor (const pv_plan *plan, const pv_cell *cell);

/* "rows 1–3, columns 3–5", with the dilation and what lies outside. */
char *pv_explain_window (const pv_plan *plan, const pv_cell *cell);

/* The formula panel: how the output size follows from the input's and the
 * parameters, axis by axis with the user's numbers, the divisor rule in
 * force, and for adaptive pooling the windows of @cell (NULL when none is
 * pointed at) and whether a fixed pooling is equivalent. */
char *pv_explain_formulas (const pv_plan *plan, const pv_cell *cell);

/* A value as the status line and the cells print it. */
void pv_format_number (double v, char *buf, gsize size);

G_END_DECLS
