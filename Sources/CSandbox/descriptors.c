#define _GNU_SOURCE
#include "CSandbox.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

long scriptdesk_send_with_descriptors(int socket, const void *bytes, size_t length, const int *descriptors, size_t count) {
    if (count > SCRIPTDESK_MAXIMUM_DESCRIPTORS) {
        errno = EINVAL;
        return -1;
    }
    struct iovec part = {.iov_base = (void *)bytes, .iov_len = length};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int) * SCRIPTDESK_MAXIMUM_DESCRIPTORS)];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &part, .msg_iovlen = 1};
    if (count > 0) {
        message.msg_control = control.space;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(header), descriptors, sizeof(int) * count);
    }
    ssize_t sent;
    do {
        sent = sendmsg(socket, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    // A pipe (`scriptdesk check --serve` run by hand) carries the bytes but no descriptors.
    if (sent < 0 && errno == ENOTSOCK && count == 0) {
        do {
            sent = write(socket, bytes, length);
        } while (sent < 0 && errno == EINTR);
    }
    return (long)sent;
}

long scriptdesk_receive_with_descriptors(int socket, void *buffer, size_t capacity, int *descriptors, size_t *count) {
    struct iovec part = {.iov_base = buffer, .iov_len = capacity};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int) * SCRIPTDESK_MAXIMUM_DESCRIPTORS)];
    } control;
    struct msghdr message = {.msg_iov = &part, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space};
    ssize_t received;
    do {
        received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    } while (received < 0 && errno == EINTR);
    *count = 0;
    if (received < 0 && errno == ENOTSOCK) {
        do {
            received = read(socket, buffer, capacity);
        } while (received < 0 && errno == EINTR);
        return (long)received;
    }
    if (received < 0) return -1;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        size_t found = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        int *incoming = (int *)CMSG_DATA(header);
        for (size_t index = 0; index < found; index++) {
            if (*count < SCRIPTDESK_MAXIMUM_DESCRIPTORS) {
                descriptors[(*count)++] = incoming[index];
            } else {
                close(incoming[index]);
            }
        }
    }
    if (message.msg_flags & MSG_CTRUNC) {
        for (size_t index = 0; index < *count; index++) close(descriptors[index]);
        *count = 0;
        errno = EMSGSIZE;
        return -1;
    }
    return (long)received;
}
