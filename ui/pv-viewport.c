/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-viewport.h"

struct _PvViewport
{
  GObject parent_instance;
  double zoom;
  double u, v;
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PvViewport, pv_viewport, G_TYPE_OBJECT)

static void
pv_viewport_class_init (PvViewportClass *klass)
{
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pv_viewport_init (PvViewport *self)
{
  self->zoom = 1.0;
  self->u = self->v = 0.5;
}

PvViewport *
pv_viewport_new (void)
{
  return g_object_new (PV_TYPE_VIEWPORT, NULL);
}

double
pv_viewport_get_zoom (PvViewport *self)
{
  return self->zoom;
}

void
pv_viewport_get_center (PvViewport *self, double *u, double *v)
{
  *u = self->u;
  *v = self->v;
}

void
pv_viewport_set (PvViewport *self, double zoom, double u, double v)
{
  zoom = CLAMP (zoom, PV_VIEWPORT_MIN_ZOOM, PV_VIEWPORT_MAX_ZOOM);
  u = CLAMP (u, 0.0, 1.0);
  v = CLAMP (v, 0.0, 1.0);
  /* A refit to the same place (every new result, while fitted) redraws
   * nothing. */
  if (zoom == self->zoom && u == self->u && v == self->v)
    return;
  self->zoom = zoom;
  self->u = u;
  self->v = v;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
pv_viewport_zoom_at (PvViewport *self, double factor, double u, double v)
{
  double old = self->zoom;
  double zoom = CLAMP (old * factor, PV_VIEWPORT_MIN_ZOOM, PV_VIEWPORT_MAX_ZOOM);
  double keep = old / zoom;

  /* The anchor stays put on screen: its offset from the centre, measured
   * in content fractions, shrinks as the content grows. */
  pv_viewport_set (self, zoom, u + (self->u - u) * keep, v + (self->v - v) * keep);
}

void
pv_viewport_pan (PvViewport *self, double du, double dv)
{
  pv_viewport_set (self, self->zoom, self->u + du, self->v + dv);
}
