/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Small numeric matrices as text: CSV files, and what people paste:
 * "[[1,2,0],[0,1,2]]" as Python and NumPy print it, or rows of numbers
 * separated by commas or spaces. */

#include <stddef.h>

#include "io-limits.h"
#include "status.h"
#include "tensor.h"

/* Parses @len bytes of @text into a new float32 (rows x columns) tensor.
 * Rows are lines (blank lines and lines starting with '#' are skipped) or
 * the inner lists of a bracketed list; values are separated by commas
 * and/or white space; "nan", "inf" and "-inf" are numbers. A ragged row, a
 * value that is not a number or an empty matrix is refused with a message
 * naming the row and column (counted from 1). */
pv_status pv_text_matrix_parse (const char *text, size_t len, const pv_limits *limits,
                                pv_tensor *out, pv_error *err);

/* Reads a CSV file with pv_text_matrix_parse(). */
pv_status pv_csv_read_file (const char *path, const pv_limits *limits, pv_tensor *out,
                            pv_error *err);

/* Formats @tensor, which must hold one 2-D plane (a rank-1 tensor is one
 * row; leading size-1 axes are ignored), as CSV in a new NUL-terminated
 * string (*@text, free() it): float32 with %.9g and float64 with %.17g so
 * that values round-trip. */
pv_status pv_csv_encode (const pv_tensor *tensor, char **text, size_t *size, pv_error *err);

/* Writes @tensor to @path as CSV, atomically. */
pv_status pv_csv_write_file (const char *path, const pv_tensor *tensor, pv_error *err);
