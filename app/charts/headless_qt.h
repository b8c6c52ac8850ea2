// File: app/charts/headless_qt.h
// RAII guard that makes sure a QApplication exists, for code that draws charts without a window
// (the CLI's showcase, tests). QCustomPlot is a QWidget, so even off-screen export needs one.
// If the process already has a QApplication, the guard does nothing.
#pragma once

#include <memory>

class QApplication;

namespace wirelab::app::charts {

class HeadlessQt {
 public:
  enum class Platform {
    Auto,       // offscreen unless a display is available or QT_QPA_PLATFORM says otherwise
    Offscreen,  // always offscreen (unless QT_QPA_PLATFORM is set): no display connection at all
  };

  explicit HeadlessQt(Platform platform = Platform::Auto);
  ~HeadlessQt();
  HeadlessQt(const HeadlessQt&) = delete;
  HeadlessQt& operator=(const HeadlessQt&) = delete;

  // True when this guard created the QApplication (and destroys it).
  bool ownsApplication() const { return m_app != nullptr; }

  // DISPLAY or WAYLAND_DISPLAY is set and non-empty.
  static bool displayAvailable();

  // Drops Qt's start-up noise about a missing XDG_RUNTIME_DIR (every run as root without a login
  // session prints it); every other Qt message passes on. Call before creating a QApplication.
  static void filterSessionNoise();

 private:
  // QApplication keeps references to argc and argv for its whole life, so they live here.
  int m_argc = 1;
  char m_arg0[8] = "wirelab";
  char* m_argv[2] = {m_arg0, nullptr};
  std::unique_ptr<QApplication> m_app;
};

}  // namespace wirelab::app::charts
