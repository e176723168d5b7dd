/* Transaction log format v1 writer (docs/formats.md). Every implementation logs through these
 * functions, so equal outcomes give byte-identical logs. Each line is formatted straight into the log's
 * buffer with the small formatters below (decimal, fixed-width and minimal hex): the functional runner
 * writes a line per transaction, and printf-style formatting, then a stdio call per line, were most of
 * its cost. */
#include "txlog.h"

#include <string.h>

#include "iommu_port.h"

static const char *mem_status_name(int status)
{
    switch (status) {
    case IOMMU_MEM_OK: return "ok";
    case IOMMU_MEM_ACCESS_FAULT: return "access";
    case IOMMU_MEM_DATA_CORRUPTION: return "corrupt";
    default: return "invalid";
    }
}

/* The longest line of the format: memcas with four 18-character values, or a register line with a name
 * of stim.h's maximum length; every line is far shorter than this. */
enum { LINE_MAX_BYTES = 256 };

/* A line being built at the end of the log's buffer. */
typedef struct {
    txlog_t *t;
    char *buf; /* the line's first byte in t->buf */
    size_t len;
} line_t;

void txlog_init(txlog_t *t, FILE *f)
{
    t->f = f;
    t->len = 0;
    t->err = 0;
}

int txlog_flush(txlog_t *t)
{
    if (t->len != 0 && fwrite(t->buf, 1, t->len, t->f) != t->len)
        t->err = 1;
    t->len = 0;
    return t->err ? EOF : 0;
}

/* Starts a line: room for the longest one is made first. */
static line_t line_begin(txlog_t *t)
{
    if (t->len > sizeof t->buf - LINE_MAX_BYTES)
        txlog_flush(t);
    return (line_t){t, t->buf + t->len, 0};
}

static void put_str(line_t *l, const char *s)
{
    size_t n = strlen(s);
    if (n > LINE_MAX_BYTES / 2) /* only a register name from a stimulus could be; stim.h keeps them short */
        n = LINE_MAX_BYTES / 2;
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

/* Decimal, as "%u": the digits are counted first, then written from the last. */
static void put_dec(line_t *l, uint64_t v)
{
    unsigned n = 1;
    for (uint64_t t = v; t >= 10; t /= 10) n++;
    char *d = l->buf + l->len;
    l->len += n;
    do {
        d[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (n != 0);
}

/* Lower-case hex with at least min_digits digits (zero-padded), as "%0<min>" PRIx64; min_digits 1 is "%x". */
static void put_hex(line_t *l, uint64_t v, unsigned min_digits)
{
    static const char digits[] = "0123456789abcdef";
    unsigned n = 1;
    while (n < 16 && (v >> (4 * n)) != 0) n++;
    if (n < min_digits) n = min_digits;
    for (unsigned i = 0; i < n; i++) l->buf[l->len + i] = digits[(v >> (4 * (n - 1 - i))) & 0xf];
    l->len += n;
}

/* The 8 hex digits of v at d, without a loop per digit: each nibble is moved into a byte of its own
 * (nibble i from the top into byte i from the bottom), then '0' is added, and 39 more where it is over 9. */
static void put_hex8(char *d, uint32_t v)
{
    uint64_t x = v;
    x = ((x & 0xffff0000u) >> 16) | ((x & 0x0000ffffu) << 32);
    x = ((x & 0x0000ff000000ff00ull) >> 8) | ((x & 0x000000ff000000ffull) << 16);
    x = ((x & 0x00f000f000f000f0ull) >> 4) | ((x & 0x000f000f000f000full) << 8);
    uint64_t over9 = ((x + 0x0606060606060606ull) >> 4) & 0x0101010101010101ull;
    x += 0x3030303030303030ull + over9 * ('a' - '0' - 10);
    d[0] = (char)x, d[1] = (char)(x >> 8), d[2] = (char)(x >> 16), d[3] = (char)(x >> 24); /* one store */
    d[4] = (char)(x >> 32), d[5] = (char)(x >> 40), d[6] = (char)(x >> 48), d[7] = (char)(x >> 56);
}

/* "0x" and 16 hex digits: every address and data value of the format. */
static void put_x16(line_t *l, uint64_t v)
{
    char *d = l->buf + l->len;
    d[0] = '0', d[1] = 'x';
    put_hex8(d + 2, (uint32_t)(v >> 32));
    put_hex8(d + 10, (uint32_t)v);
    l->len += 18;
}

/* " KEY=VALUE" with a decimal value */
static void put_key_dec(line_t *l, const char *key, uint64_t v)
{
    put_str(l, key);
    put_dec(l, v);
}

/* " KEY=0x..." with 16 hex digits */
static void put_key_x16(line_t *l, const char *key, uint64_t v)
{
    put_str(l, key);
    put_x16(l, v);
}

static void line_end(line_t *l)
{
    l->buf[l->len++] = '\n';
    l->t->len += l->len;
}

void txlog_header(txlog_t *t)
{
    line_t l = line_begin(t);
    put_str(&l, "iommu-log 1");
    line_end(&l);
}

void txlog_rsp_ok(txlog_t *t, uint16_t tag, uint64_t pa)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "rsp tag=", tag);
    put_key_x16(&l, " ok pa=", pa);
    line_end(&l);
}

void txlog_rsp_fault(txlog_t *t, uint16_t tag, unsigned cause)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "rsp tag=", tag);
    put_key_dec(&l, " fault cause=", cause);
    line_end(&l);
}

/* "memwr addr=A data=D[ size=4] status=S" */
static void memwr_line(txlog_t *t, uint64_t addr, uint64_t data, const char *size_key, int status)
{
    line_t l = line_begin(t);
    put_key_x16(&l, "memwr addr=", addr);
    put_key_x16(&l, " data=", data);
    put_str(&l, size_key);
    put_str(&l, " status=");
    put_str(&l, mem_status_name(status));
    line_end(&l);
}

void txlog_memwr(txlog_t *t, uint64_t addr, uint64_t data, int status) { memwr_line(t, addr, data, "", status); }

void txlog_irq(txlog_t *t, unsigned vector, unsigned level)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "irq vec=", vector);
    put_key_dec(&l, " level=", level);
    line_end(&l);
}

/* "read NAME value=..." and "poll NAME value=..." */
static void reg_line(txlog_t *t, const char *what, const char *reg_name, uint64_t value)
{
    line_t l = line_begin(t);
    put_str(&l, what);
    put_str(&l, reg_name);
    put_key_x16(&l, " value=", value);
    line_end(&l);
}

void txlog_read(txlog_t *t, const char *reg_name, uint64_t value) { reg_line(t, "read ", reg_name, value); }

void txlog_poll(txlog_t *t, const char *reg_name, uint64_t value) { reg_line(t, "poll ", reg_name, value); }

void txlog_memwr4(txlog_t *t, uint64_t addr, uint32_t data, int status)
{
    memwr_line(t, addr, data, " size=4", status);
}

void txlog_memcas(txlog_t *t, uint64_t addr, uint64_t cmp, uint64_t data, uint64_t old, int status)
{
    line_t l = line_begin(t);
    put_key_x16(&l, "memcas addr=", addr);
    put_key_x16(&l, " cmp=", cmp);
    put_key_x16(&l, " data=", data);
    put_key_x16(&l, " old=", old);
    put_str(&l, " status=");
    put_str(&l, mem_status_name(status));
    line_end(&l);
}

void txlog_ats(txlog_t *t, uint16_t tag, const txlog_ats_t *a)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "ats tag=", tag);
    if (a->status == ATS_UR) {
        put_str(&l, " status=ur");
    } else if (a->status == ATS_CA) {
        put_str(&l, " status=ca");
    } else {
        uint64_t pa = a->pa, size = a->size;
        if (!a->r && !a->w) pa = 0, size = 0x1000;
        put_key_x16(&l, " status=success pa=", pa);
        put_str(&l, " size=0x");
        put_hex(&l, size, 1);
        put_key_dec(&l, " r=", a->r);
        put_key_dec(&l, " w=", a->w);
        put_key_dec(&l, " x=", a->x);
        put_key_dec(&l, " u=", a->u);
        put_key_dec(&l, " g=", a->g);
        put_key_dec(&l, " priv=", a->priv);
        put_key_dec(&l, " n=", a->n);
        put_key_dec(&l, " ama=", a->ama);
    }
    line_end(&l);
}

void txlog_rsp_mrif(txlog_t *t, uint16_t tag, uint64_t mrif_addr, uint64_t notice_addr, uint32_t notice_data)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "rsp tag=", tag);
    put_key_x16(&l, " mrif addr=", mrif_addr);
    put_key_x16(&l, " notice=", notice_addr);
    put_key_x16(&l, " nid=", notice_data);
    line_end(&l);
}

/* "msg did=D type=T[ itag=I] payload=P[ pid=N]" */
static void msg_line(txlog_t *t, uint32_t did, const char *type, int has_itag, unsigned itag, uint64_t payload, int pv,
                     uint32_t pid)
{
    line_t l = line_begin(t);
    put_key_dec(&l, "msg did=", did);
    put_str(&l, " type=");
    put_str(&l, type);
    if (has_itag)
        put_key_dec(&l, " itag=", itag);
    put_key_x16(&l, " payload=", payload);
    if (pv)
        put_key_dec(&l, " pid=", pid);
    line_end(&l);
}

void txlog_msg_inval(txlog_t *t, uint32_t did, unsigned itag, uint64_t payload, int pv, uint32_t pid)
{
    msg_line(t, did, "inval", 1, itag, payload, pv, pid);
}

void txlog_msg_prgr(txlog_t *t, uint32_t did, uint64_t payload, int pv, uint32_t pid)
{
    msg_line(t, did, "prgr", 0, 0, payload, pv, pid);
}

void txlog_end(txlog_t *t)
{
    line_t l = line_begin(t);
    put_str(&l, "end");
    line_end(&l);
}
