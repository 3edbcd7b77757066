/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
reserve (pv_strbuf *b, size_t extra)
{
  size_t need, cap;
  char *grown;

  if (b->failed)
    return false;
  if (__builtin_add_overflow (b->len, extra + 1, &need))
    return b->failed = true, false;
  if (need <= b->cap)
    return true;
  cap = b->cap ? b->cap : 64;
  while (cap < need)
    {
      if (__builtin_mul_overflow (cap, 2, &cap))
        return b->failed = true, false;
    }
  grown = realloc (b->s, cap);
  if (grown == NULL)
    return b->failed = true, false;
  b->s = grown;
  b->cap = cap;
  return true;
}

void
pv_strbuf_append (pv_strbuf *b, const char *text)
{
  size_t n = strlen (text);

  if (!reserve (b, n))
    return;
  memcpy (b->s + b->len, text, n + 1);
  b->len += n;
}

void
pv_strbuf_appendf (pv_strbuf *b, const char *format, ...)
{
  va_list args;
  int n;

  va_start (args, format);
  n = vsnprintf (NULL, 0, format, args);
  va_end (args);
  if (n < 0 || !reserve (b, (size_t) n))
    return;
  va_start (args, format);
  vsnprintf (b->s + b->len, (size_t) n + 1, format, args);
  va_end (args);
  b->len += (size_t) n;
}

void
pv_strbuf_append_repeat (pv_strbuf *b, char c, size_t n)
{
  if (!reserve (b, n))
    return;
  memset (b->s + b->len, c, n);
  b->len += n;
  b->s[b->len] = '\0';
}
