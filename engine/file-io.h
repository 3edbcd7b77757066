/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Whole-file reads with a size limit, and writes that never leave a
 * half-written target: data goes to a temporary file in the target's
 * folder, is flushed to disk, and is renamed over the target only when
 * complete. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Reads all of @path into a new buffer (*@data, released with free(), and
 * *@size). Files larger than @max_bytes are refused with PV_ERR_LIMIT
 * before anything is read. */
pv_status pv_file_read_all (const char *path, size_t max_bytes, uint8_t **data, size_t *size,
                            pv_error *err);

/* A writer for one target path. */
typedef struct
{
  char *target;
  char *temp_path;
  int fd;
} pv_atomic_file;

/* Creates a temporary file beside @path. */
pv_status pv_atomic_file_open (pv_atomic_file *file, const char *path, pv_error *err);

/* Appends @size bytes; on failure the caller must still call
 * pv_atomic_file_abort(). */
pv_status pv_atomic_file_write (pv_atomic_file *file, const void *data, size_t size,
                                pv_error *err);

/* Flushes the temporary file to disk and closes it: what can fail before
 * the rename. Several outputs of one run are all synced before any is
 * renamed, so that a late failure replaces none of them. On failure the
 * caller must still call pv_atomic_file_abort(). */
pv_status pv_atomic_file_sync (pv_atomic_file *file, pv_error *err);

/* Syncs (unless done) and renames the temporary file over the target. On
 * failure the temporary file is removed and the target is untouched. */
pv_status pv_atomic_file_commit (pv_atomic_file *file, pv_error *err);

/* Removes the temporary file; the target is untouched. Safe after commit. */
void pv_atomic_file_abort (pv_atomic_file *file);

/* Writes @data to @path atomically (open, write, commit). */
pv_status pv_file_write_atomic (const char *path, const void *data, size_t size, pv_error *err);

/* Returns true if @a and @b name the same existing file: the same path, a
 * symbolic link to it, or a hard link (same device and inode). */
bool pv_file_same (const char *a, const char *b);

/* Test hook: when set, pv_atomic_file_write() fails after this many bytes
 * as if the disk were full. Zero (the default) disables it. */
void pv_file_set_write_limit_for_testing (size_t bytes);
