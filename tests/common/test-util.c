/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "engine/options.h"

gboolean
pv_test_tensors_match (const pv_tensor *got, const pv_tensor *want, gboolean tolerant, char **why)
{
  size_t numel;

  if (!pv_shape_equal (&got->shape, &want->shape))
    {
      char a[96], b[96];

      pv_shape_format (&got->shape, a, sizeof a);
      pv_shape_format (&want->shape, b, sizeof b);
      *why = g_strdup_printf ("shape %s, expected %s", a, b);
      return FALSE;
    }
  if (pv_shape_numel (&got->shape, &numel) != PV_OK)
    {
      *why = g_strdup ("bad shape");
      return FALSE;
    }
  for (size_t i = 0; i < numel; i++)
    {
      if (!tolerant)
        {
          /* Bit-exact: compare the stored bytes, so that -0 differs from +0
           * and a NaN's payload counts. */
          size_t es = pv_dtype_size (got->dtype);

          if (got->dtype != want->dtype
              || memcmp ((const char *) got->data + i * es, (const char *) want->data + i * es, es)
                   != 0)
            {
              *why = g_strdup_printf ("element %zu is %.9g, expected %.9g (bit for bit)", i,
                                      pv_tensor_get (got, i), pv_tensor_get (want, i));
              return FALSE;
            }
        }
      else
        {
          double g = pv_tensor_get (got, i), w = pv_tensor_get (want, i);

          if (isnan (g) || isnan (w))
            {
              if (isnan (g) != isnan (w))
                goto mismatch;
              continue;
            }
          if (isinf (g) || isinf (w))
            {
              if (g != w)
                goto mismatch;
              continue;
            }
          if (fabs (g - w) > 2e-5 + 2e-5 * fabs (w))
            goto mismatch;
          continue;
        mismatch:
          *why = g_strdup_printf ("element %zu is %.9g, expected %.9g (rtol/atol 2e-5)", i, g, w);
          return FALSE;
        }
    }
  return TRUE;
}

void
pv_manifest_row_free (PvManifestRow *row)
{
  g_free (row->id);
  g_free (row->op);
  g_free (row->args);
  g_free (row->input);
  g_free (row->expected);
  g_free (row->expected_indices);
  g_free (row->status);
  g_free (row->note);
  g_free (row);
}

GPtrArray *
pv_test_read_manifest (const char *path)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_manifest_row_free);
  GError *error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("cannot read %s: %s", path, error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = NULL;
      PvManifestRow *row;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 8);
      row = g_new0 (PvManifestRow, 1);
      row->id = g_strdup (f[0]);
      row->op = g_strdup (f[1]);
      row->args = g_strdup (f[2]);
      row->input = g_strdup (f[3]);
      row->expected = g_strdup (f[4]);
      row->expected_indices = g_strdup (f[5]);
      row->status = g_strdup (f[6]);
      row->note = g_strdup (f[7]);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

gboolean
pv_test_apply_args (pv_params *params, const char *args, char **samples_path,
                    char **indices_path, char **error_message)
{
  g_auto (GStrv) argv = NULL;
  GError *error = NULL;

  *samples_path = NULL;
  *indices_path = NULL;
  if (args[0] == '\0')
    return TRUE;
  if (!g_shell_parse_argv (args, NULL, &argv, &error))
    {
      *error_message = g_strdup (error->message);
      g_error_free (error);
      return FALSE;
    }
  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *name = argv[i] + 2;
      const char *value = NULL;
      pv_error err;

      g_assert_true (g_str_has_prefix (argv[i], "--"));
      if (pv_option_get_kind (name) == PV_OPTION_VALUE)
        {
          g_assert_nonnull (argv[i + 1]);
          value = argv[++i];
        }
      if (g_str_equal (name, "samples"))
        *samples_path = g_strdup (value);
      if (g_str_equal (name, "indices"))
        *indices_path = g_strdup (value);
      if (pv_params_set_option (params, name, value, &err) != PV_OK)
        {
          *error_message = g_strdup (err.message);
          return FALSE;
        }
    }
  return TRUE;
}

char *
pv_test_make_temp_dir (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("poolview-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
pv_test_remove_dir (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

guint
pv_test_count_entries (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

/* PNG chunks carry a CRC-32 (ISO 3309) of their type and data. */
static guint32
crc32_of (const guint8 *p, gsize n, guint32 crc)
{
  for (gsize i = 0; i < n; i++)
    {
      crc ^= p[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return crc;
}

void
pv_test_png_append_chunk (GByteArray *png, const char *type, const guint8 *data, guint32 len)
{
  guint8 head[8] = { (guint8) (len >> 24), (guint8) (len >> 16), (guint8) (len >> 8),
                     (guint8) len, (guint8) type[0], (guint8) type[1], (guint8) type[2],
                     (guint8) type[3] };
  guint32 crc = crc32_of (head + 4, 4, 0xffffffffu);
  guint8 tail[4];

  crc = crc32_of (data, len, crc) ^ 0xffffffffu;
  tail[0] = (guint8) (crc >> 24), tail[1] = (guint8) (crc >> 16);
  tail[2] = (guint8) (crc >> 8), tail[3] = (guint8) crc;
  g_byte_array_append (png, head, 8);
  if (len)
    g_byte_array_append (png, data, len);
  g_byte_array_append (png, tail, 4);
}

GByteArray *
pv_test_png_claiming (guint32 w, guint32 h)
{
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13] = { (guint8) (w >> 24), (guint8) (w >> 16), (guint8) (w >> 8), (guint8) w,
                      (guint8) (h >> 24), (guint8) (h >> 16), (guint8) (h >> 8), (guint8) h,
                      8, 0, 0, 0, 0 };
  /* zlib: one empty stored block, far too little for the claimed image. */
  guint8 idat[] = { 0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01 };

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  pv_test_png_append_chunk (png, "IHDR", ihdr, 13);
  pv_test_png_append_chunk (png, "IDAT", idat, sizeof idat);
  pv_test_png_append_chunk (png, "IEND", NULL, 0);
  return png;
}
