// Transparent huge pages for the heap of the commands that build large in-memory models.
//
// Reading a snapshot, an IaC tree or a year of CloudTrail allocates hundreds of megabytes in
// small pieces; with 4 KiB pages every first touch of a page is a page fault, and on virtual
// machines a fault costs microseconds: on a 12 MB snapshot faults were half the run time of
// `can`. glibc (2.35 and later) backs its heap with transparent huge pages when the tunable
// glibc.malloc.hugetlb=1 is set, which it reads only at start-up — so such a command, once, sets
// it and executes itself again (same arguments, same environment otherwise). The same tunables
// keep blocks up to 256 MiB on the heap and freed memory for reuse (mmap_threshold,
// trim_threshold): a parsed file's tree, once freed, is where the model that follows is built.
//
// Nothing happens when GLIBC_TUNABLES is already set (set it, even empty, to opt out), when the
// kernel has transparent huge pages disabled, in sanitizer builds (their allocator replaces
// glibc's), or when the re-execution fails (the command then runs as it is).
#pragma once

namespace iw::cli {

// Call first in main(); returns only when the process goes on as it is.
void use_huge_pages_for_large_commands(int argc, char** argv);

}  // namespace iw::cli
