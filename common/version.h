/* version.h - the one place the version lives (the Makefile reads it too). */
#ifndef IXMON_VERSION_H
#define IXMON_VERSION_H
#define IXMON_VERSION "0.1.0"
#endif
