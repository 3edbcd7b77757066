/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "array-io.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file-io.h"
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

pv_status
pv_array_read_file (const char *path, const pv_limits *limits, pv_tensor *out, pv_error *err)
{
  uint8_t *data;
  size_t size;
  pv_status status;

  status = pv_file_read_all (path, limits->max_bytes, &data, &size, err);
  if (status != PV_OK)
    return status;

  switch (pv_sniff_format (data, size))
    {
    case PV_FORMAT_NPY:
      status = pv_npy_decode (data, size, limits, out, err);
      break;
    case PV_FORMAT_PNG:
    case PV_FORMAT_JPEG:
      status = pv_error_set (err, PV_ERR_UNSUPPORTED, PV_FIELD_INPUT,
                             "this is an image, not a numeric array");
      break;
    default:
      status = pv_text_matrix_parse ((const char *) data, size, limits, out, err);
      break;
    }
  free (data);
  if (status != PV_OK)
    pv_error_prefix (err, path);
  return status;
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
