/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "tensor.h"

/* The operators, named as in torch.nn.functional, plus spatial pyramid
 * pooling (an extension: adaptive pooling at several levels, concatenated). */
typedef enum
{
  PV_OP_MAX_POOL1D,
  PV_OP_MAX_POOL2D,
  PV_OP_AVG_POOL1D,
  PV_OP_AVG_POOL2D,
  PV_OP_ADAPTIVE_MAX_POOL1D,
  PV_OP_ADAPTIVE_MAX_POOL2D,
  PV_OP_ADAPTIVE_AVG_POOL1D,
  PV_OP_ADAPTIVE_AVG_POOL2D,
  PV_OP_LP_POOL1D,
  PV_OP_LP_POOL2D,
  PV_OP_FRACTIONAL_MAX_POOL2D,
  PV_OP_MAX_UNPOOL1D,
  PV_OP_MAX_UNPOOL2D,
  PV_OP_SPATIAL_PYRAMID_MAX_POOL2D,
  PV_OP_SPATIAL_PYRAMID_AVG_POOL2D,
  PV_OP_COUNT
} pv_op;

/* What an operator reduces with. */
typedef enum
{
  PV_REDUCE_MAX,
  PV_REDUCE_AVG,
  PV_REDUCE_LP,
  PV_REDUCE_UNPOOL,
} pv_reduce;

/* How its windows are laid out along an axis. */
typedef enum
{
  PV_WINDOWS_SLIDING,    /* kernel, stride, padding, dilation, ceil_mode */
  PV_WINDOWS_ADAPTIVE,   /* floor(i*I/O) .. ceil((i+1)*I/O) */
  PV_WINDOWS_FRACTIONAL, /* pseudo-random starts from a sample per plane */
  PV_WINDOWS_PYRAMID,    /* adaptive windows at each pyramid level */
  PV_WINDOWS_UNPOOL,     /* scatter through indices */
} pv_windows;

typedef enum
{
  PV_PADDING_EXPLICIT,   /* PyTorch: symmetric, per axis */
  PV_PADDING_SAME,       /* TensorFlow SAME / ONNX SAME_UPPER: the extra cell at the end */
  PV_PADDING_SAME_LOWER, /* ONNX SAME_LOWER: the extra cell at the start */
  PV_PADDING_VALID,      /* no padding */
} pv_padding_mode;

/* Lists can hold more values than PyTorch accepts, so that the plan can
 * reject a 3-element kernel with PyTorch's own message rather than the
 * parser failing earlier with a different one. */
#define PV_LIST_MAX 8
#define PV_LEVELS_MAX 8

typedef struct
{
  int n;                     /* 0 = not given (use the default) */
  int64_t v[PV_LIST_MAX];
} pv_int_list;

/* Output sizes allow "keep the input's size on this axis" (PyTorch's None). */
#define PV_OUTPUT_SIZE_KEEP INT64_MIN

typedef struct
{
  pv_op op;

  pv_int_list kernel;
  pv_int_list stride;        /* n == 0: stride = kernel, as in PyTorch */
  pv_int_list padding;
  pv_int_list dilation;
  pv_padding_mode padding_mode;

  bool ceil_mode;
  bool count_include_pad;    /* default true, as in PyTorch */
  bool return_indices;

  bool has_divisor_override;
  int64_t divisor_override;

  pv_int_list output_size;   /* entries may be PV_OUTPUT_SIZE_KEEP */
  int n_output_ratio;
  double output_ratio[PV_LIST_MAX];

  bool has_norm_type;
  double norm_type;          /* LP pooling's p */

  double temperature;        /* avg pooling extension: output *= temperature; default 1 */

  bool has_seed;
  uint64_t seed;             /* fractional samples when none are given */

  pv_int_list levels;        /* spatial pyramid levels, e.g. 1,2,4 */
} pv_params;

typedef struct
{
  const char *name;          /* torch.nn.functional name, e.g. "max_pool2d" */
  const char *module;        /* torch.nn module, e.g. "MaxPool2d" (NULL if none) */
  int spatial_dims;          /* 1 or 2 */
  pv_reduce reduce;
  pv_windows windows;
} pv_op_info;

/* Returns the static description of @op. */
const pv_op_info *pv_op_get_info (pv_op op);

/* Finds an operator by its functional name. Returns false if none matches. */
bool pv_op_from_name (const char *name, pv_op *op);

/* Resets @params to PyTorch's defaults for @op: no kernel, stride = kernel,
 * padding 0, dilation 1, count_include_pad on, temperature 1, levels 1,2,4. */
void pv_params_init (pv_params *params, pv_op op);

/* Whether a parameter applies to an operator; used by the command-line
 * parser to reject options that would be silently ignored, and by the user
 * interface to show only the fields that apply. */
bool pv_op_uses_field (pv_op op, pv_field field);
bool pv_op_uses_ceil_mode (pv_op op);
bool pv_op_uses_count_include_pad (pv_op op);
bool pv_op_has_indices (pv_op op);

/* Writes the call in PyTorch's functional notation, e.g.
 * "max_pool2d(kernel_size=3, stride=2, ceil_mode=True)", into @buf. Only
 * arguments that differ from PyTorch's defaults are written. Extensions
 * PyTorch lacks (same padding, temperature, pyramids) are written in the
 * same style so that the text still records them. */
void pv_params_format_call (const pv_params *params, char *buf, size_t size);

/* What sets @params apart from @other, for two results side by side: with
 * the same operator, only the arguments whose values differ, defaults
 * spelt out ("ceil_mode=False" beside "ceil_mode=True"); otherwise, or when
 * nothing differs, the whole call. */
void pv_params_format_difference (const pv_params *params, const pv_params *other, char *buf,
                                  size_t size);

/* The parameters as poolview-cli options, e.g. "--kernel-size 3,3 --stride
 * 2,2 --ceil-mode": what pv_params_set_option() reads back. */
void pv_params_format_options (const pv_params *params, char *buf, size_t size);

/* The equivalent TensorFlow/Keras layer, e.g.
 * "tf.keras.layers.MaxPooling2D(pool_size=(3, 3), strides=(2, 2),
 * padding=\"valid\")". Returns false, with the reason in @buf, when Keras
 * has no layer computing the same (ceil_mode, dilation, explicit padding,
 * LP pooling...). */
bool pv_params_format_keras (const pv_params *params, char *buf, size_t size);

/* The equivalent ONNX node with its attributes, e.g. "MaxPool(kernel_shape=
 * [3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1)". Returns false,
 * with the reason in @buf, when no ONNX operator computes the same. */
bool pv_params_format_onnx (const pv_params *params, char *buf, size_t size);

/* The same as a module constructor, e.g. "nn.MaxPool2d(kernel_size=3,
 * stride=2, ceil_mode=True)". Operators without a module (unpooling keeps
 * its module; pyramids have none) fall back to the functional form. */
void pv_params_format_module (const pv_params *params, char *buf, size_t size);
