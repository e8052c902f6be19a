// SPDX-License-Identifier: GPL-2.0
/*
 * -i, lsof's inet filter: [46][tcp|udp][@ADDR|@HOST][:PORT]. ADDR matches
 * the socket's local or remote address (IPv6 in brackets), HOST any of the
 * host's addresses, PORT its local or remote port (a number or a service
 * name), address and port on the same end.
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
			 "[46][tcp|udp][@ADDR|@HOST][:PORT]", spec);
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

/*
 * The addresses of host @name, as lsof resolves a host name: IPv6 ones
 * for 6@HOST, IPv4 ones otherwise, all the resolver gives (/etc/hosts,
 * DNS). 1 when it has none.
 */
static int resolve_host(const char *name, struct inet_spec *s)
{
	struct addrinfo hints = { 0 }, *res, *ai;

	hints.ai_family = s->family == 6 ? AF_INET6 : AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(name, NULL, &hints, &res))
		return 1;
	for (ai = res; ai && s->naddr < INET_ADDRS_MAX; ai = ai->ai_next) {
		struct inet_addr *a = &s->addr[s->naddr++];

		a->af = ai->ai_family;
		if (a->af == AF_INET6)
			memcpy(a->a, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, 16);
		else
			memcpy(a->a, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
	}
	freeaddrinfo(res);
	return 0;
}

/*
 * @s's addresses from @p, a numeric address or a host name; where the
 * text ends, or NULL after saying what is wrong with @spec.
 */
static const char *parse_addr(const char *p, struct inet_spec *s,
			      const char *spec)
{
	char buf[256];
	int af;

	p = addr_text(p, buf, sizeof(buf), &af);
	if (!p)
		goto bad;
	if (inet_pton(af, buf, s->addr[0].a) == 1) {
		if (s->family && s->family != (af == AF_INET ? 4 : 6))
			goto bad;
		s->addr[0].af = af;
		s->naddr = 1;
		return p;
	}
	if (af == AF_INET6)
		goto bad;
	if (resolve_host(buf, s)) {
		cli_error("fdmodel show", "bad -i '%s': unknown host name",
			  spec);
		return NULL;
	}
	return p;
bad:
	bad_spec(spec);
	return NULL;
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
		p = parse_addr(p + 1, s, spec);
		if (!p)
			return 1;
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
	unsigned char addr[16];
	char buf[INET6_ADDRSTRLEN];
	int af, i;

	if (!colon || (s->port >= 0 && atoi(colon + 1) != s->port))
		return false;
	if (!s->naddr)
		return true;
	if (addr_text(end, buf, sizeof(buf), &af) != colon ||
	    inet_pton(af, buf, addr) != 1)
		return false;
	for (i = 0; i < s->naddr; i++)
		if (af == s->addr[i].af &&
		    !memcmp(addr, s->addr[i].a, af == AF_INET ? 4 : 16))
			return true;
	return false;
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
	if (!s->naddr && s->port < 0)
		return true;
	return end_match(s, sock->local) || end_match(s, sock->remote);
}
