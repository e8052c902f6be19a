// SPDX-License-Identifier: GPL-2.0
/*
 * The page itself: one self-contained HTML file, its style and script
 * inline, no URL anywhere, so it opens from a USB stick or the lab VM's
 * shared directory with no network. Every step is a <section>; the script
 * shows one at a time (buttons, arrow keys, a slider, #N or #last in the
 * address), and without a script the first step alone is shown.
 *
 * A step's <svg> is kept as the text of a data block (a <script> of a type
 * that never runs) and made an element when the step is first shown: the
 * browser then parses a page of a thousand pictures as text, in a
 * fraction of the time a thousand pictures' elements would take.
 */
#include <string.h>
#include "trace_html.h"
#include "trace_html_page.h"

static const char style[] =
"body{font-family:sans-serif;margin:0;color:#222}\n"
"header{position:sticky;top:0;background:#f4f4f4;border-bottom:1px solid #ccc;"
"padding:.5em 1em;z-index:1}\n"
"header button{font-size:1.1em;min-width:3em}\n"
"#slider{width:40%;vertical-align:middle}\n"
".legend{font-size:.85em;margin:.3em 0 0}\n"
".warn{color:#a40000;font-weight:bold}\n"
"main{padding:0 1em}\n"
".step{display:none}\n"
".step.on{display:block}\n"
"pre{background:#fafafa;border-left:4px solid #1a7f37;padding:.4em;"
"overflow-x:auto;margin:.6em 0}\n"
"pre.changes{border-color:orange}\n"
".note{font-size:.85em;color:#555}\n"
".fig svg{max-width:100%;max-height:calc(100vh - 12em);width:auto;height:auto}\n";

static const char script[] =
"(function () {\n"
"\tvar steps = document.querySelectorAll('.step'), n = steps.length;\n"
"\tvar slider = document.getElementById('slider'), cur = 0;\n"
"\tvar num = document.getElementById('num');\n"
"\tvar proc = document.getElementById('proc');\n"
"\tfunction go(i) {\n"
"\t\tif (!n || i < 0 || i >= n)\n"
"\t\t\treturn;\n"
"\t\tsteps[cur].classList.remove('on');\n"
"\t\tcur = i;\n"
"\t\tsteps[cur].classList.add('on');\n"
"\t\tvar fig = steps[cur].querySelector('.fig');\n"
"\t\tvar pic = steps[cur].querySelector('.pic');\n"
"\t\tif (pic && !fig.firstChild)\n"
"\t\t\tfig.innerHTML = pic.textContent;\n"
"\t\tslider.value = cur + 1;\n"
"\t\tnum.textContent = cur + 1;\n"
"\t\tproc.textContent = steps[cur].getAttribute('data-proc');\n"
"\t\ttry {\n"
"\t\t\thistory.replaceState(null, '', '#' + (cur + 1));\n"
"\t\t} catch (e) {\n"
"\t\t}\n"
"\t}\n"
"\tdocument.getElementById('prev').onclick = function () { go(cur - 1); };\n"
"\tdocument.getElementById('next').onclick = function () { go(cur + 1); };\n"
"\tslider.oninput = function () { go(slider.value - 1); };\n"
"\tdocument.addEventListener('keydown', function (e) {\n"
"\t\tif (e.target === slider)\n"
"\t\t\treturn;\n"
"\t\tif (e.key === 'ArrowLeft')\n"
"\t\t\tgo(cur - 1);\n"
"\t\telse if (e.key === 'ArrowRight')\n"
"\t\t\tgo(cur + 1);\n"
"\t\telse if (e.key === 'Home')\n"
"\t\t\tgo(0);\n"
"\t\telse if (e.key === 'End')\n"
"\t\t\tgo(n - 1);\n"
"\t});\n"
"\tvar h = location.hash.slice(1);\n"
"\tgo(h === 'last' ? n - 1 : Math.min(Math.max(parseInt(h, 10) || 1, 1), n) - 1);\n"
"})();\n";

static void html_esc(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/*
 * dot's <svg> element, inline: without its xmlns attributes, which HTML
 * implies and which would be the page's only URLs, and without dot's
 * comments.
 */
static void svg_write(FILE *out, const char *s, size_t len)
{
	const char *end = s + len, *tag = memchr(s, '>', len), *p = s, *c;

	if (!tag)
		return;
	while ((c = memmem(p, tag - p, " xmlns", 6))) {
		fwrite(p, 1, c - p, out);
		p = memchr(c, '"', tag - c);
		p = p ? memchr(p + 1, '"', tag - p - 1) : NULL;
		if (!p)
			return;
		p++;
	}
	for (; (c = memmem(p, end - p, "<!--", 4)); p += 3) {
		fwrite(p, 1, c - p, out);
		p = memmem(c, end - c, "-->", 3);
		if (!p)
			return;
	}
	fwrite(p, 1, end - p, out);
}

static void header(FILE *out, const struct page *pg)
{
	fputs("<header>\n<div><button id=\"prev\" title=\"previous step "
	      "(left arrow)\">&#9664;</button>\n", out);
	fprintf(out, "<input id=\"slider\" type=\"range\" min=\"1\" max=\"%d\" "
		"value=\"1\" aria-label=\"step\">\n", pg->nsteps ?: 1);
	fputs("<button id=\"next\" title=\"next step (right arrow)\">&#9654;"
	      "</button>\n", out);
	fprintf(out, "step <b id=\"num\">1</b> of %d &middot; <b id=\"proc\">",
		pg->nsteps);
	if (pg->nsteps)
		html_esc(out, pg->steps[0].proc);
	fputs("</b></div>\n<p class=\"legend\">Each step is one event that "
	      "changed the tables. Green outline: what it changed; orange: "
	      "shared by several slots or processes; grey, dashed: a slot it "
	      "closed.</p>\n", out);
	if (pg->unlisted)
		fprintf(out, "<p class=\"warn\">The trace made %llu more "
			"changes after these %d steps: not listed.</p>\n",
			pg->unlisted, pg->nsteps);
	if (pg->lost)
		fprintf(out, "<p class=\"warn\">The trace lost %llu events: "
			"steps after the loss may not be what the kernel "
			"did.</p>\n", pg->lost);
	fputs("</header>\n", out);
}

static void step_note(FILE *out, const struct page_step *st, int nsteps)
{
	fputs("<p class=\"note\">", out);
	if (st->stateless) {
		fputs("Not drawn: the trace leaves out the tables of a process "
		      "with this many fds and mappings.</p>\n", out);
		return;
	}
	if (!st->drawn) {
		fprintf(out, "Not drawn: the page draws the first %d of its %d "
			"steps.</p>\n", HTML_DRAWN_MAX, nsteps);
		return;
	}
	fprintf(out, "Drawn: pid %s", st->pids);
	if (st->d.shown < st->d.slots)
		fprintf(out, "; %d of their %d fd slots (what changed, then "
			"the first)", st->d.shown, st->d.slots);
	if (st->d.maps_shown < st->d.maps)
		fprintf(out, "; the first %d of their %d file mappings",
			st->d.maps_shown, st->d.maps);
	if (st->others)
		fprintf(out, "; %d other traced process%s not drawn",
			st->others, st->others == 1 ? "" : "es");
	fputs(".</p>\n", out);
}

static void step(FILE *out, const struct page_step *st, int i, int nsteps)
{
	fprintf(out, "<section class=\"step%s\" id=\"s%d\" data-proc=\"",
		i ? "" : " on", i + 1);
	html_esc(out, st->proc);
	fputs("\">\n<pre class=\"event\">", out);
	html_esc(out, st->line);
	fputs("</pre>\n<pre class=\"changes\">", out);
	html_esc(out, st->changes);
	fputs("</pre>\n", out);
	step_note(out, st, nsteps);
	fputs("<div class=\"fig\"></div>\n", out);
	if (st->svg) {
		fputs("<script type=\"image/svg+xml\" class=\"pic\">", out);
		svg_write(out, st->svg, st->svg_len);
		fputs("</script>\n", out);
	}
	fputs("</section>\n", out);
}

bool page_write(FILE *out, const struct page *pg)
{
	int i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset="
	      "\"utf-8\">\n<title>fdmodel trace: ", out);
	html_esc(out, pg->nsteps ? pg->steps[0].proc : "no steps");
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
	header(out, pg);
	fputs("<main>\n<noscript><p class=\"warn\">The pictures and the "
	      "buttons need JavaScript.</p></noscript>\n", out);
	if (!pg->nsteps)
		fputs("<p>No traced event changed the fd tables.</p>\n", out);
	for (i = 0; i < pg->nsteps; i++)
		step(out, &pg->steps[i], i, pg->nsteps);
	fprintf(out, "</main>\n<script>\n%s</script>\n</body>\n</html>\n",
		script);
	return !ferror(out);
}
