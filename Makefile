# ixmon - IXP peering-LAN monitor.  GNU Make.
#
#   make                      build ./ixmon (release flavour, objects in build/release)
#   make SANITIZE=address,undefined
#                             the same ./ixmon with sanitizers (objects in build/san-*)
#   make check                install missing packages, build, run every test
#   make demo                 install, build, analyse the bundled sample
#   make bench                performance ratios (bench/README.md)
#   make fuzz [FUZZ_TIME=600] [FUZZ=pcap,http]
#                             libFuzzer runs of every harness (tests/fuzz/README.md)
#   make install PREFIX=/usr/local DESTDIR=
#
# Every flavour has its own object directory, so switching flavours never
# links stale objects; ./ixmon is a copy of the last flavour built.

VERSION := $(shell sed -n 's/^\#define IXMON_VERSION "\(.*\)"/\1/p' common/version.h)
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=

CC      ?= cc
OPT     ?= -O2 -g
PKGS    := libpcap jansson librrd libmicrohttpd libndpi
comma   := ,

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wcast-qual \
        -Wstrict-prototypes -Wmissing-prototypes -Wvla
ifeq ($(CI),true)
WERROR ?= 1
endif
ifeq ($(WERROR),1)
WARN += -Werror
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lpcap -ljansson -lrrd -lmicrohttpd -lndpi -lm -lgcrypt)

ifeq ($(LIBFUZZER),1)
# clang's libFuzzer: coverage-instrumented library, harnesses get its main()
CC       := clang
FLAVOUR  := libfuzzer
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
else ifneq ($(SANITIZE),)
FLAVOUR  := san-$(subst $(comma),-,$(SANITIZE))
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
FLAVOUR  := release
SANFLAGS :=
endif
B := build/$(FLAVOUR)

CPPFLAGS += -I. -D_GNU_SOURCE
CFLAGS   := -std=c11 -pthread $(OPT) $(WARN) $(SANFLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS  += -pthread $(SANFLAGS)
LDLIBS   := $(PKG_LIBS)

LIB_SRCS  := $(wildcard capture/*.c members/*.c analyze/*.c alerts/*.c graphs/*.c common/*.c web/*.c daemon/*.c)
CMD_SRCS  := $(wildcard cmd/*.c)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
BENCH_SRCS := $(wildcard bench/*.c)

LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/%.o)
CMD_OBJS  := $(CMD_SRCS:%.c=$(B)/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(B)/bench/%)
LIB := $(B)/libixmon.a

SAN_CHECK := address,undefined
# the modules with threads of their own, run under ThreadSanitizer too
TSAN_TESTS := test_state test_source_file test_inputs

.PHONY: all lib tools clean deps check demo bench fuzz fuzz-bins install uninstall format FORCE
all: ixmon

lib: $(LIB)
tools: $(UNIT_BINS) $(FUZZ_BINS) $(BENCH_BINS)

# Always compare: a flavour switch must replace ./ixmon even when older.
ixmon: $(B)/ixmon FORCE
	@cmp -s $< $@ || cp $< $@

$(B)/ixmon: $(CMD_OBJS) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CMD_OBJS) $(LIB) $(LDLIBS)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka

# Fuzz harnesses: LLVMFuzzerTestOneInput plus a plain main() that replays
# files, so they run in `make check` without libFuzzer (tests/fuzz/README.md);
# in the libFuzzer flavour replay_main.c is empty and libFuzzer's main() runs.
ifeq ($(LIBFUZZER),1)
FUZZ_MAIN_FLAGS := -DIXMON_LIBFUZZER -fsanitize=fuzzer
endif
$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(FUZZ_MAIN_FLAGS) -o $@ $< tests/fuzz/replay_main.c \
	  $(LIB) $(LDFLAGS) $(FUZZ_MAIN_FLAGS) $(LDLIBS)

$(B)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

-include $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d)

deps:
	@./tools/install-deps

# The sanitizer flavour is built beside the release one; the tests use both.
check: deps
	$(MAKE) all tools
	$(MAKE) SANITIZE=$(SAN_CHECK) build/san-$(subst $(comma),-,$(SAN_CHECK))/ixmon tools
	$(MAKE) SANITIZE=thread $(TSAN_TESTS:%=build/san-thread/tests/%)
	@cp build/release/ixmon ixmon
	IXMON=./ixmon IXMON_SAN=build/san-$(subst $(comma),-,$(SAN_CHECK))/ixmon \
	  TOOLS_SAN=build/san-$(subst $(comma),-,$(SAN_CHECK)) \
	  TSAN_TESTS="$(TSAN_TESTS:%=build/san-thread/tests/%)" \
	  ./tests/run-tests

demo: deps
	$(MAKE) all
	./tools/demo

bench: all tools
	./bench/run-bench
	./bench/flood-bench
	./bench/sflow-bench
	./bench/rrd-bench
	./bench/ndpi-bench

fuzz-bins: $(FUZZ_BINS)

# FUZZ_TIME seconds per harness (600 = the 10 minutes a release wants);
# FUZZ names some harnesses (decode,pcap), default all.
FUZZ_TIME ?= 600
fuzz: deps
	@./tools/install-deps fuzz
	$(MAKE) LIBFUZZER=1 fuzz-bins
	tests/fuzz/run-fuzz build/libfuzzer/fuzz $(FUZZ_TIME) $(subst $(comma), ,$(FUZZ))

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 ixmon $(DESTDIR)$(BINDIR)/ixmon
	install -m 0644 docs/ixmon.1 $(DESTDIR)$(MANDIR)/man1/ixmon.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ixmon $(DESTDIR)$(MANDIR)/man1/ixmon.1

format:
	clang-format -i $(LIB_SRCS) $(CMD_SRCS) $(UNIT_SRCS) $(FUZZ_SRCS) $(BENCH_SRCS) \
	  $(wildcard */*.h)

clean:
	rm -rf build ixmon demo-out

FORCE:
