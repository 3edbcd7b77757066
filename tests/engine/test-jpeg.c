/* SPDX-License-Identifier: GPL-3.0-or-later */

/* JPEG decoding. Every fixture is written here with libjpeg's own
 * compressor, so that the files are known to be valid and their pictures
 * are known: baseline at each chroma sampling, progressive, grayscale,
 * restart markers, odd sizes, CMYK and YCCK, EXIF orientations and
 * arithmetic coding must decode close to what was encoded. Then what
 * hostile files do: unsupported precisions and component counts, headers
 * that claim to be enormous, thousands of progressive scans, every
 * truncation and thousands of bit flips. */

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "engine/image.h"
#include "engine/random.h"

static pv_limits limits;

/* Fixtures */

/* libjpeg's default error handler exits the process. A fixture libjpeg
 * cannot write, or cannot read back as a reference, is a broken test: it
 * aborts with libjpeg's reason. A warning is as fatal, since it would mean
 * the fixture is not the file intended. */
static void
fixture_error_exit (j_common_ptr cinfo)
{
  char message[JMSG_LENGTH_MAX];

  (*cinfo->err->format_message) (cinfo, message);
  g_error ("libjpeg failed on a fixture: %s", message);
}

static void
fixture_emit_message (j_common_ptr cinfo, int level)
{
  if (level < 0)
    fixture_error_exit (cinfo);
}

typedef struct
{
  int quality;                     /* 0 means 95 */
  int luma_h, luma_v;              /* the first component's sampling; 0 means 1 */
  gboolean progressive;            /* jpeg_simple_progression () */
  const jpeg_scan_info *scans;     /* a custom scan script, n_scans long */
  int n_scans;
  unsigned restart_interval;       /* in MCUs */
  gboolean arithmetic;
  J_COLOR_SPACE jpeg_space;        /* JCS_UNKNOWN keeps libjpeg's default */
  gboolean no_adobe_marker;
  const GByteArray *app1[2];       /* APP1 payloads, written in order */
} encode_options;

/* Encodes @channels interleaved samples per pixel. 1 is grayscale, 3 RGB,
 * 4 CMYK (as stored in the file: libjpeg does not invert anything), and
 * any other count is written as JCS_UNKNOWN components. */
static GByteArray *
encode_raw (const guint8 *pixels, guint width, guint height, int channels,
            const encode_options *o)
{
  static const encode_options defaults = { 0 };
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  GByteArray *b;

  if (o == NULL)
    o = &defaults;
  cinfo.err = jpeg_std_error (&jerr);
  jerr.error_exit = fixture_error_exit;
  jerr.emit_message = fixture_emit_message;
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = channels;
  switch (channels)
    {
    case 1: cinfo.in_color_space = JCS_GRAYSCALE; break;
    case 3: cinfo.in_color_space = JCS_RGB; break;
    case 4: cinfo.in_color_space = JCS_CMYK; break;
    default: cinfo.in_color_space = JCS_UNKNOWN; break;
    }
  jpeg_set_defaults (&cinfo);
  /* Before the sampling factors: jpeg_set_colorspace () resets them. */
  if (o->jpeg_space != JCS_UNKNOWN)
    jpeg_set_colorspace (&cinfo, o->jpeg_space);
  jpeg_set_quality (&cinfo, o->quality ? o->quality : 95, TRUE);
  if (o->luma_h)
    {
      cinfo.comp_info[0].h_samp_factor = o->luma_h;
      cinfo.comp_info[0].v_samp_factor = o->luma_v;
      for (int i = 1; i < cinfo.num_components; i++)
        cinfo.comp_info[i].h_samp_factor = cinfo.comp_info[i].v_samp_factor = 1;
    }
  if (o->progressive)
    jpeg_simple_progression (&cinfo);
  if (o->scans != NULL)
    {
      cinfo.scan_info = o->scans;
      cinfo.num_scans = o->n_scans;
    }
  cinfo.restart_interval = o->restart_interval;
  cinfo.arith_code = o->arithmetic ? TRUE : FALSE;
  if (o->no_adobe_marker)
    cinfo.write_Adobe_marker = FALSE;

  jpeg_start_compress (&cinfo, TRUE);
  for (int i = 0; i < 2 && o->app1[i] != NULL; i++)
    jpeg_write_marker (&cinfo, JPEG_APP0 + 1, o->app1[i]->data, o->app1[i]->len);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = (JSAMPROW) (pixels + (gsize) cinfo.next_scanline * width * (gsize) channels);

      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);

  b = g_byte_array_sized_new ((guint) size);
  g_byte_array_append (b, buffer, (guint) size);
  free (buffer);
  return b;
}

static GByteArray *
encode (const pv_image *image, const encode_options *o)
{
  return encode_raw (image->pixels, image->width, image->height, image->channels, o);
}

static pv_image
new_image (guint width, guint height, int channels)
{
  pv_image image;

  g_assert_cmpint (pv_image_alloc (&image, width, height, channels, 8, NULL), ==, PV_OK);
  return image;
}

static guint8 *
pixel (const pv_image *image, guint x, guint y)
{
  return (guint8 *) image->pixels + ((gsize) y * image->width + x) * (gsize) image->channels;
}

/* Ramps in every channel, no steeper than 8 levels a pixel so that even
 * subsampled chroma stays close, and in pictures of 16 x 16 or more one
 * flat block, whose edges make a misplaced row or column show.
 * Grayscale gets the luminance-like mix of the same ramps. */
static pv_image
make_picture (guint width, guint height, int channels)
{
  pv_image image = new_image (width, height, channels);
  gboolean block = width >= 16 && height >= 16;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint r = 255 * x / MAX (width - 1, 31);
        guint g = 255 * y / MAX (height - 1, 31);
        guint b = 255 - (r + g) / 2;
        guint8 *p = pixel (&image, x, y);

        if (block && x >= width / 8 && x < 3 * width / 8 && y >= height / 8
            && y < 3 * height / 8)
          {
            r = 200;
            g = 60;
            b = 110;
          }
        if (channels == 1)
          p[0] = (guint8) ((r + 2 * g + b) / 4);
        else
          {
            p[0] = (guint8) r;
            p[1] = (guint8) g;
            p[2] = (guint8) b;
          }
      }
  return image;
}

/* Decoding */

/* libjpeg's own decoding of a valid file, to RGB or gray, for the tests
 * where the engine must deliver exactly libjpeg's samples. */
static pv_image
reference_decode (const GByteArray *b)
{
  struct jpeg_decompress_struct cinfo;
  struct jpeg_error_mgr jerr;
  pv_image image;

  cinfo.err = jpeg_std_error (&jerr);
  jerr.error_exit = fixture_error_exit;
  jerr.emit_message = fixture_emit_message;
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, b->data, b->len);
  jpeg_read_header (&cinfo, TRUE);
  cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress (&cinfo);
  image = new_image (cinfo.output_width, cinfo.output_height, cinfo.output_components);
  while (cinfo.output_scanline < cinfo.output_height)
    {
      JSAMPROW row = pixel (&image, 0, cinfo.output_scanline);

      jpeg_read_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  return image;
}

static pv_status
decode_with (const GByteArray *b, const pv_limits *lim, pv_image *out, pv_error *err)
{
  return pv_jpeg_decode (b->data, b->len, lim, out, err);
}

static pv_image
decode_ok_with (const GByteArray *b, const pv_limits *lim)
{
  pv_image out;
  pv_error err;

  if (decode_with (b, lim, &out, &err) != PV_OK)
    g_error ("a valid JPEG of %u bytes was refused: %s", b->len, err.message);
  g_assert_cmpint (out.bit_depth, ==, 8);
  g_assert_nonnull (out.pixels);
  return out;
}

static pv_image
decode_ok (const GByteArray *b)
{
  return decode_ok_with (b, &limits);
}

/* Decodes a file that must be refused, checking that *@out is left as it
 * was and that the message is not empty. Returns the status. */
static pv_status
decode_refused (const GByteArray *b, const pv_limits *lim, pv_error *err)
{
  static int sentinel;
  const pv_image before = { 12345, 54321, 7, 99, &sentinel };
  pv_image out = before;
  pv_status status;

  status = decode_with (b, lim, &out, err);
  if (status == PV_OK)
    g_error ("a JPEG of %u bytes that must be refused decoded as %ux%u", b->len, out.width,
             out.height);
  g_assert_cmpmem (&out, sizeof out, &before, sizeof before);
  g_assert_cmpint (err->status, ==, status);
  g_assert_cmpuint (strlen (err->message), >, 0);
  return status;
}

typedef struct
{
  int max;
  double mean;
} sample_diff;

/* The per-sample absolute difference, after checking the shapes match. */
static sample_diff
compare (const pv_image *got, const pv_image *want)
{
  sample_diff d = { 0, 0.0 };
  gsize n = (gsize) want->width * want->height * (gsize) want->channels;
  guint64 sum = 0;

  g_assert_cmpuint (got->width, ==, want->width);
  g_assert_cmpuint (got->height, ==, want->height);
  g_assert_cmpint (got->channels, ==, want->channels);
  g_assert_cmpint (got->bit_depth, ==, 8);
  for (gsize i = 0; i < n; i++)
    {
      int a = ((const guint8 *) got->pixels)[i], b = ((const guint8 *) want->pixels)[i];
      int e = ABS (a - b);

      d.max = MAX (d.max, e);
      sum += (guint64) e;
    }
  d.mean = n ? (double) sum / (double) n : 0.0;
  return d;
}

static void
assert_close (const char *what, const pv_image *got, const pv_image *want, int max_error,
              double mean_error)
{
  sample_diff d = compare (got, want);

  g_test_message ("%s: max error %d (bound %d), mean %.3f (bound %.2f)", what, d.max,
                  max_error, d.mean, mean_error);
  if (d.max > max_error || d.mean > mean_error)
    g_error ("%s: max error %d, mean %.3f, beyond %d and %.2f", what, d.max, d.mean, max_error,
             mean_error);
}

static void
assert_identical (const char *what, const pv_image *got, const pv_image *want)
{
  sample_diff d = compare (got, want);

  if (d.max != 0)
    g_error ("%s: differs by up to %d (mean %.3f) where it must be identical", what, d.max,
             d.mean);
}

#define NO_SEGMENT G_MAXSIZE

/* Walks the segments after SOI up to the first SOS and returns the offset
 * of the 0xFF of the first segment whose marker is one of @markers, or
 * NO_SEGMENT. */
static gsize
find_segment (const GByteArray *b, const guint8 *markers, gsize n_markers)
{
  gsize pos = 2;

  while (pos + 4 <= b->len)
    {
      guint8 marker = b->data[pos + 1];

      g_assert_cmpuint (b->data[pos], ==, 0xff);
      for (gsize i = 0; i < n_markers; i++)
        if (marker == markers[i])
          return pos;
      if (marker == 0xda)
        break;
      pos += 2 + ((gsize) b->data[pos + 2] << 8 | b->data[pos + 3]);
    }
  return NO_SEGMENT;
}

/* The start of frame, whichever coding process wrote it. */
static gsize
find_sof (const GByteArray *b)
{
  static const guint8 sofs[] = { 0xc0, 0xc1, 0xc2, 0xc9, 0xca };
  gsize sof = find_segment (b, sofs, sizeof sofs);

  g_assert_cmpuint (sof, !=, NO_SEGMENT);
  return sof;
}

static guint
count_restart_markers (const GByteArray *b)
{
  guint n = 0;

  /* Entropy-coded data stuffs every 0xFF with a zero, so FF D0..D7 can
   * only be a restart marker. */
  for (guint i = 0; i + 1 < b->len; i++)
    if (b->data[i] == 0xff && b->data[i + 1] >= 0xd0 && b->data[i + 1] <= 0xd7)
      n++;
  return n;
}

/* 1. Baseline RGB at each chroma sampling */

typedef struct
{
  const char *name;
  int h, v;
  int quality;
  int max_error;      /* against the source picture */
  double mean_error;
} sampling_case;

/* 4:4:4 at quality 100 only loses YCbCr and DCT rounding; subsampled
 * chroma smears the flat block's edges, so those get a mean bound and a
 * loose maximum. */
static const sampling_case sampling_cases[] = {
  { "444", 1, 1, 100, 8, 1.0 },
  { "422", 2, 1, 95, 64, 2.5 },
  { "420", 2, 2, 95, 96, 3.0 },
};

static void
test_baseline (gconstpointer data)
{
  const sampling_case *c = data;
  const encode_options o = { .quality = c->quality, .luma_h = c->h, .luma_v = c->v };
  pv_image source = make_picture (64, 48, 3);
  g_autoptr (GByteArray) b = encode (&source, &o);
  gsize sof = find_sof (b);
  pv_image got, again, ref;

  /* Baseline (SOF0), sampled as asked. */
  g_assert_cmpuint (b->data[sof + 1], ==, 0xc0);
  g_assert_cmpuint (b->data[sof + 11], ==, c->h << 4 | c->v);
  got = decode_ok (b);
  g_assert_cmpuint (got.width, ==, 64);
  g_assert_cmpuint (got.height, ==, 48);
  g_assert_cmpint (got.channels, ==, 3);
  ref = reference_decode (b);
  assert_identical ("against libjpeg", &got, &ref);
  pv_image_free (&ref);
  assert_close (c->name, &got, &source, c->max_error, c->mean_error);

  /* The signature-sniffing entry point takes the same path. */
  g_assert_cmpint (pv_image_decode (b->data, b->len, &limits, &again, NULL), ==, PV_OK);
  assert_identical ("pv_image_decode", &again, &got);
  pv_image_free (&again);
  pv_image_free (&got);
  pv_image_free (&source);
}

/* 2. Progressive */

static void
test_progressive (gconstpointer data)
{
  const sampling_case *c = data;
  encode_options o = { .quality = c->quality, .luma_h = c->h, .luma_v = c->v };
  pv_image source = make_picture (64, 48, 3);
  g_autoptr (GByteArray) baseline = encode (&source, &o);
  g_autoptr (GByteArray) progressive = NULL;
  pv_image want, got;

  o.progressive = TRUE;
  progressive = encode (&source, &o);
  g_assert_cmpuint (progressive->data[find_sof (progressive) + 1], ==, 0xc2);
  want = decode_ok (baseline);
  got = decode_ok (progressive);
  /* Once every refinement scan is in, the coefficients are exactly the
   * baseline's, so the pictures must be too. */
  assert_identical ("progressive against baseline", &got, &want);
  assert_close (c->name, &got, &source, c->max_error, c->mean_error);
  pv_image_free (&want);
  pv_image_free (&got);
  pv_image_free (&source);
}

/* 3. Grayscale */

static void
test_grayscale (void)
{
  pv_image source = make_picture (40, 24, 1);

  for (int progressive = 0; progressive < 2; progressive++)
    {
      const encode_options o = { .quality = 100, .progressive = progressive };
      g_autoptr (GByteArray) b = encode (&source, &o);
      pv_image got = decode_ok (b);

      g_assert_cmpint (got.channels, ==, 1);
      assert_close (progressive ? "gray progressive" : "gray baseline", &got, &source, 3, 0.5);
      pv_image_free (&got);
    }
  pv_image_free (&source);
}

/* 4. Restart markers */

static void
test_restart_markers (void)
{
  pv_image source = make_picture (48, 32, 3);

  for (int progressive = 0; progressive < 2; progressive++)
    {
      encode_options o = { .quality = 90, .luma_h = 2, .luma_v = 2, .progressive = progressive };
      g_autoptr (GByteArray) plain = encode (&source, &o);
      g_autoptr (GByteArray) restarts = NULL;
      pv_image want, got;
      guint n;

      o.restart_interval = 1;
      restarts = encode (&source, &o);
      /* 3 x 2 MCUs of 16 x 16: a marker between every two in each scan. */
      n = count_restart_markers (restarts);
      g_test_message ("%s with restart_interval 1: %u restart markers",
                      progressive ? "progressive" : "baseline", n);
      g_assert_cmpuint (count_restart_markers (plain), ==, 0);
      g_assert_cmpuint (n, >=, 5);
      want = decode_ok (plain);
      got = decode_ok (restarts);
      /* Restart markers only reset the entropy coder: same coefficients. */
      assert_identical ("restart markers", &got, &want);
      pv_image_free (&want);
      pv_image_free (&got);
    }
  pv_image_free (&source);
}

/* 5. Odd sizes, which leave partial MCUs and, at 4:2:0, odd chroma. */

static void
test_odd_sizes (void)
{
  static const guint sizes[][2] = { { 1, 1 }, { 7, 7 }, { 17, 9 }, { 9, 17 }, { 2, 1 } };

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int sampling = 1; sampling <= 2; sampling++)
      for (int progressive = 0; progressive < 2; progressive++)
        {
          guint w = sizes[s][0], h = sizes[s][1];
          const encode_options o = { .quality = 100, .luma_h = sampling, .luma_v = sampling,
                                     .progressive = progressive };
          pv_image source = make_picture (w, h, 3);
          g_autoptr (GByteArray) b = encode (&source, &o);
          pv_image got = decode_ok (b);
          pv_image ref = reference_decode (b);
          g_autofree char *what = g_strdup_printf ("%ux%u %s%s", w, h,
                                                   sampling == 1 ? "4:4:4" : "4:2:0",
                                                   progressive ? " progressive" : "");

          /* Partial MCUs are the decoder's business, the rows the
           * engine's: libjpeg's samples, each in its place. */
          g_assert_cmpint (got.channels, ==, 3);
          assert_identical (what, &got, &ref);
          if (sampling == 1)
            assert_close (what, &got, &source, 8, 1.5);
          else
            assert_close (what, &got, &source, 16, 3.0);
          pv_image_free (&ref);
          pv_image_free (&got);
          pv_image_free (&source);
        }

  /* Grayscale has no chroma to place: 4:4:4's bounds hold. */
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      const encode_options o = { .quality = 100 };
      pv_image source = make_picture (sizes[s][0], sizes[s][1], 1);
      g_autoptr (GByteArray) b = encode (&source, &o);
      pv_image got = decode_ok (b);
      pv_image ref = reference_decode (b);

      g_assert_cmpint (got.channels, ==, 1);
      assert_identical ("odd gray", &got, &ref);
      assert_close ("odd gray", &got, &source, 3, 1.0);
      pv_image_free (&ref);
      pv_image_free (&got);
      pv_image_free (&source);
    }
}

/* 6. CMYK and YCCK */

/* Ink amounts (0 none, 255 full) of four flat 16 x 16 blocks. */
static const guint8 inks[4][4] = {
  { 0, 0, 0, 0 },
  { 255, 0, 0, 0 },
  { 0, 128, 255, 64 },
  { 30, 200, 90, 128 },
};

/* The engine's contract: r = (255 - C) * (255 - K) / 255, rounded. */
static guint8
ink_to_rgb (guint8 ink, guint8 black)
{
  return (guint8) (((255u - ink) * (255u - black) + 127) / 255);
}

/* Writes the inks, inverted or not, and checks the decoded colours and
 * that the file has Adobe's APP14 with @transform (0 CMYK, 2 YCCK), or no
 * APP14 when @transform is -1. */
static void
check_cmyk (const char *what, gboolean inverted, int transform, const encode_options *o)
{
  static const guint8 app14[] = { 0xee };
  const guint size = 32;
  pv_image source = new_image (size, size, 4);
  g_autoptr (GByteArray) b = NULL;
  gsize adobe;
  pv_image got;
  int worst = 0;

  /* Blocks aligned with every MCU, so that only their interiors (two
   * pixels in from each edge) need be exact whatever the sampling. */
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      {
        const guint8 *ink = inks[(y / 16) * 2 + x / 16];

        for (int i = 0; i < 4; i++)
          pixel (&source, x, y)[i] = inverted ? (guint8) (255 - ink[i]) : ink[i];
      }
  b = encode (&source, o);
  adobe = find_segment (b, app14, 1);
  if (transform < 0)
    g_assert_cmpuint (adobe, ==, NO_SEGMENT);
  else
    {
      g_assert_cmpuint (adobe, !=, NO_SEGMENT);
      g_assert_cmpmem (b->data + adobe + 4, 5, "Adobe", 5);
      g_assert_cmpuint (b->data[adobe + 4 + 11], ==, transform);
    }
  got = decode_ok (b);
  g_assert_cmpuint (got.width, ==, size);
  g_assert_cmpuint (got.height, ==, size);
  g_assert_cmpint (got.channels, ==, 3);
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      {
        const guint8 *ink = inks[(y / 16) * 2 + x / 16];

        if (x % 16 < 2 || x % 16 >= 14 || y % 16 < 2 || y % 16 >= 14)
          continue;
        for (int i = 0; i < 3; i++)
          {
            int e = (int) pixel (&got, x, y)[i] - (int) ink_to_rgb (ink[i], ink[3]);

            worst = MAX (worst, ABS (e));
          }
      }
  g_test_message ("%s: max error %d in the blocks' interiors (bound 4)", what, worst);
  if (worst > 4)
    g_error ("%s: RGB off by %d from the inks' colours", what, worst);
  pv_image_free (&got);
  pv_image_free (&source);
}

static void
test_cmyk (void)
{
  const encode_options adobe = { .quality = 100 };
  const encode_options plain = { .quality = 100, .no_adobe_marker = TRUE };
  const encode_options ycck = { .quality = 100, .jpeg_space = JCS_YCCK };

  /* libjpeg marks CMYK with Adobe's APP14, and such files store inverted
   * inks; without the marker they are plain ink amounts. */
  check_cmyk ("CMYK with the Adobe marker", TRUE, 0, &adobe);
  check_cmyk ("CMYK without the Adobe marker", FALSE, -1, &plain);
  /* YCCK is the Adobe inverted CMYK with C, M, Y turned into YCbCr;
   * libjpeg undoes that, and the same colours must come out. */
  check_cmyk ("YCCK", TRUE, 2, &ycck);
}

/* 7. EXIF orientation */

static void
put16 (GByteArray *b, gboolean big, guint v)
{
  guint8 bytes[2] = { (guint8) (big ? v >> 8 : v), (guint8) (big ? v : v >> 8) };

  g_byte_array_append (b, bytes, 2);
}

static void
put32 (GByteArray *b, gboolean big, guint32 v)
{
  put16 (b, big, big ? v >> 16 : v & 0xffff);
  put16 (b, big, big ? v & 0xffff : v >> 16);
}

/* "Exif\0\0", a TIFF header in either byte order, and IFD0 with, when
 * @make_first, a Make entry the reader must step over, then the
 * orientation entry of @type and @count. */
static GByteArray *
make_exif (gboolean big, gboolean make_first, guint type, guint32 count, guint value)
{
  GByteArray *b = g_byte_array_new ();

  g_byte_array_append (b, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (b, (const guint8 *) (big ? "MM" : "II"), 2);
  put16 (b, big, 42);
  put32 (b, big, 8);
  put16 (b, big, make_first ? 2 : 1);
  if (make_first)
    {
      put16 (b, big, 0x010f);
      put16 (b, big, 2);                                  /* ASCII */
      put32 (b, big, 4);
      g_byte_array_append (b, (const guint8 *) "PV\0\0", 4);
    }
  put16 (b, big, 0x0112);
  put16 (b, big, type);
  put32 (b, big, count);
  put16 (b, big, value);                                  /* the value, left-justified */
  put16 (b, big, 0);
  put32 (b, big, 0);                                      /* no next IFD */
  return b;
}

/* Where the stored picture's first row and column go, as TIFF defines
 * orientation: "row 0 is the visual top/bottom/left/right, column 0 is the
 * visual left/right/top/bottom". Written from the definition, not from the
 * engine's table. */
typedef struct
{
  gboolean rows_vertical;   /* 5-8: stored rows are shown as columns */
  gboolean row0_first;      /* row 0 is the top (1-4) or the left (5-8) */
  gboolean col0_first;      /* column 0 is the left (1-4) or the top (5-8) */
} orientation_def;

static const orientation_def orientations[9] = {
  [1] = { FALSE, TRUE, TRUE },  [2] = { FALSE, TRUE, FALSE },
  [3] = { FALSE, FALSE, FALSE }, [4] = { FALSE, FALSE, TRUE },
  [5] = { TRUE, TRUE, TRUE },   [6] = { TRUE, FALSE, TRUE },
  [7] = { TRUE, FALSE, FALSE }, [8] = { TRUE, TRUE, FALSE },
};

static pv_image
orient_by_definition (const pv_image *stored, int orientation)
{
  const orientation_def *d = &orientations[orientation];
  guint w = stored->width, h = stored->height;
  pv_image out = d->rows_vertical ? new_image (h, w, stored->channels)
                                  : new_image (w, h, stored->channels);

  for (guint sy = 0; sy < h; sy++)
    for (guint sx = 0; sx < w; sx++)
      {
        guint row = d->row0_first ? sy : h - 1 - sy;
        guint col = d->col0_first ? sx : w - 1 - sx;
        guint dx = d->rows_vertical ? row : col, dy = d->rows_vertical ? col : row;

        memcpy (pixel (&out, dx, dy), pixel (stored, sx, sy), (gsize) stored->channels);
      }
  return out;
}

/* Four distinct flat quadrants, each a whole number of 8 x 8 blocks: any
 * mirror or turn moves a colour somewhere else. */
static pv_image
make_quadrants (void)
{
  static const guint8 colours[4][3] = {
    { 220, 30, 30 }, { 30, 200, 40 }, { 40, 60, 220 }, { 230, 220, 50 },
  };
  pv_image image = new_image (32, 16, 3);

  for (guint y = 0; y < 16; y++)
    for (guint x = 0; x < 32; x++)
      memcpy (pixel (&image, x, y), colours[(y / 8) * 2 + x / 16], 3);
  return image;
}

static void
test_exif_orientation (void)
{
  pv_image source = make_quadrants ();
  const encode_options plain = { .quality = 100, .luma_h = 1, .luma_v = 1 };
  g_autoptr (GByteArray) untagged = encode (&source, &plain);
  pv_image stored = decode_ok (untagged);
  pv_limits as_stored = limits;

  as_stored.apply_orientation = 0;
  assert_close ("quadrants", &stored, &source, 8, 1.0);
  for (int big = 0; big < 2; big++)
    for (int o = 1; o <= 8; o++)
      {
        g_autoptr (GByteArray) exif = make_exif (big, big, 3, 1, (guint) o);
        encode_options opts = { .quality = 100, .luma_h = 1, .luma_v = 1, .app1 = { exif } };
        g_autoptr (GByteArray) b = NULL;
        g_autofree char *what = g_strdup_printf ("orientation %d (%s)", o, big ? "MM" : "II");
        pv_image got, want, want_source, raw;

        g_assert_cmpint (pv_exif_orientation (exif->data, exif->len), ==, o);
        b = encode (&source, &opts);
        got = decode_ok (b);
        want = orient_by_definition (&stored, o);
        want_source = orient_by_definition (&source, o);
        g_assert_cmpuint (got.width, ==, o >= 5 ? 16 : 32);
        g_assert_cmpuint (got.height, ==, o >= 5 ? 32 : 16);
        assert_identical (what, &got, &want);
        assert_close (what, &got, &want_source, 8, 1.0);
        /* Not applied: the picture as stored. */
        raw = decode_ok_with (b, &as_stored);
        assert_identical ("apply_orientation = 0", &raw, &stored);
        pv_image_free (&got);
        pv_image_free (&want);
        pv_image_free (&want_source);
        pv_image_free (&raw);
      }

  /* An unrelated APP1 (XMP) before the EXIF one does not hide it, and a
   * malformed EXIF segment means "as stored". */
  {
    static const char xmp_id[] = "http://ns.adobe.com/xap/1.0/";
    g_autoptr (GByteArray) xmp = g_byte_array_new ();
    g_autoptr (GByteArray) exif = make_exif (FALSE, FALSE, 3, 1, 6);
    g_autoptr (GByteArray) broken = make_exif (FALSE, FALSE, 4, 1, 6);
    encode_options both = { .quality = 100, .luma_h = 1, .luma_v = 1, .app1 = { xmp, exif } };
    encode_options bad = { .quality = 100, .luma_h = 1, .luma_v = 1, .app1 = { broken } };
    g_autoptr (GByteArray) b1 = NULL;
    g_autoptr (GByteArray) b2 = NULL;
    pv_image got, want;

    g_byte_array_append (xmp, (const guint8 *) xmp_id, sizeof xmp_id);
    g_byte_array_append (xmp, (const guint8 *) "<x:xmpmeta/>", 12);
    b1 = encode (&source, &both);
    b2 = encode (&source, &bad);
    got = decode_ok (b1);
    want = orient_by_definition (&stored, 6);
    assert_identical ("XMP then EXIF 6", &got, &want);
    pv_image_free (&got);
    pv_image_free (&want);
    got = decode_ok (b2);
    assert_identical ("malformed EXIF", &got, &stored);
    pv_image_free (&got);
  }
  pv_image_free (&stored);
  pv_image_free (&source);
}

static int
orientation_of (const GByteArray *b)
{
  return pv_exif_orientation (b->data, b->len);
}

static void
test_exif_parser (void)
{
  for (int big = 0; big < 2; big++)
    for (int make_first = 0; make_first < 2; make_first++)
      {
        g_autoptr (GByteArray) good = make_exif (big, make_first, 3, 1, 6);
        /* The orientation entry ends 4 bytes (the next-IFD offset) before
         * the payload does. */
        guint entry_end = good->len - 4;
        GByteArray *b;

        g_assert_cmpint (orientation_of (good), ==, 6);

        /* Too short: every prefix that cuts the entry, each in a buffer
         * of its own length for AddressSanitizer to watch. */
        for (guint len = 0; len < entry_end; len++)
          {
            g_autofree guint8 *exact = g_memdup2 (good->data, len ? len : 1);

            g_assert_cmpint (pv_exif_orientation (exact, len), ==, 0);
          }

        /* Not EXIF, or a bad TIFF byte order or magic number. */
        b = g_byte_array_new ();
        g_byte_array_append (b, good->data, good->len);
        b->data[5] = 'X';
        g_assert_cmpint (orientation_of (b), ==, 0);
        b->data[5] = 0;
        b->data[6] = 'I';
        b->data[7] = 'M';
        g_assert_cmpint (orientation_of (b), ==, 0);
        b->data[6] = b->data[7] = 'i';
        g_assert_cmpint (orientation_of (b), ==, 0);
        /* The other order's letters: then 42 and every offset read wrong. */
        b->data[6] = b->data[7] = big ? 'I' : 'M';
        g_assert_cmpint (orientation_of (b), ==, 0);
        b->data[6] = b->data[7] = big ? 'M' : 'I';
        b->data[big ? 9 : 8] = 43;
        g_assert_cmpint (orientation_of (b), ==, 0);
        b->data[big ? 9 : 8] = 42;
        g_assert_cmpint (orientation_of (b), ==, 6);

        /* IFD offsets at and past the end, and one leaving no room for
         * the entry count. */
        {
          const guint32 tiff_len = b->len - 6;
          const guint32 offsets[] = { tiff_len, tiff_len - 1, tiff_len + 1, 0x7fffffff,
                                      0xfffffff0, 0xffffffff };

          for (gsize i = 0; i < G_N_ELEMENTS (offsets); i++)
            {
              guint32 v = offsets[i];

              for (int k = 0; k < 4; k++)
                b->data[10 + k] = (guint8) (big ? v >> (24 - 8 * k) : v >> (8 * k));
              g_assert_cmpint (orientation_of (b), ==, 0);
            }
        }
        g_byte_array_unref (b);

        /* An entry count running past the end, without the tag. */
        b = make_exif (big, TRUE, 3, 1, 6);
        b->data[14] = b->data[15] = 0xff;                           /* 65535 entries */
        b->data[6 + 8 + 2 + 12] = b->data[6 + 8 + 2 + 13] = 0x77;  /* the tag is now 0x7777 */
        g_assert_cmpint (orientation_of (b), ==, 0);
        g_byte_array_unref (b);

        /* Wrong type (LONG, ASCII), wrong counts, values outside 1-8. */
        {
          const guint bad[][3] = { { 4, 1, 6 }, { 2, 1, 6 }, { 3, 2, 6 }, { 3, 0, 6 },
                                   { 3, 0x10001, 6 }, { 3, 1, 0 }, { 3, 1, 9 },
                                   { 3, 1, 0xffff } };

          for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
            {
              g_autoptr (GByteArray) e = make_exif (big, make_first, bad[i][0], bad[i][1],
                                                    bad[i][2]);

              g_assert_cmpint (orientation_of (e), ==, 0);
            }
        }

        /* The tag written in the other byte order is another tag. */
        b = make_exif (big, make_first, 3, 1, 6);
        b->data[6] = b->data[7] = big ? 'I' : 'M';
        g_assert_cmpint (orientation_of (b), ==, 0);
        g_byte_array_unref (b);
      }

  for (guint o = 1; o <= 8; o++)
    {
      g_autoptr (GByteArray) le = make_exif (FALSE, FALSE, 3, 1, o);
      g_autoptr (GByteArray) be = make_exif (TRUE, TRUE, 3, 1, o);

      g_assert_cmpint (orientation_of (le), ==, (int) o);
      g_assert_cmpint (orientation_of (be), ==, (int) o);
    }
  g_assert_cmpint (pv_exif_orientation ((const guint8 *) "", 0), ==, 0);
}

/* 8. Precision and component counts the engine does not read */

static void
test_precision (void)
{
  pv_image source = make_picture (16, 16, 3);
  g_autoptr (GByteArray) b = encode (&source, NULL);
  gsize sof = find_sof (b);
  const guint8 precisions[] = { 12, 16, 0 };

  g_assert_cmpuint (b->data[sof + 4], ==, 8);
  for (gsize i = 0; i < G_N_ELEMENTS (precisions); i++)
    {
      pv_error err;
      pv_status status;

      b->data[sof + 4] = precisions[i];
      status = decode_refused (b, &limits, &err);
      g_test_message ("precision %u: status %d, \"%s\"", precisions[i], status, err.message);
      g_assert_nonnull (strstr (err.message, "precision"));
    }
  pv_image_free (&source);
}

static void
test_component_counts (void)
{
  const int counts[] = { 2, 5 };

  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      const int n = counts[i];
      g_autofree guint8 *samples = g_malloc ((gsize) 16 * 16 * (gsize) n);
      g_autoptr (GByteArray) b = NULL;
      g_autofree char *want = g_strdup_printf ("%d colour components", n);
      jpeg_scan_info scans[5];
      encode_options o = { .scans = scans, .n_scans = n };
      pv_error err;

      for (gsize k = 0; k < (gsize) 16 * 16 * (gsize) n; k++)
        samples[k] = (guint8) (k * 7);
      /* A genuine, consistent file: libjpeg writes any count as unknown
       * components, one sequential scan each (a scan interleaves at most
       * four). */
      for (int c = 0; c < n; c++)
        scans[c] = (jpeg_scan_info) { 1, { c }, 0, DCTSIZE2 - 1, 0, 0 };
      b = encode_raw (samples, 16, 16, n, &o);
      g_assert_cmpuint (b->data[find_sof (b) + 9], ==, n);
      g_assert_cmpint (decode_refused (b, &limits, &err), ==, PV_ERR_UNSUPPORTED);
      g_test_message ("%d components: \"%s\"", n, err.message);
      g_assert_nonnull (strstr (err.message, want));
    }
}

/* 9. Headers that claim to be enormous */

static void
set_size (GByteArray *b, guint width, guint height)
{
  gsize sof = find_sof (b);

  b->data[sof + 5] = (guint8) (height >> 8);
  b->data[sof + 6] = (guint8) height;
  b->data[sof + 7] = (guint8) (width >> 8);
  b->data[sof + 8] = (guint8) width;
}

static void
test_huge_header (void)
{
  pv_image source = make_picture (24, 16, 3);

  for (int progressive = 0; progressive < 2; progressive++)
    {
      const encode_options o = { .progressive = progressive };
      g_autoptr (GByteArray) b = encode (&source, &o);
      pv_limits small = limits;
      pv_error err;
      gint64 start, took;

      /* Refused from the header alone: nothing of 65535^2 pixels (12.9 GB
       * decoded) may be allocated, and there is no time to decode. 65535
       * is the largest size a JPEG can state, 65500 the largest libjpeg
       * takes; both are over the default pixel limit. */
      for (guint side = 65500; side <= 65535; side += 35)
        {
          pv_status status;

          set_size (b, side, side);
          start = g_get_monotonic_time ();
          status = decode_refused (b, &limits, &err);
          took = g_get_monotonic_time () - start;
          g_test_message ("%ux%u %s: status %d in %" G_GINT64_FORMAT " us: %s", side, side,
                          progressive ? "progressive" : "baseline", status, took,
                          err.message);
          g_assert_cmpint (took, <, G_USEC_PER_SEC / 4);
          /* Not fatal, so that each limit below is still checked. */
          if (status != PV_ERR_LIMIT)
            {
              g_test_message ("%ux%u: expected PV_ERR_LIMIT (%d), got %d", side, side,
                              PV_ERR_LIMIT, status);
              g_test_fail ();
            }
        }

      /* Each limit alone, one below the file's size; the file passes at
       * exactly its size. */
      set_size (b, 24, 16);
      small.max_width = 23;
      g_assert_cmpint (decode_refused (b, &small, &err), ==, PV_ERR_LIMIT);
      small = limits;
      small.max_height = 15;
      g_assert_cmpint (decode_refused (b, &small, &err), ==, PV_ERR_LIMIT);
      small = limits;
      small.max_pixels = 24 * 16 - 1;
      g_assert_cmpint (decode_refused (b, &small, &err), ==, PV_ERR_LIMIT);
      small = limits;
      small.max_bytes = 24 * 16 * 3 - 1;
      g_assert_cmpint (decode_refused (b, &small, &err), ==, PV_ERR_LIMIT);
      small.max_width = 24;
      small.max_height = 16;
      small.max_pixels = 24 * 16;
      small.max_bytes = 24 * 16 * 3;
      {
        pv_image got = decode_ok_with (b, &small);

        pv_image_free (&got);
      }

      /* Zero height (which would need a DNL marker) and zero width. */
      set_size (b, 24, 0);
      decode_refused (b, &limits, &err);
      set_size (b, 0, 16);
      decode_refused (b, &limits, &err);
    }
  pv_image_free (&source);
}

/* 10. Thousands of progressive scans */

/* Every coefficient of every component sent a bit at a time: per
 * component a DC first scan at Al = 10 (libjpeg's encoder allows no more
 * for 8-bit data) and 10 refinements, then for each AC coefficient k a
 * first scan Ss = Se = k at Al = 10 and 10 refinements; 11 * 64 scans per
 * component. */
#define MAX_AL 10

static jpeg_scan_info *
many_scans_script (int components, int *n_scans)
{
  int n = components * 64 * (MAX_AL + 1);
  jpeg_scan_info *s = g_new0 (jpeg_scan_info, n);
  int i = 0;

  for (int c = 0; c < components; c++)
    for (int al = MAX_AL; al >= 0; al--)
      {
        s[i].comps_in_scan = 1;
        s[i].component_index[0] = c;
        s[i].Ss = s[i].Se = 0;
        s[i].Ah = al == MAX_AL ? 0 : al + 1;
        s[i].Al = al;
        i++;
      }
  for (int c = 0; c < components; c++)
    for (int k = 1; k < DCTSIZE2; k++)
      for (int al = MAX_AL; al >= 0; al--)
        {
          s[i].comps_in_scan = 1;
          s[i].component_index[0] = c;
          s[i].Ss = s[i].Se = k;
          s[i].Ah = al == MAX_AL ? 0 : al + 1;
          s[i].Al = al;
          i++;
        }
  g_assert_cmpint (i, ==, n);
  *n_scans = n;
  return s;
}

static void
test_many_scans (void)
{
  pv_image source = make_picture (8, 8, 3);
  int n_scans;
  g_autofree jpeg_scan_info *script = many_scans_script (3, &n_scans);
  const encode_options o = { .quality = 90, .scans = script, .n_scans = n_scans };
  const encode_options plain_o = { .quality = 90 };
  g_autoptr (GByteArray) b = encode (&source, &o);
  g_autoptr (GByteArray) plain = encode (&source, &plain_o);
  pv_limits many = limits;
  pv_image got, want;
  pv_error err;
  gint64 start, refused_us, decoded_us;

  start = g_get_monotonic_time ();
  g_assert_cmpint (decode_refused (b, &limits, &err), ==, PV_ERR_LIMIT);
  refused_us = g_get_monotonic_time () - start;
  g_assert_nonnull (strstr (err.message, "scans"));
  g_test_message ("%d scans in %u bytes: refused with the default limit of %u in %"
                  G_GINT64_FORMAT " us: %s", n_scans, b->len, limits.max_jpeg_scans,
                  refused_us, err.message);
  g_assert_cmpint (refused_us, <, G_USEC_PER_SEC / 4);

  /* The file is valid: let every scan in and it decodes to the baseline
   * picture, since all bits of every coefficient arrive. */
  many.max_jpeg_scans = (guint32) n_scans;
  start = g_get_monotonic_time ();
  got = decode_ok_with (b, &many);
  decoded_us = g_get_monotonic_time () - start;
  g_test_message ("with max_jpeg_scans = %d: decoded in %" G_GINT64_FORMAT " us", n_scans,
                  decoded_us);
  want = decode_ok (plain);
  assert_identical ("bit by bit against baseline", &got, &want);
  pv_image_free (&got);
  pv_image_free (&want);

  /* The limit is inclusive: one scan fewer is refused. */
  many.max_jpeg_scans = (guint32) n_scans - 1;
  g_assert_cmpint (decode_refused (b, &many, &err), ==, PV_ERR_LIMIT);
  pv_image_free (&source);
}

/* 11. Truncation */

static void
test_truncation (void)
{
  pv_image source = make_picture (24, 16, 3);
  const encode_options kinds[] = {
    { .quality = 90, .luma_h = 2, .luma_v = 2 },
    { .quality = 90, .luma_h = 2, .luma_v = 2, .progressive = TRUE },
    { .quality = 90, .luma_h = 2, .luma_v = 2, .arithmetic = TRUE },
  };
  static const char *const kind_names[] = { "baseline", "progressive", "arithmetic" };

  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr (GByteArray) b = encode (&source, &kinds[k]);
      pv_image whole = decode_ok (b);

      pv_image_free (&whole);
      /* Each prefix in a buffer of exactly its length, so that a read past
       * the end is an AddressSanitizer error, not a read of the rest of the
       * file. */
      for (guint len = 0; len < b->len; len++)
        {
          guint8 *exact = g_memdup2 (b->data, len ? len : 1);
          GByteArray view = { exact, len };
          pv_error err;

          decode_refused (&view, &limits, &err);
          g_free (exact);
        }
      g_test_message ("%s: all %u prefixes refused", kind_names[k], b->len);

      /* Every byte of the picture present but the end damaged: the file
       * must still be read to its EOI, whatever the last marker became. */
      g_assert_cmpuint (b->data[b->len - 2], ==, 0xff);
      g_assert_cmpuint (b->data[b->len - 1], ==, 0xd9);
      for (guint v = 0; v < 256; v++)
        {
          pv_error err;

          if (v == 0xd9)
            continue;
          b->data[b->len - 1] = (guint8) v;
          decode_refused (b, &limits, &err);
        }
    }
  pv_image_free (&source);
}

/* 12. Bit flips */

/* The size and component count in a possibly damaged file's frame header,
 * found the way libjpeg finds it, segment by segment; FALSE without one. */
static gboolean
read_frame_header (const guint8 *data, gsize len, guint *width, guint *height, guint *components)
{
  gsize pos = 2;

  while (pos + 10 <= len && data[pos] == 0xff)
    {
      guint8 marker = data[pos + 1];

      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
          && marker != 0xcc)
        {
          *height = (guint) data[pos + 5] << 8 | data[pos + 6];
          *width = (guint) data[pos + 7] << 8 | data[pos + 8];
          *components = data[pos + 9];
          return TRUE;
        }
      pos += 2 + ((gsize) data[pos + 2] << 8 | data[pos + 3]);
    }
  return FALSE;
}

static void
test_bit_flips (void)
{
  pv_image source = make_picture (24, 16, 3);
  const encode_options kinds[] = {
    { .quality = 90, .luma_h = 2, .luma_v = 2 },
    { .quality = 90, .luma_h = 2, .luma_v = 2, .progressive = TRUE },
    { .quality = 90, .luma_h = 2, .luma_v = 2, .arithmetic = TRUE },
  };
  static const char *const kind_names[] = { "baseline", "progressive", "arithmetic" };
  const int trials[] = { 2000, 2000, 500 };
  static int sentinel;
  const pv_image untouched = { 12345, 54321, 7, 99, &sentinel };
  pv_random rng;

  pv_random_seed (&rng, 20240601);
  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr (GByteArray) b = encode (&source, &kinds[k]);
      guint8 *copy = g_malloc (b->len);
      gsize sof = find_sof (b);
      int decoded = 0, resized = 0, refused = 0;

      for (int t = 0; t < trials[k]; t++)
        {
          /* Half single-bit flips, half whole bytes replaced: by 0x00 or
           * 0xFF, which make and break markers, or by a random value. */
          gsize at = (gsize) pv_random_range (&rng, 0, b->len - 1);
          GByteArray view = { copy, b->len };
          pv_image out = untouched;
          pv_error err;
          guint w = 0, h = 0, nc = 0;

          memcpy (copy, b->data, b->len);
          switch (pv_random_range (&rng, 0, 5))
            {
            case 0: copy[at] = 0x00; break;
            case 1: copy[at] = 0xff; break;
            case 2: copy[at] = (guint8) pv_random_next (&rng); break;
            default: copy[at] ^= (guint8) (1u << pv_random_range (&rng, 0, 7)); break;
            }
          if (decode_with (&view, &limits, &out, &err) == PV_OK)
            {
              /* Corrupt coefficients may decode, and so may a damaged
               * size that needs the same MCUs (at 4:2:0 any height from 1
               * to 16 is one row of them): the picture must be the size
               * the header now says, the original unless the flip hit it. */
              g_assert_true (read_frame_header (copy, b->len, &w, &h, &nc));
              g_assert_cmpuint (out.width, ==, w);
              g_assert_cmpuint (out.height, ==, h);
              g_assert_cmpint (out.channels, ==, nc == 1 ? 1 : 3);
              g_assert_cmpint (out.bit_depth, ==, 8);
              g_assert_nonnull (out.pixels);
              if (w != 24 || h != 16 || nc != 3)
                {
                  g_assert_cmpuint (at, >=, sof + 5);
                  g_assert_cmpuint (at, <=, sof + 9);
                  resized++;
                }
              pv_image_free (&out);
              decoded++;
            }
          else
            {
              /* A damaged file is malformed, unsupported or (a size
               * grown past the limits) too large; never out of memory. */
              g_assert_cmpmem (&out, sizeof out, &untouched, sizeof untouched);
              g_assert_cmpuint (strlen (err.message), >, 0);
              g_assert_true (err.status == PV_ERR_FORMAT || err.status == PV_ERR_UNSUPPORTED
                             || err.status == PV_ERR_LIMIT);
              refused++;
            }
        }
      g_test_message ("%s (%u bytes): %d damaged files decoded (%d of them to the damaged "
                      "header's other size), %d refused", kind_names[k], b->len, decoded,
                      resized, refused);
      g_free (copy);
    }
  pv_image_free (&source);
}

/* 13. Arithmetic coding */

static void
test_arithmetic (void)
{
  pv_image source = make_picture (40, 24, 3);

  for (int progressive = 0; progressive < 2; progressive++)
    {
      encode_options o = { .quality = 95, .luma_h = 2, .luma_v = 2, .progressive = progressive };
      g_autoptr (GByteArray) huffman = encode (&source, &o);
      g_autoptr (GByteArray) arith = NULL;
      pv_image want, got;

      o.arithmetic = TRUE;
      arith = encode (&source, &o);
      g_assert_cmpuint (arith->data[find_sof (arith) + 1], ==, progressive ? 0xca : 0xc9);
      want = decode_ok (huffman);
      got = decode_ok (arith);
      /* Only the entropy coding differs. */
      assert_identical (progressive ? "arithmetic progressive" : "arithmetic", &got, &want);
      pv_image_free (&want);
      pv_image_free (&got);
    }
  pv_image_free (&source);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pv_limits_init (&limits);

  for (gsize i = 0; i < G_N_ELEMENTS (sampling_cases); i++)
    {
      g_autofree char *baseline = g_strdup_printf ("/engine/jpeg/baseline/%s",
                                                   sampling_cases[i].name);
      g_autofree char *progressive = g_strdup_printf ("/engine/jpeg/progressive/%s",
                                                      sampling_cases[i].name);

      g_test_add_data_func (baseline, &sampling_cases[i], test_baseline);
      g_test_add_data_func (progressive, &sampling_cases[i], test_progressive);
    }
  g_test_add_func ("/engine/jpeg/grayscale", test_grayscale);
  g_test_add_func ("/engine/jpeg/restart-markers", test_restart_markers);
  g_test_add_func ("/engine/jpeg/odd-sizes", test_odd_sizes);
  g_test_add_func ("/engine/jpeg/cmyk", test_cmyk);
  g_test_add_func ("/engine/jpeg/exif/orientation", test_exif_orientation);
  g_test_add_func ("/engine/jpeg/exif/parser", test_exif_parser);
  g_test_add_func ("/engine/jpeg/arithmetic", test_arithmetic);
  g_test_add_func ("/engine/jpeg/hostile/truncation", test_truncation);
  g_test_add_func ("/engine/jpeg/hostile/bit-flips", test_bit_flips);
  g_test_add_func ("/engine/jpeg/refused/precision", test_precision);
  g_test_add_func ("/engine/jpeg/refused/component-counts", test_component_counts);
  g_test_add_func ("/engine/jpeg/refused/many-scans", test_many_scans);
  g_test_add_func ("/engine/jpeg/refused/huge-header", test_huge_header);
  return g_test_run ();
}
