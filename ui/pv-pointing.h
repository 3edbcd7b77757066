/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What pointing shows. At an output cell: the window the engine says it
 * read (taps, padding, overhang, the winner) and the computation with the
 * real numbers. At an input pixel: every output cell the engine says reads
 * it. Marks go to the views, sentences to the status line. */

#include "engine/cell.h"
#include "pv-slot.h"

G_BEGIN_DECLS

/* Cell (@row, @col) of panel @panel of @slot, as displayed there.
 * @input_infos describes the input view's panels; @first_cell (may be
 * NULL) receives the engine's cell for the first channel. */
void pv_pointing_output (const PvSlot *slot, const GArray *input_infos, int panel, int row,
                         int col, GArray *input_marks, GArray *slot_marks, GString *computation,
                         GString *detail, pv_cell *first_cell);

/* Input pixel (@row, @col) of input panel @panel; @slot_marks has a
 * GArray of PvMark for each of the @n_slots slots. */
void pv_pointing_input (const GArray *input_infos, int panel, int row, int col,
                        PvSlot *const *slots, guint n_slots, GArray *input_marks,
                        GArray *const *slot_marks, GString *computation, GString *detail);

G_END_DECLS
