// SPDX-License-Identifier: GPL-2.0
/*
 * -i, lsof's inet filter: [46][tcp|udp][@ADDR][:PORT]. ADDR matches the
 * socket's local or remote address (IPv6 in brackets), PORT its local or
 * remote port (a number or a service name), both on the same end.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cli.h"
#include "show.h"

static int bad_spec(const char *spec)
{
	return cli_error("fdmodel show", "bad -i '%s': want "
			 "[46][tcp|udp][@ADDR][:PORT]", spec);
}

/* The text of ADDR, or of [ADDR] (then IPv6), at @p into @buf. */
static const char *addr_text(const char *p, char *buf, size_t sz, int *af)
{
	bool v6 = *p == '[';
	size_t n = v6 ? strcspn(++p, "]") : strcspn(p, ":");

	if (!n || n >= sz || (v6 && p[n] != ']'))
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*af = v6 ? AF_INET6 : AF_INET;
	return p + n + v6;
}

/* @s's address from @p; where it ends, or NULL. */
static const char *parse_addr(const char *p, struct inet_spec *s)
{
	char buf[INET6_ADDRSTRLEN];

	p = addr_text(p, buf, sizeof(buf), &s->af);
	if (!p || inet_pton(s->af, buf, s->addr) != 1)
		return NULL;
	s->has_addr = true;
	return p;
}

static int parse_port(const char *p, struct inet_spec *s)
{
	const struct servent *se;
	char *end;
	long v = strtol(p, &end, 10);

	if (*p >= '0' && *p <= '9' && !*end) {
		s->port = v >= 0 && v <= 65535 ? v : -1;
		return s->port < 0;
	}
	se = *p ? getservbyname(p, s->proto) : NULL;
	if (se)
		s->port = ntohs(se->s_port);
	return !se;
}

int inet_parse(const char *spec, struct inet_spec *s)
{
	const char *p = spec;

	memset(s, 0, sizeof(*s));
	s->port = -1;
	if (!spec)
		return 0;	/* -i alone: every inet socket */
	if (*p == '4' || *p == '6')
		s->family = *p++ - '0';
	if (!strncasecmp(p, "tcp", 3) || !strncasecmp(p, "udp", 3)) {
		s->proto = tolower(*p) == 't' ? "tcp" : "udp";
		p += 3;
	}
	if (*p == '@') {
		p = parse_addr(p + 1, s);
		if (!p || (s->family && s->family != (s->af == AF_INET ? 4 : 6)))
			return bad_spec(spec);
	}
	if (*p == ':' && !parse_port(p + 1, s))
		p += strlen(p);
	if (*p || p == spec)
		return bad_spec(spec);
	return 0;
}

/* ADDR:PORT, IPv6 as [ADDR]:PORT, matches @s's address and port. */
static bool end_match(const struct inet_spec *s, const char *end)
{
	const char *colon = end ? strrchr(end, ':') : NULL;
	unsigned char addr[sizeof(s->addr)];
	char buf[INET6_ADDRSTRLEN];
	int af;

	if (!colon || (s->port >= 0 && atoi(colon + 1) != s->port))
		return false;
	if (!s->has_addr)
		return true;
	return addr_text(end, buf, sizeof(buf), &af) == colon &&
	       af == s->af && inet_pton(af, buf, addr) == 1 &&
	       !memcmp(addr, s->addr, af == AF_INET ? 4 : 16);
}

bool inet_match(const struct inet_spec *s, const struct m_sock *sock)
{
	int family;

	if (!sock->family)
		return false;
	family = !strcmp(sock->family, "inet") ? 4 :
		 !strcmp(sock->family, "inet6") ? 6 : 0;
	if (!family || (s->family && s->family != family))
		return false;
	if (s->proto && (!sock->proto || strcmp(sock->proto, s->proto)))
		return false;
	if (!s->has_addr && s->port < 0)
		return true;
	return end_match(s, sock->local) || end_match(s, sock->remote);
}
