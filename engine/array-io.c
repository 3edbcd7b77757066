/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "array-io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file-io.h"
#include "image.h"
#include "npy.h"
#include "text-matrix.h"

pv_file_format
pv_sniff_format (const uint8_t *data, size_t size)
{
  if (size >= 6 && memcmp (data, "\x93NUMPY", 6) == 0)
    return PV_FORMAT_NPY;
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return PV_FORMAT_PNG;
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return PV_FORMAT_JPEG;
  return PV_FORMAT_CSV;
}

pv_file_format
pv_format_from_extension (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, '/');

  if (dot == NULL || (slash != NULL && dot < slash))
    return PV_FORMAT_UNKNOWN;
  if (strcasecmp (dot, ".npy") == 0)
    return PV_FORMAT_NPY;
  if (strcasecmp (dot, ".csv") == 0)
    return PV_FORMAT_CSV;
  if (strcasecmp (dot, ".png") == 0)
    return PV_FORMAT_PNG;
  if (strcasecmp (dot, ".jpg") == 0 || strcasecmp (dot, ".jpeg") == 0)
    return PV_FORMAT_JPEG;
  return PV_FORMAT_UNKNOWN;
}

/* Text has no NUL bytes and few control characters; anything else that is
 * not a known signature is a binary file of some other kind. */
static bool
looks_like_text (const uint8_t *data, size_t size)
{
  size_t n = size < 4096 ? size : 4096;

  for (size_t i = 0; i < n; i++)
    if (data[i] == 0 || (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r'
                         && data[i] != '\f'))
      return false;
  return true;
}

/* Whether @data, @size bytes, is a beginning of @format's signature: the
 * whole of a file cut short, or an empty one. */
static bool
starts_signature (pv_file_format format, const uint8_t *data, size_t size)
{
  static const char png[] = "\x89PNG\r\n\x1a\n", jpeg[] = "\xff\xd8\xff",
                    npy[] = "\x93NUMPY";
  const char *sig = format == PV_FORMAT_PNG ? png : format == PV_FORMAT_JPEG ? jpeg : npy;

  return size < strlen (sig) && memcmp (data, sig, size) == 0;
}

static const char *
format_name (pv_file_format format)
{
  switch (format)
    {
    case PV_FORMAT_NPY: return ".npy";
    case PV_FORMAT_CSV: return "CSV";
    case PV_FORMAT_PNG: return "PNG";
    case PV_FORMAT_JPEG: return "JPEG";
    default: return "of no known format";
    }
}

static pv_status
decode_picture (const uint8_t *data, size_t size, const pv_limits *limits, pv_tensor *out,
                pv_source_info *info, pv_error *err)
{
  pv_image image;
  pv_status status;

  status = pv_image_decode (data, size, limits, &image, err);
  if (status != PV_OK)
    return status;
  status = pv_image_to_planes (&image, out, err);
  info->bit_depth = image.bit_depth;
  pv_image_free (&image);
  return status;
}

pv_status
pv_array_read_file (const char *path, const pv_limits *limits, pv_tensor *out,
                    pv_source_info *info, pv_error *err)
{
  pv_source_info local = { PV_FORMAT_UNKNOWN, 0 };
  pv_file_format named = pv_format_from_extension (path);
  uint8_t *data;
  size_t size;
  pv_status status;

  status = pv_file_read_all (path, limits->max_bytes, &data, &size, err);
  if (status != PV_OK)
    return status;

  local.format = pv_sniff_format (data, size);
  switch (local.format)
    {
    case PV_FORMAT_NPY:
      status = pv_npy_decode (data, size, limits, out, err);
      break;
    case PV_FORMAT_PNG:
    case PV_FORMAT_JPEG:
      status = decode_picture (data, size, limits, out, &local, err);
      break;
    default:
      if ((named == PV_FORMAT_PNG || named == PV_FORMAT_JPEG || named == PV_FORMAT_NPY)
          && starts_signature (named, data, size))
        {
          /* Too short to hold even its signature: not text, whatever the
           * bytes are. */
          local.format = PV_FORMAT_UNKNOWN;
          if (size == 0)
            status = pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, "the file is empty");
          else
            status = pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                                   "truncated %s file (only %zu bytes)", format_name (named),
                                   size);
        }
      else if (size > 0 && !looks_like_text (data, size))
        {
          local.format = PV_FORMAT_UNKNOWN;
          if (named == PV_FORMAT_PNG || named == PV_FORMAT_JPEG || named == PV_FORMAT_NPY)
            status = pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                                   "does not start with the %s signature: the file is corrupt "
                                   "or not a %s",
                                   format_name (named), format_name (named));
          else
            status = pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                                   "not a PNG, JPEG, .npy or CSV file (binary content with no "
                                   "known signature)");
        }
      else
        status = pv_text_matrix_parse ((const char *) data, size, limits, out, err);
      break;
    }
  free (data);

  if (status != PV_OK)
    {
      /* "photo.png: ... (named .png, but the content is a JPEG)". */
      if (named != PV_FORMAT_UNKNOWN && local.format != PV_FORMAT_UNKNOWN
          && named != local.format && err != NULL)
        {
          char note[96];
          size_t len = strlen (err->message);

          snprintf (note, sizeof note, " (named as %s, but the content is %s)",
                    format_name (named),
                    format_name (local.format));
          if (len + strlen (note) < sizeof err->message)
            memcpy (err->message + len, note, strlen (note) + 1);
        }
      pv_error_prefix (err, path);
      return status;
    }
  if (info != NULL)
    *info = local;
  return PV_OK;
}

pv_status
pv_array_write_file (const char *path, const pv_tensor *tensor, pv_error *err)
{
  switch (pv_format_from_extension (path))
    {
    case PV_FORMAT_NPY:
      return pv_npy_write_file (path, tensor, err);
    case PV_FORMAT_CSV:
      return pv_csv_write_file (path, tensor, err);
    default:
      return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                           "%s: cannot tell the output format (use .npy or .csv)", path);
    }
}
