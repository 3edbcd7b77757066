/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-params-pane.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "engine/options.h"
#include "engine/plan.h"

typedef struct
{
  pv_op op;
  const char *label;
  gboolean global;   /* adaptive to 1 x 1 */
} OperatorChoice;

static const OperatorChoice operators[] = {
  { PV_OP_MAX_POOL2D, N_("Max pooling"), FALSE },
  { PV_OP_AVG_POOL2D, N_("Average pooling"), FALSE },
  { PV_OP_LP_POOL2D, N_("LP pooling"), FALSE },
  { PV_OP_ADAPTIVE_MAX_POOL2D, N_("Adaptive max pooling"), FALSE },
  { PV_OP_ADAPTIVE_AVG_POOL2D, N_("Adaptive average pooling"), FALSE },
  { PV_OP_ADAPTIVE_MAX_POOL2D, N_("Global max pooling"), TRUE },
  { PV_OP_ADAPTIVE_AVG_POOL2D, N_("Global average pooling"), TRUE },
  { PV_OP_FRACTIONAL_MAX_POOL2D, N_("Fractional max pooling"), FALSE },
  { PV_OP_SPATIAL_PYRAMID_MAX_POOL2D, N_("Spatial pyramid, max"), FALSE },
  { PV_OP_SPATIAL_PYRAMID_AVG_POOL2D, N_("Spatial pyramid, average"), FALSE },
  { PV_OP_MAX_POOL1D, N_("Max pooling 1-D (along rows)"), FALSE },
  { PV_OP_AVG_POOL1D, N_("Average pooling 1-D (along rows)"), FALSE },
  { PV_OP_LP_POOL1D, N_("LP pooling 1-D (along rows)"), FALSE },
  { PV_OP_ADAPTIVE_MAX_POOL1D, N_("Adaptive max 1-D (along rows)"), FALSE },
  { PV_OP_ADAPTIVE_AVG_POOL1D, N_("Adaptive average 1-D (along rows)"), FALSE },
};

/* The four H x W pairs share their behaviour. */
typedef struct
{
  GtkWidget *row, *label, *h, *times, *w, *lock, *error;
} Pair;

struct _PvParamsPane
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkDropDown *operator;
  GtkLabel *operator_name;
  GtkLabel *operator_error;

  Pair kernel, stride, padding, dilation, output, ratio;
  GtkCheckButton *stride_default;
  GtkDropDown *padding_mode;
  GtkStack *padding_stack;
  GtkLabel *padding_in_force;
  GtkCheckButton *output_keep;

  GtkWidget *ceil_row, *ceil_error, *cip_row, *cip_error;
  GtkCheckButton *ceil_check, *cip_check;
  GtkWidget *divisor_row, *divisor_error, *divisor_value;
  GtkCheckButton *divisor_check;
  GtkWidget *temperature_row, *temperature_error, *temperature_value;
  GtkWidget *seed_row, *seed_error, *seed_value;
  GtkWidget *norm_row, *norm_error, *norm_value;
  GtkCheckButton *norm_infinite;
  GtkWidget *levels_row, *levels_error, *levels_value;

  gboolean updating;  /* set while widgets are filled from params */
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PvParamsPane, pv_params_pane, GTK_TYPE_WIDGET)

static const OperatorChoice *
current_choice (PvParamsPane *self)
{
  guint i = gtk_drop_down_get_selected (self->operator);

  return &operators[i < G_N_ELEMENTS (operators) ? i : 0];
}

static double
spin_value (GtkWidget *spin)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
}

static void
set_spin (GtkWidget *spin, double v)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), v);
}

static void
read_pair (const Pair *p, gboolean one_d, pv_int_list *list)
{
  if (one_d)
    {
      list->n = 1;
      list->v[0] = (int64_t) spin_value (p->w);
      return;
    }
  list->n = 2;
  list->v[0] = (int64_t) spin_value (p->h);
  list->v[1] = (int64_t) spin_value (p->w);
}

static void
write_pair (const Pair *p, const pv_int_list *list, int64_t fallback)
{
  int64_t h = list->n > 0 ? list->v[0] : fallback;
  int64_t w = list->n > 1 ? list->v[1] : h;

  if (h == PV_OUTPUT_SIZE_KEEP)
    h = (int64_t) spin_value (p->h);
  if (w == PV_OUTPUT_SIZE_KEEP)
    w = (int64_t) spin_value (p->w);
  set_spin (p->h, (double) h);
  set_spin (p->w, (double) w);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (p->lock), h == w);
}

/* Fractional pooling takes an output ratio or an output size: the ratio
 * when it is above 0, as the spin buttons say. */
static gboolean
ratio_in_use (PvParamsPane *self)
{
  return spin_value (self->ratio.h) > 0.0 && spin_value (self->ratio.w) > 0.0;
}

void
pv_params_pane_get_params (PvParamsPane *self, pv_params *p)
{
  const OperatorChoice *choice = current_choice (self);
  gboolean one_d = pv_op_get_info (choice->op)->spatial_dims == 1;
  guint mode = gtk_drop_down_get_selected (self->padding_mode);

  pv_params_init (p, choice->op);
  if (pv_op_uses_field (p->op, PV_FIELD_KERNEL))
    read_pair (&self->kernel, one_d, &p->kernel);
  if (pv_op_uses_field (p->op, PV_FIELD_STRIDE)
      && !gtk_check_button_get_active (self->stride_default))
    read_pair (&self->stride, one_d, &p->stride);
  if (pv_op_uses_field (p->op, PV_FIELD_PADDING))
    {
      p->padding_mode = mode == 1   ? PV_PADDING_SAME
                        : mode == 2 ? PV_PADDING_SAME_LOWER
                        : mode == 3 ? PV_PADDING_VALID
                                    : PV_PADDING_EXPLICIT;
      if (p->padding_mode == PV_PADDING_EXPLICIT)
        read_pair (&self->padding, one_d, &p->padding);
    }
  if (pv_op_uses_field (p->op, PV_FIELD_DILATION))
    read_pair (&self->dilation, one_d, &p->dilation);
  p->ceil_mode = pv_op_uses_ceil_mode (p->op) && gtk_check_button_get_active (self->ceil_check);
  p->count_include_pad = gtk_check_button_get_active (self->cip_check);
  if (pv_op_uses_field (p->op, PV_FIELD_DIVISOR) && gtk_check_button_get_active (self->divisor_check))
    {
      p->has_divisor_override = true;
      p->divisor_override = (int64_t) spin_value (self->divisor_value);
    }
  if (pv_op_uses_field (p->op, PV_FIELD_TEMPERATURE))
    p->temperature = spin_value (self->temperature_value);

  if (choice->global)
    {
      p->output_size.n = one_d ? 1 : 2;
      p->output_size.v[0] = p->output_size.v[1] = 1;
    }
  else if (p->op == PV_OP_FRACTIONAL_MAX_POOL2D)
    {
      if (ratio_in_use (self))
        {
          p->n_output_ratio = 2;
          p->output_ratio[0] = spin_value (self->ratio.h);
          p->output_ratio[1] = spin_value (self->ratio.w);
        }
      else
        read_pair (&self->output, FALSE, &p->output_size);
      p->has_seed = true;
      p->seed = (uint64_t) spin_value (self->seed_value);
    }
  else if (pv_op_uses_field (p->op, PV_FIELD_OUTPUT_SIZE))
    {
      read_pair (&self->output, one_d, &p->output_size);
      if (!one_d && gtk_check_button_get_active (self->output_keep))
        p->output_size.v[0] = PV_OUTPUT_SIZE_KEEP;
    }
  if (pv_op_uses_field (p->op, PV_FIELD_NORM_TYPE))
    {
      p->has_norm_type = true;
      p->norm_type = gtk_check_button_get_active (self->norm_infinite)
                       ? INFINITY
                       : spin_value (self->norm_value);
    }
  if (pv_op_uses_field (p->op, PV_FIELD_LEVELS))
    {
      pv_int_list levels;
      g_auto (GStrv) words = g_strsplit_set (
        gtk_editable_get_text (GTK_EDITABLE (self->levels_value)), ", \t", -1);
      g_autoptr (GString) text = g_string_new (NULL);

      /* "1 2 4" and "1, 2, 4" as well as "1,2,4". */
      for (int i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0')
          g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", words[i]);
      /* Malformed text keeps an empty list, which the plan explains. */
      if (pv_parse_int_list (text->str, false, &levels))
        p->levels = levels;
      else
        p->levels.n = 0;
    }
}

static void
set_dimmed (GtkWidget *widget, gboolean dimmed)
{
  if (dimmed)
    gtk_widget_add_css_class (widget, "dim-label");
  else
    gtk_widget_remove_css_class (widget, "dim-label");
}

/* Shows the rows that apply to the operator, and only those. */
static void
update_visibility (PvParamsPane *self)
{
  const OperatorChoice *choice = current_choice (self);
  pv_op op = choice->op;
  gboolean one_d = pv_op_get_info (op)->spatial_dims == 1;
  Pair *pairs[] = { &self->kernel, &self->stride, &self->padding, &self->dilation, &self->output };
  pv_params p;
  char call[256];

  gtk_widget_set_visible (self->kernel.row, pv_op_uses_field (op, PV_FIELD_KERNEL));
  gtk_widget_set_visible (self->stride.row, pv_op_uses_field (op, PV_FIELD_STRIDE));
  gtk_widget_set_visible (self->padding.row, pv_op_uses_field (op, PV_FIELD_PADDING));
  gtk_widget_set_visible (self->dilation.row, pv_op_uses_field (op, PV_FIELD_DILATION));
  gtk_widget_set_visible (self->ceil_row, pv_op_uses_ceil_mode (op));
  gtk_widget_set_visible (self->cip_row, pv_op_uses_count_include_pad (op));
  gtk_widget_set_visible (self->divisor_row, pv_op_uses_field (op, PV_FIELD_DIVISOR));
  gtk_widget_set_visible (self->temperature_row, pv_op_uses_field (op, PV_FIELD_TEMPERATURE));
  gtk_widget_set_visible (self->output.row,
                          pv_op_uses_field (op, PV_FIELD_OUTPUT_SIZE) && !choice->global);
  gtk_widget_set_visible (GTK_WIDGET (self->output_keep), !one_d
                          && op != PV_OP_FRACTIONAL_MAX_POOL2D);
  gtk_widget_set_visible (self->ratio.row, pv_op_uses_field (op, PV_FIELD_OUTPUT_RATIO));
  gtk_widget_set_visible (self->seed_row, pv_op_uses_field (op, PV_FIELD_SAMPLES));
  gtk_widget_set_visible (self->norm_row, pv_op_uses_field (op, PV_FIELD_NORM_TYPE));
  gtk_widget_set_visible (self->levels_row, pv_op_uses_field (op, PV_FIELD_LEVELS));

  /* 1-D operators have one number per argument: the width. */
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      gtk_widget_set_visible (pairs[i]->h, !one_d);
      gtk_widget_set_visible (pairs[i]->times, !one_d);
      gtk_widget_set_visible (pairs[i]->lock, !one_d);
    }

  gtk_widget_set_sensitive (self->stride.h, !gtk_check_button_get_active (self->stride_default));
  gtk_widget_set_sensitive (self->stride.w, !gtk_check_button_get_active (self->stride_default));
  if (gtk_check_button_get_active (self->stride_default))
    {
      /* "= kernel": the greyed stride shows the kernel, the stride in force
       * (not whatever it held before), and starts from it when unticked. */
      gboolean updating = self->updating;

      self->updating = TRUE;
      set_spin (self->stride.h, spin_value (self->kernel.h));
      set_spin (self->stride.w, spin_value (self->kernel.w));
      self->updating = updating;
    }
  /* "same" and "valid" decide the padding: the numbers give way to what
   * the engine put in force (pv_params_pane_show_plan()). */
  gtk_stack_set_visible_child_name (self->padding_stack,
                                    gtk_drop_down_get_selected (self->padding_mode) != 0
                                      ? "in-force"
                                      : "numbers");
  /* Alt+G goes to the numbers, or to the mode while they are hidden. */
  gtk_label_set_mnemonic_widget (GTK_LABEL (self->padding.label),
                                 gtk_drop_down_get_selected (self->padding_mode) != 0
                                   ? GTK_WIDGET (self->padding_mode)
                                   : self->padding.h);
  gtk_widget_set_sensitive (self->divisor_value,
                            gtk_check_button_get_active (self->divisor_check));
  gtk_widget_set_sensitive (self->norm_value, !gtk_check_button_get_active (self->norm_infinite));
  gtk_widget_set_sensitive (self->output.h, !gtk_check_button_get_active (self->output_keep)
                                              || op == PV_OP_FRACTIONAL_MAX_POOL2D);
  gtk_widget_set_sensitive (self->cip_row, gtk_drop_down_get_selected (self->padding_mode) == 0);
  /* The one of size and ratio that fractional pooling does not use is
   * dimmed (still editable: editing the size turns to it). */
  set_dimmed (self->output.h, op == PV_OP_FRACTIONAL_MAX_POOL2D && ratio_in_use (self));
  set_dimmed (self->output.w, op == PV_OP_FRACTIONAL_MAX_POOL2D && ratio_in_use (self));
  set_dimmed (self->ratio.h, !ratio_in_use (self));
  set_dimmed (self->ratio.w, !ratio_in_use (self));

  pv_params_pane_get_params (self, &p);
  pv_params_format_call (&p, call, sizeof call);
  gtk_label_set_text (self->operator_name, call);
}

static void
changed_cb (PvParamsPane *self)
{
  if (self->updating)
    return;
  update_visibility (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* With the lock on, height and width move together. */
static void
pair_spin_changed_cb (GtkSpinButton *spin, PvParamsPane *self)
{
  Pair *pairs[] = { &self->kernel, &self->stride, &self->padding, &self->dilation,
                    &self->output, &self->ratio };

  if (self->updating)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      Pair *p = pairs[i];
      GtkWidget *other;

      if (GTK_WIDGET (spin) != p->h && GTK_WIDGET (spin) != p->w)
        continue;
      other = GTK_WIDGET (spin) == p->h ? p->w : p->h;
      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (p->lock))
          && gtk_widget_get_visible (p->h) && spin_value (other) != spin_value (GTK_WIDGET (spin)))
        {
          self->updating = TRUE;
          set_spin (other, spin_value (GTK_WIDGET (spin)));
          self->updating = FALSE;
        }
      /* A size typed for fractional pooling is meant to be used: the ratio
       * gives way (0, "use the output size"). */
      if (p == &self->output && current_choice (self)->op == PV_OP_FRACTIONAL_MAX_POOL2D
          && ratio_in_use (self))
        {
          self->updating = TRUE;
          set_spin (self->ratio.h, 0.0);
          set_spin (self->ratio.w, 0.0);
          self->updating = FALSE;
        }
    }
  changed_cb (self);
}

static void
lock_toggled_cb (GtkToggleButton *lock, PvParamsPane *self)
{
  gtk_button_set_icon_name (GTK_BUTTON (lock), gtk_toggle_button_get_active (lock)
                                                 ? "changes-prevent-symbolic"
                                                 : "changes-allow-symbolic");
}

static void
levels_changed_cb (GtkEditable *editable, PvParamsPane *self)
{
  changed_cb (self);
}

void
pv_params_pane_set_params (PvParamsPane *self, const pv_params *p)
{
  guint selected = 0;

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    if (operators[i].op == p->op)
      {
        gboolean global = p->output_size.n > 0 && p->output_size.v[0] == 1
                          && (p->output_size.n == 1 || p->output_size.v[1] == 1);

        selected = i;
        /* "Global" is adaptive to 1 x 1: prefer that entry when it matches. */
        if (i + 2 < G_N_ELEMENTS (operators) && operators[i + 2].op == p->op
            && operators[i + 2].global && global)
          selected = i + 2;
        break;
      }
  gtk_drop_down_set_selected (self->operator, selected);

  if (p->kernel.n > 0)
    write_pair (&self->kernel, &p->kernel, 2);
  gtk_check_button_set_active (self->stride_default, p->stride.n == 0);
  if (p->stride.n > 0)
    write_pair (&self->stride, &p->stride, 1);
  gtk_drop_down_set_selected (self->padding_mode, p->padding_mode == PV_PADDING_SAME ? 1
                                                  : p->padding_mode == PV_PADDING_SAME_LOWER ? 2
                                                  : p->padding_mode == PV_PADDING_VALID ? 3
                                                                                         : 0);
  {
    pv_int_list zero = { 1, { 0 } }, one = { 1, { 1 } };

    write_pair (&self->padding, p->padding.n > 0 ? &p->padding : &zero, 0);
    write_pair (&self->dilation, p->dilation.n > 0 ? &p->dilation : &one, 1);
  }
  gtk_check_button_set_active (self->ceil_check, p->ceil_mode);
  gtk_check_button_set_active (self->cip_check, p->count_include_pad);
  gtk_check_button_set_active (self->divisor_check, p->has_divisor_override);
  if (p->has_divisor_override)
    set_spin (self->divisor_value, (double) p->divisor_override);
  set_spin (self->temperature_value, p->temperature);
  if (p->output_size.n > 0)
    {
      write_pair (&self->output, &p->output_size, 1);
      gtk_check_button_set_active (self->output_keep, p->output_size.v[0] == PV_OUTPUT_SIZE_KEEP);
    }
  if (p->n_output_ratio > 0)
    {
      set_spin (self->ratio.h, p->output_ratio[0]);
      set_spin (self->ratio.w, p->output_ratio[p->n_output_ratio > 1 ? 1 : 0]);
    }
  else if (p->op == PV_OP_FRACTIONAL_MAX_POOL2D)
    {
      /* The size given is the one to use, not a ratio left from before. */
      set_spin (self->ratio.h, 0.0);
      set_spin (self->ratio.w, 0.0);
    }
  if (p->has_seed)
    set_spin (self->seed_value, (double) p->seed);
  if (p->has_norm_type)
    {
      gtk_check_button_set_active (self->norm_infinite, isinf (p->norm_type));
      if (!isinf (p->norm_type))
        set_spin (self->norm_value, p->norm_type);
    }
  if (p->levels.n > 0)
    {
      GString *s = g_string_new (NULL);

      for (int i = 0; i < p->levels.n; i++)
        g_string_append_printf (s, "%s%" PRId64, i ? "," : "", p->levels.v[i]);
      gtk_editable_set_text (GTK_EDITABLE (self->levels_value), s->str);
      g_string_free (s, TRUE);
    }
  self->updating = FALSE;
  update_visibility (self);
}

static GtkWidget *
error_label_for (PvParamsPane *self, pv_field field)
{
  switch (field)
    {
    case PV_FIELD_KERNEL: return self->kernel.error;
    case PV_FIELD_STRIDE: return self->stride.error;
    case PV_FIELD_PADDING: return self->padding.error;
    case PV_FIELD_DILATION: return self->dilation.error;
    case PV_FIELD_DIVISOR: return self->divisor_error;
    case PV_FIELD_OUTPUT_SIZE: return self->output.error;
    case PV_FIELD_OUTPUT_RATIO: return self->ratio.error;
    case PV_FIELD_NORM_TYPE: return self->norm_error;
    case PV_FIELD_SAMPLES: return self->seed_error;
    case PV_FIELD_LEVELS: return self->levels_error;
    case PV_FIELD_TEMPERATURE: return self->temperature_error;
    default: return GTK_WIDGET (self->operator_error);
    }
}

/* "1" when both sides have it, "0+1" when they differ. */
static void
append_sides (GString *s, int64_t before, int64_t after)
{
  if (before == after)
    g_string_append_printf (s, "%" PRId64, before);
  else
    g_string_append_printf (s, "%" PRId64 "+%" PRId64, before, after);
}

void
pv_params_pane_show_plan (PvParamsPane *self, const pv_plan *plan)
{
  const pv_params *p = plan != NULL ? &plan->params : NULL;

  g_return_if_fail (PV_IS_PARAMS_PANE (self));
  if (p != NULL && p->padding_mode != PV_PADDING_EXPLICIT
      && plan->info->windows == PV_WINDOWS_SLIDING)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      g_autofree char *tip = NULL;
      const pv_axis *rows = &plan->axis[0], *cols = &plan->axis[1];

      if (plan->info->spatial_dims == 2)
        {
          append_sides (text, rows->pad_before, rows->pad_after);
          g_string_append (text, " × ");
          tip = g_strdup_printf (_("Padding in force for this input: %" PRId64 " above, %" PRId64
                                   " below, %" PRId64 " on the left, %" PRId64 " on the right"),
                                 rows->pad_before, rows->pad_after, cols->pad_before,
                                 cols->pad_after);
        }
      else
        tip = g_strdup_printf (_("Padding in force for this input: %" PRId64 " on the left, %"
                                 PRId64 " on the right"),
                               cols->pad_before, cols->pad_after);
      append_sides (text, cols->pad_before, cols->pad_after);
      gtk_label_set_text (self->padding_in_force, text->str);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->padding_in_force), tip);
    }
  else if (p == NULL)
    {
      /* Refused parameters have no padding in force. */
      gtk_label_set_text (self->padding_in_force, "—");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->padding_in_force), NULL);
    }

  /* The greyed output size: the one the ratio gives (fractional) or the
   * input's height kept (None): the size in force, where editing starts. */
  if (p != NULL
      && ((p->op == PV_OP_FRACTIONAL_MAX_POOL2D && p->n_output_ratio > 0)
          || (p->output_size.n == 2 && p->output_size.v[0] == PV_OUTPUT_SIZE_KEEP)))
    {
      gboolean updating = self->updating;

      self->updating = TRUE;
      set_spin (self->output.h, (double) plan->out_h);
      if (p->op == PV_OP_FRACTIONAL_MAX_POOL2D)
        set_spin (self->output.w, (double) plan->out_w);
      self->updating = updating;
    }
}

void
pv_params_pane_show_error (PvParamsPane *self, const pv_error *err)
{
  GtkWidget *labels[] = {
    self->kernel.error, self->stride.error, self->padding.error, self->dilation.error,
    self->divisor_error, self->output.error, self->ratio.error, self->norm_error,
    self->seed_error, self->levels_error, self->temperature_error, self->ceil_error,
    self->cip_error, GTK_WIDGET (self->operator_error),
  };
  GtkWidget *label;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_widget_set_visible (labels[i], FALSE);
  if (err == NULL)
    return;
  label = error_label_for (self, err->field);
  /* The message is PyTorch's own, in PyTorch's words: users search for it. */
  gtk_label_set_text (GTK_LABEL (label), err->message);
  gtk_widget_set_visible (label, TRUE);
  /* A row the operator hides cannot carry it; the operator's label can. */
  if (!gtk_widget_is_visible (label))
    {
      gtk_label_set_text (self->operator_error, err->message);
      gtk_widget_set_visible (GTK_WIDGET (self->operator_error), TRUE);
    }
}

const char *
pv_params_pane_get_error_text (PvParamsPane *self)
{
  GtkWidget *labels[] = {
    self->kernel.error, self->stride.error, self->padding.error, self->dilation.error,
    self->divisor_error, self->output.error, self->ratio.error, self->norm_error,
    self->seed_error, self->levels_error, self->temperature_error, self->ceil_error,
    self->cip_error, GTK_WIDGET (self->operator_error),
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (gtk_widget_get_visible (labels[i]))
      return gtk_label_get_text (GTK_LABEL (labels[i]));
  return NULL;
}

/* "params.set" (name, value): one parameter, as on the command line. */
static void
set_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  PvParamsPane *self = PV_PARAMS_PANE (widget);
  const char *name, *value;
  pv_params p;
  pv_error err;

  g_variant_get (parameter, "(&s&s)", &name, &value);
  pv_params_pane_get_params (self, &p);
  if (g_str_equal (name, "operator"))
    {
      pv_op op;
      pv_params fresh;

      if (!pv_op_from_name (value, &op))
        {
          g_warning ("params.set: unknown operator %s", value);
          return;
        }
      /* Keep what carries over, as switching in the menu does. */
      fresh = p;
      fresh.op = op;
      p = fresh;
    }
  else if (pv_option_get_kind (name) == PV_OPTION_FLAG)
    {
      gboolean on = g_str_equal (value, "true");

      if (g_str_equal (name, "ceil-mode"))
        p.ceil_mode = on;
      else if (g_str_equal (name, "no-count-include-pad"))
        p.count_include_pad = !on;
    }
  else if (pv_params_set_option (&p, name, value, &err) != PV_OK)
    {
      g_warning ("params.set: %s", err.message);
      return;
    }
  pv_params_pane_set_params (self, &p);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
pv_params_pane_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PV_TYPE_PARAMS_PANE);
  G_OBJECT_CLASS (pv_params_pane_parent_class)->dispose (object);
}

#define BIND_PAIR(klass, name)                                                                \
  G_STMT_START                                                                                \
  {                                                                                           \
    gtk_widget_class_bind_template_child_full (klass, #name "_row", FALSE,                    \
                                               G_STRUCT_OFFSET (PvParamsPane, name.row));     \
    gtk_widget_class_bind_template_child_full (klass, #name "_label", FALSE,                  \
                                               G_STRUCT_OFFSET (PvParamsPane, name.label));   \
    gtk_widget_class_bind_template_child_full (klass, #name "_h", FALSE,                      \
                                               G_STRUCT_OFFSET (PvParamsPane, name.h));       \
    gtk_widget_class_bind_template_child_full (klass, #name "_times", FALSE,                  \
                                               G_STRUCT_OFFSET (PvParamsPane, name.times));   \
    gtk_widget_class_bind_template_child_full (klass, #name "_w", FALSE,                      \
                                               G_STRUCT_OFFSET (PvParamsPane, name.w));       \
    gtk_widget_class_bind_template_child_full (klass, #name "_lock", FALSE,                   \
                                               G_STRUCT_OFFSET (PvParamsPane, name.lock));    \
    gtk_widget_class_bind_template_child_full (klass, #name "_error", FALSE,                  \
                                               G_STRUCT_OFFSET (PvParamsPane, name.error));   \
  }                                                                                           \
  G_STMT_END

static void
pv_params_pane_class_init (PvParamsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_params_pane_dispose;

  /* Any parameter changed; read them with pv_params_pane_get_params(). */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "params.set", "(ss)", set_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE
                                               "/ui/pv-params-pane.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, box);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, operator);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, operator_name);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, operator_error);
  BIND_PAIR (widget_class, kernel);
  BIND_PAIR (widget_class, stride);
  BIND_PAIR (widget_class, padding);
  BIND_PAIR (widget_class, dilation);
  BIND_PAIR (widget_class, output);
  BIND_PAIR (widget_class, ratio);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, stride_default);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, padding_mode);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, padding_stack);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, padding_in_force);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, output_keep);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, ceil_row);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, ceil_check);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, ceil_error);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, cip_row);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, cip_check);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, cip_error);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, divisor_row);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, divisor_check);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, divisor_value);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, divisor_error);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, temperature_value);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, temperature_error);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, seed_row);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, seed_value);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, seed_error);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, norm_row);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, norm_value);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, norm_infinite);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, norm_error);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, levels_row);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, levels_value);
  gtk_widget_class_bind_template_child (widget_class, PvParamsPane, levels_error);
}

static void
pv_params_pane_init (PvParamsPane *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  Pair *pairs[] = { &self->kernel, &self->stride, &self->padding, &self->dilation,
                    &self->output, &self->ratio };
  GtkCheckButton *checks[6];

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    gtk_string_list_append (names, _(operators[i].label));
  gtk_drop_down_set_model (self->operator, G_LIST_MODEL (names));

  /* Ratios are fractions; 0 means "use the output size instead". */
  for (guint i = 0; i < 2; i++)
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (i == 0 ? self->ratio.h : self->ratio.w);

      gtk_spin_button_set_digits (spin, 2);
      gtk_spin_button_set_increments (spin, 0.05, 0.1);
      gtk_spin_button_set_range (spin, 0.0, 0.99);
      gtk_spin_button_set_value (spin, 0.5);
    }

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_signal_connect (pairs[i]->h, "value-changed", G_CALLBACK (pair_spin_changed_cb), self);
      g_signal_connect (pairs[i]->w, "value-changed", G_CALLBACK (pair_spin_changed_cb), self);
      g_signal_connect (pairs[i]->lock, "toggled", G_CALLBACK (lock_toggled_cb), self);
    }
  /* Only now, after the template, do the widgets exist. */
  checks[0] = self->stride_default;
  checks[1] = self->output_keep;
  checks[2] = self->ceil_check;
  checks[3] = self->cip_check;
  checks[4] = self->divisor_check;
  checks[5] = self->norm_infinite;
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    g_signal_connect_swapped (checks[i], "toggled", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->operator, "notify::selected", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->padding_mode, "notify::selected", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->divisor_value, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->temperature_value, "value-changed", G_CALLBACK (changed_cb),
                            self);
  g_signal_connect_swapped (self->seed_value, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->norm_value, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect (self->levels_value, "changed", G_CALLBACK (levels_changed_cb), self);
  update_visibility (self);
}

PvParamsPane *
pv_params_pane_new (void)
{
  return g_object_new (PV_TYPE_PARAMS_PANE, NULL);
}
