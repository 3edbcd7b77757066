/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "npy.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checked.h"
#include "file-io.h"

#define NPY_MAX_HEADER (1024 * 1024)

typedef enum
{
  KIND_FLOAT,
  KIND_UINT,
  KIND_INT,
} elem_kind;

typedef struct
{
  elem_kind kind;
  size_t itemsize;
  bool big_endian;
} elem_type;

typedef struct
{
  const char *p, *end;
} cursor;

static void
skip_ws (cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static bool
expect (cursor *c, char ch)
{
  skip_ws (c);
  if (c->p < c->end && *c->p == ch)
    {
      c->p++;
      return true;
    }
  return false;
}

/* A Python string literal in single or double quotes, without escapes
 * (NumPy never writes any in these headers). */
static bool
parse_string (cursor *c, char *out, size_t size)
{
  char quote;
  size_t n = 0;

  skip_ws (c);
  if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
    return false;
  quote = *c->p++;
  while (c->p < c->end && *c->p != quote)
    {
      if (*c->p == '\\' || n + 1 >= size)
        return false;
      out[n++] = *c->p++;
    }
  if (c->p >= c->end)
    return false;
  c->p++;
  out[n] = '\0';
  return true;
}

static bool
parse_word (cursor *c, const char *word)
{
  size_t len = strlen (word);

  skip_ws (c);
  if ((size_t) (c->end - c->p) >= len && memcmp (c->p, word, len) == 0)
    {
      c->p += len;
      return true;
    }
  return false;
}

static bool
parse_shape (cursor *c, pv_shape *shape, bool *too_many)
{
  pv_shape s = { 0 };
  int count = 0;

  *too_many = false;
  if (!expect (c, '('))
    return false;
  skip_ws (c);
  if (expect (c, ')'))
    {
      *shape = s;
      return true;
    }
  for (;;)
    {
      int64_t v = 0;
      bool digits = false;

      skip_ws (c);
      while (c->p < c->end && isdigit ((unsigned char) *c->p))
        {
          /* Dimensions beyond 2^62 cannot describe real data. */
          if (v > (INT64_MAX - 9) / 10)
            return false;
          v = v * 10 + (*c->p++ - '0');
          digits = true;
        }
      /* NumPy writes "3L" in headers made by Python 2. */
      if (c->p < c->end && *c->p == 'L')
        c->p++;
      if (!digits)
        return false;
      if (count < PV_MAX_RANK)
        s.dims[count] = v;
      count++;
      if (expect (c, ')'))
        break;
      if (!expect (c, ','))
        return false;
      if (expect (c, ')'))
        break;
    }
  if (count > PV_MAX_RANK)
    {
      *too_many = true;
      return false;
    }
  s.rank = count;
  *shape = s;
  return true;
}

static bool
parse_descr (const char *descr, elem_type *t)
{
  char order = descr[0];
  const char *rest = descr + 1;

  if (order != '<' && order != '>' && order != '|' && order != '=')
    {
      order = '|';
      rest = descr;
    }
  if (strlen (rest) != 2 || !isdigit ((unsigned char) rest[1]))
    return false;
  t->itemsize = (size_t) (rest[1] - '0');
  t->big_endian = order == '>';
  switch (rest[0])
    {
    case 'f':
      t->kind = KIND_FLOAT;
      return t->itemsize == 4 || t->itemsize == 8;
    case 'u':
      t->kind = KIND_UINT;
      return t->itemsize == 1 || t->itemsize == 2;
    case 'i':
      t->kind = KIND_INT;
      return t->itemsize == 1 || t->itemsize == 2 || t->itemsize == 4 || t->itemsize == 8;
    default:
      return false;
    }
}

static pv_dtype
target_dtype (const elem_type *t)
{
  if (t->kind == KIND_FLOAT)
    return t->itemsize == 4 ? PV_DTYPE_F32 : PV_DTYPE_F64;
  if (t->kind == KIND_UINT)
    return t->itemsize == 1 ? PV_DTYPE_U8 : PV_DTYPE_U16;
  return PV_DTYPE_I64;
}

/* Reads one element at @src as the target dtype's bytes into @dst. */
static void
load_element (const elem_type *t, const uint8_t *src, uint8_t *dst)
{
  uint8_t b[8];

  for (size_t i = 0; i < t->itemsize; i++)
    b[i] = t->big_endian ? src[t->itemsize - 1 - i] : src[i];

  if (t->kind == KIND_INT)
    {
      int64_t v;

      switch (t->itemsize)
        {
        case 1: v = (int8_t) b[0]; break;
        case 2: { int16_t x; memcpy (&x, b, 2); v = x; } break;
        case 4: { int32_t x; memcpy (&x, b, 4); v = x; } break;
        default: memcpy (&v, b, 8); break;
        }
      memcpy (dst, &v, 8);
    }
  else
    memcpy (dst, b, t->itemsize);
}

pv_status
pv_npy_decode (const uint8_t *data, size_t size, const pv_limits *limits, pv_tensor *out,
               pv_error *err)
{
  static const uint8_t magic[6] = { 0x93, 'N', 'U', 'M', 'P', 'Y' };
  size_t header_len, header_start, numel, payload, bytes;
  bool have_descr = false, have_order = false, have_shape = false, fortran = false;
  elem_type type = { 0 };
  pv_shape shape = { 0 };
  pv_tensor t;
  pv_status status;
  cursor c;
  int major;

  if (size < 10 || memcmp (data, magic, 6) != 0)
    return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, "not a .npy file (bad magic)");
  major = data[6];
  if (major == 1)
    {
      header_len = (size_t) data[8] | (size_t) data[9] << 8;
      header_start = 10;
    }
  else if (major == 2 || major == 3)
    {
      if (size < 12)
        return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, ".npy header is truncated");
      header_len = (size_t) data[8] | (size_t) data[9] << 8 | (size_t) data[10] << 16
                   | (size_t) data[11] << 24;
      header_start = 12;
    }
  else
    return pv_error_set (err, PV_ERR_UNSUPPORTED, PV_FIELD_INPUT,
                         ".npy format version %d.%d is not supported", major, data[7]);

  if (header_len > NPY_MAX_HEADER || header_len > size - header_start)
    return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                         ".npy header length %zu does not fit the %zu-byte file", header_len,
                         size);

  c.p = (const char *) data + header_start;
  c.end = c.p + header_len;
  if (!expect (&c, '{'))
    return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, ".npy header is not a dictionary");
  for (;;)
    {
      char key[32], value[32];

      if (expect (&c, '}'))
        break;
      if (!parse_string (&c, key, sizeof key) || !expect (&c, ':'))
        return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, ".npy header is malformed");
      if (strcmp (key, "descr") == 0 && !have_descr)
        {
          if (!parse_string (&c, value, sizeof value))
            return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                                 ".npy header has a malformed descr");
          if (!parse_descr (value, &type))
            return pv_error_set (err, PV_ERR_UNSUPPORTED, PV_FIELD_INPUT,
                                 ".npy data type '%s' is not supported (pooling reads "
                                 "float32, float64, uint8 and uint16; indices int64)",
                                 value);
          have_descr = true;
        }
      else if (strcmp (key, "fortran_order") == 0 && !have_order)
        {
          if (parse_word (&c, "True"))
            fortran = true;
          else if (!parse_word (&c, "False"))
            return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                                 ".npy header has a malformed fortran_order");
          have_order = true;
        }
      else if (strcmp (key, "shape") == 0 && !have_shape)
        {
          bool too_many;

          if (!parse_shape (&c, &shape, &too_many))
            return too_many ? pv_error_set (err, PV_ERR_UNSUPPORTED, PV_FIELD_INPUT,
                                            ".npy arrays of more than %d dimensions are not "
                                            "supported",
                                            PV_MAX_RANK)
                            : pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                                            ".npy header has a malformed shape");
          have_shape = true;
        }
      else
        return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                             ".npy header has an unexpected key '%s'", key);
      if (expect (&c, '}'))
        break;
      if (!expect (&c, ','))
        return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, ".npy header is malformed");
    }
  if (!have_descr || !have_order || !have_shape)
    return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                         ".npy header lacks descr, fortran_order or shape");

  if (pv_shape_numel (&shape, &numel) != PV_OK || !pv_size_mul (numel, type.itemsize, &payload))
    return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_INPUT, ".npy shape is too large");
  if (payload != size - header_start - header_len)
    return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                         ".npy data is %zu bytes but the header promises %zu (truncated or "
                         "corrupt file)",
                         size - header_start - header_len, payload);
  /* Pixels as pictures count them: the last two axes, rows by columns. */
  if (shape.rank >= 2
      && (uint64_t) shape.dims[shape.rank - 2] * (uint64_t) shape.dims[shape.rank - 1]
           > limits->max_pixels)
    return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                         ".npy array has %" PRId64 " x %" PRId64
                         " cells, more than the limit of %" PRIu64 " pixels",
                         shape.dims[shape.rank - 2], shape.dims[shape.rank - 1],
                         limits->max_pixels);
  if (!pv_size_mul (numel, pv_dtype_size (target_dtype (&type)), &bytes)
      || bytes > limits->max_bytes)
    return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                         ".npy array is larger than the limit of %zu bytes", limits->max_bytes);

  status = pv_tensor_alloc (&t, target_dtype (&type), &shape, err);
  if (status != PV_OK)
    return status;

  {
    const uint8_t *src = data + header_start + header_len;
    uint8_t *dst = t.data;
    size_t out_size = pv_dtype_size (t.dtype);

    if (!fortran || shape.rank <= 1)
      for (size_t i = 0; i < numel; i++)
        load_element (&type, src + i * type.itemsize, dst + i * out_size);
    else
      {
        /* Walk the C-order index and fetch the Fortran-order element. */
        int64_t idx[PV_MAX_RANK] = { 0 };

        for (size_t i = 0; i < numel; i++)
          {
            size_t f = 0, stride = 1;

            for (int d = 0; d < shape.rank; d++)
              {
                f += (size_t) idx[d] * stride;
                stride *= (size_t) shape.dims[d];
              }
            load_element (&type, src + f * type.itemsize, dst + i * out_size);
            for (int d = shape.rank - 1; d >= 0; d--)
              {
                if (++idx[d] < shape.dims[d])
                  break;
                idx[d] = 0;
              }
          }
      }
  }
  *out = t;
  return PV_OK;
}

pv_status
pv_npy_read_file (const char *path, const pv_limits *limits, pv_tensor *out, pv_error *err)
{
  uint8_t *data;
  size_t size;
  pv_status status;

  /* The header is at most NPY_MAX_HEADER bytes on top of the array. */
  status = pv_file_read_all (path, limits->max_bytes + NPY_MAX_HEADER + 16, &data, &size, err);
  if (status != PV_OK)
    return status;
  status = pv_npy_decode (data, size, limits, out, err);
  free (data);
  if (status != PV_OK)
    pv_error_prefix (err, path);
  return status;
}

pv_status
pv_npy_encode (const pv_tensor *tensor, uint8_t **data, size_t *size, pv_error *err)
{
  const char *descr;
  char header[256];
  char shape[160];
  size_t used = 0, numel, payload, total, header_len;
  uint8_t *buf;

  switch (tensor->dtype)
    {
    case PV_DTYPE_F32: descr = "<f4"; break;
    case PV_DTYPE_F64: descr = "<f8"; break;
    case PV_DTYPE_U8: descr = "|u1"; break;
    case PV_DTYPE_U16: descr = "<u2"; break;
    case PV_DTYPE_I64: descr = "<i8"; break;
    default: return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "unknown dtype");
    }

  shape[0] = '\0';
  used += (size_t) snprintf (shape, sizeof shape, "(");
  for (int i = 0; i < tensor->shape.rank; i++)
    used += (size_t) snprintf (shape + used, sizeof shape - used, "%lld%s",
                               (long long) tensor->shape.dims[i],
                               tensor->shape.rank == 1 ? "," : i + 1 < tensor->shape.rank ? ", "
                                                                                           : "");
  snprintf (shape + used, sizeof shape - used, ")");

  header_len = (size_t) snprintf (header, sizeof header,
                                  "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr,
                                  shape);
  /* Pad with spaces and end with a newline so that the data starts on a
   * 64-byte boundary, as NumPy does. */
  {
    size_t unpadded = 10 + header_len + 1;
    size_t padded = (unpadded + 63) / 64 * 64;

    header_len = padded - 10;
  }

  if (pv_shape_numel (&tensor->shape, &numel) != PV_OK
      || !pv_size_mul (numel, pv_dtype_size (tensor->dtype), &payload)
      || !pv_size_add (10 + header_len, payload, &total))
    return pv_error_set (err, PV_ERR_OVERFLOW, PV_FIELD_NONE, "array is too large");

  buf = malloc (total);
  if (buf == NULL)
    return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE, "out of memory");
  memcpy (buf, "\x93NUMPY\x01\x00", 8);
  buf[8] = (uint8_t) (header_len & 0xff);
  buf[9] = (uint8_t) (header_len >> 8);
  memset (buf + 10, ' ', header_len);
  memcpy (buf + 10, header, strlen (header));
  buf[10 + header_len - 1] = '\n';
  /* The engine runs on little-endian machines only (checked by the build). */
  memcpy (buf + 10 + header_len, tensor->data, payload);
  *data = buf;
  *size = total;
  return PV_OK;
}

pv_status
pv_npy_write_file (const char *path, const pv_tensor *tensor, pv_error *err)
{
  uint8_t *data;
  size_t size;
  pv_status status;

  status = pv_npy_encode (tensor, &data, &size, err);
  if (status != PV_OK)
    return status;
  status = pv_file_write_atomic (path, data, size, err);
  free (data);
  return status;
}
