// File: models/scenario/kinds/kinds.h
// One function per workload kind, each in its own file; workload_registry.cpp lists them.
#pragma once

#include "models/scenario/workload_kind.h"

namespace wirelab::models::scenario {

WorkloadKind bulkKind();
WorkloadKind pageLoadKind();
WorkloadKind notificationsKind();
WorkloadKind pubsubKind();
WorkloadKind rpcKind();
WorkloadKind uploadKind();
WorkloadKind sessionBackendKind();
WorkloadKind proxyKind();
WorkloadKind transferKind();

}  // namespace wirelab::models::scenario
