/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sample.h"

#include <math.h>
#include <string.h>

#include "random.h"

static double
clamp01 (double v)
{
  return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

static double
mix (double a, double b, double t)
{
  return a + (b - a) * t;
}

/* Smooth value noise from a seeded lattice, for texture that is not just
 * sines. */
static double
noise (const float *lattice, int n, double x, double y)
{
  int xi = (int) floor (x), yi = (int) floor (y);
  double fx = x - xi, fy = y - yi;
  double sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
  int x0 = ((xi % n) + n) % n, y0 = ((yi % n) + n) % n;
  int x1 = (x0 + 1) % n, y1 = (y0 + 1) % n;

  return mix (mix (lattice[y0 * n + x0], lattice[y0 * n + x1], sx),
              mix (lattice[y1 * n + x0], lattice[y1 * n + x1], sx), sy);
}

pv_status
pv_sample_photo (uint32_t width, uint32_t height, pv_image *out, pv_error *err)
{
  enum { N = 64 };
  float lattice[N * N];
  pv_random rng;
  pv_image img;
  pv_status status;
  double W, H;

  if (width < 16 || height < 16)
    return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "the sample needs at least 16x16");
  status = pv_image_alloc (&img, width, height, 3, 8, err);
  if (status != PV_OK)
    return status;
  pv_random_seed (&rng, 1234);
  for (int i = 0; i < N * N; i++)
    lattice[i] = pv_random_float (&rng);
  W = width;
  H = height;

  for (uint32_t y = 0; y < height; y++)
    for (uint32_t x = 0; x < width; x++)
      {
        double u = x / W, v = y / H;
        double horizon = 0.55;
        double ridge = 0.38 + 0.07 * sin (u * 7.0 + 1.3) + 0.04 * sin (u * 19.0)
                       + 0.05 * noise (lattice, N, u * 12.0, 3.5);
        double hill = 0.47 + 0.05 * sin (u * 4.0 + 0.4) + 0.02 * noise (lattice, N, u * 30.0, 9.0);
        double r, g, b;

        if (v < ridge)
          {
            /* Sky, a sun with a soft halo. */
            double sun = hypot ((u - 0.78) * W / H, v - 0.16);

            r = mix (0.38, 0.86, v / ridge);
            g = mix (0.58, 0.90, v / ridge);
            b = mix (0.92, 0.96, v / ridge);
            if (sun < 0.06)
              r = g = 1.0, b = 0.85;
            else
              {
                double halo = exp (-(sun - 0.06) * 14.0) * 0.5;

                r = mix (r, 1.0, halo), g = mix (g, 0.92, halo), b = mix (b, 0.7, halo);
              }
          }
        else if (v < hill)
          {
            /* Far mountains with snowy, noisy texture. */
            double t = noise (lattice, N, u * 40.0, v * 40.0);

            r = 0.42 + 0.15 * t, g = 0.47 + 0.12 * t, b = 0.58 + 0.1 * t;
            if (v < ridge + 0.03)
              r = g = b = 0.9 + 0.08 * t;
          }
        else if (v < horizon)
          {
            /* Near hills: grass with fine texture. */
            double t = noise (lattice, N, u * 90.0, v * 90.0);

            r = 0.22 + 0.2 * t, g = 0.45 + 0.25 * t, b = 0.18 + 0.1 * t;
          }
        else
          {
            /* Water, rippled reflection of the sky. */
            double ripple = 0.5 + 0.5 * sin (v * H * 0.9 + 3.0 * sin (u * 20.0));

            r = 0.20 + 0.18 * ripple, g = 0.36 + 0.2 * ripple, b = 0.52 + 0.22 * ripple;
          }

        /* A zone plate: concentric rings whose frequency grows outwards,
         * the classic picture for aliasing. */
        {
          double cx = 0.2 * W, cy = 0.78 * H, rad = 0.17 * H;
          double dx = x - cx, dy = y - cy, d2 = dx * dx + dy * dy;

          if (d2 < rad * rad)
            {
              double z = 0.5 + 0.5 * cos (M_PI * d2 / (rad * 1.1));

              r = g = b = z;
            }
        }
        /* A checkerboard of 2-pixel squares and a patch of 1-pixel stripes. */
        if (u > 0.42 && u < 0.56 && v > 0.68 && v < 0.9)
          {
            int c = ((x / 2) + (y / 2)) % 2;

            r = c ? 0.95 : 0.1, g = c ? 0.85 : 0.1, b = c ? 0.2 : 0.15;
          }
        if (u > 0.62 && u < 0.9 && v > 0.7 && v < 0.92)
          {
            int period = 1 + (int) ((u - 0.62) / 0.28 * 4.0); /* 1 to 4 pixels */
            int c = (x / (uint32_t) period) % 2;

            r = c ? 0.9 : 0.2, g = c ? 0.3 : 0.2, b = c ? 0.3 : 0.6;
          }

        {
          uint8_t *p = (uint8_t *) img.pixels + ((size_t) y * width + x) * 3;

          p[0] = (uint8_t) lround (clamp01 (r) * 255.0);
          p[1] = (uint8_t) lround (clamp01 (g) * 255.0);
          p[2] = (uint8_t) lround (clamp01 (b) * 255.0);
        }
      }
  *out = img;
  return PV_OK;
}

pv_status
pv_sample_matrix_5x5 (pv_tensor *out, pv_error *err)
{
  static const float values[25] = {
    1, 2, 0, 3, 1,
    0, 1, 2, 3, 1,
    1, 2, 1, 0, 0,
    5, 2, 3, 1, 1,
    2, 1, 0, 1, 1,
  };
  int64_t dims[2] = { 5, 5 };
  pv_shape shape = pv_shape_make (2, dims);
  pv_tensor t;
  pv_status status;

  status = pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, err);
  if (status != PV_OK)
    return status;
  memcpy (t.data, values, sizeof values);
  *out = t;
  return PV_OK;
}
