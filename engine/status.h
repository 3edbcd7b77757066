/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdarg.h>
#include <stdbool.h>

/* Every fallible engine call returns a pv_status. PV_OK is zero so that
 * "if (status)" reads as "if it failed". */
typedef enum
{
  PV_OK = 0,
  PV_ERR_ARGUMENT,    /* a parameter PyTorch would reject (bad kernel, stride, ...) */
  PV_ERR_SHAPE,       /* the input's rank or size does not suit the operator */
  PV_ERR_INDEX,       /* an unpooling index points outside the output */
  PV_ERR_OVERFLOW,    /* a size computation would overflow */
  PV_ERR_LIMIT,       /* the data exceeds a limit set by the caller */
  PV_ERR_NOMEM,       /* an allocation failed */
  PV_ERR_IO,          /* reading or writing a file failed */
  PV_ERR_FORMAT,      /* a file is malformed, truncated or not of a known format */
  PV_ERR_UNSUPPORTED, /* a well-formed file uses a feature the engine does not read */
  PV_ERR_CANCELLED,   /* the caller asked the work to stop (pv_stop_func) */
} pv_status;

/* Asked now and then during long work that can stop early: true stops it
 * (the call then returns PV_ERR_CANCELLED). Called from worker threads. */
typedef bool (*pv_stop_func) (void *data);

/* Which parameter an error is about, so that a user interface can show the
 * message beside the field that caused it. */
typedef enum
{
  PV_FIELD_NONE = 0,
  PV_FIELD_INPUT,
  PV_FIELD_KERNEL,
  PV_FIELD_STRIDE,
  PV_FIELD_PADDING,
  PV_FIELD_DILATION,
  PV_FIELD_DIVISOR,
  PV_FIELD_OUTPUT_SIZE,
  PV_FIELD_OUTPUT_RATIO,
  PV_FIELD_NORM_TYPE,
  PV_FIELD_SAMPLES,
  PV_FIELD_LEVELS,
  PV_FIELD_TEMPERATURE,
  PV_FIELD_INDICES,
  PV_FIELD_OPERATOR,
} pv_field;

#define PV_ERROR_MESSAGE_MAX 1024 /* room for a long path and its reason */

/* A failure described for people. Callers that only need the status may pass
 * NULL wherever a pv_error * is taken. */
typedef struct
{
  pv_status status;
  pv_field field;
  char message[PV_ERROR_MESSAGE_MAX];
} pv_error;

/* Returns a short constant English description of @status ("invalid
 * argument", ...). Never returns NULL. */
const char *pv_status_to_string (pv_status status);

/* Fills @err (when not NULL) with @status, @field and the printf-style
 * message, and returns @status so that callers can write
 * "return pv_error_set (err, ...);". */
pv_status pv_error_set (pv_error *err, pv_status status, pv_field field,
                        const char *format, ...)
  __attribute__ ((format (printf, 4, 5)));

/* Prepends "@prefix: " to the message in @err (when not NULL), truncating
 * the end if needed; used to name the file a reader failed on. */
void pv_error_prefix (pv_error *err, const char *prefix);

/* Clears @err to PV_OK with an empty message. @err may be NULL. */
void pv_error_clear (pv_error *err);
