/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Arrays from and to files, whatever their format: the content of a file
 * decides how it is read (a .npy magic, else text), and the extension of
 * an output decides how it is written. */

#include <stdbool.h>

#include "io-limits.h"
#include "status.h"
#include "tensor.h"

typedef enum
{
  PV_FORMAT_UNKNOWN,
  PV_FORMAT_NPY,
  PV_FORMAT_CSV,
  PV_FORMAT_PNG,
  PV_FORMAT_JPEG,
} pv_file_format;

/* Identifies a file's format from its first bytes (@size may be small):
 * .npy, PNG and JPEG by their signatures; anything else is taken as text. */
pv_file_format pv_sniff_format (const uint8_t *data, size_t size);

/* The format an output path asks for, by its extension (case-insensitive):
 * .npy, .csv, .png, .jpg/.jpeg; PV_FORMAT_UNKNOWN otherwise. */
pv_file_format pv_format_from_extension (const char *path);

/* What a file turned out to be. */
typedef struct
{
  pv_file_format format;  /* NPY, CSV (any text), PNG or JPEG */
  int bit_depth;          /* pictures: 8 or 16 bits a sample; 0 for arrays */
} pv_source_info;

/* Reads whatever @path holds, its content deciding how: a PNG or JPEG as
 * (C, H, W) planes of U8 or U16, a .npy array as NumPy wrote it, text as a
 * float32 CSV or bracketed matrix. Binary content of no known format is
 * refused, and a decoding error says when the file's extension promised
 * another format than its content. @info may be NULL. */
pv_status pv_array_read_file (const char *path, const pv_limits *limits, pv_tensor *out,
                              pv_source_info *info, pv_error *err);

/* Writes @tensor to @path as .npy or .csv according to its extension. */
pv_status pv_array_write_file (const char *path, const pv_tensor *tensor, pv_error *err);
