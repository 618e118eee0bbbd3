#define _GNU_SOURCE
#include "CLinux.h"
#include <string.h>

static volatile sig_atomic_t shutdownFD = -1;
static volatile sig_atomic_t lastSignal = 0;

static void wq_shutdown_handler(int signo) {
    int saved = errno;
    lastSignal = signo;
    if (shutdownFD >= 0) {
        uint64_t one = 1;
        ssize_t ignored = write(shutdownFD, &one, sizeof one);
        (void)ignored;
    }
    errno = saved;
}

void wq_install_shutdown_signals(int eventFD) {
    shutdownFD = eventFD;
    struct sigaction action = {0};
    action.sa_handler = wq_shutdown_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int wq_last_shutdown_signal(void) { return lastSignal; }

int wq_accept4(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

void wq_set_thread_name(const char *name) {
    char truncated[16];
    strncpy(truncated, name, 15);
    truncated[15] = 0;
    pthread_setname_np(pthread_self(), truncated);
}

int wq_peer_credentials(int fd, int32_t *pid, uint32_t *uid, uint32_t *gid) {
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    *pid = credentials.pid;
    *uid = credentials.uid;
    *gid = credentials.gid;
    return 0;
}
