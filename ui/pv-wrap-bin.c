/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-wrap-bin.h"

struct _PvWrapBin
{
  GtkWidget parent_instance;
  GtkWidget *child;
  gboolean marker_parity; /* flips at each snapshot (see the header) */
  int tallest_for;         /* the width last allocated, */
  int tallest;             /* and the tallest height wanted at it since */
};

G_DEFINE_FINAL_TYPE (PvWrapBin, pv_wrap_bin, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkSizeRequestMode
pv_wrap_bin_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pv_wrap_bin_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                     int *natural, int *minimum_baseline, int *natural_baseline)
{
  PvWrapBin *self = PV_WRAP_BIN (widget);

  *minimum = *natural = 0;
  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;
  /* The width never depends on the height offered (see the header). */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    for_size = -1;
  gtk_widget_measure (self->child, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
  /* The height only grows while the width stays: an explanation of more
   * lines would otherwise push the views up under the pointer, which then
   * points at another cell, with a shorter explanation, and the layout
   * would flicker between the two. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0 && for_size == self->tallest_for)
    {
      self->tallest = MAX (self->tallest, *minimum);
      *minimum = self->tallest;
      *natural = MAX (*natural, self->tallest);
    }
}

static void
pv_wrap_bin_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  PvWrapBin *self = PV_WRAP_BIN (widget);

  /* A new width wraps the text anew: the height starts over from it. */
  if (width != self->tallest_for)
    {
      self->tallest_for = width;
      self->tallest = height;
    }
  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

/* The child's node behind a transparent colour node covering everything it
 * draws. GTK's damage is the difference between two frames' nodes: a colour
 * node whose colour differs counts as its whole rectangle, which takes in
 * the rectangles of the child's changed lines of text (a wrapping label's
 * ink can stick out of its allocation, hence the child node's bounds). The
 * bin is snapshot again only when something in it asked to be drawn or
 * its own size changed. */
static void
pv_wrap_bin_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  PvWrapBin *self = PV_WRAP_BIN (widget);
  GtkSnapshot *child_snapshot;
  GskRenderNode *node;
  graphene_rect_t bounds, child_bounds;
  GdkRGBA marker = { 0, 0, 0, 0 };

  if (self->child == NULL)
    return;
  child_snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (widget, self->child, child_snapshot);
  node = gtk_snapshot_free_to_node (child_snapshot);
  if (node == NULL)
    return;

  bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                               gtk_widget_get_height (widget));
  gsk_render_node_get_bounds (node, &child_bounds);
  graphene_rect_union (&bounds, &child_bounds, &bounds);
  self->marker_parity = !self->marker_parity;
  marker.red = self->marker_parity ? 1.0f : 0.0f;
  gtk_snapshot_append_color (snapshot, &marker, &bounds);
  gtk_snapshot_append_node (snapshot, node);
  gsk_render_node_unref (node);
}

void
pv_wrap_bin_set_child (PvWrapBin *self, GtkWidget *child)
{
  g_return_if_fail (PV_IS_WRAP_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));
  g_return_if_fail (child == NULL || self->child == child
                    || gtk_widget_get_parent (child) == NULL);

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

GtkWidget *
pv_wrap_bin_get_child (PvWrapBin *self)
{
  g_return_val_if_fail (PV_IS_WRAP_BIN (self), NULL);
  return self->child;
}

static void
pv_wrap_bin_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PvWrapBin *self = PV_WRAP_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_wrap_bin_set_property (GObject *object, guint prop_id, const GValue *value,
                          GParamSpec *pspec)
{
  PvWrapBin *self = PV_WRAP_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      pv_wrap_bin_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_wrap_bin_dispose (GObject *object)
{
  PvWrapBin *self = PV_WRAP_BIN (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (pv_wrap_bin_parent_class)->dispose (object);
}

static void
pv_wrap_bin_class_init (PvWrapBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pv_wrap_bin_get_property;
  object_class->set_property = pv_wrap_bin_set_property;
  object_class->dispose = pv_wrap_bin_dispose;
  widget_class->get_request_mode = pv_wrap_bin_get_request_mode;
  widget_class->measure = pv_wrap_bin_measure;
  widget_class->size_allocate = pv_wrap_bin_size_allocate;
  widget_class->snapshot = pv_wrap_bin_snapshot;
  /* A plain container to assistive technologies, as a GtkBox is. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pv_wrap_bin_init (PvWrapBin *self)
{
}

GtkWidget *
pv_wrap_bin_new (void)
{
  return g_object_new (PV_TYPE_WRAP_BIN, NULL);
}
