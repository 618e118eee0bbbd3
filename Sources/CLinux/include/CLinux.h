#ifndef WIREQUEST_CLINUX_H
#define WIREQUEST_CLINUX_H

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include <pthread.h>

/// Routes SIGINT and SIGTERM to a write of 1 on `eventFD`, and ignores SIGPIPE. The handler only calls write(2),
/// which is async-signal-safe; Swift code is not, so the handler lives here.
void wq_install_shutdown_signals(int eventFD);

/// The last signal number the shutdown handler saw, or 0.
int wq_last_shutdown_signal(void);

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC; glibc declares it only under _GNU_SOURCE.
int wq_accept4(int fd, struct sockaddr *address, socklen_t *length);

/// Names the calling thread (pthread_setname_np needs _GNU_SOURCE).
void wq_set_thread_name(const char *name);

/// The process and user ids of a Unix domain socket's peer (SO_PEERCRED); 0 on success, -1 with errno set.
int wq_peer_credentials(int fd, int32_t *pid, uint32_t *uid, uint32_t *gid);

/// read(2), send(2) and sendmsg(2) as plain system calls. glibc's wrappers are thread cancellation points and pay
/// for two bookkeeping calls each (about 30 instructions, a tenth of an echoed message's) that threads nobody
/// cancels do not need. -1 with errno set on failure, as the wrappers.
static inline ssize_t wq_read(int fd, void *buffer, size_t count) {
    return (ssize_t)syscall(SYS_read, fd, buffer, count);
}

static inline ssize_t wq_send(int fd, const void *buffer, size_t count, int flags) {
    return (ssize_t)syscall(SYS_sendto, fd, buffer, count, flags, (void *)0, 0);
}

static inline ssize_t wq_sendmsg(int fd, const struct msghdr *message, int flags) {
    return (ssize_t)syscall(SYS_sendmsg, fd, message, flags);
}

#endif
