/*
 * heap_thp.c - `ixmon analyze` runs with glibc's heap on transparent huge
 * pages (the glibc.malloc.hugetlb tunable, glibc 2.35 and later).
 *
 * A report is built from scratch in fresh memory: the exchange bench's
 * 2M-frame run took 17,953 page faults (jansson's report tree, nDPI's
 * per-flow TLS buffers, the tables), each a trap into the kernel that
 * costs far more on a virtual machine than the page's use.  With the heap
 * on 2 MiB pages it took 4,428.  Where the kernel's THP mode is "madvise"
 * (Debian's default), glibc asks for huge pages only when the tunable is
 * set, and tunables are read from the environment by the dynamic loader
 * before main(): the only way in is to set it and exec ourselves again,
 * once, before anything is opened or read.  Mode "always" gives huge pages
 * without it, "never" refuses them: no exec then.  A GLIBC_TUNABLES that
 * already names glibc.malloc.hugetlb (ours after the exec, or the
 * operator's, =0 to opt out) is left alone.  Sanitizer builds use their
 * own allocator: nothing to gain.  The price: peak RSS 3 to 5 MiB higher
 * (part-used 2 MiB pages), and where memory is fragmented the kernel may
 * compact before it hands out a huge page (THP defrag "madvise").  Only
 * `analyze` asks: the daemon's heap is grown once and then reused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"

#define THP_MODE_FILE "/sys/kernel/mm/transparent_hugepage/enabled"
#define TUNABLE "glibc.malloc.hugetlb"

void cmd_heap_thp(char **argv)
{
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
	const char *was = getenv("GLIBC_TUNABLES");
	char mode[128] = "", set[1024];
	FILE *f;

	if (was && strstr(was, TUNABLE))
		return;
	if ((f = fopen(THP_MODE_FILE, "re")) == NULL)
		return;
	if (fgets(mode, sizeof(mode), f) == NULL)
		mode[0] = '\0';
	fclose(f);
	if (strstr(mode, "[madvise]") == NULL)
		return;
	if (snprintf(set, sizeof(set), "%s%s" TUNABLE "=1", was ? was : "",
	    was ? ":" : "") >= (int)sizeof(set))
		return;
	if (setenv("GLIBC_TUNABLES", set, 1) < 0)
		return;
	execv("/proc/self/exe", argv);
	/* No /proc, or the binary was replaced: run as we are. */
	if (was)
		setenv("GLIBC_TUNABLES", was, 1);
	else
		unsetenv("GLIBC_TUNABLES");
#else
	(void)argv;
#endif
}
