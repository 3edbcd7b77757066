/* SPDX-License-Identifier: GPL-3.0-or-later */

/* poolview-cli as a user runs it: pictures in and out, batches, and every
 * way an export can fail without losing anything. The binary under test
 * is $POOLVIEW_CLI. */

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "engine/array-io.h"
#include "engine/image.h"
#include "engine/npy.h"
#include "test-util.h"

typedef struct
{
  rlim_t file_size;   /* RLIMIT_FSIZE for the child, 0 for none */
  rlim_t address;     /* RLIMIT_AS for the child, 0 for none */
} child_limits;

static void
child_setup (gpointer data)
{
  const child_limits *l = data;

  if (l == NULL)
    return;
  if (l->file_size)
    {
      struct rlimit r = { l->file_size, l->file_size };

      /* Writing past the limit then fails with EFBIG, as a full disk
       * fails with ENOSPC, instead of killing the process. */
      signal (SIGXFSZ, SIG_IGN);
      setrlimit (RLIMIT_FSIZE, &r);
    }
  if (l->address)
    {
      struct rlimit r = { l->address, l->address };

      setrlimit (RLIMIT_AS, &r);
    }
}

/* The standard output of the last run_cli(). */
static char *cli_out;

/* Runs poolview-cli with @args (NULL-terminated) in @cwd; returns the exit
 * status (-1 if killed by a signal) and the standard error in *@err; the
 * standard output is left in cli_out. */
static int
run_cli (const char *cwd, const child_limits *limits, char **err_text, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  GError *error = NULL;
  const char *arg;
  va_list ap;
  int status;

  /* Callers reuse one buffer for several runs. */
  g_clear_pointer (err_text, g_free);
  g_ptr_array_add (argv, (char *) g_getenv ("POOLVIEW_CLI"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (argv->pdata[0]);

  g_clear_pointer (&cli_out, g_free);
  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, child_setup,
                (gpointer) limits, &cli_out, err_text, &status, &error);
  g_assert_no_error (error);
  if (WIFSIGNALED (status))
    return -1;
  return WEXITSTATUS (status);
}

static char *
suite_png (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "pngsuite", "png", name, NULL);
}

static pv_image
decode (const char *path)
{
  pv_limits limits;
  pv_image image;
  pv_error err;

  pv_limits_init (&limits);
  if (pv_image_read_file (path, &limits, &image, &err) != PV_OK)
    g_error ("%s", err.message);
  return image;
}

static void
test_png_to_png (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *rgb = suite_png ("basn2c08.png");   /* 32x32 RGB 8-bit */
  g_autofree char *gray16 = suite_png ("basn0g16.png"); /* 32x32 gray 16-bit */
  g_autofree char *err = NULL;
  pv_image in, out;

  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", rgb, "o.png",
                            NULL), ==, 0);
  {
    g_autofree char *o = g_build_filename (dir, "o.png", NULL);

    in = decode (rgb);
    out = decode (o);
  }
  g_assert_cmpuint (out.width, ==, 16);
  g_assert_cmpuint (out.height, ==, 16);
  g_assert_cmpint (out.channels, ==, 3);
  g_assert_cmpint (out.bit_depth, ==, 8);
  /* Each output sample is the maximum of its 2 x 2 block. */
  for (guint y = 0; y < 16; y++)
    for (guint x = 0; x < 16; x++)
      for (int c = 0; c < 3; c++)
        {
          const guint8 *p = in.pixels;
          guint8 best = 0;

          for (guint dy = 0; dy < 2; dy++)
            for (guint dx = 0; dx < 2; dx++)
              best = MAX (best, p[((2 * y + dy) * 32 + 2 * x + dx) * 3 + (guint) c]);
          g_assert_cmpuint (((guint8 *) out.pixels)[(y * 16 + x) * 3 + (guint) c], ==, best);
        }
  pv_image_free (&in);
  pv_image_free (&out);

  /* 16-bit stays 16-bit unless forced; one channel as gray. */
  g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "4", gray16,
                            "g16.png", NULL), ==, 0);
  g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "4", "--bit-depth",
                            "8", gray16, "g8.png", NULL), ==, 0);
  g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "4", "--channel", "g",
                            rgb, "green.png", NULL), ==, 0);
  {
    g_autofree char *a = g_build_filename (dir, "g16.png", NULL);
    g_autofree char *b = g_build_filename (dir, "g8.png", NULL);
    g_autofree char *c = g_build_filename (dir, "green.png", NULL);
    pv_image ia = decode (a), ib = decode (b), ic = decode (c);

    g_assert_cmpint (ia.bit_depth, ==, 16);
    g_assert_cmpint (ib.bit_depth, ==, 8);
    g_assert_cmpint (ic.channels, ==, 1);
    g_assert_cmpuint (ic.width, ==, 8);
    pv_image_free (&ia);
    pv_image_free (&ib);
    pv_image_free (&ic);
  }
  /* Another depth rescales the samples, so that white stays white: the
   * 8-bit max is the 16-bit one over 257, rounded; 8 bits to 16 is times
   * 257. */
  {
    static const char *const runs[][3] = { { "16", "gray16", "m16.png" },
                                            { "8", "gray16", "m8.png" },
                                            { "8", "rgb", "c8.png" },
                                            { "16", "rgb", "c16.png" } };
    pv_image m[4];
    gsize n;

    for (gsize i = 0; i < G_N_ELEMENTS (runs); i++)
      {
        g_autofree char *path = g_build_filename (dir, runs[i][2], NULL);

        g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2",
                                  "--bit-depth", runs[i][0],
                                  strcmp (runs[i][1], "rgb") == 0 ? rgb : gray16, runs[i][2],
                                  NULL),
                         ==, 0);
        m[i] = decode (path);
        g_assert_cmpint (m[i].bit_depth, ==, atoi (runs[i][0]));
      }
    for (gsize i = 0; i < 16 * 16; i++)
      g_assert_cmpuint (((guint8 *) m[1].pixels)[i], ==,
                        (((guint16 *) m[0].pixels)[i] + 128) / 257);
    n = (gsize) 16 * 16 * 3;
    for (gsize i = 0; i < n; i++)
      g_assert_cmpuint (((guint16 *) m[3].pixels)[i], ==, ((guint8 *) m[2].pixels)[i] * 257u);
    for (gsize i = 0; i < G_N_ELEMENTS (m); i++)
      pv_image_free (&m[i]);
  }
  g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "4", "--channel", "a",
                            rgb, "alpha.png", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "channel 3 does not exist"));
  pv_test_remove_dir (dir);
}

/* Float data is rounded and clamped to PNG samples as documented, but not
 * silently where that loses it: data within [0, 1] (normalised) or beyond
 * the sample range gets one warning line, the picture is still written
 * and the exit status is 0. Pictures read from PNG are samples already,
 * warned about only when pooling took them past black or white. */
static void
test_png_from_float_warns (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *in = g_build_filename (dir, "in.txt", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *err = NULL;
  /* Input text (NULL: f.png as written by the case before), bit depth,
   * output, the warning. */
  static const char *const cases[][4] = {
    { "[[0.1,0.9],[0.3,0.4]]", "8", "f.png",
      "poolview-cli: warning: f.png: all values lie in [0, 1], so they were written as 0 or 1 "
      "on PNG's 0-255 scale; scale them to 0-255 first (or write .npy to keep them)\n" },
    { NULL, "8", "g.png", "" },
    { "[[0,1],[1,0]]", "16", "f.png",
      "poolview-cli: warning: f.png: all values lie in [0, 1], so they were written as 0 or 1 "
      "on PNG's 0-65535 scale; scale them to 0-65535 first (or write .npy to keep them)\n" },
    { "[[-3,300],[5,400.6]]", "8", "f.png",
      "poolview-cli: warning: f.png: 3 of 4 values were clamped to PNG's 0-255 (1 below 0, 2 "
      "above 255)\n" },
    { "[[-0.4,255.4],[-0.6,nan]]", "8", "f.png",
      "poolview-cli: warning: f.png: 1 of 4 values was clamped to PNG's 0-255 (1 below 0); 1 "
      "of 4 values is NaN and was written as 0\n" },
    { "[[70000,inf,1000]]", "16", "f.png",
      "poolview-cli: warning: f.png: 2 of 3 values were clamped to PNG's 0-65535 (2 above "
      "65535)\n" },
    { "[[0,255],[12.5,3]]", "8", "f.png", "" },
    { "[[0,0],[0,0]]", "8", "f.png", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *png = g_build_filename (dir, cases[i][2], NULL);

      if (cases[i][0] != NULL)
        g_assert_true (g_file_set_contents (in, cases[i][0], -1, NULL));
      g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "1",
                                "--bit-depth", cases[i][1], cases[i][0] ? "in.txt" : "f.png",
                                cases[i][2], NULL), ==, 0);
      g_assert_cmpstr (err, ==, cases[i][3]);
      g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
    }

  /* A picture's samples pooled past white (LP pooling's sums) are clamped
   * on the picture's own scale, and said to be. */
  {
    g_autofree char *gray = suite_png ("basn0g08.png");

    g_assert_cmpint (run_cli (dir, NULL, &err, "lp_pool2d", "--norm-type", "2", "--kernel-size",
                              "2", gray, "lp.png", NULL), ==, 0);
    g_assert_true (g_str_has_prefix (err, "poolview-cli: warning: lp.png: "));
    g_assert_nonnull (strstr (err, " of 256 values were clamped to the picture's 0-255 ("));
  }

  /* In a batch, the warning names the file it concerns. */
  g_assert_true (g_file_set_contents (in, "[[0.5,0.25]]", -1, NULL));
  g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "1", "in.txt",
                            "--output-dir", "out", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "poolview-cli: warning: out/in.png: all values lie in [0, 1]"));
  pv_test_remove_dir (out);
  pv_test_remove_dir (dir);
}

/* An image's planes can also be written as .npy: (C, H, W) float32. */
static void
test_png_to_npy (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *rgb = suite_png ("basn6a08.png");   /* 32x32 RGBA */
  g_autofree char *npy = g_build_filename (dir, "o.npy", NULL);
  g_autofree char *err = NULL;
  pv_limits limits;
  pv_tensor t;

  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "3", "--ceil-mode", rgb,
                            "o.npy", NULL), ==, 0);
  pv_limits_init (&limits);
  g_assert_cmpint (pv_npy_read_file (npy, &limits, &t, NULL), ==, PV_OK);
  g_assert_cmpint (t.shape.rank, ==, 3);
  g_assert_cmpint (t.shape.dims[0], ==, 4);
  g_assert_cmpint (t.shape.dims[1], ==, 11);
  g_assert_cmpint (t.dtype, ==, PV_DTYPE_F32);
  pv_tensor_free (&t);
  pv_test_remove_dir (dir);
}

static void
test_batch (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *a = suite_png ("basn2c08.png");
  g_autofree char *bad = suite_png ("xcsn0g01.png");
  g_autofree char *b = suite_png ("basn0g08.png");
  g_autofree char *err = NULL;

  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", a, bad, b,
                            "--output-dir", "out", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "xcsn0g01.png: invalid PNG: IDAT: CRC error"));
  g_assert_nonnull (strstr (err, "1 of 3 files failed"));
  g_assert_cmpuint (pv_test_count_entries (out), ==, 2);
  {
    g_autofree char *pa = g_build_filename (out, "basn2c08.png", NULL);
    g_autofree char *pb = g_build_filename (out, "basn0g08.png", NULL);

    g_assert_true (g_file_test (pa, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (pb, G_FILE_TEST_EXISTS));
  }

  /* A missing folder is made; one whose parent is missing too is not, and
   * a file is not a folder. */
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", a,
                            "--output-dir", "made", NULL), ==, 0);
  {
    g_autofree char *made = g_build_filename (dir, "made", "basn2c08.png", NULL);

    g_assert_true (g_file_test (made, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", a,
                            "--output-dir", "missing/deeper", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--output-dir missing/deeper: cannot create the folder: its "
                                 "parent folder does not exist"));
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", a,
                            "--output-dir", a, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "not a folder"));
  {
    g_autofree char *made = g_build_filename (dir, "made", NULL);

    pv_test_remove_dir (made);
  }
  pv_test_remove_dir (out);
  pv_test_remove_dir (dir);
}

/* A parameter that no input can make valid is reported once, before any
 * file is read (a missing one included) or the folder is made; one that
 * depends on the input's size stays a per-file failure. */
static void
test_batch_parameter_errors (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *m = g_build_filename (dir, "m.txt", NULL);
  g_autofree char *m2 = g_build_filename (dir, "m2.txt", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *err = NULL;
  static const char *const cases[][3] = {
    { "--padding", "3", "pad should be at most half of kernel size, but got pad=3 and "
                        "kernel_size=2" },
    { "--stride", "0", "stride should not be zero" },
  };

  g_assert_true (g_file_set_contents (m, "[[1,2],[3,4]]", -1, NULL));
  g_assert_true (g_file_set_contents (m2, "[[1,2],[3,4]]", -1, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *want = g_strdup_printf ("poolview-cli: %s\n", cases[i][2]);

      g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", cases[i][0],
                                cases[i][1], "m.txt", "missing.txt", "m2.txt", "--output-dir",
                                "out", NULL), ==, 2);
      g_assert_cmpstr (err, ==, want);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  /* A kernel of 0 takes it as its default stride: PyTorch's message. */
  g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "0", "m.txt",
                            "m2.txt", "--output-dir", "out", NULL), ==, 2);
  g_assert_cmpstr (err, ==, "poolview-cli: stride should not be zero\n");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "9", "m.txt",
                            "m2.txt", "--output-dir", "out", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "poolview-cli: m.txt: Given input size: (1x2x2). Calculated "
                                 "output size: (1x0x0). Output size is too small\n"));
  g_assert_nonnull (strstr (err, "poolview-cli: m2.txt: Given input size: (1x2x2)"));
  g_assert_nonnull (strstr (err, "2 of 2 files failed"));
  g_assert_cmpuint (pv_test_count_entries (out), ==, 0);
  pv_test_remove_dir (out);
  pv_test_remove_dir (dir);
}

/* --samples is read once for the whole run: every input of a batch pools
 * with it (PyTorch's values), and a bad one is said once, before any input
 * is read or the folder made. */
static void
test_batch_shared_samples (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *m = g_build_filename (dir, "m.txt", NULL);
  g_autofree char *m2 = g_build_filename (dir, "m2.txt", NULL);
  g_autofree char *s = g_build_filename (dir, "s.npy", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.npy", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *err = NULL;
  const float u[2] = { 0.3f, 0.7f };
  pv_tensor samples = { PV_DTYPE_F32, pv_shape_make (3, (int64_t[]) { 1, 1, 2 }), (void *) u };
  /* F.fractional_max_pool2d (arange (1, 26).reshape (1, 1, 5, 5), 2,
   * output_size=2, _random_samples=[[[0.3, 0.7]]]), and of its negation
   * plus 26 (the same matrix upside down and mirrored). */
  static const guint8 want[2][4] = { { 7, 10, 22, 25 }, { 25, 22, 10, 7 } };

  g_assert_true (g_file_set_contents (m, "[[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],"
                                         "[16,17,18,19,20],[21,22,23,24,25]]",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (m2, "[[25,24,23,22,21],[20,19,18,17,16],[15,14,13,12,11],"
                                          "[10,9,8,7,6],[5,4,3,2,1]]",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (bad, "not an array", -1, NULL));
  g_assert_cmpint (pv_npy_write_file (s, &samples, NULL), ==, PV_OK);

  g_assert_cmpint (run_cli (dir, NULL, &err, "fractional_max_pool2d", "--kernel-size", "2",
                            "--output-size", "2", "--samples", "s.npy", "m.txt", "m2.txt",
                            "--output-dir", "out", NULL), ==, 0);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *png = g_build_filename (out, i == 0 ? "m.png" : "m2.png", NULL);
      pv_image image = decode (png);

      g_assert_cmpmem (image.pixels, 4, want[i], 4);
      pv_image_free (&image);
    }
  pv_test_remove_dir (out);

  g_assert_cmpint (run_cli (dir, NULL, &err, "fractional_max_pool2d", "--kernel-size", "2",
                            "--output-size", "2", "--samples", "bad.npy", "m.txt", "m2.txt",
                            "--output-dir", "out", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "poolview-cli: bad.npy: not a .npy file (bad magic)\n");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  pv_test_remove_dir (dir);
}

/* Writing over an input, directly or through a link, is refused before
 * anything is written, and the input is unchanged. */
static void
test_refuses_overwriting_input (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *src = suite_png ("basn2c08.png");
  g_autofree char *in = g_build_filename (dir, "in.png", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard.png", NULL);
  g_autofree char *soft = g_build_filename (dir, "soft.png", NULL);
  g_autofree char *original = NULL, *after = NULL;
  gsize len, after_len;
  const char *targets[] = { "in.png", "hard.png", "soft.png", "./in.png" };

  g_assert_true (g_file_get_contents (src, &original, &len, NULL));
  g_assert_true (g_file_set_contents (in, original, (gssize) len, NULL));
  g_assert_cmpint (link (in, hard), ==, 0);
  g_assert_cmpint (symlink (in, soft), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", "in.png",
                                targets[i], NULL), ==, 2);
      g_assert_nonnull (strstr (err, "refusing to write"));
    }
  g_assert_true (g_file_get_contents (in, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, original, len);
  g_assert_cmpuint (pv_test_count_entries (dir), ==, 3);
  pv_test_remove_dir (dir);
}

/* A folder that cannot be written to, and a write that fails half way as
 * on a full disk: the old target stays, no temporary file remains. */
static void
test_export_failures (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *src = suite_png ("basn2c08.png");
  g_autofree char *target = g_build_filename (dir, "o.npy", NULL);
  g_autofree char *content = NULL;
  g_autofree char *err = NULL;
  child_limits tiny_files = { 200, 0 };

  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", src,
                            "no/such/folder/o.png", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "cannot write"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", src,
                            "/proc/o.png", NULL), ==, 1);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (target, "previous result", -1, NULL));
  g_assert_cmpint (run_cli (dir, &tiny_files, &err, "max_pool2d", "--kernel-size", "2", src,
                            "o.npy", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "too large"));
  g_assert_true (g_file_get_contents (target, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "previous result");
  g_assert_cmpuint (pv_test_count_entries (dir), ==, 1);
  pv_test_remove_dir (dir);
}

/* Outputs that clash with each other or cannot be written are refused by
 * name before anything is replaced; an encoder's refusal is a message, not
 * a crash. */
static void
test_output_conflicts (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *rgb = suite_png ("basn2c08.png");
  g_autofree char *tiny = suite_png ("s01i3p01.png");
  g_autofree char *keep = g_build_filename (dir, "keep.npy", NULL);
  g_autofree char *folder = g_build_filename (dir, "d.npy", NULL);
  g_autofree char *x = g_build_filename (dir, "x", NULL);
  g_autofree char *y = g_build_filename (dir, "y", NULL);
  g_autofree char *xa = g_build_filename (x, "a.png", NULL);
  g_autofree char *ya = g_build_filename (y, "a.png", NULL);
  g_autofree char *content = NULL, *png = NULL;
  g_autofree char *err = NULL;
  gsize png_len;

  /* Three planes do not fit a CSV, as the result or as the indices. */
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", rgb, "o.csv",
                            NULL), ==, 2);
  g_assert_nonnull (strstr (err, "CSV holds one 2-D plane"));
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", rgb, "o.png",
                            "--return-indices", "i.csv", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "CSV holds one 2-D plane"));
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", rgb, "o.npy",
                            "--return-indices", "-", NULL), ==, 0);

  /* A folder where the indices should go: the result beside it is not
   * replaced, and the message names the folder. */
  g_assert_true (g_file_set_contents (keep, "ORIGINAL", -1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", rgb,
                            "keep.npy", "--return-indices", "d.npy", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "cannot write d.npy: it is a folder"));
  g_assert_true (g_file_get_contents (keep, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "ORIGINAL");

  /* The result and its indices in one file. */
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", rgb,
                            "same.npy", "--return-indices", "./same.npy", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "give the indices a file of their own"));
  {
    g_autofree char *same = g_build_filename (dir, "same.npy", NULL);

    g_assert_false (g_file_test (same, G_FILE_TEST_EXISTS));
  }

  /* Two inputs named alike would write one PNG: refused before the folder
   * is made. A batch's pooling error names its input. */
  g_assert_true (g_file_get_contents (rgb, &png, &png_len, NULL));
  g_assert_cmpint (g_mkdir (x, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (y, 0755), ==, 0);
  g_assert_true (g_file_set_contents (xa, png, (gssize) png_len, NULL));
  g_assert_true (g_file_set_contents (ya, png, (gssize) png_len, NULL));
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", "x/a.png",
                            "y/a.png", "--output-dir", "out", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "x/a.png and y/a.png would both be written to out/a.png"));
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", tiny,
                            "x/a.png", "--output-dir", "out", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "s01i3p01.png: Given input size: (3x1x1)"));
  g_assert_nonnull (strstr (err, "1 of 2 files failed"));
  pv_test_remove_dir (dir);
}

/* Arguments refused before any file is read, with exit status 2. */
static void
test_refused_arguments (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *rgb = suite_png ("basn2c08.png");
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", "-", "-",
                            NULL), ==, 2);
  g_assert_nonnull (strstr (err, "INPUT cannot be '-'"));
  g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "2",
                            "--divisor-override", "99999999999999999999", rgb, "-", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--divisor-override: 99999999999999999999 is out of range"));
  /* int64's largest value itself PyTorch takes. */
  g_assert_cmpint (run_cli (dir, NULL, &err, "avg_pool2d", "--kernel-size", "2",
                            "--divisor-override", "9223372036854775807", rgb, "-", NULL), ==, 0);
  /* An output too large to pool is the parameters' fault, not the file's. */
  g_assert_cmpint (run_cli (dir, NULL, &err, "adaptive_avg_pool2d", "--output-size", "100000",
                            rgb, "-", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "the output would have more than"));
  g_assert_cmpuint (pv_test_count_entries (dir), ==, 0);
  pv_test_remove_dir (dir);
}

/* Signed integers (NumPy's default int64 among them) are read, for
 * max_unpool's indices, but not pooled: like any other unsupported data
 * type, that is the file's fault (status 1), and the message says what to
 * save instead. */
static void
test_refuses_signed_integers (void)
{
  /* np.save of np.array([[1, 2], [3, 4]], dtype=np.int8) */
  static const char header[] = "\x93NUMPY\x01\x00\x76\x00{'descr': '|i1', 'fortran_order': "
                               "False, 'shape': (2, 2), }";
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "m.npy", NULL);
  g_autofree char *err = NULL;
  GString *npy = g_string_new_len (header, sizeof header - 1);

  while (npy->len < 10 + 0x76 - 1)
    g_string_append_c (npy, ' ');
  g_string_append_c (npy, '\n');
  g_string_append_len (npy, "\x01\x02\x03\x04", 4);
  g_assert_true (g_file_set_contents (path, npy->str, (gssize) npy->len, NULL));
  g_string_free (npy, TRUE);
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", "m.npy", "o.npy",
                            NULL), ==, 1);
  g_assert_nonnull (strstr (err, "signed integer data is not supported"));
  g_assert_nonnull (strstr (err, "save the array as float32, float64, uint8 or uint16"));
  g_assert_cmpuint (pv_test_count_entries (dir), ==, 1);
  pv_test_remove_dir (dir);
}

/* An option given twice is refused by name, whichever value would have
 * won, flags included; many inputs are of course fine. */
static void
test_repeated_options (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *m = g_build_filename (dir, "m.txt", NULL);
  g_autofree char *err = NULL;
  static const char *const cases[][5] = {
    { "--kernel-size", "2", "--kernel-size", "1", "--kernel-size" },
    { "--kernel-size=2", "--stride", "1", "--kernel-size=1", "--kernel-size" },
    { "--padding", "1", "--padding", "same", "--padding" },
    { "--ceil-mode", "--kernel-size", "2", "--ceil-mode", "--ceil-mode" },
    { "--ignore-orientation", "--kernel-size=2", "--ignore-orientation", "--ceil-mode",
      "--ignore-orientation" },
    { "--bit-depth", "8", "--bit-depth", "16", "--bit-depth" },
    { "--return-indices", "i.npy", "--return-indices", "j.npy", "--return-indices" },
  };

  g_assert_true (g_file_set_contents (m, "[[1,2],[3,4]]", -1, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *want = g_strdup_printf ("poolview-cli: %s given twice\n", cases[i][4]);

      g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", cases[i][0], cases[i][1],
                                cases[i][2], cases[i][3], "m.txt", "o.png", NULL), ==, 2);
      g_assert_cmpstr (err, ==, want);
    }
  g_assert_cmpuint (pv_test_count_entries (dir), ==, 1);
  pv_test_remove_dir (dir);
}

/* A batch of no pictures pools to an empty result, which prints as
 * PyTorch 1.13 prints it: the size, and the dtype unless float32 (the
 * indices say int64, since no value shows it). */
static void
test_print_empty (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *err = NULL;
  static const struct
  {
    pv_dtype dtype;
    int rank;
    int64_t dims[4];
    const char *op, *want;
  } cases[] = {
    { PV_DTYPE_F32, 3, { 0, 1, 6 }, "max_pool1d",
      "tensor([], size=(0, 1, 3))\ntensor([], size=(0, 1, 3), dtype=torch.int64)\n" },
    { PV_DTYPE_F64, 4, { 0, 1, 4, 6 }, "max_pool2d",
      "tensor([], size=(0, 1, 2, 3), dtype=torch.float64)\n"
      "tensor([], size=(0, 1, 2, 3), dtype=torch.int64)\n" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, "empty.npy", NULL);
      pv_shape shape = pv_shape_make (cases[i].rank, cases[i].dims);
      pv_tensor t;

      g_assert_cmpint (pv_tensor_alloc (&t, cases[i].dtype, &shape, NULL), ==, PV_OK);
      g_assert_cmpint (pv_array_write_file (path, &t, NULL), ==, PV_OK);
      pv_tensor_free (&t);
      g_assert_cmpint (run_cli (dir, NULL, &err, cases[i].op, "--kernel-size", "2", "empty.npy",
                                "-", "--return-indices", "-", NULL), ==, 0);
      g_assert_cmpstr (cli_out, ==, cases[i].want);
    }
  pv_test_remove_dir (dir);
}

/* shape is arithmetic: no limit on what PoolView would pool applies. */
static void
test_shape_of_huge_sizes (void)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (NULL, NULL, &err, "shape", "max_pool2d", "--kernel-size", "2",
                            "--input-size", "1000000,1000000", NULL), ==, 0);
  g_assert_nonnull (strstr (cli_out, "input 1000000 x 1000000 -> output 500000 x 500000"));
  g_assert_cmpint (run_cli (NULL, NULL, &err, "shape", "adaptive_avg_pool2d", "--output-size",
                            "100000", "--input-size", "100,100", NULL), ==, 0);
  g_assert_nonnull (strstr (cli_out, "output 100000 x 100000"));
}

/* The brief's check: a 4000 x 3000 photo halves into a correct PNG. */
static void
test_large_photo (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *photo = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *out = g_build_filename (dir, "half.png", NULL);
  g_autofree char *err = NULL;
  const char *convert[] = { "convert", "-size", "4000x3000", "-seed", "7", "plasma:",
                            "-blur", "0x1", "-quality", "92", photo, NULL };
  gint64 start;
  pv_image in, half;
  int status;

  if (!g_spawn_sync (dir, (char **) convert, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("ImageMagick's convert is not available to make the photo");
      pv_test_remove_dir (dir);
      return;
    }
  start = g_get_monotonic_time ();
  g_assert_cmpint (run_cli (dir, NULL, &err, "max_pool2d", "--kernel-size", "2", "photo.jpg",
                            "half.png", NULL), ==, 0);
  g_test_message ("4000x3000 JPEG -> 2000x1500 PNG in %.2f s",
                  (double) (g_get_monotonic_time () - start) / 1e6);
  in = decode (photo);
  half = decode (out);
  g_assert_cmpuint (half.width, ==, 2000);
  g_assert_cmpuint (half.height, ==, 1500);
  g_assert_cmpint (half.channels, ==, 3);
  for (guint y = 0; y < 1500; y += 97)
    for (guint x = 0; x < 2000; x += 89)
      for (int c = 0; c < 3; c++)
        {
          const guint8 *p = in.pixels;
          guint8 best = 0;

          for (guint dy = 0; dy < 2; dy++)
            for (guint dx = 0; dx < 2; dx++)
              best = MAX (best, p[((2 * y + dy) * 4000 + 2 * x + dx) * 3 + (guint) c]);
          g_assert_cmpuint (((guint8 *) half.pixels)[(y * 2000 + x) * 3 + (guint) c], ==, best);
        }
  pv_image_free (&in);
  pv_image_free (&half);
  pv_test_remove_dir (dir);
}

/* Hostile files under a 400 MB address-space cap: a clean error, never a
 * crash or an allocation failure. */
static void
test_bombs_bounded_memory (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer reserves more address space than the cap allows");
#else
  g_autofree char *dir = pv_test_make_temp_dir ();
  child_limits capped = { 0, (rlim_t) 400 << 20 };
  const char *files[] = { "huge.png", "huge.jpg", "huge.npy", "ragged.csv", "wide.png",
                          "text.png" };
  /* Headers that each reach a different limit: a PNG claiming 65535 x
   * 65535, a JPEG claiming 60000 x 60000 (below libjpeg's own 65500 cap), an
   * .npy promising 2^40 floats, and a ragged CSV. The last two were found by
   * the PNG fuzzer: a width of 1.8 billion, which libpng once sized its row
   * buffers from before PoolView's limits were checked, and a tEXt chunk
   * declaring 2 GB that libpng would allocate before reading it. */
  const char *regressions[] = { "huge-width-allocates-before-limit-check.png",
                                "text-chunk-length-2GB-allocated-before-read.png" };
  g_autoptr (GByteArray) png = pv_test_png_claiming (65535, 65535);
  static const guint8 jpg[] = {
    0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0xea, 0x60, 0xea, 0x60, 1, 1, 0x11, 0,
    0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0xff, 0xd9,
  };
  g_autoptr (GString) npy = g_string_new ("\x93NUMPY\x01");
  const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576), }\n";
  const char *expected[] = { "more than the limit", "more than the limit", "truncated or corrupt",
                             "row 2 has 2 values", "larger than the limit of 65535x65535",
                             "the file is truncated" };

  g_string_append_c (npy, 0);
  g_string_append_c (npy, (char) strlen (dict));
  g_string_append_c (npy, 0);
  g_string_append (npy, dict);
  {
    g_autofree char *p = g_build_filename (dir, files[0], NULL);
    g_autofree char *j = g_build_filename (dir, files[1], NULL);
    g_autofree char *n = g_build_filename (dir, files[2], NULL);
    g_autofree char *c = g_build_filename (dir, files[3], NULL);

    g_file_set_contents (p, (const char *) png->data, png->len, NULL);
    g_file_set_contents (j, (const char *) jpg, sizeof jpg, NULL);
    g_file_set_contents (n, npy->str, (gssize) npy->len, NULL);
    g_file_set_contents (c, "1,2,3\n4,5\n", -1, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (regressions); i++)
      {
        g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "fuzz", "regressions",
                                                      "png", regressions[i], NULL);
        g_autofree char *dst = g_build_filename (dir, files[4 + i], NULL);
        g_autofree char *bytes = NULL;
        gsize len;

        g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
        g_assert_true (g_file_set_contents (dst, bytes, (gssize) len, NULL));
      }
  }
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *err = NULL;
      gint64 start = g_get_monotonic_time ();
      int rc = run_cli (dir, &capped, &err, "max_pool2d", "--kernel-size", "2", files[i], "o.png",
                        NULL);

      g_test_message ("%s: exit %d, %s", files[i], rc, err);
      g_assert_cmpint (rc, ==, 1);
      g_assert_true (g_str_has_prefix (err, "poolview-cli: "));
      g_assert_nonnull (strstr (err, expected[i]));
      g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
    }
  g_assert_cmpuint (pv_test_count_entries (dir), ==, G_N_ELEMENTS (files));
  pv_test_remove_dir (dir);
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/images/png-to-png", test_png_to_png);
  g_test_add_func ("/cli/images/png-to-npy", test_png_to_npy);
  g_test_add_func ("/cli/images/png-from-float-warns", test_png_from_float_warns);
  g_test_add_func ("/cli/images/batch", test_batch);
  g_test_add_func ("/cli/images/batch-parameter-errors", test_batch_parameter_errors);
  g_test_add_func ("/cli/images/batch-shared-samples", test_batch_shared_samples);
  g_test_add_func ("/cli/export/refuses-overwriting-input", test_refuses_overwriting_input);
  g_test_add_func ("/cli/export/failures-lose-nothing", test_export_failures);
  g_test_add_func ("/cli/export/output-conflicts", test_output_conflicts);
  g_test_add_func ("/cli/robustness/refused-arguments", test_refused_arguments);
  g_test_add_func ("/cli/robustness/refuses-signed-integers", test_refuses_signed_integers);
  g_test_add_func ("/cli/robustness/repeated-options", test_repeated_options);
  g_test_add_func ("/cli/print/empty", test_print_empty);
  g_test_add_func ("/cli/shape/huge-sizes", test_shape_of_huge_sizes);
  g_test_add_func ("/cli/images/large-photo", test_large_photo);
  g_test_add_func ("/cli/robustness/bombs-bounded-memory", test_bombs_bounded_memory);
  return g_test_run ();
}
