/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Parameters as text: the command line's option names and value syntax,
 * shared by poolview-cli, the tests that replay PyTorch's conformance
 * cases and the fuzzers. */

#include <stdbool.h>

#include "params.h"
#include "status.h"

typedef enum
{
  PV_OPTION_UNKNOWN,
  PV_OPTION_FLAG,   /* takes no value */
  PV_OPTION_VALUE,  /* takes one value */
} pv_option_kind;

/* Tells whether option @name (without the leading "--") exists and whether
 * it takes a value. */
pv_option_kind pv_option_get_kind (const char *name);

/* Applies option @name with @value (NULL for flags) to @params. Values:
 * integer lists "3" or "3,2" (also "(3, 2)"), "none" for an output size
 * axis to keep, "same", "same-lower" or "valid" for padding, floats for
 * ratios, norm type and temperature. Returns PV_ERR_ARGUMENT, with a
 * message naming the option, for an unknown option, a malformed value, or
 * an option that does not apply to params->op. File options
 * (--return-indices, --indices, --samples) are the caller's; passing them
 * here only records that indices are wanted. */
pv_status pv_params_set_option (pv_params *params, const char *name, const char *value,
                                pv_error *err);

/* Parses an integer list such as "3,2" into @list. Accepts "none" entries
 * when @allow_keep. Returns false on malformed text. */
bool pv_parse_int_list (const char *text, bool allow_keep, pv_int_list *list);
