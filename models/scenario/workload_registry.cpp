#include "models/scenario/kinds/kinds.h"

namespace wirelab::models::scenario {

const std::vector<WorkloadKind>& workloadKinds() {
  static const std::vector<WorkloadKind> kinds = {bulkKind(),           pageLoadKind(), notificationsKind(),
                                                  pubsubKind(),         rpcKind(),      uploadKind(),
                                                  sessionBackendKind(), proxyKind(),    transferKind()};
  return kinds;
}

const WorkloadKind* findWorkloadKind(const std::string& name) {
  for (const WorkloadKind& k : workloadKinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace wirelab::models::scenario
