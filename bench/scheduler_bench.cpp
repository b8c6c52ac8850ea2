// Scheduler throughput: empty events scheduled and dispatched with a standing population of pending
// events (the "hold" model of event-set benchmarks), and schedule + cancel pairs.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/scheduler.h"

namespace {

using wirelab::sim::Duration;
using wirelab::sim::EventId;
using wirelab::sim::Nanoseconds;
using wirelab::sim::RandomStream;
using wirelab::sim::Scheduler;

// Exponential-ish delays, drawn once so the benchmark measures the scheduler, not the generator.
std::vector<Duration> holdDelays(std::size_t n, std::uint64_t seed) {
  RandomStream rng(seed);
  std::vector<Duration> d(n);
  for (auto& x : d) x = Nanoseconds(static_cast<std::int64_t>(rng.uniformBelow(2'000'000)) + 1);
  return d;
}

struct HoldContext {
  Scheduler* sched;
  const std::vector<Duration>* delays;
  std::size_t next = 0;
  std::int64_t budget = 0;
};

void holdEvent(HoldContext* ctx) {
  // Each dispatched event schedules one more: the pending population stays constant.
  if (--ctx->budget == 0) ctx->sched->stop();
  const Duration d = (*ctx->delays)[ctx->next++ & (ctx->delays->size() - 1)];
  ctx->sched->schedule(d, [ctx] { holdEvent(ctx); });
}

void BM_ScheduleDispatchHold(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const auto delays = holdDelays(1 << 16, 1);
  Scheduler sched;
  HoldContext ctx{&sched, &delays};
  for (std::size_t i = 0; i < pending; ++i) sched.schedule(delays[i & 0xffff], [c = &ctx] { holdEvent(c); });
  constexpr std::int64_t kBatch = 1'000'000;
  for (auto _ : state) {
    ctx.budget = kBatch;
    sched.run();
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["pending"] = static_cast<double>(sched.pendingCount());
}
BENCHMARK(BM_ScheduleDispatchHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_ScheduleCancel(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const auto delays = holdDelays(1 << 16, 2);
  Scheduler sched;
  for (std::size_t i = 0; i < pending; ++i) sched.schedule(delays[i & 0xffff], [] {});
  std::size_t next = 0;
  for (auto _ : state) {
    const EventId id = sched.schedule(delays[next++ & 0xffff], [] {});
    benchmark::DoNotOptimize(sched.cancel(id));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScheduleCancel)->Arg(100'000);

}  // namespace
