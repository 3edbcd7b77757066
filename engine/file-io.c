/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "file-io.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t write_limit_for_testing;
static size_t written_for_testing;

void
pv_file_set_write_limit_for_testing (size_t bytes)
{
  write_limit_for_testing = bytes;
  written_for_testing = 0;
}

pv_status
pv_file_read_all (const char *path, size_t max_bytes, uint8_t **data, size_t *size,
                  pv_error *err)
{
  struct stat st;
  uint8_t *buf;
  size_t used = 0;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return pv_error_set (err, PV_ERR_IO, PV_FIELD_INPUT, "cannot open %s: %s", path,
                         strerror (errno));
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return pv_error_set (err, PV_ERR_IO, PV_FIELD_INPUT, "%s is not a regular file", path);
    }
  if ((uint64_t) st.st_size > max_bytes)
    {
      close (fd);
      return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                           "%s is %lld bytes, more than the limit of %zu", path,
                           (long long) st.st_size, max_bytes);
    }

  buf = malloc ((size_t) st.st_size + 1);
  if (buf == NULL)
    {
      close (fd);
      return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_INPUT, "out of memory reading %s", path);
    }
  /* Read what fstat promised and no more: the file may grow meanwhile. */
  while (used < (size_t) st.st_size)
    {
      ssize_t n = read (fd, buf + used, (size_t) st.st_size - used);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int e = errno;

          free (buf);
          close (fd);
          return pv_error_set (err, PV_ERR_IO, PV_FIELD_INPUT, "cannot read %s: %s", path,
                               strerror (e));
        }
      if (n == 0)
        break;
      used += (size_t) n;
    }
  close (fd);
  buf[used] = 0; /* text parsers may rely on a terminator */
  *data = buf;
  *size = used;
  return PV_OK;
}

pv_status
pv_atomic_file_open (pv_atomic_file *file, const char *path, pv_error *err)
{
  char *copy, *dir, *base;
  size_t len;
  int fd;

  memset (file, 0, sizeof *file);
  file->fd = -1;

  copy = strdup (path);
  if (copy == NULL)
    return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE, "out of memory");
  dir = dirname (copy);
  base = strrchr (path, '/') ? strrchr (path, '/') + 1 : (char *) path;

  /* A hidden name beside the target: the same filesystem, so rename() is
   * atomic, and invisible to a user browsing the folder meanwhile. The
   * target's name is cut to leave room for the dot and the suffix within
   * a file name's 255 bytes: mkostemp makes it unique anyway. */
  len = strlen (dir) + strlen (base) + 32;
  file->temp_path = malloc (len);
  file->target = strdup (path);
  if (file->temp_path == NULL || file->target == NULL)
    {
      free (copy);
      pv_atomic_file_abort (file);
      return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE, "out of memory");
    }
  snprintf (file->temp_path, len, "%s/.%.200s.XXXXXX", dir, base);
  free (copy);

  fd = mkostemp (file->temp_path, O_CLOEXEC);
  if (fd < 0)
    {
      int e = errno;

      free (file->temp_path);
      file->temp_path = NULL;
      pv_atomic_file_abort (file);
      return pv_error_set (err, PV_ERR_IO, PV_FIELD_NONE, "cannot write %s: %s", path,
                           strerror (e));
    }
  /* mkostemp creates 0600; a picture should get the usual umask mode. */
  {
    mode_t mask = umask (0);

    umask (mask);
    fchmod (fd, 0666 & ~mask);
  }
  file->fd = fd;
  written_for_testing = 0;
  return PV_OK;
}

pv_status
pv_atomic_file_write (pv_atomic_file *file, const void *data, size_t size, pv_error *err)
{
  const uint8_t *p = data;

  while (size > 0)
    {
      size_t chunk = size;
      ssize_t n;

      if (write_limit_for_testing > 0)
        {
          if (written_for_testing >= write_limit_for_testing)
            return pv_error_set (err, PV_ERR_IO, PV_FIELD_NONE, "cannot write %s: %s",
                                 file->target, strerror (ENOSPC));
          if (chunk > write_limit_for_testing - written_for_testing)
            chunk = write_limit_for_testing - written_for_testing;
        }
      n = write (file->fd, p, chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return pv_error_set (err, PV_ERR_IO, PV_FIELD_NONE, "cannot write %s: %s", file->target,
                             strerror (n < 0 ? errno : EIO));
      p += n;
      size -= (size_t) n;
      written_for_testing += (size_t) n;
    }
  return PV_OK;
}

pv_status
pv_atomic_file_sync (pv_atomic_file *file, pv_error *err)
{
  int e;

  if (file->fd < 0)
    return PV_OK; /* synced already */
  if (fsync (file->fd) != 0)
    {
      e = errno;
      return pv_error_set (err, PV_ERR_IO, PV_FIELD_NONE, "cannot write %s: %s", file->target,
                           strerror (e));
    }
  e = close (file->fd) != 0 ? errno : 0;
  file->fd = -1;
  if (e != 0)
    return pv_error_set (err, PV_ERR_IO, PV_FIELD_NONE, "cannot write %s: %s", file->target,
                         strerror (e));
  return PV_OK;
}

pv_status
pv_atomic_file_commit (pv_atomic_file *file, pv_error *err)
{
  pv_status status = pv_atomic_file_sync (file, err);

  /* The message names the target, so it is written before the abort that
   * frees it. */
  if (status == PV_OK && rename (file->temp_path, file->target) != 0)
    {
      int e = errno;

      status = pv_error_set (err, PV_ERR_IO, PV_FIELD_NONE, "cannot write %s: %s", file->target,
                             e == EISDIR ? "it is a folder" : strerror (e));
    }
  if (status != PV_OK)
    {
      pv_atomic_file_abort (file);
      return status;
    }
  free (file->temp_path);
  file->temp_path = NULL;
  free (file->target);
  file->target = NULL;
  return PV_OK;
}

void
pv_atomic_file_abort (pv_atomic_file *file)
{
  if (file->fd >= 0)
    close (file->fd);
  file->fd = -1;
  if (file->temp_path != NULL)
    unlink (file->temp_path);
  free (file->temp_path);
  file->temp_path = NULL;
  free (file->target);
  file->target = NULL;
}

pv_status
pv_file_write_atomic (const char *path, const void *data, size_t size, pv_error *err)
{
  pv_atomic_file file;
  pv_status status;

  status = pv_atomic_file_open (&file, path, err);
  if (status != PV_OK)
    return status;
  status = pv_atomic_file_write (&file, data, size, err);
  if (status != PV_OK)
    {
      pv_atomic_file_abort (&file);
      return status;
    }
  return pv_atomic_file_commit (&file, err);
}

bool
pv_file_same (const char *a, const char *b)
{
  struct stat sa, sb;

  if (strcmp (a, b) == 0)
    return true;
  if (stat (a, &sa) != 0 || stat (b, &sb) != 0)
    return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
