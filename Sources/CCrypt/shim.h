#ifndef WARDEN_CCRYPT_SHIM_H
#define WARDEN_CCRYPT_SHIM_H

#include <crypt.h>

/// Swift imports `struct crypt_data` as a 32 KB tuple; callers only need its size to allocate it.
static inline int ccrypt_data_size(void) {
    return (int)sizeof(struct crypt_data);
}

#endif
