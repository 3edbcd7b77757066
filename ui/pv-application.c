/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-application.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pv-renderer.h"
#include "pv-ui.h"
#include "pv-window.h"

struct _PvApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PvApplication, pv_application, GTK_TYPE_APPLICATION)

static void
pv_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (pv_window_new (GTK_APPLICATION (app)));
  gtk_window_present (window);
}

static void
pv_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  /* One window a file, as image viewers do. */
  for (int i = 0; i < n_files; i++)
    {
      PvWindow *window = pv_window_new (GTK_APPLICATION (app));

      pv_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkApplication *app = data;
  const char *authors[] = { _("The PoolView developers"), NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "PoolView",
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("See pooling happen, exactly as PyTorch computes it"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
};

static void
pv_application_startup (GApplication *app)
{
  static const char *const quit[] = { "<Control>q", NULL };
  static const char *const close[] = { "<Control>w", NULL };
  static const char *const help[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (pv_application_parent_class)->startup (app);
  {
    const char *why = pv_renderer_prefer_cairo_without_gpu ();
    const char *debug = g_getenv ("POOLVIEW_DEBUG");

    if (why != NULL && debug != NULL && strstr (debug, "timing") != NULL)
      g_printerr ("[timing] renderer: %s\n", why);
  }

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help);

  pv_ui_load_style ();
  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
pv_application_class_init (PvApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = pv_application_activate;
  app_class->open = pv_application_open;
  app_class->startup = pv_application_startup;
}

static void
pv_application_init (PvApplication *self)
{
}

PvApplication *
pv_application_new (void)
{
  return g_object_new (PV_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
