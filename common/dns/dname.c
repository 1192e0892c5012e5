/* SPDX-License-Identifier: ISC */
/*
 * Domain names in uncompressed wire form, and presentation text: names to
 * and from text, and bytes from the network escaped for a log.
 */

#include "dns/dname.h"

#include <string.h>

void
dname_root(struct dname *name)
{
	name->len = 1;
	name->data[0] = 0;
}

uint8_t
dname_lower_octet(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + ('a' - 'A')) : c;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Master-file syntax (RFC 1035 5.1): \X is X itself, \DDD the octet DDD.
 * The name is built label by label in `name`; `lab` is the offset of the
 * length octet of the label being filled.
 */
int
dname_from_text(struct dname *out, const char *text)
{
	struct dname name;
	size_t	 lab = 0, n = 1;
	unsigned v;
	uint8_t	 c;
	int	 rc = -1;

	dname_root(out);
	if (text == NULL || *text == '\0')
		goto out;
	if (strcmp(text, ".") == 0)
		return 0;
	name.data[0] = 0;
	while (*text != '\0') {
		if (*text == '.') {
			if (n == lab + 1)
				goto out;	/* empty label */
			name.data[lab] = (uint8_t)(n - lab - 1);
			lab = n;
			if (n >= DNAME_MAX)
				goto out;
			name.data[n++] = 0;
			text++;
			continue;
		}
		if (*text == '\\') {
			text++;
			if (is_digit(text[0])) {
				if (!is_digit(text[1]) || !is_digit(text[2]))
					goto out;
				v = (unsigned)(text[0] - '0') * 100 +
				    (unsigned)(text[1] - '0') * 10 +
				    (unsigned)(text[2] - '0');
				if (v > 255)
					goto out;
				c = (uint8_t)v;
				text += 3;
			} else if (*text != '\0') {
				c = (uint8_t)*text++;
			} else
				goto out;	/* a lone trailing backslash */
		} else
			c = (uint8_t)*text++;
		if (n - lab - 1 >= DLABEL_MAX || n >= DNAME_MAX)
			goto out;
		name.data[n++] = c;
	}
	if (n > lab + 1) {
		/* No trailing dot: close the last label, add the root. */
		name.data[lab] = (uint8_t)(n - lab - 1);
		if (n >= DNAME_MAX)
			goto out;
		name.data[n++] = 0;
	}
	name.len = (uint8_t)n;
	*out = name;
	rc = 0;
out:
	return rc;
}

/* Append `s` to buf, keeping room for the NUL; -1 when it does not fit. */
static int
text_put(char *buf, size_t size, size_t *at, const char *s)
{
	size_t	 l = strlen(s);

	if (*at + l >= size)
		return -1;
	memcpy(buf + *at, s, l);
	*at += l;
	buf[*at] = '\0';
	return 0;
}

/*
 * One byte as presentation text in `one` (5 bytes): printable ASCII as
 * itself, the master-file specials (in a name) or '"' and '\\' (in a
 * string) behind a backslash, anything else as \DDD, so that no byte from
 * the network reaches a terminal or a log raw.
 */
static void
escape_byte(uint8_t c, int in_name, char one[5])
{
	int	 special = c == '"' || c == '\\' || (in_name &&
	    (c == '.' || c == ';' || c == '(' || c == ')' || c == '@' ||
	    c == '$'));

	if (special) {
		one[0] = '\\';
		one[1] = (char)c;
		one[2] = '\0';
	} else if (c > 0x20 && c < 0x7f) {
		one[0] = (char)c;
		one[1] = '\0';
	} else if (c == ' ' && !in_name) {
		one[0] = ' ';
		one[1] = '\0';
	} else {
		one[0] = '\\';
		one[1] = (char)('0' + c / 100);
		one[2] = (char)('0' + c / 10 % 10);
		one[3] = (char)('0' + c % 10);
		one[4] = '\0';
	}
}

void
dname_escape_text(const uint8_t *p, size_t n, char *buf, size_t size)
{
	size_t	 at = 0, i;
	char	 one[5];

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		escape_byte(p[i], 0, one);
		if (text_put(buf, size, &at, one) == -1)
			return;
	}
}

/*
 * As BIND prints names: the master-file specials get a backslash, spaces,
 * controls and bytes above 0x7e are written \DDD.  Output that does not fit
 * is cut at a whole character.
 */
void
dname_to_text(const struct dname *name, char *buf, size_t size)
{
	size_t	 at = 0, i = 0, l, end;
	char	 one[5];

	if (size == 0)
		return;
	buf[0] = '\0';
	if (name->len <= 1) {
		(void)text_put(buf, size, &at, ".");
		return;
	}
	while (i < name->len && name->data[i] != 0) {
		l = name->data[i];
		end = i + 1 + l;
		if (end > name->len)
			break;
		for (i++; i < end; i++) {
			escape_byte(name->data[i], 1, one);
			if (text_put(buf, size, &at, one) == -1)
				return;
		}
		if (text_put(buf, size, &at, ".") == -1)
			return;
	}
}

int
dname_equal(const struct dname *a, const struct dname *b)
{
	size_t	 i;

	if (a->len != b->len)
		return 0;
	/* Length octets are below 64, so lowering them changes nothing. */
	for (i = 0; i < a->len; i++)
		if (dname_lower_octet(a->data[i]) != dname_lower_octet(b->data[i]))
			return 0;
	return 1;
}

int
dname_is_below(const struct dname *name, const struct dname *zone)
{
	size_t	 o = 0, i;

	if (name->len < zone->len || zone->len == 0)
		return 0;
	while ((size_t)name->len - o > zone->len) {
		if (name->data[o] == 0)
			return 0;
		o += (size_t)name->data[o] + 1;
	}
	if ((size_t)name->len - o != zone->len)
		return 0;
	for (i = 0; i < zone->len; i++)
		if (dname_lower_octet(name->data[o + i]) !=
		    dname_lower_octet(zone->data[i]))
			return 0;
	return 1;
}

unsigned
dname_labels(const struct dname *name)
{
	size_t	 o = 0;
	unsigned n = 0;

	while (o < name->len && name->data[o] != 0) {
		o += (size_t)name->data[o] + 1;
		n++;
	}
	return n;
}

void
dname_parent(struct dname *name)
{
	size_t	 l;

	if (name->len <= 1 || name->data[0] == 0)
		return;
	l = (size_t)name->data[0] + 1;
	if (l >= name->len) {
		dname_root(name);
		return;
	}
	memmove(name->data, name->data + l, name->len - l);
	name->len = (uint8_t)(name->len - l);
}

int
dname_prepend(struct dname *name, const char *label)
{
	size_t	 l;

	l = strlen(label);
	if (l == 0 || l > DLABEL_MAX || (size_t)name->len + 1 + l > DNAME_MAX)
		return -1;
	memmove(name->data + 1 + l, name->data, name->len);
	name->data[0] = (uint8_t)l;
	memcpy(name->data + 1, label, l);
	name->len = (uint8_t)(name->len + 1 + l);
	return 0;
}

void
dname_lower(struct dname *name)
{
	size_t	 i;

	for (i = 0; i < name->len; i++)
		name->data[i] = dname_lower_octet(name->data[i]);
}
