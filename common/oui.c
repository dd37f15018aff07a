/*
 * oui.c - see oui.h.  The file's lines of interest read
 * "00-1B-54   (hex)\t\tCisco Systems, Inc\r\n".
 */
#include <stdio.h>
#include <string.h>

#include "common/fmt.h"
#include "common/oui.h"

int oui_lookup(const char *path, const uint8_t (*macs)[6], size_t n,
    char (*names)[OUI_NAME_LEN])
{
	char line[512];
	FILE *fp;
	size_t i;

	for (i = 0; i < n; i++)
		names[i][0] = '\0';
	if (n == 0)
		return 0;
	fp = fopen(path, "r");
	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		uint8_t oui[3];
		char *name;
		int j;

		if (strlen(line) < 18 || strncmp(line + 8, "   (hex)", 8) != 0)
			continue;
		for (j = 0; j < 3; j++) {
			int hi = fmt_hexval(line[j * 3]), lo = fmt_hexval(line[j * 3 + 1]);

			if (hi < 0 || lo < 0)
				break;
			oui[j] = (uint8_t)(hi << 4 | lo);
		}
		if (j < 3)
			continue;
		name = line + 16;
		name += strspn(name, " \t");
		name[strcspn(name, "\r\n")] = '\0';
		for (i = 0; i < n; i++)
			if (memcmp(macs[i], oui, 3) == 0)
				snprintf(names[i], OUI_NAME_LEN, "%s", name);
	}
	fclose(fp);
	return 0;
}
