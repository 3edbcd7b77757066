/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-window.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "engine/cell.h"
#include "engine/file-io.h"
#include "engine/options.h"
#include "engine/pytorch-code.h"
#include "engine/text-matrix.h"
#include "pv-explain.h"
#include "pv-export.h"
#include "pv-figure.h"
#include "pv-panels.h"
#include "pv-overlay.h"
#include "pv-pointing.h"
#include "pv-presets.h"
#include "pv-ui.h"
#include "pv-viewport.h"
#include "pv-wrap-bin.h"

/* Matrix mode takes what one can still read as numbers. */
#define MATRIX_MAX 128
#define RECENT_MAX 8

enum
{
  SLOT_A,
  SLOT_B,
  N_SLOTS
};

/* A cell pointed at or pinned in one of the result views. */
typedef struct
{
  int slot;   /* -1: none */
  int panel, row, col;
} Pointed;

/* POOLVIEW_DEBUG=timing: an event waiting for the end of the next frame. */
typedef struct
{
  gint64 since; /* when it happened; 0 when nothing waits */
  gint64 frame; /* when the next frame began; 0 until it does */
} FrameWatch;

struct _PvWindow
{
  GtkApplicationWindow parent_instance;

  GtkLabel *subtitle;
  GtkLabel *shape_label;
  GtkLabel *input_label;
  GtkLabel *output_label;
  GtkLabel *compare_label;
  GtkLabel *output_legend;
  GtkLabel *compare_legend;
  GtkLabel *computation_label;
  GtkLabel *detail_label;
  gboolean computation_is_hint; /* the label says how to point, not what */
  GtkLabel *formula_label;
  GtkLabel *error_label;
  GtkLabel *toast_label;
  GtkButton *toast_button;
  GtkLabel *matrix_error;
  GtkRevealer *error_revealer;
  GtkRevealer *toast_revealer;
  GtkWidget *main_area;
  GtkWidget *matrix_box;
  GtkWidget *compare_column;
  GtkWidget *keep_b_button;
  GtkWidget *play_button;
  GtkToggleButton *picture_mode;
  GtkToggleButton *matrix_mode;
  GtkToggleButton *compare_button;
  GtkDropDown *channel;
  GtkToggleButton *coverage_button;
  GtkToggleButton *winners_button;
  /* The overlay's heat map (coverage or winners) depends on A's result and
   * the input's panels, not on what is pointed at, nor on B or what is
   * shown: it is counted again only when those change (counting and
   * colouring a 4K picture's coverage take 50 ms). */
  gboolean overlay_dirty;
  PvOverlayCounts overlay;          /* what the map shows (counts freed); pixels 0: none */
  GCancellable *overlay_counting;   /* a large input's counts on a worker, or NULL */
  GtkDropDown *show_mode;
  GtkMenuButton *presets_button;
  GtkGrid *code_grid;
  GtkMenuButton *code_button;
  gboolean code_dirty;       /* the Code popover shows older parameters */
  GtkSpinButton *speed;
  GtkTextView *matrix_text;
  GMenu *recent_menu;
  PvParamsPane *params;
  PvTensorView *input_view;
  PvTensorView *output_view;
  PvTensorView *compare_view;

  PvSlot slots[N_SLOTS];
  PvViewport *viewport;
  GArray *channel_choices;   /* int: a channel, PV_CHANNEL_COMPOSITE or PV_CHANNEL_ALL */
  GArray *input_panels;      /* PvPanelInfo */
  Pointed pinned, hover;
  int hover_in_panel, hover_in_row, hover_in_col;   /* the input pixel pointed at */
  GFile *last_picture;       /* what Picture mode returns to; NULL: the sample */
  GFile *export_folder;      /* where the last export went: the next starts there */
  GCancellable *load_cancellable;
  GSettings *settings;       /* NULL when the schema is not installed */
  char *open_zoom;           /* "fit" or "actual", as the open-zoom key */
  GPtrArray *user_presets;
  PvPreset *removed_preset;  /* the last one removed, until undone */
  guint toast_timeout;
  guint matrix_timeout;
  guint play_timeout;
  gboolean fit_pending, fit_mode, fitting;
  gboolean open_actual; /* the pending fit is a new picture to show at 1:1 */
  guint await_tick;          /* the next frame waits for a result */
  gboolean awaiting;         /* it is waiting now, inside that frame */
  gboolean timing;           /* POOLVIEW_DEBUG=timing */
  gint64 change_time;        /* the parameters changed, */
  FrameWatch result_watch;   /* then the result arrived; the frame showing it */
  FrameWatch point_watch;    /* a new cell was pointed at; the frame showing it */
};

G_DEFINE_FINAL_TYPE (PvWindow, pv_window, GTK_TYPE_APPLICATION_WINDOW)

static void update_marks (PvWindow *self);
static void rebuild_results (PvWindow *self);
static void fit (PvWindow *self);

/* ---------------------------------------------------------------------------
 * Small helpers.
 */

static PvDocument *
document (PvWindow *self)
{
  return self->slots[SLOT_A].document;
}

static const pv_tensor *
input_tensor (PvWindow *self)
{
  PvTensorRef *ref = pv_document_get_input (document (self));

  return ref ? pv_tensor_ref_get (ref) : NULL;
}

static gboolean
comparing (PvWindow *self)
{
  return gtk_toggle_button_get_active (self->compare_button);
}

static int
current_channel_mode (PvWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->channel);

  if (self->channel_choices->len == 0)
    return 0;
  return g_array_index (self->channel_choices, int, MIN (i, self->channel_choices->len - 1));
}

static gboolean
hide_toast_cb (gpointer data)
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
  gtk_widget_set_visible (GTK_WIDGET (self->toast_button), FALSE);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  self->toast_timeout = g_timeout_add_seconds (4, hide_toast_cb, self);
}

/* A toast with a button (@label, with a mnemonic) that runs @action, such
 * as Undo: shown longer, so that there is time to reach the button. */
static void
show_toast_with_action (PvWindow *self, const char *text, const char *label, const char *action)
{
  show_toast (self, text);
  gtk_button_set_label (self->toast_button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->toast_button), action);
  gtk_widget_set_visible (GTK_WIDGET (self->toast_button), TRUE);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  self->toast_timeout = g_timeout_add_seconds (10, hide_toast_cb, self);
}

static void
show_error (PvWindow *self, const char *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_revealer_set_reveal_child (self->error_revealer, text != NULL);
}

static void
copy_text (PvWindow *self, const char *text)
{
  g_autofree char *toast = g_strdup_printf (_("Copied %s"), text);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  show_toast (self, toast);
}

/* ---------------------------------------------------------------------------
 * Panels and labels.
 */

static void
rebuild_channel_choices (PvWindow *self)
{
  const pv_tensor *in = input_tensor (self);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  PvSourceKind kind = pv_document_get_source_kind (document (self));
  int c_n = in ? (int) in->shape.dims[0] : 0;
  int c;

  g_array_set_size (self->channel_choices, 0);
  if (c_n >= 2 && c_n <= 4 && kind == PV_SOURCE_PICTURE)
    {
      g_autofree char *name = pv_panels_channel_name (kind, PV_CHANNEL_COMPOSITE, c_n);

      c = PV_CHANNEL_COMPOSITE;
      g_array_append_val (self->channel_choices, c);
      gtk_string_list_append (names, name);
    }
  for (c = 0; c < c_n; c++)
    {
      g_autofree char *name = pv_panels_channel_name (kind, c, c_n);

      g_array_append_val (self->channel_choices, c);
      gtk_string_list_append (names, name);
    }
  if (c_n > 1)
    {
      c = PV_CHANNEL_ALL;
      g_array_append_val (self->channel_choices, c);
      /* TRANSLATORS: the Channel drop-down's choice of every channel at
       * once ("Channel: All"); short, as the toolbar keeps room for it. */
      gtk_string_list_append (names, C_ ("channel", "All"));
    }
  gtk_drop_down_set_model (self->channel, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->channel, 0);
  pv_ui_drop_down_hold_widest (self->channel);
}

static char *
shape_text (const pv_shape *s)
{
  GString *t = g_string_new (NULL);

  for (int i = 0; i < s->rank; i++)
    /* No-break spaces: a narrow window breaks the line at the arrow only. */
    g_string_append_printf (t, "%s%" PRId64, i ? "\u00a0×\u00a0" : "", s->dims[i]);
  return g_string_free (t, FALSE);
}

/* The whole of a result's title, when the label shows only part of it
 * (NULL when it shows all): the tooltip's text, and @call, the part left
 * out, the label's accessible description. */
static void
set_whole_title (GtkLabel *label, char *whole, const char *call)
{
  g_object_set_data_full (G_OBJECT (label), "pv-whole-title", whole, g_free);
  if (whole != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, call, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* A result's title, when cut short in a narrow column or, in Compare, only
 * what sets it apart, whole as a tooltip; only then, and given here rather
 * than as a tooltip text, which would also be the label's accessible
 * description and read twice with the title. */
static gboolean
title_query_tooltip_cb (GtkLabel *label, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                        gpointer data)
{
  const char *whole = g_object_get_data (G_OBJECT (label), "pv-whole-title");

  if (whole == NULL)
    whole = gtk_label_get_text (label);
  if (strcmp (whole, gtk_label_get_text (label)) == 0
      && !pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, whole);
  return TRUE;
}

/* What a difference view's colours mean: when it is zero everywhere, and
 * per channel (a composite of three or more) or as one channel, with the
 * magnitude shown at full strength. */
static const struct
{
  PvShowMode shown;
  const char *zero, *colour, *single;
} difference_legends[] = {
  { PV_SHOW_MINUS_INPUT, N_ ("Result at the input's size − input: zero everywhere."),
    N_ ("Result at the input's size − input: gray where pooling changed nothing, lighter or "
        "tinted where it raised a channel, darker where it lowered one; full strength at ±%s."),
    N_ ("Result at the input's size − input: white where pooling changed nothing, red where it "
        "raised the value, blue where it lowered it; full strength at ±%s.") },
  { PV_SHOW_MINUS_OTHER, N_ ("A − B: zero everywhere."),
    N_ ("A − B: gray where they agree, lighter or tinted where A is higher in a channel, darker "
        "where it is lower; full strength at ±%s."),
    N_ ("A − B: white where they agree, red where A is higher, blue where it is lower; full "
        "strength at ±%s.") },
};

/* What @slot's colours mean when it shows differences, and any problem;
 * NULL when there is nothing to say. */
static char *
legend_text (PvSlot *slot, const char *problem)
{
  g_autofree char *legend = NULL;

  if (slot->shown == PV_SHOW_AT_INPUT_SIZE)
    legend = g_strdup (_("Result at the input's size: each cell repeated over the pixels "
                         "nearest to it."));
  for (gsize i = 0; i < G_N_ELEMENTS (difference_legends); i++)
    if (difference_legends[i].shown == slot->shown)
      {
        char limit[32];

        g_snprintf (limit, sizeof limit, "%.4g", slot->diff_max);
        if (slot->diff_max == 0.0)
          legend = g_strdup (_(difference_legends[i].zero));
        else
          {
            /* The texts come from a table (and a translation), so the
             * number goes in by hand, not through a format. */
            const char *text = slot->diff_colour ? _(difference_legends[i].colour)
                                                 : _(difference_legends[i].single);
            const char *at = strstr (text, "%s");

            legend = at ? g_strdup_printf ("%.*s%s%s", (int) (at - text), text, limit, at + 2)
                        : g_strdup (text);
          }
      }
  if (legend != NULL && problem != NULL)
    return g_strdup_printf ("%s %s.", legend, problem);
  if (problem != NULL)
    return g_strdup_printf ("%s.", problem);
  return g_steal_pointer (&legend);
}

static void
update_labels (PvWindow *self, const char *problem_a, const char *problem_b)
{
  const pv_tensor *in = input_tensor (self);
  g_autofree char *in_shape = NULL;

  if (in == NULL)
    return;
  in_shape = shape_text (&in->shape);
  gtk_label_set_text (self->input_label, _("Input"));
  for (int s = 0; s < N_SLOTS; s++)
    {
      PvSlot *slot = &self->slots[s];
      const pv_plan *plan = pv_document_get_plan (slot->document);
      g_autofree char *legend = NULL;
      char call[256];
      g_autofree char *text = NULL;

      if (plan == NULL)
        {
          gtk_label_set_text (slot->label, s == SLOT_A ? _("Output") : "B");
          set_whole_title (slot->label, NULL, NULL);
          gtk_widget_set_visible (GTK_WIDGET (slot->legend), FALSE);
          if (s == SLOT_A)
            {
              /* No output shape for parameters refused on this input. */
              g_autofree char *shapes = g_strdup_printf ("%s\u00a0→ —", in_shape);

              gtk_label_set_text (self->shape_label, shapes);
            }
          continue;
        }
      pv_params_format_call (&plan->params, call, sizeof call);
      if (comparing (self))
        {
          /* Two calls cut short in narrow columns could read the same:
           * each title names what sets it apart, the tooltip the whole. */
          const pv_plan *other = pv_document_get_plan (self->slots[1 - s].document);
          const char *name = s == SLOT_A ? "A" : "B";
          char told[256];

          if (other != NULL)
            pv_params_format_difference (&plan->params, &other->params, told, sizeof told);
          else
            g_strlcpy (told, call, sizeof told);
          text = g_strdup_printf ("%s: %s", name, told);
          /* A screen reader hears the whole call after the short title. */
          set_whole_title (slot->label, g_strdup_printf ("%s: %s", name, call), call);
        }
      else
        {
          text = g_strdup_printf (_("Output of %s"), call);
          set_whole_title (slot->label, NULL, NULL);
        }
      gtk_label_set_text (slot->label, text);
      /* Beneath the title, which is cut short in narrow columns, whole;
       * but not over the notice that the view is out of date, which takes
       * the same place and matters more. */
      legend = legend_text (slot, s == SLOT_A ? problem_a : problem_b);
      gtk_label_set_text (slot->legend, legend ? legend : "");
      gtk_widget_set_visible (GTK_WIDGET (slot->legend),
                              legend != NULL && pv_tensor_view_get_stale (slot->view) == NULL);
      if (s == SLOT_A)
        {
          g_autofree char *out_shape = shape_text (&plan->out_shape);
          g_autofree char *shapes = g_strdup_printf ("%s\u00a0→ %s", in_shape, out_shape);

          gtk_label_set_text (self->shape_label, shapes);
        }
    }
}

static void show_overlay (PvWindow *self, PvOverlayCounts *counts);

/* What the overlay counted no longer holds (a new input, result or
 * button): the map goes, a count under way is cancelled, and the next
 * update_marks() counts again. */
static void
invalidate_overlay (PvWindow *self)
{
  self->overlay_dirty = TRUE;
  g_cancellable_cancel (self->overlay_counting);
  g_clear_object (&self->overlay_counting);
  show_overlay (self, NULL);
}

static void
rebuild_input (PvWindow *self)
{
  invalidate_overlay (self);
  pv_panels_build_input (self->input_view, document (self), current_channel_mode (self),
                         self->viewport, self->input_panels);
}

static void overlay_toggled_cb (GtkToggleButton *button, PvWindow *self);

static void
rebuild_results (PvWindow *self)
{
  const pv_plan *plan = pv_document_get_plan (document (self));
  g_autofree char *problem_a = NULL, *problem_b = NULL;
  double rows = 0, cols = 0;
  gboolean winners = pv_overlay_has_winners (plan);

  /* Only a max keeps a winner: a result of another operator turns Winners
   * off, without its handler, as the caller updates the marks once the
   * results are rebuilt. While there is no result (a new input is being
   * pooled), Winners stays as it is. */
  if (plan != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->winners_button), winners);
  if (plan != NULL && !winners && gtk_toggle_button_get_active (self->winners_button))
    {
      g_signal_handlers_block_by_func (self->winners_button, overlay_toggled_cb, self);
      gtk_toggle_button_set_active (self->winners_button, FALSE);
      g_signal_handlers_unblock_by_func (self->winners_button, overlay_toggled_cb, self);
      invalidate_overlay (self);
    }
  self->slots[SLOT_A].show = (PvShowMode) gtk_drop_down_get_selected (self->show_mode);
  /* B is shown the same way, so that the two compare; A − B is one picture,
   * in A's place, beside B as it is. */
  self->slots[SLOT_B].show = self->slots[SLOT_A].show == PV_SHOW_MINUS_OTHER
                               ? PV_SHOW_RESULT
                               : self->slots[SLOT_A].show;
  problem_a = pv_panels_build_result (&self->slots[SLOT_A],
                                      comparing (self) ? &self->slots[SLOT_B] : NULL,
                                      current_channel_mode (self), self->viewport);
  if (comparing (self))
    problem_b = pv_panels_build_result (&self->slots[SLOT_B], &self->slots[SLOT_A],
                                        current_channel_mode (self), self->viewport);

  /* Leave room beside the input for windows reaching into the padding. */
  for (int s = 0; s < (comparing (self) ? N_SLOTS : 1); s++)
    {
      const pv_plan *p = pv_document_get_plan (self->slots[s].document);
      double r, c;

      if (p == NULL)
        continue;
      pv_panels_window_margin (p, &r, &c);
      rows = MAX (rows, r);
      cols = MAX (cols, c);
    }
  pv_tensor_view_set_fit_margin (self->input_view, rows, cols);
  update_labels (self, problem_a, problem_b);
  if (plan == NULL)
    gtk_label_set_text (self->formula_label, "");
  /* Fitted views stay fitted when the result's layout changes (a pyramid's
   * levels side by side, windows reaching further into the padding); a
   * zoom the user chose stays. */
  if (self->fit_mode && !self->fit_pending && gtk_widget_get_width (GTK_WIDGET (self->input_view)) > 0
      && pv_tensor_view_get_n_panels (self->output_view) > 0)
    fit (self);
}

/* ---------------------------------------------------------------------------
 * Pointing.
 */

static gboolean
valid_cell (PvWindow *self, const Pointed *p)
{
  const PvPanel *panel;

  if (p->slot < 0 || p->slot >= N_SLOTS || (p->slot == SLOT_B && !comparing (self)))
    return FALSE;
  panel = pv_tensor_view_get_panel (self->slots[p->slot].view, (guint) MAX (p->panel, 0));
  return p->panel >= 0 && panel != NULL && p->row >= 0 && p->col >= 0 && p->row < panel->rows
         && p->col < panel->cols;
}

static void
update_formula (PvWindow *self, const pv_cell *cell)
{
  const pv_plan *plan = pv_document_get_plan (document (self));
  g_autofree char *text = NULL;

  gboolean refused = pv_document_get_params_error (document (self)) != NULL;

  if (plan == NULL)
    return;
  text = pv_explain_formulas (plan, cell);
  /* Refused parameters keep the last result, so its formulas stay, dimmed
   * and said to be old, as the output view is: otherwise they would
   * contradict the parameters just above them. */
  if (refused)
    {
      g_autofree char *old = g_steal_pointer (&text);

      text = g_strdup_printf ("%s\n%s", _("Not updated: these are for the last parameters "
                                           "PyTorch accepts."),
                              old);
    }
  gtk_label_set_text (self->formula_label, text);
  if (refused)
    gtk_widget_add_css_class (GTK_WIDGET (self->formula_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->formula_label), "dim-label");
}

/* Inputs of more pixels than this count their overlay on a worker thread
 * (a 4K colour picture's winners take 140 ms), smaller ones at once. */
#define OVERLAY_AT_ONCE_PIXELS ((gsize) 1 << 20)

/* Shows @counts (NULL for none) as the input's heat map, which takes
 * them; the legend keeps their numbers. */
static void
show_overlay (PvWindow *self, PvOverlayCounts *counts)
{
  g_autoptr (GBytes) map = NULL;

  if (counts != NULL)
    {
      map = g_bytes_new_take (g_steal_pointer (&counts->counts),
                              counts->pixels * sizeof (guint32));
      self->overlay = *counts;
    }
  else
    self->overlay.pixels = 0;
  pv_tensor_view_set_heat (self->input_view, counts != NULL ? 0 : -1, map,
                           counts != NULL ? counts->max : 0,
                           counts != NULL && counts->kind == PV_OVERLAY_WINNERS ? PV_HEAT_WINS
                                                                                : PV_HEAT_COVERAGE);
}

static void
overlay_counted_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  PvWindow *self = PV_WINDOW (source);
  PvOverlayCounts counts;
  g_autoptr (GError) error = NULL;
  gboolean counted = pv_overlay_count_finish (result, &counts, &error);
  PvTensorRef *input;

  /* Cancelled: a newer count, or the window's end, took its place. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->overlay_counting);
  input = pv_document_get_input (document (self));
  /* Counts are of the input they were made for (invalidate_overlay()
   * cancels them when it goes; this only makes sure). */
  if (counted && input != NULL
      && counts.pixels
           == (gsize) (pv_tensor_ref_get (input)->shape.dims[1]
                       * pv_tensor_ref_get (input)->shape.dims[2]))
    show_overlay (self, &counts);
  pv_overlay_counts_clear (&counts);
  update_marks (self);
}

/* The overlay of the first result over the first input panel: its
 * coverage or its winners, as the buttons ask; a large input's on a
 * worker, its map shown when it is done. */
static void
update_overlay (PvWindow *self)
{
  const pv_plan *plan = pv_document_get_plan (document (self));
  PvTensorRef *input = pv_document_get_input (document (self));
  PvOverlayKind kind = gtk_toggle_button_get_active (self->winners_button) ? PV_OVERLAY_WINNERS
                                                                            : PV_OVERLAY_COVERAGE;
  const pv_tensor *in;
  int channel;
  PvOverlayCounts counts;

  invalidate_overlay (self);
  self->overlay_dirty = FALSE;
  if ((!gtk_toggle_button_get_active (self->coverage_button)
       && !gtk_toggle_button_get_active (self->winners_button))
      || plan == NULL || input == NULL || self->input_panels->len == 0)
    return;
  in = pv_tensor_ref_get (input);
  channel = g_array_index (self->input_panels, PvPanelInfo, 0).channel;
  if ((gsize) (in->shape.dims[1] * in->shape.dims[2]) > OVERLAY_AT_ONCE_PIXELS)
    {
      self->overlay_counting = g_cancellable_new ();
      self->overlay.kind = kind;
      pv_overlay_count_async (self, plan, input, channel, kind, self->overlay_counting,
                              overlay_counted_cb, NULL);
      return;
    }
  if (pv_overlay_count (plan, in, channel, kind, &counts))
    {
      show_overlay (self, &counts);
      pv_overlay_counts_clear (&counts);
    }
}

/* The overlay's legend, a line of @detail. */
static void
append_overlay_legend (PvWindow *self, GString *detail)
{
  const char *sep = detail->len ? "\n" : "";
  const PvOverlayCounts *o = &self->overlay;

  if (self->overlay_counting != NULL)
    g_string_append_printf (detail, o->kind == PV_OVERLAY_WINNERS ? _("%sWinners: counting…")
                                                                  : _("%sCoverage: counting…"),
                            sep);
  else if (o->pixels == 0)
    return;
  else if (o->kind == PV_OVERLAY_COVERAGE)
    g_string_append_printf (detail, _("%sCoverage: red cells are read by no window; blue to "
                                      "yellow, by 1 to %u windows"),
                            sep, o->max);
  else
    {
      gsize kept = o->pixels - o->zeros;

      if (o->channels && o->max > 1)
        g_string_append_printf (detail, _("%sWinners: %zu of %zu input pixels are some window's "
                                          "maximum in a colour channel; the rest are dimmed, "
                                          "yellow ones win 2 to %u overlapping windows in one "
                                          "channel"),
                                sep, kept, o->pixels, o->max);
      else if (o->channels)
        g_string_append_printf (detail, _("%sWinners: %zu of %zu input pixels are some window's "
                                          "maximum in a colour channel; the rest are dimmed"),
                                sep, kept, o->pixels);
      else if (o->max > 1)
        g_string_append_printf (detail, _("%sWinners: %zu of %zu input pixels are some window's "
                                          "maximum; the rest are dimmed, yellow ones win 2 to %u "
                                          "overlapping windows"),
                                sep, kept, o->pixels, o->max);
      else
        g_string_append_printf (detail, _("%sWinners: %zu of %zu input pixels are some window's "
                                          "maximum; the rest are dimmed"),
                                sep, kept, o->pixels);
    }
}

static void
update_marks (PvWindow *self)
{
  g_autoptr (GArray) in_marks = g_array_new (FALSE, FALSE, sizeof (PvMark));
  GArray *slot_marks[N_SLOTS] = { g_array_new (FALSE, FALSE, sizeof (PvMark)),
                                  g_array_new (FALSE, FALSE, sizeof (PvMark)) };
  PvSlot *slots[N_SLOTS] = { &self->slots[SLOT_A], &self->slots[SLOT_B] };
  g_autoptr (GString) computation = g_string_new (NULL);
  g_autoptr (GString) detail = g_string_new (NULL);
  Pointed active = valid_cell (self, &self->hover) ? self->hover : self->pinned;
  gboolean have_cell = FALSE;
  pv_cell cell;

  if (pv_document_get_plan (document (self)) == NULL || input_tensor (self) == NULL)
    {
      pv_tensor_view_set_marks (self->input_view, NULL, 0);
      for (int s = 0; s < N_SLOTS; s++)
        pv_tensor_view_set_marks (self->slots[s].view, NULL, 0);
      gtk_label_set_text (self->computation_label, "");
      gtk_label_set_text (self->detail_label, "");
      g_array_unref (slot_marks[0]);
      g_array_unref (slot_marks[1]);
      return;
    }

  self->computation_is_hint = FALSE;
  if (valid_cell (self, &active) && self->slots[active.slot].shown != PV_SHOW_MINUS_OTHER
      && pv_document_get_plan (self->slots[active.slot].document) != NULL)
    {
      pv_pointing_output (&self->slots[active.slot], self->input_panels, active.panel,
                          active.row, active.col, in_marks, slot_marks[active.slot], computation,
                          detail, &cell);
      have_cell = active.slot == SLOT_A;
    }
  else if (self->hover_in_panel >= 0 && (guint) self->hover_in_panel < self->input_panels->len)
    pv_pointing_input (self->input_panels, self->hover_in_panel, self->hover_in_row,
                       self->hover_in_col, slots, comparing (self) ? N_SLOTS : 1, in_marks,
                       slot_marks, computation, detail);
  else
    {
      self->computation_is_hint = TRUE;
      g_string_append (computation, _("Point at an output cell to see the window it read; point "
                                      "at an input pixel to see every output that reads it. "
                                      "Click to pin, arrows to step, Space to play, Escape to "
                                      "clear."));
    }

  if (self->overlay_dirty)
    update_overlay (self);
  append_overlay_legend (self, detail);

  pv_tensor_view_set_marks (self->input_view, (PvMark *) in_marks->data, in_marks->len);
  for (int s = 0; s < N_SLOTS; s++)
    {
      pv_tensor_view_set_marks (self->slots[s].view, (PvMark *) slot_marks[s]->data,
                                slot_marks[s]->len);
      g_array_unref (slot_marks[s]);
    }
  gtk_label_set_text (self->computation_label, computation->str);
  gtk_label_set_text (self->detail_label, detail->str);
  update_formula (self, have_cell ? &cell : NULL);
}

/* Coverage and Winners share the input's heat map: one at a time. */
static void
overlay_toggled_cb (GtkToggleButton *button, PvWindow *self)
{
  GtkToggleButton *other
    = button == self->coverage_button ? self->winners_button : self->coverage_button;

  /* Turning one on turns the other off, whose own call then finds one
   * still on and leaves the counting to this one. */
  if (gtk_toggle_button_get_active (button))
    gtk_toggle_button_set_active (other, FALSE);
  else if (gtk_toggle_button_get_active (other))
    return;
  invalidate_overlay (self);
  update_marks (self);
}

static int
slot_of_view (PvWindow *self, PvTensorView *view)
{
  for (int s = 0; s < N_SLOTS; s++)
    if (self->slots[s].view == view)
      return s;
  return -1;
}

void
pv_window_point_output (PvWindow *self, int panel, int row, int col)
{
  self->hover = (Pointed) { panel >= 0 ? SLOT_A : -1, panel, row, col };
  update_marks (self);
}

void
pv_window_point_input (PvWindow *self, int panel, int row, int col)
{
  self->hover_in_panel = panel;
  self->hover_in_row = row;
  self->hover_in_col = col;
  update_marks (self);
}

static void frame_began_cb (GdkFrameClock *clock, PvWindow *self);
static void frame_drawn_cb (GdkFrameClock *clock, PvWindow *self);

/* Starts @watch now; the frame clock's handlers stay connected while any
 * watch waits. */
static void
watch_next_frame (PvWindow *self, FrameWatch *watch)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    return;
  watch->since = g_get_monotonic_time ();
  /* A result delivered while a frame waits for it shows in that frame. */
  watch->frame = self->awaiting ? watch->since : 0;
  if (g_signal_handler_find (clock, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             frame_began_cb, self)
      == 0)
    {
      g_signal_connect_object (clock, "before-paint", G_CALLBACK (frame_began_cb), self, 0);
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (frame_drawn_cb), self, 0);
    }
}

static void
frame_began_cb (GdkFrameClock *clock, PvWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->result_watch.since != 0 && self->result_watch.frame == 0)
    self->result_watch.frame = now;
  if (self->point_watch.since != 0 && self->point_watch.frame == 0)
    self->point_watch.frame = now;
}

/* Where the time went: for a parameter change, the engine, handing the
 * result over, waiting for the display's next frame (GTK draws at its
 * refresh rate), drawing; for pointing, waiting and drawing. */
static void
frame_drawn_cb (GdkFrameClock *clock, PvWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  FrameWatch *r = &self->result_watch, *p = &self->point_watch;

  /* Only for changes made in this window (not the first result of a file). */
  if (r->frame != 0 && self->change_time != 0)
    g_printerr ("[timing] parameter change to frame: %.1f ms (result ready after %.1f ms, "
                "of which %.1f ms in the engine; frame began %.1f ms later, drawn in %.1f "
                "ms)\n",
                (double) (now - self->change_time) / 1000.0,
                pv_document_get_last_pool_ms (document (self)),
                pv_document_get_last_run_ms (document (self)),
                (double) (r->frame - r->since) / 1000.0, (double) (now - r->frame) / 1000.0);
  if (r->frame != 0)
    {
      self->change_time = 0;
      *r = (FrameWatch) { 0, 0 };
    }
  if (p->frame != 0)
    {
      g_printerr ("[timing] pointing to frame: %.1f ms (frame began %.1f ms later, drawn in "
                  "%.1f ms)\n",
                  (double) (now - p->since) / 1000.0, (double) (p->frame - p->since) / 1000.0,
                  (double) (now - p->frame) / 1000.0);
      *p = (FrameWatch) { 0, 0 };
    }
  if (r->since == 0 && p->since == 0)
    {
      g_signal_handlers_disconnect_by_func (clock, frame_began_cb, self);
      g_signal_handlers_disconnect_by_func (clock, frame_drawn_cb, self);
    }
}

/* POOLVIEW_DEBUG=timing: from the pointer reaching a new cell to the frame
 * that shows what reads it or what it read (explanation included). */
static void
time_pointing (PvWindow *self)
{
  if (self->timing && self->point_watch.since == 0)
    watch_next_frame (self, &self->point_watch);
}

static void
result_hover_cb (PvTensorView *view, int panel, int row, int col, PvWindow *self)
{
  Pointed p = { panel >= 0 ? slot_of_view (self, view) : -1, panel, row, col };

  if (memcmp (&p, &self->hover, sizeof p) != 0)
    time_pointing (self);
  self->hover = p;
  update_marks (self);
}

static void
input_hover_cb (PvTensorView *view, int panel, int row, int col, PvWindow *self)
{
  if (panel != self->hover_in_panel || row != self->hover_in_row || col != self->hover_in_col)
    time_pointing (self);
  pv_window_point_input (self, panel, row, col);
}

static void
result_activated_cb (PvTensorView *view, int panel, int row, int col, PvWindow *self)
{
  Pointed p = { slot_of_view (self, view), panel, row, col };

  /* Clicking the pinned cell again unpins it. */
  if (memcmp (&p, &self->pinned, sizeof p) == 0)
    self->pinned.slot = -1;
  else
    self->pinned = p;
  update_marks (self);
}

static gboolean
move_pinned (PvWindow *self, int drow, int dcol)
{
  Pointed p = self->pinned;

  if (p.slot < 0)
    p = (Pointed) { SLOT_A, 0, 0, 0 };
  else
    {
      p.row += drow;
      p.col += dcol;
    }
  if (!valid_cell (self, &p))
    return FALSE;
  self->pinned = p;
  self->hover.slot = -1;
  /* Keep the cell (and so its window beside it) in view. */
  pv_tensor_view_scroll_to_cell (self->slots[p.slot].view, p.panel, p.row, p.col, TRUE);
  update_marks (self);
  return TRUE;
}

static void
move_cursor_cb (PvTensorView *view, int drow, int dcol, PvWindow *self)
{
  move_pinned (self, drow, dcol);
}

static void set_playing (PvWindow *self, gboolean playing);

/* Escape lets go of everything: the pinned cell, the highlight, and the
 * step-through, which would otherwise pin the next cell a moment later. */
static void
clear_selection (PvWindow *self)
{
  set_playing (self, FALSE);
  self->pinned.slot = -1;
  self->hover.slot = -1;
  update_marks (self);
}

static void
clear_selection_cb (PvTensorView *view, PvWindow *self)
{
  clear_selection (self);
}

static void
clear_selection_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  clear_selection (PV_WINDOW (widget));
}

/* ---------------------------------------------------------------------------
 * Step-through: the pinned cell walks the output in raster order.
 */

static gboolean
step (PvWindow *self, int direction)
{
  const PvPanel *panel = pv_tensor_view_get_panel (self->output_view, 0);
  int n, index;

  if (panel == NULL)
    return FALSE;
  n = panel->rows * panel->cols;
  /* Without a pinned cell of A's first panel, start at an end. */
  if (self->pinned.slot != SLOT_A || self->pinned.panel != 0)
    index = direction > 0 ? 0 : n - 1;
  else
    index = self->pinned.row * panel->cols + self->pinned.col + direction;
  if (index < 0 || index >= n)
    return FALSE;
  self->pinned = (Pointed) { SLOT_A, 0, index / panel->cols, index % panel->cols };
  self->hover.slot = -1;
  pv_tensor_view_scroll_to_cell (self->output_view, 0, self->pinned.row, self->pinned.col, TRUE);
  update_marks (self);
  return TRUE;
}

static gboolean play_tick_cb (gpointer data);

static void
set_playing (PvWindow *self, gboolean playing)
{
  const char *what = playing ? _("Pause the Step-Through (Space, F5)")
                             : _("Play the Step-Through (Space, F5)");

  g_clear_handle_id (&self->play_timeout, g_source_remove);
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, what);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
  if (playing)
    {
      double speed = gtk_spin_button_get_value (self->speed);

      self->play_timeout = g_timeout_add ((guint) (1000.0 / MAX (speed, 0.25)), play_tick_cb,
                                          self);
    }
}

static gboolean
play_tick_cb (gpointer data)
{
  PvWindow *self = data;

  if (!step (self, +1))
    {
      self->play_timeout = 0;
      set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
play_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  if (self->play_timeout != 0)
    set_playing (self, FALSE);
  else
    {
      const PvPanel *panel = pv_tensor_view_get_panel (self->output_view, 0);

      /* Playing from the last cell starts over. */
      if (panel != NULL && self->pinned.slot == SLOT_A && self->pinned.panel == 0
          && self->pinned.row == panel->rows - 1 && self->pinned.col == panel->cols - 1)
        self->pinned.slot = -1;
      if (self->pinned.slot != SLOT_A)
        step (self, +1);
      set_playing (self, TRUE);
    }
}

static void
step_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  set_playing (self, FALSE);
  step (self, g_str_equal (action, "win.step-forward") ? +1 : -1);
}

static void
speed_changed_cb (PvWindow *self)
{
  if (self->play_timeout != 0)
    set_playing (self, TRUE);
}

/* ---------------------------------------------------------------------------
 * Code: the same pooling for PyTorch, Keras and ONNX.
 */

static void
copy_row_cb (GtkButton *button, PvWindow *self)
{
  copy_text (self, g_object_get_data (G_OBJECT (button), "code"));
}

static void
add_code_row (PvWindow *self, int row, const char *title, const char *code, gboolean usable)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *text = gtk_label_new (code);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  /* The copy buttons take the focus; a focused label selects all of itself. */
  gtk_widget_set_focusable (text, FALSE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 60);
  gtk_widget_add_css_class (text, usable ? "monospace" : "dim-label");
  gtk_grid_attach (self->code_grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->code_grid, text, 1, row, 1, 1);
  if (usable)
    {
      GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      g_autofree char *tip = g_strdup_printf (_("Copy the %s form"), title);

      gtk_widget_set_tooltip_text (copy, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, tip,
                                      -1);
      gtk_widget_set_valign (copy, GTK_ALIGN_START);
      g_object_set_data_full (G_OBJECT (copy), "code", g_strdup (code), g_free);
      g_signal_connect (copy, "clicked", G_CALLBACK (copy_row_cb), self);
      gtk_grid_attach (self->code_grid, copy, 2, row, 1, 1);
    }
}

/* The PyTorch forms of the current parameters for the input's shape, from
 * the engine; FALSE, with the reason, where PyTorch has none. */
static gboolean
pytorch_code (PvWindow *self, pv_code_form form, char *buf, size_t size)
{
  const pv_tensor *in = input_tensor (self);

  if (in == NULL)
    {
      g_strlcpy (buf, _("Open an input first"), size);
      return FALSE;
    }
  return pv_pytorch_code (pv_document_get_params (document (self)), in, form, buf, size);
}

static void
rebuild_code (PvWindow *self)
{
  const pv_params *p = pv_document_get_params (document (self));
  char module[600], functional[600], keras[300], onnx[300];
  gboolean extension = pv_params_uses_extension (p);
  GtkWidget *child;
  gboolean module_ok, functional_ok, keras_ok, onnx_ok;

  self->code_dirty = FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->code_grid))) != NULL)
    gtk_grid_remove (self->code_grid, child);

  module_ok = pytorch_code (self, PV_CODE_MODULE, module, sizeof module);
  functional_ok = pytorch_code (self, PV_CODE_FUNCTIONAL, functional, sizeof functional);
  keras_ok = pv_params_format_keras (p, keras, sizeof keras);
  onnx_ok = pv_params_format_onnx (p, onnx, sizeof onnx);

  /* Where PyTorch has a form: the rows say so where it has none. */
  if (extension && (module_ok || functional_ok))
    add_code_row (self, 0, _("Note"),
                  _("Padding \"same\" or \"valid\", temperature and spatial pyramids are "
                    "PoolView's extensions: the PyTorch lines compute the same with what PyTorch "
                    "has, for this input's size."),
                  FALSE);
  add_code_row (self, 1, _("PyTorch module"), module, module_ok);
  add_code_row (self, 2, _("PyTorch functional"), functional, functional_ok);
  add_code_row (self, 3, "Keras", keras, keras_ok);
  add_code_row (self, 4, "ONNX", onnx, onnx_ok);
}

static void
code_popover_show_cb (PvWindow *self)
{
  if (self->code_dirty)
    rebuild_code (self);
}

static void
copy_pytorch_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  char line[600];

  /* The module where PyTorch has one, else the call that computes the same. */
  if (pytorch_code (self, PV_CODE_MODULE, line, sizeof line)
      || pytorch_code (self, PV_CODE_FUNCTIONAL, line, sizeof line))
    copy_text (self, line);
  else
    {
      g_autofree char *toast = g_strdup_printf (_("Nothing copied: %s"), line);

      show_toast (self, toast);
    }
}

/* ---------------------------------------------------------------------------
 * Documents.
 */

static void
fit (PvWindow *self)
{
  double zoom = pv_tensor_view_get_fit_zoom (self->input_view);

  /* A view without a result (parameters refused) has nothing to fit. */
  for (int s = 0; s < (comparing (self) ? N_SLOTS : 1); s++)
    if (pv_tensor_view_get_n_panels (self->slots[s].view) > 0)
      zoom = MIN (zoom, pv_tensor_view_get_fit_zoom (self->slots[s].view));
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
fit_when_ready_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  PvWindow *self = data;

  if (gtk_widget_get_width (GTK_WIDGET (self->input_view)) <= 0)
    return G_SOURCE_CONTINUE;
  /* Fitted once the result is there, or at once when none will come. */
  if (self->fit_pending
      && (pv_tensor_view_get_n_panels (self->output_view) > 0
          || pv_document_get_params_error (document (self)) != NULL))
    {
      self->fit_pending = FALSE;
      if (self->open_actual)
        pv_viewport_set (self->viewport, 1.0, 0.5, 0.5);
      else
        fit (self);
      self->open_actual = FALSE;
    }
  return self->fit_pending ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
input_changed_cb (PvDocument *doc, PvWindow *self)
{
  const char *name = pv_document_get_name (doc);
  g_autofree char *title = g_strdup_printf ("%s — PoolView", name);

  gtk_label_set_text (self->subtitle, name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  /* The input shown is now the one loaded, whatever the matrix text says. */
  pv_tensor_view_set_stale (self->input_view, NULL);
  set_playing (self, FALSE);
  self->pinned.slot = self->hover.slot = -1;
  self->hover_in_panel = -1;
  rebuild_channel_choices (self);
  rebuild_input (self);
  if (comparing (self))
    pv_document_share_input (self->slots[SLOT_B].document, doc);
  rebuild_results (self);
  self->fit_pending = TRUE;
  self->open_actual = pv_document_get_source_kind (doc) == PV_SOURCE_PICTURE
                      && g_strcmp0 (self->open_zoom, "actual") == 0;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), fit_when_ready_cb, self, NULL);
}

/* How long after a parameter change the next frame may wait for its
 * result: a frame is 16 ms, and drawing a 4K result takes GTK's software
 * renderer about 8. */
#define RESULT_WAIT_MS 8.0

/* Runs as a frame begins, before layout: a result due within the budget
 * is waited for and delivered, so the frame shows the new parameters with
 * their result instead of with the old one, the new result following a
 * frame later (GTK paces frames, so that one would wait for the display). */
static gboolean
await_results_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  PvWindow *self = data;

  /* Cleared first: a result delivered here may make another document wait,
   * and its tick then runs next frame. */
  self->await_tick = 0;
  self->awaiting = TRUE;
  for (int s = 0; s < N_SLOTS; s++)
    if (self->slots[s].document != NULL)
      pv_document_await_result (self->slots[s].document, RESULT_WAIT_MS);
  self->awaiting = FALSE;
  return G_SOURCE_REMOVE;
}

static void
result_changed_cb (PvDocument *doc, PvWindow *self)
{
  int s = doc == document (self) ? SLOT_A : SLOT_B;
  const pv_error *err = pv_document_get_params_error (doc);
  PvTensorView *view = self->slots[s].view;

  if (s == SLOT_A)
    {
      pv_params_pane_show_error (self->params, err);
      pv_params_pane_show_plan (self->params, err == NULL ? pv_document_get_plan (doc) : NULL);
      /* Built when shown: widgets for every change would cost the main
       * thread milliseconds while the result is being pooled. */
      self->code_dirty = TRUE;
      if (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (self->code_button))))
        rebuild_code (self);
    }
  if (err != NULL)
    {
      /* Spatial pyramids, padding "same" and temperatures are PoolView's
       * own: PyTorch has no say in refusing them. */
      gboolean shown = pv_document_has_result (doc);
      gboolean ours = pv_params_uses_extension (pv_document_get_params (doc));
      g_autofree char *reason
        = shown && ours ? g_strdup_printf (_("Not updated — these parameters are refused: %s"),
                                           err->message)
          : shown ? g_strdup_printf (_("Not updated — PyTorch would refuse these parameters: %s"),
                                     err->message)
          : ours  ? g_strdup_printf (_("No result — these parameters are refused: %s"),
                                     err->message)
                  : g_strdup_printf (_("No result — PyTorch would refuse these parameters: %s"),
                                     err->message);

      pv_tensor_view_set_stale (view, reason);
    }
  else
    pv_tensor_view_set_stale (view, NULL);

  if (err == NULL && pv_document_is_stale (doc) && pv_document_is_busy (doc)
      && self->await_tick == 0)
    self->await_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), await_results_cb, self,
                                                     NULL);
  /* A new result is on its way, and the overlay will be counted again for
   * it: a count still running for the old one would only keep the thread
   * pool from the pooling (4K winners, a change every 120 ms: results
   * ready in a median of 35 ms, p90 137, where 4 ms without). The map shown
   * stays until the result comes. */
  if (s == SLOT_A && err == NULL && pv_document_is_stale (doc) && pv_document_is_busy (doc))
    g_cancellable_cancel (self->overlay_counting);
  /* Refused parameters bring no result: a count given up for one is made
   * again for the result still shown. */
  if (s == SLOT_A && err != NULL && self->overlay_counting != NULL
      && g_cancellable_is_cancelled (self->overlay_counting))
    self->overlay_dirty = TRUE;

  if (!pv_document_is_stale (doc) || err != NULL)
    {
      /* A's new result has new windows; refused parameters keep the
       * result shown, and B's results do not show in the overlay. */
      if (s == SLOT_A && err == NULL)
        invalidate_overlay (self);
      rebuild_results (self);
      if (!valid_cell (self, &self->pinned))
        self->pinned.slot = -1;
      update_marks (self);
      if (self->fit_pending)
        gtk_widget_add_tick_callback (GTK_WIDGET (self), fit_when_ready_cb, self, NULL);
      if (self->timing && s == SLOT_A && pv_document_get_plan (doc) != NULL
          && !pv_document_is_stale (doc))
        watch_next_frame (self, &self->result_watch);
    }
}

static void
set_params (PvWindow *self, const pv_params *params)
{
  self->change_time = g_get_monotonic_time ();
  pv_document_set_params (document (self), params);
}

static void
params_changed_cb (PvParamsPane *pane, PvWindow *self)
{
  pv_params params;

  pv_params_pane_get_params (pane, &params);
  set_params (self, &params);
}

static void
channel_changed_cb (PvWindow *self)
{
  self->pinned.slot = self->hover.slot = -1;
  self->hover_in_panel = -1;
  rebuild_input (self);
  rebuild_results (self);
  update_marks (self);
}

static void
show_changed_cb (PvWindow *self)
{
  self->pinned.slot = self->hover.slot = -1;
  rebuild_results (self);
  update_marks (self);
}

/* Compare mode: B pools the same input; it starts as A with ceil_mode
 * flipped, the comparison people ask about most. */
static void
compare_toggled_cb (PvWindow *self)
{
  gboolean on = comparing (self);
  PvDocument *b = self->slots[SLOT_B].document;

  gtk_widget_set_visible (self->compare_column, on);
  gtk_widget_set_visible (self->keep_b_button, on);
  if (on)
    {
      pv_params params = *pv_document_get_params (document (self));

      if (pv_op_uses_ceil_mode (params.op))
        params.ceil_mode = !params.ceil_mode;
      pv_document_set_params (b, &params);
      pv_document_share_input (b, document (self));
    }
  else if (gtk_drop_down_get_selected (self->show_mode) == PV_SHOW_MINUS_OTHER)
    gtk_drop_down_set_selected (self->show_mode, PV_SHOW_RESULT);
  self->pinned.slot = self->hover.slot = -1;
  rebuild_results (self);
  update_marks (self);
  self->fit_pending = TRUE;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), fit_when_ready_cb, self, NULL);
}

static void
keep_as_b_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  pv_document_set_params (self->slots[SLOT_B].document, pv_document_get_params (document (self)));
  show_toast (self, _("B now has these parameters; change them to compare"));
}

/* ---------------------------------------------------------------------------
 * Opening.
 */


/* A menu item showing @label as it is: menus take "_" for a mnemonic, so
 * "ceil_mode" or a file's "my_photo.png" would lose it. */
static GMenuItem *
literal_menu_item (const char *label, const char *action, GVariant *target)
{
  g_autoptr (GString) text = g_string_new (label);
  GMenuItem *item;

  g_string_replace (text, "_", "__", 0);
  item = g_menu_item_new (text->str, NULL);
  g_menu_item_set_action_and_target_value (item, action, target);
  return item;
}

static void
rebuild_recent_menu (PvWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  const char *app = g_get_application_name ();
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL && n < RECENT_MAX; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr (GMenuItem) item = NULL;

      if (app == NULL || !gtk_recent_info_has_application (info, app)
          || !gtk_recent_info_is_local (info) || !gtk_recent_info_exists (info))
        continue;
      item = literal_menu_item (gtk_recent_info_get_display_name (info), "win.open-recent",
                                g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  if (n == 0)
    g_menu_append (self->recent_menu, _("No recent files"), "win.no-recent");
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
remember_recent (PvWindow *self, GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = { NULL, NULL, (char *) "application/octet-stream",
                         (char *) g_get_application_name (), (char *) "poolview %u", NULL,
                         FALSE };

  if (data.app_name == NULL)
    return;
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
  rebuild_recent_menu (self);
}

static void enter_matrix_mode_quietly (PvWindow *self);
static void show_matrix_error (PvWindow *self, const char *message);

/* After @file has loaded: if it is a matrix written as text, of one channel
 * and small enough for matrix mode, shows its text there to be edited (the
 * document keeps what it loaded, under the file's name, until an edit) and
 * returns TRUE. Picture mode then goes back to the last picture. */
/* A text matrix of MATRIX_MAX x MATRIX_MAX, written loosely, is well under
 * this; a larger file (comments, padding) stays a picture of numbers, and
 * the main thread never reads much. */
#define MATRIX_TEXT_MAX_BYTES (1024 * 1024)

static gboolean
open_text_as_matrix (PvWindow *self, GFile *file)
{
  const pv_tensor *in = input_tensor (self);
  g_autofree char *path = g_file_get_path (file);
  uint8_t *contents = NULL;
  size_t length;
  pv_error err;
  gboolean text;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->matrix_text);

  if (pv_document_get_source_kind (document (self)) != PV_SOURCE_ARRAY || in == NULL
      || in->shape.dims[0] != 1 || in->shape.dims[1] > MATRIX_MAX
      || in->shape.dims[2] > MATRIX_MAX || path == NULL
      || pv_file_read_all (path, MATRIX_TEXT_MAX_BYTES, &contents, &length, &err) != PV_OK)
    return FALSE;
  text = pv_sniff_format (contents, length) == PV_FORMAT_CSV
         && g_utf8_validate ((const char *) contents, (gssize) length, NULL);
  if (!text)
    {
      free (contents);
      return FALSE;
    }
  enter_matrix_mode_quietly (self);
  g_signal_handlers_block_matched (buffer, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_text_buffer_set_text (buffer, (const char *) contents, (int) length);
  free (contents);
  g_signal_handlers_unblock_matched (buffer, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_clear_handle_id (&self->matrix_timeout, g_source_remove);
  show_matrix_error (self, NULL);
  return TRUE;
}

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
  remember_recent (self, file);
  /* A small matrix written as text opens where it can be edited. */
  if (open_text_as_matrix (self, file))
    return;
  g_set_object (&self->last_picture, file);
  if (gtk_toggle_button_get_active (self->matrix_mode))
    {
      /* A file replaces the typed matrix: back to picture mode, quietly. */
      g_signal_handlers_block_matched (self->picture_mode, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                       self);
      gtk_toggle_button_set_active (self->picture_mode, TRUE);
      g_signal_handlers_unblock_matched (self->picture_mode, G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                         NULL, self);
      gtk_widget_set_visible (self->matrix_box, FALSE);
    }
}

void
pv_window_open_file (PvWindow *self, GFile *file)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  pv_document_load_file_async (document (self), file, self->load_cancellable, load_done_cb,
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
  pv_ui_add_file_filter (GTK_FILE_CHOOSER (dialog), _("Pictures and arrays"), all);
  pv_ui_add_file_filter (GTK_FILE_CHOOSER (dialog), _("Pictures (PNG, JPEG)"), pictures);
  pv_ui_add_file_filter (GTK_FILE_CHOOSER (dialog), _("Arrays (NumPy .npy, CSV)"), arrays);
  pv_ui_add_file_filter (GTK_FILE_CHOOSER (dialog), _("All files"), anything);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  pv_window_open_file (PV_WINDOW (widget), file);
}

static void
load_sample (PvWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (!pv_document_load_sample (document (self), &error))
    show_error (self, error->message);
}

static void
open_sample_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  g_clear_object (&self->last_picture);
  if (gtk_toggle_button_get_active (self->matrix_mode))
    gtk_toggle_button_set_active (self->picture_mode, TRUE);
  else
    load_sample (self);
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
 * Matrix mode and presets.
 */

static char *
matrix_text (PvWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->matrix_text);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* @message (NULL: none) under the matrix and over the input view, which
 * keeps the last good matrix. */
static void
show_matrix_error (PvWindow *self, const char *message)
{
  g_autofree char *reason = NULL;

  if (message != NULL)
    {
      gtk_label_set_text (self->matrix_error, message);
      reason = g_strdup_printf (_("Not updated — the matrix typed has an error: %s"), message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->matrix_error), message != NULL);
  pv_tensor_view_set_stale (self->input_view, reason);
}

static void
matrix_apply (PvWindow *self)
{
  g_autofree char *text = matrix_text (self);
  g_autoptr (GError) error = NULL;
  pv_limits limits;
  pv_tensor matrix;
  pv_error err;

  pv_limits_init (&limits);
  limits.max_width = limits.max_height = MATRIX_MAX;
  /* A typo keeps the last good matrix on screen, dimmed as not the one
   * typed, and says what is wrong. */
  if (pv_text_matrix_parse (text, strlen (text), &limits, &matrix, &err) != PV_OK)
    {
      show_matrix_error (self, err.message);
      return;
    }
  if (!pv_document_load_matrix (document (self), &matrix, _("Matrix"), &error))
    {
      show_matrix_error (self, error->message);
      return;
    }
  show_matrix_error (self, NULL);
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

/* Switches to matrix mode without its default example. */
static void
enter_matrix_mode_quietly (PvWindow *self)
{
  if (gtk_toggle_button_get_active (self->matrix_mode))
    return;
  g_signal_handlers_block_matched (self->matrix_mode, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_toggle_button_set_active (self->matrix_mode, TRUE);
  g_signal_handlers_unblock_matched (self->matrix_mode, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  gtk_widget_set_visible (self->matrix_box, TRUE);
}

static void
apply_preset (PvWindow *self, const PvPreset *preset)
{
  g_autofree char *text = pv_preset_matrix_text (preset);
  pv_params params;

  if (!pv_preset_get_params (preset, &params))
    {
      show_error (self, _("This preset's parameters cannot be read"));
      return;
    }
  pv_params_pane_set_params (self->params, &params);
  set_params (self, &params);
  if (text != NULL)
    {
      enter_matrix_mode_quietly (self);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->matrix_text), text, -1);
      g_clear_handle_id (&self->matrix_timeout, g_source_remove);
      matrix_apply (self);
    }
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

      /* The first time, the matrix of a worked example (the 5 x 5 of the
       * ceil_mode one) to start from; the parameters stay the user's. */
      if (gtk_text_buffer_get_char_count (buffer) == 0)
        {
          g_autofree char *example = pv_preset_matrix_text (pv_preset_get (1));

          g_signal_handlers_block_matched (buffer, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
          gtk_text_buffer_set_text (buffer, example, -1);
          g_signal_handlers_unblock_matched (buffer, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                             self);
        }
      matrix_apply (self);
    }
  else if (self->last_picture != NULL)
    pv_window_open_file (self, self->last_picture);
  else
    load_sample (self);
}

/* "win.load-preset" (u): built-in preset @index. */
static void
load_preset_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  const PvPreset *preset = pv_preset_get (g_variant_get_uint32 (parameter));

  if (preset != NULL)
    apply_preset (PV_WINDOW (widget), preset);
}

/* "win.load-user-preset" (s): the user's preset of that name. */
static void
load_user_preset_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < self->user_presets->len; i++)
    {
      const PvPreset *p = self->user_presets->pdata[i];

      if (g_str_equal (p->title, name))
        apply_preset (self, p);
    }
}

static void rebuild_presets_menu (PvWindow *self);

/* "win.remove-user-preset" (s): removes the user's preset of that name,
 * with Undo in the toast. */
static void
remove_user_preset_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *toast = NULL;
  PvPreset *removed = NULL;

  for (guint i = 0; removed == NULL && i < self->user_presets->len; i++)
    {
      const PvPreset *p = self->user_presets->pdata[i];

      if (g_str_equal (p->title, name))
        removed = pv_user_preset_copy (p);
    }
  if (removed == NULL)
    return;
  if (!pv_user_presets_remove (name, &error))
    {
      pv_user_preset_free (removed);
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->removed_preset, pv_user_preset_free);
  self->removed_preset = removed;
  gtk_widget_action_set_enabled (widget, "win.undo-remove-preset", TRUE);
  rebuild_presets_menu (self);
  toast = g_strdup_printf (_("Removed the preset “%s”"), name);
  show_toast_with_action (self, toast, _("_Undo"), "win.undo-remove-preset");
}

/* "win.undo-remove-preset": saves the preset removed last again. */
static void
undo_remove_preset_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *toast = NULL;
  PvPreset *p = self->removed_preset;
  pv_params params;

  if (p == NULL)
    return;
  /* It parsed when it was listed, so only saving can fail. */
  if (!pv_preset_get_params (p, &params)
      || !pv_user_presets_save (p->title, &params, p->matrix, &error))
    {
      show_error (self, error != NULL ? error->message
                                      : _("This preset's parameters cannot be read"));
      return;
    }
  toast = g_strdup_printf (_("Restored the preset “%s”"), p->title);
  g_clear_pointer (&self->removed_preset, pv_user_preset_free);
  gtk_widget_action_set_enabled (widget, "win.undo-remove-preset", FALSE);
  rebuild_presets_menu (self);
  show_toast (self, toast);
}

static void
rebuild_presets_menu (PvWindow *self)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenu) examples = g_menu_new ();
  g_autoptr (GMenu) pictures = g_menu_new ();
  g_autoptr (GMenu) yours = g_menu_new ();
  g_autoptr (GMenu) remove = g_menu_new ();
  g_autoptr (GMenu) save = g_menu_new ();
  const PvPreset *p;

  g_clear_pointer (&self->user_presets, g_ptr_array_unref);
  self->user_presets = pv_user_presets_load ();
  for (guint i = 0; (p = pv_preset_get (i)) != NULL; i++)
    {
      g_autoptr (GMenuItem) item = literal_menu_item (_(p->title), "win.load-preset",
                                                      g_variant_new_uint32 (i));

      g_menu_append_item (p->matrix ? examples : pictures, item);
    }
  for (guint i = 0; i < self->user_presets->len; i++)
    {
      const PvPreset *u = self->user_presets->pdata[i];
      g_autoptr (GMenuItem) item = literal_menu_item (u->title, "win.load-user-preset",
                                                      g_variant_new_string (u->title));

      g_autoptr (GMenuItem) removal = literal_menu_item (u->title, "win.remove-user-preset",
                                                         g_variant_new_string (u->title));

      g_menu_append_item (yours, item);
      g_menu_append_item (remove, removal);
    }
  if (self->user_presets->len > 0)
    g_menu_append_submenu (yours, _("Remove a Preset"), G_MENU_MODEL (remove));
  g_menu_append (save, _("Save These Parameters as a Preset…"), "win.save-preset");
  g_menu_append_section (menu, _("Worked examples"), G_MENU_MODEL (examples));
  g_menu_append_section (menu, _("To try on pictures"), G_MENU_MODEL (pictures));
  if (self->user_presets->len > 0)
    g_menu_append_section (menu, _("Yours"), G_MENU_MODEL (yours));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (save));
  gtk_menu_button_set_menu_model (self->presets_button, G_MENU_MODEL (menu));
}

static void
save_preset_response_cb (GtkDialog *dialog, int response, PvWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = gtk_toggle_button_get_active (self->matrix_mode)
                                ? matrix_text (self)
                                : NULL;

      if (pv_user_presets_save (name, pv_document_get_params (document (self)), text, &error))
        {
          g_autofree char *toast = g_strdup_printf (_("Saved the preset “%s”"), name);

          rebuild_presets_menu (self);
          show_toast (self, toast);
        }
      else
        show_error (self, error->message);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* As the name is typed: Save only for a name that can be saved, and a line
 * under the entry saying why not, or that the name replaces a preset. */
static void
preset_name_changed_cb (GtkEditable *entry, GtkDialog *dialog)
{
  GPtrArray *saved = g_object_get_data (G_OBJECT (dialog), "saved");
  GtkLabel *hint = g_object_get_data (G_OBJECT (dialog), "hint");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *problem = pv_user_preset_name_problem (name);
  g_autofree char *replaces = NULL;

  for (guint i = 0; problem == NULL && replaces == NULL && i < saved->len; i++)
    {
      const PvPreset *preset = saved->pdata[i];

      if (g_str_equal (preset->title, name))
        replaces = g_strdup_printf (_("Replaces your preset “%s”"), name);
    }
  gtk_label_set_text (hint, problem != NULL ? problem : replaces != NULL ? replaces : "");
  gtk_dialog_set_response_sensitive (dialog, GTK_RESPONSE_ACCEPT, problem == NULL);
}

static void
save_preset_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  GtkWidget *dialog, *entry, *box, *hint;

  dialog = gtk_dialog_new_with_buttons (_("Save as a Preset"), GTK_WINDOW (self),
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT
                                          | GTK_DIALOG_USE_HEADER_BAR,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Save"),
                                        GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  box = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("A name for these parameters"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preset name"), -1);
  gtk_widget_set_margin_start (entry, 18);
  gtk_widget_set_margin_end (entry, 18);
  gtk_widget_set_margin_top (entry, 18);
  gtk_box_append (GTK_BOX (box), entry);
  hint = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_margin_start (hint, 18);
  gtk_widget_set_margin_end (hint, 18);
  gtk_widget_set_margin_top (hint, 6);
  gtk_widget_set_margin_bottom (hint, 18);
  gtk_box_append (GTK_BOX (box), hint);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "hint", hint);
  /* As saved now, perhaps by another window. */
  g_object_set_data_full (G_OBJECT (dialog), "saved", pv_user_presets_load (),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (entry, "changed", G_CALLBACK (preset_name_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (save_preset_response_cb), self);
  preset_name_changed_cb (GTK_EDITABLE (entry), GTK_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------------
 * Export.
 */

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (PvWindow) self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (path == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (path == NULL)
    {
      text = g_strdup_printf (_("Could not export: %s. Nothing was overwritten."), error->message);
      show_error (self, text);
      return;
    }
  {
    gsize n = 0;
    int top = 0;
    gsize clamped = pv_export_get_clamped (result, &n, &top);

    /* Written, but not all of it: the numbers PNG could not hold. */
    text = clamped > 0
             ? g_strdup_printf (_("Saved %s; %lu of its %lu values lay outside 0–%d and "
                                  "were clamped (.npy keeps them)"),
                                path, (gulong) clamped, (gulong) n, top)
             : g_strdup_printf (_("Saved %s"), path);
  }
  show_toast (self, text);
  {
    g_autoptr (GFile) file = g_file_new_for_path (path);

    g_clear_object (&self->export_folder);
    self->export_folder = g_file_get_parent (file);
  }
}

static gboolean
has_fresh_result (PvWindow *self)
{
  if (pv_document_has_result (document (self)) && !pv_document_is_stale (document (self)))
    return TRUE;
  show_toast (self, _("Nothing to export: the parameters have no valid result yet"));
  return FALSE;
}

static void
export_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  int mode = current_channel_mode (self);

  if (has_fresh_result (self))
    pv_export_run (GTK_WINDOW (self), document (self), mode >= 0 ? mode : -1,
                   self->export_folder, export_done_cb, g_object_ref (self));
}

typedef struct
{
  cairo_surface_t *surface;
  char *title;
  char *path;
} FigureJob;

static void
figure_job_free (FigureJob *job)
{
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_free (job->title);
  g_free (job->path);
  g_free (job);
}

static void
figure_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  FigureJob *job = data;
  GError *error = NULL;

  if (pv_figure_save (job->surface, job->title, job->path, &error))
    g_task_return_pointer (task, g_strdup (job->path), g_free);
  else
    g_task_return_error (task, error);
}

static void
figure_response_cb (GtkNativeDialog *dialog, int response, PvWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *scale = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "scale");
      PvTensorView *views[3] = { self->input_view, self->output_view, self->compare_view };
      g_autofree char *caption = pv_window_get_figure_caption (self);
      g_autoptr (GError) error = NULL;
      FigureJob *job = g_new0 (FigureJob, 1);
      GTask *task = g_task_new (self, NULL, export_done_cb, g_object_ref (self));

      job->title = pv_window_get_figure_title (self);
      job->path = g_file_get_path (file);
      /* Drawing reads the widgets here; encoding and writing go to a worker. */
      job->surface = pv_figure_draw (views, comparing (self) ? 3 : 2, job->title, caption,
                                     scale ? g_ascii_strtod (scale, NULL) : 2.0, &error);
      g_task_set_task_data (task, job, (GDestroyNotify) figure_job_free);
      if (job->surface == NULL || job->path == NULL)
        g_task_return_new_error (task, PV_ERROR, PV_ERR_ARGUMENT, "%s",
                                 error ? error->message : _("Only local files can be written"));
      else
        g_task_run_in_thread (task, figure_thread);
      g_object_unref (task);
    }
  g_object_unref (dialog);
}

static void
export_figure_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  GtkFileChooserNative *dialog;
  const char *ids[] = { "1", "2", "3", NULL };
  const char *labels[] = { _("Screen size"), _("Twice the screen size"),
                           _("Three times the screen size"), NULL };

  if (!has_fresh_result (self))
    return;
  dialog = gtk_file_chooser_native_new (_("Export a Figure"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  pv_export_start_in (GTK_FILE_CHOOSER (dialog), self->export_folder, document (self));
  {
    g_autofree char *name = pv_window_suggest_figure_name (self);

    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  }
  pv_ui_add_file_filter (GTK_FILE_CHOOSER (dialog), _("PNG pictures (.png)"),
              (const char *const[]) { "*.[pP][nN][gG]", NULL });
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "scale", _("Scale"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "scale", "2");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (figure_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---------------------------------------------------------------------------
 * Zoom, overlays, small actions.
 */

static void
zoom_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  double u, v;

  pv_viewport_get_center (self->viewport, &u, &v);
  if (g_str_equal (action, "win.zoom-in"))
    pv_viewport_zoom_at (self->viewport, 1.5, u, v);
  else if (g_str_equal (action, "win.zoom-out"))
    pv_viewport_zoom_at (self->viewport, 1 / 1.5, u, v);
  else if (g_str_equal (action, "win.zoom-fit"))
    fit (self);
  else
    pv_viewport_set (self->viewport, 1.0, u, v);
}

/* "win.overlay" (s): "none", "coverage" or "winners". */
static void
overlay_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  const char *which = g_variant_get_string (parameter, NULL);

  gtk_toggle_button_set_active (self->coverage_button, g_str_equal (which, "coverage"));
  gtk_toggle_button_set_active (self->winners_button,
                                g_str_equal (which, "winners")
                                  && gtk_widget_get_sensitive (GTK_WIDGET (self->winners_button)));
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

/* "win.show" (i): a PvShowMode. */
static void
show_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  gtk_drop_down_set_selected (PV_WINDOW (widget)->show_mode,
                              (guint) g_variant_get_int32 (parameter));
}

static void
dismiss_error_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  show_error (PV_WINDOW (widget), NULL);
}

/* ---------------------------------------------------------------------------
 * Settings.
 */

static void
view_settings_changed_cb (GSettings *settings, const char *key, PvWindow *self)
{
  PvTensorView *views[] = { self->input_view, self->output_view, self->compare_view };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      pv_tensor_view_set_show_values (views[i], g_settings_get_boolean (settings, "show-values"));
      pv_tensor_view_set_show_grid (views[i], g_settings_get_boolean (settings, "grid"));
    }
}

/* Without the schema (an uninstalled build run by hand), the same toggles
 * work for the session. */
static void
toggle_view_pref_cb (GSimpleAction *action, GVariant *value, PvWindow *self)
{
  PvTensorView *views[] = { self->input_view, self->output_view, self->compare_view };
  gboolean on = g_variant_get_boolean (value);

  g_simple_action_set_state (action, value);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      if (g_str_equal (g_action_get_name (G_ACTION (action)), "show-values"))
        pv_tensor_view_set_show_values (views[i], on);
      else
        pv_tensor_view_set_show_grid (views[i], on);
    }
}

static void
open_zoom_setting_cb (GSettings *settings, const char *key, PvWindow *self)
{
  g_free (self->open_zoom);
  self->open_zoom = g_settings_get_string (settings, "open-zoom");
}

static void
open_zoom_changed_cb (GSimpleAction *action, GVariant *value, PvWindow *self)
{
  g_simple_action_set_state (action, value);
  g_free (self->open_zoom);
  self->open_zoom = g_variant_dup_string (value, NULL);
}

static void
setup_settings (PvWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)
                                              : NULL;
  const char *keys[] = { "show-values", "grid" };

  if (schema != NULL)
    self->settings = g_settings_new (APPLICATION_ID);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr (GAction) action = NULL;

      if (self->settings != NULL)
        action = g_settings_create_action (self->settings, keys[i]);
      else
        {
          action = G_ACTION (g_simple_action_new_stateful (keys[i], NULL,
                                                           g_variant_new_boolean (TRUE)));
          g_signal_connect (action, "change-state", G_CALLBACK (toggle_view_pref_cb), self);
        }
      g_action_map_add_action (G_ACTION_MAP (self), action);
    }
  if (self->settings == NULL)
    {
      g_autoptr (GSimpleAction) open_zoom = g_simple_action_new_stateful (
        "open-zoom", G_VARIANT_TYPE_STRING, g_variant_new_string (self->open_zoom));

      g_signal_connect (open_zoom, "change-state", G_CALLBACK (open_zoom_changed_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (open_zoom));
      return;
    }
  {
    g_autoptr (GAction) open_zoom = g_settings_create_action (self->settings, "open-zoom");

    g_action_map_add_action (G_ACTION_MAP (self), open_zoom);
  }
  g_signal_connect (self->settings, "changed::open-zoom", G_CALLBACK (open_zoom_setting_cb), self);
  open_zoom_setting_cb (self->settings, "open-zoom", self);
  g_signal_connect (self->settings, "changed::show-values", G_CALLBACK (view_settings_changed_cb),
                    self);
  g_signal_connect (self->settings, "changed::grid", G_CALLBACK (view_settings_changed_cb), self);
  view_settings_changed_cb (self->settings, NULL, self);
}

/* The last session's window, parameters and mode. */
static gboolean
restore_state (PvWindow *self)
{
  g_autofree char *op = NULL, *options = NULL, *mode = NULL, *matrix = NULL;
  PvPreset last = { NULL, NULL, NULL, NULL };
  pv_params params;

  if (self->settings == NULL)
    return FALSE;
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  gtk_spin_button_set_value (self->speed, g_settings_get_double (self->settings, "step-speed"));

  op = g_settings_get_string (self->settings, "operator");
  options = g_settings_get_string (self->settings, "options");
  last.op = op;
  last.options = options;
  if (!pv_preset_get_params (&last, &params))
    return FALSE;
  pv_params_pane_set_params (self->params, &params);
  pv_document_set_params (document (self), &params);

  mode = g_settings_get_string (self->settings, "mode");
  matrix = g_settings_get_string (self->settings, "matrix");
  if (g_str_equal (mode, "matrix") && matrix[0] != '\0')
    {
      enter_matrix_mode_quietly (self);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->matrix_text), matrix, -1);
      g_clear_handle_id (&self->matrix_timeout, g_source_remove);
      matrix_apply (self);
      return TRUE;
    }
  return FALSE;
}

static void
save_state (PvWindow *self)
{
  const pv_params *params = pv_document_get_params (document (self));
  g_autofree char *matrix = matrix_text (self);
  char options[512];
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  pv_params_format_options (params, options, sizeof options);
  g_settings_set_string (self->settings, "operator", pv_op_get_info (params->op)->name);
  g_settings_set_string (self->settings, "options", options);
  g_settings_set_string (self->settings, "mode",
                         gtk_toggle_button_get_active (self->matrix_mode) ? "matrix" : "picture");
  g_settings_set_string (self->settings, "matrix", matrix);
  g_settings_set_double (self->settings, "step-speed", gtk_spin_button_get_value (self->speed));
  g_settings_apply (self->settings);
}

static gboolean
pv_window_close_request (GtkWindow *window)
{
  save_state (PV_WINDOW (window));
  return GTK_WINDOW_CLASS (pv_window_parent_class)->close_request (window);
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
  g_cancellable_cancel (self->overlay_counting);
  g_clear_object (&self->overlay_counting);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  g_clear_handle_id (&self->matrix_timeout, g_source_remove);
  g_clear_handle_id (&self->play_timeout, g_source_remove);
  if (self->await_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->await_tick);
  self->await_tick = 0;
  for (int s = 0; s < N_SLOTS; s++)
    {
      if (self->slots[s].document != NULL)
        g_signal_handlers_disconnect_by_data (self->slots[s].document, self);
      g_clear_object (&self->slots[s].document);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_WINDOW);
  g_clear_object (&self->viewport);
  g_clear_object (&self->last_picture);
  g_clear_object (&self->export_folder);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->user_presets, g_ptr_array_unref);
  g_clear_pointer (&self->removed_preset, pv_user_preset_free);
  G_OBJECT_CLASS (pv_window_parent_class)->dispose (object);
}

static void
pv_window_finalize (GObject *object)
{
  PvWindow *self = PV_WINDOW (object);

  g_free (self->open_zoom);
  g_array_unref (self->channel_choices);
  g_array_unref (self->input_panels);
  for (int s = 0; s < N_SLOTS; s++)
    g_array_unref (self->slots[s].panels);
  G_OBJECT_CLASS (pv_window_parent_class)->finalize (object);
}

static void
pv_window_class_init (PvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pv_window_dispose;
  object_class->finalize = pv_window_finalize;
  window_class->close_request = pv_window_close_request;

  g_type_ensure (PV_TYPE_PARAMS_PANE);
  g_type_ensure (PV_TYPE_TENSOR_VIEW);
  g_type_ensure (PV_TYPE_WRAP_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/pv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PvWindow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, shape_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, input_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, output_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, compare_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, output_legend);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, compare_legend);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, computation_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, formula_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, toast_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, toast_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, matrix_error);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, main_area);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, matrix_box);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, compare_column);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, keep_b_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, picture_mode);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, matrix_mode);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, channel);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, coverage_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, winners_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, show_mode);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, presets_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, code_grid);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, code_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, speed);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, matrix_text);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, params);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, input_view);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, output_view);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, compare_view);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-figure", NULL, export_figure_action);
  gtk_widget_class_install_action (widget_class, "win.copy-pytorch", NULL, copy_pytorch_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-one", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.clear-selection", NULL,
                                   clear_selection_action);
  gtk_widget_class_install_action (widget_class, "win.step-forward", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-back", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.keep-as-b", NULL, keep_as_b_action);
  gtk_widget_class_install_action (widget_class, "win.load-preset", "u", load_preset_action);
  gtk_widget_class_install_action (widget_class, "win.load-user-preset", "s",
                                   load_user_preset_action);
  gtk_widget_class_install_action (widget_class, "win.save-preset", NULL, save_preset_action);
  gtk_widget_class_install_action (widget_class, "win.remove-user-preset", "s",
                                   remove_user_preset_action);
  gtk_widget_class_install_action (widget_class, "win.undo-remove-preset", NULL,
                                   undo_remove_preset_action);
  gtk_widget_class_install_action (widget_class, "win.overlay", "s", overlay_action);
  gtk_widget_class_install_action (widget_class, "win.channel", "i", channel_action);
  gtk_widget_class_install_action (widget_class, "win.show", "i", show_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.export", NULL);
  /* One key per menu item: the menu shows an action's last binding, so a
   * second key for the same action would be what it lists. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-figure", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-pytorch", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.zoom-one",
                                       NULL);
  /* Presentation remotes send F5 and Page Up/Down: a teacher can play and
   * step from the back of the room. Space and the arrows do it in a view. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "win.step-forward",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "win.step-back", NULL);
  /* Escape works wherever the focus is, the play button included; a view
   * and an open popover or menu take it first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.clear-selection",
                                       NULL);
}

static void
pv_window_init (PvWindow *self)
{
  GtkDropTarget *drop;
  const char *debug = g_getenv ("POOLVIEW_DEBUG");
  PvTensorView *result_views[N_SLOTS];
  GtkLabel *result_labels[N_SLOTS];

  gtk_widget_init_template (GTK_WIDGET (self));
  result_views[SLOT_A] = self->output_view;
  result_views[SLOT_B] = self->compare_view;
  result_labels[SLOT_A] = self->output_label;
  result_labels[SLOT_B] = self->compare_label;
  for (int s = 0; s < N_SLOTS; s++)
    {
      gtk_widget_set_has_tooltip (GTK_WIDGET (result_labels[s]), TRUE);
      g_signal_connect (result_labels[s], "query-tooltip", G_CALLBACK (title_query_tooltip_cb),
                        NULL);
    }

  /* Choosing what to show moves nothing after it in the toolbar. */
  pv_ui_drop_down_hold_widest (self->show_mode);
  self->channel_choices = g_array_new (FALSE, FALSE, sizeof (int));
  self->input_panels = g_array_new (FALSE, FALSE, sizeof (PvPanelInfo));
  self->pinned.slot = self->hover.slot = -1;
  self->hover_in_panel = -1;
  self->timing = debug != NULL && strstr (debug, "timing") != NULL;
  self->viewport = pv_viewport_new ();
  for (int s = 0; s < N_SLOTS; s++)
    {
      self->slots[s].document = pv_document_new ();
      self->slots[s].view = result_views[s];
      self->slots[s].label = result_labels[s];
      self->slots[s].legend = s == SLOT_A ? self->output_legend : self->compare_legend;
      self->slots[s].panels = g_array_new (FALSE, FALSE, sizeof (PvPanelInfo));
      pv_tensor_view_set_viewport (result_views[s], self->viewport, 1.0, 1.0);
      g_signal_connect (self->slots[s].document, "result-changed",
                        G_CALLBACK (result_changed_cb), self);
      g_signal_connect (result_views[s], "hover", G_CALLBACK (result_hover_cb), self);
      g_signal_connect (result_views[s], "cell-activated", G_CALLBACK (result_activated_cb), self);
      g_signal_connect (result_views[s], "move-cursor", G_CALLBACK (move_cursor_cb), self);
      g_signal_connect (result_views[s], "clear-selection", G_CALLBACK (clear_selection_cb), self);
      g_signal_connect (result_views[s], "resized", G_CALLBACK (view_resized_cb), self);
    }

  pv_tensor_view_set_placeholder (self->input_view,
                                  _("Open a picture or a matrix (Ctrl+O), or drop one here"));
  pv_tensor_view_set_placeholder (self->output_view, _("The pooled result appears here"));
  pv_tensor_view_set_viewport (self->input_view, self->viewport, 1.0, 1.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->input_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Input"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->output_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pooled output"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->compare_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Second result, B"), -1);

  g_signal_connect (self->viewport, "changed", G_CALLBACK (viewport_changed_cb), self);
  g_signal_connect (self->input_view, "resized", G_CALLBACK (view_resized_cb), self);
  g_signal_connect (self->input_view, "hover", G_CALLBACK (input_hover_cb), self);
  g_signal_connect (self->input_view, "move-cursor", G_CALLBACK (move_cursor_cb), self);
  g_signal_connect (self->input_view, "clear-selection", G_CALLBACK (clear_selection_cb), self);
  g_signal_connect (document (self), "input-changed", G_CALLBACK (input_changed_cb), self);
  g_signal_connect (self->params, "changed", G_CALLBACK (params_changed_cb), self);
  g_signal_connect_swapped (self->channel, "notify::selected", G_CALLBACK (channel_changed_cb),
                            self);
  g_signal_connect (self->coverage_button, "toggled", G_CALLBACK (overlay_toggled_cb), self);
  g_signal_connect (self->winners_button, "toggled", G_CALLBACK (overlay_toggled_cb), self);
  g_signal_connect_swapped (self->show_mode, "notify::selected", G_CALLBACK (show_changed_cb),
                            self);
  g_signal_connect_swapped (self->compare_button, "toggled", G_CALLBACK (compare_toggled_cb),
                            self);
  g_signal_connect_swapped (self->speed, "value-changed", G_CALLBACK (speed_changed_cb), self);
  g_signal_connect (gtk_text_view_get_buffer (self->matrix_text), "changed",
                    G_CALLBACK (matrix_text_changed_cb), self);
  g_signal_connect (self->picture_mode, "toggled", G_CALLBACK (mode_toggled_cb), self);
  g_signal_connect (self->matrix_mode, "toggled", G_CALLBACK (mode_toggled_cb), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (drop, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (drop, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->open_zoom = g_strdup ("fit");
  setup_settings (self);
  rebuild_presets_menu (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-remove-preset", FALSE);
  rebuild_recent_menu (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.no-recent", FALSE);

  /* The last session's parameters, or overlapping max pooling on the
   * sample, which shows windows sharing pixels. */
  if (!restore_state (self))
    {
      if (self->settings == NULL)
        {
          pv_params params;

          pv_params_init (&params, PV_OP_MAX_POOL2D);
          pv_params_set_option (&params, "kernel-size", "3", NULL);
          pv_params_set_option (&params, "stride", "2", NULL);
          pv_params_pane_set_params (self->params, &params);
          pv_document_set_params (document (self), &params);
        }
      load_sample (self);
    }
  rebuild_code (self);
  g_signal_connect_swapped (gtk_menu_button_get_popover (self->code_button), "show",
                            G_CALLBACK (code_popover_show_cb), self);
}

PvWindow *
pv_window_new (GtkApplication *application)
{
  return g_object_new (PV_TYPE_WINDOW, "application", application, NULL);
}

PvDocument *
pv_window_get_document (PvWindow *self)
{
  return document (self);
}

PvDocument *
pv_window_get_compare_document (PvWindow *self)
{
  return self->slots[SLOT_B].document;
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

PvTensorView *
pv_window_get_compare_view (PvWindow *self)
{
  return self->compare_view;
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

char *
pv_window_suggest_figure_name (PvWindow *self)
{
  const pv_params *params = pv_document_get_params (document (self));
  g_autofree char *what = g_strdup_printf (
    "%s-figure", comparing (self) ? "compare" : pv_op_get_info (params->op)->name);

  return pv_export_suggest_name (document (self), what, "png");
}

char *
pv_window_get_figure_title (PvWindow *self)
{
  const pv_tensor *in = input_tensor (self);
  g_autofree char *in_shape = in != NULL ? shape_text (&in->shape) : g_strdup ("");
  GString *title = g_string_new (NULL);

  for (int s = 0; s < (comparing (self) ? N_SLOTS : 1); s++)
    {
      const pv_plan *plan = pv_document_get_plan (self->slots[s].document);
      g_autofree char *out_shape = NULL;
      char call[256];

      if (plan == NULL)
        continue;
      pv_params_format_call (&plan->params, call, sizeof call);
      out_shape = shape_text (&plan->out_shape);
      /* In Compare, A's and B's calls and shapes each on a line. */
      if (comparing (self))
        g_string_append_printf (title, "%s%s: ", title->len ? "\n" : "", s == SLOT_A ? "A" : "B");
      g_string_append_printf (title, "%s    %s\u00a0→ %s", call, in_shape, out_shape);
    }
  return g_string_free (title, FALSE);
}

char *
pv_window_get_figure_caption (PvWindow *self)
{
  const char *parts[2] = { self->computation_is_hint ? ""
                                                     : gtk_label_get_text (self->computation_label),
                           gtk_label_get_text (self->detail_label) };
  const char *legends[N_SLOTS] = { "", "" };
  GString *caption = g_string_new (NULL);
  gboolean both;

  for (int i = 0; i < 2; i++)
    if (parts[i][0] != '\0')
      g_string_append_printf (caption, "%s%s", caption->len ? "\n" : "", parts[i]);
  /* What the colours mean, when a view shows differences or the result at
   * the input's size: once when A and B say the same, else each named. */
  for (int s = 0; s < (comparing (self) ? N_SLOTS : 1); s++)
    if (gtk_widget_get_visible (GTK_WIDGET (self->slots[s].legend)))
      legends[s] = gtk_label_get_text (self->slots[s].legend);
  both = legends[SLOT_A][0] != '\0' && legends[SLOT_B][0] != '\0';
  if (both && strcmp (legends[SLOT_A], legends[SLOT_B]) == 0)
    legends[SLOT_B] = "";
  for (int s = 0; s < N_SLOTS; s++)
    if (legends[s][0] != '\0')
      g_string_append_printf (caption, "%s%s%s", caption->len ? "\n" : "",
                              both && legends[SLOT_B][0] != '\0' ? (s == SLOT_A ? "A: " : "B: ")
                                                                   : "",
                              legends[s]);
  return g_string_free (caption, FALSE);
}

const char *
pv_window_get_formula_text (PvWindow *self)
{
  return gtk_label_get_text (self->formula_label);
}

const char *
pv_window_get_error_text (PvWindow *self)
{
  return gtk_revealer_get_reveal_child (self->error_revealer)
           ? gtk_label_get_text (self->error_label)
           : NULL;
}

void
pv_window_set_comparing (PvWindow *self, gboolean on)
{
  gtk_toggle_button_set_active (self->compare_button, on);
}

gboolean
pv_window_is_playing (PvWindow *self)
{
  return self->play_timeout != 0;
}

gboolean
pv_window_get_pinned (PvWindow *self, int *row, int *col)
{
  if (self->pinned.slot < 0)
    return FALSE;
  *row = self->pinned.row;
  *col = self->pinned.col;
  return TRUE;
}

void
pv_window_show_code (PvWindow *self, gboolean shown)
{
  if (shown)
    gtk_menu_button_popup (self->code_button);
  else
    gtk_menu_button_popdown (self->code_button);
}

char *
pv_window_get_code_text (PvWindow *self)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->code_grid));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (text, FALSE);
}
