/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-ui.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "poolview-resources.h"

void
pv_ui_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      poolview_register_resource ();
      g_once_init_leave (&done, 1);
    }
}

void
pv_ui_load_style (void)
{
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
pv_ui_init_translations (void)
{
  const char *dir = g_getenv ("POOLVIEW_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* gtk_init() would set the whole locale again, LC_NUMERIC included.
   * (Tests call this after gtk_test_init(), which has set its own.) */
  if (!gtk_is_initialized ())
    gtk_disable_setlocale ();
  /* Numbers are read and written the way PyTorch and NumPy print them,
   * "0.5" in every language: the engine's parsers and formatters follow
   * LC_NUMERIC, which some languages set to a decimal comma. */
  setlocale (LC_NUMERIC, "C");
  /* An uninstalled PoolView (make run, the tests) reads the catalogues
   * built in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
pv_ui_add_file_filter (GtkFileChooser *chooser, const char *name, const char *const *patterns)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

/* The width of @text as @widget would draw it. */
static int
text_width (GtkWidget *widget, const char *text)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static gboolean hold_on_next_frame_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data);

/* The font or its resolution changed: the texts' widths change with them,
 * measured on the next frame, once the widget's style has the new font. */
static void
font_changed_cb (GtkDropDown *drop_down)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (drop_down), hold_on_next_frame_cb, NULL, NULL);
}

static gboolean
hold_on_next_frame_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  pv_ui_drop_down_hold_widest (GTK_DROP_DOWN (widget));
  return G_SOURCE_REMOVE;
}

void
pv_ui_drop_down_hold_widest (GtkDropDown *drop_down)
{
  GtkWidget *widget = GTK_WIDGET (drop_down);
  GListModel *model = gtk_drop_down_get_model (drop_down);
  guint selected = gtk_drop_down_get_selected (drop_down);
  int widest = 0, shown = 0, natural;

  if (g_object_get_data (G_OBJECT (drop_down), "pv-holds-widest") == NULL)
    {
      GtkSettings *settings = gtk_widget_get_settings (widget);

      g_object_set_data (G_OBJECT (drop_down), "pv-holds-widest", GINT_TO_POINTER (1));
      g_signal_connect_object (settings, "notify::gtk-font-name", G_CALLBACK (font_changed_cb),
                               drop_down, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "notify::gtk-xft-dpi", G_CALLBACK (font_changed_cb),
                               drop_down, G_CONNECT_SWAPPED);
    }
  gtk_widget_set_size_request (widget, -1, -1);
  if (model == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);
      int width;

      /* GTK 4.8's GtkStringList says its items are GObjects: ask each. */
      if (!GTK_IS_STRING_OBJECT (item))
        return;
      width = text_width (widget, gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
      widest = MAX (widest, width);
      if (i == selected)
        shown = width;
    }
  /* The button around the text (padding, arrow) is what the drop-down
   * measures beyond the choice it shows. */
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  gtk_widget_set_size_request (widget, natural - shown + widest, -1);
}
