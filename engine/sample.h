/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Built-in inputs, so that PoolView shows something meaningful before any
 * file is opened. */

#include "image.h"
#include "status.h"
#include "tensor.h"

/* A photo-like RGB landscape made procedurally (sky, sun, hills, water,
 * a zone plate, 1-pixel stripes, a checkerboard): enough fine detail that
 * pooling's aliasing shows. Deterministic; @width and @height >= 16. */
pv_status pv_sample_photo (uint32_t width, uint32_t height, pv_image *out, pv_error *err);

/* The classic 5 x 5 worked example, as a float32 (5, 5) matrix. */
pv_status pv_sample_matrix_5x5 (pv_tensor *out, pv_error *err);
