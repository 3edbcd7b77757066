/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-window.h"

#include <glib/gi18n.h>
#include <math.h>

#include "engine/cell.h"
#include "engine/image.h"
#include "engine/options.h"
#include "engine/sample.h"
#include "engine/text-matrix.h"
#include "pv-explain.h"
#include "pv-export.h"
#include "pv-params-pane.h"
#include "pv-presets.h"
#include "pv-viewport.h"

/* Taps are outlined one by one up to this many; beyond, the window is
 * drawn as one box, which is all that can be seen anyway. */
#define MAX_TAP_MARKS 4096
#define MATRIX_MAX 32

#define CHANNEL_COMPOSITE (-1)
#define CHANNEL_ALL (-2)

/* What a panel of either view shows. */
typedef struct
{
  int channel;   /* >= 0, or CHANNEL_COMPOSITE */
  int level;     /* pyramid level, else 0 */
} PanelInfo;

typedef struct
{
  int panel;     /* -1 when none */
  int row, col;
} PanelCell;

struct _PvWindow
{
  GtkApplicationWindow parent_instance;

  GtkLabel *subtitle;
  GtkLabel *shape_label;
  GtkLabel *input_label;
  GtkLabel *output_label;
  GtkLabel *computation_label;
  GtkLabel *detail_label;
  GtkLabel *error_label;
  GtkLabel *toast_label;
  GtkLabel *matrix_error;
  GtkRevealer *error_revealer;
  GtkRevealer *toast_revealer;
  GtkWidget *main_area;
  GtkWidget *matrix_box;
  GtkToggleButton *picture_mode;
  GtkToggleButton *matrix_mode;
  GtkDropDown *channel;
  GtkDropDown *overlay_mode;
  GtkDropDown *preset;
  GtkTextView *matrix_text;
  PvParamsPane *params;
  PvTensorView *input_view;
  PvTensorView *output_view;

  PvDocument *document;
  PvViewport *viewport;
  GArray *channel_choices;  /* int: a channel, CHANNEL_COMPOSITE or CHANNEL_ALL */
  GArray *input_panels;     /* PanelInfo */
  GArray *output_panels;    /* PanelInfo */
  PanelCell pinned, hover_out, hover_in;
  GFile *last_picture;      /* what Picture mode returns to; NULL: the sample */
  GCancellable *load_cancellable;
  guint toast_timeout;
  guint matrix_timeout;
  gboolean fit_pending;
  gboolean fit_mode;        /* keep fitting on resize until the user zooms or pans */
  gboolean fitting;
  gboolean timing;          /* POOLVIEW_DEBUG=timing */
  gint64 change_time;
};

G_DEFINE_FINAL_TYPE (PvWindow, pv_window, GTK_TYPE_APPLICATION_WINDOW)

static void update_marks (PvWindow *self);

/* ---------------------------------------------------------------------------
 * Small helpers.
 */

static const pv_tensor *
input_tensor (PvWindow *self)
{
  PvTensorRef *ref = pv_document_get_input (self->document);

  return ref ? pv_tensor_ref_get (ref) : NULL;
}

static int
current_channel_choice (PvWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->channel);

  if (self->channel_choices->len == 0)
    return 0;
  return g_array_index (self->channel_choices, int, MIN (i, self->channel_choices->len - 1));
}

static const char *
channel_name (PvWindow *self, int c, int n)
{
  static const char *const rgba[] = { N_("R"), N_("G"), N_("B"), N_("A") };
  static char buf[16];

  if (pv_document_get_source_kind (self->document) == PV_SOURCE_PICTURE)
    {
      if (n <= 2)
        return c == 0 ? _("Gray") : _("Alpha");
      if (c < 4)
        return _(rgba[c]);
    }
  if (n == 1)
    return _("Values");
  g_snprintf (buf, sizeof buf, _("Channel %d"), c);
  return buf;
}

static gboolean
show_toast_hide (gpointer data)
{
  PvWindow *self = data;

  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
  self->toast_timeout = 0;
  return G_SOURCE_REMOVE;
}

static void
show_toast (PvWindow *self, const char *text)
{
  gtk_label_set_text (self->toast_label, text);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  self->toast_timeout = g_timeout_add_seconds (4, show_toast_hide, self);
}

static void
show_error (PvWindow *self, const char *text)
{
  gtk_label_set_text (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, text != NULL);
}

/* ---------------------------------------------------------------------------
 * Panels.
 */

static void
rebuild_channel_choices (PvWindow *self)
{
  const pv_tensor *in = input_tensor (self);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  int c_n = in ? (int) in->shape.dims[0] : 0;
  int c;

  g_array_set_size (self->channel_choices, 0);
  if (c_n >= 2 && c_n <= 4 && pv_document_get_source_kind (self->document) == PV_SOURCE_PICTURE)
    {
      c = CHANNEL_COMPOSITE;
      g_array_append_val (self->channel_choices, c);
      gtk_string_list_append (names, c_n == 2 ? _("Gray with alpha") : _("Colour"));
    }
  for (c = 0; c < c_n; c++)
    {
      g_array_append_val (self->channel_choices, c);
      gtk_string_list_append (names, channel_name (self, c, c_n));
    }
  if (c_n > 1)
    {
      c = CHANNEL_ALL;
      g_array_append_val (self->channel_choices, c);
      gtk_string_list_append (names, _("All channels"));
    }
  gtk_drop_down_set_model (self->channel, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->channel, 0);
}

/* The channels a mode shows: one, all, or the composite. */
static GArray *
shown_channels (PvWindow *self, int c_n)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (int));
  int mode = current_channel_choice (self);

  if (mode == CHANNEL_ALL)
    for (int c = 0; c < c_n; c++)
      g_array_append_val (list, c);
  else
    {
      int c = mode == CHANNEL_COMPOSITE ? CHANNEL_COMPOSITE : MIN (mode, c_n - 1);

      g_array_append_val (list, c);
    }
  return list;
}

static void
rebuild_input_panels (PvWindow *self)
{
  PvTensorRef *ref = pv_document_get_input (self->document);
  const pv_tensor *in = input_tensor (self);
  GPtrArray *panels = g_ptr_array_new ();
  g_autoptr (GArray) channels = NULL;
  int64_t h, w;

  g_array_set_size (self->input_panels, 0);
  if (in == NULL)
    {
      pv_tensor_view_set_panels (self->input_view, panels);
      return;
    }
  h = in->shape.dims[1];
  w = in->shape.dims[2];
  channels = shown_channels (self, (int) in->shape.dims[0]);
  for (guint i = 0; i < channels->len; i++)
    {
      int c = g_array_index (channels, int, i);
      PanelInfo info = { c, 0 };
      cairo_surface_t *surface = pv_surface_from_planes (in, c,
                                                         pv_document_get_display_range (self->document));
      const float *values = c >= 0 ? (const float *) in->data + (gsize) c * (gsize) (h * w) : NULL;

      g_ptr_array_add (panels, pv_panel_new ((int) h, (int) w, surface, ref, values,
                                             channels->len > 1 ? channel_name (self, c, (int) in->shape.dims[0]) : NULL,
                                             c));
      g_array_append_val (self->input_panels, info);
    }
  pv_tensor_view_set_panels (self->input_view, panels);
  pv_tensor_view_set_viewport (self->input_view, self->viewport, 1.0, 1.0);
}

/* A pyramid level as a (C, l, l) tensor, for drawing. */
static PvTensorRef *
pyramid_level (const pv_plan *plan, const pv_tensor *output, int level)
{
  int64_t l = plan->levels[level];
  int64_t dims[3] = { plan->channels, l, l };
  pv_shape shape = pv_shape_make (3, dims);
  pv_tensor t;

  if (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL) != PV_OK)
    return NULL;
  /* Only the first batch entry is shown; inputs here are unbatched. */
  memcpy (t.data, (const float *) output->data + pv_plan_level_offset (plan, level),
          sizeof (float) * (size_t) (plan->channels * l * l));
  return pv_tensor_ref_new_take (&t);
}

static void
rebuild_output_panels (PvWindow *self)
{
  const pv_plan *plan = pv_document_get_plan (self->document);
  PvTensorRef *out_ref = pv_document_get_output (self->document);
  const pv_tensor *in = input_tensor (self);
  GPtrArray *panels = g_ptr_array_new ();
  g_autoptr (GArray) channels = NULL;
  const PvDisplayRange *range = pv_document_get_display_range (self->document);
  gboolean pyramid;
  int n_levels;
  int64_t l_max = 1;

  g_array_set_size (self->output_panels, 0);
  if (plan == NULL || out_ref == NULL || in == NULL)
    {
      pv_tensor_view_set_panels (self->output_view, panels);
      return;
    }
  pyramid = plan->info->windows == PV_WINDOWS_PYRAMID;
  n_levels = pyramid ? plan->n_levels : 1;
  for (int i = 0; i < plan->n_levels; i++)
    l_max = MAX (l_max, plan->levels[i]);
  channels = shown_channels (self, (int) in->shape.dims[0]);

  for (int level = 0; level < n_levels; level++)
    {
      g_autoptr (PvTensorRef) level_ref = pyramid ? pyramid_level (plan, pv_tensor_ref_get (out_ref), level)
                                                  : pv_tensor_ref_ref (out_ref);
      const pv_tensor *t;
      int64_t rows, cols;

      if (level_ref == NULL)
        break;
      t = pv_tensor_ref_get (level_ref);
      rows = t->shape.dims[1];
      cols = t->shape.dims[2];
      for (guint i = 0; i < channels->len; i++)
        {
          int c = g_array_index (channels, int, i);
          PanelInfo info = { c, level };
          const float *values = c >= 0 ? (const float *) t->data + (gsize) c * (gsize) (rows * cols)
                                       : NULL;
          g_autofree char *title = NULL;
          PvPanel *panel;

          if (pyramid)
            title = c >= 0 && channels->len > 1
                      ? g_strdup_printf (_("%s, level %" G_GINT64_FORMAT), channel_name (self, c, (int) in->shape.dims[0]), plan->levels[level])
                      : g_strdup_printf (_("level %" G_GINT64_FORMAT), plan->levels[level]);
          else if (channels->len > 1)
            title = g_strdup (channel_name (self, c, (int) in->shape.dims[0]));
          panel = pv_panel_new ((int) rows, (int) cols, pv_surface_from_planes (t, c, range),
                                level_ref, values, title, c);
          if (pyramid)
            panel->cell_scale = (double) l_max / (double) plan->levels[level];
          g_ptr_array_add (panels, panel);
          g_array_append_val (self->output_panels, info);
        }
    }
  pv_tensor_view_set_panels (self->output_view, panels);

  /* The output shows at the input's size: a window and its cell line up. */
  if (pyramid)
    pv_tensor_view_set_viewport (self->output_view, self->viewport,
                                 (double) plan->in_w / (double) l_max,
                                 (double) plan->in_h / (double) l_max);
  else
    pv_tensor_view_set_viewport (self->output_view, self->viewport,
                                 (double) in->shape.dims[2] / (double) plan->out_w,
                                 plan->info->spatial_dims == 1
                                   ? 1.0
                                   : (double) in->shape.dims[1] / (double) plan->out_h);

  /* Leave room beside the input for windows reaching into the padding
   * or past it, so that a whole window stays in view. */
  {
    double margin[2] = { 0, 0 };

    for (int i = 0; i < 2 && plan->info->windows == PV_WINDOWS_SLIDING; i++)
      {
        const pv_size_derivation *d = &plan->size[i];
        int64_t last_end = (d->out - 1) * d->stride + d->effective;
        int64_t past = last_end - (d->in + d->pad_before + d->pad_after);

        margin[i] = (double) MAX (d->pad_before, d->pad_after + MAX (past, 0));
      }
    pv_tensor_view_set_fit_margin (self->input_view, margin[0], margin[1]);
  }

  if (plan->info->windows == PV_WINDOWS_SLIDING && plan->params.ceil_mode)
    pv_tensor_view_set_ceil_from (self->output_view,
                                  plan->info->spatial_dims == 2 && plan->axis[0].floor_out < plan->out_h
                                    ? (int) plan->axis[0].floor_out : -1,
                                  plan->axis[1].floor_out < plan->out_w
                                    ? (int) plan->axis[1].floor_out : -1);
  else
    pv_tensor_view_set_ceil_from (self->output_view, -1, -1);
}

static void
update_labels (PvWindow *self)
{
  const pv_plan *plan = pv_document_get_plan (self->document);
  const pv_tensor *in = input_tensor (self);
  char in_shape[96], out_shape[96];

  if (in == NULL)
    return;
  g_snprintf (in_shape, sizeof in_shape, "%" G_GINT64_FORMAT " × %" G_GINT64_FORMAT " × %"
              G_GINT64_FORMAT, in->shape.dims[0], in->shape.dims[1], in->shape.dims[2]);
  gtk_label_set_text (self->input_label, _("Input"));
  if (plan == NULL)
    {
      gtk_label_set_text (self->shape_label, in_shape);
      gtk_label_set_text (self->output_label, _("Output"));
      return;
    }
  {
    GString *s = g_string_new (NULL);
    const pv_shape *o = &plan->out_shape;

    for (int i = 0; i < o->rank; i++)
      g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? " × " : "", o->dims[i]);
    g_strlcpy (out_shape, s->str, sizeof out_shape);
    g_string_free (s, TRUE);
  }
  {
    g_autofree char *shapes = g_strdup_printf ("%s → %s", in_shape, out_shape);
    char call[256];
    g_autofree char *title = NULL;

    gtk_label_set_text (self->shape_label, shapes);
    pv_params_format_call (&plan->params, call, sizeof call);
    title = g_strdup_printf (_("Output of %s"), call);
    gtk_label_set_text (self->output_label, title);
  }
}

/* ---------------------------------------------------------------------------
 * Pointing: the engine says which window a cell read and who read a pixel.
 */

typedef struct
{
  int64_t plane;
  int level;
  int64_t oh, ow;
  int64_t in_row;   /* 1-D operators pool each input row on its own */
} Address;

static int64_t
input_rows (PvWindow *self)
{
  return input_tensor (self)->shape.dims[1];
}

/* A cell of output panel @info, for the engine, when showing channel @ch. */
static Address
output_address (PvWindow *self, const pv_plan *plan, PanelInfo info, int ch, int row, int col)
{
  Address a = { 0 };
  gboolean one_d = plan->info->spatial_dims == 1;

  a.level = plan->info->windows == PV_WINDOWS_PYRAMID ? info.level : 0;
  if (one_d)
    {
      a.plane = (int64_t) ch * input_rows (self) + row;
      a.oh = 0;
      a.ow = col;
      a.in_row = row;
    }
  else
    {
      a.plane = ch;
      a.oh = row;
      a.ow = col;
      a.in_row = -1;
    }
  return a;
}

static int
input_panel_for (PvWindow *self, int ch)
{
  for (guint i = 0; i < self->input_panels->len; i++)
    {
      PanelInfo *info = &g_array_index (self->input_panels, PanelInfo, i);

      if (info->channel == ch || info->channel == CHANNEL_COMPOSITE)
        return (int) i;
    }
  return -1;
}

static void
add_mark (GArray *marks, int panel, double row, double col, double rows, double cols,
          PvMarkKind kind, const char *label)
{
  PvMark m = { panel, row, col, rows, cols, kind, "" };

  if (label)
    g_strlcpy (m.label, label, sizeof m.label);
  g_array_append_val (marks, m);
}

/* Outlines every tap of @cell's window on input panel @panel. */
static void
mark_window (PvWindow *self, const pv_plan *plan, const pv_cell *cell, int64_t in_row, int panel,
             GArray *marks)
{
  const pv_window *rw = &cell->row, *cw = &cell->col;
  gboolean one_d = in_row >= 0;
  int64_t n_rows = one_d ? 1 : rw->n_taps;
  double top = one_d ? (double) in_row : (double) rw->start;
  double height = one_d ? 1.0 : (double) ((rw->n_taps - 1) * rw->step + 1);
  const char *pad_label = plan->info->reduce == PV_REDUCE_MAX ? "−∞" : "0";

  if (n_rows * cw->n_taps <= MAX_TAP_MARKS)
    for (int64_t jh = 0; jh < n_rows; jh++)
      for (int64_t jw = 0; jw < cw->n_taps; jw++)
        {
          pv_tap_kind kh = one_d ? PV_TAP_REAL : pv_window_tap_kind (rw, jh);
          pv_tap_kind kw = pv_window_tap_kind (cw, jw);
          double r = one_d ? (double) in_row : (double) pv_window_tap_pos (rw, jh);
          double c = (double) pv_window_tap_pos (cw, jw);

          if (kh == PV_TAP_OVERHANG || kw == PV_TAP_OVERHANG)
            add_mark (marks, panel, r, c, 1, 1, PV_MARK_OVERHANG, NULL);
          else if (kh == PV_TAP_PADDING || kw == PV_TAP_PADDING)
            add_mark (marks, panel, r, c, 1, 1, PV_MARK_PADDING, pad_label);
          else
            add_mark (marks, panel, r, c, 1, 1, PV_MARK_TAP, NULL);
        }
  add_mark (marks, panel, top, (double) cw->start, height,
            (double) ((cw->n_taps - 1) * cw->step + 1), PV_MARK_WINDOW, NULL);
  if (cell->has_winner)
    add_mark (marks, panel, one_d ? (double) in_row : (double) cell->winner_h,
              (double) cell->winner_w, 1, 1, PV_MARK_WINNER, NULL);
}

static PanelCell
active_output_cell (PvWindow *self)
{
  if (self->hover_out.panel >= 0)
    return self->hover_out;
  return self->pinned;
}

/* Describes output cell @pc: window marks, the computation, the divisor. */
static void
describe_output_cell (PvWindow *self, const pv_plan *plan, PanelCell pc, GArray *in_marks,
                      GArray *out_marks, GString *computation, GString *detail)
{
  const pv_tensor *in = input_tensor (self);
  PanelInfo info = g_array_index (self->output_panels, PanelInfo, pc.panel);
  int c_n = (int) in->shape.dims[0];
  int first = info.channel == CHANNEL_COMPOSITE ? 0 : info.channel;
  int last = info.channel == CHANNEL_COMPOSITE ? c_n - 1 : info.channel;
  int64_t plane_size = in->shape.dims[1] * in->shape.dims[2];

  add_mark (out_marks, pc.panel, pc.row, pc.col, 1, 1, PV_MARK_SELECTED, NULL);
  for (int ch = first; ch <= last; ch++)
    {
      Address a = output_address (self, plan, info, ch, pc.row, pc.col);
      pv_cell cell;
      g_autofree char *text = NULL;
      const float *plane;

      if (pv_plan_cell (plan, in, NULL, a.plane, a.level, a.oh, a.ow, &cell, NULL) != PV_OK)
        return;
      /* For 1-D operators the engine's plane is one input row. */
      plane = (const float *) in->data + (a.in_row >= 0 ? (gsize) a.plane * (gsize) in->shape.dims[2]
                                                        : (gsize) ch * (gsize) plane_size);
      text = pv_explain_computation (plan, plane, &cell);
      if (last > first)
        g_string_append_printf (computation, "%s%s: ", ch > first ? "\n" : "",
                                channel_name (self, ch, c_n));
      g_string_append (computation, text);

      if (ch == first)
        {
          g_autofree char *window = pv_explain_window (plan, &cell);
          g_autofree char *divisor = pv_explain_divisor (plan, &cell);
          int panel = input_panel_for (self, ch);

          if (panel >= 0)
            mark_window (self, plan, &cell, a.in_row, panel, in_marks);
          if (cell.empty)
            add_mark (out_marks, pc.panel, pc.row, pc.col, 1, 1, PV_MARK_EMPTY, NULL);
          g_string_append_printf (detail, _("Output (%d, %d) reads %s"), pc.row, pc.col, window);
          if (divisor != NULL)
            g_string_append_printf (detail, ". %s", divisor);
          if (cell.has_winner && last == first)
            g_string_append_printf (detail, _(". The maximum is at (%" G_GINT64_FORMAT ", %"
                                              G_GINT64_FORMAT "), index %" G_GINT64_FORMAT),
                                    a.in_row >= 0 ? a.in_row : cell.winner_h, cell.winner_w,
                                    cell.reduction.index);
          else if (plan->info->reduce == PV_REDUCE_MAX && cell.empty)
            g_string_append_printf (detail, _(". Index %" G_GINT64_FORMAT " lies outside the "
                                              "input, as in PyTorch"),
                                    cell.reduction.index);
        }
    }
}

/* Describes input pixel @pc: every output cell that reads it. */
static void
describe_input_pixel (PvWindow *self, const pv_plan *plan, PanelCell pc, GArray *in_marks,
                      GArray *out_marks, GString *computation, GString *detail)
{
  const pv_tensor *in = input_tensor (self);
  PanelInfo info = g_array_index (self->input_panels, PanelInfo, pc.panel);
  int ch = info.channel == CHANNEL_COMPOSITE ? 0 : info.channel;
  int64_t c_n = in->shape.dims[0], plane_size = in->shape.dims[1] * in->shape.dims[2];
  gboolean one_d = plan->info->spatial_dims == 1;
  gsize total = 0;
  g_autofree int64_t *cells = g_new (int64_t, 2 * 4096);

  add_mark (in_marks, pc.panel, pc.row, pc.col, 1, 1, PV_MARK_POINTED, NULL);
  for (guint op = 0; op < self->output_panels->len; op++)
    {
      PanelInfo oi = g_array_index (self->output_panels, PanelInfo, op);
      int64_t plane = one_d ? (int64_t) ch * input_rows (self) + pc.row : ch;
      gsize n;

      if (oi.channel != info.channel && oi.channel != CHANNEL_COMPOSITE
          && info.channel != CHANNEL_COMPOSITE)
        continue;
      n = pv_plan_readers (plan, NULL, plane, oi.level, one_d ? 0 : pc.row, pc.col, cells, 4096);
      for (gsize i = 0; i < MIN (n, 4096); i++)
        add_mark (out_marks, (int) op, one_d ? pc.row : (double) cells[2 * i],
                  (double) cells[2 * i + 1], 1, 1, PV_MARK_READER, NULL);
      total += n;
    }

  g_string_append_printf (computation, _("input (%d, %d) ="), pc.row, pc.col);
  for (int64_t c = (info.channel == CHANNEL_COMPOSITE ? 0 : ch);
       c <= (info.channel == CHANNEL_COMPOSITE ? c_n - 1 : ch); c++)
    {
      char v[48];

      pv_format_number (((const float *) in->data)[c * plane_size + pc.row * in->shape.dims[2] + pc.col],
                        v, sizeof v);
      g_string_append_printf (computation, " %s", v);
    }
  if (total == 0)
    g_string_append (detail, _("No output cell reads this pixel: the windows skip it (floor mode "
                               "drops the edge, or stride or dilation steps over it)"));
  else
    g_string_append_printf (detail, g_dngettext (GETTEXT_PACKAGE, "Read by %zu output cell",
                                                  "Read by %zu output cells", total),
                            (size_t) total);
}

static void
update_coverage (PvWindow *self, const pv_plan *plan, GString *detail)
{
  const pv_tensor *in = input_tensor (self);
  int64_t h, w;
  g_autofree guint32 *counts = NULL;
  guint32 max = 0;
  int panel, ch;
  gboolean one_d;

  if (plan == NULL || gtk_drop_down_get_selected (self->overlay_mode) != 1
      || plan->info->windows == PV_WINDOWS_UNPOOL || self->input_panels->len == 0)
    {
      pv_tensor_view_set_heat (self->input_view, -1, NULL, 0);
      return;
    }
  h = in->shape.dims[1];
  w = in->shape.dims[2];
  one_d = plan->info->spatial_dims == 1;
  panel = 0;
  ch = MAX (g_array_index (self->input_panels, PanelInfo, 0).channel, 0);
  counts = g_new0 (guint32, (gsize) (h * w));
  /* 1-D windows are the same for every row: count one and repeat it. */
  if (pv_plan_coverage (plan, one_d ? (int64_t) ch * h : ch,
                        plan->info->windows == PV_WINDOWS_PYRAMID ? -1 : 0, counts, NULL) != PV_OK)
    return;
  if (one_d)
    for (int64_t r = 1; r < h; r++)
      memcpy (counts + r * w, counts, sizeof (guint32) * (gsize) w);
  for (int64_t i = 0; i < h * w; i++)
    max = MAX (max, counts[i]);
  pv_tensor_view_set_heat (self->input_view, panel, counts, max);
  if (detail->len > 0)
    g_string_append (detail, "\n");
  g_string_append_printf (detail, _("Coverage: red cells are read by no window; blue to yellow, "
                                    "by 1 to %u windows"),
                          max);
}

static void
update_marks (PvWindow *self)
{
  const pv_plan *plan = pv_document_get_plan (self->document);
  g_autoptr (GArray) in_marks = g_array_new (FALSE, FALSE, sizeof (PvMark));
  g_autoptr (GArray) out_marks = g_array_new (FALSE, FALSE, sizeof (PvMark));
  g_autoptr (GString) computation = g_string_new (NULL);
  g_autoptr (GString) detail = g_string_new (NULL);
  PanelCell active = active_output_cell (self);

  if (plan == NULL || input_tensor (self) == NULL)
    {
      pv_tensor_view_set_marks (self->input_view, NULL, 0);
      pv_tensor_view_set_marks (self->output_view, NULL, 0);
      gtk_label_set_text (self->computation_label, "");
      gtk_label_set_text (self->detail_label, "");
      return;
    }
  if (active.panel >= 0 && (guint) active.panel < self->output_panels->len)
    describe_output_cell (self, plan, active, in_marks, out_marks, computation, detail);
  else if (self->hover_in.panel >= 0 && (guint) self->hover_in.panel < self->input_panels->len)
    describe_input_pixel (self, plan, self->hover_in, in_marks, out_marks, computation, detail);
  else
    g_string_append (computation, _("Point at an output cell to see the window it read; point "
                                    "at an input pixel to see every output that reads it. Click "
                                    "to pin, arrows to move, Escape to clear."));
  update_coverage (self, plan, detail);

  pv_tensor_view_set_marks (self->input_view, (PvMark *) in_marks->data, in_marks->len);
  pv_tensor_view_set_marks (self->output_view, (PvMark *) out_marks->data, out_marks->len);
  gtk_label_set_text (self->computation_label, computation->str);
  gtk_label_set_text (self->detail_label, detail->str);
}

static gboolean
cell_in_output (PvWindow *self, PanelCell pc)
{
  const PvPanel *p = pv_tensor_view_get_panel (self->output_view, (guint) MAX (pc.panel, 0));

  return pc.panel >= 0 && p != NULL && pc.row >= 0 && pc.col >= 0 && pc.row < p->rows
         && pc.col < p->cols;
}

void
pv_window_point_output (PvWindow *self, int panel, int row, int col)
{
  self->hover_out = (PanelCell) { panel, row, col };
  if (!cell_in_output (self, self->hover_out))
    self->hover_out.panel = -1;
  update_marks (self);
}

void
pv_window_point_input (PvWindow *self, int panel, int row, int col)
{
  self->hover_in = (PanelCell) { panel, row, col };
  update_marks (self);
}

static void
output_hover_cb (PvTensorView *view, int panel, int row, int col, PvWindow *self)
{
  pv_window_point_output (self, panel, row, col);
}

static void
input_hover_cb (PvTensorView *view, int panel, int row, int col, PvWindow *self)
{
  pv_window_point_input (self, panel, row, col);
}

static void
output_activated_cb (PvTensorView *view, int panel, int row, int col, PvWindow *self)
{
  PanelCell pc = { panel, row, col };

  /* Clicking the pinned cell again unpins it. */
  if (self->pinned.panel == panel && self->pinned.row == row && self->pinned.col == col)
    self->pinned.panel = -1;
  else
    self->pinned = pc;
  update_marks (self);
}

static void
move_cursor_cb (PvTensorView *view, int drow, int dcol, PvWindow *self)
{
  PanelCell pc = self->pinned;

  if (pc.panel < 0)
    pc = (PanelCell) { 0, 0, 0 };
  else
    {
      pc.row += drow;
      pc.col += dcol;
    }
  if (cell_in_output (self, pc))
    {
      self->pinned = pc;
      self->hover_out.panel = -1;
      /* Keep the cell (and so its window beside it) in view. */
      pv_tensor_view_scroll_to_cell (self->output_view, pc.panel, pc.row, pc.col, TRUE);
      update_marks (self);
    }
}

static void
clear_selection_cb (PvTensorView *view, PvWindow *self)
{
  self->pinned.panel = -1;
  self->hover_out.panel = -1;
  update_marks (self);
}

/* ---------------------------------------------------------------------------
 * Document.
 */

static void
fit (PvWindow *self)
{
  double zoom = MIN (pv_tensor_view_get_fit_zoom (self->input_view),
                     pv_tensor_view_get_fit_zoom (self->output_view));

  self->fitting = TRUE;
  pv_viewport_set (self->viewport, zoom, 0.5, 0.5);
  self->fitting = FALSE;
  self->fit_mode = TRUE;
}

static void
viewport_changed_cb (PvViewport *viewport, PvWindow *self)
{
  if (!self->fitting)
    self->fit_mode = FALSE;
}

static void
view_resized_cb (PvTensorView *view, PvWindow *self)
{
  if (self->fit_mode && pv_tensor_view_get_n_panels (self->output_view) > 0)
    fit (self);
}

static gboolean
fit_when_allocated_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  PvWindow *self = data;

  if (gtk_widget_get_width (GTK_WIDGET (self->input_view)) <= 0)
    return G_SOURCE_CONTINUE;
  if (self->fit_pending && pv_tensor_view_get_n_panels (self->output_view) > 0)
    {
      self->fit_pending = FALSE;
      fit (self);
    }
  return self->fit_pending ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
input_changed_cb (PvDocument *document, PvWindow *self)
{
  const char *name = pv_document_get_name (document);
  g_autofree char *title = g_strdup_printf ("%s — PoolView", name);

  gtk_label_set_text (self->subtitle, name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  self->pinned.panel = self->hover_in.panel = self->hover_out.panel = -1;
  rebuild_channel_choices (self);
  rebuild_input_panels (self);
  rebuild_output_panels (self);
  update_labels (self);
  self->fit_pending = TRUE;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), fit_when_allocated_cb, self, NULL);
}

static void
after_paint_cb (GdkFrameClock *clock, PvWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, self);
  g_printerr ("[timing] parameter change to frame: %.1f ms (pooling %.1f ms)\n",
              (double) (g_get_monotonic_time () - self->change_time) / 1000.0,
              pv_document_get_last_pool_ms (self->document));
}

static void
result_changed_cb (PvDocument *document, PvWindow *self)
{
  const pv_error *err = pv_document_get_params_error (document);
  const pv_plan *plan = pv_document_get_plan (document);

  pv_params_pane_show_error (self->params, err);
  if (err != NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("Not updated — PyTorch would refuse these "
                                                   "parameters: %s"),
                                                 err->message);

      pv_tensor_view_set_stale (self->output_view, reason);
    }
  else
    pv_tensor_view_set_stale (self->output_view, NULL);

  if (!pv_document_is_stale (document) || err != NULL)
    {
      rebuild_output_panels (self);
      update_labels (self);
      if (!cell_in_output (self, self->pinned))
        self->pinned.panel = -1;
      update_marks (self);
      if (self->fit_pending)
        gtk_widget_add_tick_callback (GTK_WIDGET (self), fit_when_allocated_cb, self, NULL);
      if (self->timing && plan != NULL && !pv_document_is_stale (document))
        {
          GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->output_view));

          if (clock != NULL)
            g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
        }
    }
}

static void
params_changed_cb (PvParamsPane *pane, PvWindow *self)
{
  pv_params params;

  pv_params_pane_get_params (pane, &params);
  self->change_time = g_get_monotonic_time ();
  pv_document_set_params (self->document, &params);
}

static void
channel_changed_cb (PvWindow *self)
{
  self->pinned.panel = self->hover_in.panel = self->hover_out.panel = -1;
  rebuild_input_panels (self);
  rebuild_output_panels (self);
  update_marks (self);
}

static void
overlay_changed_cb (PvWindow *self)
{
  update_marks (self);
}

/* ---------------------------------------------------------------------------
 * Opening.
 */

static void
load_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvWindow) self = data;
  g_autoptr (GError) error = NULL;
  GFile *file = g_task_get_task_data (G_TASK (result));

  if (!pv_document_load_file_finish (PV_DOCUMENT (source), result, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not open %s: %s. The previous input is still shown."),
                              name, error->message);
      show_error (self, text);
      return;
    }
  show_error (self, NULL);
  if (pv_document_get_source_kind (self->document) != PV_SOURCE_MATRIX)
    {
      g_set_object (&self->last_picture, file);
      if (gtk_toggle_button_get_active (self->matrix_mode))
        gtk_toggle_button_set_active (self->picture_mode, TRUE);
    }
}

void
pv_window_open_file (PvWindow *self, GFile *file)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  pv_document_load_file_async (self->document, file, self->load_cancellable, load_done_cb,
                               g_object_ref (self));
}

static void
open_response_cb (GtkNativeDialog *dialog, int response, PvWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      pv_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *const *patterns)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  GtkFileChooserNative *dialog;
  static const char *const all[] = { "*.png", "*.PNG", "*.jpg", "*.JPG", "*.jpeg", "*.JPEG",
                                     "*.npy", "*.csv", NULL };
  static const char *const pictures[] = { "*.png", "*.PNG", "*.jpg", "*.JPG", "*.jpeg",
                                          "*.JPEG", NULL };
  static const char *const arrays[] = { "*.npy", "*.csv", "*.txt", NULL };
  static const char *const anything[] = { "*", NULL };

  dialog = gtk_file_chooser_native_new (_("Open a Picture or a Matrix"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (dialog), _("Pictures and arrays"), all);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Pictures (PNG, JPEG)"), pictures);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Arrays (NumPy .npy, CSV)"), arrays);
  add_filter (GTK_FILE_CHOOSER (dialog), _("All files"), anything);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_sample_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  g_clear_object (&self->last_picture);
  if (gtk_toggle_button_get_active (self->matrix_mode))
    gtk_toggle_button_set_active (self->picture_mode, TRUE);
  else if (!pv_document_load_sample (self->document, &error))
    show_error (self, error->message);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, PvWindow *self)
{
  GSList *files;

  gtk_widget_remove_css_class (self->main_area, "drop-highlight");
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;
  pv_window_open_file (self, files->data);
  g_slist_free (files);
  return TRUE;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget *target, double x, double y, PvWindow *self)
{
  gtk_widget_add_css_class (self->main_area, "drop-highlight");
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target, PvWindow *self)
{
  gtk_widget_remove_css_class (self->main_area, "drop-highlight");
}

/* ---------------------------------------------------------------------------
 * Matrix mode.
 */

static void
matrix_apply (PvWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->matrix_text);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  pv_limits limits;
  pv_tensor matrix;
  pv_error err;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  pv_limits_init (&limits);
  limits.max_width = limits.max_height = MATRIX_MAX;
  /* A typo keeps the last good matrix on screen and says what is wrong. */
  if (pv_text_matrix_parse (text, strlen (text), &limits, &matrix, &err) != PV_OK)
    {
      gtk_label_set_text (self->matrix_error, err.message);
      gtk_widget_set_visible (GTK_WIDGET (self->matrix_error), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->matrix_error), FALSE);
  if (!pv_document_load_matrix (self->document, &matrix, _("Matrix"), &error))
    {
      gtk_label_set_text (self->matrix_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->matrix_error), TRUE);
    }
}

static void
matrix_timeout_cb (gpointer data)
{
  PvWindow *self = data;

  self->matrix_timeout = 0;
  matrix_apply (self);
}

static void
matrix_text_changed_cb (GtkTextBuffer *buffer, PvWindow *self)
{
  if (!gtk_toggle_button_get_active (self->matrix_mode))
    return;
  g_clear_handle_id (&self->matrix_timeout, g_source_remove);
  self->matrix_timeout = g_timeout_add_once (150, matrix_timeout_cb, self);
}

static void
preset_selected_cb (PvWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->preset);
  const PvPreset *preset = pv_preset_get (i);
  pv_params params;

  if (preset == NULL)
    return;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->matrix_text), preset->matrix, -1);
  g_clear_handle_id (&self->matrix_timeout, g_source_remove);
  pv_preset_get_params (preset, &params);
  pv_params_pane_set_params (self->params, &params);
  self->change_time = g_get_monotonic_time ();
  pv_document_set_params (self->document, &params);
  matrix_apply (self);
}

static void
mode_toggled_cb (GtkToggleButton *button, PvWindow *self)
{
  gboolean matrix = gtk_toggle_button_get_active (self->matrix_mode);

  if (!gtk_toggle_button_get_active (button))
    return;
  gtk_widget_set_visible (self->matrix_box, matrix);
  if (matrix)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->matrix_text);

      if (gtk_text_buffer_get_char_count (buffer) == 0)
        gtk_drop_down_set_selected (self->preset, 2); /* the 5 x 5 ceil_mode example */
      else
        matrix_apply (self);
    }
  else if (self->last_picture != NULL)
    pv_window_open_file (self, self->last_picture);
  else
    {
      g_autoptr (GError) error = NULL;

      if (!pv_document_load_sample (self->document, &error))
        show_error (self, error->message);
    }
}

/* ---------------------------------------------------------------------------
 * Actions.
 */

static void
zoom_by (PvWindow *self, double factor)
{
  double u, v;

  pv_viewport_get_center (self->viewport, &u, &v);
  pv_viewport_zoom_at (self->viewport, factor, u, v);
}

static void
zoom_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  if (g_str_equal (action, "win.zoom-in"))
    zoom_by (self, 1.5);
  else if (g_str_equal (action, "win.zoom-out"))
    zoom_by (self, 1 / 1.5);
  else if (g_str_equal (action, "win.zoom-fit"))
    fit (self);
  else
    {
      double u, v;

      pv_viewport_get_center (self->viewport, &u, &v);
      pv_viewport_set (self->viewport, 1.0, u, v);
    }
}

static void
copy_pytorch_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  char line[256];
  g_autofree char *toast = NULL;

  pv_params_format_module (pv_document_get_params (self->document), line, sizeof line);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), line);
  toast = g_strdup_printf (_("Copied %s"), line);
  show_toast (self, toast);
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvWindow) self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = pv_export_finish (result, &error);
  g_autofree char *text = NULL;

  if (path == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (path == NULL)
    {
      text = g_strdup_printf (_("Could not export: %s. Nothing was overwritten."), error->message);
      show_error (self, text);
      return;
    }
  text = g_strdup_printf (_("Saved %s"), path);
  show_toast (self, text);
}

static void
export_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  int mode = current_channel_choice (self);

  if (!pv_document_has_result (self->document) || pv_document_is_stale (self->document))
    {
      show_toast (self, _("Nothing to export: the parameters have no valid result yet"));
      return;
    }
  pv_export_run (GTK_WINDOW (self), self->document, mode >= 0 ? mode : -1, export_done_cb,
                 g_object_ref (self));
}

/* "win.load-preset" (u): matrix mode with worked example @index. */
static void
load_preset_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (pv_preset_get (index) == NULL || pv_preset_get (index)->matrix == NULL)
    return;
  if (!gtk_toggle_button_get_active (self->matrix_mode))
    {
      /* Entering matrix mode picks a default; the preset then replaces it. */
      g_signal_handlers_block_by_func (self->matrix_mode, mode_toggled_cb, self);
      gtk_toggle_button_set_active (self->matrix_mode, TRUE);
      g_signal_handlers_unblock_by_func (self->matrix_mode, mode_toggled_cb, self);
      gtk_widget_set_visible (self->matrix_box, TRUE);
    }
  if (gtk_drop_down_get_selected (self->preset) == index)
    preset_selected_cb (self);
  else
    gtk_drop_down_set_selected (self->preset, index);
}

/* "win.overlay" (s): "none" or "coverage". */
static void
overlay_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  gtk_drop_down_set_selected (self->overlay_mode,
                              g_str_equal (g_variant_get_string (parameter, NULL), "coverage"));
}

/* "win.channel" (i): a channel, -1 for the composite, -2 for all. */
static void
channel_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  int want = g_variant_get_int32 (parameter);

  for (guint i = 0; i < self->channel_choices->len; i++)
    if (g_array_index (self->channel_choices, int, i) == want)
      gtk_drop_down_set_selected (self->channel, i);
}

static void
dismiss_error_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  show_error (PV_WINDOW (widget), NULL);
}

/* ---------------------------------------------------------------------------
 * Lifecycle.
 */

static void
pv_window_dispose (GObject *object)
{
  PvWindow *self = PV_WINDOW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  g_clear_handle_id (&self->matrix_timeout, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_WINDOW);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->last_picture);
  G_OBJECT_CLASS (pv_window_parent_class)->dispose (object);
}

static void
pv_window_finalize (GObject *object)
{
  PvWindow *self = PV_WINDOW (object);

  g_array_unref (self->channel_choices);
  g_array_unref (self->input_panels);
  g_array_unref (self->output_panels);
  G_OBJECT_CLASS (pv_window_parent_class)->finalize (object);
}

static void
pv_window_class_init (PvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_window_dispose;
  object_class->finalize = pv_window_finalize;

  g_type_ensure (PV_TYPE_PARAMS_PANE);
  g_type_ensure (PV_TYPE_TENSOR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/pv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PvWindow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, shape_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, input_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, output_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, computation_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, toast_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, matrix_error);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, main_area);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, matrix_box);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, picture_mode);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, matrix_mode);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, channel);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, overlay_mode);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, preset);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, matrix_text);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, params);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, input_view);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, output_view);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-pytorch", NULL, copy_pytorch_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-one", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "win.load-preset", "u", load_preset_action);
  gtk_widget_class_install_action (widget_class, "win.overlay", "s", overlay_action);
  gtk_widget_class_install_action (widget_class, "win.channel", "i", channel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-pytorch", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.zoom-one", NULL);
}

static void
pv_window_init (PvWindow *self)
{
  GtkDropTarget *drop;
  g_autoptr (GtkStringList) presets = gtk_string_list_new (NULL);
  const char *debug = g_getenv ("POOLVIEW_DEBUG");
  g_autoptr (GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->channel_choices = g_array_new (FALSE, FALSE, sizeof (int));
  self->input_panels = g_array_new (FALSE, FALSE, sizeof (PanelInfo));
  self->output_panels = g_array_new (FALSE, FALSE, sizeof (PanelInfo));
  self->pinned.panel = self->hover_in.panel = self->hover_out.panel = -1;
  self->timing = debug != NULL && strstr (debug, "timing") != NULL;
  self->viewport = pv_viewport_new ();
  self->document = pv_document_new ();

  for (guint i = 0; pv_preset_get (i) != NULL; i++)
    gtk_string_list_append (presets, _(pv_preset_get (i)->title));
  gtk_drop_down_set_model (self->preset, G_LIST_MODEL (presets));

  pv_tensor_view_set_placeholder (self->input_view, _("Open a picture or a matrix (Ctrl+O), or drop one here"));
  pv_tensor_view_set_placeholder (self->output_view, _("The pooled result appears here"));
  pv_tensor_view_set_viewport (self->input_view, self->viewport, 1.0, 1.0);
  pv_tensor_view_set_viewport (self->output_view, self->viewport, 1.0, 1.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->input_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Input"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->output_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pooled output"), -1);

  g_signal_connect (self->viewport, "changed", G_CALLBACK (viewport_changed_cb), self);
  g_signal_connect (self->input_view, "resized", G_CALLBACK (view_resized_cb), self);
  g_signal_connect (self->output_view, "resized", G_CALLBACK (view_resized_cb), self);
  g_signal_connect (self->document, "input-changed", G_CALLBACK (input_changed_cb), self);
  g_signal_connect (self->document, "result-changed", G_CALLBACK (result_changed_cb), self);
  g_signal_connect (self->params, "changed", G_CALLBACK (params_changed_cb), self);
  g_signal_connect (self->output_view, "hover", G_CALLBACK (output_hover_cb), self);
  g_signal_connect (self->input_view, "hover", G_CALLBACK (input_hover_cb), self);
  g_signal_connect (self->output_view, "cell-activated", G_CALLBACK (output_activated_cb), self);
  g_signal_connect (self->output_view, "move-cursor", G_CALLBACK (move_cursor_cb), self);
  g_signal_connect (self->input_view, "move-cursor", G_CALLBACK (move_cursor_cb), self);
  g_signal_connect (self->output_view, "clear-selection", G_CALLBACK (clear_selection_cb), self);
  g_signal_connect (self->input_view, "clear-selection", G_CALLBACK (clear_selection_cb), self);
  g_signal_connect_swapped (self->channel, "notify::selected", G_CALLBACK (channel_changed_cb), self);
  g_signal_connect_swapped (self->overlay_mode, "notify::selected", G_CALLBACK (overlay_changed_cb),
                            self);
  g_signal_connect_swapped (self->preset, "notify::selected", G_CALLBACK (preset_selected_cb), self);
  g_signal_connect (gtk_text_view_get_buffer (self->matrix_text), "changed",
                    G_CALLBACK (matrix_text_changed_cb), self);
  g_signal_connect (self->picture_mode, "toggled", G_CALLBACK (mode_toggled_cb), self);
  g_signal_connect (self->matrix_mode, "toggled", G_CALLBACK (mode_toggled_cb), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (drop, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (drop, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* The sample, pooled with overlapping windows, is what a new window shows. */
  {
    pv_params params;

    pv_params_init (&params, PV_OP_MAX_POOL2D);
    pv_params_set_option (&params, "kernel-size", "3", NULL);
    pv_params_set_option (&params, "stride", "2", NULL);
    pv_params_pane_set_params (self->params, &params);
    pv_document_set_params (self->document, &params);
  }
  if (!pv_document_load_sample (self->document, &error))
    show_error (self, error->message);
}

PvWindow *
pv_window_new (GtkApplication *application)
{
  return g_object_new (PV_TYPE_WINDOW, "application", application, NULL);
}

PvDocument *
pv_window_get_document (PvWindow *self)
{
  return self->document;
}

PvTensorView *
pv_window_get_input_view (PvWindow *self)
{
  return self->input_view;
}

PvTensorView *
pv_window_get_output_view (PvWindow *self)
{
  return self->output_view;
}

PvParamsPane *
pv_window_get_params_pane (PvWindow *self)
{
  return self->params;
}

const char *
pv_window_get_computation_text (PvWindow *self)
{
  return gtk_label_get_text (self->computation_label);
}

const char *
pv_window_get_detail_text (PvWindow *self)
{
  return gtk_label_get_text (self->detail_label);
}

const char *
pv_window_get_error_text (PvWindow *self)
{
  return gtk_revealer_get_reveal_child (self->error_revealer)
           ? gtk_label_get_text (self->error_label)
           : NULL;
}
