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
#   make install [PREFIX=/usr/local] [DESTDIR=] [SYSCONFDIR=] [UNITDIR=]
#                             binary, man page, example configuration, systemd
#                             units, docs (README.md "Installing")
#
# Every flavour has its own object directory, so switching flavours never
# links stale objects; ./ixmon is a copy of the last flavour built.

VERSION := $(shell sed -n 's/^\#define IXMON_VERSION "\(.*\)"/\1/p' common/version.h)
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=
# /etc for a system install (PREFIX=/usr), else beside the prefix
ifeq ($(PREFIX),/usr)
SYSCONFDIR ?= /etc
else
SYSCONFDIR ?= $(PREFIX)/etc
endif
DOCDIR     ?= $(PREFIX)/share/doc/ixmon
LIBEXECDIR ?= $(PREFIX)/libexec
# both in systemd's search path for /usr and /usr/local
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d

CC      ?= cc
OPT     ?= -O2 -g
PKGS    := libpcap jansson librrd libmicrohttpd libndpi libgcrypt
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
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka

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

-include $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d) $(UNIT_BINS:=.d)

deps:
	@./tools/install-deps

# The sanitizer flavour is built beside the release one; the tests use both.
check: deps
	@./tools/install-deps deploy
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

# The units, the refresh script: templates with the install paths filled in.
DEPLOY_IN  := $(wildcard contrib/systemd/*.in) contrib/members-refresh.in
DEPLOY_OUT := $(DEPLOY_IN:contrib/%.in=build/deploy/%)
UNITS      := $(notdir $(filter build/deploy/systemd/%,$(DEPLOY_OUT))) ixmon-members.timer
# Configuration files: installed when absent, never overwritten; uninstall
# removes one only while it is still the file installed.  members.conf may
# hold an API key: 0600, systemd reads it as root.
CONF_FILES := ixmon.json members.conf serve.conf
DOC_MD     := $(wildcard docs/*.md)

build/deploy/%: contrib/%.in Makefile
	@mkdir -p $(@D)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' $< >$@.tmp
	@mv $@.tmp $@
# the paths are make variables: a new PREFIX must regenerate them
build/deploy/.paths: FORCE
	@mkdir -p $(@D)
	@echo '$(BINDIR) $(SYSCONFDIR) $(LIBEXECDIR)' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(DEPLOY_OUT): build/deploy/.paths

install: all $(DEPLOY_OUT)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(UNITDIR) \
	  $(DESTDIR)$(LIBEXECDIR)/ixmon $(DESTDIR)$(SYSCONFDIR)/ixmon $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(DOCDIR)/docs
	install -m 0755 ixmon $(DESTDIR)$(BINDIR)/ixmon
	install -m 0644 docs/ixmon.1 $(DESTDIR)$(MANDIR)/man1/ixmon.1
	install -m 0755 build/deploy/members-refresh $(DESTDIR)$(LIBEXECDIR)/ixmon/members-refresh
	install -m 0644 build/deploy/systemd/*.service contrib/systemd/*.timer $(DESTDIR)$(UNITDIR)/
	install -m 0644 contrib/ixmon.sysusers $(DESTDIR)$(SYSUSERSDIR)/ixmon.conf
	install -D -m 0644 contrib/logrotate/ixmon $(DESTDIR)$(SYSCONFDIR)/logrotate.d/ixmon
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/
	install -m 0644 $(DOC_MD) $(DESTDIR)$(DOCDIR)/docs/
	install -m 0644 contrib/ixmon.json $(DESTDIR)$(DOCDIR)/ixmon.json.example
	install -m 0644 contrib/grafana/ixmon-lan.json $(DESTDIR)$(DOCDIR)/grafana-ixmon-lan.json
	@for f in $(CONF_FILES); do \
	  if [ -e $(DESTDIR)$(SYSCONFDIR)/ixmon/$$f ]; then \
	    echo "kept $(DESTDIR)$(SYSCONFDIR)/ixmon/$$f (the new one is contrib/$$f)"; \
	  else \
	    m=0644; [ $$f = members.conf ] && m=0600; \
	    echo "install -m $$m contrib/$$f $(DESTDIR)$(SYSCONFDIR)/ixmon/$$f"; \
	    install -m $$m contrib/$$f $(DESTDIR)$(SYSCONFDIR)/ixmon/$$f || exit 1; \
	  fi; \
	done
	@[ -n "$(DESTDIR)" ] || echo "next: systemd-sysusers; systemctl daemon-reload; edit $(SYSCONFDIR)/ixmon/ixmon.json; systemctl enable --now ixmon"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ixmon $(DESTDIR)$(MANDIR)/man1/ixmon.1 \
	  $(DESTDIR)$(LIBEXECDIR)/ixmon/members-refresh $(DESTDIR)$(SYSUSERSDIR)/ixmon.conf \
	  $(DESTDIR)$(SYSCONFDIR)/logrotate.d/ixmon \
	  $(UNITS:%=$(DESTDIR)$(UNITDIR)/%) $(DOC_MD:%=$(DESTDIR)$(DOCDIR)/%) \
	  $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/ixmon.json.example \
	  $(DESTDIR)$(DOCDIR)/grafana-ixmon-lan.json
	rmdir $(DESTDIR)$(LIBEXECDIR)/ixmon $(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	@for f in $(CONF_FILES); do \
	  c=$(DESTDIR)$(SYSCONFDIR)/ixmon/$$f; \
	  if [ -e $$c ] && ! cmp -s $$c contrib/$$f; then \
	    echo "kept $$c: changed since it was installed"; \
	  else \
	    rm -f $$c; \
	  fi; \
	done
	rmdir $(DESTDIR)$(SYSCONFDIR)/ixmon 2>/dev/null || true

format:
	clang-format -i $(LIB_SRCS) $(CMD_SRCS) $(UNIT_SRCS) $(FUZZ_SRCS) $(BENCH_SRCS) \
	  $(wildcard */*.h)

clean:
	rm -rf build ixmon demo-out

FORCE:
