// Batched UDP for the edge: recvmmsg/sendmmsg on a socket polled by libuv, one JavaScript call
// per batch of datagrams instead of one per datagram.
//
// Node 20's dgram costs a native→JS callback, a fresh Buffer, an address string and a send
// request object per datagram, and one syscall per send; at DNS sizes that is more than half
// of the edge's CPU time per query. Here the kernel fills up to SLOTS datagrams into one
// arena, JavaScript answers them all in one call (writing each response into the matching
// slot of a second arena), and one sendmmsg sends every response back to its sender.
//
// JavaScript interface (see edge/server/native-udp.ts):
//   bindUdp(address, port) -> fd          binds a non-blocking UDP socket; throws Error with .code (EADDRINUSE…)
//   boundPort(fd) -> port
//   closeFd(fd)                           closes a socket that is not being served
//   serveUdp(fd, inArena, outArena, meta, onBatch) -> handle   takes over fd (closed by stopUdp)
//   stopUdp(handle)                       stops polling and closes the socket at once (idempotent)
//
// Lifetime: the server struct has two owners, libuv's poll handle (until its close callback)
// and the JavaScript handle (until it is garbage collected). It is freed when both let go, so
// stopUdp on a handle stopped before, even after libuv closed the poll, reads live memory.
// meta is an Int32Array with META_FIELDS entries per slot: [query length, client is IPv6 (0/1),
// response length written by onBatch (0 = send nothing), client prefix high, client prefix low].
// The prefix is what response rate limiting counts per: an IPv4 client's first 24 bits (high
// 0, low the /24), an IPv6 client's first 56 (high bits 0-31, low bits 32-55).
// onBatch(count) answers slots 0..count-1.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#ifndef __linux__
#error "the edge's UDP batching needs Linux (recvmmsg/sendmmsg)"
#endif

#define SLOTS 64
#define META_FIELDS 5
// Datagrams are read whole: no UDP payload exceeds 65,507 bytes (IPv4) or 65,527 (IPv6).
#define IN_SLOT_BYTES 65536
#define RECEIVE_BUFFER_BYTES (4 * 1024 * 1024)
// Batches read per wake-up before libuv gets a turn (TCP, timers, the snapshot loader).
#define BATCHES_PER_WAKEUP 8

typedef struct {
  uv_poll_t poll;
  napi_env env;
  napi_ref on_batch;
  napi_ref in_ref;
  napi_ref out_ref;
  napi_ref meta_ref;
  napi_async_context async;
  int fd;
  int stopped;
  // The two owners (see Lifetime above).
  int poll_closed;
  int handle_finalized;
  uint8_t *in;
  uint8_t *out;
  size_t out_slot_bytes;
  int32_t *meta;
  struct sockaddr_storage peers[SLOTS];
  struct iovec recv_iov[SLOTS];
  struct mmsghdr recv_msgs[SLOTS];
  struct iovec send_iov[SLOTS];
  struct mmsghdr send_msgs[SLOTS];
} udp_server;

#define NAPI_OK(call)                                                   \
  do {                                                                  \
    if ((call) != napi_ok) {                                            \
      napi_throw_error(env, "ERR_DNSCOVE_UDP", "napi call failed: " #call); \
      return NULL;                                                      \
    }                                                                   \
  } while (0)

static napi_value throw_errno(napi_env env, int err, const char *what) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  const char *code = err == EADDRINUSE ? "EADDRINUSE" : err == EADDRNOTAVAIL ? "EADDRNOTAVAIL" : err == EACCES ? "EACCES" : "EUDP";
  napi_throw_error(env, code, message);
  return NULL;
}

static int get_int(napi_env env, napi_value value, int32_t *out) {
  return napi_get_value_int32(env, value, out) == napi_ok;
}

static int is_ipv6_client(const struct sockaddr_storage *peer) {
  if (peer->ss_family != AF_INET6) return 0;
  return !IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *)peer)->sin6_addr);
}

/** Writes the client's rate-limiting prefix (see meta above) into meta[3] and meta[4]. */
static void client_prefix(const struct sockaddr_storage *peer, int32_t *meta) {
  const uint8_t *a;
  if (peer->ss_family == AF_INET6) {
    a = ((const struct sockaddr_in6 *)peer)->sin6_addr.s6_addr;
    if (!IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)a)) {
      meta[3] = (int32_t)(((uint32_t)a[0] << 24) | ((uint32_t)a[1] << 16) | ((uint32_t)a[2] << 8) | a[3]);
      meta[4] = (int32_t)(((uint32_t)a[4] << 16) | ((uint32_t)a[5] << 8) | a[6]);
      return;
    }
    a += 12;
  } else {
    a = (const uint8_t *)&((const struct sockaddr_in *)peer)->sin_addr.s_addr;
  }
  meta[3] = 0;
  meta[4] = (int32_t)(((uint32_t)a[0] << 16) | ((uint32_t)a[1] << 8) | a[2]);
}

static napi_value bind_udp(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char host[INET6_ADDRSTRLEN + 1];
  size_t host_len = 0;
  int32_t port = 0;
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], host, sizeof host, &host_len) != napi_ok || !get_int(env, argv[1], &port) || port < 0 || port > 65535) {
    napi_throw_type_error(env, "ERR_INVALID_ARG", "bindUdp(address: IP literal, port: 0..65535)");
    return NULL;
  }
  struct sockaddr_storage addr;
  memset(&addr, 0, sizeof addr);
  socklen_t addr_len;
  int family;
  struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    family = AF_INET;
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    addr_len = sizeof *v4;
  } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    addr_len = sizeof *v6;
  } else {
    napi_throw_type_error(env, "ERR_INVALID_ARG", "bindUdp: address is not an IPv4 or IPv6 literal");
    return NULL;
  }
  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket");
  // A larger receive buffer rides out bursts while a reload builds an index (capped by the kernel).
  int size = RECEIVE_BUFFER_BYTES;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (bind(fd, (struct sockaddr *)&addr, addr_len) != 0) {
    int err = errno;
    close(fd);
    char what[96];
    snprintf(what, sizeof what, "bind UDP %s port %d", host, port);
    return throw_errno(env, err, what);
  }
  napi_value result;
  NAPI_OK(napi_create_int32(env, fd, &result));
  return result;
}

/** Reads the one descriptor argument of boundPort/closeFd; false (with a TypeError thrown) if it is not there. */
static int fd_argument(napi_env env, napi_callback_info info, const char *usage, int32_t *fd) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc >= 1 && get_int(env, argv[0], fd)) return 1;
  napi_throw_type_error(env, "ERR_INVALID_ARG", usage);
  return 0;
}

static napi_value bound_port(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_argument(env, info, "boundPort(fd)", &fd)) return NULL;
  struct sockaddr_storage addr;
  socklen_t len = sizeof addr;
  if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0) return throw_errno(env, errno, "getsockname");
  int port = addr.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&addr)->sin6_port) : ntohs(((struct sockaddr_in *)&addr)->sin_port);
  napi_value result;
  NAPI_OK(napi_create_int32(env, port, &result));
  return result;
}

static napi_value close_fd(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (fd_argument(env, info, "closeFd(fd)", &fd)) close(fd);
  return NULL;
}

/** Sends the first `count` prepared responses; a message the kernel refuses is dropped, as a lost datagram. */
static void send_all(udp_server *server, int count) {
  int sent = 0;
  while (sent < count) {
    int n = sendmmsg(server->fd, server->send_msgs + sent, (unsigned)(count - sent), MSG_DONTWAIT);
    if (n > 0) {
      sent += n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      // EAGAIN (send buffer full) or an error for this one destination: skip it, go on.
      sent += 1;
    }
  }
}

/** Hands `count` received datagrams to JavaScript; false when the server was stopped meanwhile. */
static int answer_batch(udp_server *server, int count) {
  napi_env env = server->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return 0;
  napi_value callback, recv, argv[1], ignored;
  int ok = napi_get_reference_value(env, server->on_batch, &callback) == napi_ok && napi_get_global(env, &recv) == napi_ok &&
           napi_create_int32(env, count, &argv[0]) == napi_ok;
  if (ok) {
    napi_status status = napi_make_callback(env, server->async, recv, callback, 1, argv, &ignored);
    if (status == napi_pending_exception) {
      napi_value exception;
      napi_get_and_clear_last_exception(env, &exception);
      napi_fatal_exception(env, exception);
    }
  }
  napi_close_handle_scope(env, scope);
  return ok && !server->stopped;
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  (void)events;
  udp_server *server = (udp_server *)handle->data;
  if (server->stopped) return;
  if (status < 0) {
    // libuv stops polling on POLLERR. A pending socket error concerns one datagram (an ICMP
    // report), never the socket: clear it and keep serving.
    int pending;
    socklen_t length = sizeof pending;
    getsockopt(server->fd, SOL_SOCKET, SO_ERROR, &pending, &length);
    uv_poll_start(handle, UV_READABLE, on_readable);
    return;
  }
  for (int batch = 0; batch < BATCHES_PER_WAKEUP; batch++) {
    // The kernel shortens the address length of each slot it fills: room again for any peer,
    // before every read, whichever way the previous batch ended.
    for (int i = 0; i < SLOTS; i++) server->recv_msgs[i].msg_hdr.msg_namelen = sizeof server->peers[i];
    int count = recvmmsg(server->fd, server->recv_msgs, SLOTS, MSG_DONTWAIT, NULL);
    if (count <= 0) return;
    for (int i = 0; i < count; i++) {
      int32_t *meta = server->meta + i * META_FIELDS;
      meta[0] = (int32_t)server->recv_msgs[i].msg_len;
      meta[1] = is_ipv6_client(&server->peers[i]);
      meta[2] = 0;
      client_prefix(&server->peers[i], meta);
    }
    if (!answer_batch(server, count)) return;
    int replies = 0;
    for (int i = 0; i < count; i++) {
      int32_t length = server->meta[i * META_FIELDS + 2];
      if (length <= 0 || (size_t)length > server->out_slot_bytes) continue;
      server->send_iov[replies].iov_base = server->out + (size_t)i * server->out_slot_bytes;
      server->send_iov[replies].iov_len = (size_t)length;
      struct msghdr *hdr = &server->send_msgs[replies].msg_hdr;
      hdr->msg_name = &server->peers[i];
      hdr->msg_namelen = server->recv_msgs[i].msg_hdr.msg_namelen;
      replies++;
    }
    send_all(server, replies);
    if (count < SLOTS) return;
  }
}

/** Deletes the references and the async context serveUdp made; each at most once. */
static void release_napi(udp_server *server) {
  napi_env env = server->env;
  napi_ref *refs[] = {&server->on_batch, &server->in_ref, &server->out_ref, &server->meta_ref};
  for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
    if (*refs[i] != NULL) napi_delete_reference(env, *refs[i]);
    *refs[i] = NULL;
  }
  if (server->async != NULL) napi_async_destroy(env, server->async);
  server->async = NULL;
}

static void free_when_unowned(udp_server *server) {
  if (server->poll_closed && server->handle_finalized) free(server);
}

static void on_closed(uv_handle_t *handle) {
  udp_server *server = (udp_server *)handle->data;
  release_napi(server);
  server->poll_closed = 1;
  free_when_unowned(server);
}

static void on_handle_finalized(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  udp_server *server = (udp_server *)data;
  server->handle_finalized = 1;
  free_when_unowned(server);
}

/** Stops serving at once: no more batches, the descriptor closed, the poll handle closed on libuv's next turn. Idempotent. */
static void stop_server(udp_server *server) {
  if (server->stopped) return;
  server->stopped = 1;
  // Stopping the poll removes the descriptor from epoll, so it can be closed now: the port is
  // free when stopUdp returns.
  uv_poll_stop(&server->poll);
  close(server->fd);
  uv_close((uv_handle_t *)&server->poll, on_closed);
}

/** serveUdp could not start after the poll handle was made: stops, throws, returns NULL. */
static napi_value fail_serving(udp_server *server, const char *message) {
  napi_env env = server->env;
  stop_server(server);
  napi_throw_error(env, "EUDP", message);
  return NULL;
}

static int buffer_data(napi_env env, napi_value value, void **data, size_t *length) {
  bool is_buffer = false;
  return napi_is_buffer(env, value, &is_buffer) == napi_ok && is_buffer && napi_get_buffer_info(env, value, data, length) == napi_ok;
}

static napi_value serve_udp(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t fd;
  void *in = NULL, *out = NULL, *meta = NULL;
  size_t in_len = 0, out_len = 0, meta_len = 0;
  napi_typedarray_type meta_type;
  napi_valuetype callback_type;
  int valid = argc == 5 && get_int(env, argv[0], &fd) && buffer_data(env, argv[1], &in, &in_len) && buffer_data(env, argv[2], &out, &out_len) &&
              napi_get_typedarray_info(env, argv[3], &meta_type, &meta_len, &meta, NULL, NULL) == napi_ok && meta_type == napi_int32_array &&
              napi_typeof(env, argv[4], &callback_type) == napi_ok && callback_type == napi_function;
  if (!valid || in_len < (size_t)SLOTS * IN_SLOT_BYTES || out_len < SLOTS || out_len % SLOTS != 0 || meta_len < (size_t)SLOTS * META_FIELDS) {
    napi_throw_type_error(env, "ERR_INVALID_ARG", "serveUdp(fd, inArena: Buffer, outArena: Buffer, meta: Int32Array, onBatch: function) with the sizes of udpBatchLayout()");
    return NULL;
  }
  // From here on the descriptor is ours: closed by stopUdp, or now if serving cannot start.
  udp_server *server = calloc(1, sizeof *server);
  if (server == NULL) {
    close(fd);
    napi_throw_error(env, "ENOMEM", "serveUdp: out of memory");
    return NULL;
  }
  server->env = env;
  server->fd = fd;
  server->in = in;
  server->out = out;
  server->out_slot_bytes = out_len / SLOTS;
  server->meta = meta;
  // The headers are set up once: per batch only addresses, their lengths and reply sizes change.
  for (int i = 0; i < SLOTS; i++) {
    server->send_msgs[i].msg_hdr.msg_iov = &server->send_iov[i];
    server->send_msgs[i].msg_hdr.msg_iovlen = 1;
    server->recv_iov[i].iov_base = server->in + (size_t)i * IN_SLOT_BYTES;
    server->recv_iov[i].iov_len = IN_SLOT_BYTES;
    struct msghdr *hdr = &server->recv_msgs[i].msg_hdr;
    hdr->msg_name = &server->peers[i];
    hdr->msg_namelen = sizeof server->peers[i];
    hdr->msg_iov = &server->recv_iov[i];
    hdr->msg_iovlen = 1;
  }
  napi_value resource_name, handle;
  uv_loop_t *loop;
  if (napi_create_reference(env, argv[4], 1, &server->on_batch) != napi_ok || napi_create_reference(env, argv[1], 1, &server->in_ref) != napi_ok ||
      napi_create_reference(env, argv[2], 1, &server->out_ref) != napi_ok || napi_create_reference(env, argv[3], 1, &server->meta_ref) != napi_ok ||
      napi_create_string_utf8(env, "DNSCOVE_UDP", NAPI_AUTO_LENGTH, &resource_name) != napi_ok ||
      napi_async_init(env, NULL, resource_name, &server->async) != napi_ok || napi_get_uv_event_loop(env, &loop) != napi_ok ||
      uv_poll_init(loop, &server->poll, fd) != 0) {
    // No poll handle exists yet: release what was made and nothing else owns the struct.
    release_napi(server);
    close(fd);
    free(server);
    napi_throw_error(env, "ERR_DNSCOVE_UDP", "serveUdp: cannot set up the server");
    return NULL;
  }
  server->poll.data = server;
  // The JavaScript handle exists before polling starts, so no poll ever runs without one.
  if (napi_create_external(env, server, on_handle_finalized, NULL, &handle) != napi_ok) {
    server->handle_finalized = 1;
    return fail_serving(server, "serveUdp: cannot create the handle");
  }
  int err = uv_poll_start(&server->poll, UV_READABLE, on_readable);
  if (err != 0) return fail_serving(server, uv_strerror(err));
  return handle;
}

static napi_value stop_udp(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  udp_server *server = NULL;
  if (argc < 1 || napi_get_value_external(env, argv[0], (void **)&server) != napi_ok || server == NULL) {
    napi_throw_type_error(env, "ERR_INVALID_ARG", "stopUdp(handle from serveUdp)");
    return NULL;
  }
  stop_server(server);
  return NULL;
}

static napi_value layout(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, slots, fields, in_slot;
  NAPI_OK(napi_create_object(env, &result));
  NAPI_OK(napi_create_int32(env, SLOTS, &slots));
  NAPI_OK(napi_create_int32(env, META_FIELDS, &fields));
  NAPI_OK(napi_create_int32(env, IN_SLOT_BYTES, &in_slot));
  NAPI_OK(napi_set_named_property(env, result, "slots", slots));
  NAPI_OK(napi_set_named_property(env, result, "metaFields", fields));
  NAPI_OK(napi_set_named_property(env, result, "inSlotBytes", in_slot));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor functions[] = {
      {"bindUdp", NULL, bind_udp, NULL, NULL, NULL, napi_default, NULL},
      {"boundPort", NULL, bound_port, NULL, NULL, NULL, napi_default, NULL},
      {"closeFd", NULL, close_fd, NULL, NULL, NULL, napi_default, NULL},
      {"serveUdp", NULL, serve_udp, NULL, NULL, NULL, napi_default, NULL},
      {"stopUdp", NULL, stop_udp, NULL, NULL, NULL, napi_default, NULL},
      {"udpBatchLayout", NULL, layout, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
