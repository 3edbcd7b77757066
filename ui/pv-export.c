/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-export.h"
#include "pv-ui.h"

#include <glib/gi18n.h>

#include "engine/array-io.h"
#include "engine/file-io.h"
#include "engine/image.h"

typedef struct
{
  PvDocument *document;
  PvTensorRef *output;   /* the result to write, held while the worker runs */
  char call[256];
  char *path;
  int bit_depth;
  int picture_depth; /* the input picture's depth, 0 when not a picture */
  int channel;
  GFile *input_file;
  pv_sample_fit fit;     /* PNG: the values clamped to its samples */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->document);
  g_clear_pointer (&job->output, pv_tensor_ref_unref);
  g_clear_object (&job->input_file);
  g_free (job->path);
  g_free (job);
}

/* The depth whose samples the results of @document are, 0 when the input
 * is not a picture (its numbers are written as they are). */
static int
picture_depth_of (PvDocument *document)
{
  return pv_document_get_source_kind (document) == PV_SOURCE_PICTURE
           ? pv_document_get_bit_depth (document)
           : 0;
}

/* Writes one tensor; the part shared by the dialog's worker and tests. */
static gboolean
write_tensor (const pv_tensor *output, const char *path, const char *call, int bit_depth,
              int picture_depth, int channel, GFile *input_file, pv_sample_fit *fit,
              GError **error)
{
  pv_error err;
  pv_status status;

  if (input_file != NULL)
    {
      g_autofree char *input_path = g_file_get_path (input_file);

      if (input_path != NULL && pv_file_same (input_path, path))
        {
          g_set_error (error, PV_ERROR, PV_ERR_ARGUMENT,
                       _("%s is the input; choose another name"), path);
          return FALSE;
        }
    }

  switch (pv_format_from_extension (path))
    {
    case PV_FORMAT_PNG:
      {
        g_autofree char *software = g_strdup_printf ("PoolView %s", PACKAGE_VERSION);
        pv_png_text texts[2] = { { "Software", software }, { "Description", call } };
        pv_image image;

        /* A picture's samples are rescaled to the depth chosen, so that
         * white stays white. */
        status = pv_image_from_picture_planes (output, picture_depth, bit_depth, channel,
                                               &image, &err);
        if (status == PV_OK && fit != NULL)
          /* Counted on the values before any change of depth, against the
           * top of their own scale: what was clamped is the same. */
          pv_image_sample_fit (output, picture_depth ? picture_depth : bit_depth, channel, fit);
        if (status == PV_OK)
          {
            status = pv_png_write_file (path, &image, texts, 2, &err);
            pv_image_free (&image);
          }
        break;
      }
    case PV_FORMAT_NPY:
    case PV_FORMAT_CSV:
      status = pv_array_write_file (path, output, &err);
      break;
    default:
      g_set_error (error, PV_ERROR, PV_ERR_ARGUMENT,
                   _("Cannot tell the format of %s: name it .png, .npy or .csv"), path);
      return FALSE;
    }
  if (status != PV_OK)
    {
      pv_set_gerror (error, &err);
      return FALSE;
    }
  return TRUE;
}

gboolean
pv_export_write (PvDocument *document, const char *path, int bit_depth, int channel,
                 pv_sample_fit *fit, GError **error)
{
  PvTensorRef *output = pv_document_get_output (document);
  char call[256];

  if (output == NULL)
    {
      g_set_error_literal (error, PV_ERROR, PV_ERR_ARGUMENT, _("There is no result to export"));
      return FALSE;
    }
  pv_params_format_call (&pv_document_get_plan (document)->params, call, sizeof call);
  return write_tensor (pv_tensor_ref_get (output), path, call, bit_depth,
                       picture_depth_of (document), channel, pv_document_get_file (document),
                       fit, error);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (write_tensor (pv_tensor_ref_get (job->output), job->path, job->call, job->bit_depth,
                    job->picture_depth, job->channel, job->input_file, &job->fit, &error))
    g_task_return_pointer (task, g_strdup (job->path), g_free);
  else
    g_task_return_error (task, error);
}

static void
response_cb (GtkNativeDialog *dialog, int response, GTask *task)
{
  ExportJob *job = g_task_get_task_data (task);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *depth = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "depth");
      /* The channels choice exists only while one channel is shown; asking
       * for it otherwise makes GTK warn. */
      const char *channels = job->channel >= 0 ? gtk_file_chooser_get_choice (
                                                   GTK_FILE_CHOOSER (dialog), "channels")
                                               : NULL;

      job->path = g_file_get_path (file);
      /* Should the chooser not answer (NULL), the picture's own depth
       * stays. */
      if (depth != NULL)
        job->bit_depth = strcmp (depth, "16") == 0 ? 16 : 8;
      if (g_strcmp0 (channels, "all") == 0)
        job->channel = -1;
      if (job->path == NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Only local files can be written"));
      else
        g_task_run_in_thread (task, export_thread);
    }
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  g_object_unref (task);
  g_object_unref (dialog);
}

char *
pv_export_suggest_name (PvDocument *document, const char *what, const char *extension)
{
  g_autofree char *stem = g_strdup (pv_document_get_name (document));
  char *dot = strrchr (stem, '.');

  if (dot != NULL && dot != stem)
    *dot = '\0';
  return g_strdup_printf ("%s-%s.%s", stem, what, extension);
}

void
pv_export_start_in (GtkFileChooser *chooser, GFile *folder, PvDocument *document)
{
  g_autoptr (GFile) parent = NULL;

  if (folder == NULL && pv_document_get_file (document) != NULL)
    folder = parent = g_file_get_parent (pv_document_get_file (document));
  /* A folder since removed is left to GTK's choice. */
  if (folder != NULL
      && g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

void
pv_export_run (GtkWindow *parent, PvDocument *document, int channel, GFile *folder,
               GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (document, NULL, callback, user_data);
  ExportJob *job = g_new0 (ExportJob, 1);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  /* The picture's own depth first: GTK 4.8's fallback chooser shows the
   * first option whatever gtk_file_chooser_set_choice() asked for. */
  bool deep = pv_document_get_bit_depth (document) == 16;
  const char *depth_ids[] = { deep ? "16" : "8", deep ? "8" : "16", NULL };
  const char *depth_labels_tr[3] = { deep ? _("16 bits") : _("8 bits"),
                                     deep ? _("8 bits") : _("16 bits"), NULL };
  const char *channel_ids[] = { "shown", "all", NULL };
  const char *channel_labels[] = { _("The channel shown"), _("All channels"), NULL };
  const pv_plan *plan = pv_document_get_plan (document);

  job->document = g_object_ref (document);
  job->output = pv_tensor_ref_ref (pv_document_get_output (document));
  job->channel = channel;
  job->bit_depth = deep ? 16 : 8;
  job->picture_depth = picture_depth_of (document);
  if (pv_document_get_file (document) != NULL)
    job->input_file = g_object_ref (pv_document_get_file (document));
  pv_params_format_call (&plan->params, job->call, sizeof job->call);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_set_source_tag (task, pv_export_run);

  dialog = gtk_file_chooser_native_new (_("Export the Pooled Result"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = pv_export_suggest_name (document, plan->info->name,
                                 pv_document_get_source_kind (document) == PV_SOURCE_PICTURE
                                   ? "png"
                                   : "csv");
  pv_export_start_in (GTK_FILE_CHOOSER (dialog), folder, document);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  /* What the name's extension can ask for, the default's first; the
   * extension decides (pv_export_write()). */
  {
    static const char *const png[] = { "*.[pP][nN][gG]", NULL };
    static const char *const csv[] = { "*.[cC][sS][vV]", NULL };
    static const char *const npy[] = { "*.[nN][pP][yY]", NULL };
    gboolean picture = pv_document_get_source_kind (document) == PV_SOURCE_PICTURE;
    GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);

    if (picture)
      pv_ui_add_file_filter (chooser, _("PNG pictures (.png)"), png);
    pv_ui_add_file_filter (chooser, _("CSV tables (.csv)"), csv);
    pv_ui_add_file_filter (chooser, _("NumPy arrays (.npy)"), npy);
    if (!picture)
      pv_ui_add_file_filter (chooser, _("PNG pictures (.png)"), png);
  }
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "depth", _("PNG bit depth"), depth_ids,
                               depth_labels_tr);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "depth",
                               job->bit_depth == 16 ? "16" : "8");
  if (channel >= 0)
    gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "channels", _("Channels"),
                                 channel_ids, channel_labels);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

char *
pv_export_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

gsize
pv_export_get_clamped (GAsyncResult *result, gsize *n, int *top)
{
  const ExportJob *job;

  if (g_task_get_source_tag (G_TASK (result)) != pv_export_run)
    return 0;
  job = g_task_get_task_data (G_TASK (result));
  *n = job->fit.n;
  *top = (job->picture_depth ? job->picture_depth : job->bit_depth) == 16 ? 65535 : 255;
  return job->fit.below + job->fit.above;
}
