// File: app/charts/chart_export.cpp
#include "app/charts/chart_export.h"

#include <qcustomplot.h>
#include <unistd.h>

#include <QApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <system_error>

#include "app/charts/chart_renderer.h"

namespace wirelab::app::charts {
namespace {

enum class Format { Png, Pdf, Svg };

std::optional<Format> formatFor(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".png") return Format::Png;
  if (ext == ".pdf") return Format::Pdf;
  if (ext == ".svg") return Format::Svg;
  return std::nullopt;
}

// A hidden sibling with a name unique to this process and call, so concurrent exports (several
// processes writing into one folder) never share a temporary, and the rename stays within one file
// system. The extension is kept so nothing downstream guesses a different format.
std::filesystem::path temporarySibling(const std::filesystem::path& file) {
  static std::atomic<unsigned> counter{0};
  const std::string name = "." + file.stem().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter.fetch_add(1)) + file.extension().string();
  return file.parent_path() / name;
}

QString toQString(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

// QSvgGenerator writes the font's family name only (e.g. "Sans Serif", which no browser knows), so a
// viewer without that font falls back to its default, often a serif. A generic fallback fixes that.
bool addGenericFontFallback(const std::filesystem::path& file) {
  QFile svg(toQString(file));
  if (!svg.open(QIODevice::ReadOnly)) return false;
  QString text = QString::fromUtf8(svg.readAll());
  svg.close();
  static const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
  text.replace(family, QStringLiteral("font-family=\"\\1, DejaVu Sans, Helvetica, Arial, sans-serif\""));
  if (!svg.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  const QByteArray bytes = text.toUtf8();
  return svg.write(bytes) == bytes.size() && svg.flush();
}

bool writeSvg(QCustomPlot& plot, const ChartSpec& spec, const std::filesystem::path& file, int w, int h) {
  QSvgGenerator generator;
  generator.setFileName(toQString(file));
  generator.setSize(QSize(w, h));
  generator.setViewBox(QRect(0, 0, w, h));
  generator.setResolution(96);  // CSS pixels: the SVG then displays at w x h like the PNG
  generator.setTitle(QString::fromStdString(spec.title));
  generator.setDescription(QStringLiteral("Wirelab chart ") + QString::fromStdString(spec.id));
  QCPPainter painter;
  if (!painter.begin(&generator)) return false;
  plot.toPainter(&painter, w, h);
  return painter.end() && addGenericFontFallback(file);
}

}  // namespace

std::optional<std::string> exportChart(const ChartSpec& spec, const std::filesystem::path& file, int widthPx,
                                       int heightPx) {
  const std::optional<Format> format = formatFor(file);
  if (!format) {
    return "cannot export chart to '" + file.string() + "': unknown extension '" + file.extension().string() +
           "' (use .png, .svg or .pdf)";
  }
  if (widthPx <= 0 || heightPx <= 0) {
    return "cannot export chart to '" + file.string() + "': size " + std::to_string(widthPx) + "x" +
           std::to_string(heightPx) + " is not positive";
  }
  if (qobject_cast<QApplication*>(QCoreApplication::instance()) == nullptr) {
    return "cannot export chart to '" + file.string() + "': no QApplication (create a HeadlessQt first)";
  }
  if (QThread::currentThread() != QCoreApplication::instance()->thread()) {
    return "cannot export chart to '" + file.string() + "': charts are widgets, export on the GUI thread";
  }
  const std::filesystem::path folder = file.parent_path().empty() ? "." : file.parent_path();
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    return "cannot export chart to '" + file.string() + "': folder '" + folder.string() + "' does not exist";
  }

  QCustomPlot plot;
  plot.resize(widthPx, heightPx);
  renderChart(plot, spec);

  const std::filesystem::path temp = temporarySibling(file);
  bool ok = false;
  switch (*format) {
    case Format::Png:
      ok = plot.savePng(toQString(temp), widthPx, heightPx);
      break;
    case Format::Pdf:
      ok = plot.savePdf(toQString(temp), widthPx, heightPx, QCP::epNoCosmetic, QStringLiteral("Wirelab"),
                        QString::fromStdString(spec.title));
      break;
    case Format::Svg:
      ok = writeSvg(plot, spec, temp, widthPx, heightPx);
      break;
  }
  // Some writers report success without having written anything (QSvgGenerator cannot report a
  // failed open), so an empty or missing result counts as a failure too.
  if (ok) {
    const auto size = std::filesystem::file_size(temp, ec);
    ok = !ec && size > 0;
  }
  if (!ok) {
    std::filesystem::remove(temp, ec);
    return "cannot export chart to '" + file.string() + "': writing '" + temp.filename().string() +
           "' failed";
  }
  std::filesystem::rename(temp, file, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return "cannot export chart to '" + file.string() + "': " + ec.message();
  }
  return std::nullopt;
}

}  // namespace wirelab::app::charts
