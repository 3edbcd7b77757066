/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct
{
  const char *name;
  pv_option_kind kind;
  pv_field field;    /* for "does not apply" checks; PV_FIELD_NONE: always applies */
} option_info;

static const option_info options[] = {
  { "kernel-size", PV_OPTION_VALUE, PV_FIELD_KERNEL },
  { "stride", PV_OPTION_VALUE, PV_FIELD_STRIDE },
  { "padding", PV_OPTION_VALUE, PV_FIELD_PADDING },
  { "dilation", PV_OPTION_VALUE, PV_FIELD_DILATION },
  { "ceil-mode", PV_OPTION_FLAG, PV_FIELD_NONE },
  { "no-count-include-pad", PV_OPTION_FLAG, PV_FIELD_NONE },
  { "divisor-override", PV_OPTION_VALUE, PV_FIELD_DIVISOR },
  { "output-size", PV_OPTION_VALUE, PV_FIELD_OUTPUT_SIZE },
  { "output-ratio", PV_OPTION_VALUE, PV_FIELD_OUTPUT_RATIO },
  { "norm-type", PV_OPTION_VALUE, PV_FIELD_NORM_TYPE },
  { "return-indices", PV_OPTION_VALUE, PV_FIELD_NONE },
  { "indices", PV_OPTION_VALUE, PV_FIELD_INDICES },
  { "samples", PV_OPTION_VALUE, PV_FIELD_SAMPLES },
  { "seed", PV_OPTION_VALUE, PV_FIELD_SAMPLES },
  { "levels", PV_OPTION_VALUE, PV_FIELD_LEVELS },
  { "temperature", PV_OPTION_VALUE, PV_FIELD_TEMPERATURE },
};

static const option_info *
find_option (const char *name)
{
  for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
    if (strcmp (options[i].name, name) == 0)
      return &options[i];
  return NULL;
}

pv_option_kind
pv_option_get_kind (const char *name)
{
  const option_info *info = find_option (name);

  return info ? info->kind : PV_OPTION_UNKNOWN;
}

static const char *
skip_space (const char *s)
{
  while (*s && isspace ((unsigned char) *s))
    s++;
  return s;
}

/* Whether the one integer in @text, after any "(" or "[", lies beyond
 * int64, where pv_parse_int_list() saturates. */
static bool
beyond_int64 (const char *text)
{
  const char *s = skip_space (text);

  if (*s == '(' || *s == '[')
    s = skip_space (s + 1);
  errno = 0;
  (void) strtoll (s, NULL, 10);
  return errno == ERANGE;
}

bool
pv_parse_int_list (const char *text, bool allow_keep, pv_int_list *list)
{
  pv_int_list result = { 0 };
  const char *s = skip_space (text);
  char close = 0;

  /* Python-style "(3, 2)" or "[3, 2]" as well as "3,2". */
  if (*s == '(' || *s == '[')
    {
      close = *s == '(' ? ')' : ']';
      s = skip_space (s + 1);
    }

  for (;;)
    {
      char *end;
      long long v;

      if (result.n == PV_LIST_MAX)
        return false;
      if (allow_keep && strncasecmp (s, "none", 4) == 0)
        {
          v = PV_OUTPUT_SIZE_KEEP;
          end = (char *) s + 4;
        }
      else
        {
          if (!(isdigit ((unsigned char) *s) || *s == '-' || *s == '+'))
            return false;
          errno = 0;
          v = strtoll (s, &end, 10);
          if (end == s)
            return false;
          /* Out of range saturates; the plan reports "integer out of range". */
          if (errno == ERANGE)
            v = v < 0 ? INT64_MIN + 1 : INT64_MAX;
        }
      result.v[result.n++] = v;
      s = skip_space (end);
      if (*s == ',')
        {
          s = skip_space (s + 1);
          /* A trailing comma, as in Python's "(3,)". */
          if (close && *s == close)
            break;
          continue;
        }
      break;
    }

  if (close)
    {
      if (*s != close)
        return false;
      s = skip_space (s + 1);
    }
  if (*s != '\0')
    return false;
  *list = result;
  return true;
}

static bool
parse_double (const char *text, double *out)
{
  char *end;
  double v;

  text = skip_space (text);
  if (*text == '\0')
    return false;
  errno = 0;
  v = strtod (text, &end);
  if (end == text || *skip_space (end) != '\0' || isnan (v))
    return false;
  *out = v;
  return true;
}

static bool
parse_double_list (const char *text, double *values, int max, int *n)
{
  char buf[256];
  char *save = NULL, *tok;
  int count = 0;
  size_t len = strlen (text);

  if (len >= sizeof buf)
    return false;
  memcpy (buf, text, len + 1);
  /* Strip one pair of brackets. */
  {
    char *start = buf;
    char *last;

    while (isspace ((unsigned char) *start))
      start++;
    last = start + strlen (start);
    while (last > start && isspace ((unsigned char) last[-1]))
      *--last = '\0';
    if ((*start == '(' && last > start && last[-1] == ')')
        || (*start == '[' && last > start && last[-1] == ']'))
      {
        last[-1] = '\0';
        start++;
      }
    memmove (buf, start, strlen (start) + 1);
  }
  if (buf[0] == '\0' || buf[strlen (buf) - 1] == ',')
    return false;
  for (tok = strtok_r (buf, ",", &save); tok != NULL; tok = strtok_r (NULL, ",", &save))
    {
      if (count == max || !parse_double (tok, &values[count]))
        return false;
      count++;
    }
  *n = count;
  return count > 0;
}

static pv_status
bad_value (pv_error *err, pv_field field, const char *name, const char *value, const char *want)
{
  return pv_error_set (err, PV_ERR_ARGUMENT, field, "--%s: '%s' is not %s", name, value, want);
}

pv_status
pv_params_set_option (pv_params *p, const char *name, const char *value, pv_error *err)
{
  const option_info *info = find_option (name);
  const char *op_name = pv_op_get_info (p->op)->name;

  if (info == NULL)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "unknown option --%s", name);
  if (info->kind == PV_OPTION_VALUE && value == NULL)
    return pv_error_set (err, PV_ERR_ARGUMENT, info->field, "--%s needs a value", name);

  /* An option that does not apply would be silently ignored, which hides
   * mistakes; PyTorch raises a TypeError for unexpected arguments too. */
  if (info->field != PV_FIELD_NONE && !pv_op_uses_field (p->op, info->field))
    return pv_error_set (err, PV_ERR_ARGUMENT, info->field, "--%s does not apply to %s", name,
                         op_name);

  if (strcmp (name, "kernel-size") == 0)
    {
      if (!pv_parse_int_list (value, false, &p->kernel))
        return bad_value (err, info->field, name, value, "an integer or a pair H,W");
    }
  else if (strcmp (name, "stride") == 0)
    {
      if (!pv_parse_int_list (value, false, &p->stride))
        return bad_value (err, info->field, name, value, "an integer or a pair H,W");
    }
  else if (strcmp (name, "dilation") == 0)
    {
      if (!pv_parse_int_list (value, false, &p->dilation))
        return bad_value (err, info->field, name, value, "an integer or a pair H,W");
    }
  else if (strcmp (name, "padding") == 0)
    {
      pv_padding_mode mode = PV_PADDING_EXPLICIT;

      if (strcasecmp (value, "same") == 0)
        mode = PV_PADDING_SAME;
      else if (strcasecmp (value, "same-lower") == 0)
        mode = PV_PADDING_SAME_LOWER;
      else if (strcasecmp (value, "valid") == 0)
        mode = PV_PADDING_VALID;
      else if (!pv_parse_int_list (value, false, &p->padding))
        return bad_value (err, info->field, name, value,
                          "an integer, a pair H,W, same, same-lower or valid");
      if (mode != PV_PADDING_EXPLICIT && pv_op_get_info (p->op)->windows != PV_WINDOWS_SLIDING)
        return pv_error_set (err, PV_ERR_ARGUMENT, info->field,
                             "--padding %s applies to max and avg pooling only", value);
      p->padding_mode = mode;
      if (mode != PV_PADDING_EXPLICIT)
        p->padding.n = 0;
    }
  else if (strcmp (name, "ceil-mode") == 0)
    {
      if (!pv_op_uses_ceil_mode (p->op))
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                             "--ceil-mode does not apply to %s", op_name);
      p->ceil_mode = true;
    }
  else if (strcmp (name, "no-count-include-pad") == 0)
    {
      if (!pv_op_uses_count_include_pad (p->op))
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                             "--no-count-include-pad does not apply to %s", op_name);
      p->count_include_pad = false;
    }
  else if (strcmp (name, "divisor-override") == 0)
    {
      pv_int_list l;

      if (!pv_parse_int_list (value, false, &l) || l.n != 1)
        return bad_value (err, info->field, name, value, "an integer");
      /* Parsing saturates; beyond int64, PyTorch cannot unpack the value
       * (int64's own extremes it can). */
      if ((l.v[0] == INT64_MAX || l.v[0] == INT64_MIN + 1) && beyond_int64 (value))
        return pv_error_set (err, PV_ERR_ARGUMENT, info->field,
                             "--%s: %s is out of range (Overflow when unpacking long)", name,
                             value);
      p->has_divisor_override = true;
      p->divisor_override = l.v[0];
    }
  else if (strcmp (name, "output-size") == 0)
    {
      if (!pv_parse_int_list (value, true, &p->output_size))
        return bad_value (err, info->field, name, value,
                          "an integer or a pair H,W (\"none\" keeps an axis)");
    }
  else if (strcmp (name, "output-ratio") == 0)
    {
      if (!parse_double_list (value, p->output_ratio, PV_LIST_MAX, &p->n_output_ratio))
        return bad_value (err, info->field, name, value, "a ratio or a pair of ratios H,W");
    }
  else if (strcmp (name, "norm-type") == 0)
    {
      if (!parse_double (value, &p->norm_type))
        return bad_value (err, info->field, name, value, "a number");
      p->has_norm_type = true;
    }
  else if (strcmp (name, "temperature") == 0)
    {
      if (!parse_double (value, &p->temperature) || !isfinite (p->temperature))
        return bad_value (err, info->field, name, value, "a finite number");
    }
  else if (strcmp (name, "seed") == 0)
    {
      char *end;
      const char *s = skip_space (value);

      errno = 0;
      p->seed = strtoull (s, &end, 10);
      if (end == s || *skip_space (end) != '\0' || errno == ERANGE || *s == '-')
        return bad_value (err, info->field, name, value, "a non-negative integer");
      p->has_seed = true;
    }
  else if (strcmp (name, "levels") == 0)
    {
      pv_int_list l;

      if (!pv_parse_int_list (value, false, &l))
        return bad_value (err, info->field, name, value, "a list of levels such as 1,2,4");
      p->levels = l;
    }
  else if (strcmp (name, "return-indices") == 0)
    {
      if (!pv_op_has_indices (p->op))
        return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                             "--return-indices does not apply to %s (it has no indices)", op_name);
      p->return_indices = true;
    }
  /* --indices and --samples name files, which the caller reads. */
  return PV_OK;
}
