/*
 * oui.h - vendor names from the IEEE OUI registry (Debian's ieee-data).
 *
 * Operators break IPv6 adoption down by router brand, which the first three
 * bytes of a MAC tell.  The registry file is scanned once per batch of
 * lookups, at report time, never per frame.
 */
#ifndef IXMON_OUI_H
#define IXMON_OUI_H

#include <stddef.h>
#include <stdint.h>

#define OUI_DEFAULT_FILE "/usr/share/ieee-data/oui.txt"
#define OUI_NAME_LEN 64

/*
 * For each of the `n` MACs, write its organisation into names[i] ("" when
 * unknown).  Returns 0, or -1 when the registry file cannot be read (then
 * every name is "").
 */
int oui_lookup(const char *path, const uint8_t (*macs)[6], size_t n,
    char (*names)[OUI_NAME_LEN]);

#endif
