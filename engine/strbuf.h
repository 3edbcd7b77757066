/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Internal: a growable, always NUL-terminated string. An allocation failure
 * sets @failed and later appends are ignored, so that callers check once. */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct
{
  char *s;
  size_t len, cap;
  bool failed;
} pv_strbuf;

void pv_strbuf_append (pv_strbuf *b, const char *text);
void pv_strbuf_appendf (pv_strbuf *b, const char *format, ...)
  __attribute__ ((format (printf, 2, 3)));
void pv_strbuf_append_repeat (pv_strbuf *b, char c, size_t n);
