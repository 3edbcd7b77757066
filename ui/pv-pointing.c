/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-pointing.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "engine/cell.h"
#include "engine/compare.h"
#include "pv-explain.h"
#include "pv-panels.h"

/* Taps are outlined one by one up to this many; beyond, the window is one
 * box, which is all that can be seen anyway. */
#define MAX_TAP_MARKS 4096
#define MAX_READERS 4096

static void
add_mark (GArray *marks, int panel, double row, double col, double rows, double cols,
          PvMarkKind kind, const char *label)
{
  PvMark m = { panel, row, col, rows, cols, kind, "" };

  if (label)
    g_strlcpy (m.label, label, sizeof m.label);
  g_array_append_val (marks, m);
}

static const pv_tensor *
input_of (const PvSlot *slot)
{
  return pv_tensor_ref_get (pv_document_get_input (slot->document));
}

/* Where a result cell is for the engine. */
typedef struct
{
  int64_t plane;
  int level;
  int64_t oh, ow;
  int64_t in_row;   /* 1-D operators pool each input row on its own; else -1 */
} Address;

static Address
address_of (const PvSlot *slot, PvPanelInfo info, int channel, int64_t row, int64_t col)
{
  const pv_plan *plan = pv_document_get_plan (slot->document);
  Address a = { 0, 0, row, col, -1 };

  a.level = plan->info->windows == PV_WINDOWS_PYRAMID ? info.level : 0;
  if (plan->info->spatial_dims == 1)
    {
      a.plane = (int64_t) channel * input_of (slot)->shape.dims[1] + row;
      a.oh = 0;
      a.in_row = row;
    }
  else
    a.plane = channel;
  return a;
}

/* The output cell shown at displayed (row, col): itself, or for views at
 * the input's size, the cell the engine's resampling took it from. */
static void
displayed_to_output (const PvSlot *slot, int row, int col, int64_t *oh, int64_t *ow)
{
  const pv_tensor *out = pv_tensor_ref_get (pv_document_get_output (slot->document));
  const pv_tensor *in = input_of (slot);

  *oh = row;
  *ow = col;
  if (slot->shown == PV_SHOW_AT_INPUT_SIZE || slot->shown == PV_SHOW_MINUS_INPUT)
    {
      *oh = pv_resize_source (row, out->shape.dims[1], in->shape.dims[1]);
      *ow = pv_resize_source (col, out->shape.dims[2], in->shape.dims[2]);
    }
}

/* Marks output cell (oh, ow) on @panel as displayed. */
static void
mark_output (const PvSlot *slot, int panel, int64_t oh, int64_t ow, PvMarkKind kind,
             GArray *marks)
{
  const pv_tensor *out = pv_tensor_ref_get (pv_document_get_output (slot->document));
  const pv_tensor *in = input_of (slot);
  int64_t r0 = oh, r1 = oh + 1, c0 = ow, c1 = ow + 1;

  if (slot->shown == PV_SHOW_AT_INPUT_SIZE || slot->shown == PV_SHOW_MINUS_INPUT)
    {
      pv_resize_targets (oh, out->shape.dims[1], in->shape.dims[1], &r0, &r1);
      pv_resize_targets (ow, out->shape.dims[2], in->shape.dims[2], &c0, &c1);
    }
  add_mark (marks, panel, (double) r0, (double) c0, (double) (r1 - r0), (double) (c1 - c0), kind,
            NULL);
}

static int
input_panel_for (const GArray *infos, int channel)
{
  for (guint i = 0; i < infos->len; i++)
    {
      const PvPanelInfo *info = &g_array_index (infos, PvPanelInfo, i);

      if (info->channel == channel || info->channel == PV_CHANNEL_COMPOSITE)
        return (int) i;
    }
  return -1;
}

/* Outlines every tap of @cell's window on input panel @panel. */
static void
mark_window (const pv_plan *plan, const pv_cell *cell, int64_t in_row, int panel, GArray *marks)
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

void
pv_pointing_output (const PvSlot *slot, const GArray *input_infos, int panel, int row, int col,
                    GArray *input_marks, GArray *slot_marks, GString *computation,
                    GString *detail, pv_cell *first_cell)
{
  const pv_plan *plan = pv_document_get_plan (slot->document);
  const pv_tensor *in = input_of (slot);
  PvPanelInfo info = g_array_index (slot->panels, PvPanelInfo, panel);
  PvSourceKind kind = pv_document_get_source_kind (slot->document);
  int c_n = (int) in->shape.dims[0];
  int first = info.channel == PV_CHANNEL_COMPOSITE ? 0 : info.channel;
  int last = info.channel == PV_CHANNEL_COMPOSITE ? c_n - 1 : info.channel;
  int64_t plane_size = in->shape.dims[1] * in->shape.dims[2];
  int64_t oh, ow;

  displayed_to_output (slot, row, col, &oh, &ow);
  mark_output (slot, panel, oh, ow, PV_MARK_SELECTED, slot_marks);
  for (int ch = first; ch <= last; ch++)
    {
      Address a = address_of (slot, info, ch, oh, ow);
      g_autofree char *text = NULL;
      pv_cell cell;
      const float *plane;

      if (pv_plan_cell (plan, in, NULL, a.plane, a.level, a.oh, a.ow, &cell, NULL) != PV_OK)
        return;
      /* For 1-D operators the engine's plane is one input row. */
      plane = (const float *) in->data + (a.in_row >= 0 ? (gsize) a.plane * (gsize) in->shape.dims[2]
                                                        : (gsize) ch * (gsize) plane_size);
      text = pv_explain_computation (plan, plane, &cell);
      if (last > first)
        {
          g_autofree char *name = pv_panels_channel_name (kind, ch, c_n);

          g_string_append_printf (computation, "%s%s: ", ch > first ? "\n" : "", name);
        }
      g_string_append (computation, text);

      if (ch == first)
        {
          g_autofree char *window = pv_explain_window (plan, &cell);
          g_autofree char *divisor = pv_explain_divisor (plan, &cell);
          int in_panel = input_panel_for (input_infos, ch);

          if (first_cell != NULL)
            *first_cell = cell;
          if (in_panel >= 0)
            mark_window (plan, &cell, a.in_row, in_panel, input_marks);
          if (cell.empty)
            mark_output (slot, panel, oh, ow, PV_MARK_EMPTY, slot_marks);
          if (plan->info->windows == PV_WINDOWS_PYRAMID)
            /* The panels of a pyramid's levels look alike: say which. */
            g_string_append_printf (detail, _("Level %" PRId64 " × %" PRId64 ", output (%"
                                              PRId64 ", %" PRId64 ") reads %s"),
                                    plan->levels[a.level], plan->levels[a.level], a.oh, a.ow,
                                    window);
          else
            g_string_append_printf (detail, _("Output (%" PRId64 ", %" PRId64
                                              ") reads %s"),
                                    a.in_row >= 0 ? a.in_row : oh, ow, window);
          if (divisor != NULL)
            /* TRANSLATORS: joins the sentence explaining the divisor to the
             * one before it. */
            g_string_append_printf (detail, _(". %s"), divisor);
          if (cell.has_winner && last == first)
            g_string_append_printf (detail, _(". The maximum is at (%" PRId64 ", %"
                                              PRId64 "), index %" PRId64),
                                    a.in_row >= 0 ? a.in_row : cell.winner_h, cell.winner_w,
                                    cell.reduction.index);
          else if (plan->info->reduce == PV_REDUCE_MAX && cell.empty)
            g_string_append_printf (detail, _(". Index %" PRId64 " lies outside the "
                                              "input, as in PyTorch"),
                                    cell.reduction.index);
        }
    }
}

void
pv_pointing_input (const GArray *input_infos, int panel, int row, int col, PvSlot *const *slots,
                   guint n_slots, GArray *input_marks, GArray *const *slot_marks,
                   GString *computation, GString *detail)
{
  PvPanelInfo info = g_array_index (input_infos, PvPanelInfo, panel);
  const pv_tensor *in = input_of (slots[0]);
  int ch = info.channel == PV_CHANNEL_COMPOSITE ? 0 : info.channel;
  int64_t c_n = in->shape.dims[0], plane_size = in->shape.dims[1] * in->shape.dims[2];
  gsize total = 0;
  g_autofree int64_t *cells = g_new (int64_t, 2 * MAX_READERS);

  add_mark (input_marks, panel, row, col, 1, 1, PV_MARK_POINTED, NULL);
  for (guint s = 0; s < n_slots; s++)
    {
      const PvSlot *slot = slots[s];
      const pv_plan *plan = pv_document_get_plan (slot->document);
      gboolean one_d;

      if (plan == NULL || slot->shown == PV_SHOW_MINUS_OTHER)
        continue;
      one_d = plan->info->spatial_dims == 1;
      for (guint op = 0; op < slot->panels->len; op++)
        {
          PvPanelInfo oi = g_array_index (slot->panels, PvPanelInfo, op);
          int64_t plane = one_d ? (int64_t) ch * in->shape.dims[1] + row : ch;
          gsize n;

          if (oi.channel != info.channel && oi.channel != PV_CHANNEL_COMPOSITE
              && info.channel != PV_CHANNEL_COMPOSITE)
            continue;
          n = pv_plan_readers (plan, NULL, plane, oi.level, one_d ? 0 : row, col, cells,
                               MAX_READERS);
          for (gsize i = 0; i < MIN (n, MAX_READERS); i++)
            mark_output (slot, (int) op, one_d ? row : cells[2 * i], cells[2 * i + 1],
                         PV_MARK_READER, slot_marks[s]);
          if (s == 0)
            total += n;
        }
    }

  g_string_append_printf (computation, _("input (%d, %d) ="), row, col);
  for (int64_t c = (info.channel == PV_CHANNEL_COMPOSITE ? 0 : ch);
       c <= (info.channel == PV_CHANNEL_COMPOSITE ? c_n - 1 : ch); c++)
    {
      char v[48];

      pv_format_number (((const float *) in->data)[c * plane_size + row * in->shape.dims[2] + col],
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
