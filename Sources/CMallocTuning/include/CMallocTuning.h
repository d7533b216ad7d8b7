#ifndef A2F_MALLOC_TUNING_H
#define A2F_MALLOC_TUNING_H

/// The malloc arena limit this process set at load time, before any thread of its own started
/// (2), or 0 when it set none: MALLOC_ARENA_MAX was given (glibc applies it itself) or the C
/// library is not glibc. See Sources/Audio2FaceServer/Lifecycle/MallocArenaLimit.swift.
int a2f_malloc_arena_limit(void);

/// Returns the free memory of every malloc arena to the system (glibc's malloc_trim(0)): 1 when
/// some was released, 0 when none, -1 when the C library is not glibc.
int a2f_malloc_trim(void);

#endif
