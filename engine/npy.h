/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* NumPy's .npy format, versions 1.0, 2.0 and 3.0. Reads float32, float64,
 * uint8, uint16 and signed integers (widened to int64) in either byte order
 * and in C or Fortran order, up to 4 dimensions; writes version 1.0,
 * little-endian, C order. */

#include <stddef.h>
#include <stdint.h>

#include "io-limits.h"
#include "status.h"
#include "tensor.h"

/* Decodes @size bytes at @data into a new tensor *@out (release with
 * pv_tensor_free()). Malformed headers, unknown dtypes, more than four
 * dimensions, sizes that overflow and data shorter or longer than the
 * header promises are refused (PV_ERR_FORMAT, PV_ERR_UNSUPPORTED,
 * PV_ERR_LIMIT) before the array is allocated. */
pv_status pv_npy_decode (const uint8_t *data, size_t size, const pv_limits *limits,
                         pv_tensor *out, pv_error *err);

/* Reads @path with pv_npy_decode(). */
pv_status pv_npy_read_file (const char *path, const pv_limits *limits, pv_tensor *out,
                            pv_error *err);

/* Encodes @tensor as .npy into a new buffer (*@data, free() it). */
pv_status pv_npy_encode (const pv_tensor *tensor, uint8_t **data, size_t *size, pv_error *err);

/* Writes @tensor to @path atomically. */
pv_status pv_npy_write_file (const char *path, const pv_tensor *tensor, pv_error *err);
