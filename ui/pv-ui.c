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
