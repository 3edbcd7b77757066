/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* PyTorch code that computes what PoolView computes, for the window's code
 * popover and its Copy PyTorch action: text a user pastes into a notebook
 * and runs. PoolView's extensions are rewritten into what PyTorch has:
 * padding "same" as symmetric padding (count_include_pad=False for
 * averages, which never count padding there) or, for uneven max padding,
 * F.pad with -inf first; "valid" as no padding; a temperature as a product
 * after the average; a spatial pyramid as adaptive pooling per level,
 * flattened and concatenated. Where PyTorch has no such form the result
 * is false and says why. */

#include <stdbool.h>
#include <stddef.h>

#include "params.h"
#include "tensor.h"

typedef enum
{
  PV_CODE_MODULE,     /* "nn.MaxPool2d(kernel_size=3)" */
  PV_CODE_FUNCTIONAL, /* "F.max_pool2d(x, kernel_size=3)", on a tensor x */
} pv_code_form;

/* Whether @params use an extension PyTorch lacks (padding "same" or
 * "valid", a temperature, a spatial pyramid), which the code rewrites. */
bool pv_params_uses_extension (const pv_params *params);

/* Writes @params, as applied to a tensor of @input's dtype and shape (its
 * data is not read; the shape decides the padding "same" stands for), in
 * @form into @buf. Returns false, with the reason in @buf, when PyTorch
 * has no such form or refuses the parameters. */
bool pv_pytorch_code (const pv_params *params, const pv_tensor *input, pv_code_form form,
                      char *buf, size_t size);
