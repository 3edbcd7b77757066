/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-panels.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "engine/compare.h"

GArray *
pv_panels_shown_channels (int mode, int c_n)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (int));

  if (mode == PV_CHANNEL_ALL)
    for (int c = 0; c < c_n; c++)
      g_array_append_val (list, c);
  else
    {
      int c = mode == PV_CHANNEL_COMPOSITE ? PV_CHANNEL_COMPOSITE : MIN (mode, c_n - 1);

      g_array_append_val (list, c);
    }
  return list;
}

char *
pv_panels_channel_name (PvSourceKind kind, int c, int n)
{
  /* TRANSLATORS: the red, green, blue and alpha channels of a picture. */
  static const char *const rgba[] = { NC_("channel", "R"), NC_("channel", "G"),
                                      NC_("channel", "B"), NC_("channel", "A") };

  if (c == PV_CHANNEL_COMPOSITE)
    return g_strdup (n == 2 ? _("Gray with alpha") : _("Colour"));
  if (kind == PV_SOURCE_PICTURE)
    {
      if (n <= 2)
        return g_strdup (c == 0 ? _("Gray") : _("Alpha"));
      if (c >= 0 && c < 4)
        return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "channel", rgba[c]));
    }
  if (n == 1)
    return g_strdup (_("Values"));
  return g_strdup_printf (_("Channel %d"), c);
}

void
pv_panels_build_input (PvTensorView *view, PvDocument *document, int mode, PvViewport *viewport,
                       GArray *infos)
{
  PvTensorRef *ref = pv_document_get_input (document);
  GPtrArray *panels = g_ptr_array_new ();
  g_autoptr (GArray) channels = NULL;
  const pv_tensor *in;
  int64_t c_n, h, w;

  g_array_set_size (infos, 0);
  if (ref == NULL)
    {
      pv_tensor_view_set_panels (view, panels);
      return;
    }
  in = pv_tensor_ref_get (ref);
  c_n = in->shape.dims[0];
  h = in->shape.dims[1];
  w = in->shape.dims[2];
  channels = pv_panels_shown_channels (mode, (int) c_n);
  for (guint i = 0; i < channels->len; i++)
    {
      int c = g_array_index (channels, int, i);
      PvPanelInfo info = { c, 0 };
      g_autofree char *title = channels->len > 1
                                 ? pv_panels_channel_name (pv_document_get_source_kind (document),
                                                           c, (int) c_n)
                                 : NULL;
      const float *values = c >= 0 ? (const float *) in->data + (gsize) c * (gsize) (h * w) : NULL;

      g_ptr_array_add (panels,
                       pv_panel_new ((int) h, (int) w,
                                     pv_pixels_new_values (ref, c,
                                                           pv_document_get_display_range (document)),
                                     ref, values, title, c));
      g_array_append_val (infos, info);
    }
  pv_tensor_view_set_panels (view, panels);
  pv_tensor_view_set_viewport (view, viewport, 1.0, 1.0);
}

/* A pyramid level as a (C, l, l) tensor. */
static PvTensorRef *
pyramid_level (const pv_plan *plan, const pv_tensor *output, int level)
{
  int64_t l = plan->levels[level];
  int64_t dims[3] = { plan->channels, l, l };
  pv_shape shape = pv_shape_make (3, dims);
  pv_tensor t;

  if (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL) != PV_OK)
    return NULL;
  /* The input is unbatched, so the first batch entry is all there is. */
  memcpy (t.data, (const float *) output->data + pv_plan_level_offset (plan, level),
          sizeof (float) * (size_t) (plan->channels * l * l));
  return pv_tensor_ref_new_take (&t);
}

/* The tensor @slot shows, made by the engine from the document's output;
 * NULL with *@problem set when the asked view cannot be shown. */
static PvTensorRef *
displayed_tensor (PvSlot *slot, const PvSlot *other, char **problem)
{
  PvDocument *doc = slot->document;
  PvTensorRef *out = pv_document_get_output (doc);
  const pv_tensor *in = pv_tensor_ref_get (pv_document_get_input (doc));
  pv_tensor resized, diff;
  pv_error err;

  if (slot->shown == PV_SHOW_RESULT)
    return pv_tensor_ref_ref (out);
  if (slot->shown == PV_SHOW_MINUS_OTHER)
    {
      PvTensorRef *theirs = other ? pv_document_get_output (other->document) : NULL;

      if (theirs == NULL)
        {
          *problem = g_strdup (_("There is no second result to subtract"));
          return NULL;
        }
      if (pv_tensor_subtract (pv_tensor_ref_get (out), pv_tensor_ref_get (theirs), &diff, &err)
          != PV_OK)
        {
          *problem = g_strdup_printf (_("Cannot show A − B: %s"), err.message);
          return NULL;
        }
      return pv_tensor_ref_new_take (&diff);
    }
  if (pv_tensor_resize_nearest (pv_tensor_ref_get (out), in->shape.dims[1], in->shape.dims[2],
                                &resized, &err)
      != PV_OK)
    {
      *problem = g_strdup (err.message);
      return NULL;
    }
  if (slot->shown == PV_SHOW_AT_INPUT_SIZE)
    return pv_tensor_ref_new_take (&resized);
  if (pv_tensor_subtract (&resized, in, &diff, &err) != PV_OK)
    {
      pv_tensor_free (&resized);
      *problem = g_strdup (err.message);
      return NULL;
    }
  pv_tensor_free (&resized);
  return pv_tensor_ref_new_take (&diff);
}

char *
pv_panels_build_result (PvSlot *slot, const PvSlot *other, int mode, PvViewport *viewport)
{
  PvDocument *doc = slot->document;
  const pv_plan *plan = pv_document_get_plan (doc);
  PvTensorRef *in_ref = pv_document_get_input (doc);
  GPtrArray *panels = g_ptr_array_new ();
  g_autoptr (GArray) channels = NULL;
  const PvDisplayRange *range = pv_document_get_display_range (doc);
  char *problem = NULL;
  gboolean pyramid, difference;
  int n_levels;
  int64_t l_max = 1, c_n;
  const pv_tensor *in;
  double max_abs = 0.0;

  g_array_set_size (slot->panels, 0);
  if (plan == NULL || pv_document_get_output (doc) == NULL || in_ref == NULL)
    {
      pv_tensor_view_set_panels (slot->view, panels);
      return NULL;
    }
  in = pv_tensor_ref_get (in_ref);
  c_n = in->shape.dims[0];
  pyramid = plan->info->windows == PV_WINDOWS_PYRAMID;
  slot->shown = slot->show;
  if (pyramid && slot->show != PV_SHOW_RESULT)
    {
      problem = g_strdup (_("A spatial pyramid is a vector of levels; it is shown as it is"));
      slot->shown = PV_SHOW_RESULT;
    }
  n_levels = pyramid ? plan->n_levels : 1;
  for (int i = 0; i < plan->n_levels; i++)
    l_max = MAX (l_max, plan->levels[i]);
  channels = pv_panels_shown_channels (mode, (int) c_n);

  for (int level = 0; level < n_levels; level++)
    {
      g_autoptr (PvTensorRef) shown = NULL;
      const pv_tensor *t;
      int64_t rows, cols;

      if (pyramid)
        shown = pyramid_level (plan, pv_tensor_ref_get (pv_document_get_output (doc)), level);
      else
        {
          g_autofree char *why = NULL;

          shown = displayed_tensor (slot, other, &why);
          if (shown == NULL)
            {
              /* Fall back to the plain result and say why. */
              g_free (problem);
              problem = g_steal_pointer (&why);
              slot->shown = PV_SHOW_RESULT;
              shown = pv_tensor_ref_ref (pv_document_get_output (doc));
            }
        }
      if (shown == NULL)
        break;
      t = pv_tensor_ref_get (shown);
      rows = t->shape.dims[1];
      cols = t->shape.dims[2];
      difference = slot->shown == PV_SHOW_MINUS_INPUT || slot->shown == PV_SHOW_MINUS_OTHER;
      if (difference && level == 0)
        {
          max_abs = pv_tensor_max_abs (t);
          slot->diff_max = max_abs;
        }
      for (guint i = 0; i < channels->len; i++)
        {
          int c = g_array_index (channels, int, i);
          PvPanelInfo info = { c, level };
          const float *values = c >= 0 ? (const float *) t->data + (gsize) c * (gsize) (rows * cols)
                                       : NULL;
          g_autofree char *title = NULL;
          g_autofree char *name = pv_panels_channel_name (pv_document_get_source_kind (doc), c,
                                                          (int) c_n);
          PvPixels *pixels = difference ? pv_pixels_new_difference (shown, c, max_abs)
                                        : pv_pixels_new_values (shown, c, range);
          PvPanel *panel;

          if (difference)
            slot->diff_colour = pv_pixels_difference_in_colour (pixels);

          if (pyramid)
            title = c >= 0 && channels->len > 1
                      ? g_strdup_printf (_("%s, level %" PRId64), name, plan->levels[level])
                      : g_strdup_printf (_("level %" PRId64), plan->levels[level]);
          else if (channels->len > 1)
            title = g_strdup (name);
          panel = pv_panel_new ((int) rows, (int) cols, pixels, shown, values, title, c);
          if (pyramid)
            panel->cell_scale = (double) l_max / (double) plan->levels[level];
          g_ptr_array_add (panels, panel);
          g_array_append_val (slot->panels, info);
        }
    }
  pv_tensor_view_set_wrap (slot->view, pyramid ? channels->len : 0);
  pv_tensor_view_set_panels (slot->view, panels);

  /* Shown at the input's size, so that a window and its cell line up. */
  if (pyramid)
    pv_tensor_view_set_viewport (slot->view, viewport, (double) plan->in_w / (double) l_max,
                                 (double) plan->in_h / (double) l_max);
  else if (slot->shown == PV_SHOW_RESULT || slot->shown == PV_SHOW_MINUS_OTHER)
    pv_tensor_view_set_viewport (slot->view, viewport,
                                 (double) in->shape.dims[2] / (double) plan->out_w,
                                 plan->info->spatial_dims == 1
                                   ? 1.0
                                   : (double) in->shape.dims[1] / (double) plan->out_h);
  else
    pv_tensor_view_set_viewport (slot->view, viewport, 1.0, 1.0);

  if (slot->shown == PV_SHOW_RESULT && plan->info->windows == PV_WINDOWS_SLIDING
      && plan->params.ceil_mode)
    pv_tensor_view_set_ceil_from (slot->view,
                                  plan->info->spatial_dims == 2 && plan->axis[0].floor_out < plan->out_h
                                    ? (int) plan->axis[0].floor_out
                                    : -1,
                                  plan->axis[1].floor_out < plan->out_w
                                    ? (int) plan->axis[1].floor_out
                                    : -1);
  else
    pv_tensor_view_set_ceil_from (slot->view, -1, -1);
  return problem;
}

void
pv_panels_window_margin (const pv_plan *plan, double *rows, double *cols)
{
  double margin[2] = { 0, 0 };

  for (int i = 0; i < 2 && plan->info->windows == PV_WINDOWS_SLIDING; i++)
    {
      const pv_size_derivation *d = &plan->size[i];
      int64_t last_end = (d->out - 1) * d->stride + d->effective;
      int64_t past = last_end - (d->in + d->pad_before + d->pad_after);

      margin[i] = (double) MAX (d->pad_before, d->pad_after + MAX (past, 0));
    }
  *rows = margin[0];
  *cols = margin[1];
}
