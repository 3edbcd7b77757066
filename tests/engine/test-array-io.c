/* SPDX-License-Identifier: GPL-3.0-or-later */

/* .npy and text matrices: round trips, every accepted variant, and the
 * malformed files that must be refused quickly without allocating what
 * their headers claim. */

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "engine/array-io.h"
#include "engine/file-io.h"
#include "engine/npy.h"
#include "engine/random.h"
#include "engine/text-matrix.h"
#include "test-util.h"

static pv_limits limits;

/* Builds a .npy file from a header dictionary and a payload. */
static GByteArray *
make_npy (int major, const char *dict, const void *payload, size_t size)
{
  GByteArray *b = g_byte_array_new ();
  size_t len = strlen (dict);
  guint8 head[12] = { 0x93, 'N', 'U', 'M', 'P', 'Y', (guint8) major, 0 };

  if (major == 1)
    {
      head[8] = (guint8) (len & 0xff);
      head[9] = (guint8) (len >> 8);
      g_byte_array_append (b, head, 10);
    }
  else
    {
      head[8] = (guint8) (len & 0xff);
      head[9] = (guint8) (len >> 8);
      head[10] = head[11] = 0;
      g_byte_array_append (b, head, 12);
    }
  g_byte_array_append (b, (const guint8 *) dict, (guint) len);
  if (size)
    g_byte_array_append (b, payload, (guint) size);
  return b;
}

static pv_status
decode (GByteArray *b, pv_tensor *t, pv_error *err)
{
  return pv_npy_decode (b->data, b->len, &limits, t, err);
}

static void
test_npy_round_trip (void)
{
  const pv_dtype dtypes[] = { PV_DTYPE_F32, PV_DTYPE_F64, PV_DTYPE_U8, PV_DTYPE_U16,
                              PV_DTYPE_I64 };
  const int64_t shapes[][4] = { { 7 }, { 2, 3 }, { 1, 2, 3 }, { 2, 1, 3, 4 } };
  pv_random rng;

  pv_random_seed (&rng, 7);
  for (gsize d = 0; d < G_N_ELEMENTS (dtypes); d++)
    for (int r = 0; r < 4; r++)
      {
        pv_shape shape = pv_shape_make (r + 1, shapes[r]);
        pv_tensor t, back;
        uint8_t *bytes;
        size_t size, n;
        g_autofree char *why = NULL;

        g_assert_cmpint (pv_tensor_alloc (&t, dtypes[d], &shape, NULL), ==, PV_OK);
        pv_shape_numel (&shape, &n);
        for (size_t i = 0; i < n * pv_dtype_size (dtypes[d]); i++)
          ((uint8_t *) t.data)[i] = (uint8_t) pv_random_next (&rng);
        g_assert_cmpint (pv_npy_encode (&t, &bytes, &size, NULL), ==, PV_OK);
        /* NumPy aligns the data to 64 bytes. */
        g_assert_cmpuint ((size - n * pv_dtype_size (dtypes[d])) % 64, ==, 0);
        g_assert_cmpint (pv_npy_decode (bytes, size, &limits, &back, NULL), ==, PV_OK);
        g_assert_true (pv_test_tensors_match (&back, &t, FALSE, &why));
        g_free (bytes);
        pv_tensor_free (&t);
        pv_tensor_free (&back);
      }
}

static void
test_npy_variants (void)
{
  const float c_order[6] = { 1, 2, 3, 4, 5, 6 };
  const float f_order[6] = { 1, 4, 2, 5, 3, 6 }; /* the same 2 x 3 matrix, column-major */
  guint8 be[8] = { 0x3f, 0x80, 0, 0, 0x40, 0, 0, 0 }; /* 1.0f, 2.0f big-endian */
  const int32_t i4[3] = { -1, 5, 1 << 30 };
  g_autoptr (GByteArray) f = make_npy (1, "{'descr': '<f4', 'fortran_order': True, "
                                          "'shape': (2, 3), }          \n",
                                       f_order, sizeof f_order);
  g_autoptr (GByteArray) v2 = make_npy (2, "{\"descr\": \"<f4\", \"fortran_order\": False, "
                                           "\"shape\": (2, 3)}\n",
                                        c_order, sizeof c_order);
  g_autoptr (GByteArray) big = make_npy (1, "{'descr': '>f4', 'fortran_order': False, "
                                            "'shape': (2,), }\n",
                                         be, sizeof be);
  g_autoptr (GByteArray) ints = make_npy (1, "{'descr': '<i4', 'fortran_order': False, "
                                             "'shape': (3,), }\n",
                                          i4, sizeof i4);
  pv_tensor t;

  g_assert_cmpint (decode (f, &t, NULL), ==, PV_OK);
  g_assert_cmpmem (t.data, sizeof c_order, c_order, sizeof c_order);
  pv_tensor_free (&t);
  g_assert_cmpint (decode (v2, &t, NULL), ==, PV_OK);
  g_assert_cmpmem (t.data, sizeof c_order, c_order, sizeof c_order);
  pv_tensor_free (&t);
  g_assert_cmpint (decode (big, &t, NULL), ==, PV_OK);
  g_assert_cmpfloat (((float *) t.data)[0], ==, 1.0f);
  g_assert_cmpfloat (((float *) t.data)[1], ==, 2.0f);
  pv_tensor_free (&t);
  g_assert_cmpint (decode (ints, &t, NULL), ==, PV_OK);
  g_assert_cmpint (t.dtype, ==, PV_DTYPE_I64);
  g_assert_cmpint (((int64_t *) t.data)[0], ==, -1);
  g_assert_cmpint (((int64_t *) t.data)[2], ==, 1 << 30);
  pv_tensor_free (&t);
}

typedef struct
{
  const char *name;
  const char *dict;
  size_t payload;
  pv_status status;
  const char *message;
} bad_npy;

static const bad_npy bad_npys[] = {
  { "unknown-dtype", "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16,
    PV_ERR_UNSUPPORTED, "data type '<c8' is not supported" },
  { "object-dtype", "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", 16,
    PV_ERR_UNSUPPORTED, "not supported" },
  { "truncated-data", "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 12,
    PV_ERR_FORMAT, "truncated or corrupt" },
  { "trailing-data", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 12,
    PV_ERR_FORMAT, "truncated or corrupt" },
  { "shape-overflow",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }",
    0, PV_ERR_LIMIT, "too large" },
  { "huge-claimed-shape", "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }",
    16, PV_ERR_FORMAT, "truncated or corrupt" },
  { "five-dimensions", "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1, 2), }", 8,
    PV_ERR_UNSUPPORTED, "more than 4 dimensions" },
  { "missing-shape", "{'descr': '<f4', 'fortran_order': False, }", 8, PV_ERR_FORMAT,
    "lacks descr, fortran_order or shape" },
  { "extra-key", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8,
    PV_ERR_FORMAT, "unexpected key 'x'" },
  { "not-a-dict", "[1, 2, 3]", 8, PV_ERR_FORMAT, "not a dictionary" },
  { "negative-shape", "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", 8,
    PV_ERR_FORMAT, "malformed shape" },
  { "bad-fortran-value", "{'descr': '<f4', 'fortran_order': 2, 'shape': (2,), }", 8,
    PV_ERR_FORMAT, "malformed fortran_order" },
  { "unterminated-string", "{'descr': '<f4", 8, PV_ERR_FORMAT, "malformed" },
};

static void
test_npy_malformed (gconstpointer data)
{
  const bad_npy *c = data;
  g_autofree guint8 *zeros = g_malloc0 (c->payload + 1);
  g_autoptr (GByteArray) b = make_npy (1, c->dict, zeros, c->payload);
  pv_tensor t = { 0 };
  pv_error err;

  g_assert_cmpint (decode (b, &t, &err), ==, c->status);
  g_assert_nonnull (strstr (err.message, c->message));
  g_assert_null (t.data);
}

static void
test_npy_header_length_lies (void)
{
  g_autoptr (GByteArray) b = make_npy (1, "{'descr': '<f4', 'fortran_order': False, "
                                          "'shape': (2,), }", "\0\0\0\0\0\0\0\0", 8);
  pv_tensor t;
  pv_error err;

  /* Header length far past the end of the file. */
  b->data[8] = 0xff;
  b->data[9] = 0xff;
  g_assert_cmpint (decode (b, &t, &err), ==, PV_ERR_FORMAT);
  g_assert_nonnull (strstr (err.message, "does not fit"));
  /* Version 9. */
  b->data[6] = 9;
  g_assert_cmpint (decode (b, &t, &err), ==, PV_ERR_UNSUPPORTED);
  /* Every prefix of a valid file is refused, never read past its end. */
  b->data[6] = 1;
  b->data[8] = (guint8) (b->len - 10 - 8);
  b->data[9] = 0;
  for (guint len = 0; len < b->len; len++)
    g_assert_cmpint (pv_npy_decode (b->data, len, &limits, &t, NULL), !=, PV_OK);
}

static pv_status
parse_text (const char *text, pv_tensor *t, pv_error *err)
{
  return pv_text_matrix_parse (text, strlen (text), &limits, t, err);
}

static void
check_matrix (const char *text, int64_t rows, int64_t cols, const float *want)
{
  pv_tensor t;
  pv_error err;

  if (parse_text (text, &t, &err) != PV_OK)
    g_error ("%s: %s", text, err.message);
  g_assert_cmpint (t.shape.rank, ==, 2);
  g_assert_cmpint (t.shape.dims[0], ==, rows);
  g_assert_cmpint (t.shape.dims[1], ==, cols);
  for (int64_t i = 0; i < rows * cols; i++)
    if (isnan (want[i]))
      g_assert_true (isnan (((float *) t.data)[i]));
    else
      g_assert_cmpfloat (((float *) t.data)[i], ==, want[i]);
  pv_tensor_free (&t);
}

static void
test_text_accepted (void)
{
  const float m23[6] = { 1, 2, 0, 0, 1, 2 };
  const float v3[3] = { 1.5f, -2, 3e3f };
  const float special[4] = { NAN, INFINITY, -INFINITY, -0.0f };

  check_matrix ("1,2,0\n0,1,2\n", 2, 3, m23);
  check_matrix ("1,2,0\r\n0,1,2", 2, 3, m23);
  check_matrix ("# a comment\n\n1 2 0\n  0\t1  2\n\n", 2, 3, m23);
  check_matrix ("\xef\xbb\xbf" "1, 2, 0\n0, 1, 2\n", 2, 3, m23);
  check_matrix ("[[1,2,0],[0,1,2]]", 2, 3, m23);
  check_matrix ("[[1, 2, 0],\n [0, 1, 2]]\n", 2, 3, m23);
  check_matrix ("[1.5, -2, 3e3]", 1, 3, v3);
  check_matrix ("nan,inf,-inf,-0", 1, 4, special);
}

typedef struct
{
  const char *text;
  const char *message;
} bad_text;

static const bad_text bad_texts[] = {
  { "1,2,3\n4,5\n", "row 2 has 2 values, but row 1 has 3" },
  { "1,2\n3,abc\n", "row 2, column 2: 'abc' is not a number" },
  { "", "the matrix is empty" },
  { "\n\n# only comments\n", "the matrix is empty" },
  { "[[1,2],[3]]", "row 2 has 1 value, but row 1 has 2" },
  { "[[1,2],[3,4]", "missing ']'" },
  { "[[1,2],[3,4]] extra", "unexpected text" },
  { "[[[1]]]", "row 1: brackets nest three deep, but a text matrix is 2-D" },
  { "1,2\n3,4x\n", "'4x' is not a number" },
  { "[1, 2], 3", "unexpected text" },
  { "1,,2\n3,,4\n", "row 1, column 2: empty value" },
  { "1,2\n,3,4\n", "row 2, column 1: empty value" },
  { "1, ;2\n", "mixes ',' and ';'" },
  { "1,5;2,5\n", "row 1 mixes ',' and ';'" },
};

static void
test_text_refused (gconstpointer data)
{
  const bad_text *c = data;
  pv_tensor t = { 0 };
  pv_error err;

  g_assert_cmpint (parse_text (c->text, &t, &err), !=, PV_OK);
  if (strstr (err.message, c->message) == NULL)
    g_error ("\"%s\": message \"%s\" lacks \"%s\"", c->text, err.message, c->message);
  g_assert_null (t.data);
}

static void
test_text_limits (void)
{
  pv_limits small = limits;
  pv_tensor t;
  pv_error err;

  small.max_width = 3;
  small.max_height = 2;
  g_assert_cmpint (pv_text_matrix_parse ("1,2,3,4", 7, &small, &t, &err), ==, PV_ERR_LIMIT);
  g_assert_cmpint (pv_text_matrix_parse ("1\n2\n3\n", 6, &small, &t, &err), ==, PV_ERR_LIMIT);
}

/* %.9g round-trips every float32; CSV output must read back bit for bit. */
static void
test_csv_round_trip (void)
{
  int64_t dims[2] = { 9, 11 };
  pv_shape shape = pv_shape_make (2, dims);
  pv_tensor t, back;
  pv_random rng;
  char *text;
  size_t size;
  g_autofree char *why = NULL;

  pv_random_seed (&rng, 99);
  pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL);
  for (int i = 0; i < 99; i++)
    {
      uint32_t bits = (uint32_t) pv_random_next (&rng);
      float v;

      memcpy (&v, &bits, 4);
      ((float *) t.data)[i] = isnan (v) ? 1.0f : v;
    }
  g_assert_cmpint (pv_csv_encode (&t, &text, &size, NULL), ==, PV_OK);
  g_assert_cmpint (pv_text_matrix_parse (text, size, &limits, &back, NULL), ==, PV_OK);
  g_assert_true (pv_test_tensors_match (&back, &t, FALSE, &why));
  g_free (text);
  pv_tensor_free (&t);
  pv_tensor_free (&back);
}

static void
test_csv_refuses_many_planes (void)
{
  int64_t dims[3] = { 3, 2, 2 };
  pv_shape shape = pv_shape_make (3, dims);
  pv_tensor t;
  pv_error err;
  char *text;
  size_t size;

  pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL);
  g_assert_cmpint (pv_csv_encode (&t, &text, &size, &err), ==, PV_ERR_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "write .npy instead"));
  pv_tensor_free (&t);
}

static void
test_sniff (void)
{
  g_assert_cmpint (pv_sniff_format ((const guint8 *) "\x93NUMPY\x01", 7), ==, PV_FORMAT_NPY);
  g_assert_cmpint (pv_sniff_format ((const guint8 *) "\x89PNG\r\n\x1a\n", 8), ==, PV_FORMAT_PNG);
  g_assert_cmpint (pv_sniff_format ((const guint8 *) "\xff\xd8\xff\xe0", 4), ==,
                   PV_FORMAT_JPEG);
  g_assert_cmpint (pv_sniff_format ((const guint8 *) "1,2", 3), ==, PV_FORMAT_CSV);
  g_assert_cmpint (pv_format_from_extension ("a/b.NPY"), ==, PV_FORMAT_NPY);
  g_assert_cmpint (pv_format_from_extension ("x.jpeg"), ==, PV_FORMAT_JPEG);
  g_assert_cmpint (pv_format_from_extension ("dir.png/file"), ==, PV_FORMAT_UNKNOWN);
}

/* A failed write leaves the old target and no temporary file. */
static void
test_atomic_write_failure (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *target = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *content = NULL;
  char big[4096];
  pv_error err;

  memset (big, 'x', sizeof big);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  pv_file_set_write_limit_for_testing (1000);
  g_assert_cmpint (pv_file_write_atomic (target, big, sizeof big, &err), ==, PV_ERR_IO);
  pv_file_set_write_limit_for_testing (0);
  g_assert_nonnull (strstr (err.message, "No space left on device"));
  g_assert_true (g_file_get_contents (target, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "old");
  g_assert_cmpuint (pv_test_count_entries (dir), ==, 1);

  g_assert_cmpint (pv_file_write_atomic (target, "new", 3, &err), ==, PV_OK);
  g_clear_pointer (&content, g_free);
  g_assert_true (g_file_get_contents (target, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "new");
  g_assert_cmpuint (pv_test_count_entries (dir), ==, 1);
  pv_test_remove_dir (dir);
}

/* Files cut short inside their signature, or empty, are named so, not
 * read as text; an array wider than the pixel limit is refused. */
static void
test_short_files_and_pixel_limit (void)
{
  static const struct
  {
    const char *name, *bytes, *message;
    gssize len;
  } cases[] = {
    { "p.png", "\x89PNG", "truncated PNG file (only 4 bytes)", 4 },
    { "j.jpg", "\xff\xd8", "truncated JPEG file (only 2 bytes)", 2 },
    { "n.npy", "\x93NUM", "truncated .npy file (only 4 bytes)", 4 },
    { "e.png", "", "the file is empty", 0 },
  };
  g_autofree char *dir = pv_test_make_temp_dir ();
  pv_limits few = limits;
  pv_tensor t = { 0 };
  pv_error err;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);

      g_assert_true (g_file_set_contents (path, cases[i].bytes, cases[i].len, NULL));
      g_assert_cmpint (pv_array_read_file (path, &limits, &t, NULL, &err), !=, PV_OK);
      g_assert_nonnull (strstr (err.message, cases[i].message));
    }
  {
    int64_t dims[3] = { 3, 20, 20 };
    pv_shape shape = pv_shape_make (3, dims);
    g_autofree char *path = g_build_filename (dir, "big.npy", NULL);
    uint8_t *bytes;
    size_t size;

    g_assert_cmpint (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL), ==, PV_OK);
    g_assert_cmpint (pv_npy_encode (&t, &bytes, &size, NULL), ==, PV_OK);
    pv_tensor_free (&t);
    g_assert_true (g_file_set_contents (path, (const char *) bytes, (gssize) size, NULL));
    free (bytes);
    few.max_pixels = 399;
    g_assert_cmpint (pv_array_read_file (path, &few, &t, NULL, &err), ==, PV_ERR_LIMIT);
    g_assert_nonnull (strstr (err.message, "20 x 20 cells, more than the limit of 399"));
    few.max_pixels = 400;
    g_assert_cmpint (pv_array_read_file (path, &few, &t, NULL, &err), ==, PV_OK);
    pv_tensor_free (&t);
  }
  pv_test_remove_dir (dir);
}

static void
test_file_same (void)
{
  g_autofree char *dir = pv_test_make_temp_dir ();
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard", NULL);
  g_autofree char *soft = g_build_filename (dir, "soft", NULL);
  g_autofree char *other = g_build_filename (dir, "other", NULL);

  g_file_set_contents (a, "1", -1, NULL);
  g_file_set_contents (other, "1", -1, NULL);
  g_assert_cmpint (link (a, hard), ==, 0);
  g_assert_cmpint (symlink (a, soft), ==, 0);
  g_assert_true (pv_file_same (a, a));
  g_assert_true (pv_file_same (a, hard));
  g_assert_true (pv_file_same (soft, a));
  g_assert_false (pv_file_same (a, other));
  g_assert_false (pv_file_same (a, "/nonexistent/x"));
  pv_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pv_limits_init (&limits);

  g_test_add_func ("/engine/npy/round-trip", test_npy_round_trip);
  g_test_add_func ("/engine/npy/variants", test_npy_variants);
  g_test_add_func ("/engine/npy/header-length-lies", test_npy_header_length_lies);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_npys); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/npy/refused/%s", bad_npys[i].name);

      g_test_add_data_func (path, &bad_npys[i], test_npy_malformed);
    }
  g_test_add_func ("/engine/text/accepted", test_text_accepted);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_texts); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/text/refused/%" G_GSIZE_FORMAT, i);

      g_test_add_data_func (path, &bad_texts[i], test_text_refused);
    }
  g_test_add_func ("/engine/text/limits", test_text_limits);
  g_test_add_func ("/engine/csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/engine/csv/refuses-many-planes", test_csv_refuses_many_planes);
  g_test_add_func ("/engine/files/sniff", test_sniff);
  g_test_add_func ("/engine/files/short-files-and-pixel-limit", test_short_files_and_pixel_limit);
  g_test_add_func ("/engine/files/atomic-write-failure", test_atomic_write_failure);
  g_test_add_func ("/engine/files/same-file", test_file_same);
  return g_test_run ();
}
