#include "app/cli/test_hooks.h"

#include <signal.h>
#include <sys/resource.h>

#include <cstdlib>
#include <string>

namespace wirelab::app::cli {

namespace sc = models::scenario;

sc::BatchWork batchWorkWithTestHooks() {
  const char* crashRun = std::getenv("WIRELAB_TEST_CRASH_RUN");
  if (crashRun == nullptr || *crashRun == '\0') return sc::runAndWriteRunFile;
  return [target = std::string(crashRun)](const sc::BatchItem& item) {
    if (item.run.id == target || item.plan->name + "/" + item.run.id == target) {
      const rlimit noCoreFile{0, 0};
      ::setrlimit(RLIMIT_CORE, &noCoreFile);  // a deliberate crash leaves no core file behind
      ::signal(SIGSEGV, SIG_DFL);             // a sanitizer's handler would turn it into an exit
      ::raise(SIGSEGV);
    }
    sc::runAndWriteRunFile(item);
  };
}

}  // namespace wirelab::app::cli
