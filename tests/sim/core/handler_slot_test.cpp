#include "sim/core/handler_slot.h"

#include <gtest/gtest.h>

namespace wirelab::sim {
namespace {

struct Handler {
  virtual void event() {}

 protected:
  ~Handler() = default;
};

// Counts how many exist, so that the tests see what the slot deletes.
int g_liveCallbacks = 0;
struct Callbacks final : Handler {
  Callbacks() { ++g_liveCallbacks; }
  ~Callbacks() { --g_liveCallbacks; }
  int calls = 0;
  void event() override { ++calls; }
};

struct Lent final : Handler {
  int calls = 0;
  void event() override { ++calls; }
};

using Slot = HandlerSlot<Handler, Callbacks>;

TEST(HandlerSlot, IsOnePointer) { EXPECT_EQ(sizeof(Slot), sizeof(void*)); }

TEST(HandlerSlot, LendsWithoutOwning) {
  Lent lent;
  {
    Slot slot;
    EXPECT_EQ(slot.get(), nullptr);
    slot.set(&lent);
    EXPECT_EQ(slot.get(), &lent);
    slot.get()->event();
  }
  EXPECT_EQ(lent.calls, 1) << "a lent handler outlives the slot, untouched";
}

TEST(HandlerSlot, MakesCallbacksOnceAndDeletesThemWhenReplacedOrGone) {
  {
    Slot slot;
    Callbacks& made = slot.callbacks();
    EXPECT_EQ(&slot.callbacks(), &made) << "made once";
    EXPECT_EQ(slot.get(), &made);
    EXPECT_EQ(g_liveCallbacks, 1);
    slot.set(&made);  // the same handler again: still owned
    EXPECT_EQ(g_liveCallbacks, 1);
    Lent lent;
    slot.set(&lent);
    EXPECT_EQ(g_liveCallbacks, 0) << "replaced: deleted";
    EXPECT_EQ(slot.get(), &lent);
    slot.callbacks();  // replaces the lent one, which is not deleted
    EXPECT_EQ(g_liveCallbacks, 1);
    EXPECT_NE(slot.get(), &lent);
  }
  EXPECT_EQ(g_liveCallbacks, 0) << "the slot's end deletes what it owns";
}

TEST(HandlerSlot, ClearingDeletesOwnedCallbacks) {
  Slot slot;
  slot.callbacks();
  slot.set(nullptr);
  EXPECT_EQ(slot.get(), nullptr);
  EXPECT_EQ(g_liveCallbacks, 0);
}

}  // namespace
}  // namespace wirelab::sim
