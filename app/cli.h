/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* poolview-cli's pieces: a parsed request and the subcommands that carry
 * it out. Pure C over the engine, like the engine itself. */

#include <stdbool.h>

#include "engine/io-limits.h"
#include "engine/params.h"
#include "engine/status.h"

/* Exit statuses: 2 for bad arguments or parameters (what the user typed),
 * 1 for files that cannot be read, decoded or written. */
enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_FILE = 1,
  CLI_EXIT_USAGE = 2,
};

#define CLI_MAX_POSITIONALS 4096

typedef struct
{
  bool shape_mode;             /* "poolview-cli shape OP ..." */
  pv_params params;
  const char *return_indices_path;
  const char *indices_path;
  const char *samples_path;
  const char *input_size;      /* shape: H,W or L */
  const char *output_dir;      /* several inputs, one output each */
  int bit_depth;               /* PNG output: 8 or 16; 0 follows the source */
  int channel;                 /* PNG output: one channel as gray; -1 keeps all */
  pv_limits limits;
  int n_positionals;
  const char *positionals[CLI_MAX_POSITIONALS];
} cli_request;

/* Parses argv (after the program name) into @req. Returns false with a
 * message in @err on malformed arguments. Handles neither --help nor
 * --version, which main() answers first. */
bool cli_parse_args (int argc, char **argv, cli_request *req, pv_error *err);

/* Carries out a pooling request: reads the input(s), plans, runs and writes.
 * Returns an exit status and prints errors as "poolview-cli: ..." lines. */
int cli_run_pool (const cli_request *req);

/* "poolview-cli shape": prints the output size with the formula worked
 * through. Returns an exit status. */
int cli_run_shape (const cli_request *req);

/* Prints the usage text to stdout. */
void cli_print_help (void);

/* Prints "poolview-cli: MESSAGE" to stderr. */
void cli_error (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

/* The exit status for an engine failure: CLI_EXIT_USAGE for parameters
 * (and an output they make too large), CLI_EXIT_FILE for everything about
 * files. */
int cli_exit_for_error (const pv_error *err);
