/*
 * oui.h - vendor names from the IEEE OUI registry (Debian's ieee-data).
 *
 * Operators break IPv6 adoption down by router brand, which the first three
 * bytes of a MAC tell.  The registry (about 35,000 entries, 5 MB of text)
 * is read once into a sorted table and looked up by binary search; reading
 * and scanning the file for every report cost a large exchange ~30 ms per
 * interval (a pass over the file per member).
 */
#ifndef IXMON_OUI_H
#define IXMON_OUI_H

#include <stddef.h>
#include <stdint.h>

#define OUI_DEFAULT_FILE "/usr/share/ieee-data/oui.txt"

struct oui_table;

/* Read `path`; NULL when it cannot be read (names are then unknown). */
struct oui_table *oui_load(const char *path);
/* The organisation of the MAC's OUI, or "" (also for a NULL table). */
const char *oui_name(const struct oui_table *t, const uint8_t mac[6]);
size_t oui_count(const struct oui_table *t);
void oui_free(struct oui_table *t);

#endif
