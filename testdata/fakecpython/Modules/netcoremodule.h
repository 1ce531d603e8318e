/* Shared between _netcore's files. */
#ifndef NETCOREMODULE_H
#define NETCOREMODULE_H

#define NETCORE_MODULE_NAME "_netcore"

#endif
