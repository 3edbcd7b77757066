/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "status.h"

#include <stdio.h>
#include <string.h>

const char *
pv_status_to_string (pv_status status)
{
  switch (status)
    {
    case PV_OK: return "success";
    case PV_ERR_ARGUMENT: return "invalid argument";
    case PV_ERR_SHAPE: return "unsuitable input shape";
    case PV_ERR_INDEX: return "invalid index";
    case PV_ERR_OVERFLOW: return "size overflow";
    case PV_ERR_LIMIT: return "limit exceeded";
    case PV_ERR_NOMEM: return "out of memory";
    case PV_ERR_IO: return "input/output error";
    case PV_ERR_FORMAT: return "malformed file";
    case PV_ERR_UNSUPPORTED: return "unsupported file feature";
    case PV_ERR_CANCELLED: return "cancelled";
    default: return "unknown error";
    }
}

pv_status
pv_error_set (pv_error *err, pv_status status, pv_field field, const char *format, ...)
{
  if (err != NULL)
    {
      va_list args;

      err->status = status;
      err->field = field;
      va_start (args, format);
      vsnprintf (err->message, sizeof err->message, format, args);
      va_end (args);
    }
  return status;
}

void
pv_error_prefix (pv_error *err, const char *prefix)
{
  char old[PV_ERROR_MESSAGE_MAX];
  int n;

  if (err == NULL)
    return;
  memcpy (old, err->message, sizeof old);
  n = snprintf (err->message, sizeof err->message, "%s: ", prefix);
  if (n >= 0 && (size_t) n < sizeof err->message)
    {
      size_t room = sizeof err->message - (size_t) n;
      size_t len = strnlen (old, sizeof old - 1);

      if (len >= room)
        len = room - 1;
      memcpy (err->message + n, old, len);
      err->message[(size_t) n + len] = '\0';
    }
}

void
pv_error_clear (pv_error *err)
{
  if (err != NULL)
    {
      err->status = PV_OK;
      err->field = PV_FIELD_NONE;
      err->message[0] = '\0';
    }
}
