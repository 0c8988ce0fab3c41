// Typed, non-variadic wrappers around libcurl's variadic calls.
//
// `curl_easy_setopt` and `curl_easy_getinfo` take a C variadic argument whose type
// depends on the option, and Swift cannot call C variadic functions. Each wrapper
// here fixes one argument type so that Swift calls it like any other function.
#ifndef SCRIPTDESK_CCURLSHIM_H
#define SCRIPTDESK_CCURLSHIM_H

#include <curl/curl.h>
#include <stddef.h>

/// The signature of a `CURLOPT_WRITEFUNCTION` callback.
typedef size_t (*scriptdesk_curl_write_callback)(char *data, size_t size, size_t count, void *userdata);

/// The signature of a `CURLOPT_HEADERFUNCTION` callback (one header line at a time).
typedef size_t (*scriptdesk_curl_header_callback)(char *data, size_t size, size_t count, void *userdata);

/// The signature of a `CURLOPT_READFUNCTION` callback: fills `buffer` with up to
/// `size * count` bytes of an upload and returns how many, 0 at the end, or
/// `CURL_READFUNC_ABORT` to stop the transfer.
typedef size_t (*scriptdesk_curl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);

/// The signature of a `CURLOPT_OPENSOCKETFUNCTION` callback: returns a socket, or
/// `CURL_SOCKET_BAD` to refuse the connection.
typedef curl_socket_t (*scriptdesk_curl_opensocket_callback)(void *clientp, curlsocktype purpose, struct curl_sockaddr *address);

/// The signature of a `CURLOPT_XFERINFOFUNCTION` callback: called often while a transfer
/// runs (about once a second when nothing moves); a non-zero return aborts the transfer
/// with `CURLE_ABORTED_BY_CALLBACK`.
typedef int (*scriptdesk_curl_xferinfo_callback)(void *clientp, curl_off_t download_total, curl_off_t download_now,
                                                 curl_off_t upload_total, curl_off_t upload_now);

/// Wrapper around variadic `curl_easy_setopt` for options that take a `long`.
CURLcode scriptdesk_curl_setopt_long(CURL *handle, CURLoption option, long value);
/// Wrapper around variadic `curl_easy_setopt` for options that take a `curl_off_t`.
CURLcode scriptdesk_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
/// Wrapper around variadic `curl_easy_setopt` for options that take a C string (curl copies it).
CURLcode scriptdesk_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
/// Wrapper around variadic `curl_easy_setopt` for options that take a pointer (userdata, slists).
CURLcode scriptdesk_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// Wrapper around variadic `curl_easy_setopt` for `CURLOPT_WRITEFUNCTION`.
CURLcode scriptdesk_curl_setopt_write_callback(CURL *handle, scriptdesk_curl_write_callback callback);

/// Wrapper around variadic `curl_easy_setopt` for `CURLOPT_HEADERFUNCTION`.
CURLcode scriptdesk_curl_setopt_header_callback(CURL *handle, scriptdesk_curl_header_callback callback);
/// Wrapper around variadic `curl_easy_setopt` for `CURLOPT_READFUNCTION` (streamed uploads:
/// objects to the store, the message of an SMTP send).
CURLcode scriptdesk_curl_setopt_read_callback(CURL *handle, scriptdesk_curl_read_callback callback);
/// Wrapper around variadic `curl_easy_setopt` for `CURLOPT_OPENSOCKETFUNCTION`.
CURLcode scriptdesk_curl_setopt_opensocket_callback(CURL *handle, scriptdesk_curl_opensocket_callback callback);
/// Wrapper around variadic `curl_easy_setopt` for `CURLOPT_XFERINFOFUNCTION`. Unlike the
/// read and write callbacks, libcurl calls this one even while no data moves (connecting,
/// waiting on a slow server), so it is how a transfer whose task was cancelled stops at once.
CURLcode scriptdesk_curl_setopt_xferinfo_callback(CURL *handle, scriptdesk_curl_xferinfo_callback callback);

/// Copies the IP address a `curl_sockaddr` holds into `bytes` (4 bytes for IPv4, 16 for IPv6)
/// and returns how many were written, or 0 for any other family. `struct sockaddr` inside
/// `curl_sockaddr` is only as large as an IPv4 address: reading an IPv6 one from Swift would
/// mean casting past the declared member, which is plain in C.
int scriptdesk_curl_sockaddr_ip(const struct curl_sockaddr *address, unsigned char bytes[16]);

/// Wrapper around variadic `curl_easy_getinfo` for `long` results.
CURLcode scriptdesk_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// Wrapper around variadic `curl_easy_getinfo` for `curl_off_t` results.
CURLcode scriptdesk_curl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value);
/// Wrapper around variadic `curl_easy_getinfo` for `double` results.
CURLcode scriptdesk_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
/// Wrapper around variadic `curl_easy_getinfo` for string results (owned by the handle).
CURLcode scriptdesk_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

/// `curl_version_info(CURLVERSION_NOW)`: the macro does not import into Swift.
const curl_version_info_data *scriptdesk_curl_version_info(void);

#endif
