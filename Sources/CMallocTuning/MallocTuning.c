// Caps glibc's malloc arenas at 2 while the process loads, before the Swift runtime, SwiftNIO or
// ONNX Runtime start threads that would each get an arena of their own (the same moment glibc reads
// MALLOC_ARENA_MAX). Set later, from Swift, the limit came too late for arenas already made.
// It also pins the mmap threshold at glibc's initial 128 KiB: by default every freed large block
// (a client's 1 MiB message, say) raises the threshold, after which such blocks come from the heap
// and their pages stay with the process once the load is gone. a2f_malloc_trim hands the free
// pages of every arena back to the system (see Lifecycle/MemoryTrimService.swift).
#include "CMallocTuning.h"

#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

enum { default_arena_limit = 2, mmap_threshold_bytes = 128 * 1024 };
static int applied_arena_limit = 0;

#if defined(__GLIBC__)
static int is_set(const char *variable) {
    const char *value = getenv(variable);
    return value != NULL && value[0] != '\0';
}

__attribute__((constructor)) static void tune_malloc(void) {
    // What the operator sets in the environment, glibc has applied already.
    if (!is_set("MALLOC_ARENA_MAX") && mallopt(M_ARENA_MAX, default_arena_limit) == 1) {
        applied_arena_limit = default_arena_limit;
    }
    if (!is_set("MALLOC_MMAP_THRESHOLD_")) {
        mallopt(M_MMAP_THRESHOLD, mmap_threshold_bytes);
    }
}
#endif

int a2f_malloc_arena_limit(void) {
    return applied_arena_limit;
}

int a2f_malloc_trim(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return -1;
#endif
}
