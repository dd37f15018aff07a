/*
 * static.c - the dashboard's stylesheet and icon, compiled in.
 *
 * Compiled in rather than read from a directory: nothing on disk can be
 * swapped under the server, there is no path to validate, and the
 * `--write-html` output copies the same bytes.  No JavaScript at all; no
 * web fonts or CDN (the NOC network may have no Internet).  The palette
 * keeps IPv6 (teal) and IPv4 (slate) apart for colour-blind readers by
 * lightness as well as hue, and sizes are large enough for a wall screen.
 */
#include <string.h>

#include "web/static.h"

static const char css[] =
":root{--bg:#0f1720;--panel:#17212c;--line:#263443;--fg:#e6edf3;--mut:#93a4b5;"
"--v6:#2ec4b6;--v4:#3d4f63;--crit:#ff5d5d;--warn:#f5b53f;--note:#6cb6ff;--ok:#3fb950;"
"--link:#79c0ff;font-size:16px}\n"
"*{box-sizing:border-box}\n"
"html{background:var(--bg);color:var(--fg)}\n"
"body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',"
"'DejaVu Sans',sans-serif;line-height:1.45}\n"
"a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}\n"
"header.top{display:flex;align-items:center;gap:1.5rem;padding:.7rem 1.5rem;"
"background:#0b1118;border-bottom:1px solid var(--line)}\n"
".brand{font-weight:700;font-size:1.35rem;color:var(--fg);letter-spacing:.02em}\n"
".brand .logo{color:var(--v6)}\n"
".ixp{color:var(--mut);flex:1}\n"
"nav a{margin-left:1.2rem;color:var(--mut);padding:.3rem 0}\n"
"nav a.active{color:var(--fg);border-bottom:2px solid var(--v6)}\n"
"main{padding:1rem 1.5rem 2rem;max-width:1600px;margin:0 auto}\n"
"h1{font-size:1.7rem;margin:.6rem 0 1rem;font-weight:600}\n"
"h1 .asn{color:var(--mut);font-weight:400}\n"
"h2{font-size:1.15rem;margin:1.8rem 0 .7rem;color:var(--fg);font-weight:600;"
"border-bottom:1px solid var(--line);padding-bottom:.35rem}\n"
"h2 .count{display:inline-block;min-width:1.6em;text-align:center;background:var(--line);"
"border-radius:1em;padding:0 .45em;font-size:.9rem;margin-left:.4rem}\n"
"h3{font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;color:var(--mut);"
"margin:0 0 .4rem;font-weight:600}\n"
".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:1rem}\n"
".tile{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:1rem 1.2rem}\n"
".tile .big{font-size:2.4rem;font-weight:700;margin:0;font-variant-numeric:tabular-nums}\n"
".tile .big .of{font-size:1.2rem;color:var(--mut);font-weight:400}\n"
".tile .sub{color:var(--mut);margin:.25rem 0;font-size:.9rem}\n"
"svg.bar{display:inline-block;vertical-align:middle;border-radius:3px;overflow:hidden}\n"
"svg.bar.wide{width:100%;height:12px;margin:.4rem 0}\n"
"svg.bar.small{width:110px;height:10px}\n"
"svg.bar .v4{fill:var(--v4)}svg.bar .v6{fill:var(--v6)}\n"
"table{border-collapse:collapse;width:100%;background:var(--panel);border:1px solid var(--line);"
"border-radius:8px;font-variant-numeric:tabular-nums}\n"
"th,td{padding:.45rem .7rem;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}\n"
"thead th{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--mut);"
"background:#121b25}\n"
"tbody tr:hover{background:#1c2836}\n"
".num{text-align:right;white-space:nowrap}\n"
".mono{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.88rem}\n"
"td.share,td.ts{white-space:nowrap}\n"
"td.detail{max-width:48rem;color:#c9d4df}\n"
"table.compact{width:auto;min-width:22rem}\n"
".tile table.compact{min-width:0;width:100%;border:0}\n"
"table.kv th{width:16rem;color:var(--mut);font-weight:500}\n"
".badge{display:inline-block;padding:.05rem .55rem;border-radius:1em;font-size:.8rem;"
"font-weight:600;border:1px solid transparent;white-space:nowrap}\n"
".st-active{background:rgba(63,185,80,.15);color:#56d364;border-color:#2e7d3a}\n"
".st-silent{background:rgba(245,181,63,.14);color:var(--warn);border-color:#8a6a1f}\n"
".st-unregistered{background:rgba(108,182,255,.14);color:var(--note);border-color:#2f5f8f}\n"
".st-none,.st-unknown{background:rgba(147,164,181,.12);color:var(--mut);border-color:#3a4a5a}\n"
".st-dark{background:rgba(255,93,93,.14);color:var(--crit);border-color:#8f2f2f}\n"
".sev{font-weight:700;text-transform:uppercase;font-size:.78rem;letter-spacing:.04em}\n"
".sev-critical .sev{color:var(--crit)}.sev-warning .sev{color:var(--warn)}"
".sev-notice .sev{color:var(--note)}.sev-unknown .sev{color:var(--mut)}\n"
"tr.sev-critical td:first-child{box-shadow:inset 4px 0 0 var(--crit)}\n"
"tr.sev-warning td:first-child{box-shadow:inset 4px 0 0 var(--warn)}\n"
"tr.sev-notice td:first-child{box-shadow:inset 4px 0 0 var(--note)}\n"
".graphs{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1rem}\n"
"figure.graph{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:8px;"
"padding:.6rem}\n"
"figure.graph img{width:100%;height:auto;display:block;border-radius:4px}\n"
"figure.graph figcaption{color:var(--mut);font-size:.9rem;padding-top:.4rem}\n"
"figure.graph figcaption a{margin-left:.6rem}\n"
"details{margin-top:1rem}summary{cursor:pointer;color:var(--mut)}\n"
"details table{margin-top:.6rem}\n"
".note{color:var(--mut)}.ok{color:var(--ok)}.error{color:var(--warn);font-size:1.1rem}\n"
"ol.podium{list-style:none;display:flex;align-items:flex-end;justify-content:center;gap:1rem;"
"padding:0;margin:1.5rem 0}\n"
".step{width:15rem;text-align:center;border-radius:8px 8px 0 0;padding:1rem .8rem;"
"background:var(--panel);border:1px solid var(--line);display:flex;flex-direction:column;gap:.2rem}\n"
".step.gold{min-height:15rem;border-top:5px solid #e3b341}\n"
".step.silver{min-height:12rem;border-top:5px solid #b8c4cf}\n"
".step.bronze{min-height:10rem;border-top:5px solid #c7844c}\n"
".step .place{font-size:2rem;font-weight:800}\n"
".gold .place{color:#e3b341}.silver .place{color:#b8c4cf}.bronze .place{color:#c7844c}\n"
".step .who{font-weight:600;font-size:1.05rem}\n"
".step .asn,.step .sub{color:var(--mut);font-size:.85rem}\n"
".step .pct{font-size:1.6rem;font-weight:700;color:var(--v6)}\n"
"dl.legend{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem}\n"
"dl.legend dd{margin:0;color:#c9d4df}\n"
".ci{color:var(--mut);font-weight:400;font-size:.6em;white-space:nowrap}\n"
"td .ci,.sub .ci{font-size:.9em}\n"
".ago{color:var(--mut);font-size:.85em;white-space:nowrap}\n"
".ack{color:var(--ok);font-size:.9em}\n"
".defn{font-size:.85rem;margin:-.4rem 0 1rem}\n"
"section.critical{background:rgba(255,93,93,.08);border:1px solid #8f2f2f;border-radius:8px;"
"padding:.2rem 1rem 1rem;margin:.6rem 0 1rem}\n"
"section.critical h2{color:var(--crit);border-bottom-color:#8f2f2f;margin-top:.8rem}\n"
"footer{color:var(--mut);font-size:.82rem;padding:1rem 1.5rem;border-top:1px solid var(--line)}\n"
"@media (max-width:800px){.graphs{grid-template-columns:1fr}header.top{flex-wrap:wrap}}\n";

static const char favicon[] =
"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">"
"<rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#0f1720\"/>"
"<rect x=\"3\" y=\"9\" width=\"3\" height=\"4\" fill=\"#3d4f63\"/>"
"<rect x=\"7\" y=\"6\" width=\"3\" height=\"7\" fill=\"#2ec4b6\"/>"
"<rect x=\"11\" y=\"3\" width=\"3\" height=\"10\" fill=\"#2ec4b6\"/></svg>\n";

const struct web_static web_static_files[] = {
	{"ixmon.css", "text/css; charset=utf-8", css, sizeof(css) - 1},
	{"favicon.svg", "image/svg+xml", favicon, sizeof(favicon) - 1},
	{NULL, NULL, NULL, 0},
};

const struct web_static *web_static_find(const char *name)
{
	const struct web_static *s;

	for (s = web_static_files; s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}
