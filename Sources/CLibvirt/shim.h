#ifndef HCK_CLIBVIRT_SHIM_H
#define HCK_CLIBVIRT_SHIM_H
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#endif
