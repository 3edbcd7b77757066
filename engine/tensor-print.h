/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "status.h"
#include "tensor.h"

/* Formats @tensor the way PyTorch prints it (torch/_tensor_str.py with the
 * default print options: 4 decimals, integer mode, scientific mode,
 * 80-column lines, summaries with "..." beyond 1000 elements; the size=
 * and dtype= suffixes where PyTorch adds them, on a line of their own when
 * the last one is full), e.g. "tensor([[2., 3.],\n        [5., 1.]])" or
 * "tensor([], size=(0, 1, 3), dtype=torch.int64)". Stores a new string in
 * *@text (free() it). */
pv_status pv_tensor_format_torch (const pv_tensor *tensor, char **text, pv_error *err);
