/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the engine tests: comparing tensors the way the
 * conformance contract says, reading the manifest, temporary folders. */

#include <glib.h>

#include "engine/params.h"
#include "engine/tensor.h"

/* True when @a and @b have the same shape and, element by element, the
 * same bits (max results, indices) or, with @tolerant, values within
 * rtol 2e-5 / atol 2e-5 with NaN where the other has NaN (avg, LP). On a
 * mismatch, a description is stored in *@why (free it). */
gboolean pv_test_tensors_match (const pv_tensor *got, const pv_tensor *want, gboolean tolerant,
                                char **why);

typedef struct
{
  char *id, *op, *args, *input, *expected, *expected_indices, *status, *note;
} PvManifestRow;

/* Reads every row of a conformance manifest (skipping comments). */
GPtrArray *pv_test_read_manifest (const char *path);
void pv_manifest_row_free (PvManifestRow *row);

/* Applies a manifest's option string ("--kernel-size 3 --ceil-mode") to
 * @params through the same parser the command line uses, returning the
 * file options separately. FALSE with *@error_message set on failure. */
gboolean pv_test_apply_args (pv_params *params, const char *args, char **samples_path,
                             char **indices_path, char **error_message);

/* A PNG whose IHDR claims @width x @height (8-bit gray, valid CRCs) followed
 * by a tiny IDAT and IEND: what a decompression bomb looks like. */
GByteArray *pv_test_png_claiming (guint32 width, guint32 height);

/* Appends a PNG chunk with its length and CRC. */
void pv_test_png_append_chunk (GByteArray *png, const char *type, const guint8 *data,
                               guint32 len);

/* A new empty folder under the test's temporary directory. */
char *pv_test_make_temp_dir (void);

/* Removes a folder and what is in it (one level). */
void pv_test_remove_dir (const char *path);

/* The number of entries in a folder. */
guint pv_test_count_entries (const char *path);
