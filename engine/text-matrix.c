/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "text-matrix.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checked.h"
#include "file-io.h"

/* A growable float array; capacity checked against the caller's limits. */
typedef struct
{
  float *values;
  size_t n, cap, max;
} float_vec;

static bool
vec_push (float_vec *v, float x)
{
  if (v->n == v->cap)
    {
      size_t cap = v->cap ? v->cap * 2 : 64;
      float *grown;

      if (cap > v->max)
        cap = v->max;
      if (v->n >= cap)
        return false;
      grown = realloc (v->values, cap * sizeof *grown);
      if (grown == NULL)
        return false;
      v->values = grown;
      v->cap = cap;
    }
  v->values[v->n++] = x;
  return true;
}

typedef struct
{
  const char *p, *end;
  size_t rows, cols, row_len;
  const pv_limits *limits;
  float_vec vec;
  pv_error *err;
} parser;

static bool
is_sep (char c)
{
  return c == ',' || c == ' ' || c == '\t' || c == ';';
}

/* Parses one number at the cursor; the token ends at a separator, a line
 * end, a bracket or the end of the text. */
static pv_status
parse_number (parser *ps)
{
  char token[64];
  size_t n = 0;
  const char *start = ps->p;
  char *end;
  float v;

  while (ps->p < ps->end && !is_sep (*ps->p) && *ps->p != '\n' && *ps->p != '\r'
         && *ps->p != '[' && *ps->p != ']')
    {
      if (n + 1 < sizeof token)
        token[n++] = *ps->p;
      ps->p++;
    }
  token[n] = '\0';
  v = strtof (token, &end);
  if (n == 0 || *end != '\0' || (size_t) (ps->p - start) >= sizeof token)
    {
      /* Show at most a short excerpt of what was found. */
      int shown = (int) (ps->p - start) > 20 ? 20 : (int) (ps->p - start);

      return pv_error_set (ps->err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                           "row %zu, column %zu: '%.*s' is not a number", ps->rows + 1,
                           ps->row_len + 1, shown, start);
    }
  if (ps->row_len + 1 > ps->limits->max_width)
    return pv_error_set (ps->err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                         "row %zu has more than %u columns", ps->rows + 1,
                         ps->limits->max_width);
  if (!vec_push (&ps->vec, v))
    return pv_error_set (ps->err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                         "the matrix has more than %zu values", ps->vec.max);
  ps->row_len++;
  return PV_OK;
}

static pv_status
end_row (parser *ps)
{
  if (ps->rows == 0)
    ps->cols = ps->row_len;
  else if (ps->row_len != ps->cols)
    return pv_error_set (ps->err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                         "row %zu has %zu value%s, but row 1 has %zu", ps->rows + 1, ps->row_len,
                         ps->row_len == 1 ? "" : "s", ps->cols);
  if (ps->rows + 1 > ps->limits->max_height)
    return pv_error_set (ps->err, PV_ERR_LIMIT, PV_FIELD_INPUT, "the matrix has more than %u rows",
                         ps->limits->max_height);
  ps->rows++;
  ps->row_len = 0;
  return PV_OK;
}

static void
skip_blank (parser *ps, bool newlines)
{
  while (ps->p < ps->end
         && (is_sep (*ps->p) || (newlines && (*ps->p == '\n' || *ps->p == '\r'))))
    ps->p++;
}

/* "[[1, 2], [3, 4]]" or "[1, 2, 3]". */
static pv_status
parse_brackets (parser *ps)
{
  pv_status s;
  bool nested;

  ps->p++; /* the outer '[' */
  skip_blank (ps, true);
  nested = ps->p < ps->end && *ps->p == '[';
  for (;;)
    {
      skip_blank (ps, true);
      if (ps->p >= ps->end)
        return pv_error_set (ps->err, PV_ERR_FORMAT, PV_FIELD_INPUT, "missing ']'");
      if (*ps->p == ']')
        {
          ps->p++;
          break;
        }
      if (nested)
        {
          if (*ps->p != '[')
            return pv_error_set (ps->err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                                 "row %zu: expected '[' to start a row", ps->rows + 1);
          ps->p++;
          for (;;)
            {
              skip_blank (ps, true);
              if (ps->p < ps->end && *ps->p == ']')
                {
                  ps->p++;
                  break;
                }
              if (ps->p < ps->end && *ps->p == '[')
                return pv_error_set (ps->err, PV_ERR_UNSUPPORTED, PV_FIELD_INPUT,
                                     "row %zu: brackets nest three deep, but a text matrix is "
                                     "2-D; save arrays of more dimensions as .npy",
                                     ps->rows + 1);
              if (ps->p >= ps->end)
                return pv_error_set (ps->err, PV_ERR_FORMAT, PV_FIELD_INPUT, "missing ']'");
              if ((s = parse_number (ps)))
                return s;
            }
          if ((s = end_row (ps)))
            return s;
        }
      else if ((s = parse_number (ps)))
        return s;
    }
  if (!nested && (s = end_row (ps)))
    return s;
  skip_blank (ps, true);
  if (ps->p < ps->end)
    return pv_error_set (ps->err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                         "unexpected text after the closing ']'");
  return PV_OK;
}

/* Skips the blanks before a line's next value, refusing an empty field: a
 * line that starts with a comma or semicolon, or two of them with nothing
 * between (CSV's empty cell, which has no number to stand for), and a
 * line that mixes commas and semicolons, as "1,5;2,5" with decimal
 * commas would. */
static pv_status
skip_line_blanks (parser *ps, bool *seen_comma, bool *seen_semicolon)
{
  int delims = ps->row_len == 0 ? 1 : 0; /* a line start counts as one */

  while (ps->p < ps->end && is_sep (*ps->p))
    {
      char c = *ps->p++;

      if (c != ',' && c != ';')
        continue;
      *(c == ',' ? seen_comma : seen_semicolon) = true;
      if (*seen_comma && *seen_semicolon)
        return pv_error_set (ps->err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                             "row %zu mixes ',' and ';' as separators (write decimals with "
                             "'.', as in 1.5)",
                             ps->rows + 1);
      if (++delims > 1)
        return pv_error_set (ps->err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                             "row %zu, column %zu: empty value", ps->rows + 1,
                             ps->row_len + 1);
    }
  return PV_OK;
}

/* One row per line. */
static pv_status
parse_lines (parser *ps)
{
  pv_status s;
  bool seen_comma = false, seen_semicolon = false;

  while (ps->p < ps->end)
    {
      if ((s = skip_line_blanks (ps, &seen_comma, &seen_semicolon)))
        return s;
      if (ps->p < ps->end && *ps->p == '#')
        while (ps->p < ps->end && *ps->p != '\n')
          ps->p++;
      if (ps->p >= ps->end)
        break;
      if (*ps->p == '\n' || *ps->p == '\r')
        {
          if (ps->row_len > 0 && (s = end_row (ps)))
            return s;
          ps->p++;
          seen_comma = seen_semicolon = false;
          continue;
        }
      if ((s = parse_number (ps)))
        return s;
    }
  if (ps->row_len > 0 && (s = end_row (ps)))
    return s;
  return PV_OK;
}

pv_status
pv_text_matrix_parse (const char *text, size_t len, const pv_limits *limits, pv_tensor *out,
                      pv_error *err)
{
  parser ps = { text, text + len, 0, 0, 0, limits, { 0 }, err };
  pv_status status;
  const char *first = text;

  ps.vec.max = limits->max_pixels;
  if (ps.vec.max > limits->max_bytes / sizeof (float))
    ps.vec.max = limits->max_bytes / sizeof (float);

  /* A UTF-8 byte order mark, as spreadsheet programs write. */
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    ps.p += 3;
  first = ps.p;
  while (first < ps.end && isspace ((unsigned char) *first))
    first++;

  if (first < ps.end && *first == '[')
    {
      ps.p = first;
      status = parse_brackets (&ps);
    }
  else
    status = parse_lines (&ps);

  if (status == PV_OK && (ps.rows == 0 || ps.cols == 0))
    status = pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, "the matrix is empty");
  if (status == PV_OK)
    {
      int64_t dims[2] = { (int64_t) ps.rows, (int64_t) ps.cols };
      pv_shape shape = pv_shape_make (2, dims);
      pv_tensor t;

      status = pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, err);
      if (status == PV_OK)
        {
          memcpy (t.data, ps.vec.values, ps.vec.n * sizeof (float));
          *out = t;
        }
    }
  free (ps.vec.values);
  return status;
}

pv_status
pv_csv_read_file (const char *path, const pv_limits *limits, pv_tensor *out, pv_error *err)
{
  uint8_t *data;
  size_t size;
  pv_status status;

  status = pv_file_read_all (path, limits->max_bytes, &data, &size, err);
  if (status != PV_OK)
    return status;
  status = pv_text_matrix_parse ((const char *) data, size, limits, out, err);
  free (data);
  if (status != PV_OK)
    pv_error_prefix (err, path);
  return status;
}

pv_status
pv_csv_encode (const pv_tensor *tensor, char **text, size_t *size, pv_error *err)
{
  int64_t rows, cols;
  size_t numel, cap, used = 0;
  char *buf;
  int r = tensor->shape.rank;
  const int64_t *d = tensor->shape.dims;

  /* Drop leading size-1 axes: (1, H, W) is one plane. */
  while (r > 2 && d[0] == 1)
    d++, r--;
  if (r > 2)
    {
      char shape[96];

      pv_shape_format (&tensor->shape, shape, sizeof shape);
      return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                           "CSV holds one 2-D plane, but the result has shape %s; write .npy "
                           "instead",
                           shape);
    }
  rows = r == 2 ? d[0] : 1;
  cols = r == 2 ? d[1] : r == 1 ? d[0] : 1;

  /* "%.17g" of a double is at most 24 characters, plus a separator. */
  if (pv_shape_numel (&tensor->shape, &numel) != PV_OK || !pv_size_mul (numel, 26, &cap)
      || !pv_size_add (cap, (size_t) rows + 1, &cap))
    return pv_error_set (err, PV_ERR_OVERFLOW, PV_FIELD_NONE, "array is too large");
  buf = malloc (cap);
  if (buf == NULL)
    return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE, "out of memory");

  for (int64_t i = 0; i < rows; i++)
    {
      for (int64_t j = 0; j < cols; j++)
        {
          size_t k = (size_t) (i * cols + j);
          const char *sep = j ? "," : "";

          switch (tensor->dtype)
            {
            case PV_DTYPE_F32:
              used += (size_t) snprintf (buf + used, cap - used, "%s%.9g", sep,
                                         (double) ((const float *) tensor->data)[k]);
              break;
            case PV_DTYPE_F64:
              used += (size_t) snprintf (buf + used, cap - used, "%s%.17g", sep,
                                         ((const double *) tensor->data)[k]);
              break;
            case PV_DTYPE_I64:
              used += (size_t) snprintf (buf + used, cap - used, "%s%" PRId64, sep,
                                         ((const int64_t *) tensor->data)[k]);
              break;
            default:
              used += (size_t) snprintf (buf + used, cap - used, "%s%.0f", sep,
                                         pv_tensor_get (tensor, k));
              break;
            }
        }
      used += (size_t) snprintf (buf + used, cap - used, "\n");
    }
  *text = buf;
  *size = used;
  return PV_OK;
}

pv_status
pv_csv_write_file (const char *path, const pv_tensor *tensor, pv_error *err)
{
  char *text;
  size_t size;
  pv_status status;

  status = pv_csv_encode (tensor, &text, &size, err);
  if (status != PV_OK)
    return status;
  status = pv_file_write_atomic (path, text, size, err);
  free (text);
  return status;
}
