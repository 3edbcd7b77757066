/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "image.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array-io.h"
#include "checked.h"
#include "fast-clones.h"
#include "file-io.h"

size_t
pv_image_stride (const pv_image *image)
{
  return (size_t) image->width * (size_t) image->channels * (size_t) (image->bit_depth / 8);
}

pv_status
pv_image_check_limits (uint32_t width, uint32_t height, int channels, int bit_depth,
                       const pv_limits *limits, const char *what, pv_error *err)
{
  size_t pixels, bytes;

  if (width == 0 || height == 0)
    return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, "%s has a zero size (%ux%u)", what,
                         width, height);
  if (width > limits->max_width || height > limits->max_height)
    return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                         "%s is %ux%u, larger than the limit of %ux%u", what, width, height,
                         limits->max_width, limits->max_height);
  if (!pv_size_mul (width, height, &pixels) || pixels > limits->max_pixels)
    return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                         "%s has %ux%u pixels, more than the limit of %llu", what, width, height,
                         (unsigned long long) limits->max_pixels);
  if (!pv_size_mul3 (pixels, (size_t) channels, (size_t) (bit_depth / 8), &bytes)
      || bytes > limits->max_bytes)
    return pv_error_set (err, PV_ERR_LIMIT, PV_FIELD_INPUT,
                         "%s would take more than %zu bytes to decode", what, limits->max_bytes);
  return PV_OK;
}

pv_status
pv_image_alloc (pv_image *image, uint32_t width, uint32_t height, int channels, int bit_depth,
                pv_error *err)
{
  size_t bytes;
  void *pixels;

  if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16))
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                         "images have 1 to 4 channels of 8 or 16 bits");
  if (!pv_size_mul3 (width, height, (size_t) channels * (size_t) (bit_depth / 8), &bytes))
    return pv_error_set (err, PV_ERR_OVERFLOW, PV_FIELD_NONE, "image is too large");
  pixels = calloc (bytes ? bytes : 1, 1);
  if (pixels == NULL)
    return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_NONE, "out of memory for a %ux%u image",
                         width, height);
  image->width = width;
  image->height = height;
  image->channels = channels;
  image->bit_depth = bit_depth;
  image->pixels = pixels;
  return PV_OK;
}

void
pv_image_free (pv_image *image)
{
  if (image == NULL)
    return;
  free (image->pixels);
  memset (image, 0, sizeof *image);
}

pv_status
pv_image_decode (const uint8_t *data, size_t size, const pv_limits *limits, pv_image *out,
                 pv_error *err)
{
  switch (pv_sniff_format (data, size))
    {
    case PV_FORMAT_PNG:
      return pv_png_decode (data, size, limits, out, err);
    case PV_FORMAT_JPEG:
      return pv_jpeg_decode (data, size, limits, out, err);
    default:
      return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT,
                           "not a PNG or JPEG image (unknown signature)");
    }
}

pv_status
pv_image_read_file (const char *path, const pv_limits *limits, pv_image *out, pv_error *err)
{
  uint8_t *data;
  size_t size;
  pv_status status;

  /* A compressed file is never larger than what it decodes to, except for
   * metadata; the decoded limit bounds the read as well. */
  status = pv_file_read_all (path, limits->max_bytes, &data, &size, err);
  if (status != PV_OK)
    return status;
  status = pv_image_decode (data, size, limits, out, err);
  free (data);
  if (status != PV_OK)
    pv_error_prefix (err, path);
  return status;
}

pv_status
pv_image_to_planes (const pv_image *image, pv_tensor *out, pv_error *err)
{
  int64_t dims[3] = { image->channels, image->height, image->width };
  pv_shape shape = pv_shape_make (3, dims);
  size_t plane = (size_t) image->width * image->height;
  int c_n = image->channels;
  pv_tensor t;
  pv_status status;

  status = pv_tensor_alloc (&t, image->bit_depth == 16 ? PV_DTYPE_U16 : PV_DTYPE_U8, &shape, err);
  if (status != PV_OK)
    return status;
  /* Channel counts known at compile time and no aliasing: GCC vectorises
   * each (built at -O3, engine/meson.build; a 4K RGBA picture 21 -> 3
   * ms). */
#define DEINTERLEAVE(T, CN)                                                                     \
  do                                                                                            \
    {                                                                                           \
      const T *restrict src = image->pixels;                                                    \
      T *restrict dst = t.data;                                                                 \
                                                                                                \
      for (size_t i = 0; i < plane; i++)                                                        \
        for (int c = 0; c < (CN); c++)                                                          \
          dst[(size_t) c * plane + i] = src[i * (size_t) (CN) + (size_t) c];                    \
    }                                                                                           \
  while (0)
#define DEINTERLEAVE_ANY(T)                                                                     \
  switch (c_n)                                                                                  \
    {                                                                                           \
    case 1: DEINTERLEAVE (T, 1); break;                                                         \
    case 2: DEINTERLEAVE (T, 2); break;                                                         \
    case 3: DEINTERLEAVE (T, 3); break;                                                         \
    case 4: DEINTERLEAVE (T, 4); break;                                                         \
    default: DEINTERLEAVE (T, c_n); break;                                                      \
    }
  if (image->bit_depth == 16)
    DEINTERLEAVE_ANY (uint16_t)
  else
    DEINTERLEAVE_ANY (uint8_t)
#undef DEINTERLEAVE_ANY
#undef DEINTERLEAVE
  *out = t;
  return PV_OK;
}

static double
to_sample (double v, double max)
{
  if (isnan (v))
    return 0.0;
  v = round (v); /* half away from zero */
  return v < 0.0 ? 0.0 : v > max ? max : v;
}

/* to_sample() over a float plane into every @stride-th sample of @dst, the
 * values scaled by @num / @den as the caller's loop scales them: written
 * with selects and trunc() (which the clones' instruction sets round in
 * one instruction) so that it vectorises where round() would call libm a
 * sample (a 4K colour result: the conversion was a seventh of an LP
 * export). trunc, then away from zero when the rest is a half or more, is
 * round() exactly: v - trunc (v) is exact. */
#define FLOATS_TO_SAMPLES(NAME, T)                                                              \
  FAST_CLONES static void                                                                       \
  NAME (const float *restrict src, size_t n, double num, double den, double max,                \
        T *restrict dst, size_t stride)                                                         \
  {                                                                                             \
    for (size_t i = 0; i < n; i++)                                                              \
      {                                                                                         \
        double v = (double) src[i] * num / den;                                                 \
        double t = trunc (v);                                                                   \
        double r = fabs (v - t) >= 0.5 ? t + copysign (1.0, v) : t;                             \
                                                                                                \
        r = r < 0.0 ? 0.0 : r > max ? max : r;                                                  \
        dst[i * stride] = (T) (v != v ? 0.0 : r);                                               \
      }                                                                                         \
  }
FLOATS_TO_SAMPLES (floats_to_u8, uint8_t)
FLOATS_TO_SAMPLES (floats_to_u16, uint16_t)
#undef FLOATS_TO_SAMPLES

/* Channels, height and width of @s as planes; false for other shapes. */
static bool
planes_layout (const pv_shape *s, int64_t *c_n, int64_t *h, int64_t *w)
{
  if (s->rank == 2)
    *c_n = 1, *h = s->dims[0], *w = s->dims[1];
  else if (s->rank == 3)
    *c_n = s->dims[0], *h = s->dims[1], *w = s->dims[2];
  else if (s->rank == 4 && s->dims[0] == 1)
    *c_n = s->dims[1], *h = s->dims[2], *w = s->dims[3];
  else
    return false;
  return true;
}

void
pv_image_sample_fit (const pv_tensor *planes, int bit_depth, int channel, pv_sample_fit *fit)
{
  double max = bit_depth == 16 ? 65535.0 : 255.0;
  int64_t c_n = 0, h = 0, w = 0;
  size_t plane, first, end;

  *fit = (pv_sample_fit) { 0, 0, 0, 0, INFINITY, -INFINITY };
  if (!planes_layout (&planes->shape, &c_n, &h, &w))
    return;
  plane = (size_t) (h * w);
  first = channel >= 0 ? (size_t) channel * plane : 0;
  end = channel >= 0 ? first + plane : (size_t) c_n * plane;
  for (size_t i = first; i < end; i++)
    {
      double v = pv_tensor_get (planes, i);

      fit->n++;
      if (isnan (v))
        {
          fit->nan++;
          continue;
        }
      fit->min = fmin (fit->min, v);
      fit->max = fmax (fit->max, v);
      /* As to_sample() rounds before it clamps. */
      fit->below += to_sample (v, max) > round (v);
      fit->above += to_sample (v, max) < round (v);
    }
}

/* Values times @num over @den, as samples of @bit_depth bits. */
static pv_status
samples_from_planes (const pv_tensor *planes, double num, double den, int bit_depth,
                     int channel, pv_image *out, pv_error *err)
{
  const pv_shape *s = &planes->shape;
  int64_t c_n, h, w;
  int out_c;
  size_t plane;
  double max = bit_depth == 16 ? 65535.0 : 255.0;
  pv_image image;
  pv_status status;

  if (!planes_layout (s, &c_n, &h, &w))
    {
      char shape[96];

      pv_shape_format (s, shape, sizeof shape);
      return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                           "a picture needs (H, W), (C, H, W) or (1, C, H, W) data, but the "
                           "result has shape %s",
                           shape);
    }
  if (channel >= c_n)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                         "channel %d does not exist: the result has %lld channels", channel,
                         (long long) c_n);
  if (channel < 0 && c_n > 4)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                         "a PNG holds at most 4 channels, but the result has %lld; choose one "
                         "channel",
                         (long long) c_n);
  if (h < 1 || w < 1 || h > UINT32_MAX || w > UINT32_MAX)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                         "a %lldx%lld result cannot be a picture", (long long) h, (long long) w);

  out_c = channel >= 0 ? 1 : (int) c_n;
  status = pv_image_alloc (&image, (uint32_t) w, (uint32_t) h, out_c, bit_depth, err);
  if (status != PV_OK)
    return status;
  plane = (size_t) (w * h);
  for (int c = 0; c < out_c; c++)
    {
      size_t src_c = (size_t) (channel >= 0 ? channel : c);

      if (planes->dtype == PV_DTYPE_F32 && bit_depth == 16)
        floats_to_u16 ((const float *) planes->data + src_c * plane, plane, num, den, max,
                       (uint16_t *) image.pixels + c, (size_t) out_c);
      else if (planes->dtype == PV_DTYPE_F32)
        floats_to_u8 ((const float *) planes->data + src_c * plane, plane, num, den, max,
                      (uint8_t *) image.pixels + c, (size_t) out_c);
      else
        for (size_t i = 0; i < plane; i++)
          {
            double v = to_sample (pv_tensor_get (planes, src_c * plane + i) * num / den, max);

            if (bit_depth == 16)
              ((uint16_t *) image.pixels)[i * (size_t) out_c + (size_t) c] = (uint16_t) v;
            else
              ((uint8_t *) image.pixels)[i * (size_t) out_c + (size_t) c] = (uint8_t) v;
          }
    }
  *out = image;
  return PV_OK;
}

pv_status
pv_image_from_planes (const pv_tensor *planes, int bit_depth, int channel, pv_image *out,
                      pv_error *err)
{
  return samples_from_planes (planes, 1.0, 1.0, bit_depth, channel, out, err);
}

pv_status
pv_image_from_picture_planes (const pv_tensor *planes, int planes_depth, int bit_depth,
                              int channel, pv_image *out, pv_error *err)
{
  /* A value times the new top is exact in double (samples and their
   * averages have few bits), so the one division rounds the true
   * quotient: 16 to 8 bits is round (v / 257), 8 to 16 exactly v * 257. */
  if (planes_depth == 0)
    return samples_from_planes (planes, 1.0, 1.0, bit_depth, channel, out, err);
  return samples_from_planes (planes, bit_depth == 16 ? 65535.0 : 255.0,
                              planes_depth == 16 ? 65535.0 : 255.0, bit_depth, channel, out, err);
}

pv_status
pv_image_orient (const pv_image *image, int orientation, pv_image *out, pv_error *err)
{
  uint32_t W = image->width, H = image->height;
  bool swap = orientation >= 5 && orientation <= 8;
  size_t px = (size_t) image->channels * (size_t) (image->bit_depth / 8);
  pv_image o;
  pv_status status;

  status = pv_image_alloc (&o, swap ? H : W, swap ? W : H, image->channels, image->bit_depth, err);
  if (status != PV_OK)
    return status;

  for (uint32_t y = 0; y < o.height; y++)
    for (uint32_t x = 0; x < o.width; x++)
      {
        uint32_t sx, sy;

        /* Where output pixel (x, y) comes from, for each EXIF orientation. */
        switch (orientation)
          {
          case 2: sx = W - 1 - x; sy = y; break;
          case 3: sx = W - 1 - x; sy = H - 1 - y; break;
          case 4: sx = x; sy = H - 1 - y; break;
          case 5: sx = y; sy = x; break;
          case 6: sx = y; sy = H - 1 - x; break;
          case 7: sx = W - 1 - y; sy = H - 1 - x; break;
          case 8: sx = W - 1 - y; sy = x; break;
          default: sx = x; sy = y; break;
          }
        memcpy ((uint8_t *) o.pixels + ((size_t) y * o.width + x) * px,
                (const uint8_t *) image->pixels + ((size_t) sy * W + sx) * px, px);
      }
  *out = o;
  return PV_OK;
}
