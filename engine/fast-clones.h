/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The hottest loops are compiled for AVX-512, AVX2 and plain x86-64 and
 * picked at load time by the CPU (GCC's function multiversioning through
 * ifunc). Sanitizer builds keep one version, as ifunc resolvers run before
 * the sanitizer runtime is ready. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)                         \
  && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_UNDEFINED__)
#define FAST_CLONES                                                                           \
  __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define FAST_CLONES
#endif
