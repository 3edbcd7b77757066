/* SPDX-License-Identifier: GPL-3.0-or-later */

/* PNG reading and writing against the PngSuite (tests/data/pngsuite): every
 * valid file decodes to its reference samples, every corrupt one is
 * refused, and pictures survive an export round trip. Then what hostile
 * files do: truncations, bit flips, huge headers, tiny images that claim to
 * be enormous, and an APNG whose first frame must come through. */

#include <glib.h>
#include <math.h>
#include <string.h>

#include "engine/image.h"
#include "engine/npy.h"
#include "engine/random.h"
#include "test-util.h"

static pv_limits limits;
static char *suite_dir;

static guint8 *
read_suite_file (const char *dir, const char *name, gsize *size)
{
  g_autofree char *path = g_build_filename (suite_dir, dir, name, NULL);
  char *data;

  if (!g_file_get_contents (path, &data, size, NULL))
    g_error ("cannot read %s", path);
  return (guint8 *) data;
}

/* The reference holds RGBA; expand PoolView's 1-4 channels the same way. */
static guint
rgba_sample (const pv_image *image, gsize pixel, int c)
{
  gsize i = pixel * (gsize) image->channels;
  int src;

  switch (image->channels)
    {
    case 1: src = c < 3 ? 0 : -1; break;
    case 2: src = c < 3 ? 0 : 1; break;
    case 3: src = c < 3 ? c : -1; break;
    default: src = c; break;
    }
  if (src < 0)
    return image->bit_depth == 16 ? 65535 : 255;
  return image->bit_depth == 16 ? ((guint16 *) image->pixels)[i + (gsize) src]
                                : ((guint8 *) image->pixels)[i + (gsize) src];
}

static void
test_valid_file (gconstpointer data)
{
  const char *name = data;
  g_autofree char *ref_name = g_strdup_printf ("%.*s.npy", (int) strlen (name) - 4, name);
  g_autofree char *ref_path = g_build_filename (suite_dir, "reference", ref_name, NULL);
  gsize size;
  g_autofree guint8 *bytes = read_suite_file ("png", name, &size);
  pv_image image, again;
  pv_tensor ref;
  pv_error err;
  uint8_t *encoded;
  size_t encoded_size;

  if (pv_png_decode (bytes, size, &limits, &image, &err) != PV_OK)
    g_error ("%s: %s", name, err.message);
  g_assert_cmpint (pv_npy_read_file (ref_path, &limits, &ref, &err), ==, PV_OK);
  g_assert_cmpint (ref.shape.rank, ==, 3);
  g_assert_cmpint (ref.shape.dims[0], ==, image.height);
  g_assert_cmpint (ref.shape.dims[1], ==, image.width);
  g_assert_cmpint (image.bit_depth, ==, ref.dtype == PV_DTYPE_U16 ? 16 : 8);
  for (gsize p = 0; p < (gsize) image.width * image.height; p++)
    for (int c = 0; c < 4; c++)
      {
        guint want = (guint) pv_tensor_get (&ref, p * 4 + (gsize) c);

        if (rgba_sample (&image, p, c) != want)
          g_error ("%s: pixel %" G_GSIZE_FORMAT " channel %d is %u, reference %u", name, p, c,
                   rgba_sample (&image, p, c), want);
      }

  /* Export and decode again: the same samples, channels and depth. */
  g_assert_cmpint (pv_png_encode (&image, NULL, 0, &encoded, &encoded_size, &err), ==, PV_OK);
  g_assert_cmpint (pv_png_decode (encoded, encoded_size, &limits, &again, &err), ==, PV_OK);
  g_assert_cmpint (again.channels, ==, image.channels);
  g_assert_cmpint (again.bit_depth, ==, image.bit_depth);
  g_assert_cmpmem (again.pixels, pv_image_stride (&again) * again.height, image.pixels,
                   pv_image_stride (&image) * image.height);
  g_free (encoded);
  pv_image_free (&again);
  pv_image_free (&image);
  pv_tensor_free (&ref);
}

static void
test_corrupt_file (gconstpointer data)
{
  const char *name = data;
  gsize size;
  g_autofree guint8 *bytes = read_suite_file ("png", name, &size);
  pv_image image = { 0 };
  pv_error err;
  pv_status status;

  status = pv_image_decode (bytes, size, &limits, &image, &err);
  g_assert_cmpint (status, !=, PV_OK);
  g_assert_null (image.pixels);
  g_assert_cmpuint (strlen (err.message), >, 10);
  g_test_message ("%s: %s", name, err.message);
}

/* basi* are the Adam7-interlaced twins of basn*. */
static void
test_interlace_pairs (void)
{
  g_autofree char *dir = g_build_filename (suite_dir, "png", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint pairs = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *twin = NULL;
      g_autofree guint8 *a = NULL, *b = NULL;
      gsize sa, sb;
      pv_image ia, ib;

      if (!g_str_has_prefix (name, "basi"))
        continue;
      twin = g_strdup_printf ("basn%s", name + 4);
      a = read_suite_file ("png", name, &sa);
      b = read_suite_file ("png", twin, &sb);
      g_assert_cmpint (pv_png_decode (a, sa, &limits, &ia, NULL), ==, PV_OK);
      g_assert_cmpint (pv_png_decode (b, sb, &limits, &ib, NULL), ==, PV_OK);
      g_assert_cmpint (ia.channels, ==, ib.channels);
      g_assert_cmpmem (ia.pixels, pv_image_stride (&ia) * ia.height, ib.pixels,
                       pv_image_stride (&ib) * ib.height);
      pv_image_free (&ia);
      pv_image_free (&ib);
      pairs++;
    }
  g_dir_close (d);
  g_assert_cmpuint (pairs, ==, 15);
}

/* Every prefix of a file is an error, never a partial picture. */
static void
test_truncations (void)
{
  const char *files[] = { "basn2c08.png", "basi0g04.png", "tbbn3p08.png" };

  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      gsize size;
      g_autofree guint8 *bytes = read_suite_file ("png", files[f], &size);

      for (gsize len = 0; len < size; len++)
        {
          pv_image image = { 0 };

          if (pv_png_decode (bytes, len, &limits, &image, NULL) == PV_OK)
            g_error ("%s cut to %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes decoded",
                     files[f], len, size);
          g_assert_null (image.pixels);
        }
    }
}

static void
test_bit_flips (void)
{
  const char *files[] = { "basn2c08.png", "basi3p02.png", "basn4a16.png" };
  pv_random rng;
  guint decoded = 0, refused = 0;

  pv_random_seed (&rng, 31337);
  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      gsize size;
      g_autofree guint8 *bytes = read_suite_file ("png", files[f], &size);
      g_autofree guint8 *copy = g_malloc (size);

      for (int n = 0; n < 1500; n++)
        {
          pv_image image;
          int flips = (int) pv_random_range (&rng, 1, 4);

          memcpy (copy, bytes, size);
          for (int i = 0; i < flips; i++)
            {
              gsize at = (gsize) pv_random_range (&rng, 8, (int64_t) size - 1);

              if (pv_random_range (&rng, 0, 1))
                copy[at] ^= (guint8) (1u << pv_random_range (&rng, 0, 7));
              else
                copy[at] = (guint8) pv_random_next (&rng);
            }
          if (pv_png_decode (copy, size, &limits, &image, NULL) == PV_OK)
            {
              g_assert_nonnull (image.pixels);
              g_assert_cmpuint (image.width, >, 0);
              pv_image_free (&image);
              decoded++;
            }
          else
            refused++;
        }
    }
  g_test_message ("%u damaged files decoded (damage outside critical data), %u refused", decoded,
                  refused);
  g_assert_cmpuint (refused, >, 1000);
}

static void
test_bombs (void)
{
  const guint32 sizes[][2] = { { 65535, 65535 }, { 20000, 20000 }, { 1000000, 1 } };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GByteArray) png = pv_test_png_claiming (sizes[i][0], sizes[i][1]);
      gint64 start = g_get_monotonic_time ();
      pv_image image = { 0 };
      pv_error err;

      g_assert_cmpint (pv_png_decode (png->data, png->len, &limits, &image, &err), ==,
                       PV_ERR_LIMIT);
      g_assert_null (image.pixels);
      /* Refused from the header alone: no pixel buffer, no inflating. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 200000);
      g_test_message ("%ux%u: %s", sizes[i][0], sizes[i][1], err.message);
    }

  /* Within the limits, a tiny IDAT for a large image is truncated data. */
  {
    g_autoptr (GByteArray) png = pv_test_png_claiming (2000, 2000);
    pv_image image = { 0 };
    pv_error err;

    g_assert_cmpint (pv_png_decode (png->data, png->len, &limits, &image, &err), !=, PV_OK);
    g_assert_null (image.pixels);
  }
}

/* An APNG: acTL and fcTL before IDAT, more frames in fdAT after. The first
 * frame is the IDAT image, which must decode as in the plain file. */
static void
test_apng_first_frame (void)
{
  gsize size;
  g_autofree guint8 *bytes = read_suite_file ("png", "basn2c08.png", &size);
  g_autoptr (GByteArray) apng = g_byte_array_new ();
  guint8 actl[8] = { 0, 0, 0, 2, 0, 0, 0, 0 };
  guint8 fctl[26] = { 0 };
  gsize pos = 8;
  pv_image plain, animated;

  g_byte_array_append (apng, bytes, 8);
  fctl[7] = 32, fctl[11] = 32; /* a 32 x 32 frame at (0, 0) */
  while (pos + 12 <= size)
    {
      guint32 len = (guint32) bytes[pos] << 24 | (guint32) bytes[pos + 1] << 16
                    | (guint32) bytes[pos + 2] << 8 | bytes[pos + 3];
      const char *type = (const char *) bytes + pos + 4;

      if (memcmp (type, "IDAT", 4) == 0)
        {
          pv_test_png_append_chunk (apng, "acTL", actl, 8);
          pv_test_png_append_chunk (apng, "fcTL", fctl, 26);
          g_byte_array_append (apng, bytes + pos, len + 12);
          fctl[3] = 1; /* sequence number */
          pv_test_png_append_chunk (apng, "fcTL", fctl, 26);
          {
            /* fdAT: a sequence number, then different (garbage) frame data. */
            guint8 fdat[16] = { 0, 0, 0, 2, 0x78, 0x9c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

            pv_test_png_append_chunk (apng, "fdAT", fdat, 16);
          }
        }
      else
        g_byte_array_append (apng, bytes + pos, len + 12);
      pos += len + 12;
    }

  g_assert_cmpint (pv_png_decode (bytes, size, &limits, &plain, NULL), ==, PV_OK);
  g_assert_cmpint (pv_png_decode (apng->data, apng->len, &limits, &animated, NULL), ==, PV_OK);
  g_assert_cmpmem (animated.pixels, pv_image_stride (&animated) * animated.height, plain.pixels,
                   pv_image_stride (&plain) * plain.height);
  pv_image_free (&plain);
  pv_image_free (&animated);
}

/* The conversion of float planes against libm's round(), one sample at a
 * time: halves either way of zero, values a hair from a half, beyond the
 * range, NaN and infinities, random ones, at both depths and rescaled
 * between them (16 to 8 bits: v / 257; 8 to 16: v * 257). */
static void
test_from_planes_rounding (void)
{
  enum { N = 4096 };
  g_autofree float *values = g_new (float, N);
  g_autoptr (GRand) rand = g_rand_new_with_seed (257);
  const float specials[] = { 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 254.5f, 255.5f, 65534.5f,
                             65535.5f, 0.49999997f, 0.50000006f, 127.49999f, 127.50001f,
                             -0.0f, 1e30f, -1e30f, INFINITY, -INFINITY, NAN, 128.5f * 257.0f };
  const int depths[][2] = { { 0, 8 }, { 0, 16 }, { 16, 8 }, { 8, 16 } };
  int64_t dims[2] = { 64, N / 64 };
  pv_tensor planes = { PV_DTYPE_F32, pv_shape_make (2, dims), values };

  for (int i = 0; i < N; i++)
    values[i] = i < (int) G_N_ELEMENTS (specials) ? specials[i]
                : i % 3 == 0 ? (float) g_rand_int_range (rand, -10, 70000) + 0.5f
                             : (float) g_rand_double_range (rand, -100.0, 70000.0);
  for (guint d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      int from = depths[d][0], to = depths[d][1];
      double max = to == 16 ? 65535.0 : 255.0;
      /* As pv_image_from_picture_planes() scales: (v * new top) / old top. */
      double num = from == 0 ? 1.0 : max;
      double den = from == 0 ? 1.0 : from == 16 ? 65535.0 : 255.0;
      pv_image image;

      g_assert_cmpint (pv_image_from_picture_planes (&planes, from, to, -1, &image, NULL), ==,
                       PV_OK);
      for (int i = 0; i < N; i++)
        {
          double v = (double) values[i] * num / den;
          double want = isnan (v) ? 0.0 : CLAMP (round (v), 0.0, max);
          double got = to == 16 ? ((guint16 *) image.pixels)[i] : ((guint8 *) image.pixels)[i];

          if (got != want)
            g_error ("%d to %d bits: %.9g became %g, not %g", from, to, (double) values[i], got,
                     want);
        }
      pv_image_free (&image);
    }
}

/* Pooled planes to samples: round half away from zero, clamp, NaN to 0. */
static void
test_from_planes (void)
{
  const float values[8] = { 0.5f, 1.5f, 2.4999f, -3.0f, 300.0f, NAN, 254.5f, 127.5f };
  int64_t dims[3] = { 2, 2, 2 };
  pv_tensor planes = { PV_DTYPE_F32, pv_shape_make (3, dims), (void *) values };
  const guint8 want_rg[8] = { 1, 255, 2, 0, 2, 255, 0, 128 }; /* interleaved (2 channels) */
  pv_image image;
  pv_error err;

  g_assert_cmpint (pv_image_from_planes (&planes, 8, -1, &image, &err), ==, PV_OK);
  g_assert_cmpint (image.channels, ==, 2);
  g_assert_cmpmem (image.pixels, 8, want_rg, 8);
  pv_image_free (&image);

  /* One channel as gray. */
  g_assert_cmpint (pv_image_from_planes (&planes, 16, 1, &image, &err), ==, PV_OK);
  g_assert_cmpint (image.channels, ==, 1);
  g_assert_cmpuint (((guint16 *) image.pixels)[0], ==, 300);
  g_assert_cmpuint (((guint16 *) image.pixels)[1], ==, 0);
  pv_image_free (&image);

  g_assert_cmpint (pv_image_from_planes (&planes, 8, 2, &image, &err), ==, PV_ERR_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "channel 2 does not exist"));

  /* What the conversion did, counted as it rounds: -3 below, 300 above
   * 255 (not 65535), NaN as NaN; -0.4 rounds to 0, so is not clamped. */
  {
    const float edge[2] = { -0.4f, 255.4f };
    pv_tensor small = { PV_DTYPE_F32, pv_shape_make (2, (int64_t[]) { 1, 2 }), (void *) edge };
    pv_sample_fit fit;

    pv_image_sample_fit (&planes, 8, -1, &fit);
    g_assert_cmpuint (fit.n, ==, 8);
    g_assert_cmpuint (fit.below, ==, 1);
    g_assert_cmpuint (fit.above, ==, 1);
    g_assert_cmpuint (fit.nan, ==, 1);
    g_assert_cmpfloat (fit.min, ==, -3.0);
    g_assert_cmpfloat (fit.max, ==, 300.0);
    pv_image_sample_fit (&planes, 16, 1, &fit);
    g_assert_cmpuint (fit.n, ==, 4);
    g_assert_cmpuint (fit.below + fit.above, ==, 0);
    g_assert_cmpuint (fit.nan, ==, 1);
    pv_image_sample_fit (&small, 8, -1, &fit);
    g_assert_cmpuint (fit.below + fit.above, ==, 0);
  }
}

/* A picture's samples written at another depth keep their meaning: 16 to 8
 * bits is round (v / 257), 8 to 16 bits v * 257, so white stays white. */
static void
test_from_picture_planes (void)
{
  const float deep[6] = { 0.0f, 128.0f, 128.5f, 385.5f, 32896.0f, 65535.0f };
  const guint8 want8[6] = { 0, 0, 1, 2, 128, 255 };
  const float shallow[4] = { 0.0f, 1.0f, 127.5f, 255.0f };
  const guint16 want16[4] = { 0, 257, 32768, 65535 };
  pv_tensor a = { PV_DTYPE_F32, pv_shape_make (2, (int64_t[]) { 2, 3 }), (void *) deep };
  pv_tensor b = { PV_DTYPE_F32, pv_shape_make (2, (int64_t[]) { 2, 2 }), (void *) shallow };
  pv_image image;

  g_assert_cmpint (pv_image_from_picture_planes (&a, 16, 8, -1, &image, NULL), ==, PV_OK);
  g_assert_cmpint (image.bit_depth, ==, 8);
  g_assert_cmpmem (image.pixels, 6, want8, 6);
  pv_image_free (&image);
  g_assert_cmpint (pv_image_from_picture_planes (&b, 8, 16, -1, &image, NULL), ==, PV_OK);
  g_assert_cmpint (image.bit_depth, ==, 16);
  g_assert_cmpmem (image.pixels, sizeof want16, want16, sizeof want16);
  pv_image_free (&image);
  /* Not a picture's numbers (depth 0): kept, then clamped. */
  g_assert_cmpint (pv_image_from_picture_planes (&a, 0, 8, -1, &image, NULL), ==, PV_OK);
  g_assert_cmpuint (((guint8 *) image.pixels)[1], ==, 128);
  g_assert_cmpuint (((guint8 *) image.pixels)[5], ==, 255);
  pv_image_free (&image);
  /* The same depth is pv_image_from_planes(). */
  g_assert_cmpint (pv_image_from_picture_planes (&a, 16, 16, -1, &image, NULL), ==, PV_OK);
  g_assert_cmpuint (((guint16 *) image.pixels)[2], ==, 129);
  pv_image_free (&image);
}

static void
test_text_chunks (void)
{
  gsize size;
  g_autofree guint8 *bytes = read_suite_file ("png", "basn0g08.png", &size);
  pv_png_text texts[2] = { { "Software", "PoolView test" },
                           { "Description", "max_pool2d(kernel_size=3, ceil_mode=True)" } };
  pv_image image;
  uint8_t *out;
  size_t out_size;

  g_assert_cmpint (pv_png_decode (bytes, size, &limits, &image, NULL), ==, PV_OK);
  g_assert_cmpint (pv_png_encode (&image, texts, 2, &out, &out_size, NULL), ==, PV_OK);
  g_assert_nonnull (memmem (out, out_size, "tEXtDescription\0max_pool2d(kernel_size=3, "
                                            "ceil_mode=True)",
                            15 + 1 + 41));
  g_assert_nonnull (memmem (out, out_size, "tEXtSoftware\0PoolView test", 26));
  g_free (out);
  pv_image_free (&image);
}

int
main (int argc, char **argv)
{
  g_autofree char *png_dir = NULL;
  GDir *dir;
  const char *name;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  pv_limits_init (&limits);
  suite_dir = g_test_build_filename (G_TEST_DIST, "data", "pngsuite", NULL);
  png_dir = g_build_filename (suite_dir, "png", NULL);

  dir = g_dir_open (png_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".png"))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (names->len, ==, 175);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = names->pdata[i];
      g_autofree char *path = NULL;

      if (file[0] == 'x')
        {
          path = g_strdup_printf ("/engine/png/pngsuite/corrupt/%s", file);
          g_test_add_data_func (path, file, test_corrupt_file);
        }
      else
        {
          path = g_strdup_printf ("/engine/png/pngsuite/valid/%s", file);
          g_test_add_data_func (path, file, test_valid_file);
        }
    }
  g_test_add_func ("/engine/png/interlaced-equals-plain", test_interlace_pairs);
  g_test_add_func ("/engine/png/truncations", test_truncations);
  g_test_add_func ("/engine/png/bit-flips", test_bit_flips);
  g_test_add_func ("/engine/png/bombs", test_bombs);
  g_test_add_func ("/engine/png/apng-first-frame", test_apng_first_frame);
  g_test_add_func ("/engine/png/from-planes-rounding", test_from_planes);
  g_test_add_func ("/engine/png/from-planes-against-round", test_from_planes_rounding);
  g_test_add_func ("/engine/png/from-picture-planes", test_from_picture_planes);
  g_test_add_func ("/engine/png/text-chunks", test_text_chunks);
  return g_test_run ();
}
