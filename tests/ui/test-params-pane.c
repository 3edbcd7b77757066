/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The side pane (ui/pv-params-pane.c): with "= kernel" ticked, the greyed
 * stride shows the kernel, the stride PyTorch uses, whatever it held
 * before; unticked, it shows and gives the stride set. Its width does not
 * follow the length of the call it shows. Fractional pooling's size and
 * ratio: the one in use is the one shown. */
#include <gtk/gtk.h>

#include "pv-params-pane.h"
#include "pv-ui.h"

static void
collect_spins (GtkWidget *widget, GPtrArray *spins)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    g_ptr_array_add (spins, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_spins (c, spins);
}

static int
value_of (GPtrArray *spins, guint i)
{
  return (int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (spins->pdata[i]));
}

static void
test_stride_follows_kernel (void)
{
  GtkWidget *window = gtk_window_new ();
  PvParamsPane *pane = pv_params_pane_new ();
  g_autoptr (GPtrArray) spins = g_ptr_array_new ();
  pv_params p, got;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  /* The template's first spin buttons: kernel height and width, then the
   * stride's. */
  collect_spins (GTK_WIDGET (pane), spins);
  g_assert_cmpuint (spins->len, >=, 4);

  pv_params_init (&p, PV_OP_MAX_POOL2D);
  p.kernel = (pv_int_list) { 2, { 3, 3 } };
  p.stride = (pv_int_list) { 2, { 2, 1 } };
  pv_params_pane_set_params (pane, &p);
  g_assert_cmpint (value_of (spins, 2), ==, 2);
  g_assert_cmpint (value_of (spins, 3), ==, 1);
  g_assert_true (gtk_widget_get_sensitive (spins->pdata[2]));

  /* stride=None: the stride shown is the kernel, 5 x 4. */
  p.kernel = (pv_int_list) { 2, { 5, 4 } };
  p.stride.n = 0;
  pv_params_pane_set_params (pane, &p);
  g_assert_cmpint (value_of (spins, 2), ==, 5);
  g_assert_cmpint (value_of (spins, 3), ==, 4);
  g_assert_false (gtk_widget_get_sensitive (spins->pdata[2]));
  g_assert_false (gtk_widget_get_sensitive (spins->pdata[3]));
  pv_params_pane_get_params (pane, &got);
  g_assert_cmpint (got.stride.n, ==, 0);

  /* A new kernel typed in moves the greyed stride with it. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spins->pdata[1]), 7);
  g_assert_cmpint (value_of (spins, 3), ==, 7);
  pv_params_pane_get_params (pane, &got);
  g_assert_cmpint (got.stride.n, ==, 0);
  g_assert_cmpint (got.kernel.v[1], ==, 7);
  gtk_window_destroy (GTK_WINDOW (window));
}

static int
natural_width (GtkWidget *widget)
{
  int min, nat;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return nat;
}

static void
test_width_whatever_the_call (void)
{
  GtkWidget *window = gtk_window_new ();
  PvParamsPane *pane = pv_params_pane_new ();
  pv_params p;
  int short_call;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  pv_params_init (&p, PV_OP_MAX_POOL2D);
  p.kernel = (pv_int_list) { 1, { 2 } };
  pv_params_pane_set_params (pane, &p);
  short_call = natural_width (GTK_WIDGET (pane));

  /* max_pool2d(kernel_size=(3, 4), stride=(2, 4), padding=(1, 2),
   * dilation=(2, 3), ceil_mode=True): twice as long as the pane is wide. */
  p.kernel = (pv_int_list) { 2, { 3, 4 } };
  p.stride = (pv_int_list) { 2, { 2, 4 } };
  p.padding = (pv_int_list) { 2, { 1, 2 } };
  p.dilation = (pv_int_list) { 2, { 2, 3 } };
  p.ceil_mode = true;
  pv_params_pane_set_params (pane, &p);
  g_assert_cmpint (natural_width (GTK_WIDGET (pane)), ==, short_call);
  gtk_window_destroy (GTK_WINDOW (window));
}

static int
minimum_width (GtkWidget *widget)
{
  int min, nat;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return min;
}

/* No operator's rows make the pane wider than max pooling's: the window's
 * side pane grows to its child's minimum and does not shrink back, so
 * choosing adaptive pooling once (its output size row had "keep height"
 * beside the label) left it wide for good. */
static void
test_width_whatever_the_operator (void)
{
  GtkWidget *window = gtk_window_new ();
  PvParamsPane *pane = pv_params_pane_new ();
  pv_params p;
  int max_pool;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  pv_params_init (&p, PV_OP_MAX_POOL2D);
  p.kernel = (pv_int_list) { 1, { 3 } };
  pv_params_pane_set_params (pane, &p);
  max_pool = minimum_width (GTK_WIDGET (pane));
  for (int op = 0; op < PV_OP_COUNT; op++)
    {
      pv_params_init (&p, (pv_op) op);
      pv_params_pane_set_params (pane, &p);
      g_assert_cmpint (minimum_width (GTK_WIDGET (pane)), <=, max_pool);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The template's widget of id @id. */
static GtkWidget *
find_by_id (GtkWidget *widget, const char *id)
{
  const char *own = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (own != NULL && g_str_equal (own, id))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_by_id (c, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Fractional pooling takes the output size or the ratio, never a ratio
 * the user did not mean: parameters with a size show no ratio, and a size
 * typed in is used. The one not in use is dimmed. */
static void
test_fractional_size_or_ratio (void)
{
  GtkWidget *window = gtk_window_new ();
  PvParamsPane *pane = pv_params_pane_new ();
  GtkWidget *size_h, *ratio_h;
  pv_params p, got;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  size_h = find_by_id (GTK_WIDGET (pane), "output_h");
  ratio_h = find_by_id (GTK_WIDGET (pane), "ratio_h");
  g_assert_nonnull (size_h);
  g_assert_nonnull (ratio_h);

  pv_params_init (&p, PV_OP_FRACTIONAL_MAX_POOL2D);
  p.kernel = (pv_int_list) { 1, { 2 } };
  p.n_output_ratio = 1;
  p.output_ratio[0] = 0.5;
  pv_params_pane_set_params (pane, &p);
  pv_params_pane_get_params (pane, &got);
  g_assert_cmpint (got.n_output_ratio, ==, 2);
  g_assert_cmpfloat (got.output_ratio[1], ==, 0.5);
  g_assert_true (gtk_widget_has_css_class (size_h, "dim-label"));
  g_assert_false (gtk_widget_has_css_class (ratio_h, "dim-label"));

  /* Parameters with an output size: that size, not the ratio before. */
  p.n_output_ratio = 0;
  p.output_size = (pv_int_list) { 2, { 3, 4 } };
  pv_params_pane_set_params (pane, &p);
  pv_params_pane_get_params (pane, &got);
  g_assert_cmpint (got.n_output_ratio, ==, 0);
  g_assert_cmpint (got.output_size.n, ==, 2);
  g_assert_cmpint (got.output_size.v[0], ==, 3);
  g_assert_cmpint (got.output_size.v[1], ==, 4);
  g_assert_false (gtk_widget_has_css_class (size_h, "dim-label"));
  g_assert_true (gtk_widget_has_css_class (ratio_h, "dim-label"));

  /* A ratio again, then a size typed in: the size is used. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ratio_h), 0.7);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_by_id (GTK_WIDGET (pane), "ratio_w")), 0.7);
  pv_params_pane_get_params (pane, &got);
  g_assert_cmpint (got.n_output_ratio, ==, 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (size_h), 5);
  pv_params_pane_get_params (pane, &got);
  g_assert_cmpint (got.n_output_ratio, ==, 0);
  g_assert_cmpint (got.output_size.v[0], ==, 5);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Spatial pyramid levels as people type them: commas, spaces or both. */
static void
test_levels_as_typed (void)
{
  static const struct
  {
    const char *text;
    int n, last;
  } cases[] = { { "1,2,4", 3, 4 }, { "2 4", 2, 4 }, { " 1, 2, 4 ", 3, 4 }, { "3", 1, 3 },
                { "2,x", 0, 0 }, { "", 0, 0 } };
  GtkWidget *window = gtk_window_new ();
  PvParamsPane *pane = pv_params_pane_new ();
  GtkWidget *levels;
  pv_params p, got;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  pv_params_init (&p, PV_OP_SPATIAL_PYRAMID_MAX_POOL2D);
  pv_params_pane_set_params (pane, &p);
  levels = find_by_id (GTK_WIDGET (pane), "levels_value");
  g_assert_nonnull (levels);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (levels), cases[i].text);
      pv_params_pane_get_params (pane, &got);
      g_assert_cmpint (got.levels.n, ==, cases[i].n);
      if (cases[i].n > 0)
        g_assert_cmpint (got.levels.v[cases[i].n - 1], ==, cases[i].last);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Lets GTK lay out and map what changed. */
static void
settle (void)
{
  gint64 end = g_get_monotonic_time () + 200 * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Plans @p on zeros of 1 x @h x @w and shows the plan in @pane. */
static void
show_plan_for (PvParamsPane *pane, const pv_params *p, int64_t h, int64_t w)
{
  g_autofree float *zeros = g_new0 (float, (gsize) (h * w));
  int64_t dims[3] = { 1, h, w };
  pv_tensor input = { PV_DTYPE_F32, pv_shape_make (3, dims), zeros };
  pv_plan plan;

  pv_params_pane_set_params (pane, p);
  g_assert_cmpint (pv_plan_init (&plan, p, &input, NULL, NULL), ==, PV_OK);
  pv_params_pane_show_plan (pane, &plan);
  pv_plan_clear (&plan);
}

/* Where the pane shows a number it did not take from the user, it is the
 * one in force, from the engine's plan: the padding "same" chose (per side
 * when the sides differ), the size a fractional ratio gives, the height
 * output_size None keeps. */
static void
test_greyed_fields_show_what_is_in_force (void)
{
  GtkWidget *window = gtk_window_new ();
  PvParamsPane *pane = pv_params_pane_new ();
  GtkWidget *pad_h, *in_force, *size_h, *size_w, *mode;
  pv_params p, got;
  graphene_point_t numbers_at, in_force_at;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 900);
  gtk_window_present (GTK_WINDOW (window));
  pad_h = find_by_id (GTK_WIDGET (pane), "padding_h");
  in_force = find_by_id (GTK_WIDGET (pane), "padding_in_force");
  mode = find_by_id (GTK_WIDGET (pane), "padding_mode");
  size_h = find_by_id (GTK_WIDGET (pane), "output_h");
  size_w = find_by_id (GTK_WIDGET (pane), "output_w");
  g_assert_nonnull (in_force);

  /* 5 x 6, kernel 3, stride 2, "same": 3 x 3 out; 2 rows of padding, 1 above
   * and 1 below; 1 column, on the right (TensorFlow's side). */
  pv_params_init (&p, PV_OP_MAX_POOL2D);
  p.kernel = (pv_int_list) { 1, { 3 } };
  p.stride = (pv_int_list) { 1, { 2 } };
  p.padding_mode = PV_PADDING_SAME;
  show_plan_for (pane, &p, 5, 6);
  settle ();
  g_assert_false (gtk_widget_get_mapped (pad_h));
  g_assert_true (gtk_widget_get_mapped (in_force));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (in_force)), ==, "1 × 0+1");
  /* The mode keeps its place (its right edge; its width follows the word
   * chosen): clicking where it was switches back. */
  g_assert_true (gtk_widget_compute_point (mode, window,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (mode), 0),
                                           &in_force_at));
  /* The label's Alt key goes to what is shown: the mode. */
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (find_by_id (GTK_WIDGET (pane),
                                                                       "padding_label")))
                 == find_by_id (GTK_WIDGET (pane), "padding_mode"));
  p.padding_mode = PV_PADDING_SAME_LOWER;
  show_plan_for (pane, &p, 5, 6);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (in_force)), ==, "1 × 1+0");
  p.padding_mode = PV_PADDING_VALID;
  show_plan_for (pane, &p, 5, 6);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (in_force)), ==, "0 × 0");
  pv_params_pane_show_plan (pane, NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (in_force)), ==, "—");
  p.padding_mode = PV_PADDING_EXPLICIT;
  show_plan_for (pane, &p, 5, 6);
  settle ();
  g_assert_true (gtk_widget_get_mapped (pad_h));
  g_assert_false (gtk_widget_get_mapped (in_force));
  g_assert_true (gtk_widget_compute_point (mode, window,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (mode), 0),
                                           &numbers_at));
  g_assert_cmpfloat (numbers_at.x, ==, in_force_at.x);
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (find_by_id (GTK_WIDGET (pane),
                                                                       "padding_label")))
                 == pad_h);

  /* Fractional, ratio 0.5 of 8 x 10: the greyed size is 4 x 5, and the
   * ratio stays the parameter. */
  pv_params_init (&p, PV_OP_FRACTIONAL_MAX_POOL2D);
  p.kernel = (pv_int_list) { 1, { 2 } };
  p.n_output_ratio = 1;
  p.output_ratio[0] = 0.5;
  p.has_seed = true;
  show_plan_for (pane, &p, 8, 10);
  g_assert_cmpint ((int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (size_h)), ==, 4);
  g_assert_cmpint ((int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (size_w)), ==, 5);
  pv_params_pane_get_params (pane, &got);
  g_assert_cmpint (got.n_output_ratio, ==, 2);

  /* Adaptive to (None, 3) of 8 x 10: the greyed height is the 8 kept. */
  pv_params_init (&p, PV_OP_ADAPTIVE_AVG_POOL2D);
  p.output_size = (pv_int_list) { 2, { PV_OUTPUT_SIZE_KEEP, 3 } };
  show_plan_for (pane, &p, 8, 10);
  g_assert_false (gtk_widget_get_sensitive (size_h));
  g_assert_cmpint ((int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (size_h)), ==, 8);
  pv_params_pane_get_params (pane, &got);
  g_assert_cmpint (got.output_size.v[0], ==, PV_OUTPUT_SIZE_KEEP);
  g_assert_cmpint (got.output_size.v[1], ==, 3);
  /* Taller than any spin's old limit: the height kept is shown whole. */
  show_plan_for (pane, &p, 5000, 10);
  g_assert_cmpint ((int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (size_h)), ==, 5000);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  pv_ui_init ();
  g_test_add_func ("/ui/params-pane/stride-follows-kernel", test_stride_follows_kernel);
  g_test_add_func ("/ui/params-pane/width-whatever-the-call", test_width_whatever_the_call);
  g_test_add_func ("/ui/params-pane/fractional-size-or-ratio", test_fractional_size_or_ratio);
  g_test_add_func ("/ui/params-pane/levels-as-typed", test_levels_as_typed);
  g_test_add_func ("/ui/params-pane/greyed-fields-show-what-is-in-force",
                   test_greyed_fields_show_what_is_in_force);
  g_test_add_func ("/ui/params-pane/width-whatever-the-operator", test_width_whatever_the_operator);
  return g_test_run ();
}
