/*
 * test_oui.c - the OUI vendor table (common/oui.c): the registry's text
 * format read once, looked up by binary search whatever order the file is
 * in, unknown OUIs and an unreadable file give "".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/oui.h"

static void test_lookup(void **state)
{
	char path[] = "/tmp/test_oui.XXXXXX";
	static const uint8_t cisco[6] = {0x00, 0x1b, 0x54, 1, 2, 3},
	    juniper[6] = {0x88, 0xe0, 0xf3, 0, 0, 1}, first[6] = {0, 0, 0, 9, 9, 9},
	    last[6] = {0xfc, 0xff, 0xff, 0, 0, 0}, unknown[6] = {0x02, 0, 0, 0, 0, 1};
	struct oui_table *t;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("OUI/MA-L\t\t\tOrganization\ncompany_id\t\t\tOrganization\n\n"
	    "88-E0-F3   (hex)\t\tJuniper Networks\r\n"
	    "88E0F3     (base 16)\t\tJuniper Networks\r\n\t\t\t\t1133 Innovation Way\r\n\n"
	    "FC-FF-FF   (hex)\t\tLast Corp\n"
	    "00-1B-54   (hex)\t\tCisco Systems, Inc\n"
	    "00-00-00   (hex)\t\tXEROX CORPORATION\n"
	    "zz-00-00   (hex)\t\tnot hex\n", f);
	fclose(f);
	t = oui_load(path);
	unlink(path);
	assert_non_null(t);
	assert_int_equal(oui_count(t), 4);
	assert_string_equal(oui_name(t, cisco), "Cisco Systems, Inc");
	assert_string_equal(oui_name(t, juniper), "Juniper Networks");
	assert_string_equal(oui_name(t, first), "XEROX CORPORATION");
	assert_string_equal(oui_name(t, last), "Last Corp");
	assert_string_equal(oui_name(t, unknown), "");
	oui_free(t);
	assert_null(oui_load("/nonexistent-ixmon/oui.txt"));
	assert_string_equal(oui_name(NULL, cisco), "");
	oui_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
