/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "image.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

/* As in png-io.c, the state that changes after setjmp() belongs to the
 * caller of the function that calls it. */
typedef struct
{
  struct jpeg_error_mgr pub;
  struct jpeg_progress_mgr progress;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX + 64];
  pv_status status;
  unsigned max_scans;
  size_t max_memory;
  struct jpeg_decompress_struct cinfo;
  bool created;
  pv_image decoded;
  pv_image oriented;
  uint8_t *cmyk_row;
  int orientation;       /* EXIF, 1 (as stored) when absent */
} jpeg_job;

static void
error_exit_cb (j_common_ptr cinfo)
{
  jpeg_job *job = (jpeg_job *) cinfo->err;

  if (job->message[0] != '\0')
    longjmp (job->jump, 1);

  /* Some of libjpeg's errors are limits or unsupported features, not
   * damage; say so in PoolView's terms. */
  switch (cinfo->err->msg_code)
    {
    case JERR_IMAGE_TOO_BIG:
      job->status = PV_ERR_LIMIT;
      snprintf (job->message, sizeof job->message,
                "the JPEG is larger than libjpeg's maximum of %ld pixels a side",
                (long) JPEG_MAX_DIMENSION);
      break;
    case JERR_NO_BACKING_STORE:
    case JERR_OUT_OF_MEMORY:
      job->status = PV_ERR_LIMIT;
      snprintf (job->message, sizeof job->message,
                "the JPEG needs more than the %zu MB of working memory allowed",
                job->max_memory >> 20);
      break;
    case JERR_BAD_PRECISION:
      job->status = PV_ERR_UNSUPPORTED;
      snprintf (job->message, sizeof job->message,
                "JPEG data precision %d is not supported (8-bit samples only)",
                ((j_decompress_ptr) cinfo)->data_precision);
      break;
    default:
      (*cinfo->err->format_message) (cinfo, job->message);
      break;
    }
  longjmp (job->jump, 1);
}

static void
emit_message_cb (j_common_ptr cinfo, int level)
{
  jpeg_job *job = (jpeg_job *) cinfo->err;

  /* A warning means corrupt data ("premature end of JPEG file", "bad
   * Huffman code"); libjpeg would carry on and fill the rest with grey.
   * PoolView refuses such a file rather than show a wrong picture. */
  if (level < 0)
    {
      (*cinfo->err->format_message) (cinfo, job->message);
      longjmp (job->jump, 1);
    }
}

static void
progress_cb (j_common_ptr cinfo)
{
  jpeg_job *job = (jpeg_job *) cinfo->err;
  j_decompress_ptr d = (j_decompress_ptr) cinfo;

  /* Every scan of a progressive JPEG is decoded into the whole image, so
   * thousands of tiny scans cost thousands of passes: a cheap file that
   * takes minutes. */
  if (cinfo->is_decompressor && (unsigned) d->input_scan_number > job->max_scans)
    {
      job->status = PV_ERR_LIMIT;
      snprintf (job->message, sizeof job->message,
                "the progressive JPEG has more than %u scans (the limit)", job->max_scans);
      longjmp (job->jump, 1);
    }
}

static void
read_orientation (jpeg_job *job)
{
  job->orientation = 1;
  for (jpeg_saved_marker_ptr m = job->cinfo.marker_list; m != NULL; m = m->next)
    if (m->marker == JPEG_APP0 + 1)
      {
        int o = pv_exif_orientation (m->data, m->data_length);

        if (o != 0)
          {
            job->orientation = o;
            return;
          }
      }
}

static pv_status
decode_protected (jpeg_job *job, const uint8_t *data, size_t size, const pv_limits *limits,
                  pv_error *err)
{
  j_decompress_ptr c = &job->cinfo;
  int out_channels;
  pv_status status;

  if (setjmp (job->jump))
    {
      /* Only damage is "invalid"; a limit or a missing feature is not. */
      if (job->status != PV_OK && job->status != PV_ERR_FORMAT)
        return pv_error_set (err, job->status, PV_FIELD_INPUT, "%s", job->message);
      return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, "invalid JPEG: %s", job->message);
    }

  jpeg_create_decompress (c);
  job->created = true;
  c->progress = &job->progress;
  c->mem->max_memory_to_use = (long) limits->max_jpeg_memory;
  jpeg_mem_src (c, data, (unsigned long) size);
  jpeg_save_markers (c, JPEG_APP0 + 1, 0xffff);
  jpeg_read_header (c, TRUE);

  read_orientation (job);

  switch (c->num_components)
    {
    case 1:
      c->out_color_space = JCS_GRAYSCALE;
      out_channels = 1;
      break;
    case 3:
      c->out_color_space = JCS_RGB;
      out_channels = 3;
      break;
    case 4:
      /* CMYK, or YCCK which libjpeg turns into CMYK; converted to RGB below. */
      c->out_color_space = JCS_CMYK;
      out_channels = 3;
      break;
    default:
      return pv_error_set (err, PV_ERR_UNSUPPORTED, PV_FIELD_INPUT,
                           "JPEG with %d colour components is not supported (1, 3 or 4)",
                           c->num_components);
    }
  status = pv_image_check_limits (c->image_width, c->image_height, out_channels, 8, limits,
                                  "the JPEG", err);
  if (status != PV_OK)
    return status;

  jpeg_start_decompress (c);
  status = pv_image_alloc (&job->decoded, c->output_width, c->output_height, out_channels, 8,
                           err);
  if (status != PV_OK)
    return status;
  if (c->out_color_space == JCS_CMYK)
    {
      job->cmyk_row = malloc ((size_t) c->output_width * 4);
      if (job->cmyk_row == NULL)
        return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_INPUT, "out of memory");
    }

  while (c->output_scanline < c->output_height)
    {
      uint8_t *row = (uint8_t *) job->decoded.pixels
                     + (size_t) c->output_scanline * pv_image_stride (&job->decoded);

      if (job->cmyk_row == NULL)
        jpeg_read_scanlines (c, &row, 1);
      else
        {
          /* Adobe applications write CMYK (and YCCK) inverted, and say so
           * with their APP14 marker; plain CMYK stores ink amounts. */
          bool inverted = c->saw_Adobe_marker;

          jpeg_read_scanlines (c, &job->cmyk_row, 1);
          for (JDIMENSION x = 0; x < c->output_width; x++)
            {
              const uint8_t *p = job->cmyk_row + 4 * (size_t) x;
              unsigned k = inverted ? p[3] : 255u - p[3];

              for (int i = 0; i < 3; i++)
                {
                  unsigned ink = inverted ? p[i] : 255u - p[i];

                  row[3 * (size_t) x + (size_t) i] = (uint8_t) ((ink * k + 127) / 255);
                }
            }
        }
    }
  jpeg_finish_decompress (c);

  if (limits->apply_orientation && job->orientation > 1)
    return pv_image_orient (&job->decoded, job->orientation, &job->oriented, err);
  return PV_OK;
}

pv_status
pv_jpeg_decode (const uint8_t *data, size_t size, const pv_limits *limits, pv_image *out,
                pv_error *err)
{
  jpeg_job *job;
  pv_status status;

  if (size < 3 || data[0] != 0xff || data[1] != 0xd8)
    return pv_error_set (err, PV_ERR_FORMAT, PV_FIELD_INPUT, "not a JPEG file (bad signature)");

  /* On the heap: jmp_buf and libjpeg's structs are large. */
  job = calloc (1, sizeof *job);
  if (job == NULL)
    return pv_error_set (err, PV_ERR_NOMEM, PV_FIELD_INPUT, "out of memory");
  job->cinfo.err = jpeg_std_error (&job->pub);
  job->pub.error_exit = error_exit_cb;
  job->pub.emit_message = emit_message_cb;
  job->progress.progress_monitor = progress_cb;
  job->max_scans = limits->max_jpeg_scans;
  job->max_memory = limits->max_jpeg_memory;

  status = decode_protected (job, data, size, limits, err);
  if (job->created)
    jpeg_destroy_decompress (&job->cinfo);
  free (job->cmyk_row);
  if (status == PV_OK)
    {
      if (job->oriented.pixels != NULL)
        {
          *out = job->oriented;
          pv_image_free (&job->decoded);
        }
      else
        *out = job->decoded;
    }
  else
    {
      pv_image_free (&job->decoded);
      pv_image_free (&job->oriented);
    }
  free (job);
  return status;
}

/* Reads the TIFF structure inside an EXIF segment with every offset
 * checked; a malformed segment only means "no orientation". */
static unsigned
read_u16 (const uint8_t *p, bool big)
{
  return big ? (unsigned) p[0] << 8 | p[1] : (unsigned) p[1] << 8 | p[0];
}

static uint32_t
read_u32 (const uint8_t *p, bool big)
{
  return big ? (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3]
             : (uint32_t) p[3] << 24 | (uint32_t) p[2] << 16 | (uint32_t) p[1] << 8 | p[0];
}

int
pv_exif_orientation (const uint8_t *data, size_t size)
{
  const uint8_t *tiff;
  size_t len, ifd;
  unsigned count;
  bool big;

  if (size < 6 + 8 || memcmp (data, "Exif\0\0", 6) != 0)
    return 0;
  tiff = data + 6;
  len = size - 6;
  if (memcmp (tiff, "II", 2) == 0)
    big = false;
  else if (memcmp (tiff, "MM", 2) == 0)
    big = true;
  else
    return 0;
  if (read_u16 (tiff + 2, big) != 42)
    return 0;
  ifd = read_u32 (tiff + 4, big);
  if (ifd > len || len - ifd < 2)
    return 0;
  count = read_u16 (tiff + ifd, big);
  for (unsigned i = 0; i < count; i++)
    {
      size_t entry = ifd + 2 + 12 * (size_t) i;
      unsigned value;

      if (entry > len || len - entry < 12)
        return 0;
      if (read_u16 (tiff + entry, big) != 0x0112)
        continue;
      /* A SHORT, one of it, stored in the first two bytes of the value. */
      if (read_u16 (tiff + entry + 2, big) != 3 || read_u32 (tiff + entry + 4, big) != 1)
        return 0;
      value = read_u16 (tiff + entry + 8, big);
      return value >= 1 && value <= 8 ? (int) value : 0;
    }
  return 0;
}
