// File: tests/app/qt_test_environment.h
// Gives every app test executable one QApplication for its whole run, offscreen unless
// QT_QPA_PLATFORM says otherwise (set it to xcb to watch GUI tests under a display). Include it in
// any test file of the executable; the environment registers itself once.
#pragma once

#include <gtest/gtest.h>

#include <QtGlobal>
#include <memory>

#include "app/charts/headless_qt.h"

namespace wirelab::app::testing {

class QtEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    m_qt = std::make_unique<charts::HeadlessQt>(charts::HeadlessQt::Platform::Offscreen);
  }
  // Destroyed here, not at static destruction, where Qt's own globals may already be gone.
  void TearDown() override { m_qt.reset(); }

 private:
  std::unique_ptr<charts::HeadlessQt> m_qt;
};

inline const bool kQtEnvironmentRegistered = (::testing::AddGlobalTestEnvironment(new QtEnvironment), true);

}  // namespace wirelab::app::testing
